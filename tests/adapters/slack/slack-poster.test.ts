import { describe, expect, it } from 'vitest';
import { SlackPostError, SlackPoster } from '../../../src/adapters/slack/slack-poster.ts';
import { silentLogger } from '../../../src/core/ports.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';

const reply = (body: string): Reply => ({ kind: 'info', lang: 'en', visibility: 'public', body });

/** A fake chat API and a virtual clock: `sleep` advances time instead of waiting. */
function setup(failures: Record<number, unknown> = {}) {
  let now = 0;
  const sent: { at: number; channel: string; text: string; thread_ts?: string; user?: string; method: string }[] = [];
  const sleeps: number[] = [];
  let call = 0;
  const chat = {
    async postMessage(args: any) {
      const failure = failures[call++];
      if (failure) throw failure;
      sent.push({ at: now, method: 'postMessage', channel: args.channel, text: args.text, thread_ts: args.thread_ts });
      return { ok: true };
    },
    async postEphemeral(args: any) {
      call++;
      sent.push({ at: now, method: 'postEphemeral', channel: args.channel, text: args.text, user: args.user });
      return { ok: true };
    },
  };
  const poster = new SlackPoster({
    client: { chat } as any,
    logger: silentLogger,
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms);
      now += ms;
    },
  });
  return { poster, sent, sleeps, advance: (ms: number) => (now += ms) };
}

const rateLimited = (seconds: number) => Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter: seconds });

describe('SlackPoster', () => {
  it('keeps messages to one channel in order and at least a second apart; other channels do not wait', async () => {
    const { poster, sent } = setup();
    await Promise.all([
      poster.post({ platform: 'slack', workspace: 'T1', channel: 'C1' }, reply('one')),
      poster.post({ platform: 'slack', workspace: 'T1', channel: 'C1' }, reply('two')),
      poster.send('C2', reply('elsewhere')),
      poster.post({ platform: 'slack', workspace: 'T1', channel: 'C1' }, reply('three')),
    ]);
    const c1 = sent.filter(s => s.channel === 'C1');
    expect(c1.map(s => s.text)).toEqual(['one', 'two', 'three']);
    expect(c1[1]!.at - c1[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(c1[2]!.at - c1[1]!.at).toBeGreaterThanOrEqual(1000);
    expect(sent.find(s => s.channel === 'C2')!.at).toBe(0);
  });

  it('retries a 429 after Retry-After and sends the message once', async () => {
    const { poster, sent, sleeps } = setup({ 0: rateLimited(7) });
    await poster.send('C1', reply('hello'), { threadTs: '1.2' });
    expect(sleeps).toContain(7000);
    expect(sent).toEqual([{ at: 7000, method: 'postMessage', channel: 'C1', text: 'hello', thread_ts: '1.2' }]);
  });

  it('gives up loudly (rejects) when Slack keeps rate limiting or refuses the message', async () => {
    const always = { 0: rateLimited(1), 1: rateLimited(1), 2: rateLimited(1), 3: rateLimited(1), 4: rateLimited(1) };
    await expect(setup(always).poster.send('C1', reply('x'))).rejects.toBeInstanceOf(SlackPostError);
    const notIn = Object.assign(new Error('An API error occurred: not_in_channel'), { code: 'slack_webapi_platform_error', data: { ok: false, error: 'not_in_channel' } });
    await expect(setup({ 0: notIn }).poster.send('C1', reply('x'))).rejects.toMatchObject({ code: 'not_in_channel' });
  });

  it('sends private replies as ephemeral messages to one user', async () => {
    const { poster, sent } = setup();
    await poster.send('C1', reply('only you'), { ephemeralFor: 'U7' });
    expect(sent).toEqual([{ at: 0, method: 'postEphemeral', channel: 'C1', text: 'only you', user: 'U7' }]);
  });

  it('a failed message does not block the next one in the channel', async () => {
    const notIn = Object.assign(new Error('x'), { data: { error: 'channel_not_found' } });
    const { poster, sent } = setup({ 0: notIn });
    await expect(poster.send('C1', reply('lost'))).rejects.toThrow();
    await poster.send('C1', reply('next'));
    expect(sent.map(s => s.text)).toEqual(['next']);
    await poster.drain();
  });
});
