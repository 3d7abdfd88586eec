/**
 * Slack platform failures (issue 7, "Faults"): the real Bolt app and Web API client, with a fault
 * injector between them and the local fake Slack that answers chat.postMessage with 500s or not at
 * all. What the adapter does (src/adapters/slack/start-slack.ts, slack-poster.ts): the Web API
 * client retries 5xx and network errors itself, with exponential backoff (p-retry: 1 s, 2 s, 4 s …;
 * production uses the SDK's default of 10 retries over about 30 minutes, these tests 1–2), each
 * request bounded by a timeout; the poster handles 429s and logs, then rejects, what is left.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack, type SlackTuning } from '../../src/adapters/slack/start-slack.ts';
import { SlackPostError } from '../../src/adapters/slack/slack-poster.ts';
import { createCore, type Core } from '../../src/core/create-core.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { silentLogger } from '../../src/core/ports.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import { RoutingPoster } from '../../src/routing-poster.ts';
import { openSqliteStore } from '../../src/store/sqlite-store.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { FakeSlack, textsOf, type FakeCall } from '../support/fake-slack.ts';
import { eventBody, mentionEvent, postSigned, TEST_SIGNING_SECRET } from '../adapters/slack/helpers/signed-request.ts';
import { RecordingLogger, seededRandom, TEST_BOT_TOKEN } from '../adapters/slack/helpers/slack-harness.ts';
import { FaultProxy } from './fault-proxy.ts';
import { trackUnhandledRejections } from './unhandled.ts';

const unhandled = trackUnhandledRejections();
const POST_MESSAGE = /^\/api\/chat\.postMessage$/;

interface Running {
  readonly fake: FakeSlack;
  readonly proxy: FaultProxy;
  readonly slack: RunningSlack;
  readonly core: Core;
  readonly poster: RoutingPoster;
  readonly logger: RecordingLogger;
  readonly eventsUrl: string;
  stop(): Promise<void>;
}

const running: Running[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  expect(unhandled.reasons(), 'unhandled rejections').toEqual([]);
});

/** The bot as start-slack.ts builds it (HTTP mode), its Web API calls going through the fault proxy. */
async function start(tuning: SlackTuning): Promise<Running> {
  const fake = await FakeSlack.start();
  const proxy = await FaultProxy.start(fake.url);
  const logger = new RecordingLogger();
  const poster = new RoutingPoster(silentLogger);
  const store = openSqliteStore(':memory:');
  const core = createCore({ knowledge: loadKnowledge('tests/fixtures/knowledge-mini'), store, clock: new FakeClock(Date.UTC(2025, 0, 6, 8)), random: seededRandom(7), logger: silentLogger, poster });
  const slack = await startSlack({
    config: { mode: 'http', botToken: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, port: 0, apiUrl: `${proxy.url}/api/` },
    core,
    poster,
    logger,
    tuning: { host: '127.0.0.1', minPostIntervalMs: 20, ...tuning },
  });
  const r: Running = {
    fake,
    proxy,
    slack,
    core,
    poster,
    logger,
    eventsUrl: `http://127.0.0.1:${slack.port}/slack/events`,
    async stop() {
      core.shutdown();
      await slack.stop();
      store.close();
      await proxy.close();
      await fake.close();
    },
  };
  running.push(r);
  return r;
}

/** @-mentions the bot in a channel; resolves with the bot's answer in the thread, as the fake Slack recorded it. */
async function ask(r: Running, question: string, channel = 'C1', timeoutMs = 8_000): Promise<FakeCall> {
  const event = mentionEvent(question, { user: 'U1', channel });
  expect((await postSigned(r.eventsUrl, eventBody(event))).status).toBe(200);
  return r.fake.waitFor(c => c.method === 'chat.postMessage' && c.status === 200 && c.params.channel === channel && c.params.thread_ts === event.ts, timeoutMs, `the answer to "${question}"`);
}

