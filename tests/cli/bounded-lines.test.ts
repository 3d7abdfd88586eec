import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedLines } from '../../src/cli/bounded-lines.ts';

async function collect(chunks: readonly (string | Buffer)[], max: number) {
  const out: { text: string; truncated: boolean }[] = [];
  for await (const line of boundedLines(Readable.from(chunks), max)) out.push(line);
  return out;
}

describe('boundedLines (ask --jsonl input)', () => {
  it('splits on LF and CRLF, keeps empty lines and a last line without a newline', async () => {
    expect(await collect(['a\r\nb\n\nc'], 10)).toEqual([
      { text: 'a', truncated: false },
      { text: 'b', truncated: false },
      { text: '', truncated: false },
      { text: 'c', truncated: false },
    ]);
    expect(await collect([''], 10)).toEqual([]);
    expect(await collect(['x\n'], 10)).toEqual([{ text: 'x', truncated: false }]);
  });

  it('cuts a long line to its beginning and drops the rest as it streams in, then goes on with the next line', async () => {
    const chunks = ['what is the GIL ', ...Array.from({ length: 1000 }, () => 'x'.repeat(1000)), '\nnext question\n'];
    expect(await collect(chunks, 20)).toEqual([
      { text: 'what is the GIL xxxx', truncated: true },
      { text: 'next question', truncated: false },
    ]);
  });

  it('decodes UTF-8 split across chunks and never cuts a surrogate pair in two', async () => {
    const bytes = Buffer.from('什么是GIL\n😀😀😀\n');
    const chunks = Array.from(bytes, b => Buffer.from([b])); // one byte at a time
    expect(await collect(chunks, 100)).toEqual([
      { text: '什么是GIL', truncated: false },
      { text: '😀😀😀', truncated: false },
    ]);
    expect(await collect(['😀😀😀\n'], 3)).toEqual([{ text: '😀', truncated: true }]);
  });

  it('matches splitting the whole text for any input and chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { maxLength: 8 }), fc.integer({ min: 1, max: 7 }), async (parts, size) => {
        const text = parts.join('\n');
        const bytes = Buffer.from(text);
        const chunks: Buffer[] = [];
        for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
        const got = (await collect(chunks, 1_000)).map(l => l.text);
        // Like readline: a newline ends a line; it does not start an empty one after it.
        const lines = text.split('\n');
        if (lines.at(-1) === '') lines.pop();
        const expected = lines.map(l => l.replace(/\r$/, ''));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
