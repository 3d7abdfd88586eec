import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderSlack, SLACK_LIMITS, mrkdwnChunks } from '../../../src/adapters/slack/render-slack.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';

function reply(partial: Partial<Reply>): Reply {
  return { kind: 'answer', lang: 'en', visibility: 'public', body: '', ...partial };
}

/** Every text object of every block. */
function texts(blocks: any[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (b.text?.text !== undefined) out.push(b.text.text);
    for (const el of b.elements ?? []) out.push(typeof el.text === 'string' ? el.text : el.text?.text);
  }
  return out;
}

function fencesBalanced(text: string): boolean {
  return ((text.match(/^```/gm) ?? []).length % 2) === 0;
}

describe('renderSlack', () => {
  it('renders title, body, footer and buttons as header, section, context and actions', () => {
    const [message, ...rest] = renderSlack(
      reply({
        title: 'What is the GIL?',
        body: 'A **mutex**.',
        footer: 'Source: gil.md',
        buttons: [
          { label: 'Show more', action: 'more:abc:1', style: 'primary' },
          { label: '👍 Helpful', action: 'fb:up:q1' },
        ],
      }),
    );
    expect(rest).toEqual([]);
    expect(message!.blocks.map(b => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(message!.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'A *mutex*.', verbatim: true } });
    const actions = message!.blocks[3] as any;
    expect(actions.elements).toEqual([
      { type: 'button', action_id: 'ib.0', text: { type: 'plain_text', text: 'Show more', emoji: true }, value: 'more:abc:1', style: 'primary' },
      { type: 'button', action_id: 'ib.1', text: { type: 'plain_text', text: '👍 Helpful', emoji: true }, value: 'fb:up:q1' },
    ]);
    expect(message!.text).toBe('*What is the GIL?*\nA *mutex*.');
  });

  it('escapes mentions in every text it sends', () => {
    const [message] = renderSlack(reply({ title: '<!here>', body: 'Sorry, nothing answers "<!channel> <@U1>"', footer: '<!everyone>', buttons: [{ label: '<@U2>', action: 'pick:x' }] }));
    for (const text of [message!.text, ...texts(message!.blocks)]) expect(text).not.toMatch(/<[!@#]/);
  });

  it('cuts button labels to 75 characters and puts at most 25 buttons in an actions block', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ label: `${'x'.repeat(100)}${i}`, action: `pick:e${i}` }));
    const [message] = renderSlack(reply({ body: 'pick', buttons }));
    const actions = message!.blocks.filter(b => b.type === 'actions') as any[];
    expect(actions.map(a => a.elements.length)).toEqual([25, 5]);
    for (const a of actions) for (const el of a.elements) expect(el.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
  });

  it('splits a long body into sections of at most 3,000 characters without cutting code blocks', () => {
    const code = ['```js', ...Array.from({ length: 150 }, (_, i) => `const v${i} = a < b && c > d; // ${'.'.repeat(20)}`), '```'].join('\n');
    const body = [`Intro & <stuff> ${'word '.repeat(500)}`, code, 'Outro.'].join('\n\n');
    const messages = renderSlack(reply({ title: 'Long', body }));
    const blocks = messages.flatMap(m => m.blocks);
    const sections = blocks.filter(b => b.type === 'section') as any[];
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) {
      expect(s.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(fencesBalanced(s.text.text)).toBe(true);
    }
    const joined = sections.map(s => s.text.text).join('\n');
    for (let i = 0; i < 150; i++) expect(joined).toContain(`const v${i} = a &lt; b &amp;&amp; c &gt; d;`);
  });

  it('never puts more than 50 blocks in a message: a huge reply continues in more messages, buttons last', () => {
    const body = Array.from({ length: 80 }, (_, i) => `Paragraph ${i} ${'lorem ipsum '.repeat(260)}`).join('\n\n');
    const messages = renderSlack(reply({ title: 'Huge', body, footer: 'f', buttons: [{ label: 'More', action: 'more:x:1' }] }));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    }
    expect(messages.at(-1)!.blocks.at(-1)!.type).toBe('actions');
    expect(messages.slice(0, -1).every(m => m.blocks.every(b => b.type !== 'actions'))).toBe(true);
  });

  it('keeps every chunk within the limit for any text, even when escaping grows it', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('&', '<', '>', '\n', '\n\n', '```\n', ' ', 'a', '**', '中'), fc.string()), { maxLength: 2500 }), parts => {
        const markdown = parts.join('');
        for (const chunk of mrkdwnChunks(markdown, 500)) {
          expect(chunk.length).toBeLessThanOrEqual(500);
          expect(chunk.trim().length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('always produces a valid message, even for an empty reply', () => {
    const [message] = renderSlack(reply({ body: '' }));
    expect(message!.blocks.length).toBe(1);
    expect(message!.text.length).toBeGreaterThan(0);
  });
});
