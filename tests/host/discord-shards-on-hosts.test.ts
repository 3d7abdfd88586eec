import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKEN, textOf } from '../adapters/discord/harness.ts';
import { consoleStartEnv, MINI_DIR, ROOT, useChildProcesses } from '../support/core-harness.ts';
import { FakeDiscord, MANAGER_PERMISSIONS, snowflake, type FakeGuild, type FakeUser } from '../support/fake-discord.ts';
import { POSTGRES, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { jsonLogLines } from '../support/log-lines.ts';

/**
 * Discord shards spread over hosts: two real bot processes (`src/host/main.ts`), host A with
 * DISCORD_SHARD_IDS=0 and host B with DISCORD_SHARD_IDS=1 of DISCORD_SHARD_COUNT=2, on one throw-away
 * PostgreSQL, against the local fake Discord (REST and gateway on 127.0.0.1, real discord.js).
 */

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const STRING = 3;
const track = useChildProcesses();

interface Host {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logs: () => Record<string, any>[];
  readonly output: () => string;
}

describe.skipIf(!POSTGRES.run)('two Discord hosts with one shard each on one PostgreSQL (real processes)', () => {
  let db: TestPostgres;
  let url = '';
  let fake: FakeDiscord;
  const applicationId = snowflake();
  const bot: FakeUser = { id: applicationId, username: 'InterviewBot', bot: true };
  const alice: FakeUser = { id: snowflake(), username: 'alice' };
  const guilds: FakeGuild[] = [0, 1].map(shard => ({ id: snowflake({ shard, count: 2 }), name: `guild on shard ${shard}`, channels: [{ id: snowflake(), name: 'general' }] }));
  const channelOf = (shard: number) => guilds[shard]!.channels[0]!.id;
  const hosts: Host[] = [];

  function startHost(name: string, shardIds: string): Host {
    const env = consoleStartEnv(
      { knowledgeDir: MINI_DIR, databaseFile: '' },
      {
        DATABASE_URL: url,
        DATABASE_FILE: '',
        DISCORD_TOKEN: FAKE_TOKEN,
        DISCORD_APPLICATION_ID: applicationId,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_SHARD_IDS: shardIds,
        DISCORD_SHARD_COUNT: '2',
        DISCORD_GUILD_ID: '',
        DISCORD_SHARDS: '',
        DISCORD_MESSAGE_CONTENT: '',
        SLACK_PORT: '',
        SLACK_API_URL: '',
        HEALTH_PORT: '0',
        LOG_LEVEL: 'info',
      },
    );
    const child = track(spawn(TSX, [path.join(ROOT, 'src/host/main.ts')], { cwd: ROOT, detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', d => (out += d));
    child.stderr!.setEncoding('utf8').on('data', d => (out += d));
    const logs = () => jsonLogLines(out);
    const host = { name, child, logs, output: () => out };
    hosts.push(host);
    return host;
  }

  const readyLine = (host: Host) => host.logs().find(l => l.msg === 'discord: ready');
  async function waitReady(host: Host): Promise<Record<string, any>> {
    return fake.waitUntil(() => readyLine(host) ?? (host.child.exitCode !== null ? { exited: host.child.exitCode } : undefined), 45_000, `host ${host.name} to be ready`).then(line => {
      if ('exited' in line) throw new Error(`host ${host.name} exited (${line.exited}):\n${host.output()}`);
      return line;
    });
  }

  /** The text of every response to an interaction (its callback, or a deferred reply's edit). */
  const answerTo = (interaction: ReturnType<FakeDiscord['slashCommand']>, expected: string) =>
    fake.waitUntil(
      () => {
        const text = fake.responsesTo(interaction).map(r => textOf(r.body)).join('\n');
        return text.includes(expected) ? text : undefined;
      },
      15_000,
      `an answer containing "${expected}"`,
    );

  beforeAll(async () => {
    db = await startPostgres();
    url = await db.createDatabase();
    fake = await FakeDiscord.start({ applicationId, bot, guilds, shards: 2 });
    startHost('A', '0');
    startHost('B', '1');
    await Promise.all(hosts.map(waitReady));
  }, 60_000);

  afterAll(async () => {
    for (const host of hosts) {
      try {
        process.kill(-host.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await fake?.close();
    await db?.stop();
  });

  it('each host connects with its own shard id and answers only the guild of its shard', async () => {
    const [a, b] = hosts as [Host, Host];
    // Two gateway sessions, one per shard; each host's client runs exactly its shard and sees its one guild.
    const conns = fake.connections.filter(c => c.identify !== undefined && !c.closed);
    expect(conns.map(c => c.identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(readyLine(a)).toMatchObject({ shards: [0], guilds: 1 });
    expect(readyLine(b)).toMatchObject({ shards: [1], guilds: 1 });
    expect(readyLine(a)!.pid).not.toBe(readyLine(b)!.pid);

    for (const shard of [0, 1]) {
      const channelId = channelOf(shard);
      const sent = Date.now();
      fake.userMessage({ channelId, author: alice, content: `<@${bot.id}> shallow copy`, mentions: [bot] });
      // The message went to the session of this guild's shard, which only one host runs.
      expect(fake.connectionFor(guilds[shard]!.id).identify.shard).toEqual([shard, 2]);
      const answer = await fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.at >= sent, 15_000, `the answer in the guild on shard ${shard}`);
      expect(textOf(answer.body)).toContain('Shallow copy');
    }
    // One answer per question: the other host did not answer a guild it does not run.
    for (const shard of [0, 1]) expect(fake.find('POST', `/channels/${channelOf(shard)}/messages`)).toHaveLength(1);
  }, 40_000);

  it('they share state through PostgreSQL: a schedule set through host A is there for the host that takes shard 0 over', async () => {
    const set = (shard: number, time: string) =>
      fake.slashCommand({
        channelId: channelOf(shard),
        user: alice,
        permissions: MANAGER_PERMISSIONS,
        name: 'daily',
        subcommand: 'set',
        options: [
          { name: 'time', type: STRING, value: time },
          { name: 'timezone', type: STRING, value: 'UTC' },
        ],
      });
    // Set through host A (shard 0) and through host B (shard 1): both in the one shared database.
    await answerTo(set(0, '07:15'), '07:15');
    await answerTo(set(1, '19:45'), '19:45');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const rows = (await client.query(`SELECT workspace, channel, time FROM daily_schedules WHERE platform = 'discord' ORDER BY time`)).rows;
      expect(rows).toEqual([
        { workspace: guilds[0]!.id, channel: channelOf(0), time: '07:15' },
        { workspace: guilds[1]!.id, channel: channelOf(1), time: '19:45' },
      ]);
    } finally {
      await client.end();
    }

    // Host A goes away; another host takes shard 0 and knows the schedule made through A.
    const a = hosts[0]!;
    const exited = new Promise(resolve => a.child.once('exit', resolve));
    process.kill(-a.child.pid!, 'SIGTERM');
    await exited;
    const c = startHost('C', '0');
    expect(await waitReady(c)).toMatchObject({ shards: [0], guilds: 1 });
    const status = await answerTo(fake.slashCommand({ channelId: channelOf(0), user: alice, name: 'daily', subcommand: 'status' }), '07:15');
    expect(status).not.toContain('19:45');
    // Host B ran on throughout, and still answers its own guild's status from the same database.
    expect(hosts[1]!.child.exitCode).toBeNull();
    await answerTo(fake.slashCommand({ channelId: channelOf(1), user: alice, name: 'daily', subcommand: 'status' }), '19:45');
  }, 60_000);
});
