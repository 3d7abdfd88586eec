/**
 * Run by daily-kill.test.ts in a child process (node --import tsx): one "bot process" of the daily
 * service on a file-backed SQLite store and a fake clock (tests/core/daily/daily-fixtures.ts), whose
 * Poster prints a JSON line per post to stdout. With `hangOn`, the post of that kind (optionally only at
 * or after a given instant) prints `hanging` and never completes: the process is mid-send, waiting to
 * be killed with SIGKILL. Otherwise, it runs the clock to `until`, prints `done` and exits.
 *
 * argv: <db file> <JSON: { start, until, set?: { time, timeZone }, hangOn?: { kind, from? }, idleAt?, seed? }>
 */
import type { Reply } from '../../src/core/reply/reply.ts';
import type { ChannelRef } from '../../src/core/services.ts';
import { CHANNEL, RecordingPoster, startProcess, tipEntries } from '../core/daily/daily-fixtures.ts';

interface Options {
  readonly start: string;
  readonly until: string;
  readonly set?: { readonly time: string; readonly timeZone: string };
  readonly hangOn?: { readonly kind: Reply['kind']; readonly from?: string };
  /** Stop the clock here, print `idle` and wait to be killed (a process killed between two posts). */
  readonly idleAt?: string;
  readonly seed?: number;
}

const [file, json] = process.argv.slice(2);
if (file === undefined || json === undefined) throw new Error('usage: daily-kill-child.ts <db file> <options JSON>');
const options = JSON.parse(json) as Options;
const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
const iso = (ms: number) => new Date(ms).toISOString();

let now: () => number = () => 0;

class SignallingPoster extends RecordingPoster {
  override async post(channel: ChannelRef, reply: Reply): Promise<void> {
    const at = now();
    const hang = options.hangOn;
    if (hang && reply.kind === hang.kind && (hang.from === undefined || at >= Date.parse(hang.from))) {
      say({ event: 'hanging', kind: reply.kind, at: iso(at) });
      return new Promise<never>(() => {}); // the message is on its way when the process dies
    }
    await super.post(channel, reply);
    say({ event: 'post', kind: reply.kind, at: iso(at), title: reply.title ?? null });
  }
}

const poster = new SignallingPoster(() => now());
const p = startProcess({ at: Date.parse(options.start), file, poster, entries: tipEntries(5), seed: options.seed ?? 1, start: false });
now = () => p.clock.now();
p.service.start(); // as at start-up: arms the stored schedules, making up a run missed within the grace window
setInterval(() => {}, 60_000); // alive while hanging or idle, until killed
say({ event: 'started', at: iso(p.clock.now()) });
if (options.set) p.service.set(CHANNEL, { time: options.set.time, timeZone: options.set.timeZone, lang: 'en', by: 'admin' });
if (options.idleAt !== undefined) {
  await p.runUntil(Date.parse(options.idleAt));
  say({ event: 'idle', at: iso(p.clock.now()) });
} else {
  await p.runUntil(Date.parse(options.until));
  say({ event: 'done', at: iso(p.clock.now()) });
  p.close();
  process.exit(0);
}
