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

/** HTML tags that only lay text out: dropped from prose (any other tag is an element the text names). */
const LAYOUT_TAGS: ReadonlySet<string> = Object.freeze(
  new Set(['a', 'b', 'i', 'u', 's', 'em', 'strong', 'br', 'p', 'span', 'div', 'img', 'sup', 'sub', 'font', 'kbd', 'mark', 'small', 'big', 'center', 'details', 'summary', 'code', 'pre', 'hr', 'table', 'tr', 'td', 'th', 'tbody', 'thead', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'picture', 'source', 'video', 'figure', 'figcaption', 'blockquote', 'del', 'ins', 'abbr', 'cite', 'q', 'wbr', 'nobr']),
);

/**
 * Inline Markdown made readable: links to their text, images, HTML tags and footnote marks removed.
 * Code spans are kept as written: `array[i][j]` is an index, not a link reference.
 */
export function cleanInline(md: string): string {
  const spans: string[] = [];
  const held = md.replaceAll('\u0000', '').replace(/`[^`]*`/g, code => `\u0000${spans.push(code) - 1}\u0000`);
  return held
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\][]*)\]\([^()]*\)/g, '$1')
    .replace(/\[([^\][]*)\]\[[^\]]*\]/g, '$1')
    // Layout tags dropped, an element named in prose ("the <slot> element") kept as code, Markdown
    // escapes ("can\\'t") read as their character.
    .replace(/<\/?([A-Za-z][\w-]*)[^>]*>|\\([!-/:-@[-`{-~])/g, (m, tag: string | undefined, escaped: string | undefined) =>
      escaped !== undefined ? escaped : LAYOUT_TAGS.has(tag!.toLowerCase()) || m.includes(' ') || m.startsWith('</') ? '' : `\`${m}\``,
    )
    .replace(/\[\^[^\]]*\]/g, '')
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => spans[Number(i)]!)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Inline Markdown to plain text (for measuring and comparing): markup characters dropped, not parsed. */
export function plainInline(md: string): string {
  return stripMarks(cleanInline(md));
}

/** {@link plainInline} for text already through {@link cleanInline} (the sentences of {@link readProse}). */
export function stripMarks(clean: string): string {
  // "count(*)" keeps its star: a star between brackets is code, not emphasis.
  return clean.replace(/\*+(?!\))|(?<!\()\*+|`+|(?<![A-Za-z0-9])__|__(?![A-Za-z0-9])/g, '').trim();
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
      const clean = closeChineseClause(cleanInline(text));
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

/**
 * Chinese writers often end a line or a list item without 。 ("InnoDB支持事务，MyISAM不支持事务"): a
 * line of mostly Chinese text that says something (a verb, or two clauses) and has enough characters
 * is a sentence, and gets its 。. A label ("读未提交（Read Uncommitted）", "覆盖索引"), a lead-in
 * ("…如下：") or a line that ends in a comma is not.
 */
export function closeChineseClause(line: string): string {
  const text = line.trimEnd();
  if (/[.!?。！？：:，,、；;]\s*(?:\*\*)?$/.test(text) || !/[\p{Script=Han}A-Za-z0-9)）`”"]\s*(?:\*\*)?$/u.test(text)) return line;
  const plain = stripMarks(text);
  const han = plain.match(HAN_ALL)?.length ?? 0;
  if (han < 12 || han * 2 < [...plain].length) return line;
  // A label with a gloss ("主键（Primary Key）") or a bold heading line is no sentence.
  if (/^\*\*[^*]+\*\*$/.test(text)) return line;
  if (!/[，,]|是|会|能|可以|不|没有|用于|用来|指|表示|通过|需要|导致|要|将|把|被|由|使|让|就|都|也|只|有/u.test(plain)) return line;
  return `${text}。`;
}

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|incl|Mr|Dr|No|Fig|al)\.|\b[A-Z]\.)$/;

