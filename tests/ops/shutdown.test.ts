import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { eventBody, mentionEvent, postSigned, TEST_SIGNING_SECRET } from '../adapters/slack/helpers/signed-request.ts';
import { TEST_BOT_TOKEN } from '../adapters/slack/helpers/slack-harness.ts';
import { jsonLogLines } from '../support/log-lines.ts';
import { endOf } from '../support/core-harness.ts';

/**
 * SIGTERM as a supervisor sends it: `npm start` runs in its own process, the signal goes to the bot's
 * node process (its pid is in every JSON log line), and the bot must stop taking work, finish what
 * is in flight, close the database and exit 0 within 10 s; npm and tsx then exit with that code.
 * These tests spawn real processes, so they poll with bounded timeouts.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const MINI = path.join(ROOT, 'tests/fixtures/knowledge-mini');
const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

interface Bot {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly logs: () => Record<string, unknown>[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** The bot's own node process (below npm and tsx), from its logs. */
  pid(): number;
}

function npmStart(env: Record<string, string>): Bot {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|SHARD|KNOWLEDGE_DIR$|DATABASE_FILE$|LOG_LEVEL$|HEALTH_|QUESTIONS_PER_MINUTE$)/.test(k)));
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...base, SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', DISCORD_TOKEN: '', NO_COLOR: '1', LOG_LEVEL: 'info', ...env },
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', d => (out += d));
  child.stderr!.setEncoding('utf8').on('data', d => (err += d));
  const logs = () => jsonLogLines(err);
  return {
    child,
    stdout: () => out,
    logs,
    // The time is the exit's; the result waits until the last log lines have been read from the
    // pipes (on 'exit' the final "stopped" line could still be in a pipe), at most 2 s.
    exited: endOf(child).then(end => ({ code: end.code, signal: end.signal, at: end.exitedAt })),
    pid() {
      const pid = logs().find(l => typeof l.pid === 'number')?.pid;
      if (typeof pid !== 'number') throw new Error(`no pid logged yet:\n${err}`);
      return pid;
    },
  };
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-shutdown-'));
  tempDirs.push(dir);
  return dir;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** The database after the process is gone: no write-ahead log left to recover, and the data is there. */
function expectCleanDatabase(file: string, answered: number): void {
  const wal = `${file}-wal`;
  expect(!fs.existsSync(wal) || fs.statSync(wal).size === 0).toBe(true);
  const store = openSqliteStore(file);
  try {
    expect(store.questions.stats().answered).toBe(answered);
  } finally {
    store.close();
  }
}

describe('SIGTERM / SIGINT', () => {
  it('console chat: SIGTERM with stdin still open exits 0 within 10 s and leaves the database closed cleanly', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 'bot.sqlite');
    // The console chat logs only with CONSOLE_LOG_LEVEL (LOG_LEVEL is the platforms'): the pid is in its logs.
    const bot = npmStart({ KNOWLEDGE_DIR: MINI, DATABASE_FILE: db, CONSOLE_LOG_LEVEL: 'info' });
    await until(() => bot.stdout().includes('> '), 'the prompt');
    bot.child.stdin!.write('what is a decorator\n');
    await until(() => bot.stdout().includes('A decorator is a function'), 'the answer');
    const sent = Date.now();
    process.kill(bot.pid(), 'SIGTERM');
    const { code, at } = await bot.exited;
    expect(code).toBe(0);
    expect(at - sent).toBeLessThan(10_000);
    const messages = bot.logs().map(l => l.msg);
    expect(messages).toContain('shutting down');
    expect(messages.at(-1)).toBe('stopped');
    expectCleanDatabase(db, 1);
  });

  it('Slack (HTTP mode, fake Web API): health endpoints, then SIGTERM finishes the answer in flight, exits 0 within 10 s', { timeout: 60_000 }, async () => {
    const fake = await FakeSlack.start();
    try {
      const dir = tempDir();
      const db = path.join(dir, 'bot.sqlite');
      const healthPort = await freePort();
      const bot = npmStart({
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_PORT: '0',
        SLACK_API_URL: fake.apiUrl,
        HEALTH_PORT: String(healthPort),
        KNOWLEDGE_DIR: MINI,
        DATABASE_FILE: db,
      });
      await until(() => bot.logs().some(l => l.msg === 'ready') || bot.child.exitCode !== null, 'ready', 30_000);
      const ready = bot.logs().find(l => l.msg === 'ready')!;
      expect(ready).toMatchObject({ adapters: ['slack'], entries: 5, health: `127.0.0.1:${healthPort}` });
      const slackPort = bot.logs().find(l => l.msg === 'Slack adapter listening')!.port as number;
      expect((await fetch(`http://127.0.0.1:${healthPort}/healthz`)).status).toBe(200);
      const readyz = await fetch(`http://127.0.0.1:${healthPort}/readyz`);
      expect([readyz.status, await readyz.text()]).toEqual([200, 'ready\n']);

      // An answer still on its way when the signal comes (Slack's API is slow) is delivered first.
      fake.delay('chat.postMessage', 1_500);
      const event = mentionEvent('what is a decorator', { user: 'U1', channel: 'C1' });
      expect((await postSigned(`http://127.0.0.1:${slackPort}/slack/events`, eventBody(event))).status).toBe(200);
      await until(() => bot.logs().some(l => l.msg === 'question answered'), 'the question to be answered');
      const sent = Date.now();
      process.kill(bot.pid(), 'SIGTERM');
      const { code, at } = await bot.exited;
      expect(code).toBe(0);
      expect(at - sent).toBeLessThan(10_000);
      expect(at - sent).toBeGreaterThan(500); // it did wait for the slow chat.postMessage
      expect(fake.callsTo('chat.postMessage').some(c => c.params.thread_ts === event.ts)).toBe(true);
      const messages = bot.logs().map(l => l.msg);
      expect(messages).toEqual(expect.arrayContaining(['shutting down', 'Slack adapter stopped', 'stopped']));
      // Nothing listens any more.
      await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow();
      expectCleanDatabase(db, 1);
    } finally {
      await fake.close();
    }
  });
});
