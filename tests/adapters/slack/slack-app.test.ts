import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../../src/adapters/slack/render-slack.ts';
import { buttonsOf, textsOf, type FakeCall } from '../../support/fake-slack.ts';
import {
  buttonClickBody,
  commandBody,
  eventBody,
  mentionEvent,
  messageEvent,
  newEventId,
  postSigned,
  TEST_SIGNING_SECRET,
  type ButtonClick,
} from './helpers/signed-request.ts';
import { startHarness, TEST_BOT_TOKEN, type Harness } from './helpers/slack-harness.ts';
import { useTempDirs } from '../../support/core-harness.ts';
import { makeKnowledgeDir } from './helpers/test-knowledge.ts';

const tempDir = useTempDirs();

/**
 * The real Bolt App with its HTTP receiver on 127.0.0.1, driven by correctly signed requests, its Web
 * API client pointed at a fake Slack that this test owns, and a real core behind it.
 */
let h: Harness;
let responses = 0;

beforeAll(async () => {
  h = await startHarness({ knowledgeDir: makeKnowledgeDir(tempDir) });
  h.fake.addUser({ id: 'U1', profile: { display_name: 'Alice' }, locale: 'en-US' });
  h.fake.addUser({ id: 'U2', real_name: 'Bob', locale: 'en-US' });
  h.fake.addUser({ id: 'UZH', profile: { display_name: '小王' }, locale: 'zh-CN' });
  h.fake.addUser({ id: 'UADMIN', profile: { display_name: 'Carol' }, is_admin: true, locale: 'en-US' });
});

afterAll(async () => {
  await h?.stop();
});

const FORM = 'application/x-www-form-urlencoded';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Runs a slash command; `reply()` waits for what the bot posts to its response_url. */
async function slash(command: string, text: string, fields: { user_id?: string; channel_id?: string; user_name?: string } = {}) {
  const id = `cmd${++responses}`;
  const res = await postSigned(h.eventsUrl, commandBody({ command, text, response_url: h.fake.responseUrl(id), ...fields }), { contentType: FORM });
  return { res, id, reply: (n = 1) => h.fake.waitForCount(c => c.method === 'response_url' && c.responseId === id, n).then(calls => calls[n - 1]!) };
}

/** Clicks a button; `reply()` waits for the bot's response_url post. */
async function click(fields: Omit<ButtonClick, 'response_url'>) {
  const id = `act${++responses}`;
  const res = await postSigned(h.eventsUrl, buttonClickBody({ ...fields, response_url: h.fake.responseUrl(id) }), { contentType: FORM });
  return { res, id, reply: () => h.fake.waitFor(c => c.method === 'response_url' && c.responseId === id, 5_000, `response_url ${id}`) };
}

async function sendEvent(event: Record<string, unknown>, options: { eventId?: string; headers?: Record<string, string> } = {}) {
  return postSigned(h.eventsUrl, eventBody(event, options.eventId ? { eventId: options.eventId } : {}), options.headers ? { headers: options.headers } : {});
}

const posted = (channel: string, test: (c: FakeCall) => boolean = () => true) => (c: FakeCall) =>
  c.method === 'chat.postMessage' && c.status === 200 && c.params.channel === channel && test(c);
const shows = (c: FakeCall, text: string) => textsOf(c).some(t => t.includes(text));

