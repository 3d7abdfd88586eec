import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../../src/store/sqlite/migrations.ts';
import { QUIZ_MIGRATIONS } from '../../../src/store/sqlite/quiz-migrations.ts';
import { SqliteQuizStore } from '../../../src/store/sqlite/sqlite-quiz-store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { QuizAward, QuizRun } from '../../../src/core/quiz/quiz-store.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function memoryStore(): SqliteQuizStore {
  const db = new Database(':memory:');
  migrate(db, QUIZ_MIGRATIONS);
  cleanups.push(() => db.close());
  return new SqliteQuizStore(db);
}

const run = (id: string, overrides: Partial<QuizRun> = {}): QuizRun => ({
  id,
  platform: 'discord',
  workspace: 'g1',
  channel: 'c1',
  lang: 'en',
  topic: null,
  mode: 'quiz',
  startedBy: 'u1',
  startedAt: 1000,
  questions: 5,
  ...overrides,
});

const award = (overrides: Partial<QuizAward> = {}): QuizAward => ({
  quizId: 'q1',
  item: 0,
  platform: 'discord',
  workspace: 'g1',
  user: 'alice',
  name: 'Alice',
  entryId: 'python-gil',
  topic: 'concurrency',
  points: 10,
  at: 2000,
  ...overrides,
});

describe('SqliteQuizStore', () => {
  it('refuses a quiz id that is taken and ends a quiz once', () => {
    const store = memoryStore();
    expect(store.beginQuiz(run('q1'))).toBe(true);
    expect(store.beginQuiz(run('q1', { channel: 'other' }))).toBe(false);
    // One running quiz per channel: a second start there is refused until the first ends.
    expect(() => store.beginQuiz(run('q2'))).toThrow('quiz-already-running');
    expect(store.beginQuiz(run('q2', { channel: 'other' }))).toBe(true);
    store.endQuiz('q1', 5000, 'finished');
    store.endQuiz('q1', 6000, 'stopped');
    expect(store.endUnfinished(7000)).toEqual(['q2']);
    expect(store.endUnfinished(8000)).toEqual([]);
    expect(store.beginQuiz(run('q3'))).toBe(true);
  });

  it('counts an award once however often it is replayed', () => {
    const store = memoryStore();
    expect(store.award(award())).toBe(true);
    expect(store.award(award())).toBe(false);
    expect(store.award(award({ points: 99 }))).toBe(false); // the first award stands
    expect(store.award(award({ item: 1, points: 5 }))).toBe(true);
    expect(store.leaderboard('discord', 'g1', 10)).toEqual([{ user: 'alice', name: 'Alice', points: 15, wins: 2 }]);
  });

  it('ranks the leaderboard by points, then wins, per workspace, with the latest name', () => {
    const store = memoryStore();
    store.award(award({ user: 'bob', name: 'Bob', points: 10 }));
    store.award(award({ item: 1, user: 'alice', points: 5, at: 1 }));
    store.award(award({ item: 2, user: 'alice', name: 'Alice L.', points: 5, at: 3 }));
    store.award(award({ item: 3, user: 'carol', name: 'Carol', points: 20, workspace: 'g2' }));
    store.award(award({ item: 4, user: 'dave', name: 'Dave', points: 20, platform: 'slack' }));
    expect(store.leaderboard('discord', 'g1', 10)).toEqual([
      { user: 'alice', name: 'Alice L.', points: 10, wins: 2 },
      { user: 'bob', name: 'Bob', points: 10, wins: 1 },
    ]);
    expect(store.leaderboard('discord', 'g1', 1)).toHaveLength(1);
    expect(store.leaderboard('discord', 'nowhere', 10)).toEqual([]);
  });

  it('keeps a person’s record by topic; a later right answer to the same question counts as correct', () => {
    const store = memoryStore();
    const key = { platform: 'discord', workspace: 'g1', user: 'alice' };
    const answer = { ...key, quizId: 'q1', name: 'Alice', entryId: 'gil', topic: 'concurrency', at: 1 };
    store.recordAnswer({ ...answer, item: 0, correct: false });
    store.recordAnswer({ ...answer, item: 0, correct: true });
    store.recordAnswer({ ...answer, item: 0, correct: false }); // never downgraded
    store.recordAnswer({ ...answer, item: 1, correct: false });
    store.recordAnswer({ ...answer, item: 2, topic: 'memory', correct: true });
    store.award(award({ item: 0, points: 10 }));
    store.award(award({ item: 2, topic: 'memory', points: 5 }));
    expect(store.personalRecord(key)).toEqual([
      { topic: 'concurrency', answered: 2, correct: 1, points: 10 },
      { topic: 'memory', answered: 1, correct: 1, points: 5 },
    ]);
    expect(store.personalRecord({ ...key, user: 'bob' })).toEqual([]);
  });

  it('saves and replaces review states per person and entry', () => {
    const store = memoryStore();
    const key = { platform: 'discord', workspace: 'g1', user: 'alice' };
    const state = { ...key, entryId: 'gil', box: 0, dueAt: 100, hits: 0, misses: 1, lastAt: 100 };
    store.saveReview(state);
    store.saveReview({ ...state, entryId: 'gc', dueAt: 50 });
    store.saveReview({ ...state, box: 1, dueAt: 500, hits: 1 });
    expect(store.reviewState(key, 'gil')).toEqual({ ...state, box: 1, dueAt: 500, hits: 1 });
    expect(store.reviewState(key, 'nothing')).toBeUndefined();
    expect(store.reviewStates(key).map((s) => s.entryId)).toEqual(['gc', 'gil']);
    expect(store.reviewStates({ ...key, workspace: 'g2' })).toEqual([]);
  });

  it('keeps awards in a file across close and reopen, and a replay after reopening adds nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quiz-store-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'state.db');

    const first = openSqliteStore(file);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    first.quiz.beginQuiz(run('q1'));
    first.quiz.award(award({ item: 0 }));
    first.quiz.award(award({ item: 1, points: 5 }));
    first.close();

    const second = openSqliteStore(file);
    cleanups.push(() => second.close());
    expect(second.quiz.award(award({ item: 1, points: 5 }))).toBe(false);
    expect(second.quiz.endUnfinished(9000)).toEqual(['q1']);
    expect(second.quiz.leaderboard('discord', 'g1', 10)).toEqual([{ user: 'alice', name: 'Alice', points: 15, wins: 2 }]);
  });
});
