import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FakeDiscord, snowflake, type FakeUser } from '../../support/fake-discord.ts';
import { FakeSlack, textsOf } from '../../support/fake-slack.ts';
import { eventBody, mentionEvent, postSigned, TEST_SIGNING_SECRET } from '../slack/helpers/signed-request.ts';
import { TEST_BOT_TOKEN } from '../slack/helpers/slack-harness.ts';
import { FAKE_TOKEN, KNOWLEDGE_MINI, textOf } from './harness.ts';

/**
 * The bot as a user starts it: `npm start` in a separate process, configured only through DISCORD_*
 * settings, with DISCORD_API_URL pointing at the local fake (the gateway URL then comes from the
 * fake's /gateway/bot). Nothing here talks to anything but 127.0.0.1.
 */

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly logs: () => any[];
}

const running = new Set<ChildProcess>();
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-discord-'));
  tempDirs.push(dir);
  return dir;
}

function npmStart(env: Record<string, string>): Started {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(DISCORD_|SLACK_|SHARD)/.test(k) && k !== 'SHARDING_MANAGER'));
  const child = spawn('npm', ['start', '--silent'], {
    cwd: process.cwd(),
    // Its own process group, so that npm, tsx, node and any shard processes are stopped together.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...base,
      // Set (empty) so a developer's .env cannot switch Slack on or change Discord here: dotenv never overrides.
      SLACK_BOT_TOKEN: '',
      SLACK_APP_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_PORT: '',
      SLACK_API_URL: '',
      DISCORD_GUILD_ID: '',
      DISCORD_SHARDS: '',
      DISCORD_MESSAGE_CONTENT: '',
      LOG_LEVEL: 'info',
      HEALTH_PORT: '0',
      NO_COLOR: '1',
      ...env,
    },
  });
  running.add(child);
  let output = '';
  child.stdout!.on('data', d => (output += String(d)));
  child.stderr!.on('data', d => (output += String(d)));
  child.on('exit', () => running.delete(child));
  const logs = () =>
    output
      .split('\n')
      .filter(l => l.startsWith('{'))
      .map(l => {
        try {
          return JSON.parse(l);
        } catch {
          return undefined;
        }
      })
      .filter(Boolean);
  return { child, output: () => output, logs };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 8000);
  await exited;
  clearTimeout(timer);
  // Nothing of the group may outlive the test (a shard process, say).
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // all gone
  }
}

let fake: FakeDiscord | undefined;

