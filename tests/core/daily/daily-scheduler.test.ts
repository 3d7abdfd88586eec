import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatLocal, localDateKey } from '../../../src/core/daily/next-run.ts';
import { CHANNEL, HOUR, MIN, RecordingPoster, isoOf, startProcess, tipEntries, utc, type Process } from './daily-fixtures.ts';

const NY = 'America/New_York';

function set(p: Process, time: string, timeZone: string, topic?: string) {
  return p.service.set(CHANNEL, { time, timeZone, topic, lang: 'en', by: 'admin' });
}

const postTimes = (p: Process) => p.poster.ofKind('daily-post').map((x) => isoOf(x.at));

describe('daily scheduler with a fake clock', () => {
  const open: Process[] = [];
  const proc = (options: Parameters<typeof startProcess>[0]) => {
    const p = startProcess(options);
    open.push(p);
    return p;
  };
  afterEach(() => {
    for (const p of open.splice(0)) p.close();
  });

  it('posts once a day at 09:00 Asia/Shanghai (01:00Z) over a week', async () => {
    const p = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(p, '09:00', 'Asia/Shanghai');
    await p.runUntil(utc('2026-01-17T00:00:00Z'));
    expect(postTimes(p)).toEqual([
      '2026-01-10T01:00:00.000Z',
      '2026-01-11T01:00:00.000Z',
      '2026-01-12T01:00:00.000Z',
      '2026-01-13T01:00:00.000Z',
      '2026-01-14T01:00:00.000Z',
      '2026-01-15T01:00:00.000Z',
      '2026-01-16T01:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local across the spring-forward day in America/New_York (a 23-hour day)', async () => {
    const p = proc({ at: utc('2026-03-05T00:00:00Z') });
    set(p, '09:00', NY);
    await p.runUntil(utc('2026-03-11T00:00:00Z'));
    expect(postTimes(p)).toEqual([
      '2026-03-05T14:00:00.000Z',
      '2026-03-06T14:00:00.000Z',
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z', // EDT from here on
      '2026-03-09T13:00:00.000Z',
      '2026-03-10T13:00:00.000Z',
    ]);
    expect(p.poster.ofKind('daily-post').map((x) => formatLocal(x.at, NY).slice(11))).toEqual(Array(6).fill('09:00'));
  });

  it('keeps 09:00 local across the fall-back day in America/New_York (a 25-hour day)', async () => {
    const p = proc({ at: utc('2026-10-29T00:00:00Z') });
    set(p, '09:00', NY);
    await p.runUntil(utc('2026-11-04T00:00:00Z'));
    expect(postTimes(p)).toEqual([
      '2026-10-29T13:00:00.000Z',
      '2026-10-30T13:00:00.000Z',
      '2026-10-31T13:00:00.000Z',
      '2026-11-01T14:00:00.000Z', // EST from here on
      '2026-11-02T14:00:00.000Z',
      '2026-11-03T14:00:00.000Z',
    ]);
  });

  it('posts a 02:30 schedule at 03:00 EDT on the spring-forward day (02:30 does not exist)', async () => {
    const p = proc({ at: utc('2026-03-07T00:00:00Z') });
    set(p, '02:30', NY);
    await p.runUntil(utc('2026-03-10T00:00:00Z'));
    expect(postTimes(p)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:00:00.000Z', // 03:00 EDT, the first instant after the gap
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });

  it('posts a 01:30 schedule once on the fall-back day, at the first 01:30', async () => {
    const p = proc({ at: utc('2026-10-31T00:00:00Z') });
    set(p, '01:30', NY);
    await p.runUntil(utc('2026-11-03T00:00:00Z'));
    expect(postTimes(p)).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // the first 01:30 (EDT); not again at 06:30Z (01:30 EST)
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
  });

  it('never posts twice for one local day and claims each day in the store', async () => {
    const p = proc({ at: utc('2026-03-01T00:00:00Z'), entries: tipEntries(3) });
    set(p, '23:30', NY);
    await p.runUntil(utc('2026-03-15T00:00:00Z'));
    const days = p.poster.ofKind('daily-post').map((x) => localDateKey(x.at, NY));
    expect(new Set(days).size).toBe(days.length);
    expect(days).toHaveLength(14);
    for (const day of days) expect(p.store.isClaimed(CHANNEL, day)).toBe(true);
  });

  it('does not post immediately for a time already past when the schedule is set', async () => {
    const p = proc({ at: utc('2026-01-10T01:20:00Z') }); // 09:20 in Shanghai
    set(p, '09:00', 'Asia/Shanghai');
    await p.runUntil(utc('2026-01-10T12:00:00Z'));
    expect(postTimes(p)).toEqual([]);
    await p.runUntil(utc('2026-01-11T02:00:00Z'));
    expect(postTimes(p)).toEqual(['2026-01-11T01:00:00.000Z']);
  });

  it('stops posting after /daily off and re-arms on a new /daily set', async () => {
    const p = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(p, '09:00', 'Asia/Shanghai');
    await p.runUntil(utc('2026-01-11T00:00:00Z'));
    p.service.off(CHANNEL);
    await p.runUntil(utc('2026-01-13T00:00:00Z'));
    expect(postTimes(p)).toEqual(['2026-01-10T01:00:00.000Z']);
    set(p, '10:00', 'Asia/Shanghai');
    await p.runUntil(utc('2026-01-14T00:00:00Z'));
    expect(postTimes(p)).toEqual(['2026-01-10T01:00:00.000Z', '2026-01-13T02:00:00.000Z']);
  });

  it('moving the time later on a day already posted does not post that day again', async () => {
    const p = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(p, '09:00', 'Asia/Shanghai');
    await p.runUntil(utc('2026-01-10T02:00:00Z'));
    set(p, '18:00', 'Asia/Shanghai');
    expect(p.service.status(CHANNEL).next.day).toBe('2026-01-11');
    await p.runUntil(utc('2026-01-11T12:00:00Z'));
    expect(postTimes(p)).toEqual(['2026-01-10T01:00:00.000Z', '2026-01-11T10:00:00.000Z']);
  });

  it('only arms the channels the process owns', async () => {
    const p = proc({ at: utc('2026-01-10T00:00:00Z'), start: false });
    set(p, '09:00', 'Asia/Shanghai');
    p.service.set({ ...CHANNEL, workspace: 'other-guild' }, { time: '09:00', timeZone: 'Asia/Shanghai', lang: 'en', by: 'a' });
    p.service.start((c) => c.workspace === CHANNEL.workspace);
    await p.runUntil(utc('2026-01-10T02:00:00Z'));
    expect(p.poster.ofKind('daily-post').map((x) => x.channel.workspace)).toEqual(['guild-1']);
  });

  it('logs a failed send and does not retry it (no duplicate later)', async () => {
    const poster = new RecordingPoster(() => 0);
    poster.fail = true;
    const p = proc({ at: utc('2026-01-10T00:00:00Z'), poster });
    set(p, '09:00', 'Asia/Shanghai');
    await p.runUntil(utc('2026-01-10T01:30:00Z'));
    poster.fail = false;
    await p.runUntil(utc('2026-01-10T23:00:00Z'));
    expect(poster.posts).toEqual([]);
    expect(p.logger.lines.some((l) => l.level === 'error' && /sending failed/.test(l.message ?? ''))).toBe(true);
    await p.runUntil(utc('2026-01-11T02:00:00Z'));
    expect(poster.ofKind('daily-post')).toHaveLength(1);
  });

  it('shutdown cancels every timer', async () => {
    const p = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(p, '09:00', 'Asia/Shanghai');
    expect(p.clock.pendingCount()).toBeGreaterThan(0);
    p.service.shutdown();
    expect(p.clock.pendingCount()).toBe(0);
    await p.runUntil(utc('2026-01-12T00:00:00Z'));
    expect(postTimes(p)).toEqual([]);
  });
});

describe('restarts, downtime and crashes (file-backed SQLite)', () => {
  let dir: string;
  let file: string;
  const open: Process[] = [];
  const proc = (options: Omit<Parameters<typeof startProcess>[0], 'file'>) => {
    const p = startProcess({ ...options, file });
    open.push(p);
    return p;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-restart-'));
    file = path.join(dir, 'state.db');
  });
  afterEach(() => {
    for (const p of open.splice(0)) p.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a restart in the middle of the day does not post again', async () => {
    const first = proc({ at: utc('2026-03-08T00:00:00Z') });
    set(first, '09:00', NY);
    await first.runUntil(utc('2026-03-08T13:30:00Z')); // posted at 13:00Z (09:00 EDT), still within grace
    expect(postTimes(first)).toEqual(['2026-03-08T13:00:00.000Z']);
    first.close();

    const second = proc({ at: utc('2026-03-08T13:30:00Z') }); // same file, clock moved on
    await second.runUntil(utc('2026-03-10T00:00:00Z'));
    expect(postTimes(second)).toEqual(['2026-03-09T13:00:00.000Z']);
  });

  it('makes up a missed post when back within the grace window, then runs normally', async () => {
    const first = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(first, '09:00', 'Asia/Shanghai');
    first.close(); // down from 00:00Z until 01:40Z (the post was due at 01:00Z)

    const second = proc({ at: utc('2026-01-10T01:40:00Z') });
    await second.runUntil(utc('2026-01-11T02:00:00Z'));
    expect(postTimes(second)).toEqual(['2026-01-10T01:40:00.000Z', '2026-01-11T01:00:00.000Z']);
  });

  it('makes up exactly at the edge of the grace window (inclusive) and honours a configured grace', async () => {
    const first = proc({ at: utc('2026-01-10T00:00:00Z'), daily: { graceMinutes: 15 } });
    set(first, '09:00', 'Asia/Shanghai');
    first.close();
    const second = proc({ at: utc('2026-01-10T01:15:00Z'), daily: { graceMinutes: 15 } });
    await second.runUntil(utc('2026-01-10T03:00:00Z'));
    expect(postTimes(second)).toEqual(['2026-01-10T01:15:00.000Z']);
  });

  it('skips the day when back after the grace window; the next day is normal', async () => {
    const first = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(first, '09:00', 'Asia/Shanghai');
    first.close();

    const second = proc({ at: utc('2026-01-10T02:01:00Z') }); // 61 minutes late
    await second.runUntil(utc('2026-01-11T02:00:00Z'));
    expect(postTimes(second)).toEqual(['2026-01-11T01:00:00.000Z']);
    expect(second.store.isClaimed(CHANNEL, '2026-01-10')).toBe(false);
    expect(second.logger.lines.some((l) => l.level === 'warn' && /skipping that day/.test(l.message ?? ''))).toBe(true);
  });

  it('a timer that fires too late (machine asleep) also skips the day rather than posting late', async () => {
    const p = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(p, '09:00', 'Asia/Shanghai');
    // The machine sleeps: no timer runs until 03:00Z, then the overdue timers fire.
    p.clock.jumpTo(utc('2026-01-10T03:00:00Z'));
    p.clock.runDue();
    await p.service.idle();
    expect(postTimes(p)).toEqual([]);
    await p.runUntil(utc('2026-01-11T02:00:00Z'));
    expect(postTimes(p)).toEqual(['2026-01-11T01:00:00.000Z']);
  });

  it('a crash right after sending (the day was claimed) never leads to a second post', async () => {
    // The platform accepted the message but the process died before anything else happened: the
    // poster is still "sending" when the process is gone.
    const hanging = new RecordingPoster(() => 0);
    const hang = hanging.post.bind(hanging);
    hanging.post = async (channel, reply) => {
      await hang(channel, reply);
      await new Promise<never>(() => {});
    };
    const first = proc({ at: utc('2026-01-10T00:00:00Z'), poster: hanging });
    set(first, '09:00', 'Asia/Shanghai');
    first.clock.advanceTo(utc('2026-01-10T01:00:00Z'));
    expect(hanging.ofKind('daily-post')).toHaveLength(1);
    // crash: no shutdown, no further timers of this process ever run

    const second = proc({ at: utc('2026-01-10T01:05:00Z') });
    await second.runUntil(utc('2026-01-10T23:00:00Z'));
    expect(postTimes(second)).toEqual([]);
    await second.runUntil(utc('2026-01-11T02:00:00Z'));
    expect(postTimes(second)).toEqual(['2026-01-11T01:00:00.000Z']);
  });

  it('a crash after claiming but before sending loses that day instead of duplicating it', async () => {
    const first = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(first, '09:00', 'Asia/Shanghai');
    // What the scheduler does first at 01:00Z, then the process dies before the send.
    first.store.claimPost(
      { channel: CHANNEL, day: '2026-01-10', lang: 'en', at: utc('2026-01-10T01:00:00Z'), revealAt: null },
      () => ({ entryId: 'e01', rotation: { cycle: 1, queue: [], posted: ['e01'] } }),
    );
    first.close();

    const second = proc({ at: utc('2026-01-10T01:10:00Z') }); // within grace, but the day is claimed
    await second.runUntil(utc('2026-01-11T02:00:00Z'));
    expect(postTimes(second)).toEqual(['2026-01-11T01:00:00.000Z']);
  });

  it('two processes on the same file (a bad deployment) still post once per day', async () => {
    const a = proc({ at: utc('2026-01-10T00:00:00Z') });
    set(a, '09:00', 'Asia/Shanghai');
    const b = proc({ at: utc('2026-01-10T00:00:00Z') });
    await a.runUntil(utc('2026-01-10T01:00:00Z'));
    await b.runUntil(utc('2026-01-10T01:00:00Z'));
    await a.runUntil(utc('2026-01-11T01:30:00Z'));
    await b.runUntil(utc('2026-01-11T01:30:00Z'));
    expect([...postTimes(a), ...postTimes(b)].sort()).toEqual(['2026-01-10T01:00:00.000Z', '2026-01-11T01:00:00.000Z']);
  });

  it('restarts over several days with the rotation intact (no repeats across restarts)', async () => {
    const entries = tipEntries(4);
    let p = proc({ at: utc('2026-01-10T00:00:00Z'), entries, seed: 1 });
    set(p, '09:00', 'Asia/Shanghai');
    const seen: string[] = [];
    for (let day = 10; day < 14; day++) {
      await p.runUntil(utc(`2026-01-${day}T05:00:00Z`));
      seen.push(...p.poster.ofKind('daily-post').map((x) => x.reply.body));
      p.close();
      p = proc({ at: utc(`2026-01-${day}T05:00:00Z`), entries, seed: day }); // a different random each time
    }
    expect(new Set(seen).size).toBe(4);
  });
});

describe('grace default', () => {
  it('is 60 minutes', () => {
    const p = startProcess({ at: 0 });
    expect(p.service.options.graceMinutes).toBe(60);
    expect(p.service.options.revealAfter).toBe('next-post');
    expect(p.service.options.defaultTimeZone).toBe('UTC');
    p.close();
    expect(MIN * 60).toBe(HOUR);
  });
});
