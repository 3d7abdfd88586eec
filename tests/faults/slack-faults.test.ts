/**
 * Slack platform failures (issue 7, "Faults"): the real Bolt app and Web API client, with a fault
 * injector between them and the local fake Slack that answers chat.postMessage with 500s, not at
 * all, or loses the answer to a message it did post. What the adapter does (start-slack.ts,
 * slack-poster.ts): the poster's Web API client never retries by itself (each request bounded by a
 * timeout); the poster retries a 429 after Retry-After, and after a timeout, reset or 5xx it waits
 * (production: 1 s, 5 s, 30 s, 2 min, 5 min; these tests a few hundred ms), looks the message up by
 * its metadata id (conversations.history / conversations.replies) and sends it again only if Slack
 * does not have it. What is left is logged, then rejected. Each message is posted at most once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSlack, type RunningSlack, type SlackTuning } from '../../src/adapters/slack/start-slack.ts';
import { SlackPostError } from '../../src/adapters/slack/slack-poster.ts';
import { createCore, type Core } from '../../src/core/create-core.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { silentLogger } from '../../src/core/ports.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import { RoutingPoster } from '../../src/host/routing-poster.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { FakeSlack, textsOf, type FakeCall } from '../support/fake-slack.ts';
import { commandBody, eventBody, mentionEvent, postSigned, TEST_SIGNING_SECRET } from '../adapters/slack/helpers/signed-request.ts';
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
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  /** The core's own log (daily: "sending failed" …). */
  readonly coreLogger: RecordingLogger;
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
  const clock = new FakeClock(Date.UTC(2025, 0, 6, 8));
  const coreLogger = new RecordingLogger();
  const core = createCore({ knowledge: loadKnowledge('tests/fixtures/knowledge-mini'), store, clock, random: seededRandom(7), logger: coreLogger, poster });
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
    clock,
    logger,
    coreLogger,
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
const postsTo = (r: Running, channel: string) => r.fake.messages().filter(c => c.method === 'chat.postMessage' && c.params.channel === channel);

