import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, embedsLength } from '../../../src/adapters/discord/render-discord.ts';
import type { RecordedRequest } from '../../support/fake-discord.ts';
import { buttonsOf, startHarness, type Harness } from './harness.ts';

/** Fenced code blocks must open and close in the same description. */
function fencesBalanced(text: string): boolean {
  return (text.match(/^```/gm) ?? []).length % 2 === 0;
}

function expectWithinLimits(request: RecordedRequest): void {
  const data = request.body?.data ?? request.body;
  expect((data.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  expect((data.embeds ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
  expect(embedsLength(data.embeds ?? [])).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
  for (const embed of data.embeds ?? []) {
    expect((embed.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(fencesBalanced(embed.description ?? '')).toBe(true);
  }
  expect(data.allowed_mentions.parse).toEqual([]);
}

const paragraph = (n: number) => `Paragraph ${n}: the event loop runs callbacks from the task queue, then microtasks, then renders. `.repeat(6);
const code = (n: number) => ['```js', ...Array.from({ length: 30 }, (_, i) => `console.log('block ${n} line ${i}', await fetch('/api/${i}'));`), '```'].join('\n');

describe('a long answer in Discord', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-long-'));
    const body = Array.from({ length: 8 }, (_, i) => `${paragraph(i)}\n\n${code(i)}`).join('\n\n');
    fs.writeFileSync(path.join(dir, 'event-loop.md'), `# Runtime notes\n\n## Event loop\n\n${body}\n`);
    h = await startHarness({ knowledgeDir: dir });
  });
  afterAll(async () => {
    await h?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is shown in parts within the limits, code blocks whole, with "Show more" as a button', async () => {
    const ask = h.fake.slashCommand({ channelId: h.channelId, user: h.alice, name: 'ask', options: [{ name: 'question', type: 3, value: 'event loop' }] });
    let callback = await h.fake.callbackOf(ask);
    expectWithinLimits(callback);
    let parts = 1;
    for (;;) {
      const more = buttonsOf(callback.body).find(b => b.custom_id.startsWith('more:'));
      if (!more) break;
      expect(more.label).toBe('Show more');
      callback = await h.fake.callbackOf(h.fake.clickButton({ channelId: h.channelId, user: h.alice, customId: more.custom_id }));
      expectWithinLimits(callback);
      parts++;
    }
    expect(parts).toBeGreaterThan(1);
  });

  it('a reply longer than one message is posted as several, each within the limits', async () => {
    const body = Array.from({ length: 12 }, (_, i) => `${paragraph(i)}\n\n${code(i)}`).join('\n\n');
    expect(body.length).toBeGreaterThan(DISCORD_LIMITS.embedsTotal * 2);
    const before = h.fake.channelPosts(h.channelId).length;
    await h.bot.poster.post({ platform: 'discord', workspace: h.guild.id, channel: h.channelId }, { kind: 'answer', lang: 'en', visibility: 'public', title: 'Huge', body, footer: 'small print', buttons: [{ label: 'Show more', action: 'more:x:1' }] });
    const posts = h.fake.channelPosts(h.channelId).slice(before);
    expect(posts.length).toBeGreaterThan(2);
    for (const post of posts) expectWithinLimits(post);
    expect(posts[0]!.body.embeds[0].title).toBe('Huge');
    expect(posts.at(-1)!.body.embeds.at(-1).footer.text).toBe('small print');
    expect(buttonsOf(posts.at(-1)!.body)).toHaveLength(1);
    expect(posts.slice(0, -1).every(p => buttonsOf(p.body).length === 0)).toBe(true);
    const text = posts.flatMap(p => p.body.embeds.map((e: any) => e.description)).join('\n');
    for (let i = 0; i < 12; i++) expect(text).toContain(`console.log('block ${i} line 29'`);
  });
});
