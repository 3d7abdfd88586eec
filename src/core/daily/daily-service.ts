import type { CommandContext } from '../commands/command-spec.ts';
import { UserError } from '../errors.ts';
import type { Entry } from '../knowledge/entry.ts';
import { entryTopics, findTopic } from '../knowledge/topics.ts';
import type { Lang } from '../language.ts';
import { t } from '../messages.ts';
import type { Clock, Logger, Random, TimerHandle } from '../ports.ts';
import type { Reply } from '../reply/reply.ts';
import type { ChannelRef, Poster } from '../services.ts';
import { answerReply, postReply } from './daily-content.ts';
import { nextInRotation, remainingInRotation } from './daily-rotation.ts';
import { channelKey, DailyScheduler } from './daily-scheduler.ts';
import type { DailyPost, DailySchedule, DailyStore } from './daily-store.ts';
import {
  canonicalTimeZone,
  formatLocal,
  formatLocalTime,
  isTimeZone,
  localDateKey,
  parseLocalTime,
  type Run,
} from './next-run.ts';

/**
 * The daily question: one post per channel per local day at a set time, from a shuffled rotation of
 * the eligible entries, with the answer revealed later.
 *
 * Delivery is *at most once per day*: the day is claimed durably in the store (unique per channel and
 * local date) before the post is sent. A crash between the claim and the send loses that day's post;
 * nothing can make it post twice. Sending failures (the platform is down) are logged, not retried, for
 * the same reason (the adapters' posters retry only where they can tell the message was not created).
 * Public answer reveals follow the same claim-then-send rule, and an answer is posted only if its
 * question was delivered (recorded once the poster resolves): a question lost to a crash or an outage
 * does not get its answer revealed out of nowhere the next day ("Show answer" still works privately).
 *
 * `/daily now` posts an extra question: it claims no day (the scheduled post still comes) but it does
 * advance the rotation, so the scheduled posts will not repeat it within the cycle.
 */
export interface DailyService {
  /** Arms timers for every stored schedule accepted by `owns` (a Discord shard owns only its guilds), making up missed posts within the grace window. */
  start(owns?: (channel: ChannelRef) => boolean): void;
  /** "Show answer" clicked: the answer as a private reply for the clicker. */
  reveal(ctx: CommandContext, postId: string): Promise<Reply>;
  /** Stops all timers. */
  shutdown(): void;

  /** `/daily set`: validates, stores and arms the channel's schedule. Throws UserError (bad-time, bad-timezone, unknown-topic, nothing-to-post). */
  set(channel: ChannelRef, input: DailySetInput): DailyStatus;
  /** `/daily off`. Throws UserError('daily-not-set'). */
  off(channel: ChannelRef): void;
  /** `/daily status`. Throws UserError('daily-not-set'). */
  status(channel: ChannelRef): DailyStatus;
  /** `/daily now`: an extra post (claims no day, advances the rotation), returned for the command to send. Throws UserError('nothing-to-post'). */
  postNow(channel: ChannelRef, lang: Lang): Reply;
}

export interface DailySetInput {
  /** `HH:MM`. */
  readonly time: string;
  /** IANA zone; the configured default when absent. A known topic here (text platforms' positional
   * arguments, `/daily set 09:00 python`) is taken as the topic when no topic is given. */
  readonly timeZone?: string | undefined;
  /** A tag of the knowledge base (case-insensitive). */
  readonly topic?: string | undefined;
  readonly lang: Lang;
  /** Who set it (user id). */
  readonly by: string;
}

export interface DailyStatus {
  readonly schedule: DailySchedule;
  /** The next scheduled post. */
  readonly next: Run;
  /** Questions still to come before the rotation repeats. */
  readonly remaining: number;
  /** Eligible questions in all. */
  readonly total: number;
}

export interface DailyOptions {
  /** Zone for `/daily set` without one (IANA name). */
  readonly defaultTimeZone: string;
  /** A run missed by at most this much (process down, machine asleep) is still posted; later, the day is skipped. */
  readonly graceMinutes: number;
  /** When the answer is posted in the channel: with the next scheduled post, or this many minutes after the question. */
  readonly revealAfter: 'next-post' | number;
}

export const DEFAULT_DAILY_OPTIONS: DailyOptions = Object.freeze({
  defaultTimeZone: 'UTC',
  graceMinutes: 60,
  revealAfter: 'next-post',
});

export interface DailyServiceDeps {
  readonly store: DailyStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly poster: Poster;
  readonly logger: Logger;
  /** The current knowledge (re-read on every post, so hot reloads count). */
  readonly entries: () => readonly Entry[];
  readonly options?: Partial<DailyOptions>;
}

