import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_DELAYS_MS, MESSAGE_EVENT_TYPE, SlackPostError, SlackPoster } from '../../../src/adapters/slack/slack-poster.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';
import { RecordingLogger } from './helpers/slack-harness.ts';

const reply = (body: string): Reply => ({ kind: 'info', lang: 'en', visibility: 'public', body });

/**
 * What one chat.post* call does: `ok`; throw before Slack posts (`before`: a 429, a 5xx that did not
 * post, a refusal); or post and then throw (`after`: the answer lost on the way back).
 */
type Outcome = 'ok' | { before: unknown } | { after: unknown };

interface Posted {
  at: number;
  method: string;
  channel: string;
  text: string;
  thread_ts?: string;
  user?: string;
  ts: string;
  metadata?: { event_type: string; event_payload: { id: string } };
}

/**
 * A fake Web API (chat and conversations) over a virtual clock: `sleep` advances time instead of
 * waiting. `outcomes[n]` scripts the n-th chat call; `lookups[n]` the n-th conversations call
 * (`undefined`: answer from what was posted; an error: throw it).
 */
function setup(outcomes: Record<number, Outcome> = {}, options: { lookups?: Record<number, unknown>; retryDelaysMs?: number[]; pageSize?: number; noise?: number } = {}) {
  let now = 1_750_000_000_000;
  const posted: Posted[] = [];
  const tries: { method: string; id: string | undefined }[] = [];
  const lookups: { method: string; args: any }[] = [];
  const sleeps: number[] = [];
  let seq = 0;
  const tsNow = () => `${(now / 1000).toFixed(0)}.${String(++seq).padStart(6, '0')}`;
  // Messages from other people in every channel, so a lookup has to search.
  const others = Array.from({ length: options.noise ?? 0 }, (_, i) => ({ ts: `${(now / 1000).toFixed(0)}.9${String(i).padStart(5, '0')}`, text: `noise ${i}` }));
  const chatCall = (method: string) => async (args: any) => {
    const outcome = outcomes[tries.length] ?? 'ok';
    tries.push({ method, id: args.metadata?.event_payload?.id });
    if (typeof outcome === 'object' && 'before' in outcome) throw outcome.before;
    const message: Posted = { at: now, method, channel: args.channel, text: args.text, ts: tsNow() };
    if (args.thread_ts) message.thread_ts = args.thread_ts;
    if (args.user) message.user = args.user;
    if (args.metadata) message.metadata = args.metadata;
    posted.push(message);
    if (typeof outcome === 'object' && 'after' in outcome) throw outcome.after;
    return { ok: true, ts: message.ts };
  };
  const page = (messages: { ts: string; metadata?: unknown }[], args: any) => {
    const size = Math.min(args.limit ?? 100, options.pageSize ?? Infinity);
    const start = args.cursor ? Number(args.cursor) : 0;
    const slice = messages.slice(start, start + size).map(m => (args.include_all_metadata ? m : { ...m, metadata: undefined }));
    const more = start + size < messages.length;
    return { ok: true, messages: slice, has_more: more, response_metadata: { next_cursor: more ? String(start + size) : '' } };
  };
  const lookupCall = (method: string, select: (args: any) => { ts: string; metadata?: unknown }[]) => async (args: any) => {
    const scripted = options.lookups?.[lookups.length];
    lookups.push({ method, args });
    if (scripted !== undefined) throw scripted;
    return page(select(args), args);
  };
  const client = {
    chat: { postMessage: chatCall('postMessage'), postEphemeral: chatCall('postEphemeral') },
    conversations: {
      history: lookupCall('history', args =>
        [...others, ...posted.filter(m => m.method === 'postMessage' && m.channel === args.channel && !m.thread_ts)]
          .filter(m => Number(m.ts) > Number(args.oldest ?? 0))
          .sort((a, b) => Number(b.ts) - Number(a.ts)),
      ),
      replies: lookupCall('replies', args => [
        { ts: args.ts },
        ...others,
        ...posted.filter(m => m.method === 'postMessage' && m.channel === args.channel && m.thread_ts === args.ts).filter(m => Number(m.ts) > Number(args.oldest ?? 0)),
      ]),
    },
  };
  const logger = new RecordingLogger();
  const poster = new SlackPoster({
    client: client as any,
    logger,
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms);
      now += ms;
    },
    ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
  });
  return { poster, posted, tries, lookups, sleeps, logger, advance: (ms: number) => (now += ms), startedAt: now };
}