afterEach(async () => {
  await Promise.all([...running].map(stop));
  await fake?.close();
  fake = undefined;
});

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm start with DISCORD_* settings', () => {
  it('runs the Discord adapter and answers a mention end to end, mentioning nobody', async () => {
    const applicationId = snowflake();
    const bot: FakeUser = { id: applicationId, username: 'InterviewBot', bot: true };
    const user: FakeUser = { id: snowflake(), username: 'carol' };
    const channelId = snowflake();
    fake = await FakeDiscord.start({ applicationId, bot, guilds: [{ id: snowflake(), name: 'prep', channels: [{ id: channelId, name: 'general' }] }] });
    const dir = tempDir();
    const started = npmStart({
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_APPLICATION_ID: applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_FILE: path.join(dir, 'bot.sqlite'),
      KNOWLEDGE_DIR: KNOWLEDGE_MINI,
    });

    const [conn] = await fake.waitForIdentify(1, 30_000).catch(error => {
      throw new Error(`${String(error)}\nbot output:\n${started.output()}`);
    });
    expect(conn!.identify.token).toBe(FAKE_TOKEN);
    await fake.waitUntil(() => started.logs().find(l => l.msg === 'discord: ready'), 15_000, 'the bot to be ready');

    fake.userMessage({ channelId, author: user, content: `<@${bot.id}> @everyone what is a decorator?`, mentions: [bot], mentionEveryone: true });
    const post = await fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages`, 15_000);
    expect(textOf(post.body)).toContain('What is a decorator?');
    expect(post.body.allowed_mentions.parse).toEqual([]);
    expect(started.output()).not.toContain(FAKE_TOKEN);
  });

  it('runs Discord and Slack in one process when both are configured', async () => {
    const applicationId = snowflake();
    const bot: FakeUser = { id: applicationId, username: 'InterviewBot', bot: true };
    const channelId = snowflake();
    fake = await FakeDiscord.start({ applicationId, bot, guilds: [{ id: snowflake(), name: 'prep', channels: [{ id: channelId, name: 'general' }] }] });
    const slack = await FakeSlack.start();
    try {
      const started = npmStart({
        DISCORD_TOKEN: FAKE_TOKEN,
        DISCORD_APPLICATION_ID: applicationId,
        DISCORD_API_URL: fake.apiUrl,
        SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_PORT: '0',
        SLACK_API_URL: slack.apiUrl,
        DATABASE_FILE: path.join(tempDir(), 'bot.sqlite'),
        KNOWLEDGE_DIR: KNOWLEDGE_MINI,
      });
      await fake.waitUntil(() => started.logs().find(l => l.msg === 'discord: ready'), 30_000, 'Discord to be ready').catch(error => {
        throw new Error(`${String(error)}\nbot output:\n${started.output()}`);
      });
      const listening = await fake.waitUntil(() => started.logs().find(l => typeof l.msg === 'string' && l.msg.includes('Slack adapter listening')), 15_000, 'Slack to listen');

      fake.userMessage({ channelId, author: { id: snowflake(), username: 'erin' }, content: `<@${bot.id}> what is a decorator?`, mentions: [bot] });
      const post = await fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages`, 15_000);
      expect(textOf(post.body)).toContain('What is a decorator?');

      const event = mentionEvent('what is a decorator', { user: 'U1', channel: 'C1' });
      const res = await postSigned(`http://127.0.0.1:${listening.port}/slack/events`, eventBody(event));
      expect(res.status).toBe(200);
      const answer = await slack.waitFor(c => c.method === 'chat.postMessage' && c.params.channel === 'C1', 10_000, 'the Slack answer');
      expect(textsOf(answer).some(t => t.includes('What is a decorator?'))).toBe(true);
    } finally {
      await Promise.all([...running].map(stop));
      await slack.close();
    }
  });

  it('rejects malformed settings naming each of them, before connecting anywhere', async () => {
    const started = npmStart({ DISCORD_TOKEN: 'Bot abc', DISCORD_APPLICATION_ID: 'my-bot', DISCORD_SHARDS: 'many', DISCORD_API_URL: 'ftp://x' });
    const code = await new Promise<number | null>(resolve => started.child.once('exit', c => resolve(c)));
    expect(code).not.toBe(0);
    for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_SHARDS', 'DISCORD_API_URL']) expect(started.output()).toContain(name);
    expect(started.output()).not.toContain('abc');
  });

  it('DISCORD_SHARDS=auto: one process per shard (the fake says 2), each answering and scheduling only its own guild', async () => {
    const applicationId = snowflake();
    const bot: FakeUser = { id: applicationId, username: 'InterviewBot', bot: true };
    const user: FakeUser = { id: snowflake(), username: 'dave' };
    const guilds = [0, 1].map(shard => ({ id: snowflake({ shard, count: 2 }), name: `guild on shard ${shard}`, channels: [{ id: snowflake(), name: 'general' }] }));
    fake = await FakeDiscord.start({ applicationId, bot, guilds, shards: 2 });
    const dir = tempDir();
    const databaseFile = path.join(dir, 'shared.sqlite');

    // A daily schedule in each guild whose time passed five minutes ago: each shard makes up its own guild's post at start.
    const now = Date.now();
    const due = new Date(now - 5 * 60_000);
    const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    const store = openSqliteStore(databaseFile);
    for (const guild of guilds) {
      store.daily.setSchedule({ channel: { platform: 'discord', workspace: guild.id, channel: guild.channels[0]!.id }, time, timeZone: 'UTC', topic: null, lang: 'en', setBy: 'test', setAt: now - 10 * 60_000 });
    }
    store.close();

    const started = npmStart({
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_APPLICATION_ID: applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARDS: 'auto',
      DATABASE_FILE: databaseFile,
      KNOWLEDGE_DIR: KNOWLEDGE_MINI,
    });
    const conns = await fake.waitForIdentify(2, 45_000).catch(error => {
      throw new Error(`${String(error)}\nbot output:\n${started.output()}`);
    });
    expect(conns.map(c => c.identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const ready = await fake.waitUntil(
      () => {
        const lines = started.logs().filter(l => l.msg === 'discord: ready');
        return lines.length >= 2 ? lines : undefined;
      },
      20_000,
      'both shards to be ready',
    );
    expect(new Set(ready.map(l => l.pid)).size).toBe(2);

    for (const [shard, guild] of guilds.entries()) {
      const channelId = guild.channels[0]!.id;
      const sent = Date.now();
      fake.userMessage({ channelId, author: user, content: `<@${bot.id}> shallow copy`, mentions: [bot] });
      expect(fake.connectionFor(guild.id).identify.shard).toEqual([shard, 2]);
      const answer = await fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.at >= sent && textOf(r.body).includes('Shallow copy'), 15_000);
      expect(answer.body.allowed_mentions.parse).toEqual([]);
      // The made-up daily post of this guild came from this guild's shard.
      await fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && textOf(r.body).includes('Question of the day'), 15_000);
    }

    // Each shard armed exactly its own guild's schedule; the manager process (no shard) armed none of Discord's.
    const shardOfPid = new Map(ready.map(l => [l.pid, l.shards]));
    // A shard's log line can reach the pipe after its post reaches the fake (its log is written behind):
    // wait for both shards' lines rather than read them at once.
    await fake.waitUntil(
      () => (started.logs().filter(l => l.msg === 'daily: started' && shardOfPid.has(l.pid)).length >= 2 ? true : undefined),
      15_000,
      "both shards' daily schedulers to log their start",
    );
    const dailyStarts = started.logs().filter(l => l.msg === 'daily: started');
    for (const line of dailyStarts) expect(line.schedules).toBe(shardOfPid.has(line.pid) ? 1 : 0);
    expect(dailyStarts.filter(l => shardOfPid.has(l.pid))).toHaveLength(2);
    expect(fake.find('POST', /\/messages$/).filter(r => textOf(r.body).includes('Question of the day'))).toHaveLength(2);
  });
});
