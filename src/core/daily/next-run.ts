import { UserError } from '../errors.ts';

/**
 * Time-zone arithmetic for the daily question, on top of Intl.DateTimeFormat (no tz library).
 *
 * - A schedule is a local wall-clock time (`HH:MM`) in an IANA zone.
 * - A *day key* is the local calendar date `YYYY-MM-DD` in that zone; "one post per local day" is
 *   enforced on this key.
 * - Daylight-saving rules:
 *   - spring forward: a local time inside the gap (02:30 on 2026-03-08 in America/New_York) does
 *     not exist; the run happens at the first valid instant after it (03:00 EDT);
 *   - fall back: a local time inside the repeated hour (01:30 on 2026-11-01 in America/New_York)
 *     happens twice; the run happens once, at the first (01:30 EDT).
 */

/** A local wall-clock time. */
export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

/** One scheduled run: the UTC instant and the local day it belongs to. */
export interface Run {
  /** Milliseconds since the epoch. */
  readonly at: number;
  /** The local date of `at` in the schedule's zone, `YYYY-MM-DD`. */
  readonly day: string;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const TIME = /^\s*(\d{1,2})\s*[:：]\s*(\d{2})\s*$/;

/** Parses `HH:MM` (24-hour; `9:05` and a full-width colon are accepted). Throws UserError('bad-time'). */
export function parseLocalTime(text: string): LocalTime {
  const m = TIME.exec(text);
  if (m === null) throw new UserError('bad-time');
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) throw new UserError('bad-time');
  return { hour, minute };
}

/** `HH:MM`, zero-padded. */
export function formatLocalTime(time: LocalTime): string {
  return `${pad(time.hour)}:${pad(time.minute)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/**
 * The canonical IANA name of `zone` (case-insensitive input, e.g. `asia/shanghai` → `Asia/Shanghai`).
 * Throws UserError('bad-timezone') for anything Intl does not know (offsets such as `+08:00` included).
 */
export function canonicalTimeZone(zone: string): string {
  const trimmed = zone.trim();
  if (trimmed === '' || trimmed.length > 64) throw new UserError('bad-timezone', { zone: trimmed });
  try {
    return formatter(trimmed).resolvedOptions().timeZone;
  } catch {
    throw new UserError('bad-timezone', { zone: trimmed });
  }
}

/** True if `zone` is a time zone Intl knows. */
export function isTimeZone(zone: string): boolean {
  try {
    canonicalTimeZone(zone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallClock(instant: number, zone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    // Some ICU versions print midnight as 24 even with h23; normalise.
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The local wall-clock time of `instant` in `zone`, encoded as if it were UTC (ms, whole seconds). */
function wallAsUtc(instant: number, zone: string): number {
  const w = wallClock(instant, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The zone's offset from UTC at `instant`, in ms (New York in winter: -5 h). */
export function zoneOffset(instant: number, zone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallAsUtc(whole, zone) - whole;
}

/** The local date of `instant` in `zone`, `YYYY-MM-DD`. */
export function localDateKey(instant: number, zone: string): string {
  const w = wallClock(instant, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** `YYYY-MM-DD HH:MM`, the local time of `instant` in `zone` (for status messages and logs). */
export function formatLocal(instant: number, zone: string): string {
  const w = wallClock(instant, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** The day key `days` days after `day` (negative for before). */
export function addDays(day: string, days: number): string {
  const [y, m, d] = parseDay(day);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * The instant at which local `time` happens on local date `day` in `zone`:
 * - normally the one instant whose local wall clock reads `day time`;
 * - when that wall-clock time happens twice (fall back), the first;
 * - when it does not exist (spring forward), the first instant after the gap (the transition itself).
 */
export function localToInstant(day: string, time: LocalTime, zone: string): number {
  const [y, m, d] = parseDay(day);
  const wall = Date.UTC(y, m - 1, d, time.hour, time.minute);
  // Every offset in force within two days of the wall time (transitions are further apart than that).
  const offsets = new Set<number>();
  for (const probe of [-2 * DAY, -DAY, 0, DAY, 2 * DAY]) offsets.add(zoneOffset(wall + probe, zone));
  const valid: number[] = [];
  for (const offset of offsets) {
    const candidate = wall - offset;
    if (wallAsUtc(candidate, zone) === wall) valid.push(candidate);
  }
  if (valid.length > 0) return Math.min(...valid);

  // A gap: find the first instant whose wall clock is at or after `wall`. Wall time is monotone
  // around a single forward transition, so a binary search between the candidates finds it.
  const candidates = [...offsets].map((offset) => wall - offset);
  let lo = Math.min(...candidates); // wall clock before `wall`
  let hi = Math.max(...candidates); // wall clock after `wall`
  if (wallAsUtc(lo, zone) >= wall) return lo;
  // Invariant: wall(lo) < wall <= wall(hi). Search in whole seconds (the formatter's resolution).
  lo = Math.floor(lo / 1000);
  hi = Math.ceil(hi / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallAsUtc(mid * 1000, zone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

/** The run of `time` on local `day` (its day key is the local date of the instant, normally `day`). */
export function runOn(day: string, time: LocalTime, zone: string): Run {
  const at = localToInstant(day, time, zone);
  return { at, day: localDateKey(at, zone) };
}

/** The first run strictly after `instant`. */
export function nextRunAfter(instant: number, time: LocalTime, zone: string): Run {
  let day = addDays(localDateKey(instant, zone), -1);
  for (let i = 0; i < 4; i++, day = addDays(day, 1)) {
    const run = runOn(day, time, zone);
    if (run.at > instant) return run;
  }
  throw new Error(`no run of ${formatLocalTime(time)} in ${zone} within two days after ${instant}`);
}

/** The last run at or before `instant`. */
export function lastRunAtOrBefore(instant: number, time: LocalTime, zone: string): Run {
  let day = addDays(localDateKey(instant, zone), 1);
  for (let i = 0; i < 4; i++, day = addDays(day, -1)) {
    const run = runOn(day, time, zone);
    if (run.at <= instant) return run;
  }
  throw new Error(`no run of ${formatLocalTime(time)} in ${zone} within two days before ${instant}`);
}

function parseDay(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (m === null) throw new Error(`not a day key: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
