import type { Clock, TimerHandle } from '../../src/core/ports.ts';

interface PendingTimer {
  readonly seq: number;
  readonly at: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A controllable Clock for tests (shared by quiz and daily): time moves only when the test says so,
 * and timers fire synchronously inside `advance`, in due order (ties in the order they were set),
 * with `now()` reading each timer's due time while it runs. `jumpTo` + `runDue` model a process that
 * was asleep: overdue timers then fire late, reading the later time. No globals are patched, nothing sleeps.
 */
export class FakeClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: PendingTimer[] = [];

  constructor(start: number = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: PendingTimer = { seq: this.seq++, at: this.current + delay, callback, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
        this.timers = this.timers.filter((t) => t !== timer);
      },
    };
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (including timers
   * set by those callbacks, if they are due before the end).
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`cannot advance by ${ms}`);
    this.advanceTo(this.current + ms);
  }

  /** Moves time forward to `instant` (ms since the epoch), firing due timers in order. */
  advanceTo(instant: number): void {
    if (instant < this.current) throw new Error(`cannot go back in time (${instant} < ${this.current})`);
    for (;;) {
      const due = this.nextDue(instant);
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      // Overdue timers (after jumpTo) fire late, at the current time; time never goes back.
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = instant;
  }

  /**
   * Sets the time without firing anything: a process that was not running (tests of restarts and
   * of downtime). Timers already set stay pending at their instants.
   */
  jumpTo(instant: number): void {
    this.current = instant;
  }

  /** Runs every timer due now (after `jumpTo`). */
  runDue(): void {
    this.advanceTo(this.current);
  }

  /** How many timers are waiting. */
  pendingCount(): number {
    return this.timers.length;
  }

  /** When the next timer falls due, if any. */
  nextTimerAt(): number | undefined {
    return this.nextDue(Number.POSITIVE_INFINITY)?.at;
  }

  private nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.cancelled || t.at > limit) continue;
      if (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
