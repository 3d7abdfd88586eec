import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buttonRows, DISCORD_LIMITS, embedsLength, renderDiscord, renderInteraction, truncate } from '../../../src/adapters/discord/render-discord.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';

const reply = (over: Partial<Reply>): Reply => ({ kind: 'answer', lang: 'en', visibility: 'public', body: '', ...over });

describe('renderDiscord', () => {
  it('a short plain reply is content; anything with a title or footer is an embed', () => {
    expect(renderDiscord(reply({ kind: 'info', body: 'Thanks!' }))).toEqual([
      { content: 'Thanks!', embeds: [], components: [], allowedMentions: { parse: [], repliedUser: false } },
    ]);
    const [message] = renderDiscord(reply({ title: 'What is a decorator?', body: 'A function.', footer: 'Source: a.md' }));
    expect(message!.content).toBeUndefined();
    expect(message!.embeds).toEqual([{ color: expect.any(Number), title: 'What is a decorator?', description: 'A function.', footer: { text: 'Source: a.md' } }]);
  });

  it('private replies are ephemeral only as interaction responses', () => {
    const r = reply({ visibility: 'private', body: 'secret' });
    expect(renderInteraction(r)[0]!.flags).toBe(64);
    expect('flags' in renderDiscord(r)[0]!).toBe(false);
    expect('flags' in renderInteraction({ ...r, visibility: 'public' })[0]!).toBe(false);
  });

  it('buttons: rows of five, at most five rows, labels ≤ 80, custom ids over 100 dropped', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ label: `${'x'.repeat(90)}${i}`, action: `pick:e${i}` }));
    const rows = buttonRows([...buttons, { label: 'too long', action: 'p'.repeat(101) }]);
    expect(rows).toHaveLength(5);
    expect(rows.every(r => r.components.length === 5)).toBe(true);
    expect(rows.flatMap(r => r.components).every(b => b.label!.length <= 80)).toBe(true);
    expect(rows.flatMap(r => r.components).some(b => b.custom_id.length > 100)).toBe(false);
    expect(rows[0]!.components[0]).toMatchObject({ type: 2, style: 2, custom_id: 'pick:e0' });
  });

  it('a quiz question without buttons gets the typed-answer hint in its footer', () => {
    const [m] = renderDiscord(reply({ kind: 'quiz-question', title: 'Q 1/2', body: 'Which helper?', footer: '⏱ 30 s' }), { typedAnswerHint: 'answer as "@Bot your answer"' });
    expect(m!.embeds[0]!.footer!.text).toBe('⏱ 30 s · answer as "@Bot your answer"');
    const [withButtons] = renderDiscord(reply({ kind: 'quiz-question', title: 'Q', body: 'b', footer: 'f', buttons: [{ label: 'A', action: 'qc:q:0:A' }] }), { typedAnswerHint: 'hint' });
    expect(withButtons!.embeds[0]!.footer!.text).toBe('f');
  });

  it('truncate never splits a surrogate pair', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });

  const markdown = fc
    .array(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 900 }).map(s => s.replace(/`/g, "'")),
        fc.array(fc.string({ maxLength: 300 }).map(s => s.replace(/`/g, "'")), { minLength: 1, maxLength: 60 }).map(lines => ['```py', ...lines, '```'].join('\n')),
        fc.constantFrom('😀'.repeat(700), '中文'.repeat(1200), 'x'.repeat(5000)),
      ),
      { maxLength: 25 },
    )
    .map(blocks => blocks.join('\n\n'));

  it('every rendering stays within Discord limits, and keeps every code fence closed within its embed', () => {
    fc.assert(
      fc.property(markdown, fc.string({ maxLength: 400 }), fc.string({ maxLength: 3000 }), fc.boolean(), (body, title, footer, buttons) => {
        const r = reply({ title, body, footer, buttons: buttons ? [{ label: 'Show more', action: 'more:x:1' }] : [] });
        const messages = renderDiscord(r);
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) {
          expect((m.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
          expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
          expect(embedsLength(m.embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
          for (const e of m.embeds) {
            expect((e.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
            expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
            expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFooter);
            expect(((e.description ?? '').match(/^```/gm) ?? []).length % 2).toBe(0);
          }
          expect(m.allowedMentions).toEqual({ parse: [], repliedUser: false });
        }
        expect(messages.slice(0, -1).every(m => m.components.length === 0)).toBe(true);
        if (buttons) expect(messages.at(-1)!.components).toHaveLength(1);
      }),
      { numRuns: 150 },
    );
  });
});
