import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGER_PERMISSIONS } from '../../support/fake-discord.ts';
import { answerFor, PLAIN_NOTES_DIR } from '../../support/plain-notes.ts';
import { buttonsOf, startHarness, textOf, type Harness } from './harness.ts';

/** A plain folder of notes (no front matter) behind the real discord.js client and the fake Discord: /quiz, /quiz review, /daily. */
const STRING = 3;
const INTEGER = 4;
const EPHEMERAL = 64;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ knowledgeDir: PLAIN_NOTES_DIR });
});
afterAll(async () => {
  await h?.close();
});

describe('plain notes on Discord', () => {
  it('/quiz databases asks generated questions (buttons or typed by mention) and /quiz review starts a review', async () => {
    const channelId = h.otherChannelId;
    const started = await h.fake.callbackOf(
      h.fake.slashCommand({
        channelId,
        user: h.alice,
        name: 'quiz',
        subcommand: 'start',
        options: [
          { name: 'topic', type: STRING, value: 'databases' },
          { name: 'questions', type: INTEGER, value: 2 },
          { name: 'seconds', type: INTEGER, value: 20 },
        ],
      }),
    );
    expect(textOf(started.body)).toContain('Quiz started: 2 questions on databases');
    for (let question = 1; question <= 2; question++) {
      h.clock.advance(question === 1 ? 1500 : 3000);
      const posts = await h.fake.waitForRequests(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && r.at >= started.at && textOf(r.body).includes(`Question ${question}/2`), 1);
      const asked = posts[0]!;
      const how = answerFor(textOf(asked.body));
      if (how.letter !== undefined) {
        const button = buttonsOf(asked.body).find(b => b.custom_id.startsWith('qc:') && b.label === how.letter)!;
        const click = await h.fake.callbackOf(h.fake.clickButton({ channelId, user: h.alice, customId: button.custom_id }));
        expect(click.body.data.flags).toBe(EPHEMERAL);
        expect(textOf(click.body)).toContain('Correct');
      } else {
        h.fake.userMessage({ channelId, author: h.alice, content: `<@${h.botUser.id}> ${how.typed}`, mentions: [h.botUser] });
      }
      const reveal = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && textOf(r.body).includes(`Answer to question ${question}/2`));
      expect(textOf(reveal.body)).toContain('got it');
    }
    h.clock.advance(3000);
    const summary = await h.fake.waitForRequest(r => r.method === 'POST' && r.path === `/channels/${channelId}/messages` && textOf(r.body).includes('Quiz over'));
    expect(textOf(summary.body)).toContain('20 points');

    const review = await h.fake.callbackOf(
      h.fake.slashCommand({ channelId, user: h.alice, name: 'quiz', subcommand: 'review', options: [{ name: 'topic', type: STRING, value: 'databases' }] }),
    );
    expect(textOf(review.body)).toContain('Review started');
    const stopped = await h.fake.callbackOf(h.fake.slashCommand({ channelId, user: h.alice, name: 'quiz', subcommand: 'stop' }));
    expect(textOf(stopped.body)).toContain('The quiz is stopped');
  });

  it('/daily set with a folder topic posts a plain note’s title; "Show answer" answers ephemerally', async () => {
    const confirm = await h.fake.callbackOf(
      h.fake.slashCommand({
        channelId: h.channelId,
        user: h.alice,
        permissions: MANAGER_PERMISSIONS,
        name: 'daily',
        subcommand: 'set',
        options: [
          { name: 'time', type: STRING, value: '08:30' },
          { name: 'timezone', type: STRING, value: 'UTC' },
          { name: 'topic', type: STRING, value: 'docker' },
        ],
      }),
    );
    expect(textOf(confirm.body)).toContain('topic: docker');
    const before = h.fake.channelPosts(h.channelId).length;
    h.clock.advance(30 * 60_000);
    const posts = await h.fake.waitForRequests(r => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages` && r.status === 200, before + 1);
    const post = posts.at(-1)!;
    expect(textOf(post.body)).toMatch(/What is a container\?|What is an image\?|What does a Dockerfile do\?|How do volumes keep data\?|What is Docker Compose\?/);
    const show = buttonsOf(post.body).find(b => b.custom_id.startsWith('dr:'))!;
    const answer = await h.fake.callbackOf(h.fake.clickButton({ channelId: h.channelId, user: h.bob, customId: show.custom_id }));
    expect(answer.body.data.flags).toBe(EPHEMERAL);
  });
});
