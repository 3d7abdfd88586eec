import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleChat } from '../../../src/adapters/console/console-chat.ts';
import { t } from '../../../src/core/messages.ts';
import type { Poster } from '../../../src/core/services.ts';
import { consoleStartEnv, MINI_DIR as MINI, miniKnowledge, ROOT, until, useChildProcesses, useTempDirs, useTestCores } from '../../support/core-harness.ts';

const knowledge = miniKnowledge();
const makeCore = useTestCores();
const tempDir = useTempDirs();
const track = useChildProcesses();

/** A console chat over the real core, driven through in-memory streams. */
function consoleChat() {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', d => (text += d));
  let chat: ConsoleChat | undefined;
  const poster: Poster = { post: (channel, reply) => chat!.post(channel, reply) };
  const { core } = makeCore({ poster });
  chat = new ConsoleChat({ input, output, dispatcher: core.dispatcher, entryCount: knowledge.entries.length });
  const done = chat.run();
  return {
    chat,
    core,
    done,
    output: () => text,
    /** Types lines and waits until the chat has answered them (it prompts again after each). */
    async type(...lines: string[]) {
      for (const line of lines) {
        const before = text.length;
        input.write(line + '\n');
        await until(() => text.slice(before).includes('> ') || chat!.isClosed);
      }
    },
    end: () => input.end(),
  };
}

/** The text printed after the last time `marker` was typed (up to the next prompt). */
function after(output: string, from: number): string {
  return output.slice(from).split('\n> ')[0]!;
}

describe('ConsoleChat (in-process)', () => {
  it('greets with the entry count, answers, shows help and topics, and says bye on /quit', async () => {
    const c = consoleChat();
    await c.type('what is a decorator');
    expect(c.output()).toMatch(/^Interview bot ready \(5 entries\)\. Type a question, \/help for commands, \/quit to leave\.\n\n> /);
    expect(c.output()).toContain('What is a decorator?\n────');
    expect(c.output()).toContain('A decorator is a function that takes a function and returns a new one');
    expect(c.output()).toContain('Source: decorator.md');
    expect(c.output()).not.toContain('Helpful'); // feedback buttons are not console choices

    let mark = c.output().length;
    await c.type('/help');
    const help = after(c.output(), mark);
    expect(help).toContain(t('en', 'help.title'));
    for (const name of ['/ask', '/quiz', '/daily', '/topics', '/help']) expect(help).toContain(name);

    mark = c.output().length;
    await c.type('/topics');
    expect(after(c.output(), mark)).toContain('**concurrency** (1 entries): What is the GIL?');

    await c.type('/quit', 'what is the GIL');
    await c.done;
    expect(c.chat.isClosed).toBe(true);
    expect(c.output().trimEnd().endsWith(t('en', 'console.bye'))).toBe(true);
    expect(c.output()).not.toContain('What is the GIL?\n────'); // nothing after /quit is answered
  });

  it('numbers "did you mean" suggestions once and answers the one picked by number', async () => {
    const c = consoleChat();
    let mark = c.output().length;
    await c.type('decorator or GIL');
    const suggest = after(c.output(), mark);
    expect(suggest).toContain(t('en', 'suggest.title'));
    const picks = [...suggest.matchAll(/^ {2}\[(\d)\] (.+)$/gm)].map(m => [m[1], m[2]]);
    expect(picks.map(p => p[0])).toEqual(['1', '2']);
    expect(picks.map(p => p[1]).sort()).toEqual(['What is a decorator?', 'What is the GIL?']);
    // Each title appears once: as a numbered choice, not again in a list above it.
    for (const [, title] of picks) expect(suggest.split(title!).length - 1).toBe(1);

    mark = c.output().length;
    await c.type('2');
    const picked = after(c.output(), mark);
    expect(picked).toContain(`${picks[1]![1]}\n────`);
    expect(picked).toContain('Source: ');

    mark = c.output().length;
    await c.type('7');
    // The answer closed the suggestions: a number now says there is nothing to pick, never matched against the notes.
    expect(after(c.output(), mark)).toContain(t('en', 'conversation.nothing-to-pick'));
    expect(after(c.output(), mark)).not.toContain('Sorry, my notes');
    c.end();
    await c.done;
    expect(c.output().trimEnd().endsWith(t('en', 'console.bye'))).toBe(true);
  });

  it('switches to Chinese with a Chinese question: answers, help and bye in Chinese', async () => {
    const c = consoleChat();
    await c.type('什么是装饰器', '/help');
    expect(c.output()).toContain('什么是装饰器？\n────');
    expect(c.output()).toContain('装饰器是一个接收函数并返回新函数的函数');
    expect(c.output()).toContain(t('zh', 'help.title'));
    await c.type('/quit');
    await c.done;
    expect(c.output().trimEnd().endsWith(t('zh', 'console.bye'))).toBe(true);
  });

  it('answers errors in the chat: unknown command, too-long question; blank lines are ignored', async () => {
    const c = consoleChat();
    let mark = c.output().length;
    await c.type('/nope');
    expect(after(c.output(), mark)).toContain(t('en', 'error.unknown-command', { name: 'nope' }));
    mark = c.output().length;
    await c.type('x'.repeat(600));
    expect(after(c.output(), mark)).toContain(t('en', 'error.question-too-long', { max: 500 }));
    mark = c.output().length;
    await c.type('   ');
    expect(c.output().slice(mark)).toBe('> ');
    c.end();
    await c.done;
  });
});

