import { fencedLines } from '../../knowledge/markdown-sections.ts';
import { QUESTION_WORDS_EN, QUESTION_WORDS_ZH } from './options.ts';

/**
 * Reading the prose of a note for quiz generation: paragraphs and list items outside code blocks,
 * tables, headings and HTML, split into whole sentences (never inside a code span). Pure functions.
 */
export interface ProseBlock {
  readonly kind: 'paragraph' | 'list';
  /** Sentences as written (inline Markdown kept: `code`, **bold**), links reduced to their text. */
  readonly sentences: readonly string[];
}

export interface Prose {
  readonly blocks: readonly ProseBlock[];
  /** Characters of prose (plain text), code and tables not counted. */
  readonly chars: number;
  readonly han: number;
  /** The text had fenced or indented code. */
  readonly hasCode: boolean;
  /** Most of its lines are links: a table of contents or a reading list. */
  readonly contents: boolean;
}

const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;
const LIST = /^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+/;
const LINK_ONLY = /^\s*(?:[-*+]|\d{1,3}[.)])?\s*(?:\[[^\]]*\]\([^)]*\)|<https?:[^>]*>|https?:\/\/\S+)\s*[,;:.、，；]?\s*$/;

/** Inline Markdown made readable: links to their text, images, HTML tags and footnote marks removed. */
export function cleanInline(md: string): string {
  return md
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\][]*)\]\([^()]*\)/g, '$1')
    .replace(/\[([^\][]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/\[\^[^\]]*\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Inline Markdown to plain text (for measuring and comparing): markup characters dropped, not parsed. */
export function plainInline(md: string): string {
  return stripMarks(cleanInline(md));
}

/** {@link plainInline} for text already through {@link cleanInline} (the sentences of {@link readProse}). */
export function stripMarks(clean: string): string {
  return clean.replace(/\*+|`+|(?<![A-Za-z0-9])__|__(?![A-Za-z0-9])/g, '').trim();
}

/** Splits a note's text into prose blocks; code, tables, headings, quotes of code and HTML are left out. */
export function readProse(markdown: string): Prose {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const fenced = fencedLines(lines);
  const blocks: ProseBlock[] = [];
  let hasCode = fenced.some(Boolean);
  let chars = 0;
  let han = 0;
  let nonBlank = 0;
  let links = 0;
  let para: string[] = [];
  let items: string[] = [];
  const flushPara = () => {
    // Chinese text is not hard-wrapped: a line that ends in a Han character without punctuation is
    // a unit of its own (a heading-like line or an item), not the first half of a sentence. In
    // English, a line without end punctuation followed by one that starts with a capital letter is
    // a list without bullets ("…as it ought to be" / "Security isn't…"), not one sentence.
    const segments: string[] = [];
    let current: string[] = [];
    para.forEach((line, k) => {
      current.push(line);
      const next = para[k + 1];
      if (/\p{Script=Han}$/u.test(line) || (next !== undefined && /[A-Za-z0-9)]$/.test(line) && /^[A-Z]/.test(next))) {
        segments.push(current.join(' '));
        current = [];
      }
    });
    if (current.length > 0) segments.push(current.join(' '));
    if (segments.length > 0) push('paragraph', segments);
    para = [];
  };
  const flushList = () => {
    if (items.length > 0) push('list', items);
    items = [];
  };
  const push = (kind: ProseBlock['kind'], texts: readonly string[]) => {
    const sentences: string[] = [];
    for (const text of texts) {
      const clean = cleanInline(text);
      const plain = stripMarks(clean);
      if (!/[\p{L}]/u.test(plain)) continue;
      chars += [...plain].length;
      han += plain.match(HAN_ALL)?.length ?? 0;
      sentences.push(...splitSentences(clean));
    }
    if (sentences.length > 0) blocks.push({ kind, sentences });
  };
  let previousBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fenced[i]) {
      flushPara();
      flushList();
      previousBlank = false;
      continue;
    }
    if (line.trim() === '') {
      flushPara();
      previousBlank = true;
      continue;
    }
    nonBlank++;
    if (LINK_ONLY.test(line)) links++;
    const indented = /^(?: {4}|\t)/.test(line);
    if (indented && previousBlank && para.length === 0 && items.length === 0) {
      hasCode = true; // an indented code block
      continue;
    }
    previousBlank = false;
    const trimmed = line.trim();
    if (/^#{1,6}(\s|$)/.test(trimmed) || /^\|/.test(trimmed) || /^(?:=+|-+|\*{3,}|_{3,})$/.test(trimmed) || /^<[^>]+>\s*$/.test(trimmed)) {
      flushPara();
      flushList();
      continue;
    }
    if (/^>/.test(trimmed)) {
      // A quote is someone else's words or a remark; not used for items.
      flushPara();
      flushList();
      continue;
    }
    if (LIST.test(line)) {
      flushPara();
      if (LINK_ONLY.test(line)) continue;
      items.push(line.replace(LIST, ''));
      continue;
    }
    if (items.length > 0 && /^\s+\S/.test(line)) {
      items[items.length - 1] += ' ' + trimmed; // a list item's continuation line
      continue;
    }
    flushList();
    if (/\|.*\|/.test(trimmed) && /^[-:| ]+$/.test(lines[i + 1]?.trim() ?? '')) continue; // a table's header row
    para.push(trimmed);
  }
  flushPara();
  flushList();
  return { blocks, chars, han, hasCode, contents: nonBlank >= 3 && links / nonBlank >= 0.6 };
}

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|Mr|Dr|No|Fig|al)\.|\b[A-Z]\.)$/;

/** Splits a paragraph into sentences: after . ! ? (not in `code`, not after e.g./i.e.) or after 。！？. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '`') inCode = !inCode;
    if (inCode) continue;
    let end = -1;
    if (c === '。' || c === '！' || c === '？') end = i + 1;
    else if ((c === '.' || c === '!' || c === '?') && text[i + 1] === ' ' && /[A-Z0-9`*"'“(\p{Script=Han}]/u.test(text[i + 2] ?? '')) {
      if (c === '.' && ABBREVIATIONS.test(text.slice(Math.max(0, i - 8), i + 1))) continue;
      end = i + 1;
    }
    if (end > 0) {
      while (/[”"')）」]/.test(text[end] ?? '')) end++;
      const s = text.slice(start, end).trim();
      if (s) out.push(s);
      start = end;
    }
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** True when a sentence ends as a sentence does (not a heading-like fragment or a line ending in ":"). */
export function endsLikeSentence(sentence: string): boolean {
  const text = sentence.trim();
  // "…不同的是集合中 1." ends where a numbered list starts, not where a sentence ends.
  return /[.!?。！？](?:["”'’)）」]|\*\*)*$/.test(text) && !/(?:^|[\s\p{Script=Han}：:])\d{1,2}\.$/u.test(text);
}

/** Balanced inline markup: an even number of backticks and of `**`, so nothing is cut inside a span. */
export function balanced(sentence: string): boolean {
  const outsideCode = sentence.replace(/`[^`]*`/g, '');
  return (
    (sentence.match(/`/g)?.length ?? 0) % 2 === 0 &&
    (outsideCode.match(/\*\*/g)?.length ?? 0) % 2 === 0 &&
    (outsideCode.replace(/\*\*/g, '').match(/\*/g)?.length ?? 0) % 2 === 0
  );
}

const ZH_QUESTION = new RegExp(QUESTION_WORDS_ZH.slice().sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Generic Chinese two-character words never masked on their own. */
const GENERIC_ZH = new Set(['过程', '方法', '问题', '实现', '使用', '方式', '机制', '场景', '应用', '基本', '常见', '可以', '一个', '这个', '进行', '时候', '数据', '系统']);

/** The words of a title that name its subject: Latin words (no question words) and Han runs (no question words). */
export interface TitleKeywords {
  readonly latin: string[];
  readonly han: string[];
  /** The Latin keywords as one expression (compiled once per title), and the Han pieces to mask. */
  readonly re?: RegExp;
  readonly pieces?: readonly string[];
}

export function titleKeywords(title: string): TitleKeywords {
  const plain = plainInline(title).normalize('NFKC');
  const latin = [
    ...new Set(
      (plain.match(/[A-Za-z0-9_][A-Za-z0-9_+#.-]*[A-Za-z0-9_+#]|[A-Za-z]/g) ?? [])
        .map(w => w.toLowerCase())
        .filter(w => /[a-z]/.test(w) && w.length >= 2 && !QUESTION_WORDS_EN.has(w)),
    ),
  ];
  const han = [
    ...new Set(
      (plain.replace(ZH_QUESTION, ' ').match(/\p{Script=Han}{2,}/gu) ?? []).filter(w => !GENERIC_ZH.has(w)),
    ),
  ];
  const sorted = [...latin].sort((a, b) => b.length - a.length);
  // Latin neighbours only: "Go和Java" masks Go (Han characters next to it are another word).
  const re = sorted.length > 0 ? new RegExp(`(?<![A-Za-z0-9_])(?:${sorted.map(escapeRegExp).join('|')})(?:e?s)?(?![A-Za-z0-9_+#])`, 'gi') : undefined;
  return { latin, han, ...(re ? { re } : {}), pieces: hanPieces(han) };
}

/** The Han pieces to mask for a title's Han keyword: itself, then its parts of 2+ characters (longest first). */
function hanPieces(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) {
    const chars = [...w];
    out.add(w);
    // Parts of a longer keyword ("三次握手" of "三次握手过程"): three characters or more, so that a
    // common two-character word inside it ("类型" of "值类型变量") is not masked all over the text.
    if (chars.length > 8) continue;
    for (let len = chars.length - 1; len >= 3; len--) {
      for (let i = 0; i + len <= chars.length; i++) out.add(chars.slice(i, i + len).join(''));
    }
  }
  return [...out].sort((a, b) => [...b].length - [...a].length);
}

/** The mark of a masked word or a blank: full-width low lines, which no chat platform reads as Markdown. */
export const BLANK = '＿＿＿';

/**
 * Masks the words of `title` in `text` with {@link BLANK}: Latin words whole (with a plural s), Han
 * keywords and their parts. Returns the text and how many spans were masked.
 */
export function maskTitle(text: string, keywords: TitleKeywords): { text: string; masked: number } {
  let masked = 0;
  let out = text;
  const kw = keywords.pieces === undefined ? titleKeywords([...keywords.latin, ...keywords.han].join(' ')) : keywords;
  if (kw.re) {
    out = out.replace(kw.re, () => {
      masked++;
      return '\u0000';
    });
  }
  for (const piece of kw.pieces ?? []) {
    if (!out.includes(piece)) continue;
    const parts = out.split(piece);
    masked += parts.length - 1;
    out = parts.join('\u0000');
  }
  // Adjacent masks ("Go ____ ____") read as one blank.
  out = out.replace(/\u0000(?:[\s-]*\u0000)+/g, run => {
    masked -= run.split('\u0000').length - 2;
    return '\u0000';
  }).replace(/\u0000/g, BLANK);
  return { text: out, masked };
}

/** How many words a text has: Latin words plus Han characters halved (two characters make a word). */
export function wordCount(text: string): number {
  const plain = stripMarks(text); // sentences here are already through cleanInline
  return (plain.match(/[A-Za-z0-9]+/g)?.length ?? 0) + Math.ceil((plain.match(HAN_ALL)?.length ?? 0) / 2);
}

/** Comparable tokens of a text: Latin words (no question words) and Han character pairs. */
export function tokens(text: string): Set<string> {
  const plain = plainInline(text).normalize('NFKC').toLowerCase();
  const out = new Set<string>();
  for (const w of plain.match(/[a-z0-9][a-z0-9+#]*/g) ?? []) if (!QUESTION_WORDS_EN.has(w)) out.add(w);
  for (const run of plain.replace(ZH_QUESTION, ' ').match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run];
    if (chars.length === 1) out.add(run);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/** Text normalised for whole-word look-ups: NFKC, lower case, everything but letters, digits, _ + # as one space, padded. */
export function probeText(text: string): string {
  const lower = text.normalize('NFKC').toLowerCase();
  // "另一个goroutine": a Latin word next to Han characters stands on its own.
  const spaced = /\p{Script=Han}/u.test(lower) ? lower.replace(/\p{Script=Han}+/gu, ' $& ') : lower;
  return ` ${spaced.replace(/[^\p{L}\p{N}_+#]+/gu, ' ').trim()} `;
}

/**
 * Whether a probe text (from {@link probeText}) contains `term` as whole words (Latin, a plural s
 * allowed) or as a substring (Han), ignoring case and width. No regular expression: it runs for
 * every distractor candidate.
 */
export function probeHas(probe: string, term: string): boolean {
  return probeHasNormalized(probe, probeText(term).trim());
}

/** {@link probeHas} for a term already normalised by `probeText(term).trim()` (the hot path). */
export function probeHasNormalized(probe: string, t: string): boolean {
  if (t === '') return false;
  if (HAN.test(t)) return probe.includes(t) || probe.includes(t.replace(/ /g, ''));
  return probe.includes(` ${t} `) || probe.includes(` ${t}s `) || probe.includes(` ${t}es `);
}

/** Whether `text` contains `term` as a whole word (Latin) or as a substring (Han), ignoring case and width. */
export function containsTerm(text: string, term: string): boolean {
  return probeHas(probeText(text), term);
}
