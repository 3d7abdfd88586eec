import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonClickBody, commandBody, eventBody, mentionEvent, newEventId, postSigned } from '../adapters/slack/helpers/signed-request.ts';
import { TEST_SIGNING_SECRET } from '../adapters/slack/helpers/signed-request.ts';
import { TEST_BOT_TOKEN } from '../adapters/slack/helpers/slack-harness.ts';
import { consoleStartEnv, MINI_DIR, ROOT, useChildProcesses } from '../support/core-harness.ts';
import { buttonsOf, FakeSlack, textsOf } from '../support/fake-slack.ts';
import { POSTGRES, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { jsonLogLines } from '../support/log-lines.ts';

/**
 * Three real bot processes (`src/host/main.ts`, Slack HTTP mode) on one throw-away PostgreSQL, behind
 * a small round-robin proxy, against the fake Slack: a retried event that reaches another replica is
 * answered once; kill -9 of the host running the daily scheduler: the post is made once, by another.
 */

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const track = useChildProcesses();

interface Replica {
  readonly child: ChildProcess;
  readonly logs: () => Record<string, unknown>[];
  port: number;
}

async function until(test: () => boolean, what: string, ms: number): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 25));
  }
}

function startReplica(env: NodeJS.ProcessEnv): Replica {
  const child = track(spawn(TSX, [path.join(ROOT, 'src/host/main.ts')], { cwd: ROOT, detached: true, env, stdio: ['ignore', 'ignore', 'pipe'] }));
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', d => (err += d));
  const logs = () => jsonLogLines(err);
  return { child, logs, port: 0 };
}

/** Forwards each request to the next replica in turn, as a load balancer would. */
async function roundRobin(ports: () => readonly number[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const targets = ports();
      const port = targets[next++ % targets.length]!;
      const forward = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, upstream => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      });
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

