import { describe, expect, it } from 'vitest';
import type { Command, Invocation } from '../../src/core/commands/command-spec.ts';
import { Dispatcher, type Input } from '../../src/core/dispatcher.ts';
import { t } from '../../src/core/messages.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../src/core/services.ts';
import type { FakeClock } from '../support/fake-clock.ts';
import { RecordingLogger, useTestCores } from '../support/core-harness.ts';

/**
 * What the dispatcher does for operations: per-person question limits (fake clock), a request id
 * on every log line a question causes, and a graceful drain for shutdown.
 */

const makeCore = useTestCores();

function setup(options: { questionsPerMinute?: number; quizzesPerHour?: number; poster?: Poster } = {}) {
  const logger = new RecordingLogger();
  const posts: { channel: ChannelRef; reply: Reply }[] = [];
  const poster: Poster = options.poster ?? { post: async (channel, reply) => void posts.push({ channel, reply }) };
  const { core, clock } = makeCore({
    logger,
    poster,
    ...(options.questionsPerMinute !== undefined ? { questionsPerMinute: options.questionsPerMinute } : {}),
    ...(options.quizzesPerHour !== undefined ? { quizzesPerHour: options.quizzesPerHour } : {}),
  });
  return { core, clock, logger, posts, dispatcher: core.dispatcher };
}

function who(user = 'U1', overrides: Partial<Invocation> = {}): Invocation {
  return { platform: 'slack', workspace: 'T1', channel: 'C1', lang: 'en', ...overrides, user: { id: user, canManage: false } };
}
const message = (text: string, addressed = true): Input => ({ kind: 'message', text, addressed });
const ask = (text: string): Input => ({ kind: 'command-text', name: 'ask', text });