const rateLimited = (seconds: number) => Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: seconds });
const httpError = (status: number) => Object.assign(new Error(`An HTTP protocol error occurred: statusCode = ${status}`), { code: 'slack_webapi_http_error', statusCode: status });
const requestError = (message = 'The operation was aborted due to timeout') =>
  Object.assign(new Error(`A request error occurred: ${message}`), { code: 'slack_webapi_request_error', original: Object.assign(new Error(message), { name: 'TimeoutError' }) });
const platformError = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: 'slack_webapi_platform_error', data: { ok: false, error } });

describe('SlackPoster', () => {
  it('keeps messages to one channel in order and at least a second apart; other channels do not wait', async () => {
    const { poster, posted, startedAt } = setup();
    await Promise.all([
      poster.post({ platform: 'slack', workspace: 'T1', channel: 'C1' }, reply('one')),
      poster.post({ platform: 'slack', workspace: 'T1', channel: 'C1' }, reply('two')),
      poster.send('C2', reply('elsewhere')),
      poster.post({ platform: 'slack', workspace: 'T1', channel: 'C1' }, reply('three')),
    ]);
    const c1 = posted.filter(s => s.channel === 'C1');
    expect(c1.map(s => s.text)).toEqual(['one', 'two', 'three']);
    expect(c1[1]!.at - c1[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(c1[2]!.at - c1[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(posted.find(s => s.channel === 'C2')!.at).toBe(startedAt);
  });

  it('retries a 429 after Retry-After and sends the message once, without looking anything up', async () => {
    const { poster, posted, sleeps, lookups, startedAt } = setup({ 0: { before: rateLimited(7) } });
    await poster.send('C1', reply('hello'), { threadTs: '1.2' });
    expect(sleeps).toContain(7000);
    expect(posted).toMatchObject([{ at: startedAt + 7000, method: 'postMessage', channel: 'C1', text: 'hello', thread_ts: '1.2' }]);
    expect(lookups).toEqual([]);
  });

  it('gives up loudly (rejects) when Slack keeps rate limiting or refuses the message', async () => {
    const always = { 0: { before: rateLimited(1) }, 1: { before: rateLimited(1) }, 2: { before: rateLimited(1) }, 3: { before: rateLimited(1) }, 4: { before: rateLimited(1) } };
    await expect(setup(always).poster.send('C1', reply('x'))).rejects.toBeInstanceOf(SlackPostError);
    await expect(setup({ 0: { before: platformError('not_in_channel') } }).poster.send('C1', reply('x'))).rejects.toMatchObject({ code: 'not_in_channel' });
  });

  it('sends private replies as ephemeral messages to one user, without metadata', async () => {
    const { poster, posted, startedAt } = setup();
    await poster.send('C1', reply('only you'), { ephemeralFor: 'U7' });
    expect(posted).toEqual([{ at: startedAt, method: 'postEphemeral', channel: 'C1', text: 'only you', user: 'U7', ts: expect.any(String) }]);
  });

  it('a failed message does not block the next one in the channel', async () => {
    const { poster, posted } = setup({ 0: { before: Object.assign(new Error('x'), { data: { error: 'channel_not_found' } }) } });
    await expect(poster.send('C1', reply('lost'))).rejects.toThrow();
    await poster.send('C1', reply('next'));
    expect(posted.map(s => s.text)).toEqual(['next']);
    await poster.drain();
  });

  it('sends every public message with metadata carrying its own random id', async () => {
    const { poster, posted } = setup();
    await poster.send('C1', reply('one'));
    await poster.send('C1', reply('two'));
    expect(posted.map(p => p.metadata?.event_type)).toEqual([MESSAGE_EVENT_TYPE, MESSAGE_EVENT_TYPE]);
    const [a, b] = posted.map(p => p.metadata!.event_payload.id);
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).not.toBe(a);
  });

  it('defaults to waits of 1 s, 5 s, 30 s, 2 min and 5 min before re-sending', () => {
    expect(DEFAULT_RETRY_DELAYS_MS).toEqual([1_000, 5_000, 30_000, 120_000, 300_000]);
  });
});

describe('SlackPoster: a failure that leaves it unknown whether Slack posted the message', () => {
  it('a 5xx before posting: waits, finds nothing in the channel history, sends again with the same id; posted once', async () => {
    const { poster, posted, tries, lookups, sleeps, logger, startedAt } = setup({ 0: { before: httpError(503) } }, { retryDelaysMs: [250, 900] });
    await poster.send('C1', reply('hello'));
    expect(posted).toHaveLength(1);
    expect(tries).toHaveLength(2);
    expect(tries[1]!.id).toBe(tries[0]!.id);
    expect(sleeps).toEqual([250]);
    expect(lookups).toHaveLength(1);
    expect(lookups[0]!.method).toBe('history');
    expect(lookups[0]!.args).toMatchObject({ channel: 'C1', include_all_metadata: true, limit: expect.any(Number) });
    expect(lookups[0]!.args.limit).toBeLessThanOrEqual(15);
    // The lookup starts a little before the first try (a Slack clock slightly behind still matches).
    expect(Number(lookups[0]!.args.oldest) * 1000).toBeLessThan(startedAt);
    expect(Number(lookups[0]!.args.oldest) * 1000).toBeGreaterThan(startedAt - 10 * 60_000);
    const warned = logger.entries.find(e => e.level === 'warn');
    expect(warned?.context).toMatchObject({ channel: 'C1', attempt: 1, code: 'slack_webapi_http_error', status: 503, waitMs: 250 });
    expect(logger.entries.filter(e => e.level === 'error')).toEqual([]);
  });

  it('a timeout after Slack posted: found by its metadata id, not sent again, and the recovery is logged', async () => {
    const { poster, posted, tries, lookups, logger } = setup({ 0: { after: requestError() } }, { retryDelaysMs: [100, 100] });
    await poster.send('C1', reply('hello'));
    expect(posted).toHaveLength(1);
    expect(tries).toHaveLength(1);
    expect(lookups).toHaveLength(1);
    const info = logger.entries.find(e => e.message === 'Slack had posted the message; its lost answer was recovered');
    expect(info?.context).toMatchObject({ channel: 'C1', attempt: 1, code: 'slack_webapi_request_error', cause: expect.stringContaining('TimeoutError'), ts: posted[0]!.ts });
  });

  it('a reply in a thread is looked up among the thread\'s replies (conversations.replies)', async () => {
    const { poster, posted, lookups } = setup({ 0: { after: httpError(502) } }, { retryDelaysMs: [100] });
    await poster.send('C1', reply('in thread'), { threadTs: '1700000000.000100' });
    expect(posted).toHaveLength(1);
    expect(lookups.map(l => l.method)).toEqual(['replies']);
    expect(lookups[0]!.args).toMatchObject({ channel: 'C1', ts: '1700000000.000100', include_all_metadata: true });
  });

  it('finds the message on a later page of a busy channel', async () => {
    const { poster, posted, lookups } = setup({ 0: { after: requestError() } }, { retryDelaysMs: [100], pageSize: 4, noise: 10 });
    await poster.send('C1', reply('hello'));
    expect(posted).toHaveLength(1);
    expect(lookups.length).toBeGreaterThan(1);
    expect(lookups.at(-1)!.args.cursor).toBeDefined();
  });

  it('a lost answer when the lookup fails (missing_scope): not sent again, an error with context, rejects', async () => {
    const { poster, posted, tries, logger } = setup({ 0: { after: requestError() } }, { retryDelaysMs: [100, 100], lookups: { 0: platformError('missing_scope') } });
    await expect(poster.send('C1', reply('hello'))).rejects.toMatchObject({ name: 'SlackPostError', code: 'slack_webapi_request_error' });
    expect(tries).toHaveLength(1);
    expect(posted).toHaveLength(1);
    const errors = logger.entries.filter(e => e.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.context).toMatchObject({ channel: 'C1', attempt: 1, code: 'slack_webapi_request_error', lookupCode: 'missing_scope' });
    expect(errors[0]!.message).toMatch(/not sending it again.*history scope/);
  });

  it('a lookup that fails on the network or with a 5xx is not retried either (a missing message beats a duplicate)', async () => {
    for (const lookupFailure of [requestError('fetch failed'), httpError(500)]) {
      const { poster, tries, logger } = setup({ 0: { before: httpError(500) } }, { retryDelaysMs: [100, 100], lookups: { 0: lookupFailure } });
      await expect(poster.send('C1', reply('hello'))).rejects.toBeInstanceOf(SlackPostError);
      expect(tries).toHaveLength(1);
      expect(logger.entries.find(e => e.level === 'error')?.context).toMatchObject({ lookupCode: lookupFailure.code });
    }
  });

  it('a lookup rate limited is waited out (reading twice is harmless), then decides', async () => {
    const { poster, posted, tries, lookups, sleeps } = setup({ 0: { after: requestError() } }, { retryDelaysMs: [100], lookups: { 0: rateLimited(3) } });
    await poster.send('C1', reply('hello'));
    expect(sleeps).toEqual([100, 3000]);
    expect(lookups).toHaveLength(2);
    expect(tries).toHaveLength(1);
    expect(posted).toHaveLength(1);
  });

  it('a search that would not end (more pages than it reads) counts as a failed lookup: not sent again', async () => {
    const { poster, tries, logger } = setup({ 0: { before: requestError() } }, { retryDelaysMs: [100], pageSize: 1, noise: 50 });
    await expect(poster.send('C1', reply('hello'))).rejects.toBeInstanceOf(SlackPostError);
    expect(tries).toHaveLength(1);
    expect(logger.entries.find(e => e.level === 'error')?.context).toMatchObject({ lookupCode: 'lookup_incomplete' });
  });

  it('after the last wait: one more look, then gives up (logged with the status) without a further try', async () => {
    const { poster, tries, lookups, sleeps, logger } = setup({ 0: { before: httpError(500) }, 1: { before: httpError(500) }, 2: { before: httpError(500) } }, { retryDelaysMs: [10, 20] });
    await expect(poster.send('C1', reply('hello'))).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
    expect(tries).toHaveLength(3);
    expect(sleeps).toEqual([10, 20]);
    expect(lookups).toHaveLength(3);
    expect(logger.entries.filter(e => e.level === 'error').map(e => [e.message, e.context])).toEqual([
      ['Slack refused a message', expect.objectContaining({ channel: 'C1', code: 'slack_webapi_http_error', status: 500, attempt: 3 })],
    ]);
  });

  it('the last try lost after Slack posted: the final look finds it, so the post resolves', async () => {
    const { poster, posted, tries } = setup({ 0: { before: httpError(500) }, 1: { after: requestError() } }, { retryDelaysMs: [10] });
    await poster.send('C1', reply('hello'));
    expect(tries).toHaveLength(2);
    expect(posted).toHaveLength(1);
  });

  it('HTTP 4xx and Slack refusals are not retried and not looked up', async () => {
    for (const failure of [httpError(400), httpError(404), platformError('not_in_channel'), platformError('msg_too_long')]) {
      const { poster, tries, lookups } = setup({ 0: { before: failure } }, { retryDelaysMs: [10] });
      await expect(poster.send('C1', reply('hello'))).rejects.toBeInstanceOf(SlackPostError);
      expect(tries).toHaveLength(1);
      expect(lookups).toEqual([]);
    }
  });

  it('an ephemeral message is sent again without a lookup (it is in no history; a repeated notice is harmless)', async () => {
    const { poster, posted, lookups, sleeps, logger } = setup({ 0: { after: requestError() } }, { retryDelaysMs: [100] });
    await poster.send('C1', reply('only you'), { ephemeralFor: 'U7' });
    expect(lookups).toEqual([]);
    expect(sleeps).toEqual([100]);
    expect(posted.map(p => p.method)).toEqual(['postEphemeral', 'postEphemeral']);
    expect(logger.entries.find(e => e.level === 'warn')?.context).toMatchObject({ channel: 'C1', attempt: 1, ephemeral: true, waitMs: 100 });
  });
});