describe.skipIf(!POSTGRES.run)('several hosts on one PostgreSQL (real processes)', () => {
  let db: TestPostgres;
  let url = '';
  let fake: FakeSlack;
  let proxy: { url: string; close(): Promise<void> };
  const replicas: Replica[] = [];
  const alive = () => replicas.filter(r => r.child.exitCode === null && r.child.signalCode === null);

  beforeAll(async () => {
    db = await startPostgres();
    url = await db.createDatabase();
    fake = await FakeSlack.start({ teamId: 'T1' });
    const env = consoleStartEnv(
      { knowledgeDir: MINI_DIR, databaseFile: '' },
      { DATABASE_URL: url, DATABASE_FILE: '', SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'info' },
    );
    for (let i = 0; i < 3; i++) replicas.push(startReplica(env));
    await until(() => replicas.every(r => r.logs().some(l => l.msg === 'ready') || r.child.exitCode !== null), 'three replicas ready', 45_000);
    for (const r of replicas) {
      expect(r.child.exitCode, JSON.stringify(r.logs().slice(-5))).toBeNull();
      r.port = r.logs().find(l => l.msg === 'Slack adapter listening')!.port as number;
    }
    proxy = await roundRobin(() => alive().map(r => r.port));
  }, 60_000);

  afterAll(async () => {
    for (const r of replicas) {
      try {
        process.kill(-r.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await proxy?.close();
    await fake?.close();
    await db?.stop();
  });

  it('an event retried by Slack that reaches another replica is answered once', async () => {
    const event = mentionEvent('what is the GIL', { channel: 'C1' });
    const body = eventBody(event, { eventId: newEventId() });
    const first = await postSigned(proxy.url, body);
    const retry = await postSigned(proxy.url, body, { headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    expect([first.status, retry.status]).toEqual([200, 200]);
    const answers = () => fake.calls.filter(c => c.method === 'chat.postMessage' && c.params.channel === 'C1' && c.params.thread_ts === event.ts);
    await until(() => answers().length >= 1, 'the answer', 15_000);
    await new Promise(resolve => setTimeout(resolve, 1_500)); // room for a second answer, if one were coming
    expect(answers()).toHaveLength(1);
  }, 30_000);

  it('200 people answering one quiz question through three replicas: each counted once, the same scores from every replica', async () => {
    // The quiz runs on the replica that took /quiz; clicks reaching the others are relayed to it.
    const started = await postSigned(proxy.url, commandBody({ command: '/quiz', text: 'concurrency 2 20', channel_id: 'C2', response_url: fake.responseUrl('quiz-start') }), { contentType: 'application/x-www-form-urlencoded' });
    expect(started.status).toBe(200);
    const question = await fake.waitFor(c => c.method === 'chat.postMessage' && c.params.channel === 'C2' && buttonsOf(c).length === 4, 40_000, 'the multiple-choice question');
    const buttons = buttonsOf(question);
    // The options are shuffled: the right one is the line with the fixture's right answer.
    const text = textsOf(question).join('\n');
    const right = ['A', 'B', 'C', 'D'].findIndex(letter => new RegExp(`${letter}[.)．、:：]?\\s*\\**\\s*One thread runs bytecode at a time`).test(text));
    expect(right, text).toBeGreaterThanOrEqual(0);
    const wrong = buttons.filter((_, i) => i !== right);
    const click = (user: string, button: (typeof buttons)[number]) =>
      postSigned(proxy.url, buttonClickBody({ user, userName: user.toLowerCase(), channel: 'C2', messageTs: question.params.ts ?? '1.1', value: button.value, actionId: button.actionId, response_url: fake.responseUrl() }), {
        contentType: 'application/x-www-form-urlencoded',
      }).then(r => r.status);
    // 200 people at once, each on a wrong letter (the first right click would end the question) ...
    const people = Array.from({ length: 200 }, (_, i) => `U${1000 + i}`);
    expect((await Promise.all(people.map((user, i) => click(user, wrong[i % 3]!)))).every(status => status === 200)).toBe(true);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const quizId = (await client.query(`SELECT id FROM quiz_runs WHERE channel = 'C2'`)).rows[0].id as string;
      const answers = async () =>
        (await client.query(`SELECT count(*)::int AS n, count(DISTINCT "user")::int AS people, count(*) FILTER (WHERE correct)::int AS right FROM quiz_answers WHERE quiz_id = $1`, [quizId])).rows[0] as Record<string, number>;
      const recorded = async (n: number) => {
        const deadline = Date.now() + 30_000;
        while ((await answers()).n < n && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100));
      };
      // Slack is answered at once and the click is counted after, so a person's second click is sent once
      // the first is counted (as a person's second click comes seconds later, not in the same millisecond).
      await recorded(200);
      expect(await answers()).toEqual({ n: 200, people: 200, right: 0 });
      // ... then 50 of them click the right letter, through other replicas: only a first click counts.
      expect((await Promise.all(people.slice(0, 50).map(user => click(user, buttons[right]!)))).every(status => status === 200)).toBe(true);
      await new Promise(resolve => setTimeout(resolve, 1_500)); // a relay poll or two more: nothing further may count
      expect(await answers()).toEqual({ n: 200, people: 200, right: 0 });
      // A newcomer clicks the right letter: one award, and the question is won.
      expect(await click('U9999', buttons[right]!)).toBe(200);
      const awarded = async () => (await client.query(`SELECT "user", points FROM quiz_awards WHERE quiz_id = $1`, [quizId])).rows as { user: string; points: number }[];
      const until2 = Date.now() + 10_000;
      while ((await awarded()).length === 0 && Date.now() < until2) await new Promise(resolve => setTimeout(resolve, 100));
      expect((await awarded()).map(a => a.user)).toEqual(['U9999']);
      expect(await answers()).toEqual({ n: 201, people: 201, right: 1 });
    } finally {
      await client.end();
    }
    // The scoreboard, asked three times through the proxy (so of each replica): the same.
    const boards: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = `scores-${i}`;
      await postSigned(proxy.url, commandBody({ command: '/quiz', text: 'scores', channel_id: 'C3', response_url: fake.responseUrl(id) }), { contentType: 'application/x-www-form-urlencoded' });
      const reply = await fake.waitFor(c => c.method === 'response_url' && c.responseId === id, 10_000, 'the scores');
      boards.push(textsOf(reply).join('\n'));
    }
    expect(new Set(boards).size).toBe(1);
    expect(boards[0]).toContain('u9999');
  }, 90_000);

  it('kill -9 of the host running the daily scheduler: another host takes over and posts the day once', async () => {
    await until(() => replicas.filter(r => r.logs().some(l => l.msg === 'scheduler leadership taken: this host posts the daily questions')).length === 1, 'a leader', 15_000);
    const leader = replicas.find(r => r.logs().some(l => l.msg === 'scheduler leadership taken: this host posts the daily questions'))!;
    process.kill(-leader.child.pid!, 'SIGKILL');
    // A schedule due now (this minute, set before it): the host that leads next must post it, once.
    const now = new Date();
    const minute = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes());
    const hhmm = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `INSERT INTO daily_schedules (platform, workspace, channel, time, time_zone, topic, lang, set_by, set_at) VALUES ('slack', 'T1', 'C9', $1, 'UTC', NULL, 'en', 'U1', $2)`,
      [hhmm, minute - 60_000],
    );
    const posts = () => fake.calls.filter(c => c.method === 'chat.postMessage' && c.params.channel === 'C9');
    // Takeover at the next check (5 s); if that check came before the insert, the leader's re-read (30 s) finds it.
    await until(() => posts().length >= 1, 'the daily post', 40_000);
    await new Promise(resolve => setTimeout(resolve, 2_000));
    expect(posts()).toHaveLength(1);
    const claimed = await client.query(`SELECT count(*)::int AS n FROM daily_posts WHERE channel = 'C9' AND day IS NOT NULL`);
    await client.end();
    expect(claimed.rows[0].n).toBe(1);
    const newLeaders = replicas.filter(r => r !== leader && r.logs().some(l => l.msg === 'scheduler leadership taken: this host posts the daily questions'));
    expect(newLeaders).toHaveLength(1);
  }, 60_000);
});