describe('slash commands', () => {
  it('/help and /topics answer privately (ephemeral, through response_url)', async () => {
    const help = await slash('/help', '');
    expect(help.res.status).toBe(200);
    const helpReply = await help.reply();
    expect(helpReply.params.response_type).toBe('ephemeral');
    expect(helpReply.params.replace_original).toBe(false);
    expect(shows(helpReply, 'Interview bot: commands')).toBe(true);
    for (const name of ['/ask', '/quiz', '/daily', '/topics', '/help']) expect(shows(helpReply, name)).toBe(true);

    const topics = await slash('/topics', '');
    const topicsReply = await topics.reply();
    expect(topicsReply.params.response_type).toBe('ephemeral');
    expect(shows(topicsReply, 'concurrency')).toBe(true);
  });

  it('/ask is private unless `public` is added', async () => {
    const privately = await (await slash('/ask', 'what is the GIL')).reply();
    expect(privately.params.response_type).toBe('ephemeral');
    expect(shows(privately, 'What is the GIL?')).toBe(true);
    expect(shows(privately, 'one thread execute Python bytecode')).toBe(true);

    const publicly = await (await slash('/ask', 'what is the GIL public')).reply();
    expect(publicly.params.response_type).toBe('in_channel');
    expect(shows(publicly, 'What is the GIL?')).toBe(true);
  });

  it('/quiz scores and /daily now post to the channel; /daily status without a schedule is a private error', async () => {
    const scores = await (await slash('/quiz', 'scores', { channel_id: 'CS' })).reply();
    expect(scores.params.response_type).toBe('in_channel');
    expect(shows(scores, 'Quiz leaderboard')).toBe(true);

    const status = await (await slash('/daily', 'status', { channel_id: 'CS' })).reply();
    expect(status.params.response_type).toBe('ephemeral');
    expect(shows(status, 'No daily question is set')).toBe(true);

    const now = await (await slash('/daily', 'now', { channel_id: 'CS' })).reply();
    expect(now.params.response_type).toBe('in_channel');
    expect(shows(now, 'Question of the day')).toBe(true);
    const [showAnswer] = buttonsOf(now);
    expect(showAnswer!.label).toBe('Show answer');
    const answer = await (await click({ value: showAnswer!.value, channel: 'CS', user: 'U2' })).reply();
    expect(answer.params.response_type).toBe('ephemeral');
    expect(shows(answer, 'Answer')).toBe(true);
  });

  it('acknowledges at once, before the slow work (users.info here takes 0.8 s, within its 1-s limit)', async () => {
    h.fake.delay('users.info', 800);
    try {
      const started = Date.now();
      const cmd = await slash('/help', '', { user_id: 'USLOW' });
      expect(cmd.res.status).toBe(200);
      expect(cmd.res.ms).toBeLessThan(1000);
      const reply = await cmd.reply();
      expect(Date.now() - started).toBeGreaterThanOrEqual(750);
      expect(shows(reply, 'Interview bot: commands')).toBe(true);
    } finally {
      h.fake.delay('users.info', 0);
    }
  });
});

