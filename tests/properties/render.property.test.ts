import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consoleChoices, renderConsole } from '../../src/adapters/console/render-console.ts';
import { DISCORD_LIMITS, embedsLength, renderDiscord, renderInteraction, type DiscordMessage } from '../../src/adapters/discord/render-discord.ts';
import { renderSlack, SLACK_LIMITS, type SlackMessage } from '../../src/adapters/slack/render-slack.ts';
import { markdownToMrkdwn } from '../../src/adapters/slack/slack-text.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import { hugeText, markdownDoc, nastyText, reply } from './arbitraries.ts';

// --- Slack -----------------------------------------------------------------------------------------

/**
 * Slack reads `<…>` as mentions and links and `&` as an entity. What the bot sends may contain only
 * the links it made itself (`<http…>` or `<http…|label>`, nothing special inside) and `&` only as
 * `&amp;`, `&lt;`, `&gt;`: then no `<!channel>`, `<!here>`, `<@U…>`, `<#C…>` or `<!subteam^…>` can be in it.
 */
function expectNoSlackControl(text: string, where: string): void {
  const withoutLinks = text.replace(/<https?:\/\/[^\s<>|]+(?:\|[^<>]*)?>/g, '');
  expect(withoutLinks, `${where}: raw < or > in ${JSON.stringify(text.slice(0, 300))}`).not.toMatch(/[<>]/);
  expect(text.replace(/&(?:amp|lt|gt);/g, ''), `${where}: bare & in ${JSON.stringify(text.slice(0, 300))}`).not.toContain('&');
  for (const link of text.match(/<[^<>]*>/g) ?? []) expect(link, where).toMatch(/^<https?:\/\//);
}

function expectValidSlack(messages: readonly SlackMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m.blocks.length).toBeGreaterThan(0);
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(m.text.length).toBeGreaterThan(0);
    expectNoSlackControl(m.text, 'text');
    const actionIds = new Set<string>();
    for (const b of m.blocks) {
      switch (b.type) {
        case 'header':
          expect(b.text.text.length).toBeGreaterThan(0);
          expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
          expectNoSlackControl(b.text.text, 'header');
          break;
        case 'section':
          expect(b.text!.text.length).toBeGreaterThan(0);
          expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
          expectNoSlackControl(b.text!.text, 'section');
          break;
        case 'context':
          for (const e of b.elements) {
            const text = (e as { text: string }).text;
            expect(text.length).toBeGreaterThan(0);
            expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
            expectNoSlackControl(text, 'context');
          }
          break;
        case 'actions':
          expect(b.elements.length).toBeGreaterThan(0);
          expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.elementsPerActions);
          for (const e of b.elements) {
            const button = e as { text: { text: string }; value: string; action_id: string };
            expect(button.text.text.trim().length, 'button text').toBeGreaterThan(0);
            expect(button.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
            expectNoSlackControl(button.text.text, 'button');
            expect(button.value.length).toBeGreaterThan(0);
            expect(button.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
            expect(actionIds.has(button.action_id), 'action_id unique in a message').toBe(false);
            actionIds.add(button.action_id);
          }
          break;
        default:
          throw new Error(`unexpected block ${b.type}`);
      }
    }
  }
}

// --- Discord ---------------------------------------------------------------------------------------

