import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { choice, ctx, entry, harness, letterFor } from './fixtures.ts';
import { FakeClock } from '../../support/fake-clock.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function tempDbFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-restart-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'state.db');
}

const entries = [
  entry('gil', ['concurrency'], [choice('What does the GIL guarantee?', ['One thread at a time', 'No switches', 'Safety', 'Shared memory'], 'A')]),
  entry('gc', ['memory'], [choice('What frees cycles?', ['The cyclic GC', 'Refcounts', 'The OS', 'Nothing'], 'A')]),
];
const award = (quizId: string) => ({
  quizId,
  item: 0,
  platform: 'discord',
  workspace: 'g1',
  user: 'alice',
  name: 'Alice',
  entryId: 'gil',
  topic: 'concurrency',
  points: 10,
  at: 0,
});

describe('restarts', () => {
  it('keeps points across a restart mid-quiz; replaying an award adds nothing; a new quiz gets a new id', async () => {
    const file = tempDbFile();
    const clock = new FakeClock(Date.UTC(2025, 0, 6, 9));
    const first = openSqliteStore(file);
    cleanups.push(() => first.close());
    const before = harness(entries, { store: first.quiz, clock });
    await before.service.start(ctx('Alice'), { questions: 2 });
    await before.advance(1500);
    const q = before.poster.last();
    const quiz = q.buttons![0]!.action.split(':')[1]!;
    await before.service.handleChoice(ctx('Alice'), { quiz, item: 0, choice: letterFor(q, 'One thread') });
    // No shutdown, no close: the process "dies" here. A new process opens the same file.

    const second = openSqliteStore(file);
    cleanups.push(() => second.close());
    const after = harness(entries, { store: second.quiz, clock });
    expect(after.service.closeInterrupted()).toEqual([quiz]); // the new process closes the old quiz at start-up
    expect(second.quiz.endUnfinished(clock.now())).toEqual([]);
    expect(second.quiz.leaderboard('discord', 'g1', 10)).toEqual([{ user: 'alice', name: 'Alice', points: 10, wins: 1 }]);
    expect(second.quiz.award(award(quiz))).toBe(false);
    expect(second.quiz.leaderboard('discord', 'g1', 10)[0]!.points).toBe(10);

    await after.service.start(ctx('Alice'), { questions: 1 });
    await after.advance(1500);
    const q2 = after.poster.last();
    const quiz2 = q2.buttons![0]!.action.split(':')[1]!;
    expect(quiz2).not.toBe(quiz);
    await after.service.handleChoice(ctx('Alice'), { quiz: quiz2, item: 0, choice: letterFor(q2, q2.body.includes('GIL') ? 'One thread' : 'The cyclic') });
    expect(second.quiz.leaderboard('discord', 'g1', 10)[0]!.points).toBe(20);
  });

  it('loses no awarded point when the process is killed with SIGKILL mid-quiz', async () => {
    const file = tempDbFile();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./restart-child.ts', import.meta.url)), file],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const newline = out.indexOf('\n');
        if (newline >= 0) resolve(out.slice(0, newline));
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before awarding: ${stderr}`)));
    });
    const { quiz } = JSON.parse(line) as { quiz: string };
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = openSqliteStore(file);
    cleanups.push(() => store.close());
    expect(store.quiz.leaderboard('discord', 'g1', 10)).toEqual([{ user: 'alice', name: 'Alice', points: 10, wins: 1 }]);
    expect(store.quiz.award(award(quiz))).toBe(false);
    expect(store.quiz.endUnfinished(Date.UTC(2025, 0, 7))).toEqual([quiz]);
    expect(store.quiz.leaderboard('discord', 'g1', 10)[0]!.points).toBe(10);
  });
});