const MINUTE = 60_000;

/** One message of a channel's send chain. */
interface Outgoing {
  readonly reply: Reply;
  /** Checked when its turn comes; false: not sent (an answer whose question never reached the channel). */
  readonly onlyIf?: () => boolean;
  /** The platform accepted it. */
  readonly onSent?: () => void;
}

export class DefaultDailyService implements DailyService {
  readonly options: DailyOptions;
  private readonly store: DailyStore;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly poster: Poster;
  private readonly logger: Logger;
  private readonly entries: () => readonly Entry[];
  private readonly scheduler: DailyScheduler;
  private readonly revealTimers = new Map<string, TimerHandle>();
  /** Per-channel send chains, so that an answer always goes out before the next question. */
  private readonly sending = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(deps: DailyServiceDeps) {
    this.options = validateOptions({ ...DEFAULT_DAILY_OPTIONS, ...stripUndefined(deps.options ?? {}) });
    this.store = deps.store;
    this.clock = deps.clock;
    this.random = deps.random;
    this.poster = deps.poster;
    this.logger = deps.logger;
    this.entries = deps.entries;
    this.scheduler = new DailyScheduler({
      clock: this.clock,
      logger: this.logger,
      graceMs: this.options.graceMinutes * MINUTE,
      isClaimed: (channel, day) => this.store.isClaimed(channel, day),
      onDue: (schedule, run) => this.postScheduled(schedule, run),
    });
  }

  start(owns: (channel: ChannelRef) => boolean = () => true): void {
    this.stopped = false;
    this.scheduler.stop();
    for (const timer of this.revealTimers.values()) timer.cancel();
    this.revealTimers.clear();
    let armed = 0;
    for (const schedule of this.store.schedules()) {
      if (!owns(schedule.channel)) continue;
      try {
        this.scheduler.arm(schedule);
        armed++;
      } catch (error) {
        this.logger.error({ err: error, channel: schedule.channel }, 'daily: cannot arm schedule');
      }
    }
    if (this.options.revealAfter !== 'next-post') {
      for (const post of this.store.timedReveals()) if (owns(post.channel)) this.armReveal(post);
    }
    this.logger.info({ schedules: armed }, 'daily: started');
  }

  shutdown(): void {
    this.stopped = true;
    this.scheduler.stop();
    for (const timer of this.revealTimers.values()) timer.cancel();
    this.revealTimers.clear();
  }