/**
 * Splits a paragraph into sentences: after . ! ? (not in `code`, not after e.g./i.e., not inside
 * brackets that close later: "(content storage. It persists.)" is part of its sentence) or after 。！？.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let inCode = false;
  let depth = 0;
  // A stray "(" that never closes does not hold the rest of the paragraph together.
  const lastClose = Math.max(text.lastIndexOf(')'), text.lastIndexOf('）'));
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '`') inCode = !inCode;
    if (inCode) continue;
    if (c === '(' || c === '（') depth++;
    else if ((c === ')' || c === '）') && depth > 0) depth--;
    if (depth > 0 && i < lastClose) continue;
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

/** Balanced inline markup and brackets: an even number of backticks and of `**`, as many ")" as "(", so nothing is cut inside a span. */
export function balanced(sentence: string): boolean {
  const outsideCode = sentence.replace(/`[^`]*`/g, '');
  const count = (re: RegExp) => outsideCode.match(re)?.length ?? 0;
  return (
    (sentence.match(/`/g)?.length ?? 0) % 2 === 0 &&
    // Brackets too: a sentence cut inside "(…" or "（…" reads as broken off.
    count(/\(/g) === count(/\)/g) &&
    count(/（/g) === count(/）/g) &&
    (outsideCode.match(/\*\*/g)?.length ?? 0) % 2 === 0 &&
    (outsideCode.replace(/\*\*/g, '').match(/\*/g)?.length ?? 0) % 2 === 0 &&
    // Quotation marks as well: a stray one ("…临时磁盘文件。\"") is left over from text around the sentence.
    count(/"/g) % 2 === 0 &&
    count(/“/g) === count(/”/g) &&
    count(/「/g) === count(/」/g)
  );
}

const ZH_QUESTION = new RegExp(QUESTION_WORDS_ZH.slice().sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Generic Chinese two-character words never masked on their own. */
const GENERIC_ZH = new Set(['过程', '方法', '问题', '实现', '使用', '方式', '机制', '场景', '应用', '基本', '常见', '可以', '一个', '这个', '进行', '时候', '数据', '系统']);

/** Two-character starts and ends of title runs that are verbs or fillers, not the subject ("要使", "使用"). */
const WEAK_ZH = new Set(['使用', '需要', '要使', '可以', '能够', '一般', '一定', '怎么', '为何', '如何', '什么', '哪些', '有哪', '么样', '之间', '的话', '问题', '方案', '实现', '了解', '过吗', '熟悉', '底层', '选择', '合适', '考虑', '讲一', '一下', '说一']);

/** The words of a title that name its subject: Latin words (no question words) and Han runs (no question words). */
export interface TitleKeywords {
  readonly latin: string[];
  readonly han: string[];
  /** The Latin keywords as one expression (compiled once per title), and the Han pieces to mask. */
  readonly re?: RegExp;
  readonly pieces?: readonly string[];
  /** Acronyms of the title, lower case, whose spelled-out words are masked too. */
  readonly acronyms?: ReadonlySet<string>;
  /** The title's Latin words in order, as written: a phrase of it is masked whole ("GROUP BY"). */
  readonly sequence?: readonly string[];
  /** Joining words the title writes as names in capitals ("WITH", "WHEN"), matched in capitals only. */
  readonly caps?: RegExp;
}

/**
 * The stem of a Latin word, for "another form of the same word" (resize/resized, debounce/debouncing,
 * handler/handling, outer/outermost): one common suffix off, never below four letters.
 */
export function stem(word: string): string {
  const w = word.toLowerCase();
  const m = /^(.{4,}?)(?:ations?|ings?|ers?|ed|es|s|e|ions?|ments?|most|ness|ly|ity|ive|al)$/.exec(w);
  return m ? m[1]! : w;
}

/** Latin words that are parts of API names but say nothing alone (the "use" of useReducer). */
const WEAK_PARTS = new Set(['use', 'get', 'set', 'has', 'is', 'on', 'to', 'new', 'make', 'with', 'from', 'this', 'that', 'react', 'js', 'io', 'api']);

/** The parts of a dotted or camelCase name ("useReducer" → reducer, "Socket.io" → socket, "createElement" → create, element). */
export function nameParts(word: string): string[] {
  // Most words are one part: no capital after the first letter, no separator (checked without regexes' cost).
  if (!/[A-Z._\-/()\s]/.test(word.slice(1))) return [];
  const parts = word
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s._\-/()]+/)
    .map(p => p.toLowerCase())
    .filter(p => p.length >= 4 && /^[a-z]+$/.test(p) && !WEAK_PARTS.has(p) && !QUESTION_WORDS_EN.has(p));
  return parts.length > 1 || (parts.length === 1 && parts[0] !== word.toLowerCase()) ? parts : [];
}

