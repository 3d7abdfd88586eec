import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../../src/core/commands/command-spec.ts';
import { Conversation } from '../../../src/core/conversation/conversation.ts';
import { FOLLOW_UPS, followUp, normalizePhrase, SMALL_TALK, smallTalk } from '../../../src/core/conversation/phrases.ts';
import type { Input } from '../../../src/core/dispatcher.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { t } from '../../../src/core/messages.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';
import { decodeAction } from '../../../src/core/reply/actions.ts';
import { miniKnowledge, useFolders, useTestCores } from '../../support/core-harness.ts';

/**
 * The conversation around the answers: small talk, "tell me more" and its kin, and a bare number,
 * through the dispatcher as every platform uses it.
 */
const makeCore = useTestCores();
const folder = useFolders('interview-bot-conversation-');

const paragraph = (n: number) => `Paragraph ${n} about the event loop: it runs callbacks, polls for I/O and schedules the tasks that are ready, one after another, on a single thread.`;
const NOTES = {
  'async.md': [
    '# Async',
    '',
    '## What is the event loop?',
    '',
    Array.from({ length: 30 }, (_, i) => paragraph(i + 1)).join('\n\n'),
    '',
    '## What is a coroutine?',
    '',
    'A coroutine is a function that can pause at await and resume later.',
    '',
    '```python',
    'async def fetch():',
    '    await asyncio.sleep(1)',
    '```',
    '',
    '## What is a future?',
    '',
    'A future is a placeholder for a result that is not there yet.',
    '',
  ].join('\n'),
};

function who(user = 'U1', overrides: Partial<Invocation> = {}): Invocation {
  return { platform: 'slack', workspace: 'T1', channel: 'C1', lang: 'en', ...overrides, user: { id: user, canManage: false } };
}
const say = (text: string): Input => ({ kind: 'message', text, addressed: true });

function setup(knowledge = loadKnowledge(folder(NOTES))) {
  const { core, clock } = makeCore({ knowledge });
  const send = async (text: string, as = who()) => core.dispatcher.handle(as, say(text));
  return { core, clock, send };
}

describe('small talk', () => {
  it('answers greetings, thanks and "help" with a short line in the person\'s language, never "my notes have nothing"', async () => {
    const { core, send } = setup(miniKnowledge());
    const cases: [string, 'greeting' | 'thanks' | 'help', 'en' | 'zh'][] = [
      ['hi', 'greeting', 'en'],
      ['Hello!', 'greeting', 'en'],
      ['hey there 👋', 'greeting', 'en'],
      ['thanks', 'thanks', 'en'],
      ['Thank you!!', 'thanks', 'en'],
      ['help', 'help', 'en'],
      ['你好', 'greeting', 'zh'],
      ['你好呀～', 'greeting', 'zh'],
      ['谢谢', 'thanks', 'zh'],
      ['谢谢！', 'thanks', 'zh'],
      ['怎么用', 'help', 'zh'],
    ];
    for (const [text, kind, lang] of cases) {
      const replies = await send(text);
      expect(replies, text).toEqual([{ kind: 'info', lang, visibility: 'public', body: t(lang, `smalltalk.${kind}`) }]);
    }
    // Small talk is not a question: nothing was logged as declined.
    expect(core.services.store.questions.stats()).toMatchObject({ answered: 0, suggested: 0, declined: 0 });
    // "/ask hi" is the same.
    const [viaAsk] = await core.dispatcher.handle(who(), { kind: 'command-text', name: 'ask', text: 'hi' });
    expect(viaAsk).toMatchObject({ kind: 'info', body: t('en', 'smalltalk.greeting'), visibility: 'private' });
    // A greeting with a question in it is a question.
    const [answer] = await send('hi, what is a decorator?');
    expect(answer!.kind).toBe('answer');
  });

  it('keeps its phrases as data, each recognised, none also a follow-up', () => {
    for (const [kind, phrases] of Object.entries(SMALL_TALK)) for (const p of phrases) expect(smallTalk(p), p).toBe(kind);
    for (const [kind, phrases] of Object.entries(FOLLOW_UPS)) for (const p of phrases) expect(followUp(p), p).toBe(kind);
    for (const phrases of Object.values(SMALL_TALK)) for (const p of phrases) expect(followUp(p), p).toBeUndefined();
    expect(Object.isFrozen(SMALL_TALK) && Object.isFrozen(SMALL_TALK.greeting) && Object.isFrozen(FOLLOW_UPS.more)).toBe(true);
    expect(normalizePhrase('  Tell me MORE, bot!! ')).toBe('tell me more');
    expect(smallTalk('what is the GIL')).toBeUndefined();
    expect(followUp('tell me more about the GIL')).toBeUndefined();
  });
});

