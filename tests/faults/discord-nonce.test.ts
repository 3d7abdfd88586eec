/**
 * Discord, at-most-once channel messages (issue 7): a request that reached Discord and created the
 * message, but whose answer was lost (reset connection, or no answer until discord.js's timeout), is
 * retried — by discord.js, or by our poster and message handler — with the same enforced nonce, and
 * the fake (like Discord) returns the message already created instead of posting it again. Also:
 * discord.js's own 5xx and network retries show in our logs.
 *
 * The bot's REST requests go through a FaultProxy in front of the fake; the gateway does not.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_NONCE_LENGTH, newNonce, withNonce } from '../../src/adapters/discord/delivery.ts';
import { DiscordPoster } from '../../src/adapters/discord/discord-poster.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import type { ChannelRef } from '../../src/core/services.ts';
import type { RecordedRequest } from '../support/fake-discord.ts';
import { captureLogger, FAKE_TOKEN, startHarness, textOf, type Harness } from '../adapters/discord/harness.ts';
import { trackUnhandledRejections } from './unhandled.ts';

const unhandled = trackUnhandledRejections();
const REST_TIMEOUT_MS = 1000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ proxy: true, rest: { timeout: REST_TIMEOUT_MS }, retry: { retryDelaysMs: [50, 100] } });
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(unhandled.reasons(), 'unhandled rejections').toEqual([]);
});

const proxy = () => h.proxy!;
const post = (body: string): Reply => ({ kind: 'daily-post', lang: 'en', visibility: 'public', title: 'Daily question', body });
const ref = (): ChannelRef => ({ platform: 'discord', workspace: h.guild.id, channel: h.channelId });
const channelPath = () => `/channels/${h.channelId}/messages`;
/** The proxy sees the full path (`/api/v10/channels/…/messages`). */
const MESSAGES = () => new RegExp(`/channels/${h.channelId}/messages$`);
const mark = () => ({ requests: h.fake.requests.length, messages: h.fake.messagesIn(h.channelId).length, logs: h.logger.entries.length });
type Mark = ReturnType<typeof mark>;
const sendsSince = (since: Mark): RecordedRequest[] => h.fake.requests.slice(since.requests).filter(r => r.method === 'POST' && r.path === channelPath());
const messagesSince = (since: Mark): any[] => h.fake.messagesIn(h.channelId).slice(since.messages);
const logsSince = (since: Mark) => h.logger.entries.slice(since.logs);
/** A poster with short, recorded backoff (the bot's own has 1 s, then 3 s). */
function shortPoster() {
  const logger = captureLogger();
  const sleeps: number[] = [];
  const poster = new DiscordPoster(h.bot.client, logger, undefined, { retryDelaysMs: [50, 100], sleep: ms => (sleeps.push(ms), new Promise(r => setTimeout(r, ms))) });
  return { poster, logger, sleeps };
}
const settle = (ms = 300) => new Promise(r => setTimeout(r, ms));