/** The acronym spelled by a run of capitalised words ("Domain Name System" → dns), or undefined. */
/** The longest run of consecutive words that pass `test` (the first such run on a tie). */
function longestRun(words: readonly string[], test: (w: string) => boolean): string[] {
  let best: string[] = [];
  let run: string[] = [];
  for (const w of words) {
    if (test(w)) run.push(w);
    else run = [];
    if (run.length > best.length) best = [...run];
  }
  return best;
}

function initials(words: readonly string[]): string {
  return words.map(w => w[0]!.toLowerCase()).join('');
}

/**
 * Spans of `text` that spell out one of the acronyms (lower case) as capitalised words
 * ("JavaScript XML" for jsx, "JSON Web Token" for jwt, "Cross-Site Scripting" for xss is not found:
 * X is no initial). Returns [start, end) pairs.
 */
export function acronymSpans(text: string, acronyms: ReadonlySet<string>): [number, number][] {
  if (acronyms.size === 0) return [];
  const out: [number, number][] = [];
  // Spelled out in lower case ("a command line interface" for CLI): exactly its words, three or more.
  for (const a of acronyms) {
    if (a.length < 3 || !/^[a-z]+$/.test(a)) continue;
    const re = new RegExp(`(?<![A-Za-z])${[...a].map(c => `${c}[a-z]+`).join('[\\s-]')}(?![A-Za-z])`, 'g');
    for (const m of text.matchAll(re)) out.push([m.index!, m.index! + m[0].length]);
  }
  if (out.length > 0) return out.sort((x, y) => x[0] - y[0]);
  const words = [...text.matchAll(/[A-Z][A-Za-z]*/g)];
  for (let i = 0; i < words.length; i++) {
    for (let n = 2; n <= 6 && i + n <= words.length; n++) {
      const run = words.slice(i, i + n);
      // Consecutive: only spaces or hyphens between the words.
      let joined = true;
      for (let k = 1; k < run.length; k++) {
        const gap = text.slice(run[k - 1]!.index! + run[k - 1]![0].length, run[k]!.index!);
        if (!/^[\s-]{1,2}$/.test(gap)) joined = false;
      }
      if (!joined) break;
      const letters = initials(run.map(m => m[0]));
      // "JavaScript XML": a word's inner capitals count too (J + S of JavaScript, X M L of XML).
      const inner = run.map(m => (m[0].length <= 5 && /^[A-Z]+$/.test(m[0]) ? m[0] : m[0].replace(/[a-z]+/g, ''))).join('').toLowerCase();
      if (acronyms.has(letters) || acronyms.has(inner)) {
        out.push([run[0]!.index!, run.at(-1)!.index! + run.at(-1)![0].length]);
        i += n - 1;
        break;
      }
    }
  }
  return out;
}

/** First words of a title that asks rather than names. */
const ASKING = /^(?:what|whats|why|how|when|where|which|who|is|are|do|does|can|should|explain|describe|compare)$/i;

/**
 * The words of a title to mask in a prompt. `whole` is the title before words common to the notes
 * were taken out: the acronym its spelled-out name makes ("Common Table Expression" → CTE) comes
 * from it, a common word ("Table") being part of the name.
 */
