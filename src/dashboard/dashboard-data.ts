import type { Outcome } from '../core/store.ts';

/** One UTC day's activity (the Overview's plots). */
export interface DayActivity {
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  readonly answered: number;
  readonly suggested: number;
  readonly declined: number;
  readonly up: number;
  readonly down: number;
  readonly quizzes: number;
  readonly dailyPosts: number;
}

export interface ChannelDay {
  readonly day: string;
  readonly channel: string;
  readonly quizzes: number;
  readonly dailyPosts: number;
}

/** A question the bot did not answer well. */
export interface MissRow {
  readonly questionId: string;
  readonly query: string;
  readonly at: number;
  readonly outcome: Outcome;
  readonly entryId: string | null;
  readonly score: number;
  readonly picked: string | null;
  readonly downs: number;
  /** Why it is a miss: declined, "did you mean", 👎, or answered with low confidence. */
  readonly kind: 'declined' | 'did-you-mean' | 'down-voted' | 'low-confidence';
}

export interface EntryUse {
  readonly entryId: string;
  readonly asked: number;
  readonly up: number;
  readonly down: number;
}

export interface LeaderRow {
  readonly platform: string;
  readonly workspace: string;
  readonly user: string;
  readonly name: string;
  readonly points: number;
  readonly quizzes: number;
}

export interface ScheduleRow {
  readonly platform: string;
  readonly workspace: string;
  readonly channel: string;
  readonly time: string;
  readonly timeZone: string;
  readonly topic: string | null;
  readonly setBy: string;
}

export interface PostRow {
  readonly platform: string;
  readonly workspace: string;
  readonly channel: string;
  readonly day: string | null;
  readonly entryId: string;
  readonly postedAt: number;
  readonly revealedAt: number | null;
}

/**
 * What the dashboard reads from the state: activity by day, the misses, how often each entry is
 * asked, leaderboards, schedules and posts, and the secret its links are signed with. SQLite
 * implements it (src/store/sqlite/sqlite-dashboard-data.ts).
 */
export interface DashboardData {
  activity(fromAt: number, toAt: number): readonly DayActivity[];
  /** Quizzes and daily posts per channel (`platform:workspace:channel`) and UTC day over the same period. */
  channelActivity(fromAt: number, toAt: number): readonly ChannelDay[];
  misses(sinceAt: number, lowConfidenceBelow: number, limit: number): readonly MissRow[];
  entryUse(): readonly EntryUse[];
  leaderboards(limit: number): readonly LeaderRow[];
  schedules(): readonly ScheduleRow[];
  posts(limit: number): readonly PostRow[];
  /** The key links are signed with: made once, kept in the state, so the CLI and the bot agree. */
  signingSecret(): Buffer;
}