describe('"tell me more" and its kin', () => {
  it('continues a long answer with its next part, then offers the related entries, which a number picks', async () => {
    const { send } = setup();
    const [first] = await send('What is the event loop?');
    expect(first).toMatchObject({ kind: 'answer', title: 'What is the event loop?' });
    expect(first!.about).toMatchObject({ part: 0, parts: 2 });

    const [second] = await send('tell me more');
    expect(second).toMatchObject({ kind: 'answer', title: `What is the event loop? ${t('en', 'answer.part', { part: 2, parts: 2 })}` });
    expect(second!.body).toContain('Paragraph 30');

    const [related] = await send('more');
    expect(related!.kind).toBe('suggest');
    expect(related!.title).toBe(t('en', 'conversation.related-title', { title: 'What is the event loop?' }));
    const titles = related!.buttons!.map(b => b.label);
    expect(titles).toEqual(expect.arrayContaining(['What is a coroutine?', 'What is a future?']));

    const n = titles.indexOf('What is a future?') + 1;
    const [picked] = await send(String(n));
    expect(picked).toMatchObject({ kind: 'answer', title: 'What is a future?' });
  });

  it('"example?" shows the code of the last answer; without code it says so and offers related entries', async () => {
    const { send } = setup();
    await send('What is a coroutine?');
    const [examples] = await send('example?');
    expect(examples).toMatchObject({ kind: 'answer', title: t('en', 'conversation.examples-title', { title: 'What is a coroutine?' }) });
    expect(examples!.body).toBe('```python\nasync def fetch():\n    await asyncio.sleep(1)\n```');
    expect(examples!.footer).toBe('Source: async.md · What is a coroutine?');

    await send('What is a future?');
    const replies = await send('举个例子');
    expect(replies[0]).toMatchObject({ kind: 'info', lang: 'zh', body: t('zh', 'conversation.no-examples', { title: 'What is a future?' }) });
    expect(replies[1]!.kind).toBe('suggest');
  });

  it('works in Chinese ("继续", "还有吗"), per person and channel, and forgets after 30 minutes', async () => {
    const { send, clock } = setup();
    await send('What is the event loop?');
    const [next] = await send('继续');
    expect(next).toMatchObject({ kind: 'answer', lang: 'zh' });
    expect(next!.title).toContain(t('zh', 'answer.part', { part: 2, parts: 2 }));
    expect((await send('还有吗'))[0]!.kind).toBe('suggest');

    // Somebody else, or the same person in another channel, has nothing to continue.
    for (const other of [who('U2'), who('U1', { channel: 'C2' })]) {
      expect(await send('tell me more', other)).toEqual([{ kind: 'info', lang: 'en', visibility: 'private', body: t('en', 'conversation.nothing-to-continue') }]);
    }
    await send('What is the event loop?');
    clock.advance(30 * 60_000 + 1);
    expect((await send('tell me more'))[0]!.body).toBe(t('en', 'conversation.nothing-to-continue'));
  });
});

describe('a bare number', () => {
  it('with no suggestions pending says there is nothing to pick, instead of matching "2" against the notes', async () => {
    const { core, send } = setup(miniKnowledge());
    expect(await send('2')).toEqual([{ kind: 'info', lang: 'en', visibility: 'private', body: t('en', 'conversation.nothing-to-pick', { n: 2 }) }]);
    expect(core.services.store.questions.stats().declined).toBe(0);
  });

  it('picks a pending "did you mean" suggestion, records the pick for stats, and 👍/👎 then count for that question', async () => {
    const { core, send } = setup(miniKnowledge());
    const [suggest] = await send('decorator or GIL');
    expect(suggest!.kind).toBe('suggest');
    const picks = suggest!.buttons!.map(b => decodeAction(b.action));
    expect(picks.every(p => p?.type === 'pick' && p.question !== undefined)).toBe(true);

    expect(await send('7')).toEqual([{ kind: 'info', lang: 'en', visibility: 'private', body: t('en', 'conversation.no-such-choice', { n: 7, count: picks.length }) }]);
    const [answer] = await send('2');
    expect(answer).toMatchObject({ kind: 'answer', title: suggest!.buttons![1]!.label });
    const votes = answer!.buttons!.map(b => decodeAction(b.action)).filter(a => a?.type === 'feedback');
    expect(votes).toHaveLength(2);
    // The votes are on the question that was asked, not on a new one.
    const question = picks[1]!.type === 'pick' ? picks[1]!.question : undefined;
    expect(votes.every(v => v?.type === 'feedback' && v.question === question)).toBe(true);
    expect(core.services.store.questions.feedback(question!, 'U1', 'down', 0)).toBe(true);
    expect(core.services.store.questions.stats().downVoted).toEqual([expect.objectContaining({ query: 'decorator or GIL' })]);
  });

  it('the pick reaches the question log', async () => {
    const { core, send } = setup(miniKnowledge());
    const [suggest] = await send('decorator or GIL');
    const second = decodeAction(suggest!.buttons![1]!.action);
    await send('2');
    const entry = core.services.answerer.entryByRef(second?.type === 'pick' ? second.ref : '')!;
    const stats = core.services.store.questions.stats();
    expect(stats.suggestions).toEqual([expect.objectContaining({ query: 'decorator or GIL', picked: entry.id })]);
  });
});

describe('Conversation memory', () => {
  it('keeps at most maxKeys conversations', async () => {
    const { core, clock } = setup(miniKnowledge());
    const conversation = new Conversation({ clock, answerer: core.services.answerer, options: { maxKeys: 2 } });
    const answer: Reply = { kind: 'answer', lang: 'en', visibility: 'public', body: 'x', about: { ref: core.services.answerer.entries()[0]!.ref, part: 0, parts: 1 } };
    for (const user of ['a', 'b', 'c', 'd']) conversation.remember(who(user), [answer]);
    expect(conversation.size).toBe(2);
    expect(conversation.respond('more', who('a'))).toMatchObject({ kind: 'replies', replies: [{ body: t('en', 'conversation.nothing-to-continue') }] });
    expect(conversation.respond('more', who('d'))).not.toMatchObject({ replies: [{ body: t('en', 'conversation.nothing-to-continue') }] });
  });
});