describe('Slack Web API answering 500 to chat.postMessage', () => {
  it('is looked up, then retried after the configured waits, and the question is answered exactly once', async () => {
    const r = await start({ postRetryDelaysMs: [300, 600] });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.failNext(POST_MESSAGE, 2, 500);
    const answer = await ask(r, 'what is a decorator?');
    expect(shows(answer, 'What is a decorator?')).toBe(true);
    const tries = r.proxy.callsTo(POST_MESSAGE);
    expect(tries.map(t => t.outcome)).toEqual(['500', '500', 'forwarded']);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(280);
    expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(580);
    // Before each retry the poster asked Slack whether the reply was in the thread (it was not).
    const lookups = r.fake.callsTo('conversations.replies');
    expect(lookups).toHaveLength(2);
    expect(lookups[0]!.params).toMatchObject({ channel: 'C1', ts: answer.params.thread_ts, include_all_metadata: 'true' });
    // All tries carried the same message id.
    const ids = r.fake.calls.filter(c => c.method === 'chat.postMessage').map(c => c.params.metadata?.event_payload?.id);
    expect(ids).toHaveLength(1); // the 500s never reached the fake
    expect(answer.params.metadata).toMatchObject({ event_type: 'interview_bot_message', event_payload: { id: expect.any(String) } });
    expect(postsTo(r, 'C1')).toHaveLength(1);
    expect(r.logger.entries.filter(e => e.level === 'error')).toEqual([]);
  });

  it('an outage longer than the retries: logged with the channel, Slack\'s code and the HTTP status; the bot answers again once Slack recovers', async () => {
    const r = await start({ postRetryDelaysMs: [200] });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.failNext(POST_MESSAGE, 2, 503);
    const event = mentionEvent('what is a decorator?', { user: 'U1', channel: 'C2' });
    expect((await postSigned(r.eventsUrl, eventBody(event))).status).toBe(200);
    const failed = await waitForLog(r.logger, 'could not deliver a reply to Slack');
    expect(failed.context).toMatchObject({ channel: 'C2', kind: 'answer', code: 'slack_webapi_http_error' });
    const refused = r.logger.entries.find(e => e.level === 'error' && e.message === 'Slack refused a message');
    expect(refused?.context).toMatchObject({ channel: 'C2', code: 'slack_webapi_http_error', status: 503, attempt: 2 });
    expect(r.proxy.callsTo(POST_MESSAGE).map(t => t.outcome)).toEqual(['503', '503']);
    // Checked after each failure (the last check before giving up), never found, so never posted.
    expect(r.fake.callsTo('conversations.replies')).toHaveLength(2);
    expect(postsTo(r, 'C2')).toHaveLength(0);
    expect(r.logger.dump()).not.toContain(TEST_BOT_TOKEN);

    // Slack is back: the next question is answered.
    expect(shows(await ask(r, 'what is a decorator?', 'C2'), 'What is a decorator?')).toBe(true);
  });

  it('the core\'s own post during the outage rejects (logged once, with context) and the next post goes out', async () => {
    const r = await start({ postRetryDelaysMs: [100] });
    r.proxy.failNext(POST_MESSAGE, 2, 500);
    const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C3' };
    await expect(r.poster.post(channel, post('Lost in the outage'))).rejects.toBeInstanceOf(SlackPostError);
    expect(r.logger.entries.filter(e => e.level === 'error' && e.message === 'Slack refused a message').map(e => e.context)).toEqual([
      expect.objectContaining({ channel: 'C3', code: 'slack_webapi_http_error', status: 500 }),
    ]);
    // A top-level post is looked up in the channel's history, with its metadata, since shortly before the first try.
    const lookups = r.fake.callsTo('conversations.history');
    expect(lookups).toHaveLength(2);
    expect(lookups[0]!.params).toMatchObject({ channel: 'C3', include_all_metadata: 'true' });
    expect(Number(lookups[0]!.params.oldest)).toBeLessThan(Date.now() / 1000);
    await r.poster.post(channel, post('After the outage'));
    const sent = postsTo(r, 'C3');
    expect(sent).toHaveLength(1);
    expect(shows(sent[0]!, 'After the outage')).toBe(true);
  });

  it('each failed try of chat.postMessage is logged as it happens (channel, attempt, HTTP status, wait)', async () => {
    const r = await start({ postRetryDelaysMs: [1_500, 200] });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.failNext(POST_MESSAGE, 2, 500);
    const event = mentionEvent('what is a decorator?', { user: 'U1', channel: 'C1' });
    expect((await postSigned(r.eventsUrl, eventBody(event))).status).toBe(200);
    const first = await waitForLog(r.logger, 'Slack did not answer a message (it may have been posted); checking for it after a wait before retrying');
    // Logged while the poster waits, not once it has given up.
    expect(r.proxy.callsTo(POST_MESSAGE)).toHaveLength(1);
    expect(first.level).toBe('warn');
    expect(first.context).toMatchObject({ channel: 'C1', attempt: 1, code: 'slack_webapi_http_error', status: 500, waitMs: 1_500 });
    await r.fake.waitFor(c => c.method === 'chat.postMessage' && c.status === 200 && c.params.thread_ts === event.ts, 8_000, 'the answer');
    const retries = r.logger.entries.filter(e => e.level === 'warn' && e.message?.startsWith('Slack did not answer a message'));
    expect(retries.map(e => e.context)).toEqual([expect.objectContaining({ attempt: 1, status: 500 }), expect.objectContaining({ attempt: 2, status: 500, waitMs: 200 })]);
  });
});

