/**
 * kill -9 during a daily post (issue 7, "Faults"). A child process runs the daily service on a
 * file-backed SQLite store; its Poster tells this test when a message is on its way and then never
 * completes; the test kills the child with SIGKILL right then and starts a second child on the same
 * file, later on the clock.
 *
 * The expected outcome is the one documented in src/core/daily/daily-service.ts and the README: a day
 * is claimed in the store *before* its post is sent, so a crash mid-send loses that day's post and can
 * never post it twice; a run missed while the bot was down (not claimed yet) is made up within the
 * grace window (60 minutes).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CHILD = fileURLToPath(new URL('./daily-kill-child.ts', import.meta.url));
// 09:00 Asia/Shanghai is 01:00Z.
const SCHEDULE = { time: '09:00', timeZone: 'Asia/Shanghai' };

interface Line {
  readonly event: 'started' | 'post' | 'hanging' | 'idle' | 'done';
  readonly kind?: string;
  readonly at: string;
}

const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-kill-'));
  dirs.push(dir);
  return path.join(dir, 'state.db');
}

/** Starts a child; `until(event)` resolves with the lines printed up to that event. */
function child(file: string, options: object) {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, file, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(proc);
  const lines: Line[] = [];
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  proc.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(out.slice(0, nl)) as Line);
      out = out.slice(nl + 1);
      for (const w of waiters.splice(0)) w();
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    lines,
    async until(event: Line['event'], timeoutMs = 20_000): Promise<Line[]> {
      const deadline = Date.now() + timeoutMs;
      while (!lines.some(l => l.event === event)) {
        if (proc.exitCode !== null) throw new Error(`child exited (${proc.exitCode}) before "${event}": ${err}`);
        if (Date.now() > deadline) throw new Error(`child did not reach "${event}" in ${timeoutMs} ms: ${err}`);
        await Promise.race([new Promise<void>(r => waiters.push(r)), new Promise(r => setTimeout(r, 100))]);
      }
      return lines;
    },
    async kill9(): Promise<void> {
      proc.kill('SIGKILL');
      expect((await exited).signal).toBe('SIGKILL');
    },
    async finished(): Promise<Line[]> {
      const { code } = await exited;
      expect(code, err).toBe(0);
      return lines;
    },
  };
}

/** What the store holds after everything: every post row, in order. */
function rows(file: string): { day: string | null; entry: string; revealed: boolean }[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT day, entry_id AS entry, revealed_at FROM daily_posts ORDER BY id').all() as { day: string | null; entry: string; revealed_at: number | null }[]).map(r => ({
      day: r.day,
      entry: r.entry,
      revealed: r.revealed_at !== null,
    }));
  } finally {
    db.close();
  }
}

const posts = (lines: readonly Line[]) => lines.filter(l => l.event === 'post').map(l => `${l.kind} ${l.at}`);

