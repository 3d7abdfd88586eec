import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/core/services.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { choice, ctx, entry, harness, letterFor, type Harness } from './fixtures.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

const entries = [
  entry('gil', ['concurrency'], [choice('What does the GIL guarantee?', ['One thread at a time', 'No switches', 'Safety', 'Shared memory'], 'A')]),
  entry('gc', ['memory'], [choice('What frees cycles?', ['The cyclic GC', 'Refcounts', 'The OS', 'Nothing'], 'A')]),
];

/** Discord guilds g1 and g2 live on different shards, each shard in its own process. */
const ownsGuild = (guild: string) => (channel: ChannelRef) => channel.platform === 'discord' && channel.workspace === guild;

function tempDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-shards-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'state.db');
}

/** One shard process: its own connection to the shared file. */
function shard(file: string, clock: FakeClock): Harness & { db: ReturnType<typeof openSqliteStore> } {
  const db = openSqliteStore(file);
  const h = harness(entries, { store: db.quiz, clock });
  cleanups.push(() => {
    h.service.shutdown();
    db.close();
  });
  return { ...h, db };
}

/** How each quiz ended, read straight from the file. */
function endings(file: string): Record<string, string | null> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT id, end_reason FROM quiz_runs').all() as { id: string; end_reason: string | null }[];
    return Object.fromEntries(rows.map((r) => [r.id, r.end_reason]));
  } finally {
    db.close();
  }
}

async function startQuiz(h: Harness, guild: string): Promise<string> {
  await h.service.start(ctx('Alice', { workspace: guild }), { questions: 2 });
  await h.advance(1500);
  return h.poster.last().buttons![0]!.action.split(':')[1]!;
}

async function answerRight(h: Harness, guild: string, quiz: string, item: number): Promise<void> {
  const q = h.poster.last();
  const text = q.body.includes('GIL') ? 'One thread' : 'The cyclic';
  await h.service.handleChoice(ctx('Alice', { workspace: guild }), { quiz, item, choice: letterFor(q, text) });
}

describe('unfinished quizzes with shards sharing one database', () => {
  it('a starting shard closes only the quizzes of its own guilds; the other shard’s quiz runs on and finishes', async () => {
    const file = tempDbFile();
    const start = Date.UTC(2025, 0, 6, 9);

    // Shard 0 (g1) and shard 1 (g2) each run a quiz; each process has its own clock.
    const shard0 = shard(file, new FakeClock(start));
    expect(shard0.service.closeInterrupted(ownsGuild('g1'))).toEqual([]);
    const shard1 = shard(file, new FakeClock(start));
    expect(shard1.service.closeInterrupted(ownsGuild('g2'))).toEqual([]);
    const q1 = await startQuiz(shard0, 'g1');
    const q2 = await startQuiz(shard1, 'g2');
    await answerRight(shard0, 'g1', q1, 0);

    // Shard 0 dies mid-quiz (no shutdown, its clock never moves again); its replacement starts on the same file.
    const restarted = shard(file, new FakeClock(start + 60_000));
    expect(restarted.service.closeInterrupted(ownsGuild('g1'))).toEqual([q1]);
    expect(endings(file)).toEqual({ [q1]: 'interrupted', [q2]: null });
    // A shard of other guilds starting now leaves shard 1's quiz alone too.
    expect(shard(file, new FakeClock(start + 60_000)).service.closeInterrupted(ownsGuild('g3'))).toEqual([]);
    expect(endings(file)[q2]).toBeNull();

    // Shard 1's quiz is unharmed: it still takes answers, scores and ends as finished.
    await answerRight(shard1, 'g2', q2, 0);
    await shard1.advance(3000);
    await answerRight(shard1, 'g2', q2, 1);
    await shard1.advance(0);
    expect(shard1.service.running({ platform: 'discord', workspace: 'g2', channel: 'c1' })).toBeUndefined();
    expect(endings(file)).toEqual({ [q1]: 'interrupted', [q2]: 'finished' });
    expect(restarted.db.quiz.leaderboard('discord', 'g1', 10)).toEqual([{ user: 'alice', name: 'Alice', points: 10, wins: 1 }]);
    expect(restarted.db.quiz.leaderboard('discord', 'g2', 10)).toEqual([{ user: 'alice', name: 'Alice', points: 20, wins: 2 }]);
  });

  it('never closes a quiz the process itself is running, even in a channel it owns', async () => {
    const file = tempDbFile();
    const clock = new FakeClock(Date.UTC(2025, 0, 6, 9));
    const s = shard(file, clock);
    // An interaction can arrive before main.ts calls closeInterrupted (the adapters start first).
    const quiz = await startQuiz(s, 'g1');
    expect(s.service.closeInterrupted(ownsGuild('g1'))).toEqual([]);
    expect(s.service.closeInterrupted()).toEqual([]);
    expect(endings(file)[quiz]).toBeNull();
    await answerRight(s, 'g1', quiz, 0);
    expect(s.db.quiz.leaderboard('discord', 'g1', 10)[0]?.points).toBe(10);
    s.service.shutdown();
    expect(endings(file)[quiz]).toBe('shutdown');
  });

  it('a process that owns everything (no shards) closes every unfinished quiz, as before', async () => {
    const file = tempDbFile();
    const start = Date.UTC(2025, 0, 6, 9);
    const a = shard(file, new FakeClock(start));
    const b = shard(file, new FakeClock(start));
    const q1 = await startQuiz(a, 'g1');
    const q2 = await startQuiz(b, 'g2');
    const fresh = shard(file, new FakeClock(start + 60_000));
    expect([...fresh.service.closeInterrupted()].sort()).toEqual([q1, q2].sort());
    expect(endings(file)).toEqual({ [q1]: 'interrupted', [q2]: 'interrupted' });
  });
});