describe('Slack Web API not answering chat.postMessage (timeouts)', () => {
  it('the request times out, is looked up, retried after a wait, and the question is answered exactly once', async () => {
    const r = await start({ webApiTimeoutMs: 300, postRetryDelaysMs: [500] });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.hangNext(POST_MESSAGE, 1);
    const answer = await ask(r, 'what is a decorator?');
    expect(shows(answer, 'What is a decorator?')).toBe(true);
    const tries = r.proxy.callsTo(POST_MESSAGE);
    expect(tries.map(t => t.outcome)).toEqual(['hung', 'forwarded']);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(300 + 450);
    expect(r.fake.callsTo('conversations.replies')).toHaveLength(1); // checked first: not there
    expect(postsTo(r, 'C1')).toHaveLength(1);
    // The Web API client logs the failed request (through the injected logger, never the console).
    expect(r.logger.entries.some(e => e.level === 'warn' && /http request failed/.test(e.message ?? '') && /timeout|aborted/i.test(e.message ?? ''))).toBe(true);
  });

  it('when every try times out: logged with the cause, nothing unhandled, and answers resume afterwards', async () => {
    const r = await start({ webApiTimeoutMs: 300, postRetryDelaysMs: [100] });
    r.fake.addUser({ id: 'U1', locale: 'en-US' });
    r.proxy.hangNext(POST_MESSAGE, 2);
    const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C4' };
    await expect(r.poster.post(channel, post('Timed out'))).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
    const refused = r.logger.entries.find(e => e.level === 'error' && e.message === 'Slack refused a message');
    expect(refused?.context).toMatchObject({ channel: 'C4', code: 'slack_webapi_request_error', cause: expect.stringMatching(/timeout|aborted/i) });
    expect(shows(await ask(r, 'what is a decorator?', 'C4'), 'What is a decorator?')).toBe(true);
  });
});

