import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, textsOf } from '../../support/fake-slack.ts';
import { endOf, useTempDirs } from '../../support/core-harness.ts';
import { eventBody, mentionEvent, postSigned, TEST_SIGNING_SECRET } from './helpers/signed-request.ts';
import { TEST_BOT_TOKEN } from './helpers/slack-harness.ts';
import { makeKnowledgeDir } from './helpers/test-knowledge.ts';

const tempDir = useTempDirs();

/**
 * The bot started the way a user starts it: `npm start` in its own process, configured only by
 * SLACK_* settings that point its Web API at a local fake. Nothing here talks to anything but 127.0.0.1.
 */

interface Started {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** `npm start` with a clean environment (no SLACK_/DISCORD_ settings of the machine) plus `env`. */
function npmStart(env: Record<string, string>): Started {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_)/.test(k)));
  const child = spawn('npm', ['start', '--silent'], {
    cwd: process.cwd(),
    env: { ...base, DISCORD_TOKEN: '', NODE_ENV: 'test', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group, so the test can stop npm, tsx and node together
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', d => (out += String(d)));
  child.stderr!.on('data', d => (err += String(d)));
  const exited = endOf(child).then(end => end.code); // stderr read to the end, or at most 2 s after the exit
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function stop(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.pid === undefined) return;
  try {
    process.kill(-started.child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-started.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await started.exited;
  clearTimeout(timer);
}

/** Waits for the JSON log line that says the Slack adapter listens, and returns its port. */
async function listeningPort(started: Started, timeoutMs = 25_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of started.stderr().split('\n')) {
      if (!line.includes('Slack adapter listening')) continue;
      try {
        const port = (JSON.parse(line) as { port?: number }).port;
        if (typeof port === 'number' && port > 0) return port;
      } catch {
        // a partial line: read again
      }
    }
    if (started.child.exitCode !== null) throw new Error(`npm start exited (${started.child.exitCode}):\n${started.stderr()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not listen in time:\n${started.stderr()}`);
    await new Promise(r => setTimeout(r, 100));
  }
}

describe('npm start with SLACK_* settings', () => {
  let fake: FakeSlack;
  let tmp: string;
  let bot: Started | undefined;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-e2e-'));
  });

  afterAll(async () => {
    await stop(bot);
    await fake?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('starts the Slack adapter (not the console chat) and answers a mention in a thread', async () => {
    bot = npmStart({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_PORT: '0',
      SLACK_API_URL: fake.apiUrl,
      DATABASE_FILE: path.join(tmp, 'bot.sqlite'),
      KNOWLEDGE_DIR: makeKnowledgeDir(tempDir),
      LOG_LEVEL: 'info',
    });
    const port = await listeningPort(bot);
    expect(fake.callsTo('auth.test')).toHaveLength(1);

    const event = mentionEvent('what is a decorator', { user: 'U1', channel: 'C1' });
    const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, eventBody(event));
    expect(res.status).toBe(200);
    const answer = await fake.waitFor(c => c.method === 'chat.postMessage' && c.params.thread_ts === event.ts, 10_000, 'the answer');
    expect(answer.params.channel).toBe('C1');
    expect(textsOf(answer).some(t => t.includes('What is a decorator?'))).toBe(true);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await health.text()).toBe('ok');

    expect(bot.stdout()).not.toMatch(/Interview bot ready|面试助手已就绪/);
    expect(bot.stderr()).not.toContain(TEST_BOT_TOKEN);
    expect(bot.stderr()).not.toContain(TEST_SIGNING_SECRET);

    await stop(bot);
    expect(bot.child.exitCode === 0 || bot.child.signalCode !== null).toBe(true);
  });

  it('refuses to start with one clear error when the Slack settings do not fit together', async () => {
    const started = npmStart({
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_PORT: '3000',
      DATABASE_FILE: path.join(tmp, 'bad.sqlite'),
    });
    try {
      const code = await started.exited;
      expect(code).not.toBe(0);
      expect(started.stderr()).toMatch(/SLACK_APP_TOKEN \(Socket Mode/);
      expect(started.stderr()).not.toContain(TEST_BOT_TOKEN);
    } finally {
      await stop(started);
    }
  });
});