  /** Resolves when every post and answer handed to the poster so far has been sent (tests, graceful exit). */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.sending.values()];
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  async reveal(_ctx: CommandContext, postId: string): Promise<Reply> {
    const post = this.store.post(postId);
    if (post === undefined) throw new UserError('expired');
    const entry = this.entry(post.entryId);
    if (entry === undefined) throw new UserError('unknown-entry');
    return answerReply(entry, post.lang, t(post.lang, 'daily.answer-private-title'), 'private');
  }

  set(channel: ChannelRef, input: DailySetInput): DailyStatus {
    const time = formatLocalTime(parseLocalTime(input.time));
    let zoneInput = input.timeZone?.trim() || undefined;
    let topicInput = input.topic?.trim() || undefined;
    if (zoneInput !== undefined && topicInput === undefined && !isTimeZone(zoneInput) && this.findTopic(zoneInput)) {
      topicInput = zoneInput;
      zoneInput = undefined;
    }
    const timeZone = canonicalTimeZone(zoneInput ?? this.options.defaultTimeZone);
    let topic: string | null = null;
    if (topicInput !== undefined) {
      const found = this.findTopic(topicInput);
      if (found === undefined) throw new UserError('unknown-topic', { topic: topicInput, topics: this.topics().join(', ') });
      topic = found;
    }
    if (this.eligible(topic).length === 0) throw new UserError('nothing-to-post', { topic: this.topicSuffix(topic, input.lang) });
    const schedule: DailySchedule = { channel, time, timeZone, topic, lang: input.lang, setBy: input.by, setAt: this.clock.now() };
    this.store.setSchedule(schedule);
    this.logger.info({ channel, time, timeZone, topic, by: input.by }, 'daily: schedule set');
    if (!this.stopped) this.scheduler.arm(schedule);
    return this.statusOf(schedule);
  }

  off(channel: ChannelRef): void {
    this.scheduler.disarm(channel);
    if (!this.store.removeSchedule(channel)) throw new UserError('daily-not-set');
    this.logger.info({ channel }, 'daily: schedule removed');
  }

  status(channel: ChannelRef): DailyStatus {
    const schedule = this.store.schedule(channel);
    if (schedule === undefined) throw new UserError('daily-not-set');
    return this.statusOf(schedule);
  }

  postNow(channel: ChannelRef, lang: Lang): Reply {
    const schedule = this.store.schedule(channel);
    const topic = schedule?.topic ?? null;
    const at = this.clock.now();
    const post = this.claim(channel, null, topic, lang, at);
    if (post === undefined) throw new UserError('nothing-to-post', { topic: this.topicSuffix(topic, lang) });
    // Sent as the command's own reply by the adapter, which the core cannot follow: counted as sent.
    this.store.markSent(post.id, at);
    this.logger.info({ channel, post: post.id, entry: post.entryId }, 'daily: extra post');
    if (post.revealAt !== null) this.armReveal(post);
    const entry = this.entry(post.entryId)!;
    return postReply(entry, post.id, lang, this.footer(post, schedule));
  }

  /** A scheduled run is due (called by the scheduler): claim the day, reveal earlier answers, post. */
  private postScheduled(schedule: DailySchedule, run: Run): void {
    const { channel } = schedule;
    const at = this.clock.now();
    const post = this.claim(channel, run.day, schedule.topic, schedule.lang, at);
    if (post === undefined) {
      if (this.store.isClaimed(channel, run.day)) this.logger.info({ channel, day: run.day }, 'daily: day already claimed');
      else this.logger.warn({ channel, day: run.day, topic: schedule.topic }, 'daily: nothing eligible to post');
      return;
    }
    this.logger.info({ channel, day: run.day, post: post.id, entry: post.entryId }, 'daily: posting');
    const outgoing: Outgoing[] = [];
    for (const earlier of this.store.unrevealed(channel)) {
      if (earlier.id === post.id) continue;
      const answer = this.claimAnswer(earlier, schedule.timeZone, at);
      if (answer !== undefined) outgoing.push(answer);
    }
    const entry = this.entry(post.entryId)!;
    outgoing.push({
      reply: postReply(entry, post.id, schedule.lang, this.footer(post, schedule)),
      onSent: () => this.store.markSent(post.id, this.clock.now()),
    });
    this.send(channel, outgoing);
    if (post.revealAt !== null) this.armReveal(post);
  }

  /** Claims (for `day`, or as an extra post) the next entry of the channel's rotation. */
  private claim(channel: ChannelRef, day: string | null, topic: string | null, lang: Lang, at: number): DailyPost | undefined {
    const eligible = this.eligible(topic).map((e) => e.id);
    const revealAt = this.options.revealAfter === 'next-post' ? null : at + this.options.revealAfter * MINUTE;
    return this.store.claimPost({ channel, day, lang, at, revealAt }, (rotation) => {
      const pick = nextInRotation(rotation, eligible, this.random);
      return pick === undefined ? undefined : { entryId: pick.entryId, rotation: pick.state };
    });
  }

  /**
   * Claims the public reveal of `post`'s answer: the message to send (only if its question was
   * delivered, checked when its turn comes), or undefined if already revealed or gone.
   */
  private claimAnswer(post: DailyPost, zone: string, at: number): Outgoing | undefined {
    if (!this.store.claimReveal(post.id, at)) return undefined;
    this.revealTimers.get(post.id)?.cancel();
    this.revealTimers.delete(post.id);
    const entry = this.entry(post.entryId);
    if (entry === undefined) {
      this.logger.warn({ post: post.id, entry: post.entryId }, 'daily: entry of an earlier post is gone; no answer to reveal');
      return undefined;
    }
    const day = post.day ?? localDateKey(post.postedAt, zone);
    const reply = answerReply(entry, post.lang, t(post.lang, 'daily.answer-title', { day }), 'public');
    const onlyIf = () => {
      // The question's own send came earlier in the same chain, so its outcome is known by now.
      if (this.store.post(post.id)?.sentAt != null) return true;
      this.logger.warn({ channel: post.channel, post: post.id, day }, 'daily: the question never reached the channel (crash or platform failure); its answer is not posted');
      return false;
    };
    return { reply, onlyIf };
  }

  private armReveal(post: DailyPost): void {
    if (post.revealAt === null || this.stopped) return;
    this.revealTimers.get(post.id)?.cancel();
    const timer = this.clock.setTimeout(() => {
      this.revealTimers.delete(post.id);
      try {
        const zone = this.store.schedule(post.channel)?.timeZone ?? this.options.defaultTimeZone;
        const answer = this.claimAnswer(post, zone, this.clock.now());
        if (answer !== undefined) this.send(post.channel, [answer]);
      } catch (error) {
        this.logger.error({ err: error, post: post.id }, 'daily: revealing the answer failed');
      }
    }, Math.max(0, post.revealAt - this.clock.now()));
    this.revealTimers.set(post.id, timer);
  }

  private send(channel: ChannelRef, outgoing: readonly Outgoing[]): void {
    const key = channelKey(channel);
    const deliver = async () => {
      for (const { reply, onlyIf, onSent } of outgoing) {
        try {
          if (onlyIf !== undefined && !onlyIf()) continue;
          await this.poster.post(channel, reply);
          onSent?.();
        } catch (error) {
          // Not retried: the day is claimed, and a retry after an unclear failure could duplicate it.
          this.logger.error({ err: error, channel, kind: reply.kind }, 'daily: sending failed');
        }
      }
    };
    // Start at once when the channel is idle; otherwise after what is already on its way.
    const previous = this.sending.get(key);
    const next = previous === undefined ? deliver() : previous.then(deliver);
    this.sending.set(key, next);
    void next.then(() => {
      if (this.sending.get(key) === next) this.sending.delete(key);
    });
  }

  private statusOf(schedule: DailySchedule): DailyStatus {
    const eligible = this.eligible(schedule.topic).map((e) => e.id);
    return {
      schedule,
      next: this.scheduler.upcoming(schedule, this.clock.now()),
      remaining: remainingInRotation(this.store.rotation(schedule.channel), eligible),
      total: eligible.length,
    };
  }

  private footer(post: DailyPost, schedule: DailySchedule | undefined): string {
    if (post.revealAt !== null) {
      const zone = schedule?.timeZone ?? this.options.defaultTimeZone;
      return t(post.lang, 'daily.reveal-later', { time: `${formatLocal(post.revealAt, zone)} (${zone})` });
    }
    return schedule !== undefined ? t(post.lang, 'daily.reveal-next') : t(post.lang, 'daily.reveal-button');
  }

  /** `topic` suffix for messages: '' for all topics. */
  topicSuffix(topic: string | null, lang: Lang): string {
    return topic === null ? '' : t(lang, 'daily.topic-suffix', { topic });
  }

  private eligible(topic: string | null): Entry[] {
    // An entry with nothing to ask (a chapter heading, a table of contents, a line of text) is never
    // a daily question: one with a tip, quiz items (hand-written or generated from its text) or a
    // question with text of its own (askable, though no quiz item could be made of it) is.
    const all = this.entries().filter((e) => e.tip !== undefined || e.quiz.length > 0 || e.askable === true);
    if (topic === null) return [...all];
    const wanted = topic.toLowerCase();
    return all.filter((e) => entryTopics(e).some((tag) => tag.toLowerCase() === wanted));
  }

  private entry(id: string): Entry | undefined {
    return this.entries().find((e) => e.id === id);
  }

  private topics(): string[] {
    return [...new Set(this.entries().flatMap((e) => entryTopics(e)))].sort();
  }

  private findTopic(text: string): string | undefined {
    return findTopic(this.topics(), text);
  }
}

