import { describe, expect, it } from 'vitest';
import type { QuizRelay, QuizStore, RelayedChoice } from '../../../src/core/quiz/quiz-store.ts';
import { RELAY_POLL_MS } from '../../../src/core/quiz/quiz-service.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { choice, ctx, entry, harness, letterFor, memoryQuizStore, short, type Harness } from './fixtures.ts';

/**
 * Several hosts: a quiz runs on the host that started it; a click or a typed answer that reaches
 * another host is relayed to it through the store and counted there, once.
 */

const ENTRIES = [
  entry('gil', ['concurrency'], [choice({ en: 'What does the GIL guarantee?' }, [{ en: 'One thread at a time' }, { en: 'Threads never switch' }, { en: 'Shared memory' }, { en: 'No locks needed' }], 'A')]),
  entry('gil-name', ['naming'], [short({ en: "What is CPython's global lock called?" }, ['GIL', 'global interpreter lock'])]),
];

/** Two hosts sharing one store whose relay keeps answers in memory, for quizzes open on host A. */
function twoHosts(): { a: Harness; b: Harness; relayed: RelayedChoice[] } {
  const shared = memoryQuizStore();
  const clock = new FakeClock(Date.UTC(2025, 0, 6, 9));
  const relayed: RelayedChoice[] = [];
  let a: Harness | undefined;
  const relay: QuizRelay = {
    forward(answer) {
      const running = a!.service.running({ platform: answer.platform as 'discord', workspace: answer.workspace, channel: answer.channel });
      if (running === undefined || (answer.quizId !== '' && running.id !== answer.quizId)) return false;
      relayed.push({ ...answer, quizId: running.id });
      return true;
    },
    take(ids) {
      const taken = relayed.filter(r => ids.includes(r.quizId));
      relayed.splice(0, relayed.length, ...relayed.filter(r => !ids.includes(r.quizId)));
      return taken;
    },
  };
  const store = new Proxy(shared, { get: (target, key) => (key === 'relay' ? relay : Reflect.get(target, key, target)) }) as QuizStore;
  a = harness(ENTRIES, { store, clock });
  const b = harness(ENTRIES, { store, clock });
  return { a, b, relayed };
}

describe('answers relayed between hosts', () => {
  it('a click on another host is acknowledged there and counted once on the quiz host', async () => {
    const { a, b } = twoHosts();
    await a.service.start(ctx('Alice'), { topic: 'concurrency', questions: 1 });
    await a.advance(2_000); // lead-in: the question is posted
    const question = a.poster.last();
    const quiz = a.service.running({ platform: 'discord', workspace: 'g1', channel: 'c1' })!;
    const right = letterFor(question, 'One thread at a time');
    const wrong = right === 'A' ? 'B' : 'A';
    const ack = await b.service.handleChoice(ctx('Bob'), { quiz: quiz.id, item: 0, choice: wrong });
    expect(ack[0]!.body).toContain('Got your answer');
    expect(await b.service.handleChoice(ctx('Bob'), { quiz: quiz.id, item: 0, choice: right })).toHaveLength(1); // relayed too, but not a first answer
    expect(await b.service.handleChoice(ctx('Carol'), { quiz: quiz.id, item: 0, choice: right })).toHaveLength(1);
    await a.advance(RELAY_POLL_MS);
    // Bob's first answer (wrong) counted, his second did not; Carol won the question.
    expect(a.store.personalRecord({ platform: 'discord', workspace: 'g1', user: 'bob' })).toEqual([{ topic: 'concurrency', answered: 1, correct: 0, points: 0 }]);
    expect(a.store.leaderboard('discord', 'g1', 10).map(r => r.user)).toEqual(['carol']);
  });

  it('a typed answer on another host reaches the quiz host; a click for a quiz nobody runs is closed', async () => {
    const { a, b, relayed } = twoHosts();
    await a.service.start(ctx('Alice'), { topic: 'naming', questions: 1 });
    await a.advance(2_000);
    expect(await b.service.handleMessage(ctx('Dave'), 'global interpreter lock')).toEqual([]);
    expect(relayed).toHaveLength(1);
    await a.advance(RELAY_POLL_MS);
    expect(a.store.leaderboard('discord', 'g1', 10).map(r => r.user)).toEqual(['dave']);
    // No quiz in another channel: the message is not consumed (it may be a question for the bot).
    expect(await b.service.handleMessage(ctx('Dave', { channel: 'c2' }), 'what is the GIL')).toBeUndefined();
    const closed = await b.service.handleChoice(ctx('Eve'), { quiz: 'nope', item: 0, choice: 'A' });
    expect(closed[0]!.body).toContain('closed');
  });
});
