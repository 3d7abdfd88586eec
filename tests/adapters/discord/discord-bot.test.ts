import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAction } from '../../../src/core/reply/actions.ts';
import { MANAGER_PERMISSIONS, type RecordedRequest } from '../../support/fake-discord.ts';
import { buttonsOf, startHarness, textOf, type Harness } from './harness.ts';

const EPHEMERAL = 64;
const STRING = 3;
const INTEGER = 4;
const BOOLEAN = 5;

/** Every request that sends a message must mention nobody. */
function expectNoPings(requests: readonly RecordedRequest[]): void {
  const sends = requests.filter(
    r =>
      (r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)) ||
      (r.method === 'POST' && /^\/webhooks\//.test(r.path)) ||
      (r.method === 'PATCH' && /^\/webhooks\//.test(r.path)) ||
      (r.method === 'POST' && /\/callback$/.test(r.path) && (r.body?.type === 4 || r.body?.type === 7)),
  );
  expect(sends.length).toBeGreaterThan(0);
  for (const r of sends) {
    const data = /\/callback$/.test(r.path) ? r.body.data : r.body;
    expect(data.allowed_mentions, `${r.method} ${r.path}`).toMatchObject({ parse: [] });
  }
}

describe('Discord adapter against a local Discord (Message Content intent off)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('logs in through DISCORD_API_URL: GET /gateway/bot, then IDENTIFY without the privileged intent', () => {
    expect(h.fake.find('GET', '/gateway/bot')).toHaveLength(1);
    const identify = h.fake.connections[0]!.identify;
    expect(identify.token).toBe(h.bot.client.token);
    const MESSAGE_CONTENT = 1 << 15;
    expect(identify.intents & MESSAGE_CONTENT).toBe(0);
    expect(identify.intents & 1).toBe(1); // Guilds
  });

  it('/ask answers privately (ephemeral embed) with 👍/👎 buttons; 👍 thanks privately', async () => {
    const ask = h.fake.slashCommand({ channelId: h.channelId, user: h.alice, name: 'ask', options: [{ name: 'question', type: STRING, value: 'What is a decorator?' }] });
    const callback = await h.fake.callbackOf(ask);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.embeds[0].title).toBe('What is a decorator?');
    expect(callback.body.data.embeds[0].description).toContain('takes a function and returns a new one');
    const buttons = buttonsOf(callback.body);
    const up = buttons.find(b => decodeAction(b.custom_id)?.type === 'feedback' && b.custom_id.startsWith('fb:up'));
    expect(up?.label).toContain('👍');

    const click = h.fake.clickButton({ channelId: h.channelId, user: h.alice, customId: up!.custom_id });
    const thanks = await h.fake.callbackOf(click);
    expect(thanks.body.data.flags).toBe(EPHEMERAL);
    expect(textOf(thanks.body)).toContain('Thanks for the feedback');
  });

  it('/ask public:true answers the whole channel', async () => {
    const ask = h.fake.slashCommand({
      channelId: h.channelId,
      user: h.alice,
      name: 'ask',
      options: [
        { name: 'question', type: STRING, value: 'shallow copy' },
        { name: 'public', type: BOOLEAN, value: true },
      ],
    });
    const callback = await h.fake.callbackOf(ask);
    expect(callback.body.data.flags ?? 0).toBe(0);
    expect(textOf(callback.body)).toContain('Shallow copy');
  });

  it('/ask autocomplete offers the titles of matching entries as you type', async () => {
    const typing = h.fake.slashCommand({
      channelId: h.channelId,
      user: h.alice,
      name: 'ask',
      autocomplete: true,
      options: [{ name: 'question', type: STRING, value: 'decor', focused: true }],
    });
    const callback = await h.fake.callbackOf(typing);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices).toContainEqual({ name: 'What is a decorator?', value: 'What is a decorator?' });
    expect(callback.body.data.choices.length).toBeLessThanOrEqual(25);
  });

  it('a "did you mean" reply has one button per suggestion; picking one answers privately', async () => {
    const ask = h.fake.slashCommand({ channelId: h.channelId, user: h.bob, name: 'ask', options: [{ name: 'question', type: STRING, value: 'decorator or GIL' }] });
    const callback = await h.fake.callbackOf(ask);
    expect(textOf(callback.body)).toContain('Did you mean');
    const picks = buttonsOf(callback.body).filter(b => b.custom_id.startsWith('pick:'));
    expect(picks.map(b => b.label)).toEqual(expect.arrayContaining(['What is a decorator?', 'What is the GIL?']));
    const click = h.fake.clickButton({ channelId: h.channelId, user: h.bob, customId: picks.find(b => b.label === 'What is the GIL?')!.custom_id });
    const answer = await h.fake.callbackOf(click);
    expect(answer.body.data.flags).toBe(EPHEMERAL);
    expect(answer.body.data.embeds[0].title).toBe('What is the GIL?');
  });

  it('/topics and /help answer privately, in Chinese for a zh-CN user', async () => {
    const topics = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.channelId, user: h.alice, name: 'topics' }));
    expect(topics.body.data.flags).toBe(EPHEMERAL);
    expect(textOf(topics.body)).toContain('**language**');
    const help = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.channelId, user: h.alice, name: 'help', locale: 'zh-CN' }));
    expect(help.body.data.embeds[0].title).toBe('面试助手：命令一览');
    expect(textOf(help.body)).toContain('/daily');
  });

  it('mentioning the bot answers in the channel as a reply to the message; other messages are ignored', async () => {
    const before = h.fake.channelPosts(h.channelId).length;
    h.fake.userMessage({ channelId: h.channelId, author: h.bob, content: 'just chatting, no mention' });
    const question = h.fake.userMessage({ channelId: h.channelId, author: h.bob, content: `<@${h.botUser.id}> what is a decorator?`, mentions: [h.botUser] });
    const posts = await h.fake.waitForRequests(r => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages` && r.status === 200, before + 1);
    const post = posts.at(-1)!;
    expect(post.body.message_reference.message_id).toBe(question.id);
    expect(post.body.embeds[0].title).toBe('What is a decorator?');
    expect(post.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    await new Promise(resolve => setTimeout(resolve, 150));
    expect(h.fake.channelPosts(h.channelId)).toHaveLength(before + 1);
  });

  it('a DM is answered without a mention', async () => {
    h.fake.userMessage({ channelId: h.dmChannelId, author: h.alice, content: 'shallow copy' });
    const post = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${h.dmChannelId}/messages`);
    expect(textOf(post.body)).toContain('Shallow copy');
  });

  it('ignores bots, itself included', async () => {
    const before = h.fake.requests.length;
    h.fake.userMessage({ channelId: h.channelId, author: h.botUser, content: `<@${h.botUser.id}> what is a decorator?`, mentions: [h.botUser] });
    h.fake.userMessage({ channelId: h.dmChannelId, author: { id: '1000000000000000001', username: 'other-bot', bot: true }, content: 'what is a decorator?' });
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(h.fake.requests.slice(before)).toEqual([]);
  });

  it('@everyone and role mentions in a question are echoed without pinging anyone', async () => {
    const question = h.fake.userMessage({
      channelId: h.otherChannelId,
      author: h.bob,
      content: `<@${h.botUser.id}> @everyone <@&1234567890123456789> zebra crossing rules?`,
      mentions: [h.botUser],
      mentionEveryone: true,
      mentionRoles: ['1234567890123456789'],
    });
    const post = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${h.otherChannelId}/messages` && r.body?.message_reference?.message_id === question.id);
    expect(textOf(post.body)).toContain('@everyone');
    expect(post.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expectNoPings(h.fake.requests);
  });

  it('/daily set by someone without Manage Server is refused (the command also defaults to Manage Server)', async () => {
    const set = h.fake.slashCommand({ channelId: h.channelId, user: h.bob, name: 'daily', subcommand: 'set', options: [{ name: 'time', type: STRING, value: '09:00' }] });
    const callback = await h.fake.callbackOf(set);
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(textOf(callback.body)).toContain('Only people who can manage this server');
    expect(() => h.core.services.daily.status({ platform: 'discord', workspace: h.guild.id, channel: h.channelId })).toThrow();
  });

  it('/daily set by a manager posts at the time; "Show answer" answers ephemerally', async () => {
    const set = h.fake.slashCommand({
      channelId: h.channelId,
      user: h.alice,
      permissions: MANAGER_PERMISSIONS,
      name: 'daily',
      subcommand: 'set',
      options: [
        { name: 'time', type: STRING, value: '08:30' },
        { name: 'timezone', type: STRING, value: 'UTC' },
        { name: 'topic', type: STRING, value: 'language' },
      ],
    });
    const confirm = await h.fake.callbackOf(set);
    expect(confirm.body.data.flags ?? 0).toBe(0);
    expect(textOf(confirm.body)).toContain('08:30');

    const status = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.channelId, user: h.bob, name: 'daily', subcommand: 'status' }));
    expect(status.body.data.flags).toBe(EPHEMERAL);

    const before = h.fake.channelPosts(h.channelId).length;
    h.clock.advance(30 * 60_000);
    const posts = await h.fake.waitForRequests(r => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages` && r.status === 200, before + 1);
    const post = posts.at(-1)!;
    expect(textOf(post.body)).toContain('What is @decorator shorthand for?');
    const show = buttonsOf(post.body).find(b => b.custom_id.startsWith('dr:'));
    expect(show?.label).toBe('Show answer');

    const click = h.fake.clickButton({ channelId: h.channelId, user: h.bob, customId: show!.custom_id });
    const answer = await h.fake.callbackOf(click);
    expect(answer.body.data.flags).toBe(EPHEMERAL);
    expect(textOf(answer.body)).toContain('func = decorator(func)');

    const off = await h.fake.callbackOf(
      h.fake.slashCommand({ channelId: h.channelId, user: h.alice, permissions: MANAGER_PERMISSIONS, name: 'daily', subcommand: 'off' }),
    );
    expect(textOf(off.body)).toContain('off');
  });

  it('a full quiz round: multiple choice by button, a typed answer by mention (intent off), the summary', async () => {
    const channelId = h.otherChannelId;
    const start = h.fake.slashCommand({
      channelId,
      user: h.alice,
      name: 'quiz',
      subcommand: 'start',
      options: [
        { name: 'topic', type: STRING, value: 'language' },
        { name: 'questions', type: INTEGER, value: 2 },
        { name: 'seconds', type: INTEGER, value: 20 },
      ],
    });
    const started = await h.fake.callbackOf(start);
    expect(textOf(started.body)).toContain('Quiz started');
    const posted = () => h.fake.channelPosts(channelId).filter(r => r.at >= started.at);

    for (let question = 1; question <= 2; question++) {
      h.clock.advance(question === 1 ? 1500 : 3000);
      const posts = await h.fake.waitForRequests(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.at >= started.at && textOf(r.body).includes(`Question ${question}/2`), 1);
      const asked = posts[0]!;
      const choices = buttonsOf(asked.body).filter(b => b.custom_id.startsWith('qc:'));
      if (choices.length > 0) {
        expect(choices.map(b => b.label)).toEqual(['A', 'B', 'C', 'D']);
        const letter = /\*\*([A-D])\.\*\* A function/.exec(textOf(asked.body))![1]!;
        const wrong = choices.find(b => b.label !== letter)!;
        // Bob clicks a wrong option first: privately recorded; Alice is right.
        const bobClick = await h.fake.callbackOf(h.fake.clickButton({ channelId, user: h.bob, customId: wrong.custom_id, message: h.fake.messages.get(asked.body?.id) }));
        expect(bobClick.body.data.flags).toBe(EPHEMERAL);
        const aliceClick = await h.fake.callbackOf(h.fake.clickButton({ channelId, user: h.alice, customId: choices.find(b => b.label === letter)!.custom_id }));
        expect(aliceClick.body.data.flags).toBe(EPHEMERAL);
        expect(textOf(aliceClick.body)).toContain('Correct');
      } else {
        // Without the Message Content intent, typed answers come as mentions; the footer says so.
        expect(textOf(asked.body)).toContain(`@${h.botUser.username}`);
        h.fake.userMessage({ channelId, author: h.alice, content: `<@${h.botUser.id}> wraps`, mentions: [h.botUser] });
      }
      await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && textOf(r.body).includes(`Answer to question ${question}/2`));
    }
    h.clock.advance(3000);
    const summary = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && textOf(r.body).includes('Quiz over'));
    expect(textOf(summary.body)).toContain('Alice');
    expect(posted().every(r => r.body.allowed_mentions?.parse?.length === 0)).toBe(true);
  });

  it('/quiz scores is public, /quiz me private; /quiz stop only by the starter (or a manager); /quiz review starts a review', async () => {
    const scores = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.channelId, user: h.bob, name: 'quiz', subcommand: 'scores' }));
    expect(scores.body.data.flags ?? 0).toBe(0);
    expect(textOf(scores.body)).toContain('Alice');
    const me = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.channelId, user: h.alice, name: 'quiz', subcommand: 'me' }));
    expect(me.body.data.flags).toBe(EPHEMERAL);
    expect(textOf(me.body)).toContain('language');

    const review = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.channelId, user: h.bob, name: 'quiz', subcommand: 'review' }));
    expect(textOf(review.body)).toContain('Review started');
    const denied = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.channelId, user: h.alice, name: 'quiz', subcommand: 'stop' }));
    expect(denied.body.data.flags).toBe(EPHEMERAL);
    expect(textOf(denied.body)).toContain('Only the person who started the quiz');
    const stopped = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.channelId, user: h.bob, name: 'quiz', subcommand: 'stop' }));
    expect(textOf(stopped.body)).toContain('The quiz is stopped');
    await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages` && r.at >= review.at && textOf(r.body).includes('Stopped by Bob'));
  });

  it('/daily now posts an extra question in the channel, answered ephemerally', async () => {
    const now = await h.fake.callbackOf(h.fake.slashCommand({ channelId: h.otherChannelId, user: h.bob, name: 'daily', subcommand: 'now' }));
    expect(now.body.data.flags ?? 0).toBe(0);
    expect(textOf(now.body)).toContain('Question of the day');
    const show = buttonsOf(now.body).find(b => b.custom_id.startsWith('dr:'))!;
    const answer = await h.fake.callbackOf(h.fake.clickButton({ channelId: h.otherChannelId, user: h.alice, customId: show.custom_id }));
    expect(answer.body.data.flags).toBe(EPHEMERAL);
    expect(textOf(answer.body)).toContain('Answer');
  });

  it('a 429 from Discord is waited out and retried by discord.js, and logged', async () => {
    h.fake.failNext('POST', new RegExp(`^/channels/${h.channelId}/messages$`), {
      status: 429,
      headers: { 'retry-after': '0.3', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 0.3, global: false },
    });
    const started = Date.now();
    h.fake.userMessage({ channelId: h.channelId, author: h.bob, content: `<@${h.botUser.id}> shallow copy`, mentions: [h.botUser] });
    const ok = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages` && r.at >= started && r.status === 200);
    const limited = h.fake.find('POST', `/channels/${h.channelId}/messages`).filter(r => r.at >= started && r.status === 429);
    expect(limited).toHaveLength(1);
    expect(ok.at - limited[0]!.at).toBeGreaterThanOrEqual(250);
    expect(textOf(ok.body)).toContain('Shallow copy');
    expect(h.logger.entries.some(e => e.level === 'warn' && e.message?.includes('rate limited'))).toBe(true);
  });

  it('an API error is not swallowed: logged with context (no token) and the user is told', async () => {
    // The error must meet this answer, not a later part of the previous test's (a long answer is sent in
    // parts): wait until the channel has been quiet for a moment.
    let seen = -1;
    let quietSince = Date.now();
    await h.fake.waitUntil(() => {
      const n = h.fake.find('POST', `/channels/${h.channelId}/messages`).length;
      if (n !== seen) [seen, quietSince] = [n, Date.now()];
      return Date.now() - quietSince >= 300 ? true : undefined;
    }, 10_000, 'a quiet channel');
    h.fake.failNext('POST', new RegExp(`^/channels/${h.channelId}/messages$`), { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const started = Date.now();
    h.fake.userMessage({ channelId: h.channelId, author: h.bob, content: `<@${h.botUser.id}> shallow copy`, mentions: [h.botUser] });
    const apology = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages` && r.at >= started && r.status === 200);
    expect(textOf(apology.body)).toContain('Sorry, something went wrong');
    const logged = h.logger.entries.find(e => e.level === 'error' && e.message === 'discord: could not answer a message');
    expect(logged?.context).toMatchObject({ channel: h.channelId, user: h.bob.id, err: { status: 403, code: 50013 } });
    expect(JSON.stringify(h.logger.entries)).not.toContain(h.bot.client.token!);
  });

  it('a failed interaction reply is logged without the interaction token and the user is told privately', async () => {
    h.fake.failNext('POST', /\/callback$/, { status: 500, body: { message: 'boom', code: 0 } });
    h.fake.failNext('POST', /\/callback$/, { status: 500, body: { message: 'boom', code: 0 } });
    h.fake.failNext('POST', /\/callback$/, { status: 500, body: { message: 'boom', code: 0 } });
    h.fake.failNext('POST', /\/callback$/, { status: 500, body: { message: 'boom', code: 0 } });
    const ask = h.fake.slashCommand({ channelId: h.channelId, user: h.bob, name: 'help' });
    await h.fake.waitUntil(() => h.logger.entries.find(e => e.message === 'discord: could not answer an interaction'), 10_000, 'the error log');
    const apology = await h.fake.waitForRequest(r => r.path === `/interactions/${ask.id}/${ask.token}/callback` && r.status === 204);
    expect(textOf(apology.body)).toContain('Sorry, something went wrong');
    expect(apology.body.data.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(h.logger.entries)).not.toContain(ask.token);
  });

  it('a dropped gateway connection is resumed by discord.js and logged; events flow again', async () => {
    const conn = h.fake.connectionFor(h.guild.id);
    h.fake.requestReconnect(conn);
    const resumed = await h.fake.waitUntil(() => h.fake.connections.find(c => c.resumed && !c.closed), 10_000, 'a RESUME');
    expect(resumed.sessionId).toBe(conn.sessionId);
    await h.fake.waitUntil(() => h.logger.entries.find(e => e.message?.includes('resumed')), 5000, 'the resume log');
    const sent = Date.now();
    h.fake.userMessage({ channelId: h.dmChannelId, author: h.alice, content: 'what is a decorator?' });
    const post = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${h.dmChannelId}/messages` && r.at >= sent);
    expect(textOf(post.body)).toContain('What is a decorator?');
  });
});

