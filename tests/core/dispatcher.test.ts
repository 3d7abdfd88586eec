import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Command, Invocation } from '../../src/core/commands/command-spec.ts';
import { Dispatcher, type Input } from '../../src/core/dispatcher.ts';
import type { KnowledgeBase } from '../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { t } from '../../src/core/messages.ts';
import { decodeAction, encodeAction } from '../../src/core/reply/actions.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { miniKnowledge, RecordingLogger, RecordingPoster, useTempDirs, useTestCores } from '../support/core-harness.ts';

const makeCore = useTestCores();
const tempDir = useTempDirs();
const mini = miniKnowledge();

function setup(knowledge: KnowledgeBase = mini) {
  const logger = new RecordingLogger();
  const poster = new RecordingPoster();
  const store = openSqliteStore(':memory:');
  const { core, clock } = makeCore({ knowledge, store, logger, poster });
  return { core, logger, poster, store, clock, dispatcher: core.dispatcher };
}

function who(overrides: Partial<Invocation> = {}, user: Partial<Invocation['user']> = {}): Invocation {
  return { platform: 'slack', workspace: 'T1', channel: 'C1', lang: 'en', ...overrides, user: { id: 'U1', name: 'ada', canManage: false, ...user } };
}

const message = (text: string, addressed = true): Input => ({ kind: 'message', text, addressed });
const command = (name: string, text = ''): Input => ({ kind: 'command-text', name, text });
const action = (encoded: string): Input => ({ kind: 'action', action: encoded });

function only(replies: readonly Reply[]): Reply {
  expect(replies).toHaveLength(1);
  return replies[0]!;
}

const actionsOf = (reply: Reply) => (reply.buttons ?? []).map(b => decodeAction(b.action)!);

