import type { Clock, Logger, TimerHandle } from '../ports.ts';
import type { ChannelRef } from '../services.ts';
import type { DailySchedule } from './daily-store.ts';
import { lastRunAtOrBefore, nextRunAfter, parseLocalTime, type Run } from './next-run.ts';

/**
 * Timers for the daily schedules, one per channel, on the injected Clock.
 *
 * Every wake-up runs the same check ({@link DailyScheduler.arm} at start-up, on `/daily set`, and
 * when a timer fires):
 * 1. the latest scheduled run at or before now is *due* if its local day is not claimed yet, it is
 *    not older than the grace window, and it is not from before the schedule was set: then `onDue`
 *    claims the day and posts. This one rule covers the normal case (the timer fires on time), the
 *    make-up after downtime (restart within the grace window), and skipping a day (restart after it);
 * 2. then the timer is set for the next run whose day is not claimed yet.
 *
 * Long waits are split into hops of at most `maxTimerMs` (default one hour), each re-running the
 * check: real timers follow a monotonic clock, so a wall-clock jump (suspend, NTP) is noticed at the
 * next hop instead of a day later. An early wake-up finds nothing due and simply re-arms.
 */
export interface DailySchedulerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** How late a run may still be made up. */
  readonly graceMs: number;
  /** Longest single timer (default 1 h). */
  readonly maxTimerMs?: number;
  /** Retry delay after an unexpected error in a check (default 1 min). */
  readonly retryMs?: number;
  isClaimed(channel: ChannelRef, day: string): boolean;
  /** A run is due: claim its day and post. Called synchronously from the check. */
  onDue(schedule: DailySchedule, run: Run): void;
}

interface Armed {
  readonly schedule: DailySchedule;
  timer: TimerHandle | undefined;
  next: Run | undefined;
  /** The last day reported as skipped (to log each skip once). */
  skipped: string | undefined;
}

export function channelKey(channel: ChannelRef): string {
  return JSON.stringify([channel.platform, channel.workspace, channel.channel]);
}

export class DailyScheduler {
  private readonly armed = new Map<string, Armed>();
  private readonly maxTimerMs: number;
  private readonly retryMs: number;

  constructor(private readonly deps: DailySchedulerDeps) {
    this.maxTimerMs = deps.maxTimerMs ?? 60 * 60_000;
    this.retryMs = deps.retryMs ?? 60_000;
  }

  /** (Re)arms the channel's timer for `schedule`, posting first if a run is due now. */
  arm(schedule: DailySchedule): void {
    const key = channelKey(schedule.channel);
    this.armed.get(key)?.timer?.cancel();
    const armed: Armed = { schedule, timer: undefined, next: undefined, skipped: undefined };
    this.armed.set(key, armed);
    this.check(key, armed);
  }

  /** Stops the channel's timer. */
  disarm(channel: ChannelRef): void {
    const key = channelKey(channel);
    this.armed.get(key)?.timer?.cancel();
    this.armed.delete(key);
  }

  /** Stops every timer. */
  stop(): void {
    for (const armed of this.armed.values()) armed.timer?.cancel();
    this.armed.clear();
  }

  /** The run the channel's timer is heading for, if armed. */
  armedRun(channel: ChannelRef): Run | undefined {
    return this.armed.get(channelKey(channel))?.next;
  }

  /** How many channels have a timer. */
  size(): number {
    return this.armed.size;
  }

  /** The next run strictly after `now` whose local day is not claimed yet. */
  upcoming(schedule: DailySchedule, now: number): Run {
    const time = parseLocalTime(schedule.time);
    let run = nextRunAfter(now, time, schedule.timeZone);
    // A claimed day (posted already, e.g. after a time change) is skipped; a few days are plenty.
    for (let i = 0; i < 7 && this.deps.isClaimed(schedule.channel, run.day); i++) {
      run = nextRunAfter(run.at, time, schedule.timeZone);
    }
    return run;
  }

  /** The run that should be posted right now, if any (see the class comment). */
  due(schedule: DailySchedule, now: number): Run | undefined {
    const run = lastRunAtOrBefore(now, parseLocalTime(schedule.time), schedule.timeZone);
    if (run.at < schedule.setAt) return undefined;
    if (now - run.at > this.deps.graceMs) return undefined;
    if (this.deps.isClaimed(schedule.channel, run.day)) return undefined;
    return run;
  }

  private check(key: string, armed: Armed): void {
    if (this.armed.get(key) !== armed) return; // disarmed or replaced meanwhile
    const { clock, logger } = this.deps;
    const { schedule } = armed;
    let delay: number;
    try {
      const now = clock.now();
      const run = this.due(schedule, now);
      if (run !== undefined) {
        const late = now - run.at;
        if (late > 0) logger.info({ channel: schedule.channel, day: run.day, lateMs: late }, 'daily: posting a run that is due');
        this.deps.onDue(schedule, run);
      } else {
        const skipped = this.missed(schedule, now);
        if (skipped !== undefined && skipped.day !== armed.skipped) {
          armed.skipped = skipped.day;
          logger.warn({ channel: schedule.channel, day: skipped.day, at: skipped.at }, 'daily: missed the run by more than the grace window; skipping that day');
        }
      }
      const next = this.upcoming(schedule, clock.now());
      armed.next = next;
      delay = Math.min(Math.max(next.at - clock.now(), 0), this.maxTimerMs);
    } catch (error) {
      logger.error({ err: error, channel: schedule.channel }, 'daily: scheduling check failed; retrying');
      delay = this.retryMs;
    }
    if (this.armed.get(key) !== armed) return; // onDue may have replaced or removed the schedule
    armed.timer = clock.setTimeout(() => this.check(key, armed), delay);
  }

  /** The latest run if it was neither posted nor made up in time (that day is skipped). */
  private missed(schedule: DailySchedule, now: number): Run | undefined {
    const run = lastRunAtOrBefore(now, parseLocalTime(schedule.time), schedule.timeZone);
    if (run.at < schedule.setAt || now - run.at <= this.deps.graceMs) return undefined;
    if (this.deps.isClaimed(schedule.channel, run.day)) return undefined;
    return run;
  }
}
