import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlack, SlackStartError } from '../../../src/adapters/slack/start-slack.ts';
import { RejectedSettingError } from '../../../src/env.ts';
import { createCore, type Core } from '../../../src/core/create-core.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { silentLogger } from '../../../src/core/ports.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FakeSlack } from '../../support/fake-slack.ts';
import { TEST_SIGNING_SECRET } from './helpers/signed-request.ts';
import { RecordingLogger, TEST_BOT_TOKEN } from './helpers/slack-harness.ts';

/** Start-up failures are one clear sentence, and never contain the token. */
let fake: FakeSlack;
let core: Core;
const registered: string[] = [];
const poster = { register: (platform: string) => void registered.push(platform) };
const tuning = { host: '127.0.0.1', webApiRetries: 0, webApiTimeoutMs: 2_000 };

beforeAll(async () => {
  fake = await FakeSlack.start({ validTokens: [TEST_BOT_TOKEN] });
  core = createCore({
    knowledge: loadKnowledge('tests/fixtures/knowledge-mini'),
    store: openSqliteStore(':memory:'),
    clock: { now: () => 0, setTimeout: () => ({ cancel() {} }) },
    random: { next: () => 0.5 },
    logger: silentLogger,
    poster: { post: async () => {} },
  });
});

afterAll(async () => {
  core?.shutdown();
  await fake?.close();
});

describe('startSlack', () => {
  it('refuses a bot token Slack rejects, before listening', async () => {
    const logger = new RecordingLogger();
    const token = 'xoxb-revoked-0000-zzzzzzzzzz';
    const error = await startSlack({
      config: { mode: 'http', botToken: token, signingSecret: TEST_SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl },
      core,
      poster,
      logger,
      tuning,
    }).catch((e: unknown) => e);
    // A setting to fix, not an outage: main.ts exits 78 with this one line (tests/ops/start-up.test.ts).
    expect(error).toBeInstanceOf(RejectedSettingError);
    expect((error as Error).message).toMatch(/SLACK_BOT_TOKEN was rejected.*invalid_auth/);
    expect((error as Error).message).not.toContain(token);
    expect(logger.dump()).not.toContain(token);
    expect(registered).toEqual([]);
  });

  it('says so when the Web API cannot be reached', async () => {
    const closed = await new Promise<number>(resolve => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (server.address() as net.AddressInfo).port;
        server.close(() => resolve(port));
      });
    });
    const error = await startSlack({
      config: { mode: 'http', botToken: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, port: 0, apiUrl: `http://127.0.0.1:${closed}/api/` },
      core,
      poster,
      logger: new RecordingLogger(),
      tuning,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackStartError);
    expect((error as Error).message).toMatch(/could not reach the Slack Web API at SLACK_API_URL/);
  });

  it('says so when SLACK_PORT is taken', async () => {
    const busy = net.createServer();
    await new Promise<void>(resolve => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const error = await startSlack({
        config: { mode: 'http', botToken: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, port, apiUrl: fake.apiUrl },
        core,
        poster,
        logger: new RecordingLogger(),
        tuning,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SlackStartError);
      expect((error as Error).message).toMatch(new RegExp(`could not listen on SLACK_PORT ${port}`));
      expect(registered).toEqual([]);
    } finally {
      busy.close();
    }
  });

  it('registers its poster for the core and stops cleanly', async () => {
    registered.length = 0;
    const slack = await startSlack({
      config: { mode: 'http', botToken: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl },
      core,
      poster,
      logger: new RecordingLogger(),
      tuning,
    });
    expect(slack).toMatchObject({ name: 'slack', mode: 'http', botUserId: 'UBOT' });
    expect(slack.port).toBeGreaterThan(0);
    expect(registered).toEqual(['slack']);
    await slack.stop();
    await expect(fetch(`http://127.0.0.1:${slack.port}/healthz`)).rejects.toThrow();
  });
});
