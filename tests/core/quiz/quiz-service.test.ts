import { describe, expect, it } from 'vitest';
import { isUserError } from '../../../src/core/errors.ts';
import { t } from '../../../src/core/messages.ts';
import { decodeAction } from '../../../src/core/reply/actions.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';
import { choice, ctx, entry, harness, letterFor, seededRandom, short } from './fixtures.ts';

const gilChoice = entry('python-gil', ['concurrency'], [
  choice(
    { en: 'What does CPython’s GIL guarantee?', zh: 'CPython 的 GIL 保证了什么？' },
    [
      { en: 'One thread runs bytecode at a time', zh: '同一时刻只有一个线程执行字节码' },
      { en: 'Threads never switch', zh: '线程永远不会切换' },
      { en: 'All code is thread-safe', zh: '所有代码都线程安全' },
      { en: 'Processes share memory', zh: '多进程之间共享内存' },
    ],
    'A',
    { en: 'The interpreter lock lets one thread execute bytecode at a time.', zh: '解释器锁让同一时刻只有一个线程执行字节码。' },
  ),
]);
const gilName = entry('gil-name', ['concurrency'], [
  short(
    { en: 'What is the lock that lets one thread run bytecode at a time called?', zh: '保证同一时刻只有一个线程执行字节码的锁叫什么？' },
    ['GIL', 'global interpreter lock', '全局解释器锁'],
    { en: 'The global interpreter lock.' },
  ),
]);
const gcCycles = entry('gc-cycles', ['memory'], [
  short({ en: 'What frees reference cycles in CPython?' }, ['cyclic garbage collector', 'gc', '垃圾回收器']),
]);

const C1 = { platform: 'discord', workspace: 'g1', channel: 'c1' } as const;

function buttonsOf(reply: Reply) {
  return (reply.buttons ?? []).map((b) => decodeAction(b.action));
}

