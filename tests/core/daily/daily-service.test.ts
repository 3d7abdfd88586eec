import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../../../src/core/commands/command-spec.ts';
import { decodeAction } from '../../../src/core/reply/actions.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';
import { dailyAnswer, dailyQuestion, firstParagraph } from '../../../src/core/daily/daily-content.ts';
import { DefaultDailyService } from '../../../src/core/daily/daily-service.ts';
import { silentLogger } from '../../../src/core/ports.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import {
  CHANNEL,
  MIN,
  RecordingPoster,
  entry,
  openDailyStore,
  seededRandom,
  startProcess,
  tipEntries,
  utc,
  type Process,
} from './daily-fixtures.ts';

const SH = 'Asia/Shanghai';

const postId = (reply: Reply) => {
  const action = decodeAction(reply.buttons?.[0]?.action ?? '');
  if (action?.type !== 'daily-reveal') throw new Error('no reveal button');
  return action.post;
};

const ctx = { platform: 'discord', workspace: 'guild-1', channel: 'chan-1', lang: 'en', user: { id: 'u9', canManage: false } } as unknown as CommandContext;

describe('DefaultDailyService', () => {
  const open: Process[] = [];
  const proc = (options: Parameters<typeof startProcess>[0]) => {
    const p = startProcess(options);
    open.push(p);
    return p;
  };
  const dirs: string[] = [];
  afterEach(() => {
    for (const p of open.splice(0)) p.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('posts every eligible entry once before any repeats, then starts a new shuffled rotation', async () => {
    const entries = tipEntries(5);
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), entries, seed: 11 });
    p.service.set(CHANNEL, { time: '09:00', timeZone: SH, lang: 'en', by: 'a' });
    await p.runUntil(utc('2026-01-15T12:00:00Z')); // 15 posts
    const questions = p.poster.ofKind('daily-post').map((x) => x.reply.body);
    expect(questions).toHaveLength(15);
    const all = entries.map((e) => dailyQuestion(e, 'en')).sort();
    for (let c = 0; c < 3; c++) expect(questions.slice(c * 5, c * 5 + 5).sort()).toEqual(all);
    expect(questions.slice(0, 5)).not.toEqual(entries.map((e) => dailyQuestion(e, 'en'))); // shuffled, not file order
  });

  it('only posts entries of the chosen topic (case-insensitive)', async () => {
    const entries = [...tipEntries(3, 'python', 'p'), ...tipEntries(4, 'go', 'g')];
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), entries });
    p.service.set(CHANNEL, { time: '09:00', timeZone: SH, topic: 'Python', lang: 'en', by: 'a' });
    await p.runUntil(utc('2026-01-07T12:00:00Z'));
    const posted = p.poster.ofKind('daily-post').map((x) => x.reply.body);
    expect(posted).toHaveLength(7);
    for (const q of posted) expect(q).toMatch(/^Question p\d\d\?$/);
    expect(p.service.status(CHANNEL).schedule.topic).toBe('python');
  });

  it("posts day N's answer with day N+1's post, answer first", async () => {
    const p = proc({ at: utc('2026-01-01T00:00:00Z') });
    p.service.set(CHANNEL, { time: '09:00', timeZone: SH, lang: 'en', by: 'a' });
    await p.runUntil(utc('2026-01-01T12:00:00Z'));
    expect(p.poster.posts.map((x) => x.reply.kind)).toEqual(['daily-post']);
    const day1 = p.poster.posts[0]!.reply;
    const day1Id = day1.body.match(/e\d\d/)![0];

    await p.runUntil(utc('2026-01-02T12:00:00Z'));
    expect(p.poster.posts.map((x) => x.reply.kind)).toEqual(['daily-post', 'daily-answer', 'daily-post']);
    const answer = p.poster.posts[1]!.reply;
    expect(answer.visibility).toBe('public');
    expect(answer.title).toBe('✅ Answer to the question of 2026-01-01');
    expect(answer.body).toContain(`Answer ${day1Id}.`);
    expect(answer.body).toContain(`Question ${day1Id}?`);
    expect(p.poster.posts[1]!.at).toBe(utc('2026-01-02T01:00:00Z'));
    // the answer is revealed once only
    await p.runUntil(utc('2026-01-03T12:00:00Z'));
    expect(p.poster.ofKind('daily-answer').map((x) => x.reply.body.match(/Answer (e\d\d)/)![1])).toHaveLength(2);
    expect(new Set(p.poster.ofKind('daily-answer').map((x) => x.reply.body)).size).toBe(2);
  });

  it('does not reveal the answer of a question that never reached the channel; the next one is normal', async () => {
    const p = proc({ at: utc('2026-01-01T00:00:00Z') });
    p.service.set(CHANNEL, { time: '09:00', timeZone: SH, lang: 'en', by: 'a' });
    p.poster.fail = true; // the platform is down at day 1's post
    await p.runUntil(utc('2026-01-01T12:00:00Z'));
    expect(p.poster.posts).toEqual([]);
    p.poster.fail = false;
    await p.runUntil(utc('2026-01-02T12:00:00Z'));
    // Day 2: no answer out of nowhere for the question nobody saw, just day 2's question.
    expect(p.poster.posts.map((x) => x.reply.kind)).toEqual(['daily-post']);
    expect(p.logger.lines.map((l) => l.message)).toContain(
      'daily: the question never reached the channel (crash or platform failure); its answer is not posted',
    );
    await p.runUntil(utc('2026-01-03T12:00:00Z'));
    expect(p.poster.posts.map((x) => x.reply.kind)).toEqual(['daily-post', 'daily-answer', 'daily-post']);
    expect(p.poster.posts[1]!.reply.title).toBe('✅ Answer to the question of 2026-01-02');
    // The lost question's answer is never sent later either.
    await p.runUntil(utc('2026-01-05T12:00:00Z'));
    expect(p.poster.ofKind('daily-answer').map((x) => x.reply.title)).not.toContain('✅ Answer to the question of 2026-01-01');
  });

  it('a timed reveal waits for its question and is dropped if the question failed', async () => {
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), daily: { revealAfter: 30 } });
    p.service.set(CHANNEL, { time: '09:00', timeZone: SH, lang: 'en', by: 'a' });
    p.poster.fail = true;
    await p.runUntil(utc('2026-01-01T01:00:00Z'));
    p.poster.fail = false;
    await p.runUntil(utc('2026-01-02T00:00:00Z'));
    expect(p.poster.posts).toEqual([]);
    await p.runUntil(utc('2026-01-02T02:00:00Z'));
    expect(p.poster.posts.map((x) => [x.reply.kind, x.at])).toEqual([
      ['daily-post', utc('2026-01-02T01:00:00Z')],
      ['daily-answer', utc('2026-01-02T01:30:00Z')],
    ]);
  });

  it('reveals the answer a configured number of minutes later instead', async () => {
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), daily: { revealAfter: 90 } });
    p.service.set(CHANNEL, { time: '09:00', timeZone: SH, lang: 'en', by: 'a' });
    await p.runUntil(utc('2026-01-02T00:00:00Z'));
    expect(p.poster.posts.map((x) => [x.reply.kind, x.at])).toEqual([
      ['daily-post', utc('2026-01-01T01:00:00Z')],
      ['daily-answer', utc('2026-01-01T02:30:00Z')],
    ]);
    expect(p.poster.posts[0]!.reply.footer).toContain('2026-01-01 10:30 (Asia/Shanghai)');
    await p.runUntil(utc('2026-01-02T02:00:00Z'));
    expect(p.poster.posts.map((x) => x.reply.kind)).toEqual(['daily-post', 'daily-answer', 'daily-post']);
  });

  it('a timed reveal due while the process was down is posted once after the restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-reveal-'));
    dirs.push(dir);
    const file = path.join(dir, 'state.db');
    const first = proc({ at: utc('2026-01-01T00:00:00Z'), daily: { revealAfter: 30 }, file });
    first.service.set(CHANNEL, { time: '09:00', timeZone: SH, lang: 'en', by: 'a' });
    await first.runUntil(utc('2026-01-01T01:10:00Z'));
    first.close();
    const second = proc({ at: utc('2026-01-01T05:00:00Z'), daily: { revealAfter: 30 }, file });
    await second.runUntil(utc('2026-01-01T06:00:00Z'));
    expect(second.poster.posts.map((x) => [x.reply.kind, x.at])).toEqual([['daily-answer', utc('2026-01-01T05:00:00Z')]]);
    const third = proc({ at: utc('2026-01-01T06:00:00Z'), daily: { revealAfter: 30 }, file });
    await third.runUntil(utc('2026-01-01T07:00:00Z'));
    expect(third.poster.posts).toEqual([]);
  });

  it('"Show answer" returns the answer privately, in the language of the post', async () => {
    const p = proc({ at: utc('2026-01-01T00:00:00Z') });
    p.service.set(CHANNEL, { time: '09:00', timeZone: SH, lang: 'zh', by: 'a' });
    await p.runUntil(utc('2026-01-01T02:00:00Z'));
    const post = p.poster.ofKind('daily-post')[0]!.reply;
    expect(post.buttons?.[0]?.label).toBe('显示答案');
    const id = post.body.match(/e\d\d/)![0];
    const reply = await p.service.reveal(ctx, postId(post));
    expect(reply).toMatchObject({ kind: 'daily-answer', visibility: 'private', lang: 'zh' });
    expect(reply.body).toContain(`答案 ${id}。`);
    // nothing went to the channel
    expect(p.poster.ofKind('daily-answer')).toHaveLength(0);
  });

  it('"Show answer" on an unknown post or a removed entry is a UserError', async () => {
    const entries = tipEntries(2);
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), entries });
    await expect(p.service.reveal(ctx, '12345')).rejects.toMatchObject({ name: 'UserError', code: 'expired' });
    const reply = p.service.postNow(CHANNEL, 'en');
    entries.splice(0, 2);
    await expect(p.service.reveal(ctx, postId(reply))).rejects.toMatchObject({ code: 'unknown-entry' });
  });

  it('/daily now posts at once, does not take the day, and advances the rotation', async () => {
    const entries = tipEntries(3);
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), entries });
    p.service.set(CHANNEL, { time: '09:00', timeZone: SH, lang: 'en', by: 'a' });
    const extra = p.service.postNow(CHANNEL, 'en');
    expect(extra).toMatchObject({ kind: 'daily-post', visibility: 'public' });
    expect(p.service.status(CHANNEL).remaining).toBe(2);
    await p.runUntil(utc('2026-01-02T12:00:00Z'));
    const scheduled = p.poster.ofKind('daily-post').map((x) => x.reply.body);
    expect(scheduled).toHaveLength(2); // the day's own post still came, both days
    expect([extra.body, ...scheduled].sort()).toEqual(entries.map((e) => dailyQuestion(e, 'en')).sort());
    // its answer was revealed with the next scheduled post
    expect(p.poster.posts[0]!.reply.kind).toBe('daily-answer');
    expect(p.poster.posts[0]!.reply.body).toContain(extra.body);
  });

  it('/daily now works without a schedule and fails with nothing-to-post when nothing is eligible', () => {
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), entries: tipEntries(1) });
    expect(p.service.postNow(CHANNEL, 'en').footer).toContain('Show answer');
    const empty = proc({ at: utc('2026-01-01T00:00:00Z'), entries: [] });
    expect(() => empty.service.postNow(CHANNEL, 'en')).toThrow(expect.objectContaining({ code: 'nothing-to-post' }));
  });

  it('asks a plain note\'s question that gave no quiz item (askable), never a heading with nothing to ask', () => {
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), entries: [entry('chapter'), entry('question', { askable: true })] });
    for (let i = 0; i < 3; i++) expect(p.service.postNow(CHANNEL, 'en').body).toContain('Title of question');
    const none = proc({ at: utc('2026-01-01T00:00:00Z'), entries: [entry('chapter')] });
    expect(() => none.service.postNow(CHANNEL, 'en')).toThrow(expect.objectContaining({ code: 'nothing-to-post' }));
  });

  it('status gives the next post time and how many remain before the rotation repeats', async () => {
    const p = proc({ at: utc('2026-03-07T20:00:00Z'), entries: tipEntries(4) });
    p.service.set(CHANNEL, { time: '09:00', timeZone: 'america/new_york', lang: 'en', by: 'a' });
    let status = p.service.status(CHANNEL);
    expect(status.schedule.timeZone).toBe('America/New_York');
    expect(status.next).toEqual({ at: utc('2026-03-08T13:00:00Z'), day: '2026-03-08' });
    expect([status.remaining, status.total]).toEqual([4, 4]);
    await p.runUntil(utc('2026-03-08T14:00:00Z'));
    status = p.service.status(CHANNEL);
    expect(status.next.day).toBe('2026-03-09');
    expect([status.remaining, status.total]).toEqual([3, 4]);
  });

  it('validates /daily set input', () => {
    const p = proc({ at: utc('2026-01-01T00:00:00Z'), entries: tipEntries(2, 'python') });
    const set = (time: string, timeZone?: string, topic?: string) => () =>
      p.service.set(CHANNEL, { time, timeZone, topic, lang: 'en', by: 'a' });
    expect(set('25:00')).toThrow(expect.objectContaining({ code: 'bad-time' }));
    expect(set('09:00', 'Mars/Base')).toThrow(expect.objectContaining({ code: 'bad-timezone', params: { zone: 'Mars/Base' } }));
    expect(set('09:00', undefined, 'rust')).toThrow(expect.objectContaining({ code: 'unknown-topic', params: { topic: 'rust', topics: 'python' } }));
    expect(() => p.service.status(CHANNEL)).toThrow(expect.objectContaining({ code: 'daily-not-set' }));
    expect(() => p.service.off(CHANNEL)).toThrow(expect.objectContaining({ code: 'daily-not-set' }));
    // the default zone, and a topic written where the zone goes (text platforms)
    expect(set('9:05')().schedule).toMatchObject({ time: '09:05', timeZone: 'UTC', topic: null });
    expect(set('09:00', 'python')().schedule).toMatchObject({ timeZone: 'UTC', topic: 'python' });
  });

  it('takes the default zone, grace and reveal from options and rejects bad ones', () => {
    const make = (options: object) =>
      new DefaultDailyService({
        store: openDailyStore(':memory:').store,
        clock: new FakeClock(0),
        random: seededRandom(1),
        poster: new RecordingPoster(() => 0),
        logger: silentLogger,
        entries: () => tipEntries(1),
        options,
      });
    const s = make({ defaultTimeZone: 'asia/shanghai' });
    expect(s.set(CHANNEL, { time: '08:00', lang: 'en', by: 'a' }).schedule.timeZone).toBe(SH);
    expect(() => make({ defaultTimeZone: 'Nowhere/Land' })).toThrow(/defaultTimeZone/);
    expect(() => make({ graceMinutes: -1 })).toThrow(/graceMinutes/);
    expect(() => make({ revealAfter: 0 })).toThrow(/revealAfter/);
    expect(make({ revealAfter: 5, graceMinutes: 0, defaultTimeZone: undefined }).options).toEqual({
      defaultTimeZone: 'UTC',
      graceMinutes: 0,
      revealAfter: 5,
    });
    expect(MIN).toBe(60_000);
  });
});