export function titleKeywords(title: string, whole: string = title): TitleKeywords {
  const plain = plainInline(title).normalize('NFKC');
  const raw = plain.match(/[A-Za-z0-9_][A-Za-z0-9_+#.-]*[A-Za-z0-9_+#]|[A-Za-z]/g) ?? [];
  const wholeRaw = whole === title ? raw : (plainInline(whole).normalize('NFKC').match(/[A-Za-z0-9_][A-Za-z0-9_+#.-]*[A-Za-z0-9_+#]|[A-Za-z]/g) ?? []);
  const latinWords = raw.map(w => w.toLowerCase()).filter(w => /[a-z]/.test(w) && w.length >= 2 && !QUESTION_WORDS_EN.has(w));
  // Acronyms of the title ("JSX") and the acronym of its spelled-out words ("Document Object Model" → dom).
  const acronyms = new Set(raw.filter(w => /^[A-Z][A-Z0-9]{1,5}s?$/.test(w)).map(w => w.replace(/s$/, '').toLowerCase()));
  // Capitalised words of a name, one after the other ("Common Table Expression"; not "Injection … Server").
  const capital = longestRun(wholeRaw, w => /^[A-Z][a-z]/.test(w) && !JOINING.has(w.toLowerCase()) && !ASKING.test(w));
  // A title that is a name spelled out in lower case ("Domain name system", "Content delivery network"):
  // its acronym (three letters or more) names it in the text ("DNS is hierarchical…").
  const named = raw.length >= 3 && raw.length <= 4 && raw.every(w => /^[A-Za-z][a-z]+$/.test(w)) && !ASKING.test(raw[0]!);
  const spelledOut = capital.length >= 2 && capital.length <= 6 ? initials(capital) : named ? initials(raw) : '';
  // An acronym that is an everyday word ("is", "as") would mask that word all over the text.
  const spelled = JOINING.has(spelledOut) ? '' : spelledOut;
  const latin = [
    ...new Set([
      ...latinWords,
      ...raw.flatMap(nameParts),
      // "React.js", "Socket.io", "Vue.js": the name without its suffix; "VueJS", "NodeJS": written with a dot too.
      ...raw.filter(w => /^[A-Za-z][A-Za-z0-9]{2,}\.(?:js|io|ts|net)$/i.test(w)).map(w => w.replace(/\.[a-z]+$/i, '').toLowerCase()),
      ...raw.filter(w => /^[A-Z][a-z]{1,}JS$/.test(w)).flatMap(w => [`${w.slice(0, -2).toLowerCase()}.js`, w.slice(0, -2).toLowerCase()]),
      ...(spelled.length >= 2 ? [spelled] : []),
    ]),
  ];
  const han = [
    ...new Set(
      (plain.replace(ZH_QUESTION, ' ').match(/\p{Script=Han}{2,}/gu) ?? []).filter(w => !GENERIC_ZH.has(w)),
    ),
  ];
  // Every form of a word (resized for resize, Debouncing for debounce): its stem and any ending.
  const forms = latin.map(w => {
    const st = stem(w);
    // Five letters or more: any ending ("outer" → outermost); shorter words only their plural.
    if (/^[a-z]+$/.test(w) && st.length >= 4 && (st !== w || w.length >= 5)) return `${escapeRegExp(st)}[a-z]*`;
    // A short capitalised abbreviation of the title ("DEV") masks the word it shortens ("Developer").
    if (/^[a-z]{3,4}$/.test(w) && raw.some(r => r === w.toUpperCase())) return `${escapeRegExp(w)}[a-z]*`;
    return `${escapeRegExp(w)}(?:e?s)?`;
  });
  const sorted = forms.sort((a, b) => b.length - a.length);
  // Latin neighbours only: "Go和Java" masks Go (Han characters next to it are another word).
  const re = sorted.length > 0 ? new RegExp(`(?<![A-Za-z0-9_])(?:${sorted.join('|')})(?![A-Za-z0-9_+#])`, 'gi') : undefined;
  // A joining word written as a name in a title not all in capitals ("WITH", "CASE WHEN"): masked
  // where the text writes it in capitals too, never as the everyday word.
  const capsWords = /[a-z]/.test(plain) || !ASKING.test(raw[0] ?? '') ? [...new Set(raw.filter(w => /^[A-Z]{2,}$/.test(w) && QUESTION_WORDS_EN.has(w.toLowerCase())))] : [];
  const caps = capsWords.length > 0 ? new RegExp(`(?<![A-Za-z0-9_])(?:${capsWords.join('|')})(?![A-Za-z0-9_])`, 'g') : undefined;
  return { latin, han, acronyms, ...(re ? { re } : {}), ...(caps ? { caps } : {}), pieces: hanPieces(han), sequence: raw };
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
    // The head and the end of a longer keyword ("视图" of "要使用视图", "乐观" of "乐观锁"): a title's noun
    // often stands alone in the text, and its first word is the answer's stem.
    if (chars.length >= 3) {
      for (const two of [chars.slice(0, 2).join(''), chars.slice(-2).join('')]) if (!GENERIC_ZH.has(two) && !WEAK_ZH.has(two)) out.add(two);
    }
  }
  return [...out].sort((a, b) => [...b].length - [...a].length);
}

/** The mark of a masked word or a blank: full-width low lines, which no chat platform reads as Markdown. */
export const BLANK = '＿＿＿';

/**
 * Masks the words of `title` in `text` with {@link BLANK}: Latin words whole (with a plural s), Han
 * keywords and their parts. Returns the text, how many spans were masked and how many different words.
 */
export function maskTitle(text: string, keywords: TitleKeywords): { text: string; masked: number; distinct: number } {
  let masked = 0;
  let out = text;
  // The words masked, one key per word (a Latin stem, a Han keyword's first two characters).
  const hidden = new Set<string>();
  const kw = keywords.pieces === undefined ? titleKeywords([...keywords.latin, ...keywords.han].join(' ')) : keywords;
  // The spelled-out form of an acronym of the title ("JavaScript XML" next to a masked JSX).
  for (const [start, end] of acronymSpans(out, kw.acronyms ?? new Set()).reverse()) {
    hidden.add(`acronym:${out.slice(start, end)}`);
    out = `${out.slice(0, start)}\u0000${out.slice(end)}`;
    masked++;
  }
  for (const re of [kw.re, kw.caps]) {
    if (!re) continue;
    out = out.replace(re, (m: string) => {
      hidden.add(stem(m));
      masked++;
      return '\u0000';
    });
  }
  const whole = new Set(kw.han);
  for (const piece of kw.pieces ?? []) {
    if (!out.includes(piece)) continue;
    if (whole.has(piece) && [...piece].length > 2) {
      const parts = out.split(piece);
      masked += parts.length - 1;
      hidden.add([...piece].slice(0, 2).join(''));
      out = parts.join('\u0000');
      continue;
    }
    // A part of a keyword is masked only where it is a word of its own: "合索引" of 复合索引 is not
    // masked inside "组合索引" (that would leave "组＿＿＿").
    let from = 0;
    let result = '';
    for (let at = out.indexOf(piece); at >= 0; at = out.indexOf(piece, at + piece.length)) {
      const before = out[at - 1] ?? '';
      const after = out[at + piece.length] ?? '';
      // Checked on the side where the piece was cut from its keyword.
      const head = kw.han.some(k => k.startsWith(piece));
      const tail = kw.han.some(k => k.endsWith(piece));
      // A two-character piece ("文件" in "文件系统") is checked on both sides.
      const short = [...piece].length <= 2;
      const glued = ((!head || short) && /\p{Script=Han}/u.test(before) && !/[的是和与或在为了将把被对用从到成于以由即叫称个种这那]/u.test(before)) ||
        ((!tail || short) && short && /\p{Script=Han}/u.test(after) && !/[的是和与或在为了将把被中上下来去也都就会能可时后前等]/u.test(after) &&
          // A whole title keyword ("游标", "视图") before a verb or adverb ("游标提供了…", "视图由…组成") is a word of its own.
          !(whole.has(piece) && /^(?:提供|由|用于|用来|通过|实际|本质|包含|指的|主要|一般|相当|具有|允许|只|还|并|不|没|使|让|负责|保存|存储|作为|属于|分为|支持)/u.test(out.slice(at + piece.length))));
      if (glued) continue;
      result += out.slice(from, at) + '\u0000';
      from = at + piece.length;
      masked++;
      hidden.add([...piece].slice(0, 2).join(''));
    }
    out = result + out.slice(from);
  }
  out = maskWholePhrases(out, kw);
  // Adjacent masks ("Go ____ ____") read as one blank.
  out = out.replace(/\u0000(?:[\s-]*\u0000)+/g, run => {
    masked -= run.split('\u0000').length - 2;
    return '\u0000';
  });
  // A gloss in brackets next to a mask ("＿＿＿（Domain Name System）", "＿＿＿ (简称：事务)") says
  // what was masked: it goes with the mask.
  out = out.replace(/\u0000(\s*\*\*)?\s*[（(][^（）()]{1,60}[）)]/g, (_m, bold: string | undefined) => `\u0000${bold?.trim() ?? ''}`);
  // …also after the rest of the term ("＿＿＿原理（Locality Principle）"): an English gloss names the whole.
  out = out.replace(/\u0000(\p{Script=Han}{1,4})\s*[（(][A-Za-z][^（）()]{0,60}[）)]/gu, '\u0000$1');
  // "＿＿＿()": the brackets would say "a function" where only one option names one.
  out = out.replace(/\u0000\(\)/g, '\u0000');
  // "An ＿＿＿" would say the hidden word starts with a vowel: "A(n) ＿＿＿".
  out = out.replace(/(?<![A-Za-z])([Aa])n (?=(?:\*\*|`)*\u0000)/g, '$1(n) ');
  return { text: out.replace(/\u0000/g, BLANK), masked, distinct: hidden.size };
}

/** Words that join any phrase: beside a mask they are part of the title's phrase only when written as a name ("GROUP BY", "IS NULL"). */
const JOINING: ReadonlySet<string> = Object.freeze(new Set(['is', 'are', 'a', 'an', 'the', 'of', 'in', 'on', 'to', 'and', 'or', 'for', 'with', 'by', 'as', 'at', 'not', 'what', 'how', 'why', 'when', 'which', 'do', 'does', 'can', 'vs', 'it', 'this', 'that']));

/**
 * A word left beside a mask that stands beside a masked word in the title too is part of the masked
 * phrase ("＿＿＿ BY" of GROUP BY, "primary ＿＿＿" of Primary Key, "＿＿＿-way" of one way): it goes
 * into the mask, or it names the answer. Masks are `\u0000` here.
 */
function maskWholePhrases(text: string, kw: TitleKeywords): string {
  const seq = kw.sequence ?? [];
  if (seq.length < 2 || !text.includes('\u0000')) return text;
  const keyStems = new Set(kw.latin.map(stem));
  const isKey = (w: string) => keyStems.has(stem(w)) || keyStems.has(w.toLowerCase());
  // "boundary" beside "boundaries": one word (stem() keeps the y/ie apart).
  const one = (w: string) => stem(w.toLowerCase().replace(/ies$/, 'y'));
  const beside = (w: string, after: boolean): boolean => {
    const st = one(w);
    const lower = w.toLowerCase();
    if (JOINING.has(lower) && !(w.length > 1 && w === w.toUpperCase() && seq.includes(w))) return false;
    for (let i = 0; i + 1 < seq.length; i++) {
      const [left, right] = after ? [seq[i]!, seq[i + 1]!] : [seq[i + 1]!, seq[i]!];
      if (isKey(left) && (one(right) === st || right.toLowerCase() === lower)) return true;
    }
    return false;
  };
  let out = text;
  for (let round = 0; round < 3; round++) {
    const next = out
      .replace(/\u0000([\s-]+)([A-Za-z][A-Za-z0-9_]*)(?![A-Za-z0-9_])/g, (m, _sp: string, w: string) => (beside(w, true) ? '\u0000' : m))
      .replace(/(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*)([\s-]+)\u0000/g, (m, w: string) => (beside(w, false) ? '\u0000' : m));
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * A masked excerpt that still gives away or loses what was masked: a mask inside brackets after
 * its spelled-out form ("Cross-Site Scripting (＿＿＿)"), a Latin phrase glossing it
 * ("Translation Lookaside Buffer，＿＿＿"), a word cut by the mask ("整＿＿＿", "＿＿＿master"), a
 * version number left beside it ("＿＿＿/2", "＿＿＿ 6"), two masks a word apart (the clause between
 * them is lost), or empty code.
 */
export function maskLeaks(masked: string): boolean {
  if (/``/.test(masked)) return true;
  if (!masked.includes(BLANK)) return false;
  const b = escapeRegExp(BLANK);
  return new RegExp(
    [
      `[（(]\\s*${b}\\s*[）)]`, // the mask is the gloss of the words before it
      `${b}\\s*\\p{Script=Han}{2,10}(?:系统|协议|地址|技术|机制|模型|算法|语言|服务|控制|通信|调用|管理)\\s*(?:[，,（(]|是)`, // "＿＿＿域名管理系统，是…": the expansion of a masked abbreviation beside it
      `${b}[-\\s]*(?:\\*\\*)?(?:[-\\s]*[A-Za-z]+){0,3}(?:\\*\\*)?\\s*[（(][A-Z][A-Z0-9]{1,5}s?[）)]`, // "＿＿＿-side rendering (SSR)": the acronym spells the masked word
      `[A-Z][a-z]+(?:[\\s-][A-Z][a-z]*)+\\s*[，,：:]\\s*${b}`, // an English name right before it
      `${b}[A-Za-z]`, // "＿＿＿master": the rest of a word
      `[A-Za-z]-${b}|${b}-[a-z]+\\.[a-z]`, // "docker-＿＿＿", "＿＿＿-compose.yml": a part of a hyphenated name
      `(?:^|[.!?:]\\s+)(?:\\*\\*)?(?:${b}\\s+(?:it|them|this|that|your|a|an|the)\\b|To\\s+${b})`, // "＿＿＿ it as a controlled…", "To ＿＿＿ manually": a masked verb is a riddle
      `[A-Za-z]${b}`,
      `${b}\\s*[/.]?\\d`, // "＿＿＿/2", "＿＿＿ 6"
      `\\d\\s*${b}`, // "第 2 ＿＿＿"
      `(?:^|[\\s，。、；：,;:（(“"])\\p{Script=Han}${b}`, // "整＿＿＿": one character left of a word
      `${b}\\s*[^\\s＿]{0,2}\\s*${b}`, // "＿＿＿是＿＿＿，需要逐个比较": two masks a word apart leave "X is Y" of a lost clause
    ].join('|'),
    'u',
  ).test(masked);
}

/**
 * Comparable words of a text for "does the right option share a word with the prompt that no wrong
 * option has": Latin words by stem (no question words), Han character pairs (no question words).
 */
export function stemTokens(text: string): Set<string> {
  const plain = plainInline(text).normalize('NFKC').replaceAll(BLANK, ' ');
  const out = new Set<string>();
  for (const w of plain.match(/[A-Za-z][A-Za-z0-9+#]*/g) ?? []) {
    for (const part of [w, ...nameParts(w)]) {
      const lower = part.toLowerCase();
      // A weak part of a name ("use" of useState) says nothing; the same word alone ("React" in an
      // excerpt that opens "**React** is the core library") can pick the one option that names it.
      if (lower.length < 2 || QUESTION_WORDS_EN.has(lower) || (WEAK_PARTS.has(lower) && (part !== w || lower.length < 4))) continue;
      out.add(stem(lower));
    }
  }
  for (const run of plain.replace(ZH_QUESTION, ' ').match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  // Numbers of two digits or more ("65535", "HTTP/2" is not one): a number in both gives it away.
  for (const n of plain.match(/\d+(?:\.\d+)+|(?<![\d.])\d{2,}(?![\d.])/g) ?? []) out.add(n);
  return out;
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