/** Polls the logger until an entry with this message appears. */
async function waitForLog(logger: RecordingLogger, message: string, timeoutMs = 8_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = logger.entries.find(e => e.message === message);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the log "${message}"; logged: ${logger.dump()}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

const shows = (call: FakeCall, text: string) => textsOf(call).some(t => t.includes(text));
const post = (body: string): Reply => ({ kind: 'daily-post', lang: 'en', visibility: 'public', title: 'Daily question', body });

describe('Slack Web API answering 500 to chat.postMessage', () => {
  it('is retried with growing waits, and the question is answered exactly once', async () => {
    const r = await start({ webApiRetries: 2 });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.failNext(POST_MESSAGE, 2, 500);
    const answer = await ask(r, 'what is a decorator?');
    expect(shows(answer, 'What is a decorator?')).toBe(true);
    const tries = r.proxy.callsTo(POST_MESSAGE);
    expect(tries.map(t => t.outcome)).toEqual(['500', '500', 'forwarded']);
    const [first, second] = [tries[1]!.at - tries[0]!.at, tries[2]!.at - tries[1]!.at];
    expect(first).toBeGreaterThanOrEqual(900);
    expect(second).toBeGreaterThanOrEqual(1.5 * first); // exponential backoff: about 1 s, then 2 s
    expect(r.fake.messages().filter(c => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(r.logger.entries.filter(e => e.level === 'error')).toEqual([]);
  });

  it('an outage longer than the retries: logged with the channel, Slack\'s code and the HTTP status; the bot answers again once Slack recovers', async () => {
    const r = await start({ webApiRetries: 1 });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.failNext(POST_MESSAGE, 2, 503);
    const event = mentionEvent('what is a decorator?', { user: 'U1', channel: 'C2' });
    expect((await postSigned(r.eventsUrl, eventBody(event))).status).toBe(200);
    const failed = await waitForLog(r.logger, 'could not deliver a reply to Slack');
    expect(failed.context).toMatchObject({ channel: 'C2', kind: 'answer', code: 'slack_webapi_http_error' });
    const refused = r.logger.entries.find(e => e.level === 'error' && e.message === 'Slack refused a message');
    expect(refused?.context).toMatchObject({ channel: 'C2', code: 'slack_webapi_http_error', status: 503 });
    expect(r.proxy.callsTo(POST_MESSAGE).map(t => t.outcome)).toEqual(['503', '503']);
    expect(r.logger.dump()).not.toContain(TEST_BOT_TOKEN);

    // Slack is back: the next question is answered.
    expect(shows(await ask(r, 'what is a decorator?', 'C2'), 'What is a decorator?')).toBe(true);
  });

  it('the core\'s own post during the outage rejects (logged once, with context) and the next post goes out', async () => {
    const r = await start({ webApiRetries: 1 });
    r.proxy.failNext(POST_MESSAGE, 2, 500);
    const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C3' };
    await expect(r.poster.post(channel, post('Lost in the outage'))).rejects.toBeInstanceOf(SlackPostError);
    expect(r.logger.entries.filter(e => e.level === 'error' && e.message === 'Slack refused a message').map(e => e.context)).toEqual([
      expect.objectContaining({ channel: 'C3', code: 'slack_webapi_http_error', status: 500 }),
    ]);
    await r.poster.post(channel, post('After the outage'));
    const sent = r.fake.messages().filter(c => c.params.channel === 'C3');
    expect(sent).toHaveLength(1);
    expect(shows(sent[0]!, 'After the outage')).toBe(true);
  });
});

describe('what the Slack adapter does not log yet', () => {
  // Reported to the lead (start-slack.ts is theirs): the Web API client retries a 5xx silently (it only
  // logs network errors), so an outage shows up in the log only when the last retry fails, which with
  // the production policy (10 retries) is about half an hour later, while that channel's queue waits.
  // A retryConfig.onFailedAttempt hook in start-slack.ts could log each try (method, attempt, status).
  it('each retried 5xx on chat.postMessage is logged as it happens', async () => {
    const r = await start({ webApiRetries: 2 });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.failNext(POST_MESSAGE, 2, 500);
    await ask(r, 'what is a decorator?');
    const retries = r.logger.entries.filter(e => e.level === 'warn' && /\b5\d\d\b|retr/i.test(`${e.message} ${JSON.stringify(e.context)}`));
    expect(retries.length, r.logger.dump()).toBeGreaterThanOrEqual(2);
  });
});

describe('Slack Web API not answering chat.postMessage (timeouts)', () => {
  it('the request times out, is retried after a wait, and the question is answered exactly once', async () => {
    const r = await start({ webApiRetries: 1, webApiTimeoutMs: 300 });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.hangNext(POST_MESSAGE, 1);
    const answer = await ask(r, 'what is a decorator?');
    expect(shows(answer, 'What is a decorator?')).toBe(true);
    const tries = r.proxy.callsTo(POST_MESSAGE);
    expect(tries.map(t => t.outcome)).toEqual(['hung', 'forwarded']);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(300 + 900);
    expect(r.fake.messages().filter(c => c.method === 'chat.postMessage')).toHaveLength(1);
    // The Web API client logs the failed request (through the injected logger, never the console).
    expect(r.logger.entries.some(e => e.level === 'warn' && /http request failed/.test(e.message ?? '') && /timeout|aborted/i.test(e.message ?? ''))).toBe(true);
  });

  it('when every try times out: logged with the cause, nothing unhandled, and answers resume afterwards', async () => {
    const r = await start({ webApiRetries: 1, webApiTimeoutMs: 300 });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.hangNext(POST_MESSAGE, 2);
    const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C4' };
    await expect(r.poster.post(channel, post('Timed out'))).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    const refused = r.logger.entries.find(e => e.level === 'error' && e.message === 'Slack refused a message');
    expect(refused?.context).toMatchObject({ channel: 'C4', code: 'slack_webapi_request_error', cause: expect.stringMatching(/timeout|aborted/i) });
    expect(shows(await ask(r, 'what is a decorator?', 'C4'), 'What is a decorator?')).toBe(true);
  });
});
