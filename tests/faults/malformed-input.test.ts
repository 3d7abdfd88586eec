/**
 * Malformed input from the platforms: only Slack (or someone holding the signing secret) and
 * Discord's gateway can send these, but one bad packet must not take the bot down. A signed Slack
 * body of `null` (or `1`, `[]`, `payload=null`) crashed the process inside Bolt; malformed gateway
 * dispatches crashed it inside discord.js or, for a MESSAGE_CREATE without an author, in the bot's
 * own message handler. Each is now answered or dropped and logged, and the next request is served.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { commandBody, postSigned, TEST_SIGNING_SECRET } from '../adapters/slack/helpers/signed-request.ts';
import { startHarness as startSlack, type Harness as SlackHarness } from '../adapters/slack/helpers/slack-harness.ts';
import { startHarness as startDiscord, textOf, type Harness as DiscordHarness } from '../adapters/discord/harness.ts';
import { textsOf } from '../support/fake-slack.ts';
import { trackUnhandledRejections } from './unhandled.ts';

const unhandled = trackUnhandledRejections();
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});
afterEach(() => {
  expect(unhandled.reasons(), 'unhandled rejections').toEqual([]);
});

const JSON_TYPE = 'application/json';
const FORM = 'application/x-www-form-urlencoded';

describe('Slack (HTTP mode): correctly signed bodies that are not objects', () => {
  it('are answered 400 and logged; unsigned ones still get 401; the next command is answered', async () => {
    const h: SlackHarness = await startSlack();
    stops.push(() => h.stop());
    h.fake.addUser({ id: 'U1', locale: 'en-US' });
    const bodies: [string, string][] = [
      ['null', JSON_TYPE],
      ['1', JSON_TYPE],
      ['[]', JSON_TYPE],
      ['"text"', JSON_TYPE],
      ['payload=null', FORM],
      ['payload=7', FORM],
    ];
    for (const [body, contentType] of bodies) {
      const res = await postSigned(h.eventsUrl, body, { contentType });
      expect([body, res.status]).toEqual([body, 400]);
    }
    expect((await postSigned(h.eventsUrl, 'null', { contentType: JSON_TYPE, secret: TEST_SIGNING_SECRET.replace(/.$/, '0') })).status).toBe(401);
    expect(h.logger.entries.filter(e => e.message === 'signed Slack request whose body is not an object; answered 400')).toHaveLength(bodies.length);
    // Objects of the wrong shape reach Bolt, which answers them without crashing.
    for (const body of ['{"type":"event_callback","event":null}', '{"type":"event_callback","event":{"type":"message"}}', '{"type":"block_actions"}']) {
      const res = await postSigned(h.eventsUrl, body, { contentType: JSON_TYPE });
      expect(res.status).toBeLessThan(600);
    }
    const res = await postSigned(h.eventsUrl, commandBody({ command: '/ask', text: 'what is a decorator', user_id: 'U1', channel_id: 'C1', response_url: h.fake.responseUrl('after') }), { contentType: FORM });
    expect(res.status).toBe(200);
    const reply = await h.fake.waitFor(c => c.method === 'response_url' && c.responseId === 'after');
    expect(textsOf(reply).join('\n')).toMatch(/decorator/i);
  });
});

describe('Discord: malformed gateway dispatches', () => {
  it('are dropped (or survived) and logged; the next message is answered', async () => {
    const h: DiscordHarness = await startDiscord();
    stops.push(() => h.close());
    const message = (extra: object) => ({
      id: '1234567890123456789',
      channel_id: h.channelId,
      guild_id: h.guild.id,
      content: `<@${h.botUser.id}> what is a decorator`,
      timestamp: new Date().toISOString(),
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      type: 0,
      ...extra,
    });
    const packets: [string, unknown][] = [
      ['MESSAGE_CREATE', message({ author: null })],
      ['MESSAGE_CREATE', null],
      ['INTERACTION_CREATE', { id: '1', type: 2, token: 't', application_id: h.applicationId, channel_id: h.channelId, guild_id: h.guild.id }],
      ['INTERACTION_CREATE', { id: '2', type: 3, token: 't', application_id: h.applicationId, channel_id: h.channelId }],
      ['INTERACTION_CREATE', null],
      ['GUILD_CREATE', null],
      ['CHANNEL_CREATE', null],
      ['MESSAGE_UPDATE', null],
      ['MESSAGE_REACTION_ADD', null],
      ['GUILD_MEMBER_ADD', null],
    ];
    for (const [type, data] of packets) h.fake.dispatch(type, data, h.guild.id);
    await h.fake.waitUntil(() => (h.logger.entries.filter(e => e.message === 'discord: dropped a malformed gateway packet').length >= packets.length ? true : undefined), 5_000, 'every packet dropped');
    expect(h.logger.entries.filter(e => e.message === 'discord: dropped a malformed gateway packet').map(e => (e.context as { type: string }).type)).toEqual(packets.map(([type]) => type));

    const since = h.fake.requests.length;
    h.fake.userMessage({ channelId: h.channelId, author: h.bob, content: `<@${h.botUser.id}> what is a decorator?`, mentions: [h.botUser] });
    const answer = await h.fake.waitUntil(() => h.fake.requests.slice(since).find(r => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages` && r.status === 200), 10_000, 'the answer');
    expect(textOf(answer.body)).toContain('What is a decorator?');
  });
});
