/**
 * Discord platform failures (issue 7, "Faults") against the local fake Discord: REST 5xx on answers
 * and on the core's own posts, and a gateway connection the server drops. The real discord.js client
 * runs through the bot exactly as in production; no unhandled rejection may escape at any point.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DiscordPoster, isTransient } from '../../src/adapters/discord/discord-poster.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import type { ChannelRef } from '../../src/core/services.ts';
import { captureLogger, startHarness, textOf, type Harness } from '../adapters/discord/harness.ts';
import { trackUnhandledRejections } from './unhandled.ts';

const unhandled = trackUnhandledRejections();
const FAIL_500 = { status: 500, body: { message: '500: Internal Server Error', code: 0 } };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(unhandled.reasons(), 'unhandled rejections').toEqual([]);
});

const post = (body: string): Reply => ({ kind: 'daily-post', lang: 'en', visibility: 'public', title: 'Daily question', body });
const ref = (): ChannelRef => ({ platform: 'discord', workspace: h.guild.id, channel: h.channelId });
const channelPath = () => `/channels/${h.channelId}/messages`;
/** A mark in the fake's request log (milliseconds are too coarse: two requests share one). */
const mark = () => h.fake.requests.length;
const messagesSince = (since: number) => h.fake.requests.slice(since).filter(r => r.method === 'POST' && r.path === channelPath());

/** A mention of the bot in the channel; resolves with the bot's successful reply to it. */
async function ask(question: string, timeoutMs = 10_000) {
  const since = mark();
  h.fake.userMessage({ channelId: h.channelId, author: h.bob, content: `<@${h.botUser.id}> ${question}`, mentions: [h.botUser] });
  return h.fake.waitUntil(() => messagesSince(since).find(r => r.status === 200), timeoutMs, `the answer to "${question}"`);
}

