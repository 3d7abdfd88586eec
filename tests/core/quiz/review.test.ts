import { describe, expect, it } from 'vitest';
import {
  nextReviewState,
  REVIEW_INTERVALS_MS,
  reviewOrder,
} from '../../../src/core/quiz/quiz-service.ts';
import type { ReviewState } from '../../../src/core/quiz/quiz-store.ts';
import { ctx, entry, harness, identityRandom, short } from './fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
const alice = { platform: 'discord', workspace: 'g1', user: 'alice' };

describe('nextReviewState', () => {
  it('makes a miss due at once and spaces each right answer further out', () => {
    const t0 = 1_000_000;
    const miss = nextReviewState(undefined, alice, 'e', false, t0);
    expect(miss).toEqual({ ...alice, entryId: 'e', box: 0, dueAt: t0, hits: 0, misses: 1, lastAt: t0 });
    const hit1 = nextReviewState(miss, alice, 'e', true, t0 + 10);
    expect(hit1).toMatchObject({ box: 1, dueAt: t0 + 10 + 1 * DAY, hits: 1, misses: 1 });
    const hit2 = nextReviewState(hit1, alice, 'e', true, t0 + 20);
    expect(hit2).toMatchObject({ box: 2, dueAt: t0 + 20 + 3 * DAY });
    let state = hit2;
    for (let i = 0; i < 10; i++) state = nextReviewState(state, alice, 'e', true, t0);
    expect(state.box).toBe(REVIEW_INTERVALS_MS.length);
    expect(state.dueAt).toBe(t0 + REVIEW_INTERVALS_MS.at(-1)!);
    const lapse = nextReviewState(state, alice, 'e', false, t0 + 30);
    expect(lapse).toMatchObject({ box: 0, dueAt: t0 + 30, misses: 2, hits: 12 });
  });
});

describe('reviewOrder', () => {
  const e = (id: string) => entry(id, ['t'], [short(id, [id])]);
  const state = (entryId: string, box: number, dueAt: number): ReviewState => ({
    ...alice,
    entryId,
    box,
    dueAt,
    hits: box,
    misses: box === 0 ? 1 : 0,
    lastAt: 0,
  });

  it('puts due misses first, then other due entries, then new ones, then those not yet due', () => {
    const now = 100 * DAY;
    const entries = ['learned', 'new1', 'missedLater', 'dueBox2', 'missedEarlier', 'new2', 'dueBox1'].map(e);
    const states = new Map(
      [
        state('learned', 3, now + 5 * DAY),
        state('missedLater', 0, now - 1 * DAY),
        state('missedEarlier', 0, now - 2 * DAY),
        state('dueBox2', 2, now - 3 * DAY),
        state('dueBox1', 1, now),
      ].map((s) => [s.entryId, s]),
    );
    expect(reviewOrder(entries, states, now, identityRandom).map((x) => x.id)).toEqual([
      'missedEarlier',
      'missedLater',
      'dueBox1',
      'dueBox2',
      'new1',
      'new2',
      'learned',
    ]);
  });
});

describe('/quiz review', () => {
  const entries = ['alpha', 'beta', 'gamma', 'delta'].map((word) =>
    entry(word, ['greek'], [short(`Say ${word}?`, [word])]),
  );
  const askedIn = (bodies: string[]) => bodies.map((b) => b.replace(/^Say (\w+)\?$/, '$1'));

  it('asks what the person missed first and what they knew last, and later brings that back', async () => {
    const h = harness(entries, { defaults: { seconds: 10, silenceLimit: 10 } });
    const questions = () => h.poster.replies.filter((r) => r.title?.startsWith('Question')).map((r) => r.body);

    // A normal quiz (the identity random keeps the order): Alice knows alpha and misses beta.
    await h.service.start(ctx('Alice'), { questions: 2 });
    await h.advance(1500);
    await h.service.handleMessage(ctx('Alice'), 'alpha');
    await h.advance(3000);
    await h.service.handleMessage(ctx('Alice'), 'omega');
    await h.advance(10_000);
    expect(h.service.running({ platform: 'discord', workspace: 'g1', channel: 'c1' })).toBeUndefined();
    expect((await h.service.me(ctx('Alice')))[0]!.body).toContain('1 to review now');

    // Review: the miss first, then the new ones, and alpha (not due for a day) last.
    h.poster.posts.length = 0;
    const started = await h.service.review(ctx('Alice'), { questions: 4 });
    expect(started[0]!.body).toContain('Review started: 4 questions');
    expect(started[0]!.body).toContain('First up: 1 for Alice to review');
    await h.advance(1500);
    for (let i = 0; i < 3; i++) await h.advance(10_000 + 3000);
    expect(askedIn(questions())).toEqual(['beta', 'gamma', 'delta', 'alpha']);

    // Someone else's history does not reorder Alice's review; Bob has seen nothing.
    h.poster.posts.length = 0;
    await h.advance(10_000);
    await h.service.review(ctx('Bob'), { questions: 4 });
    await h.advance(1500);
    await h.service.stop(ctx('Bob'));
    expect(askedIn(questions())).toEqual(['alpha']);

    // A day later alpha is due again: after the miss, before the new entries.
    h.poster.posts.length = 0;
    await h.advance(DAY);
    await h.service.review(ctx('Alice'), { questions: 2 });
    await h.advance(1500);
    await h.advance(13_000);
    await h.service.stop(ctx('Alice'));
    expect(askedIn(questions())).toEqual(['beta', 'alpha']);
  });

  it('counts the first try for spaced repetition, even when a later try wins the points', async () => {
    const h = harness(entries.slice(0, 1));
    await h.service.start(ctx('Alice'));
    await h.advance(1500);
    await h.service.handleMessage(ctx('Alice'), 'beta');
    await h.service.handleMessage(ctx('Alice'), 'alpha');
    await h.service.settled();
    expect(h.store.leaderboard('discord', 'g1', 5)).toEqual([{ user: 'alice', name: 'Alice', points: 10, wins: 1 }]);
    expect(h.store.reviewState(alice, 'alpha')).toMatchObject({ box: 0, misses: 1, hits: 0 });
    expect((await h.service.me(ctx('Alice')))[0]!.body).toContain('1/1 right, 10 points');
  });
});
