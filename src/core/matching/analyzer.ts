/**
 * Turns text into search terms, the same way for notes and for questions:
 * - NFKC (full-width → half-width) and lower case;
 * - Latin words split on punctuation and lightly stemmed ("threads", "threading" → "thread");
 * - Chinese, which has no spaces, segmented with Intl.Segmenter; runs of single characters the
 *   segmenter's dictionary does not know (多|线|程) become overlapping bigrams (多线, 线程), the usual
 *   fallback for CJK search, so query and notes meet on the same terms;
 * - stop words (how people ask, not what they ask about) dropped.
 */
export interface Term {
  readonly text: string;
  /** Character span in the normalised text, for linking glossary phrases to terms. */
  readonly start: number;
  readonly end: number;
  readonly script: 'latin' | 'cjk';
  /** A stop word: kept for glossary phrases ("three way handshake"), not searched for. */
  readonly stop: boolean;
}

const HAN = /\p{Script=Han}/u;
const CJK_CHAR = /^\p{Script=Han}$/u;

export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/c\+\+/g, 'cpp')
    .replace(/c#/g, 'csharp')
    .replace(/\.net\b/g, 'dotnet');
}

/** A light English stemmer: enough to meet plural and -ing/-ed forms, applied to notes and questions alike. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length >= 7) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length >= 6) w = w.slice(0, -2);
  if (w.length > 4 && /([^aeiou])\1$/.test(w) && !/(ss|ll)$/.test(w)) w = w.slice(0, -1); // running → runn → run
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

export class Analyzer {
  private readonly segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

  constructor(
    private readonly stopEn: ReadonlySet<string>,
    private readonly stopZh: ReadonlySet<string>,
  ) {}

  /** Terms of an already normalised text, stop words flagged. */
  terms(normalized: string): Term[] {
    const out: Term[] = [];
    let run: { char: string; index: number }[] = [];
    const flushRun = () => {
      if (run.length === 1) out.push({ text: run[0]!.char, start: run[0]!.index, end: run[0]!.index + 1, script: 'cjk', stop: false });
      for (let i = 0; i + 1 < run.length; i++) {
        out.push({ text: run[i]!.char + run[i + 1]!.char, start: run[i]!.index, end: run[i]!.index + 2, script: 'cjk', stop: false });
      }
      run = [];
    };
    for (const seg of this.segmenter.segment(normalized)) {
      if (!seg.isWordLike) {
        flushRun();
        continue;
      }
      const text = seg.segment;
      if (HAN.test(text)) {
        if (this.stopZh.has(text)) {
          flushRun();
          out.push({ text, start: seg.index, end: seg.index + text.length, script: 'cjk', stop: true });
          continue;
        }
        if (text.length === 1 && CJK_CHAR.test(text)) {
          run.push({ char: text, index: seg.index });
          continue;
        }
        flushRun();
        // A mixed segment such as "gil锁" is split by script.
        for (const m of text.matchAll(/\p{Script=Han}+|[a-z0-9]+/gu)) {
          const piece = m[0];
          const start = seg.index + m.index!;
          if (HAN.test(piece)) out.push({ text: piece, start, end: start + piece.length, script: 'cjk', stop: false });
          else this.pushLatin(out, piece, start);
        }
        continue;
      }
      flushRun();
      if (/^\d+(\.\d+)+$/.test(text)) {
        out.push({ text, start: seg.index, end: seg.index + text.length, script: 'latin', stop: false });
        continue;
      }
      for (const m of text.matchAll(/[\p{L}\p{N}_]+/gu)) this.pushLatin(out, m[0], seg.index + m.index!);
    }
    flushRun();
    return out;
  }

  private pushLatin(out: Term[], word: string, start: number): void {
    for (const part of word.split('_')) {
      if (!part) continue;
      out.push({ text: stem(part), start, end: start + word.length, script: 'latin', stop: this.stopEn.has(part) });
    }
  }
}
