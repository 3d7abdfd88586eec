import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonsOf, textsOf, type FakeCall } from '../../support/fake-slack.ts';
import { answerFor, PLAIN_NOTES_DIR } from '../../support/plain-notes.ts';
import { buttonClickBody, commandBody, eventBody, messageEvent, postSigned, type ButtonClick } from './helpers/signed-request.ts';
import { startHarness, type Harness } from './helpers/slack-harness.ts';

/** A plain folder of notes (no front matter) behind the real Bolt app and the fake Slack: /quiz, /quiz review, /daily. */
let h: Harness;
let responses = 0;

beforeAll(async () => {
  h = await startHarness({ knowledgeDir: PLAIN_NOTES_DIR });
  h.fake.addUser({ id: 'U1', profile: { display_name: 'Alice' }, locale: 'en-US' });
  h.fake.addUser({ id: 'UADMIN', profile: { display_name: 'Carol' }, is_admin: true, locale: 'en-US' });
});
afterAll(async () => {
  await h?.stop();
});

const FORM = 'application/x-www-form-urlencoded';
async function slash(command: string, text: string, fields: { user_id?: string; channel_id?: string } = {}) {
  const id = `cmd${++responses}`;
  await postSigned(h.eventsUrl, commandBody({ command, text, response_url: h.fake.responseUrl(id), ...fields }), { contentType: FORM });
  return h.fake.waitFor(c => c.method === 'response_url' && c.responseId === id, 5_000, `response ${id}`);
}
async function click(fields: Omit<ButtonClick, 'response_url'>) {
  const id = `act${++responses}`;
  await postSigned(h.eventsUrl, buttonClickBody({ ...fields, response_url: h.fake.responseUrl(id) }), { contentType: FORM });
  return h.fake.waitFor(c => c.method === 'response_url' && c.responseId === id, 5_000, `response_url ${id}`);
}
const posted = (channel: string, test: (c: FakeCall) => boolean) => (c: FakeCall) =>
  c.method === 'chat.postMessage' && c.status === 200 && c.params.channel === channel && test(c);
const shows = (c: FakeCall, text: string) => textsOf(c).some(t => t.includes(text));

/** Answers a question message right: clicks the right button, or types the accepted answer. */
async function answerRight(channel: string, question: FakeCall, user: string) {
  const how = answerFor(textsOf(question).join('\n'));
  if (how.letter !== undefined) {
    const button = buttonsOf(question).find(b => b.label === how.letter)!;
    const ack = await click({ value: button.value, user, channel, messageTs: question.params.ts });
    expect(shows(ack, 'Correct')).toBe(true);
  } else {
    await postSigned(h.eventsUrl, eventBody(messageEvent(how.typed!, { user, channel })));
  }
  return how;
}

describe('plain notes on Slack', () => {
  it('/quiz docker 2 asks generated questions (buttons or typed) and /quiz review asks the miss first', async () => {
    const channel = 'CPLAIN';
    const start = await slash('/quiz', 'docker 2 10', { channel_id: channel, user_id: 'U1' });
    expect(shows(start, 'Quiz started: 2 questions on docker')).toBe(true);
    h.clock.advance(1500);
    const q1 = await h.fake.waitFor(posted(channel, c => shows(c, 'Question 1/2')), 5_000, 'question 1');
    await answerRight(channel, q1, 'U1');
    const reveal = await h.fake.waitFor(posted(channel, c => shows(c, 'Answer to question 1/2')), 5_000, 'reveal 1');
    expect(shows(reveal, 'Alice got it')).toBe(true);
    h.clock.advance(3000);
    const q2 = await h.fake.waitFor(posted(channel, c => shows(c, 'Question 2/2')), 5_000, 'question 2');
    const missed = answerFor(textsOf(q2).join('\n'));
    h.clock.advance(10_000); // nobody answers: time runs out
    await h.fake.waitFor(posted(channel, c => shows(c, 'Answer to question 2/2')), 5_000, 'reveal 2');
    h.clock.advance(3000);
    await h.fake.waitFor(posted(channel, c => shows(c, 'Quiz over')), 5_000, 'the summary');
    expect(missed.item.generated).toBeDefined();

    const review = await slash('/quiz', 'review docker 1', { channel_id: channel, user_id: 'U1' });
    expect(shows(review, 'Review started: 1 question')).toBe(true);
    h.clock.advance(1500);
    const q = await h.fake.waitForCount(posted(channel, c => shows(c, 'Question 1/1')), 1);
    expect(answerFor(textsOf(q[0]!).join('\n')).item.generated).toBeDefined();
  });

  it('/daily set 09:00 UTC databases posts a plain note’s title with "Show answer"', async () => {
    const channel = 'CPDAILY';
    const set = await slash('/daily', 'set 09:00 UTC databases', { channel_id: channel, user_id: 'UADMIN' });
    expect(shows(set, 'topic: databases')).toBe(true);
    h.clock.advanceTo(Date.UTC(2025, 0, 6, 9, 0, 1));
    const post = await h.fake.waitFor(posted(channel, c => shows(c, 'Question of the day')), 5_000, 'the daily post');
    const reveal = buttonsOf(post).find(b => b.label === 'Show answer')!;
    const answer = await click({ value: reveal.value, user: 'U1', channel, messageTs: post.params.ts });
    expect(answer.params.response_type).toBe('ephemeral');
    expect(shows(answer, 'Answer')).toBe(true);
  });
});