describe('per-person question rate limit (QUESTIONS_PER_MINUTE)', () => {
  it('answers up to the limit, then one short notice with the seconds to wait; a slash command, which must be answered, is always told why', async () => {
    const { dispatcher, clock, core } = setup({ questionsPerMinute: 3 });
    for (let i = 0; i < 3; i++) {
      const [reply] = await dispatcher.handle(who(), message('what is a decorator'));
      expect(reply!.kind).toBe('answer');
      clock.advance(5_000);
    }
    // t = 15 s: the first question leaves the window at 60 s.
    const notice = await dispatcher.handle(who(), message('what is the GIL'));
    expect(notice).toEqual([{ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.rate-limited', { seconds: 45 }) }]);
    expect(notice[0]!.body).toBe('You are asking faster than I can keep up; please wait 45 s.');
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      // A flood of mentions in a channel: told once per burst, not once per message.
      expect(await dispatcher.handle(who(), message('what is the GIL'))).toEqual([]);
      // /ask gets no silence (Discord would show "the application did not respond"): the notice again.
      expect(await dispatcher.handle(who(), ask('what is the GIL'))).toEqual([{ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.rate-limited', { seconds: 45 - (i + 1) }) }]);
    }
    // Refused questions were neither answered nor recorded.
    expect(core.services.store.questions.stats()).toMatchObject({ answered: 3 });
    clock.advance(40_000); // t = 60 s
    const [again] = await dispatcher.handle(who(), message('what is the GIL'));
    expect(again!.kind).toBe('answer');
  });

  it('counts /ask and addressed messages together, per platform + workspace + user, and tells in the question’s language', async () => {
    const { dispatcher } = setup({ questionsPerMinute: 2 });
    await dispatcher.handle(who('U1'), ask('what is a decorator'));
    await dispatcher.handle(who('U1'), message('what is a decorator'));
    const [notice] = await dispatcher.handle(who('U1', { lang: 'zh' }), ask('什么是GIL'));
    expect(notice).toMatchObject({ kind: 'error', body: t('zh', 'error.rate-limited', { seconds: 60 }) });
    expect(notice!.body).toBe('你问得太快了，请稍等 60 秒再问。');
    // Somebody else, or the same id in another workspace or platform, is not affected.
    expect((await dispatcher.handle(who('U2'), message('what is a decorator')))[0]!.kind).toBe('answer');
    expect((await dispatcher.handle(who('U1', { workspace: 'T2' }), message('what is a decorator')))[0]!.kind).toBe('answer');
    expect((await dispatcher.handle(who('U1', { platform: 'discord' }), message('what is a decorator')))[0]!.kind).toBe('answer');
  });

  it('does not count what is not a question: commands, buttons, unaddressed chat, typed quiz answers', async () => {
    const { dispatcher } = setup({ questionsPerMinute: 1 });
    for (let i = 0; i < 5; i++) {
      await dispatcher.handle(who(), { kind: 'command-text', name: 'help', text: '' });
      await dispatcher.handle(who(), { kind: 'command-text', name: 'topics', text: '' });
      await dispatcher.handle(who(), message('just chatting', false));
    }
    expect((await dispatcher.handle(who(), message('what is a decorator')))[0]!.kind).toBe('answer');
    expect((await dispatcher.handle(who(), message('what is a decorator')))[0]!.kind).toBe('error');
  });

  it('is off when createCore is given no limit (tools and tests), and QUESTIONS_PER_MINUTE=0', async () => {
    for (const options of [{}, { questionsPerMinute: 0 }]) {
      const { dispatcher } = setup(options);
      for (let i = 0; i < 30; i++) expect((await dispatcher.handle(who(), message('what is a decorator')))[0]!.kind).toBe('answer');
    }
  });
});

describe('per-channel quiz rate limit (QUIZZES_PER_HOUR)', () => {
  const quiz = (text = ''): Input => ({ kind: 'command-text', name: 'quiz', text });
  /** Quizzes that reached slack T1 C1 (each is stopped after its first question). */
  const questionsPosted = (posts: { channel: ChannelRef; reply: Reply }[]) =>
    posts.filter(p => p.reply.kind === 'quiz-question' && p.channel.workspace === 'T1' && p.channel.channel === 'C1').length;
  /** Lets a started quiz's lead-in pass, so its first question reaches the poster (2 s of fake time). */
  const leadIn = async (clock: FakeClock) => {
    clock.advance(2_000);
    await new Promise(resolve => setImmediate(resolve));
  };

  it('starts up to the limit per channel, then tells each person once, privately; other channels are free; the hour frees it', async () => {
    const { dispatcher, clock, posts, logger } = setup({ quizzesPerHour: 2 });
    for (let i = 0; i < 2; i++) {
      const started = await dispatcher.handle(who('U1'), quiz('1'));
      await leadIn(clock);
      expect(started.every(r => r.kind !== 'error')).toBe(true);
      await dispatcher.handle(who('U1'), quiz('stop'));
      clock.advance(10 * 60_000);
    }
    expect(questionsPosted(posts)).toBe(2);
    // t = 20 min: the first start leaves the window at 60 min.
    const notice = await dispatcher.handle(who('U1'), quiz('1'));
    await leadIn(clock);
    expect(notice).toEqual([{ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.quiz-rate-limited', { limit: 2, minutes: 40 }) }]);
    expect(notice[0]!.body).toBe('This channel has had 2 quizzes in the last hour; take a breather: the next one can start in 40 min.');
    expect(await dispatcher.handle(who('U1'), quiz('1'))).toEqual([]); // silence for the same person
    await leadIn(clock);
    expect(await dispatcher.handle(who('U1'), quiz('review'))).toEqual([]); // review starts a quiz too
    await leadIn(clock);
    const [other] = await dispatcher.handle(who('U2', { lang: 'zh' }), quiz('1'));
    await leadIn(clock);
    expect(other!.body).toBe('这个频道一小时内已经开过 2 个测验了，歇一会儿吧：40 分钟后可以再开。');
    expect(await dispatcher.handle(who('U2'), quiz('1'))).toEqual([]);
    await leadIn(clock);
    expect(questionsPosted(posts)).toBe(2); // the channel saw nothing of the refusals
    expect(logger.records.filter(r => r.message === 'quiz start rate-limited' && r.level === 'info')).toHaveLength(2);
    // Another channel, or the same channel id in another workspace, has its own allowance.
    expect((await dispatcher.handle(who('U1', { channel: 'C2' }), quiz('1'))).every(r => r.kind !== 'error')).toBe(true);
    await leadIn(clock);
    expect((await dispatcher.handle(who('U1', { workspace: 'T2' }), quiz('1'))).every(r => r.kind !== 'error')).toBe(true);
    await leadIn(clock);
    expect(posts.filter(p => p.reply.kind === 'quiz-question' && (p.channel.channel === 'C2' || p.channel.workspace === 'T2'))).toHaveLength(2);
    expect(questionsPosted(posts)).toBe(2);
    clock.advance(40 * 60_000); // t = 60 min
    expect((await dispatcher.handle(who('U2'), quiz('1'))).every(r => r.kind !== 'error')).toBe(true);
    await leadIn(clock);
    expect(questionsPosted(posts)).toBe(3);
  });

  it('a start that fails (a quiz is running) does not use up the allowance; scores, me and stop are not counted', async () => {
    const { dispatcher, posts, clock } = setup({ quizzesPerHour: 2 });
    await dispatcher.handle(who('U1'), quiz('1'));
    await leadIn(clock);
    const [running] = await dispatcher.handle(who('U2'), quiz('1'));
    await leadIn(clock);
    expect(running).toMatchObject({ kind: 'error', body: t('en', 'error.quiz-already-running') });
    for (let i = 0; i < 5; i++) {
      await dispatcher.handle(who('U2'), quiz('scores'));
      await dispatcher.handle(who('U2'), quiz('me'));
    }
    await dispatcher.handle(who('U1'), quiz('stop'));
    expect((await dispatcher.handle(who('U2'), quiz('1'))).every(r => r.kind !== 'error')).toBe(true);
    await leadIn(clock);
    await dispatcher.handle(who('U2'), quiz('stop'));
    expect((await dispatcher.handle(who('U2'), quiz('1')))[0]!.body).toContain('2 quizzes in the last hour');
    await leadIn(clock);
    expect(questionsPosted(posts)).toBe(2);
  });

  it('/daily now (anyone can ask for an extra question) shares the channel\'s allowance with quizzes', async () => {
    const { dispatcher, posts, clock } = setup({ quizzesPerHour: 2 });
    const now: Input = { kind: 'command-text', name: 'daily', text: 'now' };
    const [extra] = await dispatcher.handle(who('U1'), now);
    expect(extra).toMatchObject({ kind: 'daily-post', visibility: 'public' });
    await dispatcher.handle(who('U1'), quiz('1'));
    await leadIn(clock);
    await dispatcher.handle(who('U1'), quiz('stop'));
    const [refused] = await dispatcher.handle(who('U2'), now);
    expect(refused).toEqual({ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.channel-post-rate-limited', { limit: 2, minutes: 60 }) });
    expect(await dispatcher.handle(who('U2'), now)).toEqual([]);
    expect((await dispatcher.handle(who('U3'), quiz('1')))[0]!.body).toContain('2 quizzes in the last hour');
    expect(questionsPosted(posts)).toBe(1);
  });

  it('is off when createCore is given no limit, and QUIZZES_PER_HOUR=0', async () => {
    for (const options of [{}, { quizzesPerHour: 0 }]) {
      const { dispatcher, posts, clock } = setup(options);
      for (let i = 0; i < 12; i++) {
        await dispatcher.handle(who(), quiz('1'));
        await leadIn(clock);
        await dispatcher.handle(who(), quiz('stop'));
      }
      expect(questionsPosted(posts)).toBe(12);
    }
  });
});

describe('request ids', () => {
  it('gives each question its own id, carried by every log line it causes', async () => {
    const { dispatcher, logger } = setup();
    await dispatcher.handle(who(), message('what is a decorator'));
    await dispatcher.handle(who(), message('what is the GIL'));
    const answered = logger.records.filter(r => r.message === 'question answered');
    expect(answered).toHaveLength(2);
    const [a, b] = answered.map(r => r.context.req);
    expect(typeof a).toBe('string');
    expect(a).toMatch(/^[0-9a-z]{4}-[0-9a-z]+$/);
    expect(b).not.toBe(a);
  });

  it('puts the id on the unexpected-error log too, and none outside a request', async () => {
    const { core, logger } = setup();
    const broken: Command = {
      spec: { name: 'broken', description: { en: 'x', zh: 'x' }, usage: ['/broken'], options: [] },
      async execute(context) {
        context.services.answerer.ask('what is a decorator', context);
        throw new Error('boom');
      },
    };
    const dispatcher = new Dispatcher({ ...core.services, commands: new Map([...core.services.commands, ['broken', broken]]) });
    const [reply] = await dispatcher.handle(who(), { kind: 'command-text', name: 'broken', text: '' });
    expect(reply!.body).toBe(t('en', 'error.internal'));
    const error = logger.records.find(r => r.level === 'error')!;
    const answered = logger.records.find(r => r.message === 'question answered')!;
    expect(error.context.req).toBeDefined();
    expect(answered.context.req).toBe(error.context.req);
    // Logged outside any input (e.g. at start-up or by a timer): no request id.
    core.services.answerer.ask('what is the GIL', who());
    expect(logger.records.filter(r => r.message === 'question answered').at(-1)!.context.req).toBeUndefined();
  });
});

describe('graceful drain (SIGTERM)', () => {
  it('stops taking inputs and waits for the ones in flight', async () => {
    const { core } = setup();
    let release!: () => void;
    const gate = new Promise<void>(resolve => (release = resolve));
    const slow: Command = {
      spec: { name: 'slow', description: { en: 'x', zh: 'x' }, usage: ['/slow'], options: [] },
      async execute(context) {
        await gate;
        return [{ kind: 'info', lang: context.lang, visibility: 'private', body: 'done' }];
      },
    };
    const dispatcher = new Dispatcher({ ...core.services, commands: new Map([...core.services.commands, ['slow', slow]]) });
    const inFlight = dispatcher.handle(who(), { kind: 'command-text', name: 'slow', text: '' });
    dispatcher.close();
    expect(await dispatcher.handle(who(), message('what is a decorator'))).toEqual([]);
    let idle = false;
    const waiting = dispatcher.idle().then(() => (idle = true));
    await new Promise(r => setImmediate(r));
    expect(idle).toBe(false);
    release();
    await waiting;
    expect((await inFlight)[0]!.body).toBe('done');
  });

  it('core.drain() ends a running quiz and waits until its queued messages reached the poster', async () => {
    let release!: () => void;
    const gate = new Promise<void>(resolve => (release = resolve));
    const posted: Reply[] = [];
    const poster: Poster = {
      async post(_channel, reply) {
        await gate;
        posted.push(reply);
      },
    };
    const { core, clock, dispatcher } = setup({ poster });
    const [started] = await dispatcher.handle(who(), { kind: 'command-text', name: 'quiz', text: '' });
    expect(started!.kind).not.toBe('error');
    clock.advance(1_500); // the first question goes to the (slow) poster
    let drained = false;
    const draining = core.drain().then(() => (drained = true));
    await new Promise(r => setImmediate(r));
    expect(drained).toBe(false);
    expect(await dispatcher.handle(who(), message('what is a decorator'))).toEqual([]);
    release();
    await draining;
    expect(posted.length).toBeGreaterThanOrEqual(1);
    expect(posted[0]!.kind).toBe('quiz-question');
    expect(clock.pendingCount()).toBe(0); // no quiz or daily timer left
  });
});
