import type { Clock } from './ports.ts';

/** How many actions (questions, quizzes) one key may take, and how much memory the limiter may keep. */
export interface RateLimitOptions {
  /** Actions allowed per window and key (a person, a channel); 0 turns the limit off. */
  readonly limit: number;
  /** The sliding window (ms). */
  readonly windowMs: number;
  /**
   * At most this many people are tracked at once. People idle for a whole window are forgotten
   * first (their state is the same as a newcomer's); past the cap, the least recently allowed go.
   */
  readonly maxKeys: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = Object.freeze({ limit: 10, windowMs: 60_000, maxKeys: 10_000 });

/**
 * What the limiter says about one more question: allowed, or refused with the time until the
 * window frees and whether to tell the person (only the first refusal of a burst is announced,
 * so someone hammering the bot gets one short notice, then silence).
 */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number; readonly notify: boolean };

/**
 * A count of actions kept outside this process (the PostgreSQL store's), so that several hosts share
 * one allowance instead of each giving its own: N replicas must not give N times the limit.
 */
export interface SharedRateCounter {
  /** Counts one action for `key` if fewer than `limit` were counted in the last `windowMs`; else the wait. */
  take(key: string, limit: number, windowMs: number): { readonly allowed: boolean; readonly retryAfterMs: number };
  /** Removes the latest action counted for `key` (it did not happen after all). */
  refund(key: string): void;
}

interface Bucket {
  /** When the allowed questions in the window were asked, oldest first (at most `limit`). */
  readonly times: number[];
  /** Who has been told since the key's last allowed action (a person's own key: just that person). */
  readonly notified: Set<string>;
}

/**
 * A sliding-window log per key (platform + workspace + user): a question is allowed when fewer than
 * `limit` were allowed in the last `windowMs`. Refused questions do not count, so the window frees
 * on its own `windowMs` after the oldest allowed one. Time comes from the injected Clock only.
 *
 * Memory is bounded: the Map is kept in order of each key's latest allowed question (a key is moved
 * to the end when allowed), so keys idle for a whole window are at the front and are dropped as each
 * call passes; `maxKeys` caps the rest.
 */
export class RateLimiter {
  readonly options: RateLimitOptions;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    options: Partial<RateLimitOptions> = {},
    /** Where the actions are counted when several hosts share the limit; this process keeps only who was told. */
    private readonly shared?: SharedRateCounter,
  ) {
    const merged = { ...DEFAULT_RATE_LIMIT, ...options };
    for (const [name, value] of Object.entries(merged)) {
      if (!Number.isInteger(value) || value < 0) throw new Error(`rate limit: ${name} must be a whole number >= 0, got ${String(value)}`);
    }
    if (merged.windowMs === 0 || merged.maxKeys === 0) throw new Error('rate limit: windowMs and maxKeys must be > 0');
    this.options = Object.freeze(merged);
  }

  /** The key of one person on one platform and workspace. */
  static key(platform: string, workspace: string, user: string): string {
    return `${platform}\u0000${workspace}\u0000${user}`;
  }

  /**
   * Counts one action for `key` if it is allowed now. Refused, `notify` is true the first time `who`
   * is refused since the key's last allowed action (default: one notice per key): a channel's limit
   * tells each person once, privately.
   */
  take(key: string, who = ''): RateDecision {
    const { limit, windowMs, maxKeys } = this.options;
    if (limit === 0) return { allowed: true };
    const now = this.clock.now();
    const since = now - windowMs;
    this.evictIdle(since);
    if (this.shared) return this.takeShared(key, who, now);
    let bucket = this.buckets.get(key);
    if (bucket) {
      while (bucket.times.length > 0 && bucket.times[0]! <= since) bucket.times.shift();
    }
    if (bucket && bucket.times.length >= limit) {
      const retryAfterMs = Math.max(1, bucket.times[0]! + windowMs - now);
      const notify = !bucket.notified.has(who);
      if (notify && bucket.notified.size < maxKeys) bucket.notified.add(who);
      return { allowed: false, retryAfterMs, notify };
    }
    if (!bucket) bucket = { times: [], notified: new Set() };
    else this.buckets.delete(key); // re-inserted below: the Map stays in order of latest allowed question
    bucket.times.push(now);
    bucket.notified.clear();
    this.buckets.set(key, bucket);
    while (this.buckets.size > maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    return { allowed: true };
  }

  /**
   * Gives back the latest action taken for `key` when it did not happen after all (a quiz that did
   * not start because one was running): refusals must not use up the allowance.
   */
  refund(key: string): void {
    if (this.shared) this.shared.refund(key);
    else this.buckets.get(key)?.times.pop();
  }

  /** The shared count decides; the local bucket only remembers who was told since the last allowed action. */
  private takeShared(key: string, who: string, now: number): RateDecision {
    const { limit, windowMs, maxKeys } = this.options;
    const decision = this.shared!.take(key, limit, windowMs);
    let bucket = this.buckets.get(key);
    if (decision.allowed) {
      if (bucket) this.buckets.delete(key);
      this.buckets.set(key, { times: [now], notified: new Set() });
      while (this.buckets.size > maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      return { allowed: true };
    }
    if (!bucket) {
      bucket = { times: [now], notified: new Set() };
      this.buckets.set(key, bucket);
    }
    const notify = !bucket.notified.has(who);
    if (notify && bucket.notified.size < maxKeys) bucket.notified.add(who);
    return { allowed: false, retryAfterMs: decision.retryAfterMs, notify };
  }

  /** How many keys are tracked (tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  /** Drops keys whose latest allowed question left the window: they are at the front of the Map. */
  private evictIdle(since: number): void {
    for (const [key, bucket] of this.buckets) {
      const latest = bucket.times[bucket.times.length - 1];
      if (latest !== undefined && latest > since) return;
      this.buckets.delete(key);
    }
  }
}