describe('Discord REST answering 5xx', () => {
  it('a few 500s on an answer are retried by discord.js and the question is answered once', async () => {
    for (let i = 0; i < 3; i++) h.fake.failNext('POST', new RegExp(`^${channelPath()}$`), FAIL_500);
    const since = mark();
    const answer = await ask('shallow copy');
    expect(textOf(answer.body)).toContain('Shallow copy');
    expect(messagesSince(since).map(r => r.status)).toEqual([500, 500, 500, 200]);
    expect(answer.body.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('500s beyond discord.js\'s retries: the reply is retried after a backoff (same nonce), logged, and the question answered once', async () => {
    for (let i = 0; i < 4; i++) h.fake.failNext('POST', new RegExp(`^${channelPath()}$`), FAIL_500);
    const since = mark();
    const logged = h.logger.entries.length;
    const answer = await ask('shallow copy');
    expect(textOf(answer.body)).toContain('Shallow copy');
    const tries = messagesSince(since);
    expect(tries.map(r => r.status)).toEqual([500, 500, 500, 500, 200]);
    expect(tries[4]!.at - tries[3]!.at).toBeGreaterThanOrEqual(900);
    expect(new Set(tries.map(r => r.body.nonce)).size).toBe(1);
    const retry = h.logger.entries.slice(logged).find(e => e.level === 'warn' && e.message === 'discord: could not send a reply (Discord unavailable); retrying');
    expect(retry?.context).toMatchObject({ channel: h.channelId, user: h.bob.id, part: 1, attempt: 1, retryInMs: 1000, err: { name: 'HTTPError', status: 500, method: 'POST' } });
    expect(h.logger.entries.slice(logged).filter(e => e.level === 'error')).toEqual([]);
    // (When Discord stays down past our retries too, the user is told: tests/faults/discord-nonce.test.ts.)
    expect(textOf((await ask('what is a decorator?')).body)).toContain('What is a decorator?');
  });

  it('the core\'s own post (a daily question) outlasts discord.js\'s retries: the poster waits, retries once and posts once, logging the retry', async () => {
    const logger = captureLogger();
    const sleeps: number[] = [];
    const poster = new DiscordPoster(h.bot.client, logger, undefined, { retryDelaysMs: [100, 300], sleep: ms => (sleeps.push(ms), new Promise(r => setTimeout(r, ms))) });
    for (let i = 0; i < 4; i++) h.fake.failNext('POST', new RegExp(`^${channelPath()}$`), FAIL_500);
    const since = mark();
    await poster.post(ref(), post('What does the GIL protect?'));
    expect(messagesSince(since).map(r => r.status)).toEqual([500, 500, 500, 500, 200]);
    expect(sleeps).toEqual([100]);
    expect(logger.entries.filter(e => e.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: 'discord: could not send a message (Discord unavailable); retrying',
        context: expect.objectContaining({ guild: h.guild.id, channel: h.channelId, kind: 'daily-post', part: 1, parts: 1, attempt: 1, retryInMs: 100, err: expect.objectContaining({ status: 500 }) }),
      },
    ]);
    expect(logger.entries.filter(e => e.level === 'error')).toEqual([]);
  });

  it('with backoff between tries; when Discord stays down the post fails loudly once, and posts work again afterwards', async () => {
    const logger = captureLogger();
    const poster = new DiscordPoster(h.bot.client, logger, undefined, { retryDelaysMs: [100, 300] });
    for (let i = 0; i < 12; i++) h.fake.failNext('POST', new RegExp(`^${channelPath()}$`), FAIL_500);
    const since = mark();
    await expect(poster.post(ref(), post('Lost while Discord is down'))).rejects.toMatchObject({ status: 500 });
    const tries = messagesSince(since);
    expect(tries.map(r => r.status)).toEqual(Array(12).fill(500));
    // Three rounds of discord.js's four immediate tries, 100 ms then 300 ms apart.
    expect(tries[4]!.at - tries[3]!.at).toBeGreaterThanOrEqual(90);
    expect(tries[8]!.at - tries[7]!.at).toBeGreaterThanOrEqual(290);
    expect(logger.entries.filter(e => e.level === 'warn').map(e => e.context.attempt)).toEqual([1, 2]);
    const failed = logger.entries.filter(e => e.level === 'error');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ message: 'discord: could not post to a channel', context: { guild: h.guild.id, channel: h.channelId, kind: 'daily-post', err: { status: 500, method: 'POST' } } });
    expect(JSON.stringify(logger.entries)).not.toContain(h.bot.client.token!);

    await poster.post(ref(), post('Posted once Discord is back'));
    expect(textOf(h.fake.channelPosts(h.channelId).at(-1)!.body)).toContain('Posted once Discord is back');
  });

  it('the bot\'s own poster (through the core\'s RoutingPoster) retries with its default backoff', async () => {
    for (let i = 0; i < 4; i++) h.fake.failNext('POST', new RegExp(`^${channelPath()}$`), FAIL_500);
    const since = mark();
    await h.core.services.poster.post(ref(), post('Posted after one retry'));
    const tries = messagesSince(since);
    expect(tries.map(r => r.status)).toEqual([500, 500, 500, 500, 200]);
    expect(tries[4]!.at - tries[3]!.at).toBeGreaterThanOrEqual(900);
    expect(h.logger.entries.some(e => e.level === 'warn' && e.message?.startsWith('discord: could not send a message') && e.context.channel === h.channelId)).toBe(true);
  });

  it('a 4xx is not retried: it is logged and thrown at once', async () => {
    const logger = captureLogger();
    const poster = new DiscordPoster(h.bot.client, logger, undefined, { retryDelaysMs: [100, 300] });
    h.fake.failNext('POST', new RegExp(`^${channelPath()}$`), { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const since = mark();
    await expect(poster.post(ref(), post('x'))).rejects.toMatchObject({ code: 50013 });
    expect(messagesSince(since).map(r => r.status)).toEqual([403]);
    expect(logger.entries.filter(e => e.level === 'warn')).toEqual([]);
  });

  it('classifies what is worth retrying', () => {
    expect(isTransient(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isTransient(new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isTransient(new Error('Discord channel 1 is not one the bot can post in'))).toBe(false);
    expect(isTransient('nope')).toBe(false);
  });
});

describe('Discord gateway connection dropped by the server', () => {
  /** Waits for a new identified-or-resumed connection after `before` connections existed. */
  const reconnected = (before: number) =>
    h.fake.waitUntil(() => h.fake.connections.slice(before).find(c => !c.closed && (c.resumed || c.identify !== undefined)), 15_000, 'a new gateway session');

  it('an abrupt close (no close frame) is resumed by discord.js, logged, and the bot answers again', async () => {
    const conn = h.fake.connectionFor(h.guild.id);
    const before = h.fake.connections.length;
    const logged = h.logger.entries.length;
    conn.socket.terminate();
    const next = await reconnected(before);
    expect(next.resumed).toBe(true);
    expect(next.sessionId).toBe(conn.sessionId);
    await h.fake.waitUntil(() => h.logger.entries.slice(logged).find(e => e.message === 'discord: gateway connection resumed'), 10_000, 'the resume log');
    expect(h.logger.entries.slice(logged).some(e => e.level === 'warn' && /gateway connection dropped/.test(e.message ?? ''))).toBe(true);
    expect(textOf((await ask('what is a decorator?')).body)).toContain('What is a decorator?');
  });

  it('a close with a resumable error code (4000) is resumed too', async () => {
    const conn = h.fake.connectionFor(h.guild.id);
    const before = h.fake.connections.length;
    conn.socket.close(4000, 'Unknown error');
    const next = await reconnected(before);
    expect(next.resumed).toBe(true);
    expect(textOf((await ask('shallow copy')).body)).toContain('Shallow copy');
  });

  it('the core can still post while the gateway is down (REST does not need it)', async () => {
    const conn = h.fake.connectionFor(h.guild.id);
    const before = h.fake.connections.length;
    conn.socket.terminate();
    await h.core.services.poster.post(ref(), post('Posted during the reconnect'));
    expect(textOf(h.fake.channelPosts(h.channelId).at(-1)!.body)).toContain('Posted during the reconnect');
    await reconnected(before);
    expect(textOf((await ask('what is a decorator?')).body)).toContain('What is a decorator?');
  });
});
