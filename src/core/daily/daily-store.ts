import type { Lang } from '../language.ts';
import type { ChannelRef } from '../services.ts';
import type { RotationState } from './daily-rotation.ts';

/**
 * The daily question's persistent state: schedules, per-channel rotations and the record of posts.
 * SQLite implements it (src/store/sqlite-daily-store.ts).
 *
 * The "one post per channel per local day" guarantee rests on {@link DailyStore.claimPost}: it records
 * the post for `(channel, day)` under a unique key *before* anything is sent. A second claim for the
 * same day fails, whichever process or restart makes it. The price: a crash between the claim and the
 * send loses that day's post (never duplicates it). We prefer a missing question to a repeated one.
 */
export interface DailySchedule {
  readonly channel: ChannelRef;
  /** Local time `HH:MM`. */
  readonly time: string;
  /** Canonical IANA zone. */
  readonly timeZone: string;
  /** Only entries with this tag; null for all. */
  readonly topic: string | null;
  /** The language posts are written in (the setter's). */
  readonly lang: Lang;
  readonly setBy: string;
  /** When the schedule was (last) set: runs before it are never made up. */
  readonly setAt: number;
}

export interface DailyPost {
  /** Short id, safe for a button action. */
  readonly id: string;
  readonly channel: ChannelRef;
  /** The local day this post claimed; null for an extra post (`/daily now`). */
  readonly day: string | null;
  readonly entryId: string;
  readonly lang: Lang;
  /** When it was claimed (just before sending). */
  readonly postedAt: number;
  /** When the platform confirmed the question was delivered; null until then (or if it never was). */
  readonly sentAt: number | null;
  /** When the answer is due in the channel; null: with the next scheduled post. */
  readonly revealAt: number | null;
  /** When the answer's public reveal was claimed; null while hidden. */
  readonly revealedAt: number | null;
}

/** What {@link DailyStore.claimPost} records besides the chosen entry. */
export interface PostClaim {
  readonly channel: ChannelRef;
  /** The local day to claim; null for an extra post that claims no day. */
  readonly day: string | null;
  readonly lang: Lang;
  readonly at: number;
  readonly revealAt: number | null;
}

/** Chooses the entry from the channel's current rotation; undefined to post nothing. */
export type RotationChooser = (
  rotation: RotationState | undefined,
) => { readonly entryId: string; readonly rotation: RotationState } | undefined;

export interface DailyStore {
  /** Every schedule (for start-up). */
  schedules(): readonly DailySchedule[];
  schedule(channel: ChannelRef): DailySchedule | undefined;
  /** Creates or replaces the channel's schedule. */
  setSchedule(schedule: DailySchedule): void;
  /** Removes the channel's schedule; false if there was none. The rotation and posts are kept. */
  removeSchedule(channel: ChannelRef): boolean;

  rotation(channel: ChannelRef): RotationState | undefined;
  /** True if a post has claimed `day` in `channel`. */
  isClaimed(channel: ChannelRef, day: string): boolean;
  /**
   * Atomically (one transaction): if `claim.day` is already claimed, returns undefined without calling
   * `choose`; otherwise calls `choose` with the channel's rotation and, unless it returns undefined,
   * records the post (unique per channel and day) and the new rotation, and returns the post.
   */
  claimPost(claim: PostClaim, choose: RotationChooser): DailyPost | undefined;
  post(id: string): DailyPost | undefined;
  /** Posts in `channel` whose answer has not been revealed publicly, oldest first. */
  unrevealed(channel: ChannelRef): readonly DailyPost[];
  /** Posts with a reveal time whose answer has not been revealed, in every channel, oldest first. */
  timedReveals(): readonly DailyPost[];
  /** Marks the answer of `postId` revealed (before it is sent); false if it already was or is unknown. */
  claimReveal(postId: string, at: number): boolean;
  /** Records that the question of `postId` was delivered (the platform accepted it). */
  markSent(postId: string, at: number): void;
}
