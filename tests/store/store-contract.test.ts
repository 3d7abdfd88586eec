import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { ChannelRef } from '../../src/core/services.ts';
import type { QuizAnswer, QuizAward, QuizRun } from '../../src/core/quiz/quiz-store.ts';
import type { Store } from '../../src/core/store.ts';
import { openPostgresStore } from '../../src/store/postgres/pg-store.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { useTempDirs } from '../support/core-harness.ts';
import { POSTGRES, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { race, type Backend } from '../support/store-racer.ts';

/**
 * The Store contract: one suite, run against both stores (SQLite, PostgreSQL). Each test opens its
 * "hosts" (stores) on one shared database; the concurrency cases race real threads, each with its own
 * connection, released together.
 */

const LEASE_MS = 30_000;
/** Threads racing in the concurrency cases. */
const RACERS = 4;

interface Harness {
  readonly backend: () => Backend;
  /** A new store ("host") on the test's database, with its own clock. */
  open(now: () => number): Promise<Store>;
  /** A fresh database for the next test. */
  fresh(): Promise<void>;
}

const tempDir = useTempDirs();

function sqliteHarness(): Harness {
  let file = '';
  return {
    backend: () => ({ kind: 'sqlite', file }),
    async open(now) {
      return openSqliteStore(file, { now });
    },
    async fresh() {
      file = path.join(tempDir('store-contract-'), 'state.sqlite');
    },
  };
}

function postgresHarness(server: () => TestPostgres): Harness {
  let url = '';
  return {
    backend: () => ({ kind: 'postgres', url }),
    async open(now) {
      return openPostgresStore({ url, now, leaseMs: LEASE_MS, leaseTimer: false, callTimeoutMs: 20_000 });
    },
    async fresh() {
      url = await server().createDatabase();
    },
  };
}

let pg: TestPostgres | undefined;
const backends: { name: string; enabled: boolean; harness: Harness }[] = [
  { name: 'SQLite', enabled: true, harness: sqliteHarness() },
  { name: 'PostgreSQL', enabled: POSTGRES.run, harness: postgresHarness(() => pg!) },
];

beforeAll(async () => {
  if (POSTGRES.run) pg = await startPostgres();
}, 30_000);
afterAll(async () => {
  await pg?.stop();
});

const quizRun = (id: string, overrides: Partial<QuizRun> = {}): QuizRun => ({
  id,
  platform: 'slack',
  workspace: 'T1',
  channel: 'C1',
  lang: 'en',
  topic: null,
  mode: 'quiz',
  startedBy: 'u1',
  startedAt: 1_000,
  questions: 5,
  ...overrides,
});
const quizAward = (overrides: Partial<QuizAward> = {}): QuizAward => ({
  quizId: 'q1',
  item: 0,
  platform: 'slack',
  workspace: 'T1',
  user: 'alice',
  name: 'Alice',
  entryId: 'python-gil',
  topic: 'concurrency',
  points: 10,
  at: 2_000,
  ...overrides,
});
const quizAnswer = (overrides: Partial<QuizAnswer> = {}): QuizAnswer => ({
  quizId: 'q1',
  item: 0,
  platform: 'slack',
  workspace: 'T1',
  user: 'alice',
  name: 'Alice',
  entryId: 'python-gil',
  topic: 'concurrency',
  correct: false,
  at: 2_000,
  ...overrides,
});
const choose = (entryId: string) => (rotation: { cycle: number; queue: readonly string[]; posted: readonly string[] } | undefined) => ({
  entryId,
  rotation: { cycle: rotation?.cycle ?? 1, queue: (rotation?.queue ?? ['a', 'b', 'c']).filter(e => e !== entryId), posted: [...(rotation?.posted ?? []), entryId] },
});
/**
 * A host's write-behind writes (question log, answers, reviews, "sent" marks) are in the database once
 * any later call of that host returns: the barrier before another host reads them.
 */
const settle = (store: Store) => void store.daily.schedules();
const code = (work: () => unknown): string | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    return String((error as { code?: unknown }).code ?? (error as Error).message);
  }
};