describe('daily post content', () => {
  it('uses the tip, else the first quiz item, else the title and first paragraph', () => {
    const tip = tipEntries(1)[0]!;
    expect([dailyQuestion(tip, 'en'), dailyAnswer(tip, 'en')]).toEqual(['Question e01?', 'Answer e01.']);

    const choice = entry('c', {
      quiz: [
        {
          type: 'choice',
          question: { en: 'Which one?', zh: '哪一个？' },
          options: ['w', 'x', { en: 'right', zh: '对' }, 'z'],
          answer: 'C',
          explanation: { en: 'Because.' },
        },
      ],
    });
    expect(dailyQuestion(choice, 'zh')).toBe('哪一个？');
    expect(dailyAnswer(choice, 'en')).toBe('**C.** right\n\nBecause.');

    const short = entry('s', { quiz: [{ type: 'short', question: 'Name it?', accept: ['GIL', 'global interpreter lock'] }] });
    expect(dailyAnswer(short, 'en')).toBe('**GIL**');

    const note = entry('n', { title: 'What is a closure?', body: { zh: '闭包是……\n第二行\n\n第二段' } });
    expect(dailyQuestion(note, 'en')).toBe('What is a closure?');
    expect(dailyAnswer(note, 'en')).toBe('闭包是……\n第二行'); // falls back to the language it has
  });

  it('keeps a fenced code block whole in the first paragraph', () => {
    expect(firstParagraph('\n\n```python\nx = 1\n\ny = 2\n```\n\nafter')).toBe('```python\nx = 1\n\ny = 2\n```');
    expect(firstParagraph('Intro line\n\nMore')).toBe('Intro line');
  });

  it('carries a short reveal action the dispatcher can decode', () => {
    const p = startProcess({ at: 0, entries: tipEntries(1) });
    const reply = p.service.postNow(CHANNEL, 'en');
    expect(reply.buttons?.[0]?.action).toMatch(/^dr:\d+$/);
    expect(reply.buttons![0]!.action.length).toBeLessThanOrEqual(100);
    p.close();
  });
});
