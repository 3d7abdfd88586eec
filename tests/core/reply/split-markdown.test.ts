import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitMarkdown } from '../../../src/core/reply/split-markdown.ts';

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const fenceLines = (chunk: string) => chunk.split('\n').filter(l => FENCE.test(l));
/** The text without fence lines and whitespace: what a reader sees, whatever the chunking. */
const content = (text: string) =>
  text
    .split('\n')
    .filter(l => !FENCE.test(l))
    .join('')
    .replace(/\s+/g, '');

/** Checks the promises splitMarkdown makes for any input. */
function expectValidChunks(text: string, max: number, chunks: readonly string[]): void {
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) {
    expect(chunk.length, chunk).toBeLessThanOrEqual(max);
    // Each chunk renders on its own: its fences open and close in pairs, of the same kind.
    const fences = fenceLines(chunk).map(l => l.trim().match(/^(`{3,}|~{3,})/)![1]!);
    expect(fences.length % 2, chunk).toBe(0);
    for (let i = 0; i < fences.length; i += 2) {
      expect(fences[i + 1]![0], chunk).toBe(fences[i]![0]);
      expect(fences[i + 1]!.length, chunk).toBeGreaterThanOrEqual(fences[i]!.length);
    }
  }
  expect(content(chunks.join('\n'))).toBe(content(text));
}

// --- generators ---------------------------------------------------------------------------
const word = fc.constantFrom('the', 'GIL', 'thread', '线程', '装饰器', 'a', 'decorator', '`code`', '**bold**', 'é', '😀', 'x'.repeat(30));
const sentence = fc.array(word, { minLength: 1, maxLength: 25 }).map(ws => ws.join(' '));
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map(ls => ls.join('\n'));
const codeLine = fc.string({ maxLength: 30 }).map(s => s.replace(/[`~\r\n]/g, '').replace(/^\s+/, ''));
const fenceChar = fc.constantFrom('```', '````', '~~~');
const codeBlock = fc
  .tuple(fenceChar, fc.constantFrom('', 'python', 'output', 'js title="x.js"'), fc.array(fc.oneof(codeLine, fc.constant(''), fc.constant('# a comment')), { minLength: 1, maxLength: 40 }), fc.boolean())
  .map(([fence, info, lines, longerClose]) => [fence + info, ...lines, longerClose ? fence + fence[0] : fence].join('\n'));
const markdown = fc.array(fc.oneof({ weight: 3, arbitrary: paragraph }, { weight: 2, arbitrary: codeBlock }, { weight: 1, arbitrary: fc.constantFrom('- item one\n- item two', '## Heading', '> quote') }), { minLength: 1, maxLength: 12 }).map(blocks => blocks.join('\n\n'));

describe('splitMarkdown', () => {
  it('returns short text as it is, in one chunk', () => {
    const text = '# Title\n\nSome text.\n\n```python\nprint(1)\n```';
    expect(splitMarkdown(text, 1000)).toEqual([text]);
    expect(splitMarkdown('', 100)).toEqual(['']);
  });

  it('refuses a limit too small to hold a fenced line', () => {
    expect(() => splitMarkdown('x'.repeat(100), 39)).toThrow();
  });

  it('splits between paragraphs, never inside one that fits', () => {
    const paras = Array.from({ length: 10 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(15).trim()}.`);
    const chunks = splitMarkdown(paras.join('\n\n'), 250);
    expect(chunks.length).toBeGreaterThan(1);
    expectValidChunks(paras.join('\n\n'), 250, chunks);
    for (const chunk of chunks) for (const piece of chunk.split('\n\n')) expect(paras).toContain(piece);
  });

  it('closes and reopens a long code block with the same fence and info string, cutting between lines', () => {
    const lines = Array.from({ length: 60 }, (_, i) => `result_${i} = compute(${i})  # step ${i}`);
    const text = `Before.\n\n\`\`\`python\n${lines.join('\n')}\n\`\`\`\n\nAfter.`;
    const chunks = splitMarkdown(text, 400);
    expectValidChunks(text, 400, chunks);
    const codeChunks = chunks.filter(c => c.includes('result_'));
    expect(codeChunks.length).toBeGreaterThan(2);
    for (const c of codeChunks) {
      const ls = c.split('\n');
      const open = ls.indexOf('```python');
      expect(open).toBeGreaterThanOrEqual(0);
      expect(ls.slice(open + 1).indexOf('```')).toBeGreaterThan(0);
    }
    // Every code line is whole in exactly one chunk.
    for (const line of lines) expect(chunks.filter(c => c.split('\n').includes(line))).toHaveLength(1);
    expect(chunks[0]!.startsWith('Before.')).toBe(true);
    expect(chunks.at(-1)!.endsWith('After.')).toBe(true);
  });

  it('keeps a code block with blank lines and # comments together when it fits', () => {
    const code = '```python\nimport copy\n\n# deep copy\nb = copy.deepcopy(a)\n```';
    const text = `${'Intro sentence. '.repeat(20).trim()}\n\n${code}\n\n${'Outro sentence. '.repeat(20).trim()}`;
    const chunks = splitMarkdown(text, 330);
    expectValidChunks(text, 330, chunks);
    expect(chunks.some(c => c.includes(code))).toBe(true);
  });

  it('closes an unclosed fence so it cannot swallow the next chunk', () => {
    const text = `Intro.\n\n\`\`\`\n${'line of code\n'.repeat(40)}`;
    expectValidChunks(text, 200, splitMarkdown(text, 200));
  });

  it('keeps fences balanced when the closing fence is longer than the opening one', () => {
    const text = `Intro.\n\n\`\`\`\n${Array.from({ length: 30 }, (_, i) => `line ${i} of code`).join('\n')}\n\`\`\`\`\n\nAfter.`;
    const chunks = splitMarkdown(text, 120);
    expectValidChunks(text, 120, chunks);
    // "After." is text again, not inside a code block the split left open.
    const last = chunks.at(-1)!;
    expect(last.endsWith('After.')).toBe(true);
    expect(fenceLines(last.slice(0, last.lastIndexOf('After.'))).length % 2).toBe(0);
  });

  it('terminates and stays within the limit when a long info string leaves little room', () => {
    const text = '```python title="a_rather_long_file_name_for_an_example.py" linenums="1"\n' + 'x = 1\n'.repeat(30) + '```';
    const chunks = splitMarkdown(text, 60);
    expectValidChunks(text, 60, chunks);
  });

  it('cuts an over-long line at a space and never splits a surrogate pair', () => {
    const text = ('😀'.repeat(25) + ' ').repeat(8) + 'x'.repeat(130);
    const chunks = splitMarkdown(text, 50);
    expectValidChunks(text, 50, chunks);
    for (const c of chunks) expect(c).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });

  it('keeps every promise for any Markdown (property)', () => {
    fc.assert(
      fc.property(markdown, fc.integer({ min: 60, max: 600 }), (text, max) => {
        const chunks = splitMarkdown(text, max);
        expectValidChunks(text, max, chunks);
        // Code lines shorter than the room inside a fence are never cut.
        for (const line of text.split('\n').filter(l => l.length > 0 && l.length < max - 40 && !FENCE.test(l))) {
          expect(chunks.some(c => c.includes(line)), line).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('splits the longest shipped answer into valid pages', () => {
    const files = fs.readdirSync('knowledge', { recursive: true }).map(String).filter(f => f.endsWith('.md'));
    const longest = files.map(f => fs.readFileSync(path.join('knowledge', f), 'utf8')).sort((a, b) => b.length - a.length)[0]!;
    for (const max of [3000, 1000, 300]) expectValidChunks(longest, max, splitMarkdown(longest, max));
  });
});
