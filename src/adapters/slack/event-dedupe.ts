/**
 * Remembers Slack event ids for a while. Slack retries an event it thinks failed (no 200 within
 * 3 seconds, `X-Slack-Retry-Num`), with the same `event_id`; Bolt does not de-duplicate, so the
 * adapter asks here before handling an event. Bounded in time and size.
 */
export class EventDedupe {
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxSize: number;
  private readonly now: () => number;

  constructor(options: { ttlMs?: number; maxSize?: number; now?: () => number } = {}) {
    // Slack retries three times over about five minutes; an hour is comfortably longer.
    this.ttlMs = options.ttlMs ?? 60 * 60_000;
    this.maxSize = options.maxSize ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** True the first time `id` is offered within the time to live; false for a repeat. */
  firstTime(id: string): boolean {
    const now = this.now();
    this.evict(now);
    const at = this.seen.get(id);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(id);
    this.seen.set(id, now);
    while (this.seen.size > this.maxSize) this.seen.delete(this.seen.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    // Insertion order is time order: stop at the first id still alive.
    for (const [id, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}