function expectValidDiscord(messages: readonly DiscordMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const [i, m] of messages.entries()) {
    // Nobody is ever pinged: parse: [] turns off @everyone, @here, user and role mentions.
    expect(m.allowedMentions).toEqual({ parse: [], repliedUser: false });
    if (m.content !== undefined) {
      expect(m.content.length).toBeGreaterThan(0);
      expect(m.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    }
    expect(m.content !== undefined || m.embeds.length > 0, 'a message shows something').toBe(true);
    expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
    expect(embedsLength(m.embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    for (const e of m.embeds) {
      expect(e.title !== undefined || e.description !== undefined || e.footer !== undefined, 'an embed shows something').toBe(true);
      if (e.title !== undefined) expect(e.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
      if (e.description !== undefined) {
        expect(e.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
        expect(e.description.trim().length, 'no blank description').toBeGreaterThan(0);
      }
      if (e.footer !== undefined) expect(e.footer.text.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFooter);
    }
    expect(m.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.actionRows);
    if (i < messages.length - 1) expect(m.components).toEqual([]);
    const ids = new Set<string>();
    for (const row of m.components) {
      expect(row.components.length).toBeGreaterThan(0);
      expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
      for (const b of row.components) {
        expect(b.label!.length).toBeGreaterThan(0);
        expect(b.label!.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
        expect(b.custom_id.length).toBeGreaterThan(0);
        expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
        // Discord refuses a message whose buttons share a custom_id.
        expect(ids.has(b.custom_id), `duplicate custom_id ${b.custom_id}`).toBe(false);
        ids.add(b.custom_id);
      }
    }
  }
}

/** Every text a reply carries comes out somewhere (nothing silently dropped), give or take cutting. */
function discordText(messages: readonly DiscordMessage[]): string {
  return messages.map(m => [m.content ?? '', ...m.embeds.map(e => `${e.title ?? ''}${e.description ?? ''}${e.footer?.text ?? ''}`)].join('')).join('');
}

describe('renderers on arbitrary replies (property)', () => {
  it('console: never throws; shows the title, the body (unless listed as choices), the footer and every choice', () => {
    fc.assert(
      fc.property(reply(), fc.boolean(), (r, color) => {
        const out = renderConsole(r, { color });
        expect(typeof out).toBe('string');
        if (r.title) expect(out).toContain(r.title);
        if (r.footer) expect(out).toContain(r.footer);
        const choices = consoleChoices(r);
        for (const c of choices) expect(out).toContain(c.quiz ? `[${c.key}]` : `[${c.key}] ${c.label}`);
        if (r.body && !(r.kind === 'suggest' && choices.length > 0)) expect(out).toContain(r.body);
      }),
      { numRuns: 2000 },
    );
  });

  it('Slack: never throws, stays within Block Kit limits, and has no raw <!…>, <@…>, <#…> or bare &', () => {
    fc.assert(fc.property(reply(), r => expectValidSlack(renderSlack(r))), { numRuns: 2000 });
  });

  it('Slack: mrkdwn of any Markdown escapes every control character outside the links it makes', () => {
    fc.assert(fc.property(fc.oneof(markdownDoc, nastyText(40)), md => expectNoSlackControl(markdownToMrkdwn(md), 'mrkdwn')), { numRuns: 3000 });
  });

  it('Discord: never throws, stays within message, embed and component limits, and pings nobody', () => {
    fc.assert(
      fc.property(reply(), fc.option(nastyText(6), { nil: undefined }), (r, hint) => {
        const messages = renderDiscord(r, hint === undefined ? {} : { typedAnswerHint: hint });
        expectValidDiscord(messages);
        const interaction = renderInteraction(r);
        expectValidDiscord(interaction);
        for (const m of interaction) expect(m.flags).toBe(r.visibility === 'private' ? 64 : undefined);
        // The body is never dropped: its visible characters all come out (splitting only moves them).
        const visible = (s: string) => s.replace(/\s+|`{3,}|~{3,}/g, '');
        if (r.body.trim()) expect(visible(discordText(messages)).length).toBeGreaterThanOrEqual(Math.min(visible(r.body).length, 1));
      }),
      { numRuns: 2000 },
    );
  });

  it('100 KB bodies (fewer runs): every renderer is quick and within limits', () => {
    fc.assert(
      fc.property(reply(hugeText(100_000), 10), (r: Reply) => {
        const started = performance.now();
        renderConsole(r);
        const slack = renderSlack(r);
        const discord = renderDiscord(r);
        expect(performance.now() - started, 'render time (ms)').toBeLessThan(2000);
        expectValidSlack(slack);
        expectValidDiscord(discord);
      }),
      { numRuns: 40 },
    );
  });

  it('@everyone, @here and every mention syntax in a question echoed back ping nobody on either platform', () => {
    const mentions = '@everyone @here <!channel> <!here> <!everyone> <@U123> <@&123> <#C1> <!subteam^S1> <@!123> &lt;!channel&gt;';
    const r: Reply = { kind: 'decline', lang: 'en', visibility: 'public', title: mentions, body: `Sorry, nothing answers "${mentions}"`, footer: mentions, buttons: [{ label: mentions, action: 'pick:abc' }] };
    expectValidSlack(renderSlack(r));
    expectValidDiscord(renderDiscord(r));
  });
});

describe('renderers: inputs the properties found', () => {
  const body = (text: string): Reply => ({ kind: 'answer', lang: 'en', visibility: 'public', body: text });

  it('long pathological lines render in well under a second on Slack (they took seconds to minutes)', () => {
    const N = 60_000;
    for (const text of [
      `# a${' '.repeat(N)}x`,
      `## a${'#'.repeat(N)}`,
      '1. **a'.repeat(N / 6),
      'x ~~a'.repeat(N / 5),
      '['.repeat(N),
      '[a](http://'.repeat(N / 11),
      `| a | b |\n|---${' '.repeat(N)}x`,
    ]) {
      const started = performance.now();
      expectValidSlack(renderSlack(body(text)));
      expect(performance.now() - started, JSON.stringify(text.slice(0, 20))).toBeLessThan(500);
    }
  });

  it('Slack: a button without a label still has text; a heading keeps a closing # that is part of a word', () => {
    const [m] = renderSlack({ ...body('x'), buttons: [{ label: '  ', action: 'pick:a' }] });
    expect(m!.blocks.find(b => b.type === 'actions')).toMatchObject({ elements: [{ text: { text: '…' } }] });
    expect(markdownToMrkdwn('## What is C#')).toBe('*What is C#*');
    expect(markdownToMrkdwn('## Title ##')).toBe('*Title*');
  });

  it('Slack: a bare URL right before a Markdown link does not swallow the link', () => {
    expect(markdownToMrkdwn('https://example.com/a[link](https://example.com)')).toBe('<https://example.com/a><https://example.com|link>');
  });

  it('Slack: the fallback text is never cut inside a link', () => {
    const [m] = renderSlack(body(`see ${'http://a'.repeat(1000)}`));
    expectNoSlackControl(m!.text, 'text');
  });

  it('Discord: buttons with the same action are sent once (Discord refuses duplicate custom_ids)', () => {
    const [m] = renderDiscord({ ...body('x'), buttons: [{ label: 'A', action: 'pick:a' }, { label: 'B', action: 'pick:a' }, { label: 'C', action: 'pick:c' }] });
    expect(m!.components.flatMap(r => r.components.map(b => b.label))).toEqual(['A', 'C']);
  });
});