describe('Slack posts the message but its answer is lost: posted at most once', () => {
  for (const how of ['reset', 'hang'] as const) {
    it(`an answer in a thread, the connection ${how === 'reset' ? 'reset' : 'left hanging until the timeout'}: found by its id, not sent again`, async () => {
      const r = await start({ webApiTimeoutMs: 300, postRetryDelaysMs: [100, 100] });
      r.fake.addUser({ id: 'U1', locale: 'en-US' });
      r.proxy.loseAnswerNext(POST_MESSAGE, 1, how);
      const event = mentionEvent('what is a decorator?', { user: 'U1', channel: 'C1' });
      expect((await postSigned(r.eventsUrl, eventBody(event))).status).toBe(200);
      const recovered = await waitForLog(r.logger, 'Slack had posted the message; its lost answer was recovered');
      expect(recovered.context).toMatchObject({ channel: 'C1', attempt: 1, code: 'slack_webapi_request_error', ts: expect.any(String) });
      await r.slack.stop(); // drains the poster's queue
      expect(r.proxy.callsTo(POST_MESSAGE).map(t => t.outcome)).toEqual(['lost']);
      const inThread = r.fake.postedIn('C1').filter(m => m.thread_ts === event.ts);
      expect(inThread).toHaveLength(1);
      expect(inThread[0]!.ts).toBe((recovered.context as { ts?: string }).ts);
      expect(r.fake.callsTo('conversations.replies')[0]!.params).toMatchObject({ channel: 'C1', ts: event.ts, include_all_metadata: 'true' });
      expect(r.logger.entries.filter(e => e.level === 'error')).toEqual([]);
    });
  }

  it('a scheduled daily question, the connection reset after Slack posted it: exactly one post that day', async () => {
    const r = await start({ postRetryDelaysMs: [100, 100] });
    r.fake.addUser({ id: 'UADMIN', is_admin: true, locale: 'en-US' });
    const channel = 'CD';
    const set = await postSigned(r.eventsUrl, commandBody({ command: '/daily', text: 'set 09:00 UTC', channel_id: channel, user_id: 'UADMIN', response_url: r.fake.responseUrl('set') }), {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(set.status).toBe(200);
    const confirmed = await r.fake.waitFor(c => c.method === 'response_url' && c.responseId === 'set', 5_000, 'the /daily set confirmation');
    expect(confirmed.params.response_type).toBe('in_channel');

    r.proxy.loseAnswerNext(POST_MESSAGE, 1, 'reset');
    r.clock.advanceTo(Date.UTC(2025, 0, 6, 9, 0, 1));
    const recovered = await waitForLog(r.logger, 'Slack had posted the message; its lost answer was recovered');
    expect(recovered.context).toMatchObject({ channel, attempt: 1 });
    // The rest of the day passes (the answer is revealed, as for any delivered question); then a graceful stop.
    r.clock.advanceTo(Date.UTC(2025, 0, 6, 23, 0, 0));
    await r.core.drain();
    await r.slack.stop();
    const questions = postsTo(r, channel).filter(c => c.params.thread_ts === undefined && shows(c, 'Question of the day'));
    expect(questions).toHaveLength(1);
    expect(r.proxy.callsTo(POST_MESSAGE)[0]!.outcome).toBe('lost');
    expect(r.fake.callsTo('conversations.history')[0]!.params).toMatchObject({ channel, include_all_metadata: 'true' });
    // The core was told the post went out (no "sending failed").
    expect(r.coreLogger.entries.filter(e => e.level === 'error')).toEqual([]);
  });

  it('the core\'s own post, the answer lost: the post resolves (it was delivered) and the channel has it once', async () => {
    const r = await start({ postRetryDelaysMs: [100] });
    r.proxy.loseAnswerNext(POST_MESSAGE, 1, 'reset');
    const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C5' };
    await r.poster.post(channel, post('Posted once'));
    const sent = postsTo(r, 'C5');
    expect(sent).toHaveLength(1);
    expect(shows(sent[0]!, 'Posted once')).toBe(true);
    expect(r.logger.entries.filter(e => e.level === 'error')).toEqual([]);
  });
});

describe('when the poster cannot check whether Slack posted a message', () => {
  it('the answer lost and the history lookup refused (missing_scope): not sent again, logged with context, the next post works', async () => {
    const r = await start({ postRetryDelaysMs: [100, 100] });
    r.fake.refuse('conversations.history', 'missing_scope');
    r.proxy.loseAnswerNext(POST_MESSAGE, 1, 'reset');
    const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C6' };
    await expect(r.poster.post(channel, post('Maybe posted'))).rejects.toMatchObject({ name: 'SlackPostError', code: 'slack_webapi_request_error' });
    expect(r.proxy.callsTo(POST_MESSAGE).map(c => c.outcome)).toEqual(['lost']);
    expect(postsTo(r, 'C6')).toHaveLength(1); // the lost one: never two
    const logged = r.logger.entries.filter(e => e.level === 'error');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.message).toMatch(/checking whether it was posted failed; not sending it again.*history scope/);
    expect(logged[0]!.context).toMatchObject({ channel: 'C6', attempt: 1, code: 'slack_webapi_request_error', lookupCode: 'missing_scope' });
    expect(r.logger.dump()).not.toContain(TEST_BOT_TOKEN);

    await r.poster.post(channel, post('Next one'));
    expect(postsTo(r, 'C6')).toHaveLength(2);
    expect(shows(postsTo(r, 'C6')[1]!, 'Next one')).toBe(true);
  });

  it('a 500 (not posted) and the lookup failing too: not sent again, so nothing is posted, and it says so', async () => {
    const r = await start({ postRetryDelaysMs: [100, 100] });
    r.proxy.failNext(POST_MESSAGE, 1, 500);
    r.proxy.failNext(/^\/api\/conversations\.history$/, 1, 503);
    const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C7' };
    await expect(r.poster.post(channel, post('Not posted'))).rejects.toBeInstanceOf(SlackPostError);
    expect(r.proxy.callsTo(POST_MESSAGE).map(c => c.outcome)).toEqual(['500']);
    expect(postsTo(r, 'C7')).toHaveLength(0);
    const logged = r.logger.entries.find(e => e.level === 'error');
    expect(logged?.context).toMatchObject({ channel: 'C7', code: 'slack_webapi_http_error', status: 500, lookupCode: 'slack_webapi_http_error', lookupStatus: 503 });
    await r.poster.post(channel, post('Next one'));
    expect(postsTo(r, 'C7')).toHaveLength(1);
  });
});

describe('rate limits are not uncertain failures', () => {
  it('a 429 on chat.postMessage is retried after Retry-After without looking anything up', async () => {
    const r = await start({ postRetryDelaysMs: [100] });
    r.fake.rateLimitOnce('chat.postMessage', 1);
    const channel = { platform: 'slack' as const, workspace: 'T1', channel: 'C8' };
    await r.poster.post(channel, post('After the limit'));
    const tries = r.fake.callsTo('chat.postMessage');
    expect(tries.map(c => c.status)).toEqual([429, 200]);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(900);
    expect(r.fake.callsTo('conversations.history')).toEqual([]);
    expect(postsTo(r, 'C8')).toHaveLength(1);
  });
});
