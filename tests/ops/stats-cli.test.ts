import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Args } from '../../src/cli/args.ts';
import { statsCli } from '../../src/cli/stats.ts';
import type { Outcome } from '../../src/core/store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

/** `interview-bot stats` over a database with known questions and votes. */

const ROOT = path.resolve(import.meta.dirname, '../..');
const T0 = Date.UTC(2025, 0, 6, 9);
let dir: string;
let db: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-stats-'));
  db = path.join(dir, 'bot.sqlite');
  const store = openSqliteStore(db);
  try {
    const ask = (query: string, outcome: Outcome, minutes: number) =>
      store.questions.record({ at: T0 + minutes * 60_000, platform: 'slack', workspace: 'T1', channel: 'C1', user: 'U1', query, outcome, entryId: outcome === 'answer' ? 'python-gil' : null, score: outcome === 'answer' ? 0.9 : 0.2 });
    const gil = ask('what is the GIL', 'answer', 0);
    const deco = ask('what is a decorator', 'answer', 1);
    ask('什么是闭包', 'answer', 2);
    const gilOrGc = ask('gil or gc', 'suggest', 3);
    ask('how do I bake bread', 'decline', 4);
    ask('best pizza in town', 'decline', 5);
    ask('threads vs processes', 'suggest', 6);
    // Answered, but barely: the kind of answer that may be confidently wrong.
    store.questions.record({ at: T0 + 7 * 60_000, platform: 'slack', workspace: 'T1', channel: 'C1', user: 'U1', query: 'what is a mutex', outcome: 'answer', entryId: 'python-gil', score: 0.47 });
    store.questions.picked(gilOrGc, 'python-gc', T0 + 3 * 60_000 + 5_000);
    expect(store.questions.feedback(gil, 'U1', 'up', T0 + 10 * 60_000)).toBe(true);
    expect(store.questions.feedback(gil, 'U2', 'up', T0 + 11 * 60_000)).toBe(true);
    expect(store.questions.feedback(deco, 'U1', 'up', T0 + 12 * 60_000)).toBe(true);
    expect(store.questions.feedback(deco, 'U1', 'down', T0 + 13 * 60_000)).toBe(true); // a changed vote counts once
  } finally {
    store.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('interview-bot stats', () => {
  it('prints the counts, the declines, each "did you mean" with what was picked, the 👎 answers and the low-confidence ones (npm run stats, DATABASE_FILE)', { timeout: 30_000 }, async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'stats'], { cwd: ROOT, env: { ...process.env, DATABASE_FILE: db }, timeout: 25_000 });
    expect(stdout).toBe(
      [
        'questions: 8 (answered 4, did-you-mean 2, declined 2)',
        'feedback: 👍 2  👎 1',
        '',
        'declined (nothing in the notes answers them: add an entry, or an alias to the entry that should):',
        '  2025-01-06 09:05  best pizza in town',
        '  2025-01-06 09:04  how do I bake bread',
        '',
        'did you mean (and what the person picked: an alias there makes it a direct answer next time):',
        '  2025-01-06 09:06  threads vs processes  →  (nothing picked)',
        '  2025-01-06 09:03  gil or gc  →  picked python-gc',
        '',
        'answers that got 👎 (the answer may be wrong, or the question may belong to another entry):',
        '  2025-01-06 09:13  what is a decorator  →  python-gil',
        '',
        'answers given with low confidence (below 0.60: check that they are right):',
        '  2025-01-06 09:07  what is a mutex  →  python-gil (0.47)',
        '',
      ].join('\n'),
    );
  });

  it('--low sets the confidence below which an answer is listed', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect(statsCli(new Args(['--db', db, '--low', '0.95']))).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    expect(text).toContain('answers given with low confidence (below 0.95: check that they are right):');
    // Every answer scored 0.9 or 0.47: all four are listed now.
    expect(text.split('\n').filter(l => / \(0\.(90|47)\)$/.test(l))).toHaveLength(4);
  });

  it('--json prints the same counts as one object, and --db picks the file', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = statsCli(new Args(['--db', db, '--json'])) as number; // a SQLite file (--db): answered synchronously
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    expect(written).toHaveLength(1);
    const stats = JSON.parse(written[0]!);
    expect(stats).toMatchObject({ answered: 4, suggested: 2, declined: 2, up: 2, down: 1 });
    expect(stats.suggestions).toEqual([
      { query: 'threads vs processes', at: T0 + 6 * 60_000, picked: null },
      { query: 'gil or gc', at: T0 + 3 * 60_000, picked: 'python-gc' },
    ]);
    expect(stats.lowConfidence).toEqual([{ query: 'what is a mutex', entryId: 'python-gil', score: 0.47, at: T0 + 7 * 60_000 }]);
    expect(stats.downVoted).toEqual([{ query: 'what is a decorator', entryId: 'python-gil', at: T0 + 13 * 60_000 }]);
    expect(stats.recentMisses.map((m: { query: string }) => m.query)).toEqual(['what is a decorator', 'best pizza in town', 'how do I bake bread']);
  });
});