describe('Discord adapter with the Message Content intent on', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ messageContent: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('asks for the intent, reads typed quiz answers from the channel, and marks a wrong one with ❌', async () => {
    const MESSAGE_CONTENT = 1 << 15;
    expect(h.fake.connections[0]!.identify.intents & MESSAGE_CONTENT).toBe(MESSAGE_CONTENT);
    const channelId = h.channelId;
    const started = await h.fake.callbackOf(
      h.fake.slashCommand({
        channelId,
        user: h.alice,
        name: 'quiz',
        subcommand: 'start',
        options: [
          { name: 'topic', type: STRING, value: 'language' },
          { name: 'questions', type: INTEGER, value: 2 },
        ],
      }),
    );
    for (let question = 1; question <= 2; question++) {
      h.clock.advance(question === 1 ? 1500 : 3000);
      const asked = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.at >= started.at && textOf(r.body).includes(`Question ${question}/2`));
      const choices = buttonsOf(asked.body).filter(b => b.custom_id.startsWith('qc:'));
      if (choices.length > 0) {
        const letter = /\*\*([A-D])\.\*\* A function/.exec(textOf(asked.body))![1]!;
        await h.fake.callbackOf(h.fake.clickButton({ channelId, user: h.bob, customId: choices.find(b => b.label === letter)!.custom_id }));
      } else {
        expect(textOf(asked.body)).not.toContain(`@${h.botUser.username}`);
        const wrong = h.fake.userMessage({ channelId, author: h.bob, content: 'functools.partial' });
        await h.fake.waitForRequest(r => r.method === 'PUT' && r.path.startsWith(`/channels/${channelId}/messages/${wrong.id}/reactions/❌/@me`));
        h.fake.userMessage({ channelId, author: h.alice, content: 'functools.wraps' });
      }
      const reveal = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && textOf(r.body).includes(`Answer to question ${question}/2`));
      expect(textOf(reveal.body)).toMatch(/(Alice|Bob) got it/);
    }
  });
});

