import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitMarkdown } from '../../src/core/reply/split-markdown.ts';
import { hugeText, markdownDoc, nastyText } from './arbitraries.ts';
import { openFenceAtEnd, visibleContent } from './markdown-model.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The promises of splitMarkdown, for any text and limit. */
function expectValidSplit(text: string, max: number, budgetMs = 1000): void {
  const started = performance.now();
  const chunks = splitMarkdown(text, max);
  expect(performance.now() - started, 'splitMarkdown time (ms)').toBeLessThan(budgetMs);
  // Only text with nothing visible may come back as no chunk at all.
  if (visibleContent(text) !== '') expect(chunks.length).toBeGreaterThan(0);
  if (text.length <= max) {
    expect(chunks).toEqual([text]);
    return;
  }
  for (const chunk of chunks) {
    expect(chunk.length, JSON.stringify(chunk)).toBeLessThanOrEqual(max);
    expect(chunk.trim().length, 'no empty chunk').toBeGreaterThan(0);
    expect(openFenceAtEnd(chunk), `fence left open in ${JSON.stringify(chunk)}`).toBeUndefined();
    // A cut never separates the two halves of a surrogate pair.
    if (!LONE_SURROGATE.test(text)) expect(LONE_SURROGATE.test(chunk), JSON.stringify(chunk)).toBe(false);
  }
  expect(visibleContent(chunks.join('\n'))).toBe(visibleContent(text));
}

describe('splitMarkdown on hostile input (property)', () => {
  it('any Markdown, any limit: chunks within the limit, fences balanced in each, no text lost', () => {
    fc.assert(
      fc.property(markdownDoc, fc.integer({ min: 40, max: 4096 }), (text, max) => expectValidSplit(text, max)),
      { numRuns: 3000 },
    );
  });

  it('small limits (Slack re-splits down to 40) over any characters', () => {
    fc.assert(
      fc.property(nastyText(80), fc.integer({ min: 40, max: 120 }), (text, max) => expectValidSplit(text, max)),
      { numRuns: 3000 },
    );
  });

  it('100 KB inputs (fewer runs) split quickly and validly', () => {
    fc.assert(
      fc.property(hugeText(100_000), fc.constantFrom(40, 2000, 3000, 4096), (text, max) => expectValidSplit(text, max, 300)),
      { numRuns: 60 },
    );
  });

  it('a long line whose wrapped continuation starts with a fence does not open a code block', () => {
    for (const max of [40, 100, 2000]) {
      const text = `${'word '.repeat(max / 5 - 1)}word \`\`\`python and then more text after it ${'x '.repeat(max)}`;
      expectValidSplit(text, max);
      const code = `\`\`\`\n${'y'.repeat(max * 2)}\`\`\`not a closer\nsecond line\n\`\`\``;
      expectValidSplit(code, max);
    }
  });
});