describe('nonces', () => {
  it('are random, at most 25 characters, and added with enforceNonce', () => {
    const nonces = Array.from({ length: 1000 }, () => newNonce());
    expect(MAX_NONCE_LENGTH).toBe(25);
    for (const nonce of nonces) {
      expect(nonce.length).toBeLessThanOrEqual(MAX_NONCE_LENGTH);
      expect(nonce).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
    const message = { content: 'x', allowedMentions: { parse: [] } };
    const a = withNonce(message);
    const b = withNonce(message);
    expect(a).toMatchObject({ content: 'x', allowedMentions: { parse: [] }, enforceNonce: true });
    expect(a.nonce).not.toBe(b.nonce);
    expect(message).not.toHaveProperty('nonce');
  });

  it('the fake enforces them like Discord: same nonce → the same message, 200, nothing new; over 25 characters → 400', async () => {
    const create = (body: object) =>
      fetch(`${h.fake.apiUrl}/v10${channelPath()}`, { method: 'POST', headers: { authorization: `Bot ${FAKE_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const since = mark();
    const nonce = newNonce();
    const first = await create({ content: 'nonce check', nonce, enforce_nonce: true });
    const again = await create({ content: 'nonce check', nonce, enforce_nonce: true });
    expect([first.status, again.status]).toEqual([200, 200]);
    const [m1, m2] = [(await first.json()) as { id: string; nonce: string }, (await again.json()) as { id: string }];
    expect(m2.id).toBe(m1.id);
    expect(m1.nonce).toBe(nonce);
    expect(messagesSince(since)).toHaveLength(1);
    // Without enforce_nonce the nonce is not checked.
    await create({ content: 'nonce check', nonce, enforce_nonce: false });
    expect(messagesSince(since)).toHaveLength(2);
    const long = await create({ content: 'nonce check', nonce: 'x'.repeat(26), enforce_nonce: true });
    expect(long.status).toBe(400);
    expect(await long.json()).toMatchObject({ code: 50035, errors: { nonce: {} } });
    expect(messagesSince(since)).toHaveLength(2);
  });
});

describe('a daily post whose answer is lost is posted once', () => {
  it('connection reset after Discord created the message: the poster retries with the same nonce and Discord returns the message', async () => {
    const { poster, logger, sleeps } = shortPoster();
    proxy().loseAnswerNext(MESSAGES(), 1, 'reset');
    const since = mark();
    await poster.post(ref(), post('Reset but posted: what is a closure?'));
    const sends = sendsSince(since);
    expect(sends.map(r => [r.status, r.deduplicated ?? false])).toEqual([
      [200, false],
      [200, true],
    ]);
    expect(sends[0]!.body).toMatchObject({ enforce_nonce: true });
    expect(sends[1]!.body.nonce).toBe(sends[0]!.body.nonce);
    expect(messagesSince(since).map(m => textOf(m))).toEqual([expect.stringContaining('Reset but posted: what is a closure?')]);
    expect(sleeps).toEqual([50]);
    expect(logger.entries.filter(e => e.level === 'warn').map(e => e.message)).toEqual(['discord: could not send a message (Discord unavailable); retrying']);
    expect(logger.entries.filter(e => e.level === 'error')).toEqual([]);
    // discord.js retries ECONNRESET and timeouts only; undici reports this reset as UND_ERR_SOCKET, left to the poster.
    expect(logsSince(since).filter(e => e.message?.startsWith('discord: request failed on the network'))).toEqual([
      { level: 'warn', message: 'discord: request failed on the network', context: expect.objectContaining({ method: 'POST', route: channelPath(), try: 1, willRetry: false, err: expect.objectContaining({ code: 'UND_ERR_SOCKET' }) }) },
    ]);
  });

  it('no answer until discord.js\'s timeout: discord.js resends the same body, Discord returns the message; the timeout is logged', async () => {
    const { poster, logger, sleeps } = shortPoster();
    proxy().loseAnswerNext(MESSAGES(), 1, 'hang');
    const since = mark();
    const started = Date.now();
    await poster.post(ref(), post('Hung but posted: what is a generator?'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(REST_TIMEOUT_MS - 50);
    const sends = sendsSince(since);
    expect(sends.map(r => r.deduplicated ?? false)).toEqual([false, true]);
    expect(sends[1]!.body.nonce).toBe(sends[0]!.body.nonce);
    expect(messagesSince(since).map(m => textOf(m))).toEqual([expect.stringContaining('Hung but posted: what is a generator?')]);
    // discord.js retried by itself: our poster had nothing to retry.
    expect(sleeps).toEqual([]);
    expect(logger.entries).toEqual([]);
    const network = logsSince(since).filter(e => e.message?.startsWith('discord: request failed on the network'));
    expect(network).toEqual([
      {
        level: 'warn',
        message: 'discord: request failed on the network; discord.js retries',
        context: expect.objectContaining({ method: 'POST', route: channelPath(), try: 1, willRetry: true, err: expect.objectContaining({ name: 'AbortError' }) }),
      },
    ]);
    expect(JSON.stringify(logsSince(since))).not.toContain(FAKE_TOKEN);
  });

  it('a post in several parts: each part has its own nonce; a lost part is retried alone and the parts before it are not sent again', async () => {
    const { poster, sleeps } = shortPoster();
    const body = Array.from({ length: 10 }, (_, i) => `Part marker ${i}. ${'The event loop runs callbacks, then microtasks. '.repeat(60)}`).join('\n\n');
    // The second part's answer is lost: the rule is set when the first part is created, before it is answered.
    h.fake.onNextMessageCreated(() => proxy().loseAnswerNext(MESSAGES(), 1, 'reset'));
    const since = mark();
    await poster.post(ref(), post(body));
    const sends = sendsSince(since);
    const created = messagesSince(since);
    expect(created.length).toBeGreaterThan(2);
    expect(sends).toHaveLength(created.length + 1);
    const nonces = sends.map(r => r.body.nonce as string);
    expect(nonces[2]).toBe(nonces[1]);
    expect(sends[2]!.deduplicated).toBe(true);
    const distinct = [nonces[0], ...nonces.slice(2)];
    expect(new Set(distinct).size).toBe(created.length);
    expect(created.map(m => m.nonce)).toEqual(distinct);
    expect(sends.every(r => r.body.enforce_nonce === true && r.body.nonce.length <= MAX_NONCE_LENGTH)).toBe(true);
    expect(sleeps).toEqual([50]);
    const text = created.map(m => textOf(m)).join('\n');
    for (let i = 0; i < 10; i++) expect(text.split(`Part marker ${i}.`)).toHaveLength(2);
  });
});

describe('a reply to a question whose answer is lost is posted once', () => {
  /** Asks in the channel; resolves when the bot has sent `tries` Create Message requests for it, and a little after. */
  async function ask(question: string, tries: number) {
    const since = mark();
    h.fake.userMessage({ channelId: h.channelId, author: h.bob, content: `<@${h.botUser.id}> ${question}`, mentions: [h.botUser] });
    await h.fake.waitUntil(() => (sendsSince(since).filter(r => r.status !== 0).length >= tries ? true : undefined), 10_000, `${tries} tries of the reply`);
    await settle();
    return since;
  }

  it('reset: the message handler retries with the same nonce; one answer, no apology', async () => {
    proxy().loseAnswerNext(MESSAGES(), 1, 'reset');
    const since = await ask('shallow copy', 2);
    const sends = sendsSince(since);
    expect(sends.map(r => r.deduplicated ?? false)).toEqual([false, true]);
    expect(sends[1]!.body.nonce).toBe(sends[0]!.body.nonce);
    const created = messagesSince(since);
    expect(created).toHaveLength(1);
    expect(textOf(created[0])).toContain('Shallow copy');
    expect(created[0].message_reference).toBeDefined();
    expect(logsSince(since).some(e => e.level === 'warn' && e.message === 'discord: could not send a reply (Discord unavailable); retrying')).toBe(true);
    expect(logsSince(since).filter(e => e.level === 'error')).toEqual([]);
  });

  it('no answer until the timeout: discord.js resends the same body; one answer', async () => {
    proxy().loseAnswerNext(MESSAGES(), 1, 'hang');
    const since = await ask('what is a decorator?', 2);
    const sends = sendsSince(since);
    expect(sends.map(r => r.deduplicated ?? false)).toEqual([false, true]);
    expect(sends[1]!.body.nonce).toBe(sends[0]!.body.nonce);
    const created = messagesSince(since);
    expect(created).toHaveLength(1);
    expect(textOf(created[0])).toContain('What is a decorator?');
    expect(logsSince(since).filter(e => e.level === 'error')).toEqual([]);
  });

  it('Discord down past discord.js\'s retries and ours: logged, and the user is told (the apology has a nonce too)', async () => {
    for (let i = 0; i < 12; i++) h.fake.failNext('POST', new RegExp(`^${channelPath()}$`), { status: 500, body: { message: '500: Internal Server Error', code: 0 } });
    const since = await ask('shallow copy', 13);
    const sends = sendsSince(since);
    expect(sends.map(r => r.status)).toEqual([...Array(12).fill(500), 200]);
    expect(new Set(sends.slice(0, 12).map(r => r.body.nonce)).size).toBe(1);
    expect(sends[12]!.body).toMatchObject({ enforce_nonce: true });
    expect(sends[12]!.body.nonce).not.toBe(sends[0]!.body.nonce);
    expect(messagesSince(since).map(m => textOf(m))).toEqual([expect.stringContaining('Sorry, something went wrong')]);
    const logged = logsSince(since).find(e => e.level === 'error' && e.message === 'discord: could not answer a message');
    expect(logged?.context).toMatchObject({ channel: h.channelId, user: h.bob.id, err: { name: 'HTTPError', status: 500, method: 'POST' } });
  });
});

describe('discord.js\'s own retries are logged', () => {
  it('two 500s on a message send: two warnings with method, route, status and try; the message is posted once', async () => {
    proxy().failNext(MESSAGES(), 2, 500, '{"message":"500: Internal Server Error","code":0}');
    const since = mark();
    const { poster, logger } = shortPoster();
    await poster.post(ref(), post('Posted after two 500s'));
    expect(proxy().calls.filter(c => MESSAGES().test(c.path)).slice(-3).map(c => c.outcome)).toEqual(['500', '500', 'forwarded']);
    expect(messagesSince(since).map(m => textOf(m))).toEqual([expect.stringContaining('Posted after two 500s')]);
    const warnings = logsSince(since).filter(e => e.level === 'warn');
    expect(warnings).toEqual([1, 2].map(n => ({
      level: 'warn',
      message: 'discord: Discord answered 500; discord.js retries',
      context: { method: 'POST', route: '/channels/:id/messages', status: 500, try: n, willRetry: true },
    })));
    // discord.js's retries succeeded: the poster itself saw no failure.
    expect(logger.entries).toEqual([]);
  });

  it('a 5xx on the last try is logged as discord.js giving up', async () => {
    proxy().failNext(MESSAGES(), 5, 503, '{"message":"unavailable","code":0}');
    const since = mark();
    const { poster } = shortPoster();
    await poster.post(ref(), post('Posted after five 503s'));
    const warnings = logsSince(since).filter(e => e.message?.startsWith('discord: Discord answered 503'));
    expect(warnings.map(e => [e.context.try, e.context.willRetry])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
      [1, true],
    ]);
    expect(warnings.at(-2)!.message).toBe('discord: Discord answered 503; discord.js gives up');
    expect(messagesSince(since)).toHaveLength(1);
  });
});

describe('every channel message the bot created in this file', () => {
  it('carried an enforced nonce of at most 25 characters, different for each message', () => {
    const sends = h.fake.requests.filter(r => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.headers.authorization === `Bot ${FAKE_TOKEN}` && r.body?.content !== 'nonce check');
    expect(sends.length).toBeGreaterThan(20);
    for (const r of sends) {
      expect(r.body.enforce_nonce).toBe(true);
      expect(typeof r.body.nonce).toBe('string');
      expect(r.body.nonce.length).toBeLessThanOrEqual(MAX_NONCE_LENGTH);
    }
    const created = h.fake.messagesIn(h.channelId).filter(m => m.nonce !== undefined && m.content !== 'nonce check');
    expect(new Set(created.map(m => m.nonce)).size).toBe(created.length);
  });
});