for (const { name, enabled, harness } of backends) {
  describe.skipIf(!enabled)(`Store contract on ${name}`, () => {
    // Two long-lived hosts on one database; each test works in a workspace of its own.
    const clock = () => 10_000;
    let a: Store;
    let b: Store;
    let n = 0;
    let W = '';
    let C1: ChannelRef;
    const open: Store[] = [];
    /** A further host for one test (closed after it). */
    const host = async (now: () => number = clock) => {
      const store = await harness.open(now);
      open.push(store);
      return store;
    };
    beforeAll(async () => {
      await harness.fresh();
      a = await harness.open(clock);
      b = await harness.open(clock);
    }, 30_000);
    afterAll(() => {
      a?.close();
      b?.close();
    });
    beforeEach(() => {
      W = `T${++n}`;
      C1 = { platform: 'slack', workspace: W, channel: 'C1' };
    });
    afterEach(() => {
      while (open.length > 0) open.pop()!.close();
    });
    const run = (id: string, overrides: Partial<QuizRun> = {}) => quizRun(`${W}-${id}`, { workspace: W, ...overrides });
    const award = (overrides: Partial<QuizAward> = {}) => quizAward({ workspace: W, quizId: `${W}-q1`, ...overrides });
    const answer = (overrides: Partial<QuizAnswer> = {}) => quizAnswer({ workspace: W, quizId: `${W}-q1`, ...overrides });

    describe('question log and feedback', () => {
      it('records questions, takes one vote per person (the last counts), and counts them in stats', async () => {
        const id = a.questions.record({ at: 1, platform: 'slack', workspace: W, channel: 'C1', user: 'u1', query: 'what is the GIL', outcome: 'answer', entryId: 'python-gil', score: 0.5 });
        a.questions.record({ at: 2, platform: 'slack', workspace: W, channel: 'C1', user: 'u1', query: 'bake bread', outcome: 'decline', entryId: null, score: 0 });
        const suggested = a.questions.record({ at: 3, platform: 'slack', workspace: W, channel: 'C1', user: 'u1', query: 'decorater', outcome: 'suggest', entryId: null, score: 0.3 });
        a.questions.picked(suggested, 'decorator', 4);
        expect(id).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
        settle(a);
        // The vote arrives at another host (another replica behind the load balancer).
        expect(b.questions.feedback(id, 'u2', 'up', 5)).toBe(true);
        expect(b.questions.feedback(id, 'u2', 'down', 6)).toBe(true);
        expect(b.questions.feedback('no-such-question', 'u2', 'up', 7)).toBe(false);
        const stats = b.questions.stats({ lowConfidenceBelow: 0.6, limit: 10 });
        expect(stats).toMatchObject({ answered: 1, suggested: 1, declined: 1, up: 0, down: 1 });
        expect(stats.declines).toEqual([{ query: 'bake bread', at: 2 }]);
        expect(stats.suggestions).toEqual([{ query: 'decorater', at: 3, picked: 'decorator' }]);
        expect(stats.downVoted).toEqual([{ query: 'what is the GIL', entryId: 'python-gil', at: 6 }]);
        expect(stats.lowConfidence).toEqual([{ query: 'what is the GIL', entryId: 'python-gil', score: 0.5, at: 1 }]);
        expect(stats.recentMisses.map(m => m.outcome)).toEqual(['down', 'decline']);
      });
    });

    describe('daily schedules, rotations and claims', () => {
      it('stores, replaces and removes a schedule, seen by every host', async () => {
        const schedule = { channel: C1, time: '09:30', timeZone: 'Asia/Shanghai', topic: null, lang: 'en' as const, setBy: 'u1', setAt: 5 };
        a.daily.setSchedule(schedule);
        a.daily.setSchedule({ ...schedule, time: '10:00', topic: 'memory' });
        expect(b.daily.schedule(C1)).toEqual({ ...schedule, time: '10:00', topic: 'memory' });
        expect(b.daily.schedules().filter(x => x.channel.workspace === W)).toHaveLength(1);
        expect(b.daily.removeSchedule(C1)).toBe(true);
        expect(a.daily.removeSchedule(C1)).toBe(false);
        expect(a.daily.schedule(C1)).toBeUndefined();
      });

      it('claims a day once: the second claim (any host) gets nothing and its chooser is not asked', async () => {
        const post = a.daily.claimPost({ channel: C1, day: '2026-12-07', lang: 'en', at: 100, revealAt: null }, choose('a'));
        expect(post).toMatchObject({ channel: C1, day: '2026-12-07', entryId: 'a', sentAt: null, revealedAt: null });
        let asked = false;
        const again = b.daily.claimPost({ channel: C1, day: '2026-12-07', lang: 'en', at: 101, revealAt: null }, r => ((asked = true), choose('b')(r)));
        expect(again).toBeUndefined();
        expect(asked).toBe(false);
        expect(b.daily.isClaimed(C1, '2026-12-07')).toBe(true);
        expect(b.daily.isClaimed(C1, '2026-12-08')).toBe(false);
        expect(b.daily.rotation(C1)).toEqual({ cycle: 1, queue: ['b', 'c'], posted: ['a'] });
        // Extra posts (no day) may repeat and advance the rotation from where the last host left it.
        const extra = b.daily.claimPost({ channel: C1, day: null, lang: 'zh', at: 102, revealAt: 500 }, choose('b'));
        expect(extra).toMatchObject({ day: null, entryId: 'b', revealAt: 500 });
        expect(a.daily.rotation(C1)).toEqual({ cycle: 1, queue: ['c'], posted: ['a', 'b'] });
        expect(a.daily.post(post!.id)).toEqual(post);
        expect(a.daily.post('999999')).toBeUndefined();
        expect(a.daily.post('not-an-id')).toBeUndefined();
      });

      it('two hosts claiming the same day at the same moment: exactly one post', async () => {
        // B claims inside A's claim, between A reading the rotation and writing its post.
        let inner: string | undefined;
        const outer = a.daily.claimPost({ channel: C1, day: '2026-12-07', lang: 'en', at: 100, revealAt: null }, rotation => {
          inner = code(() => {
            const post = b.daily.claimPost({ channel: C1, day: '2026-12-07', lang: 'en', at: 100, revealAt: null }, choose('b'));
            if (post) inner = 'posted';
            else throw Object.assign(new Error(), { code: 'refused' });
          }) ?? 'posted';
          return choose('a')(rotation);
        });
        const posts = [outer ? 'posted' : 'refused', inner];
        expect(posts.filter(p => p === 'posted')).toHaveLength(1);
        expect(a.daily.unrevealed(C1)).toHaveLength(1);
      });

      it('reveals once, marks sent, lists timed reveals oldest first', async () => {
        const p1 = a.daily.claimPost({ channel: C1, day: '2026-12-07', lang: 'en', at: 100, revealAt: 900 }, choose('a'))!;
        const p2 = a.daily.claimPost({ channel: C1, day: '2026-12-08', lang: 'en', at: 200, revealAt: 800 }, choose('b'))!;
        a.daily.markSent(p1.id, 150);
        settle(a);
        expect(b.daily.post(p1.id)?.sentAt).toBe(150);
        expect(b.daily.timedReveals().filter(p => p.channel.workspace === W).map(p => p.id)).toEqual([p2.id, p1.id]);
        expect(b.daily.claimReveal(p1.id, 950)).toBe(true);
        expect(a.daily.claimReveal(p1.id, 951)).toBe(false);
        expect(a.daily.unrevealed(C1).map(p => p.id)).toEqual([p2.id]);
        expect(a.daily.claimReveal('nope', 1)).toBe(false);
      });
    });

    describe('quizzes and scores', () => {
      it('at most one running quiz per channel across hosts; ids are unique; ends are idempotent', async () => {
        expect(a.quiz.beginQuiz(run('q1'))).toBe(true);
        expect(code(() => b.quiz.beginQuiz(run('q2')))).toBe('quiz-already-running');
        expect(b.quiz.beginQuiz(run('q1', { channel: 'C2' }))).toBe(false); // id taken
        expect(b.quiz.beginQuiz(run('q3', { channel: 'C2' }))).toBe(true);
        a.quiz.endQuiz(`${W}-q1`, 5_000, 'finished');
        a.quiz.endQuiz(`${W}-q1`, 6_000, 'stopped');
        expect(b.quiz.beginQuiz(run('q4'))).toBe(true); // the channel is free again
      });

      it('a quiz whose host died is closed by the next host once its lease has run out, and its channel is free', async () => {
        const dead = await host(() => 1_000);
        expect(dead.quiz.beginQuiz(run('q1', { startedAt: 1_000 }))).toBe(true);
        expect(dead.quiz.beginQuiz(run('q2', { channel: 'C2', startedAt: 1_000 }))).toBe(true);
        dead.close(); // killed: no end recorded
        open.splice(open.indexOf(dead), 1);
        const later = 1_000 + LEASE_MS + 1;
        const next = await host(() => later);
        const mine = (q: { workspace: string }) => q.workspace === W;
        expect(next.quiz.endUnfinished(later, q => mine(q) && q.channel === 'C1')).toEqual([`${W}-q1`]);
        expect(next.quiz.endUnfinished(later, mine)).toEqual([`${W}-q2`]);
        expect(next.quiz.endUnfinished(later, mine)).toEqual([]);
        expect(next.quiz.beginQuiz(run('q3', { startedAt: later }))).toBe(true);
      });

      it('counts an answer once however many hosts award it, and records tries', async () => {
        expect(a.quiz.award(award())).toBe(true);
        expect(b.quiz.award(award({ points: 99 }))).toBe(false); // the first award stands
        expect(b.quiz.award(award({ item: 1, points: 5 }))).toBe(true);
        a.quiz.recordAnswer(answer({ correct: false }));
        a.quiz.recordAnswer(answer({ correct: true, at: 2_100 }));
        a.quiz.recordAnswer(answer({ item: 1, correct: true }));
        a.quiz.recordAnswer(answer({ item: 1, correct: false, at: 2_200 })); // a right answer stays right
        settle(a);
        expect(a.quiz.leaderboard('slack', W, 10)).toEqual([{ user: 'alice', name: 'Alice', points: 15, wins: 2 }]);
        expect(b.quiz.leaderboard('slack', W, 10)).toEqual(a.quiz.leaderboard('slack', W, 10));
        expect(b.quiz.personalRecord({ platform: 'slack', workspace: W, user: 'alice' })).toEqual([{ topic: 'concurrency', answered: 2, correct: 2, points: 15 }]);
        expect(b.quiz.leaderboard('slack', `${W}x`, 10)).toEqual([]);
      });

      it('ranks by points, then wins, then user, with the latest name', async () => {
        a.quiz.award(award({ user: 'bob', name: 'Bob', points: 10 }));
        a.quiz.award(award({ user: 'carol', name: 'Carol', points: 10, item: 1 }));
        a.quiz.award(award({ user: 'carol', name: 'Caz', points: 0, item: 2, at: 3_000 }));
        a.quiz.award(award({ user: 'alice', points: 20, item: 3 }));
        expect(a.quiz.leaderboard('slack', W, 2)).toEqual([
          { user: 'alice', name: 'Alice', points: 20, wins: 1 },
          { user: 'carol', name: 'Caz', points: 10, wins: 2 },
        ]);
      });

      it('keeps one review state per person and entry, replaced on save', async () => {
        const who = { platform: 'slack', workspace: W, user: 'alice' };
        a.quiz.saveReview({ ...who, entryId: 'e2', box: 0, dueAt: 500, hits: 0, misses: 1, lastAt: 100 });
        a.quiz.saveReview({ ...who, entryId: 'e1', box: 1, dueAt: 400, hits: 1, misses: 0, lastAt: 100 });
        a.quiz.saveReview({ ...who, entryId: 'e1', box: 2, dueAt: 900, hits: 2, misses: 0, lastAt: 200 });
        settle(a);
        expect(a.quiz.reviewState(who, 'e1')).toEqual({ ...who, entryId: 'e1', box: 2, dueAt: 900, hits: 2, misses: 0, lastAt: 200 });
        expect(b.quiz.reviewStates(who).map(s => s.entryId)).toEqual(['e2', 'e1']);
        expect(b.quiz.reviewState({ ...who, user: 'bob' }, 'e1')).toBeUndefined();
      });
    });
    describe('hosts racing in parallel threads, each with its own connection, released together', () => {
      it('one post for the day, one quiz for the channel, the answer counted once', async () => {
        const [claims, starts, awards] = await race(
          harness.backend(),
          [
            { op: 'claimDay', channel: { platform: 'slack', workspace: W, channel: 'C1' }, day: '2026-12-07', at: 100 },
            { op: 'beginQuiz', workspace: W, channel: 'C1', at: 1_000 },
            { op: 'award', workspace: W, quizId: `${W}-q1`, at: 2_000 },
          ],
          RACERS,
        );
        // Losers were refused, or (SQLite's file lock) told to try again: never a second winner.
        const winners = claims!.filter(r => r.ok && r.value !== null);
        expect(winners).toHaveLength(1);
        for (const r of claims!) if (!r.ok) expect(r.code).toBe('state-busy');
        expect(a.daily.unrevealed(C1).map(p => p.entryId)).toEqual([(winners[0] as { value: string }).value]);

        expect(starts!.filter(r => r.ok && r.value === true)).toHaveLength(1);
        for (const r of starts!) if (!r.ok) expect(['quiz-already-running', 'state-busy']).toContain(r.code);

        expect(awards!.filter(r => r.ok && r.value === true)).toHaveLength(1);
        for (const r of awards!) if (!r.ok) expect(r.code).toBe('state-busy');
        const board = a.quiz.leaderboard('slack', W, 10);
        expect(board).toHaveLength(1);
        expect(board[0]!.wins).toBe(1);
      });
    });
  });
}
