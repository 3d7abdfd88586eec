/**
 * Generators of hostile input for the property tests (issue 7, "Bad input"): every Unicode plane,
 * lone surrogates, control characters, emoji ZWJ sequences, right-to-left text, Markdown that is
 * broken or huge, and every mention syntax of Slack and Discord, mixed together.
 */
import fc from 'fast-check';
import type { Button, Reply, ReplyKind } from '../../src/core/reply/reply.ts';
import { encodeAction, type Action } from '../../src/core/reply/actions.ts';

/** Mentions and look-alikes: what must never ping anyone when echoed. */
export const MENTIONS = Object.freeze([
  '@everyone', '@here', '@channel', '<!channel>', '<!here>', '<!everyone>', '<!here|here>', '<@U123>', '<@U123|alice>',
  '<@&123>', '<@!123>', '<@123456789012345678>', '<#C1>', '<#C1|general>', '<!subteam^S1>', '<!subteam^S1|@team>',
  '<!date^1392734382^{date}|x>', '<https://example.com|click>', '<mailto:a@b.c>', '&lt;!channel&gt;', '&amp;', '&', '<', '>',
  '<<!channel>>', '<!channel', '@@everyone', '＠everyone', '@\u200beveryone',
]);

export const EMOJI = Object.freeze([
  '👨‍👩‍👧‍👦', '🏳️‍🌈', '👩🏽‍💻', '🧑‍🤝‍🧑', '❤️‍🔥', '🇨🇳', '🇺🇸', '😀', '1️⃣', '🫠', 'e\u0301', 'ﷺ', '𒐫', '𝕏', '🀄',
]);

export const RTL = Object.freeze(['مرحبا بالعالم', 'שלום עולם', '\u202Eevil\u202C', '\u200F', '\u2067x\u2069', 'ا‎b', 'ܫܠܡܐ']);

export const CONTROL = Object.freeze([
  '\u0000', '\u0001', '\u0007', '\b', '\t', '\n', '\u000B', '\f', '\r', '\r\n', '\u001B[31m', '\u007F', '\u0085', '\u2028',
  '\u2029', '\uFEFF', '\u200B', '\u200D', '\u00AD', '\uFFFD', '\uFFFF',
]);

export const MARKDOWN = Object.freeze([
  '```', '```python', '````', '~~~', '~~~js', '```\n', '\n```\n', '`', '``', '**', '__', '*', '_', '~~', '# ', '## ', '###### ',
  '####### ', '\n===\n', '\n---\n', '---\n', '...\n', '> ', '- ', '* ', '+ ', '1. ', '1) ', '| a | b |\n|---|---|\n| 1 | 2 |',
  '[link](https://example.com)', '[x](javascript:alert(1))', 'https://example.com/a_b*c', '<!-- lang: zh -->', '<!-- lang: en -->',
  '\\', '\\*', '<br>', '<script>', '&nbsp;', '    code', '\t- nested', '| ', ' |', ':---:', '![img](x.png)', '---\nid: x\n---\n',
]);

/** A lone surrogate (an invalid UTF-16 sequence on its own). */
export const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map(c => String.fromCharCode(c));

/** Any code point of any plane (astral included), as a string. */
export const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map(c => (c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : String.fromCodePoint(c)));

/** Small pieces of hostile text, from every family above. */
export const piece: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 3, arbitrary: fc.constantFrom(...MENTIONS) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 1, arbitrary: fc.constantFrom(...RTL) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL) },
  { weight: 4, arbitrary: fc.constantFrom(...MARKDOWN) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: anyCodePoint },
  { weight: 2, arbitrary: fc.constantFrom(' ', '  ', '\n', '\n\n', '\t') },
  { weight: 2, arbitrary: fc.constantFrom('GIL', '装饰器', 'decorator', 'what is', '什么是', 'the', 'a', 'thread', '线程') },
);