describe('questions by mention and direct message', () => {
  it('answers an app_mention in a thread, in the asker\'s language, with feedback buttons that record the vote', async () => {
    const event = mentionEvent('什么是GIL', { user: 'UZH', channel: 'C1' });
    expect((await sendEvent(event)).status).toBe(200);
    const answer = await h.fake.waitFor(posted('C1', c => c.params.thread_ts === event.ts), 5_000, 'the answer');
    expect(shows(answer, '全局解释器锁')).toBe(true);
    expect(answer.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    const buttons = buttonsOf(answer);
    const up = buttons.find(b => b.value.startsWith('fb:up:'));
    expect(up).toBeDefined();
    expect(buttons.some(b => b.value.startsWith('fb:down:'))).toBe(true);

    const thanks = await (await click({ value: up!.value, user: 'UZH', channel: 'C1', messageTs: answer.params.ts, threadTs: String(event.ts) })).reply();
    expect(thanks.params.response_type).toBe('ephemeral');
    expect(shows(thanks, '谢谢反馈')).toBe(true);
    expect(h.core.services.store.questions.stats().up).toBe(1);
  });

  it('answers a direct message in a thread', async () => {
    const event = messageEvent('what is a decorator', { user: 'U1', channel: 'D1', channel_type: 'im' });
    await sendEvent(event);
    const answer = await h.fake.waitFor(posted('D1', c => c.params.thread_ts === event.ts), 5_000, 'the DM answer');
    expect(shows(answer, 'What is a decorator?')).toBe(true);
  });

  it('offers "did you mean" suggestions as buttons; a click answers privately', async () => {
    const event = mentionEvent('python', { user: 'U1', channel: 'C2' });
    await sendEvent(event);
    const suggest = await h.fake.waitFor(posted('C2', c => c.params.thread_ts === event.ts), 5_000, 'the suggestions');
    expect(shows(suggest, 'Did you mean')).toBe(true);
    const gil = buttonsOf(suggest).find(b => b.label === 'What is the GIL?');
    expect(gil).toBeDefined();
    const picked = await (await click({ value: gil!.value, user: 'U1', channel: 'C2', threadTs: String(event.ts) })).reply();
    expect(picked.params.response_type).toBe('ephemeral');
    expect(shows(picked, 'one thread execute Python bytecode')).toBe(true);
  });

  it('splits a long answer within Slack\'s limits, never inside a code block, and "Show more" continues it', async () => {
    const event = mentionEvent('event loop', { user: 'U1', channel: 'C3' });
    await sendEvent(event);
    const first = await h.fake.waitFor(posted('C3', c => c.params.thread_ts === event.ts), 5_000, 'the long answer');
    const blocks = first.params.blocks as any[];
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    const sections = blocks.filter(b => b.type === 'section');
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) {
      expect(s.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect((s.text.text.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
    expect(String(first.params.text).length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    const more = buttonsOf(first).find(b => b.label === 'Show more');
    expect(more).toBeDefined();

    const second = await (await click({ value: more!.value, user: 'U1', channel: 'C3', threadTs: String(event.ts) })).reply();
    expect(second.params.response_type).toBe('ephemeral');
    expect(shows(second, 'continued 2/')).toBe(true);
    for (const s of (second.params.blocks as any[]).filter(b => b.type === 'section')) expect(s.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });

  it('echoes no mention: a question with <!channel> and <@U…> pings nobody', async () => {
    const event = mentionEvent('<!channel> <!here> <@U999> <!subteam^S1|@devs> xyzzy &lt;b&gt;', { user: 'U1', channel: 'C4' });
    await sendEvent(event);
    const reply = await h.fake.waitFor(posted('C4'), 5_000, 'the decline');
    expect(reply.params.link_names).toBe('false');
    for (const text of textsOf(reply)) expect(text).not.toMatch(/<[!@#]/);
    expect(shows(reply, 'xyzzy')).toBe(true);
  });
});

describe('Slack\'s delivery contracts', () => {
  it('answers a retried event (same event_id, X-Slack-Retry-Num) only once', async () => {
    const event = mentionEvent('what is a decorator', { user: 'U1', channel: 'C5' });
    const eventId = newEventId();
    expect((await sendEvent(event, { eventId })).status).toBe(200);
    await h.fake.waitFor(posted('C5'), 5_000, 'the first answer');
    const retry = await sendEvent(event, { eventId, headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await sleep(400);
    expect(h.fake.calls.filter(posted('C5'))).toHaveLength(1);
  });

  it('rejects a bad signature and a stale timestamp with 401, and does nothing', async () => {
    const before = h.fake.calls.length;
    const body = eventBody(mentionEvent('what is the GIL', { user: 'U1', channel: 'C6' }));
    const bad = await postSigned(h.eventsUrl, body, { signature: 'v0=' + '0'.repeat(64) });
    expect(bad.status).toBe(401);
    const wrongSecret = await postSigned(h.eventsUrl, body, { secret: 'ffffffffffffffffffffffffffffffff' });
    expect(wrongSecret.status).toBe(401);
    const stale = await postSigned(h.eventsUrl, body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    await sleep(300);
    expect(h.fake.calls.length).toBe(before);
  });

  it('retries a message after Slack answers 429 with Retry-After', async () => {
    h.fake.rateLimitOnce('chat.postMessage', 1);
    await sendEvent(mentionEvent('what is the GIL', { user: 'U1', channel: 'C7' }));
    await h.fake.waitFor(posted('C7'), 6_000, 'the retried answer');
    const attempts = h.fake.callsTo('chat.postMessage').filter(c => c.params.channel === 'C7');
    expect(attempts.map(c => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
  });

  it('never answers its own messages or other bots', async () => {
    await sendEvent(messageEvent('what is the GIL', { user: 'UBOT', channel: 'D9', channel_type: 'im' }));
    await sendEvent(messageEvent('what is the GIL', { bot_id: 'B2', subtype: 'bot_message', channel: 'D9', channel_type: 'im' }));
    await sendEvent({ ...mentionEvent('what is the GIL', { user: 'U3', channel: 'C8' }), bot_id: 'B3' });
    await sleep(400);
    expect(h.fake.calls.filter(c => c.params.channel === 'D9' || c.params.channel === 'C8')).toEqual([]);
  });

  it('serves GET /healthz on the same server', async () => {
    const res = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });
});

describe('quiz and daily', () => {
  it('runs a full quiz round: a button answer, a wrong and a right typed answer, reveals and the summary', async () => {
    const channel = 'CQ';
    const start = await (await slash('/quiz', 'language 2 10', { channel_id: channel, user_id: 'U1' })).reply();
    expect(start.params.response_type).toBe('in_channel');
    expect(shows(start, 'Quiz started: 2 questions')).toBe(true);

    const answered: string[] = [];
    for (let n = 1; n <= 2; n++) {
      h.clock.advance(n === 1 ? 1500 : 3000);
      const question = await h.fake.waitFor(posted(channel, c => shows(c, `Question ${n}/2`)), 5_000, `question ${n}`);
      const buttons = buttonsOf(question);
      if (buttons.length > 0) {
        // Multiple choice: click the letter shown for "A function".
        const line = textsOf(question).join('\n').split('\n').find(l => l.includes('A function'))!;
        const letter = /([A-D])\./.exec(line)![1]!;
        expect(buttons.map(b => b.label)).toEqual(['A', 'B', 'C', 'D']);
        const choice = buttons.find(b => b.label === letter)!;
        const ack = await (await click({ value: choice.value, user: 'U1', channel, messageTs: question.params.ts })).reply();
        expect(ack.params.response_type).toBe('ephemeral');
        expect(shows(ack, 'Correct')).toBe(true);
        const reveal = await h.fake.waitFor(posted(channel, c => shows(c, `Answer to question ${n}/2`)), 5_000, `reveal ${n}`);
        expect(shows(reveal, 'Alice got it')).toBe(true);
        answered.push('choice');
      } else {
        await sendEvent(messageEvent('nope', { user: 'U1', channel }));
        const wrong = await h.fake.waitFor(c => c.method === 'chat.postEphemeral' && c.params.channel === channel, 5_000, 'the wrong-answer notice');
        expect(wrong.params.user).toBe('U1');
        expect(shows(wrong, 'Not it')).toBe(true);
        await sendEvent(messageEvent('functools.wraps', { user: 'U2', channel }));
        const reveal = await h.fake.waitFor(posted(channel, c => shows(c, `Answer to question ${n}/2`)), 5_000, `reveal ${n}`);
        expect(shows(reveal, 'Bob got it')).toBe(true);
        answered.push('typed');
      }
    }
    expect(answered.sort()).toEqual(['choice', 'typed']);
    h.clock.advance(3000);
    const summary = await h.fake.waitFor(posted(channel, c => shows(c, 'Quiz over')), 5_000, 'the summary');
    expect(shows(summary, 'Alice')).toBe(true);
    expect(shows(summary, 'Bob')).toBe(true);
  });

  it('lets only workspace admins set the daily question; posts it on time with a "Show answer" that answers privately', async () => {
    const channel = 'CD';
    const denied = await (await slash('/daily', 'set 09:00 UTC', { channel_id: channel, user_id: 'U1' })).reply();
    expect(denied.params.response_type).toBe('ephemeral');
    expect(shows(denied, 'Only people who can manage')).toBe(true);

    const set = await (await slash('/daily', 'set 09:00 UTC', { channel_id: channel, user_id: 'UADMIN' })).reply();
    expect(set.params.response_type).toBe('in_channel');
    expect(shows(set, 'one question a day in this channel at 09:00')).toBe(true);

    h.clock.advanceTo(Date.UTC(2025, 0, 6, 9, 0, 1));
    const post = await h.fake.waitFor(posted(channel, c => shows(c, 'Question of the day')), 5_000, 'the daily post');
    const reveal = buttonsOf(post).find(b => b.label === 'Show answer');
    expect(reveal).toBeDefined();
    const answer = await (await click({ value: reveal!.value, user: 'U2', channel, messageTs: post.params.ts })).reply();
    expect(answer.params.response_type).toBe('ephemeral');
    expect(shows(answer, 'Answer')).toBe(true);
  });
});

describe('secrets', () => {
  it('never logs the bot token or the signing secret', () => {
    const logs = h.logger.dump();
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(TEST_BOT_TOKEN);
    expect(logs).not.toContain(TEST_SIGNING_SECRET);
  });
});