function quizIdOf(reply: Reply): string {
  const action = buttonsOf(reply)[0];
  if (action?.type !== 'quiz-choice') throw new Error('not a multiple-choice question');
  return action.quiz;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('a full quiz', () => {
  it('asks, takes first clicks and typed answers, hints, reveals, times out and sums up', async () => {
    const h = harness([gilChoice, gilName, gcCycles]);
    const started = await h.service.start(ctx('Alice'), { questions: 3 });
    expect(started).toHaveLength(1);
    expect(started[0]!.body).toContain('Quiz started: 3 questions, 30 s each');
    expect(h.poster.posts).toHaveLength(0); // the first question follows the "started" reply

    // Question 1: multiple choice with four buttons.
    await h.advance(1500);
    const q1 = h.poster.last();
    expect(h.poster.posts[0]!.channel).toEqual(C1);
    expect(q1).toMatchObject({ kind: 'quiz-question', visibility: 'public', lang: 'en', title: 'Question 1/3' });
    expect(q1.body).toContain('What does CPython’s GIL guarantee?');
    const quiz = quizIdOf(q1);
    expect(quiz).toMatch(/^[A-Za-z0-9_-]{1,16}$/);
    expect(buttonsOf(q1)).toEqual(
      (['A', 'B', 'C', 'D'] as const).map((letter) => ({ type: 'quiz-choice', quiz, item: 0, choice: letter })),
    );
    const right = letterFor(q1, 'One thread');
    const wrong = right === 'A' ? 'B' : 'A';

    // Bob clicks wrong, then right: only his first click counts.
    const bobWrong = await h.service.handleChoice(ctx('Bob'), { quiz, item: 0, choice: wrong });
    expect(bobWrong).toEqual([expect.objectContaining({ visibility: 'private', body: expect.stringContaining(`Your answer ${wrong} is recorded`) })]);
    const bobAgain = await h.service.handleChoice(ctx('Bob'), { quiz, item: 0, choice: right });
    expect(bobAgain[0]!.body).toContain('You already answered');
    expect(h.poster.posts).toHaveLength(1); // nothing revealed yet

    // Alice is first to be right: 10 points, and the answer is revealed at once.
    const alice = await h.service.handleChoice(ctx('Alice'), { quiz, item: 0, choice: right });
    expect(alice[0]).toMatchObject({ visibility: 'private', body: '🎉 Correct! +10 points' });
    await h.service.settled();
    const reveal1 = h.poster.last();
    expect(reveal1).toMatchObject({ kind: 'quiz-reveal', visibility: 'public' });
    expect(reveal1.body).toContain('✅ Alice got it! +10 points');
    expect(reveal1.body).toContain(`Answer: **${right}. One thread runs bytecode at a time**`);
    expect(reveal1.body).toContain('The interpreter lock lets one thread execute bytecode at a time.');
    // Too late: the question is closed, and nobody can score on it twice.
    expect((await h.service.handleChoice(ctx('Carol'), { quiz, item: 0, choice: right }))[0]!.body).toBe('This question is closed.');
    expect((await h.service.handleChoice(ctx('Alice'), { quiz, item: 0, choice: right }))[0]!.body).toBe('This question is closed.');
    expect(h.store.leaderboard('discord', 'g1', 10)).toEqual([{ user: 'alice', name: 'Alice', points: 10, wins: 1 }]);

    // Question 2 (typed) comes after the pause.
    await h.advance(2999);
    expect(h.poster.posts).toHaveLength(2);
    await h.advance(1);
    const q2 = h.poster.last();
    expect(q2).toMatchObject({ kind: 'quiz-question', title: 'Question 2/3' });
    expect(q2.buttons).toBeUndefined();
    expect(q2.body).toContain('What is the lock');
    expect(await h.service.handleMessage(ctx('Bob'), 'mutex')).toEqual([
      expect.objectContaining({ visibility: 'private', body: expect.stringContaining('Not it') }),
    ]);

    // The hint at half time halves the points.
    await h.advance(14_999);
    expect(h.poster.posts).toHaveLength(3);
    await h.advance(1);
    const hint = h.poster.last();
    expect(hint.title).toContain('Hint');
    expect(hint.body).toContain('`G__`');
    expect(hint.footer).toContain('Now worth 5 points');
    expect(await h.service.handleMessage(ctx('Alice'), 'ＧＩＬ')).toEqual([]);
    await h.service.settled();
    const reveal2 = h.poster.last();
    expect(reveal2.kind).toBe('quiz-reveal');
    expect(reveal2.body).toContain('✅ Alice got it! +5 points');
    expect(reveal2.body).toContain('Answer: **GIL**');
    // After the reveal, chat is chat again.
    expect(await h.service.handleMessage(ctx('Bob'), 'GIL')).toBeUndefined();

    // Question 3: nobody answers; hint, then the time-out reveal and the summary.
    await h.advance(3000);
    expect(h.poster.last().title).toBe('Question 3/3');
    await h.advance(15_000);
    expect(h.poster.last().body).toContain('`c_____ g______ c________`');
    await h.advance(15_000);
    const [reveal3, summary] = h.poster.replies.slice(-2);
    expect(reveal3!.body).toContain("Time's up");
    expect(reveal3!.body).toContain('Answer: **cyclic garbage collector**');
    expect(summary).toMatchObject({ kind: 'quiz-summary', visibility: 'public' });
    expect(summary!.body).toContain('1. Alice: 15 points');
    expect(summary!.body).toContain('🏆 Winner: Alice');
    expect(summary!.body).not.toContain('Bob');
    expect(h.poster.kinds()).toEqual([
      'quiz-question', 'quiz-reveal', 'quiz-question', 'quiz-question', 'quiz-reveal', 'quiz-question', 'quiz-question',
      'quiz-reveal', 'quiz-summary',
    ]);
    expect(h.service.running(C1)).toBeUndefined();
    expect(h.clock.pendingCount()).toBe(0);

    // Scores and records come from the store.
    const scores = await h.service.scores(ctx('Bob'));
    expect(scores[0]!.body).toBe('1. Alice: 15 points (2 won)');
    const bob = await h.service.me(ctx('Bob'));
    expect(bob[0]).toMatchObject({ visibility: 'private', title: 'Your quiz record' });
    expect(bob[0]!.body).toContain('**concurrency**: 0/2 right, 0 points');
    const aliceMe = await h.service.me(ctx('Alice'));
    expect(aliceMe[0]!.body).toContain('**concurrency**: 2/2 right, 15 points');
    expect((await h.service.me(ctx('Dave')))[0]!.body).toContain('not answered any quiz questions');
  });

  it('accepts a typo in a long answer and reveals the canonical answer', async () => {
    const h = harness([gilName]);
    await h.service.start(ctx('Alice'), { questions: 1 });
    await h.advance(1500);
    expect(await h.service.handleMessage(ctx('Bob'), 'global interpeter lock')).toEqual([]);
    await h.service.settled();
    const reveal = h.poster.replies.at(-2)!;
    expect(reveal.body).toContain('✅ Bob got it ("global interpeter lock" counts)! +10 points');
    expect(reveal.body).toContain('Answer: **GIL**');
  });

  it('shows the quiz in the starter’s language and acknowledges each clicker in theirs', async () => {
    const h = harness([gilChoice]);
    const started = await h.service.start(ctx('Li', { lang: 'zh' }));
    expect(started[0]!.body).toContain('测验开始：1 道题');
    await h.advance(1500);
    const q = h.poster.last();
    expect(q.lang).toBe('zh');
    expect(q.title).toBe('第 1/1 题');
    expect(q.body).toContain('CPython 的 GIL 保证了什么？');
    expect(q.body).toContain('同一时刻只有一个线程执行字节码');
    const ack = await h.service.handleChoice(ctx('Bob'), { quiz: quizIdOf(q), item: 0, choice: letterFor(q, '同一时刻') });
    expect(ack[0]!.body).toBe('🎉 Correct! +10 points');
    await h.service.settled();
    expect(h.poster.replies.at(-2)!.body).toContain('✅ Bob 答对了！+10 分');
  });

  it('shuffles the options with the injected random and maps the buttons back', async () => {
    const letters = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const h = harness([gilChoice], { random: seededRandom(seed) });
      await h.service.start(ctx('Alice'));
      await h.advance(1500);
      const q = h.poster.last();
      const right = letterFor(q, 'One thread');
      letters.add(right);
      const wrong = (['A', 'B', 'C', 'D'] as const).find((l) => l !== right)!;
      expect((await h.service.handleChoice(ctx('Bob'), { quiz: quizIdOf(q), item: 0, choice: wrong }))[0]!.body).toContain('recorded');
      expect((await h.service.handleChoice(ctx('Eve'), { quiz: quizIdOf(q), item: 0, choice: right }))[0]!.body).toContain('Correct');
    }
    expect(letters.size).toBeGreaterThan(1);
  });

  it('takes a letter typed in the channel as a choice (the console has no buttons)', async () => {
    const h = harness([gilChoice]);
    await h.service.start(ctx('Alice'));
    await h.advance(1500);
    expect(await h.service.handleMessage(ctx('Bob'), 'hello everyone')).toBeUndefined();
    expect((await h.service.handleMessage(ctx('Bob'), ' b. '))![0]!.body).toContain('Your answer B is recorded');
    expect((await h.service.handleMessage(ctx('Bob'), 'a'))![0]!.body).toContain('already answered');
    expect((await h.service.handleMessage(ctx('Alice'), 'A'))![0]!.body).toContain('Correct');
  });

  it('ignores bots, commands, other channels and forged or stale clicks', async () => {
    const h = harness([gilChoice, gilName]);
    expect(await h.service.handleMessage(ctx('Bob'), 'GIL')).toBeUndefined(); // no quiz
    await h.service.start(ctx('Alice'), { questions: 2 });
    await h.advance(1500);
    const quiz = quizIdOf(h.poster.last());
    const closed = 'This question is closed.';
    expect((await h.service.handleChoice(ctx('Bob'), { quiz: 'nope', item: 0, choice: 'A' }))[0]!.body).toBe(closed);
    expect((await h.service.handleChoice(ctx('Bob', { channel: 'c2' }), { quiz, item: 0, choice: 'A' }))[0]!.body).toBe(closed);
    expect((await h.service.handleChoice(ctx('Bob', { workspace: 'g2' }), { quiz, item: 0, choice: 'A' }))[0]!.body).toBe(closed);
    expect((await h.service.handleChoice(ctx('Bob'), { quiz, item: 1, choice: 'A' }))[0]!.body).toBe(closed);
    expect(h.store.leaderboard('discord', 'g1', 10)).toEqual([]);
    await h.advance(30_000 + 3000); // to the typed question
    expect(await h.service.handleMessage(ctx('Bot', { isBot: true }), 'GIL')).toBeUndefined();
    expect(await h.service.handleMessage(ctx('Bob'), '/quiz stop')).toBeUndefined();
    expect(await h.service.handleMessage(ctx('Bob', { channel: 'c2' }), 'GIL')).toBeUndefined();
    expect(await h.service.handleMessage(ctx('Bob'), 'GIL')).toEqual([]);
  });
});

