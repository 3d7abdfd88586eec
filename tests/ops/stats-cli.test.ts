import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Args } from '../../src/cli/args.ts';
import { statsCli } from '../../src/cli/stats.ts';
import type { Outcome } from '../../src/core/store.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';

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
    ask('gil or gc', 'suggest', 3);
    ask('how do I bake bread', 'decline', 4);
    ask('best pizza in town', 'decline', 5);
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
  it('prints the counts and the recent misses, newest first (npm run stats, DATABASE_FILE)', { timeout: 30_000 }, async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'stats'], { cwd: ROOT, env: { ...process.env, DATABASE_FILE: db }, timeout: 25_000 });
    const lines = stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'questions: 6 (answered 3, did-you-mean 1, declined 2)',
      'feedback: 👍 2  👎 1',
      'recent misses (declined or 👎) — candidates for new aliases:',
    ]);
    const misses = lines.slice(3).map(l => l.trim());
    expect(misses).toHaveLength(3);
    expect(misses[0]).toMatch(/^2025-01-06T09:13:00\.000Z\s+down\s+what is a decorator$/);
    expect(misses.slice(1).map(m => m.split(/\s+/).slice(1).join(' '))).toEqual(['decline best pizza in town', 'decline how do I bake bread']);
  });

  it('--json prints the same counts as one object, and --db picks the file', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      written.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = statsCli(new Args(['--db', db, '--json']));
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    expect(written).toHaveLength(1);
    const stats = JSON.parse(written[0]!);
    expect(stats).toMatchObject({ answered: 3, suggested: 1, declined: 2, up: 2, down: 1 });
    expect(stats.recentMisses.map((m: { query: string }) => m.query)).toEqual(['what is a decorator', 'best pizza in town', 'how do I bake bread']);
  });
});