describe('kill -9 during a daily post (real child processes, file-backed SQLite)', () => {
  it('killed while the day\'s question is being sent: that day is lost, never posted twice; the next days are normal', async () => {
    const file = dbFile();
    const first = child(file, { start: '2026-01-10T00:00:00Z', until: '2026-01-10T02:00:00Z', set: SCHEDULE, hangOn: { kind: 'daily-post' } });
    const before = await first.until('hanging');
    expect(before.at(-1)).toMatchObject({ event: 'hanging', kind: 'daily-post', at: '2026-01-10T01:00:00.000Z' });
    await first.kill9();
    // The claim was committed before the send: it survives the kill.
    expect(rows(file).map(r => r.day)).toEqual(['2026-01-10']);

    // Back 10 minutes later, well inside the grace window: the claimed day is not made up again.
    const second = child(file, { start: '2026-01-10T01:10:00Z', until: '2026-01-12T02:00:00Z' });
    const after = await second.finished();
    expect(posts(after)).toEqual([
      // The lost question's answer is not revealed: the channel never saw that question.
      'daily-post 2026-01-11T01:00:00.000Z',
      'daily-answer 2026-01-12T01:00:00.000Z',
      'daily-post 2026-01-12T01:00:00.000Z',
    ]);
    const stored = rows(file);
    expect(stored.map(r => r.day)).toEqual(['2026-01-10', '2026-01-11', '2026-01-12']);
    // Each day once, three different questions (the rotation advanced past the lost one).
    expect(new Set(stored.map(r => r.entry)).size).toBe(3);
  }, 60_000);

  it('killed while the previous answer is being sent, before the question: the question is lost too, nothing repeats', async () => {
    const file = dbFile();
    // Day 1 goes out normally; on day 2 the answer to day 1 goes first and hangs.
    const first = child(file, { start: '2026-01-10T00:00:00Z', until: '2026-01-12T00:00:00Z', set: SCHEDULE, hangOn: { kind: 'daily-answer' } });
    const before = await first.until('hanging');
    expect(posts(before)).toEqual(['daily-post 2026-01-10T01:00:00.000Z']);
    expect(before.at(-1)).toMatchObject({ event: 'hanging', kind: 'daily-answer', at: '2026-01-11T01:00:00.000Z' });
    await first.kill9();
    expect(rows(file)).toEqual([
      { day: '2026-01-10', entry: expect.any(String), revealed: true }, // its reveal was claimed before sending
      { day: '2026-01-11', entry: expect.any(String), revealed: false },
    ]);

    const second = child(file, { start: '2026-01-11T01:30:00Z', until: '2026-01-12T02:00:00Z' });
    const after = await second.finished();
    // Day 1's answer is not sent again, day 2 is not posted again, and day 2's answer is not revealed
    // with day 3 (day 2's question never went out).
    expect(posts(after)).toEqual(['daily-post 2026-01-12T01:00:00.000Z']);
    expect(rows(file).map(r => [r.day, r.revealed])).toEqual([
      ['2026-01-10', true],
      ['2026-01-11', true],
      ['2026-01-12', false],
    ]);
  }, 60_000);

  it('killed between posts (before the day was claimed) and back within the grace window: the run is made up, once', async () => {
    const file = dbFile();
    const first = child(file, { start: '2026-01-10T00:00:00Z', until: '2026-01-10T00:59:00Z', set: SCHEDULE, idleAt: '2026-01-10T00:59:00Z' });
    await first.until('idle');
    await first.kill9();
    expect(rows(file)).toEqual([]);

    // Down from 00:59Z to 01:45Z: 45 minutes late, inside the 60-minute grace window.
    const second = child(file, { start: '2026-01-10T01:45:00Z', until: '2026-01-11T02:00:00Z' });
    const after = await second.finished();
    expect(posts(after)).toEqual(['daily-post 2026-01-10T01:45:00.000Z', 'daily-answer 2026-01-11T01:00:00.000Z', 'daily-post 2026-01-11T01:00:00.000Z']);
    expect(rows(file).map(r => r.day)).toEqual(['2026-01-10', '2026-01-11']);
  }, 60_000);

  it('killed between posts and back after the grace window: that day is skipped (not posted late), the next is normal', async () => {
    const file = dbFile();
    const first = child(file, { start: '2026-01-10T00:00:00Z', until: '2026-01-10T00:59:00Z', set: SCHEDULE, idleAt: '2026-01-10T00:59:00Z' });
    await first.until('idle');
    await first.kill9();

    // Back at 02:05Z: 65 minutes after the 01:00Z run.
    const second = child(file, { start: '2026-01-10T02:05:00Z', until: '2026-01-11T02:00:00Z' });
    const after = await second.finished();
    expect(posts(after)).toEqual(['daily-post 2026-01-11T01:00:00.000Z']);
    expect(rows(file).map(r => r.day)).toEqual(['2026-01-11']);
  }, 60_000);
});