/** The text `/daily set` and `/daily status` show. */
export function describeStatus(status: DailyStatus, lang: Lang, key: 'daily.set' | 'daily.status'): string {
  const { schedule } = status;
  return t(lang, key, {
    time: schedule.time,
    zone: schedule.timeZone,
    topic: schedule.topic === null ? '' : t(lang, 'daily.topic-suffix', { topic: schedule.topic }),
    next: formatLocal(status.next.at, schedule.timeZone),
    remaining: status.remaining,
    total: status.total,
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validateOptions(options: DailyOptions): DailyOptions {
  let defaultTimeZone: string;
  try {
    defaultTimeZone = canonicalTimeZone(options.defaultTimeZone);
  } catch {
    throw new Error(`daily: defaultTimeZone ${JSON.stringify(options.defaultTimeZone)} is not an IANA time zone`);
  }
  if (!(Number.isFinite(options.graceMinutes) && options.graceMinutes >= 0)) {
    throw new Error(`daily: graceMinutes must be a number >= 0, got ${options.graceMinutes}`);
  }
  const reveal = options.revealAfter;
  if (reveal !== 'next-post' && !(typeof reveal === 'number' && Number.isFinite(reveal) && reveal > 0)) {
    throw new Error(`daily: revealAfter must be 'next-post' or minutes > 0, got ${String(reveal)}`);
  }
  return Object.freeze({ defaultTimeZone, graceMinutes: options.graceMinutes, revealAfter: reveal });
}