describe('starting and stopping', () => {
  it('runs one quiz per channel at a time', async () => {
    const h = harness([gilChoice, gilName]);
    await h.service.start(ctx('Alice'));
    const error = await rejection(h.service.start(ctx('Bob')));
    expect(isUserError(error) && error.code).toBe('quiz-already-running');
    expect((await h.service.start(ctx('Bob', { channel: 'c2' })))[0]!.body).toContain('Quiz started');
    expect(h.service.running(C1)).toBeDefined();
    expect(h.service.running({ ...C1, channel: 'c2' })).toBeDefined();
  });

  it('stops on /quiz stop by its starter or a manager, posts the summary and frees the channel', async () => {
    const h = harness([gilChoice, gilName]);
    await h.service.start(ctx('Alice'), { questions: 2 });
    const notRunning = await rejection(h.service.stop(ctx('Bob', { channel: 'c2' })));
    expect(isUserError(notRunning) && notRunning.code).toBe('no-active-quiz');
    await h.advance(1500);
    const quiz = quizIdOf(h.poster.last());
    await h.service.handleChoice(ctx('Bob'), { quiz, item: 0, choice: letterFor(h.poster.last(), 'One thread') });
    await h.advance(3000);
    const refused = await rejection(h.service.stop(ctx('Bob')));
    expect(isUserError(refused) && refused.code).toBe('quiz-stop-not-allowed');

    const ack = await h.service.stop(ctx('Mod', { canManage: true }));
    expect(ack[0]).toMatchObject({ visibility: 'private', body: 'The quiz is stopped.' });
    await h.service.settled();
    const summary = h.poster.last();
    expect(summary.kind).toBe('quiz-summary');
    expect(summary.body).toContain('Stopped by Mod.');
    expect(summary.body).toContain('🏆 Winner: Bob');
    expect(h.clock.pendingCount()).toBe(0);
    expect(await h.service.handleMessage(ctx('Bob'), 'GIL')).toBeUndefined();
    const posts = h.poster.posts.length;
    await h.advance(60_000);
    expect(h.poster.posts).toHaveLength(posts);
    expect((await h.service.start(ctx('Bob')))[0]!.body).toContain('Quiz started');
  });

  it('counts the question that was up when the quiz was stopped as asked', async () => {
    const h = harness([gilChoice, gilName]);
    await h.service.start(ctx('Alice'), { questions: 2 });
    await h.advance(1500); // the first question is up
    expect(h.poster.last().kind).toBe('quiz-question');
    await h.service.stop(ctx('Alice'));
    await h.service.settled();
    expect(h.poster.last()).toMatchObject({ kind: 'quiz-summary', footer: t('en', 'quiz.summary-asked', { asked: '1 question' }) });
  });

  it('stops by itself when nobody answers two questions in a row', async () => {
    const h = harness([gilChoice, gilName, gcCycles], { random: seededRandom(7) });
    await h.service.start(ctx('Alice'), { questions: 3 });
    await h.advance(1500 + 30_000);
    expect(h.service.running(C1)).toBeDefined();
    await h.advance(3000 + 30_000);
    expect(h.service.running(C1)).toBeUndefined();
    const summary = h.poster.last();
    expect(summary.kind).toBe('quiz-summary');
    expect(summary.body).toContain('Stopped: nobody answered 2 questions in a row.');
    expect(summary.body).toContain('Nobody scored this time.');
    expect(h.poster.kinds().filter((k) => k === 'quiz-reveal')).toHaveLength(2);
    expect(h.clock.pendingCount()).toBe(0);
  });

  it('counts any answer, even a wrong one, as the channel not being silent', async () => {
    const h = harness([gilName, gcCycles, gilChoice], { defaults: { seconds: 20 } });
    await h.service.start(ctx('Alice'), { questions: 3 });
    await h.advance(1500 + 20_000); // Q1 silent
    await h.advance(3000);
    await h.service.handleMessage(ctx('Bob'), 'no idea'); // Q2 answered (wrongly)
    await h.advance(20_000 + 3000 + 20_000); // Q3 silent: only one silent in a row
    expect(h.poster.last().body).not.toContain('Stopped');
    expect(h.poster.kinds().filter((k) => k === 'quiz-reveal')).toHaveLength(3);
  });

  it('validates the size, the time and the topic', async () => {
    const empty = entry('empty', ['theory'], []);
    const h = harness([gilChoice, gilName, gcCycles, empty]);
    const code = async (p: Promise<unknown>) => {
      const e = await rejection(p);
      return isUserError(e) ? e.code : e;
    };
    expect(await code(h.service.start(ctx('A'), { questions: 21 }))).toBe('bad-arguments');
    expect(await code(h.service.start(ctx('A'), { questions: 0 }))).toBe('bad-arguments');
    expect(await code(h.service.start(ctx('A'), { seconds: 5 }))).toBe('bad-arguments');
    const unknown = await rejection(h.service.start(ctx('A'), { topic: 'cooking' }));
    expect(isUserError(unknown) && unknown.params).toEqual({ topic: 'cooking', topics: 'concurrency, memory' });
    expect(await code(h.service.start(ctx('A'), { topic: 'theory' }))).toBe('no-quiz-items');
    expect(h.service.running(C1)).toBeUndefined();
    expect(h.service.topics()).toEqual(['concurrency', 'memory']);
  });

  it('filters by topic (any case), caps at what exists and uses a per-quiz time limit', async () => {
    const h = harness([gilChoice, gcCycles, gilName]);
    const started = await h.service.start(ctx('Alice'), { topic: 'Concurrency', questions: 5, seconds: 60 });
    expect(started[0]!.body).toBe(
      'Quiz started: 2 questions on concurrency, 60 s each. Pick a letter for multiple choice (your first pick counts); type your answer for the others.',
    );
    await h.advance(1500);
    expect(h.poster.last().body).toContain('GIL guarantee');
    await h.advance(29_999);
    expect(h.poster.posts).toHaveLength(1);
    await h.advance(1); // hint at 30 s of 60
    expect(h.poster.last().title).toContain('Hint');
    await h.advance(30_000 + 3000);
    expect(h.poster.last().body).toContain('What is the lock');
  });

  it('covers different entries before asking a second item of one', async () => {
    const two = entry('two', ['x'], [short('Two A?', ['alpha']), short('Two B?', ['beta'])]);
    const one = entry('one', ['x'], [short('One?', ['gamma'])]);
    const h = harness([two, one], { defaults: { seconds: 10, silenceLimit: 5 } });
    await h.service.start(ctx('Alice'), { questions: 3 });
    await h.advance(1500);
    for (let i = 0; i < 3; i++) await h.advance(10_000 + 3000);
    const asked = h.poster.replies.filter((r) => r.title?.startsWith('Question')).map((r) => r.body);
    expect(asked).toHaveLength(3);
    expect(asked.slice(0, 2).sort()).toEqual(['One?', 'Two A?']);
    expect(asked[2]).toBe('Two B?');
  });

  it('shutdown stops every timer and records the quiz as ended', async () => {
    const h = harness([gilChoice, gilName]);
    await h.service.start(ctx('Alice'));
    await h.service.start(ctx('Bob', { channel: 'c2' }));
    await h.advance(1500);
    expect(h.clock.pendingCount()).toBeGreaterThan(0);
    h.service.shutdown();
    expect(h.clock.pendingCount()).toBe(0);
    expect(h.service.running(C1)).toBeUndefined();
    expect(h.store.endUnfinished(h.clock.now())).toEqual([]);
  });
});