/** Hostile text: a mix of pieces (empty and whitespace-only included). */
export function nastyText(maxPieces = 40): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '\t \n', '\u3000', '\u200b') },
    { weight: 8, arbitrary: fc.array(piece, { maxLength: maxPieces }).map(ps => ps.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** One line of something, repeated: the shapes that make regular expressions backtrack. */
const repeatedUnit = fc.constantFrom(
  ' ', '\t', '#', '# ', '*', '**', '**a', '*a ', '_', '__a', '~~a', '`', '`a', '```', '[', '[a](', '](', '(', '|', '| ', ' -', '-',
  '>', '&', '<', '<!channel>', '@everyone', 'a ', 'http://a', '\\', '\n', '\n\n', '- ', '  - ', '1. ', 'x', '😀', '\uD800',
);

/**
 * Big inputs (up to `maxBytes` characters): one unit repeated, or a huge table, a deeply nested list,
 * or an unclosed fence, optionally around a normal text. Used with fewer runs.
 */
export function hugeText(maxBytes = 100_000): fc.Arbitrary<string> {
  const size = fc.integer({ min: 1_000, max: maxBytes });
  return fc.oneof(
    fc.tuple(fc.array(repeatedUnit, { minLength: 1, maxLength: 3 }), size, nastyText(5)).map(([units, n, tail]) => {
      const unit = units.join('');
      return unit.repeat(Math.max(1, Math.floor(n / unit.length))).slice(0, n) + tail;
    }),
    fc.tuple(fc.constantFrom('# ', '## ', '- ', '> ', '', '```'), size, fc.constantFrom(' ', '#', 'x', '*')).map(([head, n, fill]) => `${head}a${fill.repeat(n)}x`),
    size.map(n => hugeTable(Math.max(2, Math.floor(n / 40)))),
    size.map(n => nestedList(Math.min(500, Math.floor(n / 100)))),
    fc.tuple(size, fc.constantFrom('```', '~~~', '````python')).map(([n, fence]) => `${fence}\n${'code line\n'.repeat(Math.floor(n / 10))}`),
    fc.tuple(size, nastyText(20)).map(([n, t]) => (t || 'x').repeat(Math.ceil(n / Math.max(1, (t || 'x').length))).slice(0, n)),
  );
}

export function hugeTable(rows: number, cols = 5): string {
  const head = `|${Array.from({ length: cols }, (_, i) => ` h${i} `).join('|')}|`;
  const rule = `|${Array.from({ length: cols }, () => '---').join('|')}|`;
  const body = Array.from({ length: rows }, (_, r) => `|${Array.from({ length: cols }, (_, c) => ` ${r}.${c} <@U${r}> `).join('|')}|`);
  return [head, rule, ...body].join('\n');
}

export function nestedList(depth: number): string {
  return Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}- level ${i} @everyone`).join('\n');
}

/** Markdown documents: headings, paragraphs, fences (closed or not), lists, tables, hostile text. */
export const markdownDoc: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: nastyText(20) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('# ', '## ', '### ', '#### '), nastyText(6)).map(([h, t]) => h + t.replace(/\n/g, ' ')) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('```', '````', '~~~', '```python'), fc.array(nastyText(6), { maxLength: 12 }), fc.constantFrom('```', '````', '~~~', '', '`````')).map(([o, ls, c]) => [o, ...ls, c].join('\n')) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }).map(d => nestedList(d)) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }).map(r => hugeTable(r, 3)) },
      { weight: 1, arbitrary: fc.constantFrom('---\nid: x\ntitle: y\n---\nbody', '---\n: bad yaml [\n---\n# H', '---\n- a list\n---\n', '<!-- lang: zh -->\n中文', 'Title\n===', 'Sub\n---') },
    ),
    { maxLength: 15 },
  )
  .map(blocks => blocks.join('\n\n'));

// --- replies ---------------------------------------------------------------------------------

const KINDS: readonly ReplyKind[] = ['answer', 'suggest', 'decline', 'info', 'error', 'quiz-question', 'quiz-reveal', 'quiz-summary', 'daily-post', 'daily-answer'];

const token = fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/);
const validAction: fc.Arbitrary<string> = fc
  .oneof(
    token.map((ref): Action => ({ type: 'pick', ref })),
    fc.tuple(token, fc.integer({ min: 0, max: 9999 })).map(([ref, part]): Action => ({ type: 'more', ref, part })),
    fc.tuple(fc.constantFrom('up' as const, 'down' as const), token).map(([vote, question]): Action => ({ type: 'feedback', vote, question })),
    fc.tuple(token, fc.integer({ min: 0, max: 9999 }), fc.constantFrom('A' as const, 'B' as const, 'C' as const, 'D' as const)).map(([quiz, item, choice]): Action => ({ type: 'quiz-choice', quiz, item, choice })),
    token.map((post): Action => ({ type: 'daily-reveal', post })),
  )
  .map(encodeAction);

/** Buttons: labels of any kind and length; actions mostly valid, some empty, forged or too long. */
export const button: fc.Arbitrary<Button> = fc.record(
  {
    label: fc.oneof({ weight: 4, arbitrary: nastyText(8) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 70, maxLength: 300 }) }),
    action: fc.oneof(
      { weight: 6, arbitrary: validAction },
      { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(101), 'x'.repeat(2001), 'pick:<!channel>') },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 150 }) },
    ),
    style: fc.constantFrom('primary' as const, 'secondary' as const, 'success' as const, 'danger' as const),
  },
  { requiredKeys: ['label', 'action'] },
);

/** Any Reply: arbitrary title, body, footer, buttons and visibility. */
export function reply(body: fc.Arbitrary<string> = markdownDoc, maxButtons = 40): fc.Arbitrary<Reply> {
  return fc.record(
    {
      kind: fc.constantFrom(...KINDS),
      lang: fc.constantFrom('zh' as const, 'en' as const),
      title: fc.oneof(nastyText(10), fc.string({ unit: 'binary', minLength: 200, maxLength: 400 })),
      body,
      footer: fc.oneof(nastyText(10), fc.string({ minLength: 1000, maxLength: 3000 })),
      buttons: fc.array(button, { maxLength: maxButtons }),
      visibility: fc.constantFrom('public' as const, 'private' as const),
    },
    { requiredKeys: ['kind', 'lang', 'body', 'visibility'] },
  );
}
