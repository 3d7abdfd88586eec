import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SIGNING_SECRET } from '../adapters/slack/helpers/signed-request.ts';
import { TEST_BOT_TOKEN } from '../adapters/slack/helpers/slack-harness.ts';
import { consoleStartEnv, MINI_DIR, ROOT, useChildProcesses } from '../support/core-harness.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { POSTGRES, startPostgres, type TestPostgres } from '../support/postgres.ts';
import { jsonLogLines } from '../support/log-lines.ts';

/**
 * /readyz end to end: the real bot process (`src/host/main.ts`, Slack HTTP mode against the fake
 * Slack) on a throw-away PostgreSQL, wired by the composition root. The cluster is stopped
 * (`pg_ctl stop`): /readyz answers 503 while /healthz stays 200; started again: /readyz is 200 again,
 * and the process ran through it all.
 */

const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const track = useChildProcesses();

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms: number, output: () => string): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}; bot output:\n${output().split('\n').slice(-15).join('\n')}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/** A loopback port free just now (HEALTH_PORT=0 turns the endpoints off, so the test picks one). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(!POSTGRES.run)('/readyz while the shared database is unreachable (real process, real PostgreSQL)', () => {
  let db: TestPostgres;
  let fake: FakeSlack;

  beforeAll(async () => {
    db = await startPostgres();
    fake = await FakeSlack.start({ teamId: 'T1' });
  }, 30_000);

  afterAll(async () => {
    await fake?.close();
    await db?.stop();
  });

  it('answers 503 while the cluster is stopped and 200 once it is back; the process never exits', async () => {
    const url = await db.createDatabase();
    const port = await freePort();
    const env = consoleStartEnv(
      { knowledgeDir: MINI_DIR, databaseFile: '' },
      { DATABASE_URL: url, DATABASE_FILE: '', SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl, HEALTH_PORT: String(port), LOG_LEVEL: 'info' },
    );
    const child = track(spawn(TSX, [path.join(ROOT, 'src/host/main.ts')], { cwd: ROOT, detached: true, env, stdio: ['ignore', 'ignore', 'pipe'] }));
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', d => (err += d));
    const output = () => err;
    const logs = () => jsonLogLines(err);
    const running = () => child.exitCode === null && child.signalCode === null;
    try {
      await until(() => (logs().some(l => l.msg === 'ready') || !running() ? true : undefined), 'the bot to be ready', 45_000, output);
      expect(running(), output()).toBe(true);
      expect(logs().find(l => l.msg === 'health endpoints listening')?.port).toBe(port);
      const get = async (p: string) => {
        const res = await fetch(`http://127.0.0.1:${port}${p}`);
        return { status: res.status, body: (await res.text()).trim() };
      };
      expect(await get('/readyz')).toEqual({ status: 200, body: 'ready' });

      // The outage: the server stops; the host sees it (a dropped connection, or its liveness ping).
      db.pause();
      const down = await until(async () => {
        const r = await get('/readyz');
        return r.status === 503 ? r : undefined;
      }, '/readyz to say 503', 15_000, output);
      expect(down.body).toBe('database unreachable');
      expect(await get('/healthz')).toEqual({ status: 200, body: 'ok' });
      expect(logs().some(l => l.msg === 'database unreachable; the bot keeps running and reconnects')).toBe(true);
      // Still 503 a moment later (while the reconnect attempts fail), and still running.
      await new Promise(resolve => setTimeout(resolve, 1_000));
      expect((await get('/readyz')).status).toBe(503);
      expect(running()).toBe(true);

      db.resume();
      await until(async () => ((await get('/readyz')).status === 200 ? true : undefined), '/readyz to say 200 again', 20_000, output);
      expect(await get('/readyz')).toEqual({ status: 200, body: 'ready' });
      expect(logs().some(l => l.msg === 'database reachable again')).toBe(true);
      expect(running(), output()).toBe(true);
      expect(logs().filter(l => l.msg === 'ready')).toHaveLength(1); // never restarted
    } finally {
      if (running()) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 90_000);
});
