import type { RespondArguments } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { SlackDeps } from '../../../src/adapters/slack/deliver-replies.ts';
import { EventDedupe } from '../../../src/adapters/slack/event-dedupe.ts';
import { handleAction } from '../../../src/adapters/slack/register-actions.ts';
import { handleCommand } from '../../../src/adapters/slack/register-commands.ts';
import { handleMessageEvent, type IncomingMessage } from '../../../src/adapters/slack/register-events.ts';
import type { Invocation } from '../../../src/core/commands/command-spec.ts';
import type { Input } from '../../../src/core/dispatcher.ts';
import { silentLogger } from '../../../src/core/ports.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';

/**
 * The listeners' work after Bolt's ack, with a fake dispatcher, poster and respond: what the adapter
 * hands the core for each payload, and where each reply goes. No Bolt, no network.
 */
function setup(replies: readonly Reply[] = [{ kind: 'info', lang: 'en', visibility: 'public', body: 'hi' }]) {
  const handled: { invocation: Invocation; input: Input }[] = [];
  const sent: { channel: string; reply: Reply; options: unknown }[] = [];
  const responded: RespondArguments[] = [];
  const deps: SlackDeps = {
    dispatcher: { handle: async (invocation: Invocation, input: Input) => (handled.push({ invocation, input }), replies) } as any,
    users: { lookup: async (id: string) => ({ name: id === 'U1' ? 'Alice' : undefined, canManage: id === 'UADMIN', isBot: false }) } as any,
    poster: { send: async (channel: string, reply: Reply, options: unknown) => void sent.push({ channel, reply, options }) } as any,
    dedupe: new EventDedupe(),
    logger: silentLogger,
    botUserId: 'UBOT',
    botId: 'BBOT',
    commands: ['ask', 'help'],
  };
  const respond = async (message: string | RespondArguments) => {
    responded.push(typeof message === 'string' ? { text: message } : message);
    return new Response('ok');
  };
  return { deps, handled, sent, responded, respond };
}

const message = (fields: Partial<IncomingMessage>): IncomingMessage => ({ type: 'message', channel: 'C1', channel_type: 'channel', ts: '1.1', user: 'U1', text: 'x', ...fields });

describe('message events', () => {
  it('a mention is an addressed question answered in a thread; a plain channel message may only be a quiz answer', async () => {
    const t = setup();
    await handleMessageEvent(t.deps, message({ type: 'app_mention', text: '<@UBOT> what is &lt;GIL&gt;', ts: '5.5' }), 'T1');
    await handleMessageEvent(t.deps, message({ text: 'functools.wraps', ts: '6.6' }), 'T1');
    expect(t.handled.map(h => h.input)).toEqual([
      { kind: 'message', text: 'what is <GIL>', addressed: true },
      { kind: 'message', text: 'functools.wraps', addressed: false },
    ]);
    expect(t.handled[0]!.invocation).toMatchObject({ platform: 'slack', workspace: 'T1', channel: 'C1', user: { id: 'U1', name: 'Alice' } });
    expect(t.sent.map(s => s.options)).toEqual([{ threadTs: '5.5', ephemeralFor: undefined }, { threadTs: undefined, ephemeralFor: undefined }]);
  });

  it('a DM is addressed; a channel message that mentions the bot is left to app_mention', async () => {
    const t = setup();
    await handleMessageEvent(t.deps, message({ channel: 'D1', channel_type: 'im', text: 'hello', ts: '7.7' }), 'T1');
    await handleMessageEvent(t.deps, message({ text: '<@UBOT> hello' }), 'T1');
    expect(t.handled).toHaveLength(1);
    expect(t.handled[0]!.input).toEqual({ kind: 'message', text: 'hello', addressed: true });
    expect(t.sent[0]!.options).toEqual({ threadTs: '7.7', ephemeralFor: undefined });
  });

  it('ignores edits, joins, bots, itself and group DMs', async () => {
    const t = setup();
    await handleMessageEvent(t.deps, message({ subtype: 'message_changed' }), 'T1');
    await handleMessageEvent(t.deps, message({ subtype: 'channel_join' }), 'T1');
    await handleMessageEvent(t.deps, message({ bot_id: 'B9' }), 'T1');
    await handleMessageEvent(t.deps, message({ user: 'UBOT' }), 'T1');
    await handleMessageEvent(t.deps, message({ user: undefined }), 'T1');
    await handleMessageEvent(t.deps, message({ channel_type: 'mpim' }), 'T1');
    expect(t.handled).toEqual([]);
  });

  it('private replies to a message go as ephemeral messages to the writer', async () => {
    const t = setup([{ kind: 'info', lang: 'en', visibility: 'private', body: 'Not it' }]);
    await handleMessageEvent(t.deps, message({ user: 'U2', text: 'nope', thread_ts: '1.0' }), 'T1');
    expect(t.sent[0]!.options).toEqual({ threadTs: '1.0', ephemeralFor: 'U2' });
  });
});

describe('slash commands', () => {
  it('hands the text to the core and answers through response_url', async () => {
    const t = setup([
      { kind: 'info', lang: 'en', visibility: 'private', body: 'only you' },
      { kind: 'info', lang: 'en', visibility: 'public', body: 'everyone' },
    ]);
    await handleCommand(t.deps, { command: '/ask', text: 'what is <@U7|bob>', user_id: 'UADMIN', user_name: 'carol', team_id: 'T1', channel_id: 'C1' } as any, t.respond);
    expect(t.handled[0]!.input).toEqual({ kind: 'command-text', name: 'ask', text: 'what is @bob' });
    expect(t.handled[0]!.invocation.user).toEqual({ id: 'UADMIN', name: 'carol', canManage: true, isBot: false });
    expect(t.responded.map(r => [r.response_type, r.replace_original, r.text])).toEqual([
      ['ephemeral', false, 'only you'],
      ['in_channel', false, 'everyone'],
    ]);
    expect(t.sent).toEqual([]);
  });
});

describe('button clicks', () => {
  it('hands the button value to the core; private replies via response_url, public ones in the thread', async () => {
    const t = setup([
      { kind: 'info', lang: 'en', visibility: 'private', body: 'thanks' },
      { kind: 'info', lang: 'en', visibility: 'public', body: 'for all' },
    ]);
    const body = {
      type: 'block_actions',
      user: { id: 'U1', username: 'alice', team_id: 'T1' },
      team: { id: 'T1', domain: 'x' },
      channel: { id: 'C1', name: 'c' },
      container: { type: 'message', channel_id: 'C1', message_ts: '9.9', thread_ts: '8.8' },
      message: { type: 'message', ts: '9.9', thread_ts: '8.8' },
      response_url: 'http://127.0.0.1/unused',
      actions: [],
    };
    await handleAction(t.deps, body as any, { type: 'button', action_id: 'ib.0', block_id: 'b', value: 'fb:up:q1', action_ts: '1', text: { type: 'plain_text', text: 'x' } } as any, t.respond);
    expect(t.handled[0]!.input).toEqual({ kind: 'action', action: 'fb:up:q1' });
    expect(t.responded.map(r => r.response_type)).toEqual(['ephemeral']);
    expect(t.sent).toEqual([{ channel: 'C1', reply: expect.objectContaining({ body: 'for all' }), options: { threadTs: '8.8', ephemeralFor: undefined } }]);
  });
});
