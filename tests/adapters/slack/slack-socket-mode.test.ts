import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textsOf } from '../../support/fake-slack.ts';
import { blockActionsPayload, eventEnvelope, mentionEvent, newEventId } from './helpers/signed-request.ts';
import { startHarness, TEST_APP_TOKEN, type Harness } from './helpers/slack-harness.ts';
import { useTempDirs } from '../../support/core-harness.ts';
import { makeKnowledgeDir } from './helpers/test-knowledge.ts';

const tempDir = useTempDirs();

/**
 * Socket Mode, the default for a team (no public URL): the real Bolt SocketModeReceiver opens
 * apps.connections.open on the fake Web API and then the fake's WebSocket, and receives envelopes.
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ mode: 'socket', knowledgeDir: makeKnowledgeDir(tempDir) });
  h.fake.addUser({ id: 'U1', profile: { display_name: 'Alice' }, locale: 'en-US' });
  await h.fake.socketConnected();
});

afterAll(async () => {
  await h?.stop();
});

describe('Socket Mode', () => {
  it('connects with the app token through SLACK_API_URL', () => {
    const open = h.fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.authorization).toBe(`Bearer ${TEST_APP_TOKEN}`);
  });

  it('answers a mention in a thread and a retried envelope only once', async () => {
    const event = mentionEvent('what is the GIL', { user: 'U1', channel: 'C1' });
    const envelope = eventEnvelope(event, { eventId: newEventId() });
    await h.fake.sendEnvelope('events_api', envelope);
    const answer = await h.fake.waitFor(c => c.method === 'chat.postMessage' && c.params.thread_ts === event.ts);
    expect(textsOf(answer).some(t => t.includes('What is the GIL?'))).toBe(true);
    await h.fake.sendEnvelope('events_api', envelope, 1);
    await new Promise(r => setTimeout(r, 300));
    expect(h.fake.callsTo('chat.postMessage').filter(c => c.params.thread_ts === event.ts)).toHaveLength(1);
  });

  it('acknowledges a slash command over the socket and replies through response_url', async () => {
    const url = h.fake.responseUrl('sock-help');
    await h.fake.sendEnvelope('slash_commands', {
      command: '/help', text: '', user_id: 'U1', user_name: 'alice', team_id: 'T1', channel_id: 'C1', response_url: url, trigger_id: '1', api_app_id: 'A1',
    });
    const reply = await h.fake.waitFor(c => c.method === 'response_url' && c.responseId === 'sock-help');
    expect(reply.params.response_type).toBe('ephemeral');
    expect(textsOf(reply).some(t => t.includes('Interview bot: commands'))).toBe(true);
  });

  it('handles a button click over the socket', async () => {
    const url = h.fake.responseUrl('sock-click');
    const fb = h.core.services.store.questions.record({ at: 0, platform: 'slack', workspace: 'T1', channel: 'C1', user: 'U1', query: 'q', outcome: 'answer', entryId: 'test-gil', score: 1 });
    await h.fake.sendEnvelope('interactive', blockActionsPayload({ value: `fb:down:${fb}`, user: 'U1', channel: 'C1', response_url: url }));
    const reply = await h.fake.waitFor(c => c.method === 'response_url' && c.responseId === 'sock-click');
    expect(textsOf(reply).some(t => t.includes('Thanks for the feedback'))).toBe(true);
    expect(h.core.services.store.questions.stats().down).toBe(1);
  });
});