describe('ConsoleChat: what the console accepts besides questions', () => {
  it('/good and /bad rate the last answer, stored like the platforms\' 👍/👎; before any answer they say so', async () => {
    const c = consoleChat();
    let mark = c.output().length;
    await c.type('/good');
    expect(after(c.output(), mark)).toContain(t('en', 'console.nothing-to-rate'));
    await c.type('what is a decorator', '/bad');
    expect(c.output()).toContain(t('en', 'answer.feedback-thanks'));
    expect(c.core.services.store.questions.stats()).toMatchObject({ answered: 1, up: 0, down: 1 });
    expect(c.core.services.store.questions.stats().downVoted).toEqual([expect.objectContaining({ query: 'what is a decorator' })]);
    mark = c.output().length;
    await c.type('/good'); // a changed mind counts once
    expect(after(c.output(), mark)).toContain(t('en', 'answer.feedback-thanks'));
    expect(c.core.services.store.questions.stats()).toMatchObject({ up: 1, down: 0 });
    c.end();
    await c.done;
  });

  it('/help lists the commands and everything else the console accepts', async () => {
    const c = consoleChat();
    const mark = c.output().length;
    await c.type('/help');
    const help = after(c.output(), mark);
    for (const name of ['/ask', '/quiz', '/daily', '/topics', '/help', '/quit', '/good', '/bad', 'number', 'tell me more', 'letter']) expect(help).toContain(name);
    c.end();
    await c.done;
  });

  it('answers small talk and "tell me more" in the chat', async () => {
    const c = consoleChat();
    let mark = c.output().length;
    await c.type('hi');
    expect(after(c.output(), mark)).toContain(t('en', 'smalltalk.greeting'));
    mark = c.output().length;
    await c.type('谢谢');
    expect(after(c.output(), mark)).toContain(t('zh', 'smalltalk.thanks'));
    await c.type('what is the GIL');
    mark = c.output().length;
    await c.type('tell me more');
    expect(after(c.output(), mark)).not.toContain('Sorry, my notes have nothing');
    c.end();
    await c.done;
  });
});

describe('npm start with no platform configured (the console chat)', () => {
  it('is never rate-limited: 15 piped questions with QUESTIONS_PER_MINUTE=2 all get their answer', async () => {
    const dir = tempDir('interview-bot-console-limit-');
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: consoleStartEnv({ knowledgeDir: MINI, databaseFile: path.join(dir, 'bot.sqlite') }, { QUESTIONS_PER_MINUTE: '2' }),
    });
    track(child);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d));
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
    child.stdin.end('what is a decorator\n'.repeat(15));
    expect(await exited).toBe(0);
    expect(stdout.split('What is a decorator?\n────').length - 1).toBe(15);
    expect(stdout).not.toContain(t('en', 'error.rate-limited', { seconds: 60 }).slice(0, 20));
  }, 30_000);

  it('answers typed lines, lists help and topics, picks a suggestion by number and exits 0 on /quit', async () => {
    const dir = tempDir('interview-bot-console-');
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true, // its own process group: npm, tsx and node are stopped together if the test fails
      stdio: ['pipe', 'pipe', 'pipe'],
      env: consoleStartEnv({ knowledgeDir: MINI, databaseFile: path.join(dir, 'bot.sqlite') }),
    });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d));
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));

    const prompts = () => stdout.split('> ').length - 1;
    const send = async (line: string) => {
      const n = prompts();
      child.stdin.write(line + '\n');
      await until(() => prompts() > n, 20_000);
    };
    await until(() => prompts() >= 1, 20_000);
    expect(stdout).toContain('Interview bot ready (5 entries).');
    await send('What is the GIL?');
    await send('/help');
    await send('/topics');
    await send('decorator or GIL');
    const suggestion = stdout.match(/^ {2}\[1\] (.+)$/m)?.[1];
    expect(suggestion).toBeDefined();
    await send('1');
    child.stdin.write('/quit\n'); // stdin stays open: the chat itself must end the process
    const code = await Promise.race([exited, new Promise<'timeout'>(r => setTimeout(() => r('timeout'), 20_000))]);
    expect(code, stderr).toBe(0);

    expect(stdout).toContain('What is the GIL?\n────');
    expect(stdout).toContain('The GIL (global interpreter lock) lets only one thread execute Python bytecode at a time.');
    expect(stdout).toContain(t('en', 'help.title'));
    expect(stdout).toContain(t('en', 'topics.title'));
    expect(stdout).toContain(t('en', 'suggest.title'));
    expect(stdout.split(`${suggestion}\n────`).length - 1).toBe(suggestion === 'What is the GIL?' ? 2 : 1);
    expect(stdout.trimEnd().endsWith(t('en', 'console.bye'))).toBe(true);
    expect(stdout).not.toMatch(/\x1b\[/);
    expect(fs.existsSync(path.join(dir, 'bot.sqlite'))).toBe(true);
  });
});
