import { createJiebaSegmenter, type Segmenter } from './segmenter.ts';

/**
 * Turns text into search terms, the same way for notes and for questions:
 * - NFKC (full-width → half-width), URLs, HTML comments, Markdown rules and **emphasis** removed,
 *   then lower case;
 * - Latin words split on punctuation and lightly stemmed ("threads", "threading" → "thread");
 *   camelCase and PascalCase compounds (BlockingQueue, localStorage) are a term and, as parts, their
 *   words; operators (`==`, `&&`, `:=`, `?.` … from lexicon/operators.txt) are terms of their own;
 * - Chinese, which has no spaces, segmented into words by a dictionary segmenter (jieba), glossary
 *   terms kept whole; words of three or more characters also give their character bigrams as parts,
 *   so a question that says part of a word (回收 for 垃圾回收) still meets it.
 */
export interface Term {
  readonly text: string;
  /** Character span in the normalised text, for linking glossary phrases to terms. */
  readonly start: number;
  readonly end: number;
  readonly script: 'latin' | 'cjk' | 'op';
  /** A stop word: kept for glossary phrases ("three way handshake"), not searched for. */
  readonly stop: boolean;
  /** A word that tells siblings apart (优缺点, internals): searched for, lighter than a subject. */
  readonly intent?: boolean;
  /** A part of a longer term (Blocking in BlockingQueue, 回收 in 垃圾回收): used when the whole is unknown. */
  readonly part?: boolean;
  /** A word joined by hyphens or dots (v-if, node.js, three-way): its pieces are parts, and glossary phrases read the pieces. */
  readonly joined?: boolean;
  /** A piece of a joined word. */
  readonly piece?: boolean;
}

