/**
 * users.info is optional. During an outage (Slack's users.info hanging) every command, mention and
 * click used to wait for it, retried for about 30 minutes: a signed /ask was acknowledged and then
 * never answered. Now a lookup gets about a second, the answer goes out with the fallback (the
 * question's own language, the user id as the name, no admin right, and a schedule change is
 * refused saying the check failed), and Slack is not asked again for a while.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../src/core/messages.ts';
import { commandBody, mentionEvent, eventBody, postSigned } from '../adapters/slack/helpers/signed-request.ts';
import { startHarness, type Harness } from '../adapters/slack/helpers/slack-harness.ts';
import { textsOf } from '../support/fake-slack.ts';
import { trackUnhandledRejections } from './unhandled.ts';

const unhandled = trackUnhandledRejections();
let h: Harness | undefined;
afterAll(async () => {
  await h?.stop();
  expect(unhandled.reasons()).toEqual([]);
});
const FORM = 'application/x-www-form-urlencoded';

describe('users.info does not answer', () => {
  it('a command is answered within about the lookup timeout, in the question\'s language; an admin\'s /daily set says the check failed; later requests do not wait at all', { timeout: 30_000 }, async () => {
    // Default tuning, as production: the client would retry for half an hour.
    h = await startHarness({ tuning: { webApiRetries: undefined as never } });
    h.fake.addUser({ id: 'UADMIN', is_admin: true, locale: 'zh-CN' });
    h.fake.delay('users.info', 120_000);
    const harness = h;
    const slash = (command: string, text: string, id: string) =>
      postSigned(harness.eventsUrl, commandBody({ command, text, user_id: 'UADMIN', channel_id: 'C1', response_url: harness.fake.responseUrl(id) }), { contentType: FORM });

    let started = Date.now();
    expect((await slash('/ask', 'what is a decorator', 'a1')).status).toBe(200);
    const first = await harness.fake.waitFor(c => c.method === 'response_url' && c.responseId === 'a1', 5_000, 'the first answer');
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(textsOf(first).join('\n')).toContain('What is a decorator?'); // English: the question's language, not the zh locale

    // The outage is remembered: the next requests do not wait for users.info.
    started = Date.now();
    expect((await slash('/daily', 'set 09:00 UTC', 'd1')).status).toBe(200);
    const refused = await harness.fake.waitFor(c => c.method === 'response_url' && c.responseId === 'd1', 5_000, 'the /daily reply');
    expect(Date.now() - started).toBeLessThan(500);
    expect(textsOf(refused).join('\n')).toContain(t('en', 'error.rights-unknown'));

    started = Date.now();
    const event = mentionEvent('什么是装饰器？', { user: 'UADMIN', channel: 'C1' });
    expect((await postSigned(harness.eventsUrl, eventBody(event))).status).toBe(200);
    const zh = await harness.fake.waitFor(c => c.method === 'chat.postMessage' && c.params.thread_ts === event.ts, 5_000, 'the mention answer');
    expect(Date.now() - started).toBeLessThan(500);
    expect(textsOf(zh).join('\n')).toContain('什么是装饰器');
    expect(harness.fake.callsTo('users.info').length).toBeLessThanOrEqual(1);
    expect(harness.logger.entries.filter(e => /users\.info failed/.test(e.message ?? ''))).toHaveLength(1);
  });
});