describe('Discord adapter when the core is slow', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ deferAfterMs: 50 });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('defers (ephemeral) before the 3 s deadline, then edits the deferral with the private reply', async () => {
    const handle = h.core.dispatcher.handle.bind(h.core.dispatcher);
    h.core.dispatcher.handle = async (...args) => {
      await new Promise(resolve => setTimeout(resolve, 300));
      return handle(...args);
    };
    try {
      const ask = h.fake.slashCommand({ channelId: h.channelId, user: h.alice, name: 'ask', options: [{ name: 'question', type: STRING, value: 'What is a decorator?' }] });
      const deferral = await h.fake.callbackOf(ask);
      expect(deferral.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
      const edit = await h.fake.waitForRequest(r => r.method === 'PATCH' && r.path === `/webhooks/${h.applicationId}/${ask.token}/messages/@original`);
      expect(edit.body.embeds[0].title).toBe('What is a decorator?');
      expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });

      // A public reply cannot edit an ephemeral deferral: it goes to the channel, and the deferral is removed.
      const pub = h.fake.slashCommand({
        channelId: h.channelId,
        user: h.alice,
        name: 'ask',
        options: [
          { name: 'question', type: STRING, value: 'shallow copy' },
          { name: 'public', type: BOOLEAN, value: true },
        ],
      });
      await h.fake.callbackOf(pub);
      const posted = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages` && textOf(r.body).includes('Shallow copy'));
      expect(posted.body.flags ?? 0).toBe(0);
      // A channel message: sent with an enforced nonce, so discord.js's retries of it cannot post it twice.
      expect(posted.body).toMatchObject({ enforce_nonce: true, nonce: expect.stringMatching(/^[A-Za-z0-9_-]{1,25}$/) });
      await h.fake.waitForRequest(r => r.method === 'DELETE' && r.path === `/webhooks/${h.applicationId}/${pub.token}/messages/@original`);
    } finally {
      h.core.dispatcher.handle = handle;
    }
  });
});
