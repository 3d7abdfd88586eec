import { describe, expect, it } from 'vitest';
import { t } from '../../../src/core/messages.ts';
import { isOneToOne } from '../../../src/core/services.ts';
import { choice, ctx, entry, harness, letterFor, short } from './fixtures.ts';

/**
 * A quiz with one player (the console, a DM) moves on at each answer; in a channel it waits for the
 * others. During a multiple-choice question the text of an option picks it, and nothing typed to the
 * bot is taken as a question for the notes.
 */
const mc = entry('threads', ['concurrency'], [choice('Which runs one bytecode at a time?', ['The GIL', 'The GC', 'The JIT', 'The REPL'], 'A', 'The GIL is a mutex.')]);
const typed = entry('wraps', ['concurrency'], [short('Which helper keeps the wrapped name?', ['functools.wraps', 'wraps'])]);
const dm = (user = 'Ada') => ctx(user, { workspace: 'dm', channel: 'd1' });

describe('isOneToOne', () => {
  it('is the console, a Discord DM or a Slack DM; a channel is not', () => {
    expect(isOneToOne({ platform: 'console', workspace: 'console', channel: 'console' })).toBe(true);
    expect(isOneToOne({ platform: 'discord', workspace: 'dm', channel: '123' })).toBe(true);
    expect(isOneToOne({ platform: 'slack', workspace: 'T1', channel: 'D0123' })).toBe(true);
    expect(isOneToOne({ platform: 'discord', workspace: '99', channel: '123' })).toBe(false);
    expect(isOneToOne({ platform: 'slack', workspace: 'T1', channel: 'C0123' })).toBe(false);
  });
});

describe('a quiz with one player', () => {
  it('reveals a wrong pick at once and moves on after the short pause, not after 30 s', async () => {
    const h = harness([mc, typed], { defaults: { seconds: 30, pauseMs: 3000, leadInMs: 1500 } });
    await h.service.start(dm(), { questions: 2 });
    await h.advance(1500);
    const question = h.poster.last();
    const wrong = letterFor(question, 'The GC');
    const before = h.poster.posts.length;
    expect(await h.service.handleMessage(dm(), wrong.toLowerCase(), true)).toEqual([]);
    await h.service.settled();
    const reveal = h.poster.posts[before]!.reply;
    expect(reveal.kind).toBe('quiz-reveal');
    expect(reveal.body).toContain(t('en', 'quiz.solo-missed'));
    expect(reveal.body).not.toContain(t('en', 'quiz.timeout'));
    expect(reveal.body).toContain('The GIL is a mutex.');
    // The next question after the pause (3 s), not after the 30 s limit.
    await h.advance(3000);
    expect(h.poster.last().title).toBe('Question 2/2');
    // A wrong typed answer is the try: revealed at once, and the quiz is over.
    expect(await h.service.handleMessage(dm(), 'functools.partial', true)).toEqual([]);
    await h.service.settled();
    const kinds = h.poster.kinds();
    expect(kinds.slice(-2)).toEqual(['quiz-reveal', 'quiz-summary']);
    expect(h.clock.pendingCount()).toBe(0);
  });

  it('reveals a right pick at once, with the points, and no "wait for the reveal"', async () => {
    const h = harness([mc], { defaults: { seconds: 30 } });
    await h.service.start(dm());
    await h.advance(1500);
    const acks = await h.service.handleChoice(dm(), { quiz: h.service.running(dm())!.id, item: 0, choice: letterFor(h.poster.last(), 'The GIL') });
    expect(acks).toEqual([]);
    await h.service.settled();
    expect(h.poster.replies.some(r => r.kind === 'quiz-reveal' && r.body.includes(t('en', 'quiz.correct', { user: 'Ada', points: 10 })))).toBe(true);
  });
});

describe('a quiz in a channel (several players)', () => {
  it('still waits for the others: a wrong pick is only recorded, the reveal comes at the time limit', async () => {
    const h = harness([mc], { defaults: { seconds: 30 } });
    await h.service.start(ctx('Ada'));
    await h.advance(1500);
    const wrong = letterFor(h.poster.last(), 'The GC');
    expect(await h.service.handleMessage(ctx('Ada'), wrong, true)).toEqual([{ kind: 'info', lang: 'en', visibility: 'private', body: t('en', 'quiz.ack-recorded', { choice: wrong }) }]);
    await h.service.settled();
    expect(h.poster.kinds()).toEqual(['quiz-question']);
    await h.advance(30_000);
    expect(h.poster.replies.find(r => r.kind === 'quiz-reveal')!.body).toContain(t('en', 'quiz.timeout'));
  });
});

describe('typing during a multiple-choice question', () => {
  it("the option's text picks it (any case, without its punctuation); anything else addressed to the bot hears 'pick a letter'; chat not addressed to it is left alone", async () => {
    const h = harness([mc], { defaults: { seconds: 30 } });
    await h.service.start(ctx('Ada'));
    await h.advance(1500);
    // A question for the notes mid-quiz would show the note holding the answer: never.
    expect(await h.service.handleMessage(ctx('Bob'), 'what is the GIL', true)).toEqual([{ kind: 'info', lang: 'en', visibility: 'private', body: t('en', 'quiz.pick-a-letter') }]);
    // People chatting in the channel without addressing the bot are not told anything.
    expect(await h.service.handleMessage(ctx('Cy'), 'lunch?', false)).toBeUndefined();
    // The text of an option counts as picking it.
    expect(await h.service.handleMessage(ctx('Ada'), '  the gil! ', false)).toEqual([{ kind: 'info', lang: 'en', visibility: 'private', body: t('en', 'quiz.ack-correct', { points: 10 }) }]);
    await h.service.settled();
    expect(h.poster.replies.find(r => r.kind === 'quiz-reveal')!.body).toContain(t('en', 'quiz.correct', { user: 'Ada', points: 10 }));
  });
});