/** The text as the analyzer reads it, before lower case (same length as {@link normalize}'s result). */
export function normalizeCased(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/\bhttps?:\/\/[^\s<>()]+/gi, ' ')
    .replace(/([-_*~#`])\1{2,}/g, ' ')
    .replace(/\*\*(?=[^\s*])([^*\n]{1,300}?)\*\*/g, ' $1 ')
    .replace(/c\+\+/gi, 'cpp')
    .replace(/c#/gi, 'csharp')
    .replace(/\.net\b/gi, 'dotnet');
}

export function normalize(text: string): string {
  return normalizeCased(text).toLowerCase();
}

/** A light English stemmer: enough to meet plural and -ing/-ed forms, applied to notes and questions alike. */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  // -ional → -ion: generational meets generation, transactional meets transaction.
  if (w.endsWith('ional') && w.length >= 8) w = w.slice(0, -2);
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

/** Options of an {@link Analyzer} beyond its stop words. */
export interface AnalyzerOptions {
  /** Chinese terms that must stay whole (glossary terms): added to the segmenter's dictionary. */
  readonly keepZh?: ReadonlySet<string>;
  /** Cuts Chinese runs into words; default: jieba, loaded on the first Chinese text. */
  readonly segmenter?: Segmenter;
  /** Words that tell siblings apart (lexicon/intent-words.txt). */
  readonly intent?: ReadonlySet<string>;
  /** Operators read as terms (lexicon/operators.txt). */
  readonly operators?: readonly string[];
  /** Stop words that are keywords of code: terms alone in Chinese text or compared with an operator (lexicon/code-keywords.txt). */
  readonly codeKeywords?: ReadonlySet<string>;
}

const HAN_START = /^\p{Script=Han}/u;
const HAN_RUNS = /\p{Script=Han}+/gu;
/** Characters an operator token can start with (letters, digits and `_` start no operator). */
const OPERATOR_START = new Set([...'=!<>+-.:?*/&|'].map(c => c.charCodeAt(0)));
/** A run of letters (any script but Han) and underscores. */
const WORD = '(?:(?!\\p{Script=Han})[\\p{L}_])+';
const CAMEL = /[a-z][A-Z]|[A-Z]{2}[a-z]/;
/** An operator that is also sentence punctuation (`??`, `...`). */
const PUNCTUATION_ONLY = /^[?!.]+$/;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const SPACE_CHAR = /\s/;
/** Words that set two things side by side ("is and ==", "&& vs and"); as stems. */
const COMPARING = new Set(['vs', 'versu', 'and', 'or']);
/** The term at `k` and an operator stand on either side of a comparing word. */
function comparedWithOperator(terms: readonly Term[], k: number): boolean {
  const comparing = (t: Term | undefined) => t !== undefined && t.script === 'latin' && COMPARING.has(t.text);
  const op = (t: Term | undefined) => t !== undefined && t.script === 'op';
  return (comparing(terms[k + 1]) && op(terms[k + 2])) || (comparing(terms[k - 1]) && op(terms[k - 2]));
}
/** Nothing, or a character that is no part of a word (punctuation, an operator; not an apostrophe). */
const standsApart = (c: string) => c === '' || (!WORD_CHAR.test(c) && c !== "'" && c !== '\u2019');
/** Whether a term stands alone in Chinese text: Chinese on one side, Chinese, nothing or punctuation on the other. */
function aloneInChinese(normalized: string, t: Term): boolean {
  let i = t.start - 1;
  while (i >= 0 && SPACE_CHAR.test(normalized[i]!)) i--;
  let j = t.end;
  while (j < normalized.length && SPACE_CHAR.test(normalized[j]!)) j++;
  const before = i >= 0 ? normalized[i]! : '';
  const after = j < normalized.length ? normalized[j]! : '';
  const hanBefore = before !== '' && HAN_START.test(before);
  const hanAfter = after !== '' && HAN_START.test(after);
  return (hanBefore && (hanAfter || standsApart(after))) || (hanAfter && standsApart(before));
}
/** What follows the apostrophe of an English contraction. */
const CONTRACTION_END = /^(?:d|ll|ve|re|m|s|t)$/;
const CAMEL_SPLIT = /(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

export class Analyzer {
  private readonly segmenter: Segmenter;
  private readonly intent: ReadonlySet<string>;
  private readonly token: RegExp;
  private readonly codeKeywords: ReadonlySet<string>;
  /** Stems of words seen (the stemmer's tests cost more than a look-up; a vocabulary is small). */
  private readonly stems = new Map<string, string>();
  /** Word → whether it is a stop word, an intent word (both by surface form or stem). */
  private readonly flags = new Map<string, number>();

  constructor(
    private readonly stopEn: ReadonlySet<string>,
    private readonly stopZh: ReadonlySet<string>,
    options: AnalyzerOptions = {},
  ) {
    this.segmenter = options.segmenter ?? createJiebaSegmenter();
    this.codeKeywords = options.codeKeywords ?? new Set();
    if (options.keepZh) this.segmenter.addWords(options.keepZh);
    // Latin intent words are also known by their stems (terms are stemmed: advantages → advantag).
    const intent = options.intent ?? new Set<string>();
    this.intent = new Set([...intent, ...[...intent].filter(w => /^[a-z]/.test(w)).map(stem)]);
    const ops = [...(options.operators ?? [])].sort((a, b) => b.length - a.length).map(escapeRegExp);
    // Han runs; numbers with dots (3.14); operators; letter runs (digits split off: http2 → http 2).
    this.token = new RegExp(
      `\\p{Script=Han}+|\\d+(?:\\.\\d+)+|\\d+|${ops.length ? `(?:${ops.join('|')})|` : ''}${WORD}(?:[-.]${WORD})*`,
      'gu',
    );
  }

  private stemOf(word: string): string {
    let s = this.stems.get(word);
    if (s === undefined) {
      s = stem(word);
      if (this.stems.size < 200_000) this.stems.set(word, s);
    }
    return s;
  }

  /** Whether a term (as {@link terms} gives it) is an intent word. */
  isIntent(term: string): boolean {
    return this.intent.has(term);
  }

  /** Whether a punctuation-like operator at [start, end) follows a content word and precedes only the end or a filler word. */
  private endsSentence(text: string, start: number, end: number): boolean {
    const before = /([\p{L}\p{N}_]+)[\s:,;]*$/u.exec(text.slice(Math.max(0, start - 64), start));
    if (!before || this.isStop(before[1]!.toLowerCase())) return false;
    const after = /^\s*([\p{L}\p{N}_]+)?/u.exec(text.slice(end, end + 64))!;
    return after[1] === undefined ? /^\s*(?:$|[^\p{L}\p{N}_`'"(\[{])/u.test(text.slice(end, end + 8)) : this.isStop(after[1].toLowerCase()) && !/^[a-z]$/.test(after[1]);
  }

  /** Whether a (normalised) word is a stop word, in either language. */
  isStop(word: string): boolean {
    return this.stopEn.has(word) || this.stopZh.has(word) || this.stopEn.has(stem(word));
  }

  /**
   * Terms of an already normalised text, stop words flagged (Chinese stop words are dropped).
   * `cased` is the same text before lower case ({@link normalizeCased}), for camelCase compounds.
   */
  terms(normalized: string, cased?: string, resplit?: (word: string) => boolean): Term[] {
    const out: Term[] = [];
    const useCase = cased !== undefined && cased.length === normalized.length;
    let cuts: string[][] | undefined;
    let run = 0;
    this.token.lastIndex = 0;
    const token = this.token;
    for (let m = token.exec(normalized); m !== null; m = token.exec(normalized)) {
      const text = m[0];
      const start = m.index;
      // The kind of token from its first character (cheaper than a Unicode regular expression a token).
      const first = text.charCodeAt(0);
      if (first >= 0x2e80 && HAN_START.test(text)) {
        cuts ??= this.segmenter.cutMany(normalized.match(HAN_RUNS) ?? []);
        this.han(start, cuts[run++] ?? this.segmenter.cut(text), out, resplit);
        continue;
      }
      // The end of a contraction ("del'd", "you'll", "we've", "I'm"): filler, whatever the letters.
      if (start >= 2 && CONTRACTION_END.test(text) && (normalized[start - 1] === "'" || normalized[start - 1] === '\u2019') && WORD_CHAR.test(normalized[start - 2]!)) {
        out.push({ text, start, end: start + text.length, script: 'latin', stop: true });
        continue;
      }
      if (first >= 48 && first <= 57) {
        out.push({ text, start, end: start + text.length, script: 'latin', stop: false });
        continue;
      }
      if (first < 128 && OPERATOR_START.has(first) && !(first === 95)) {
        // "is that expected??", "why...": sentence punctuation glued to the word before it and
        // followed by no operand is no operator (`a ?? b`, `obj?.prop` are).
        if (PUNCTUATION_ONLY.test(text) && WORD_CHAR.test(normalized[start - 1] ?? ' ') && !WORD_CHAR.test(normalized[start + text.length] ?? ' ')) continue;
        // "what is the output of this code ?? thx", "key features: ??": after a content word and before
        // the end or a filler word, it ends a sentence (`x ?? y` has an operand after it, "what does ?? do"
        // no content word before it).
        if (PUNCTUATION_ONLY.test(text) && this.endsSentence(normalized, start, start + text.length)) continue;
        out.push({ text, start, end: start + text.length, script: 'op', stop: false });
        continue;
      }
      const pieces = text.includes('-') || text.includes('.') ? text.split(/[-.]/) : [text];
      if (pieces.length > 1) {
        // A joined word: the whole (v-if → vif, node.js → nodejs) and its pieces as parts.
        const whole = pieces.map(p => NUMBER_WORDS.get(p) ?? p).join('').replace(/_/g, '');
        out.push({ text: stem(whole), start, end: start + text.length, script: 'latin', stop: false, joined: true });
        let at = start;
        for (const piece of pieces) {
          const before = out.length;
          this.latin(piece, at, cased, useCase, out);
          for (let k = before; k < out.length; k++) out[k] = { ...out[k]!, part: true, piece: true };
          at += piece.length + 1;
        }
        continue;
      }
      // Chat words written with digits ("eli5", "b4"): the run of letters and the digits after it are
      // one stop word, not a word and a number.
      const next = normalized.charCodeAt(start + text.length);
      const digits = next >= 48 && next <= 57 ? /^\d+/.exec(normalized.slice(start + text.length, start + text.length + 4)) : null;
      if (digits && this.stopEn.has(text + digits[0])) {
        const end = start + text.length + digits[0].length;
        out.push({ text: text + digits[0], start, end, script: 'latin', stop: true });
        token.lastIndex = end;
        continue;
      }
      this.latin(text, start, cased, useCase, out);
    }
    // A keyword of code that is an English stop word names the keyword ("is 和 == 的区别", "`is` vs `==`")
    // when it stands alone in Chinese text (Chinese on one side, Chinese, nothing or punctuation on the
    // other: "for 循环", "with 语句"), or when it is compared with an operator ("is and ==", "&& vs and").
    // Elsewhere in English text it stays a stop word. Only texts with Chinese or an operator are looked at.
    const han = cuts !== undefined;
    const operator = out.some(t => t.script === 'op');
    if ((han || operator) && this.codeKeywords.size > 0) {
      for (let k = 0; k < out.length; k++) {
        const t = out[k]!;
        if (!t.stop || t.script !== 'latin' || t.part || !this.codeKeywords.has(t.text)) continue;
        if ((han && aloneInChinese(normalized, t)) || (operator && comparedWithOperator(out, k))) out[k] = { ...t, stop: false };
      }
    }
    return out;
  }

  /** Terms of one letter run: snake_case and camelCase compounds give the whole and, as parts, their words. */
  private latin(text: string, start: number, cased: string | undefined, useCase: boolean, out: Term[]): void {
    const pieces: { text: string; at: number }[] = [];
    let offset = start;
    for (const piece of text.split('_')) {
      if (piece) pieces.push({ text: piece, at: offset });
      offset += piece.length + 1;
    }
    if (pieces.length > 1) {
      out.push({ text: stem(pieces.map(p => p.text).join('')), start, end: start + text.length, script: 'latin', stop: false, joined: true });
      for (const p of pieces) this.word(p.text, p.at, p.at, p.at + p.text.length, cased, useCase, out, true);
      return;
    }
    if (pieces.length === 1) this.word(pieces[0]!.text, pieces[0]!.at, start, start + text.length, cased, useCase, out, false);
  }

  /** One word (stemmed, stop and intent words flagged) and, for camelCase, its words as parts. */
  private word(word: string, at: number, start: number, end: number, cased: string | undefined, useCase: boolean, out: Term[], piece: boolean): void {
    const stemmed = this.stemOf(word);
    let f = this.flags.get(word);
    if (f === undefined) {
      f = (this.stopEn.has(word) || this.stopEn.has(stemmed) ? 1 : 0) | (this.intent.has(word) || this.intent.has(stemmed) ? 2 : 0);
      this.flags.set(word, f);
    }
    const stop = (f & 1) === 1;
    const term: { -readonly [K in keyof Term]: Term[K] } = { text: NUMBER_WORDS.get(word) ?? stemmed, start, end, script: 'latin', stop };
    if (f & 2) term.intent = true;
    if (piece) {
      term.part = true;
      term.piece = true;
    }
    out.push(term);
    if (!useCase || stop) return;
    const original = cased!.slice(at, at + word.length);
    if (original === word) return; // no capital letter: no camelCase
    if (!CAMEL.test(original)) return;
    const words = original.split(CAMEL_SPLIT);
    if (words.length < 2 || words.some(w => w.length < 2)) return;
    for (const w of words) {
      const lower = w.toLowerCase();
      if (this.stopEn.has(lower)) continue;
      out.push({ text: this.stemOf(lower), start, end, script: 'latin', stop: false, part: true });
    }
  }

  /**
   * Words of a run of Han characters; stop words are dropped, long words also give their bigrams. A
   * word for which `resplit` holds (a question's word no note uses) is read as its dictionary words
   * when the dictionary cuts it: the segmenter guesses new words from the characters around them, so
   * a question's 表快 or 建表时 is a guess the notes, written otherwise, never made.
   */
  private han(start: number, words: readonly string[], out: Term[], resplit?: (word: string) => boolean): void {
    let at = start;
    for (const word of words) {
      const s = at;
      at += word.length;
      if (this.stopZh.has(word) || !HAN_START.test(word)) continue;
      if (resplit && word.length >= 2 && resplit(word)) {
        const pieces = this.segmenter.cutDictionary(word);
        if (pieces.length > 1) {
          this.han(s, pieces, out);
          continue;
        }
      }
      const intent = this.intent.has(word);
      out.push({ text: word, start: s, end: s + word.length, script: 'cjk', stop: false, ...(intent ? { intent } : {}) });
      if (word.length >= 3 && !intent) {
        for (let i = 0; i + 1 < word.length; i++) {
          const bigram = word.slice(i, i + 2);
          if (this.stopZh.has(bigram)) continue;
          out.push({ text: bigram, start: s + i, end: s + i + 2, script: 'cjk', stop: false, part: true });
        }
      }
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

