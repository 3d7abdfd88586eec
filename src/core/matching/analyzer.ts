/**
 * Turns text into search terms, the same way for notes and for questions:
 * - NFKC (full-width → half-width) and lower case;
 * - Latin words split on punctuation and lightly stemmed ("threads", "threading" → "thread");
 * - Chinese, which has no spaces, cut into runs at stop words (的, 是, 什么, 怎么 …, longest match
 *   first, glossary terms winning over stop words so 作用域 stays whole) and each run indexed as
 *   overlapping character bigrams (多线程 → 多线, 线程), the standard robust choice for CJK search.
 *
 * Why not Intl.Segmenter: measured on this project's machines it segments about 25,000 characters
 * a second (10,000 entries would take minutes to index), and its dictionary splits most technical
 * terms into single characters anyway (线|程, 模|块), which bigrams handle better.
 */
export interface Term {
  readonly text: string;
  /** Character span in the normalised text, for linking glossary phrases to terms. */
  readonly start: number;
  readonly end: number;
  readonly script: 'latin' | 'cjk';
  /** A stop word: kept for glossary phrases ("three way handshake"), not searched for. */
  readonly stop: boolean;
  /** For CJK terms: which stop-word-free run of Han characters the bigram belongs to. */
  readonly run?: number;
}

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
  if (w.length >= 4 && w !== word && /([^aeiou])\1$/.test(w) && !/(ss|ll|zz)$/.test(w)) w = w.slice(0, -1); // running → runn → run
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  // y after a consonant → i (Porter's step 1c), so that cookie/cookies and query/queries meet:
  // cookies → cooky → cooki ← cookie, queries → query → queri ← query.
  if (w.length > 3 && /[^aeiou]y$/.test(w)) w = w.slice(0, -1) + 'i';
  return w;
}

/**
 * Number words written as digits, so that "3 way handshake" meets "three-way handshake" and "2 phase
 * commit" meets "two-phase commit". Not "one": it is mostly a pronoun ("the one around it").
 */
const NUMBER_WORDS: ReadonlyMap<string, string> = new Map(
  ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].map((w, i) => [w, String(i + 2)]),
);

// Han runs; numbers with dots (3.14); letter runs (digits split off: http2 → http 2, python3 → python 3).
const TOKEN = /\p{Script=Han}+|\d+(?:\.\d+)+|\d+|(?:(?!\p{Script=Han})[\p{L}_])+/gu;
const HAN_START = /^\p{Script=Han}/u;

export class Analyzer {
  private readonly stopFirst: Set<string>;
  /** Character tries of Chinese stop words and glossary terms: the longest match in one walk. */
  private readonly stopTrie: CharTrie = { next: new Map(), end: false };
  private readonly keepTrie: CharTrie = { next: new Map(), end: false };
  /** Stop words in stemmed form, so "helped" and "thanks" are as empty as "help" and "thank". */
  private readonly stopStems: Set<string>;
  private readonly keepFirst: Set<string>;

  /**
   * @param keepZh Chinese terms that must never be cut by a stop word inside them (glossary terms).
   */
  constructor(
    private readonly stopEn: ReadonlySet<string>,
    private readonly stopZh: ReadonlySet<string>,
    private readonly keepZh: ReadonlySet<string> = new Set(),
  ) {
    this.stopFirst = new Set([...stopZh].map(w => w[0]!));
    for (const w of stopZh) insertWord(this.stopTrie, w);
    for (const w of keepZh) if (w.length >= 2) insertWord(this.keepTrie, w);
    this.stopStems = new Set([...stopEn].map(stem));
    this.keepFirst = new Set([...keepZh].map(w => w[0]!));
  }

  /** Terms of an already normalised text, stop words flagged (Chinese stop words are dropped). */
  terms(normalized: string): Term[] {
    const out: Term[] = [];
    let run = 0;
    for (const m of normalized.matchAll(TOKEN)) {
      const text = m[0];
      const start = m.index!;
      if (HAN_START.test(text)) {
        for (const piece of this.cutHan(text)) {
          const s = start + piece.offset;
          const id = run++;
          if (piece.text.length === 1) out.push({ text: piece.text, start: s, end: s + 1, script: 'cjk', stop: false, run: id });
          for (let i = 0; i + 1 < piece.text.length; i++) {
            out.push({ text: piece.text.slice(i, i + 2), start: s + i, end: s + i + 2, script: 'cjk', stop: false, run: id });
          }
        }
        continue;
      }
      if (/^\d+(\.\d+)+$/.test(text)) {
        out.push({ text, start, end: start + text.length, script: 'latin', stop: false });
        continue;
      }
      for (const part of text.split('_')) {
        if (!part) continue;
        const stemmed = stem(part);
        const stop = this.stopEn.has(part) || this.stopStems.has(stemmed);
        out.push({ text: NUMBER_WORDS.get(part) ?? stemmed, start, end: start + text.length, script: 'latin', stop });
      }
    }
    return out;
  }

  /** Splits a run of Han characters at stop words; glossary terms are kept whole. */
  private cutHan(run: string): { text: string; offset: number }[] {
    const pieces: { text: string; offset: number }[] = [];
    let pieceStart = 0;
    let i = 0;
    while (i < run.length) {
      const first = run[i]!;
      const keep = this.keepFirst.has(first) ? longestAt(this.keepTrie, run, i) : 0;
      if (keep > 0) {
        i += keep;
        continue;
      }
      const stop = this.stopFirst.has(first) ? longestAt(this.stopTrie, run, i) : 0;
      if (stop > 0) {
        if (i > pieceStart) pieces.push({ text: run.slice(pieceStart, i), offset: pieceStart });
        i += stop;
        pieceStart = i;
        continue;
      }
      i++;
    }
    if (i > pieceStart) pieces.push({ text: run.slice(pieceStart, i), offset: pieceStart });
    return pieces;
  }
}

interface CharTrie {
  readonly next: Map<string, CharTrie>;
  end: boolean;
}

function insertWord(root: CharTrie, word: string): void {
  let node = root;
  for (const ch of word) {
    let child = node.next.get(ch);
    if (!child) {
      child = { next: new Map(), end: false };
      node.next.set(ch, child);
    }
    node = child;
  }
  node.end = true;
}

/** Length of the longest word of the trie starting at `text[i]`, or 0. */
function longestAt(root: CharTrie, text: string, i: number): number {
  let node: CharTrie | undefined = root;
  let longest = 0;
  for (let j = i; j < text.length; j++) {
    node = node.next.get(text[j]!);
    if (!node) break;
    if (node.end) longest = j - i + 1;
  }
  return longest;
}