describe('Dispatcher: questions', () => {
  it('answers an addressed message with the entry, its source, confidence and feedback buttons', async () => {
    const { dispatcher, store } = setup();
    const reply = only(await dispatcher.handle(who(), message('What is a decorator?')));
    expect(reply).toMatchObject({ kind: 'answer', lang: 'en', visibility: 'public', title: 'What is a decorator?' });
    expect(reply.body).toBe('A decorator is a function that takes a function and returns a new one, using a closure to extend it without changing its code.');
    expect(reply.source).toMatchObject({ file: 'decorator.md', line: 1 });
    expect(reply.footer).toMatch(/^Source: decorator\.md · .+ · confidence (0\.\d\d|1\.00)$/);
    expect(actionsOf(reply).map(a => a.type === 'feedback' && a.vote)).toEqual(['up', 'down']);
    expect(store.questions.stats()).toMatchObject({ answered: 1, suggested: 0, declined: 0 });
  });

  it('answers in the language of the question, whatever the platform locale', async () => {
    const { dispatcher } = setup();
    const zh = only(await dispatcher.handle(who({ lang: 'en' }), message('什么是装饰器？')));
    expect(zh).toMatchObject({ kind: 'answer', lang: 'zh', title: '什么是装饰器？' });
    expect(zh.body).toBe('装饰器是一个接收函数并返回新函数的函数，利用闭包在不修改原函数的情况下扩展功能。');
    expect(zh.footer).toMatch(/^来源：decorator\.md/);
    expect(zh.buttons!.map(b => b.label)).toEqual([t('zh', 'answer.helpful'), t('zh', 'answer.not-helpful')]);
    const en = only(await dispatcher.handle(who({ lang: 'zh' }), message('what is the GIL')));
    expect(en).toMatchObject({ kind: 'answer', lang: 'en', title: 'What is the GIL?' });
    expect(en.body).toMatch(/^The GIL \(global interpreter lock\)/);
  });

  it('names the source in the language of the reply', async () => {
    const { dispatcher } = setup();
    const en = only(await dispatcher.handle(who(), message('What is a decorator?')));
    expect(en.footer).toMatch(/^Source: decorator\.md · What is a decorator\? · confidence/);
    const zh = only(await dispatcher.handle(who(), message('什么是装饰器')));
    expect(zh.footer).toMatch(/^来源：decorator\.md · 什么是装饰器？ · 置信度/);
  });

  it('answers from the language an entry has when it lacks the question’s', async () => {
    const { dispatcher } = setup();
    const reply = only(await dispatcher.handle(who(), message('浅拷贝')));
    expect(reply).toMatchObject({ kind: 'answer', lang: 'zh', title: 'Shallow copy' });
    expect(reply.body).toMatch(/^A shallow copy copies the outer object only/);
  });

  it('declines in the language of the question, quoting it', async () => {
    const { dispatcher, store } = setup();
    const en = only(await dispatcher.handle(who(), message('how do I bake bread')));
    expect(en).toEqual({ kind: 'decline', lang: 'en', visibility: 'public', body: t('en', 'decline.body', { query: 'how do I bake bread' }) });
    const zh = only(await dispatcher.handle(who(), message('如何减肥')));
    expect(zh).toEqual({ kind: 'decline', lang: 'zh', visibility: 'public', body: t('zh', 'decline.body', { query: '如何减肥' }) });
    expect(store.questions.stats()).toMatchObject({ declined: 2 });
    expect(store.questions.stats().recentMisses.map(m => m.query).sort()).toEqual(['how do I bake bread', '如何减肥']);
  });

  it('refuses a question over 500 characters with a friendly reply instead of throwing', async () => {
    const { dispatcher, logger, store } = setup();
    const long = 'what is a decorator '.repeat(30);
    const reply = only(await dispatcher.handle(who(), message(long)));
    expect(reply).toEqual({ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.question-too-long', { max: 500 }) });
    expect(reply.body).toContain('500');
    expect(logger.records.filter(r => r.level === 'error')).toEqual([]);
    expect(store.questions.stats().answered + store.questions.stats().declined + store.questions.stats().suggested).toBe(0);
    // 500 characters (not UTF-16 units) are still a question.
    const fits = only(await dispatcher.handle(who(), message('装饰器' + '？'.repeat(497))));
    expect(fits.kind).toBe('answer');
  });

  it('refuses an empty question in the invoker’s language', async () => {
    const { dispatcher } = setup();
    expect(only(await dispatcher.handle(who(), message('   ')))).toEqual({ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.question-empty') });
    expect(only(await dispatcher.handle(who({ lang: 'zh' }), message('')))).toMatchObject({ kind: 'error', body: t('zh', 'error.question-empty') });
    const viaCommand = only(await dispatcher.handle(who(), { kind: 'command', name: 'ask', args: { options: { question: '  ' } } }));
    expect(viaCommand).toMatchObject({ kind: 'error', body: t('en', 'error.question-empty') });
  });

  it('ignores a message that was not addressed to it (no quiz running)', async () => {
    const { dispatcher, store } = setup();
    expect(await dispatcher.handle(who(), message('what is a decorator', false))).toEqual([]);
    expect(store.questions.stats().answered).toBe(0);
  });

  it('never answers a bot, whatever the input', async () => {
    const { dispatcher, store } = setup();
    const bot = who({}, { isBot: true });
    for (const input of [message('what is a decorator'), command('help'), command('nope'), action('garbage'), message('')]) {
      expect(await dispatcher.handle(bot, input)).toEqual([]);
    }
    expect(store.questions.stats()).toMatchObject({ answered: 0, suggested: 0, declined: 0 });
  });
});

describe('Dispatcher: commands', () => {
  it('/ask answers privately unless public is given', async () => {
    const { dispatcher } = setup();
    const priv = only(await dispatcher.handle(who(), command('ask', 'what is the GIL')));
    expect(priv).toMatchObject({ kind: 'answer', visibility: 'private', title: 'What is the GIL?' });
    const pub = only(await dispatcher.handle(who(), command('/ASK', 'what is the GIL public')));
    expect(pub).toMatchObject({ kind: 'answer', visibility: 'public', title: 'What is the GIL?' });
  });

  it('/ask with a question over 500 characters gets a friendly reply', async () => {
    const { dispatcher } = setup();
    const reply = only(await dispatcher.handle(who(), command('ask', 'x'.repeat(501))));
    expect(reply.kind).toBe('error');
    expect(reply.visibility).toBe('private');
    expect(reply.body).toMatch(/^Those arguments do not fit: question is longer than 500 characters/);
  });

  it('/help lists every command in the invoker’s language; /topics lists the tags with examples', async () => {
    const { dispatcher } = setup();
    const help = only(await dispatcher.handle(who(), command('help')));
    expect(help).toMatchObject({ kind: 'info', title: t('en', 'help.title'), visibility: 'private' });
    for (const name of ['ask', 'quiz', 'daily', 'topics', 'help']) expect(help.body).toContain(`\`/${name}`);
    const zhHelp = only(await dispatcher.handle(who({ lang: 'zh' }), command('help')));
    expect(zhHelp.title).toBe(t('zh', 'help.title'));
    expect(zhHelp.body).toContain('问一个面试题');
    const topics = only(await dispatcher.handle(who(), command('topics')));
    expect(topics.title).toBe(t('en', 'topics.title'));
    expect(topics.body).toContain('**concurrency** (1 entries): What is the GIL?');
    expect(topics.body).toContain('**language** (1 entries): What is a decorator?');
    // Plain notes without tags: their file name is their topic.
    expect(topics.body).toContain('**plain-notes** (3 entries): Plain notes · IaaS PaaS SaaS · Shallow copy');
  });

  it('answers an unknown command with a friendly reply naming it', async () => {
    const { dispatcher, logger } = setup();
    const reply = only(await dispatcher.handle(who(), command('frobnicate', 'now')));
    expect(reply).toEqual({ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.unknown-command', { name: 'frobnicate' }) });
    expect(only(await dispatcher.handle(who({ lang: 'zh' }), { kind: 'command', name: 'nope', args: { options: {} } })).body).toBe(
      t('zh', 'error.unknown-command', { name: 'nope' }),
    );
    expect(logger.records.filter(r => r.level === 'error')).toEqual([]);
  });

  it('bad arguments get the usage back', async () => {
    const { dispatcher } = setup();
    const reply = only(await dispatcher.handle(who(), command('quiz', 'memory 50')));
    expect(reply.kind).toBe('error');
    expect(reply.body).toContain('questions must be between 1 and 20');
    expect(reply.body).toContain('/quiz [topic] [questions] [seconds]');
  });

  it('turns an unexpected error into an apology and logs it with its context', async () => {
    const { core, logger } = setup();
    const boom = new Error('database on fire');
    const broken: Command = {
      spec: { name: 'broken', description: 'throws', usage: ['/broken'], options: [] },
      async execute() {
        throw boom;
      },
    };
    const dispatcher = new Dispatcher({ ...core.services, commands: new Map([...core.services.commands, ['broken', broken]]) });
    const reply = only(await dispatcher.handle(who({ platform: 'discord', workspace: 'G9', channel: 'C7' }, { id: 'U42' }), command('broken')));
    expect(reply).toEqual({ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.internal') });
    expect(reply.body).not.toContain('database on fire');
    const errors = logger.records.filter(r => r.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.context).toMatchObject({ err: boom, platform: 'discord', workspace: 'G9', channel: 'C7', user: 'U42', input: { kind: 'command-text', name: 'broken' } });
    expect(errors[0]!.message).toMatch(/unexpected error/);
    // The dispatcher keeps working.
    expect(only(await dispatcher.handle(who(), message('what is the GIL'))).kind).toBe('answer');
    const zh = only(await dispatcher.handle(who({ lang: 'zh' }), command('broken')));
    expect(zh.body).toBe(t('zh', 'error.internal'));
  });

  it('logs a non-Error throw too, and an action’s failure with the action', async () => {
    const { core, logger } = setup();
    const services = { ...core.services, answerer: { ...core.services.answerer, entryByRef: () => { throw 'a string, not an Error'; } } };
    const dispatcher = new Dispatcher(services as typeof core.services);
    const encoded = encodeAction({ type: 'pick', ref: mini.entries[0]!.ref });
    const reply = only(await dispatcher.handle(who(), action(encoded)));
    expect(reply.body).toBe(t('en', 'error.internal'));
    expect(logger.records.filter(r => r.level === 'error').map(r => r.context)).toEqual([
      expect.objectContaining({ err: 'a string, not an Error', input: { kind: 'action', action: encoded } }),
    ]);
  });
});

describe('Dispatcher: button actions', () => {
  it('a vague question gets "did you mean" buttons; picking one answers privately', async () => {
    const { dispatcher, store } = setup();
    const suggest = only(await dispatcher.handle(who(), message('decorator or GIL')));
    expect(suggest).toMatchObject({ kind: 'suggest', lang: 'en', title: t('en', 'suggest.title') });
    const lines = suggest.body.split('\n');
    expect(lines.map(l => l.slice(0, 3))).toEqual(['1. ', '2. ']);
    expect(lines.map(l => l.slice(3)).sort()).toEqual(['What is a decorator?', 'What is the GIL?']);
    // The buttons are in the order of the numbers (the console picks by number).
    expect(suggest.buttons!.map(b => b.label)).toEqual(lines.map(l => l.slice(3)));
    expect(suggest.buttons!.map(b => b.label).sort()).toEqual(['What is a decorator?', 'What is the GIL?']);
    expect(store.questions.stats().suggested).toBe(1);
    for (const button of suggest.buttons!) {
      const picked = only(await dispatcher.handle(who(), action(button.action)));
      expect(picked).toMatchObject({ kind: 'answer', visibility: 'private', title: button.label });
    }
    const zh = only(await dispatcher.handle(who(), message('Python 是什么')));
    expect(zh).toMatchObject({ kind: 'suggest', lang: 'zh', title: t('zh', 'suggest.title'), footer: t('zh', 'suggest.pick-hint') });
    expect(zh.body).toMatch(/^1\. .+\n2\. .+$/);
  });

  it('"show more" pages a long answer, each part within the page size, the last without the button', async () => {
    const dir = tempDir('interview-bot-dispatch-');
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} about the event loop: ${'tasks wait on futures and yield control. '.repeat(4).trim()}`);
    fs.writeFileSync(path.join(dir, 'loop.md'), `## Event loop internals\n\n${paragraphs.join('\n\n')}\n`);
    const { dispatcher } = setup(loadKnowledge(dir));
    const first = only(await dispatcher.handle(who(), message('event loop internals')));
    expect(first.kind).toBe('answer');
    expect(first.body.startsWith('Paragraph 0 ')).toBe(true);
    const seen = [first.body];
    let reply = first;
    for (let part = 1; ; part++) {
      const more = actionsOf(reply).find(a => a.type === 'more');
      if (!more) break;
      expect(more).toMatchObject({ type: 'more', part });
      reply = only(await dispatcher.handle(who(), action(encodeAction(more))));
      expect(reply).toMatchObject({ kind: 'answer', visibility: 'private' });
      expect(reply.title).toMatch(new RegExp(`^Event loop internals \\(continued ${part + 1}/\\d\\)$`));
      expect(actionsOf(reply).some(a => a.type === 'feedback')).toBe(false); // feedback only under the first part
      seen.push(reply.body);
    }
    expect(seen.length).toBeGreaterThan(1);
    for (const body of seen) expect(body.length).toBeLessThanOrEqual(3000);
    expect(seen.join('\n\n')).toBe(paragraphs.join('\n\n'));
  });

  it('records 👍/👎 feedback (a second vote changes the first) and thanks the voter', async () => {
    const { dispatcher, store } = setup();
    const answer = only(await dispatcher.handle(who(), message('what is a decorator')));
    const [up, down] = answer.buttons!.filter(b => decodeAction(b.action)?.type === 'feedback');
    const thanks = only(await dispatcher.handle(who(), action(up!.action)));
    expect(thanks).toEqual({ kind: 'info', lang: 'en', visibility: 'private', body: t('en', 'answer.feedback-thanks') });
    expect(store.questions.stats()).toMatchObject({ up: 1, down: 0 });
    await dispatcher.handle(who(), action(down!.action));
    expect(store.questions.stats()).toMatchObject({ up: 0, down: 1 });
    await dispatcher.handle(who({}, { id: 'U2' }), action(up!.action));
    expect(store.questions.stats()).toMatchObject({ up: 1, down: 1 });
    expect(store.questions.stats().recentMisses).toEqual([expect.objectContaining({ query: 'what is a decorator', outcome: 'down' })]);
  });

  it('answers a forged, truncated or stale action with "expired", never an error', async () => {
    const { dispatcher, logger } = setup();
    for (const forged of ['', 'garbage', 'pick:', 'pick:../../x', 'more:abc', 'fb:up:', 'fb:sideways:q1', 'qc:x:1:Z', 'x'.repeat(5000)]) {
      expect(only(await dispatcher.handle(who(), action(forged))), forged).toEqual({ kind: 'error', lang: 'en', visibility: 'private', body: t('en', 'error.expired') });
    }
    // Well-formed, but the question was never asked.
    expect(only(await dispatcher.handle(who(), action(encodeAction({ type: 'feedback', vote: 'up', question: 'deadbeef' })))).body).toBe(t('en', 'error.expired'));
    // Well-formed, but no such entry (the knowledge changed).
    expect(only(await dispatcher.handle(who({ lang: 'zh' }), action(encodeAction({ type: 'pick', ref: '000000000000' })))).body).toBe(t('zh', 'error.unknown-entry'));
    expect(logger.records.filter(r => r.level === 'error')).toEqual([]);
  });
});
