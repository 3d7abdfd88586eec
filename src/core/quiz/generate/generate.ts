import { createHash } from 'node:crypto';
import type { ChoiceItem, Entry, GeneratedInfo, NoQuizReason, QuizCoverage, QuizItem, ShortItem } from '../../knowledge/entry.ts';
import { entryTopics } from '../../knowledge/topics.ts';
import { pick, type Lang, type Localized } from '../../language.ts';
import { t } from '../../messages.ts';
import { CHOICE_LETTERS } from '../../reply/actions.ts';
import { GENERATE_OPTIONS, NON_QUESTION_TITLES, QUESTION_WORDS_EN, type GenerateOptions } from './options.ts';
import {
  balanced,
  BLANK,
  endsLikeSentence,
  jaccard,
  maskTitle,
  plainInline,
  stripMarks,
  probeHas,
  probeHasNormalized,
  probeText,
  readProse,
  titleKeywords,
  tokens,
  wordCount,
  type Prose,
} from './text.ts';
import type { TermLookup } from './terms.ts';

/**
 * Quiz items generated from the notes themselves, at load, for every entry without hand-written
 * ones. Deterministic: no random source, only a hash of the entry's id and content, so the same
 * notes give the same items (ids included) after every restart.
 *
 * Kinds (each a normal quiz item, checked and rendered like a hand-written one):
 * - which-question: an excerpt of the answer (whole sentences, the title's words masked) and four
 *   titles, three from other entries close by (same file, folder or topic);
 * - which-answer: the title and four one-sentence summaries (each with its own title's words masked);
 * - fill-term: a sentence with one key term (**bold**, `code` or a glossary term) blanked, typed;
 *   accepted: the term and its glossary synonyms in both languages.
 *
 * Cost: linear in the entries (distractors come from bounded scans of the entry's file, folder and
 * topic groups, never from comparing every pair).
 */
export interface GenerateDeps {
  readonly terms: TermLookup;
  readonly options?: Partial<GenerateOptions>;
}

export interface GenerateResult {
  readonly entries: Entry[];
  readonly coverage: QuizCoverage;
  /** Why each entry without items has none (by id). */
  readonly reasons: ReadonlyMap<string, NoQuizReason>;
}

interface Prep {
  readonly entry: Entry;
  readonly index: number;
  readonly langs: readonly Lang[];
  readonly prose: Partial<Record<Lang, Prose>>;
  readonly reason?: NoQuizReason;
  /** Can be the subject of an item and a distractor of another. */
  readonly subject: boolean;
  readonly titleTokens: Set<string>;
  /** Latin title words of 4+ letters (for "a word inside another"). */
  readonly titleLong: readonly string[];
  readonly keywords: Partial<Record<Lang, { latin: string[]; han: string[] }>>;
  /** The keywords normalised for look-ups in probes. */
  readonly keyTerms: Partial<Record<Lang, string[]>>;
  /** The title per language, normalised for equality. */
  readonly titleNorm: Partial<Record<Lang, string>>;
  /** The title per language as plain text (an option's text). */
  readonly titlePlain: Partial<Record<Lang, string>>;
  readonly excerpt: Partial<Record<Lang, string>>;
  readonly excerptProbe: Partial<Record<Lang, string>>;
  readonly summary: Partial<Record<Lang, string>>;
  readonly summaryProbe: Partial<Record<Lang, string>>;
  readonly summaryTokens: Partial<Record<Lang, Set<string>>>;
  readonly ancestors: ReadonlySet<number>;
  readonly folder: string;
  readonly hash: number;
  /** The title asks a question ("What is…?", "…的区别") rather than names a subject. */
  readonly asks: boolean;
}

/** The entries with generated items added where there are no hand-written ones, and the coverage. */
export function generateQuizzes(entries: readonly Entry[], deps: GenerateDeps): GenerateResult {
  const options: GenerateOptions = Object.freeze({ ...GENERATE_OPTIONS, ...deps.options });
  const preps = prepare(entries, options);
  const groups = groupsOf(preps);
  const reasons = new Map<string, NoQuizReason>();
  const items: Record<GeneratedInfo['kind'], number> = { 'which-question': 0, 'which-answer': 0, 'fill-term': 0 };
  const without: Record<NoQuizReason, number> = {
    'turned-off': 0, 'no-text': 0, 'too-short': 0, contents: 0, 'code-only': 0, 'not-a-question': 0, 'no-sound-item': 0,
  };
  let handWritten = 0;
  let generated = 0;
  const out = preps.map(p => {
    const e = p.entry;
    if (e.quiz.length > 0) {
      handWritten++;
      return e;
    }
    let quiz: QuizItem[] = [];
    if (p.subject) {
      // Choice kinds need an excerpt or a summary; without either, no distractor search at all.
      const choices = p.langs.some(l => p.excerpt[l] !== undefined || p.summary[l] !== undefined);
      const candidates = choices ? candidatesOf(p, groups, preps, options) : [];
      quiz = [
        whichQuestion(p, candidates, options),
        whichAnswer(p, candidates, options),
        fillTerm(p, deps.terms, options),
      ].filter((i): i is QuizItem => i !== undefined);
    }
    if (quiz.length === 0) {
      const reason = p.reason ?? 'no-sound-item';
      reasons.set(e.id, reason);
      without[reason]++;
      return e;
    }
    generated++;
    for (const item of quiz) items[item.generated!.kind]++;
    return { ...e, quiz };
  });
  return { entries: out, coverage: { handWritten, generated, items, without }, reasons };
}

// --- preparation ---

function textOf(entry: Entry, lang: Lang): string {
  // A plain note's own text (its sub-sections are entries of their own); a rich note's body.
  if (entry.ownText !== undefined) return entry.ownText;
  return entry.body[lang] ?? '';
}

/** FNV-1a: the seed of an entry's choices (which distractors, where the right option goes). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Items use the first blocks of a text only: a long entry is read up to this many characters (at a line end). */
const HEAD_CHARS = 4000;

function headOf(text: string): string {
  if (text.length <= HEAD_CHARS) return text;
  const cut = text.lastIndexOf('\n', HEAD_CHARS);
  return text.slice(0, cut > 0 ? cut : HEAD_CHARS);
}

/** Headings that number the parts of an answer ("示例一", "Step 2", "方法3"), not questions. */
const EXAMPLE_TITLE = /^(?:(?:示例|例子|举例|例|案例|场景|步骤|方法|方式|情况|example|case|step|scenario|method|option|way)\s*[\d一二三四五六七八九十]+$|(?:区别|原因|优点|缺点|特点|方法|方式|步骤|场景)\s*[\d一二三四五六七八九十]+\s*[:：])/i;

function prepare(entries: readonly Entry[], options: GenerateOptions): Prep[] {
  // Ancestors of plain-note headings, file by file (entries of a file come together, in order).
  const ancestorsOf: Set<number>[] = entries.map(() => new Set<number>());
  const hasChildren: boolean[] = entries.map(() => false);
  let stack: number[] = [];
  let file = '';
  entries.forEach((e, i) => {
    if (e.source.file !== file) {
      file = e.source.file;
      stack = [];
    }
    if (e.source.level === 0) return;
    while (stack.length > 0 && entries[stack.at(-1)!]!.source.level >= e.source.level) stack.pop();
    for (const a of stack) ancestorsOf[i]!.add(a);
    if (stack.length > 0) hasChildren[stack.at(-1)!] = true;
    stack.push(i);
  });
  return entries.map((entry, index): Prep => {
    const langs = (Object.keys(entry.body) as Lang[]).filter(l => (entry.body[l] ?? '').trim() !== '');
    const prose: Partial<Record<Lang, Prose>> = {};
    const keywords: Prep['keywords'] = {};
    const keyTerms: Prep['keyTerms'] = {};
    const titleNorm: Prep['titleNorm'] = {};
    const titlePlain: Prep['titlePlain'] = {};
    const excerpt: Partial<Record<Lang, string>> = {};
    const excerptProbe: Partial<Record<Lang, string>> = {};
    const summary: Partial<Record<Lang, string>> = {};
    const summaryProbe: Partial<Record<Lang, string>> = {};
    const summaryTokens: Partial<Record<Lang, Set<string>>> = {};
    let reason: NoQuizReason | undefined;
    const title = pick(entry.title, langs[0] ?? 'en');
    const plainTitle = plainInline(title).toLowerCase().replace(/[.。?？!！]+$/, '').trim();
    const bareTitle = plainTitle.replace(/[:：]+$/, '');
    if (entry.autoquiz === false) reason = 'turned-off';
    else if (
      NON_QUESTION_TITLES.has(bareTitle) ||
      [...plainTitle].length > options.maxTitleChars ||
      !/\p{L}/u.test(plainTitle) ||
      /^[\w.-]+\.[a-z]{1,4}$/i.test(plainTitle) || // a file name (main.go), not a question
      /[:：]$/.test(plainTitle) || // "查询语句：", a lead-in to a list, not a question
      EXAMPLE_TITLE.test(bareTitle) // "示例一", "Step 2": a part of an answer
    )
      reason = 'not-a-question';
    if (langs.length === 0 && reason === undefined) reason = 'no-text';
    const zhOf: Partial<Record<Lang, boolean>> = {};
    for (const lang of langs) {
      if (reason !== undefined) break; // no item, and no distractor either: nothing more to read
      const text = headOf(textOf(entry, lang));
      const p = readProse(text);
      prose[lang] = p;
      const zhText = p.han * 2 > p.chars;
      zhOf[lang] = zhText;
      if (text.trim() === '') reason = 'no-text';
      else if (p.contents) reason = 'contents';
      else if (p.chars === 0 && p.hasCode) reason = 'code-only';
      else if (p.chars < (zhText ? options.minProseCharsZh : options.minProseChars)) reason = p.chars === 0 ? 'no-text' : 'too-short';
    }
    // A document title (an H1 with sections below it) introduces the file; it asks nothing.
    if (reason === undefined && entry.source.level === 1 && hasChildren[index]) reason = 'not-a-question';
    for (const lang of reason === undefined ? langs : []) {
      const p = prose[lang]!;
      const zhText = zhOf[lang]!;
      const kw = titleKeywords(pick(entry.title, lang));
      keywords[lang] = kw;
      keyTerms[lang] = [...kw.latin, ...kw.han].map(w => probeText(w).trim()).filter(Boolean);
      titlePlain[lang] = plainInline(pick(entry.title, lang));
      titleNorm[lang] = titlePlain[lang]!.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
      const ex = makeExcerpt(p, kw, options, zhText);
      if (ex !== undefined) {
        excerpt[lang] = ex.text;
        // Unmasked: a distractor whose subject the excerpt names, even among the masked words
        // (the right title's), could be the answer too ("GC的具体过程" for an excerpt on the GC).
        excerptProbe[lang] = probeText(ex.raw);
      }
      const su = makeSummary(p, kw, options, zhText);
      if (su !== undefined) {
        summary[lang] = su;
        summaryProbe[lang] = probeText(su);
        summaryTokens[lang] = tokens(su);
      }
    }
    const parts = entry.source.file.split('/');
    const titleTokens = tokens(title);
    return {
      entry,
      index,
      langs,
      prose,
      ...(reason ? { reason } : {}),
      subject: reason === undefined,
      titleTokens,
      titleLong: [...titleTokens].filter(w => w.length >= 4 && !/\p{Script=Han}/u.test(w)),
      keywords,
      keyTerms,
      titleNorm,
      titlePlain,
      excerpt,
      excerptProbe,
      summary,
      summaryProbe,
      summaryTokens,
      ancestors: ancestorsOf[index]!,
      folder: parts.slice(0, -1).join('/'),
      asks: asksQuestion(title),
      hash: hash32(`${entry.id}\n${title}`),
    };
  });
}

const ASKS = /[?？]\s*$|^(?:what|why|how|when|where|which|who|is|are|can|does|do|should|explain|describe|compare)\b|什么|为什么|如何|怎么|怎样|哪些|区别|是否|吗|呢|能否|可以/i;

function asksQuestion(title: string): boolean {
  return ASKS.test(plainInline(title).trim());
}

/** Whole sentences from the first paragraph (or list) that has enough prose, with the title's words masked. */
/** A sentence about the text rather than the subject ("回答这个问题…", "as shown below"): no excerpt or summary. */
const META = /这个问题|这道题|本题|本章|本节|本文|本篇|上文|下文|如下|以下|下面|上面|前面|后面|this question|this chapter|this article|this post|我(?:觉|们会|们来|们先|们将|们再)|谈论|讨论一下|介绍一下|\blet's\b|\bwe(?: will|'ll)\b|the above|above-mentioned|aforementioned|(?:previous|next|last) section|上一节|下一节|上图|下图|图中|as (?:shown |described |explained )?(?:above|below)|see (?:above|below)|the following|in this (?:section|article|chapter)/i;
/** A first sentence that points back at text not shown ("这是…", "This means…"). */
const POINTS_BACK = /^(?:这|那|此|该|上述|以上|如上|其|它们|然后|接着|接下来|另外|此外|同时|因此|所以|但是|而且|不过|综上|总之|(?:this|that|these|those|then|also|so|but|however|therefore|thus|hence|here|there)\b)/i;

function makeExcerpt(prose: Prose, kw: { latin: string[]; han: string[] }, options: GenerateOptions, zh: boolean): { text: string; raw: string } | undefined {
  const min = zh ? options.minExcerptCharsZh : options.minExcerptChars;
  for (const block of prose.blocks.slice(0, 3)) {
    const sentences = block.sentences.filter(s => balanced(s));
    if (sentences.length === 0) continue;
    if (POINTS_BACK.test(stripMarks(sentences[0]!)) || sentences.some(s => META.test(s))) continue;
    let text = '';
    for (const s of sentences) {
      // Whole sentences only: a unit without an end ("…as it ought to be") is a line of a list.
      if (!endsLikeSentence(s)) break;
      const next = text === '' ? s : `${text}${/\p{Script=Han}$/u.test(text) ? '' : ' '}${s}`;
      if ([...stripMarks(next)].length > options.maxExcerptChars) break;
      text = next;
      if ([...stripMarks(text)].length >= min && endsLikeSentence(text)) break;
    }
    if (text === '' || [...stripMarks(text)].length < min || !endsLikeSentence(text)) continue;
    if (block.kind === 'list' && sentences.length > 1 && text === sentences[0]) continue;
    const masked = maskTitle(text, kw);
    const words = wordCount(text);
    if (masked.masked / Math.max(1, words) > options.maxMaskedShare || masked.masked > options.maxMaskedSpans) continue;
    return { text: masked.text, raw: text };
  }
  return undefined;
}

/**
 * A one-sentence summary for "which answer fits?": one of the first sentences that does not name the
 * entry's subject (no title keyword), so the right option is no giveaway and no option needs a blank
 * (a blank in a wrong option could be read as the right subject).
 */
function makeSummary(prose: Prose, kw: { latin: string[]; han: string[] }, options: GenerateOptions, zh: boolean): string | undefined {
  const min = zh ? options.minSummaryCharsZh : options.minSummaryChars;
  const first = prose.blocks.find(b => b.kind === 'paragraph') ?? prose.blocks[0];
  if (first === undefined) return undefined;
  // The first sentence or the one after it: later ones lean on what came before.
  for (const s of first.sentences.slice(0, 2)) {
    const len = [...stripMarks(s)].length;
    if (len < min || len > options.maxSummaryChars || !balanced(s) || !endsLikeSentence(s)) continue;
    if (maskTitle(s, kw).masked > 0) continue;
    // "It…", "This…", "它…", "然后…": a sentence that leans on the one before says nothing alone.
    if (POINTS_BACK.test(stripMarks(s)) || /^(?:it|they|which|and|as such)\b/i.test(stripMarks(s)) || /^它/.test(stripMarks(s)) || META.test(s)) continue;
    // An option must make sense alone: no "this", "these settings", "上述", "这些" pointing at text not shown.
    if (/\b(?:this|these|those|such|above|below)\b|这个|这些|那些|这种|这样|这里|此时|上述|该/i.test(stripMarks(s))) continue;
    if (!zh && wordCount(s) < 8) continue;
    return s;
  }
  return undefined;
}

// --- distractors ---

interface Groups {
  readonly byFile: Map<string, number[]>;
  readonly byFolder: Map<string, number[]>;
  readonly byTopic: Map<string, number[]>;
  readonly byLang: Map<string, number[]>;
}

function groupsOf(preps: readonly Prep[]): Groups {
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  const groups: Groups = { byFile: new Map(), byFolder: new Map(), byTopic: new Map(), byLang: new Map() };
  for (const p of preps) {
    if (!p.subject) continue;
    add(groups.byFile, p.entry.source.file, p.index);
    add(groups.byFolder, p.folder, p.index);
    for (const topic of entryTopics(p.entry)) add(groups.byTopic, topic, p.index);
    add(groups.byLang, p.langs.join('+'), p.index);
  }
  return groups;
}

interface Candidate {
  readonly c: Prep;
  /** From the same file, folder or topic. */
  readonly close: boolean;
}

/** How many title-valid candidates are kept per entry (the kinds pick their distractors from them). */
const CANDIDATES_KEPT = 16;

/**
 * The entries that could be distractors of `p`, nearest first (file, folder, topic, then any),
 * titles of the same shape first (questions among questions, names among names, so the odd one out
 * is no giveaway): other subject entries in the same languages, never an ancestor or descendant
 * heading, never a duplicate or near-duplicate of the right title. Computed once per entry.
 */
function candidatesOf(p: Prep, groups: Groups, preps: readonly Prep[], options: GenerateOptions): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<number>([p.index]);
  const near: [number[] | undefined, boolean][] = [
    [groups.byFile.get(p.entry.source.file), true],
    [groups.byFolder.get(p.folder), true],
    ...entryTopics(p.entry).map((topic): [number[] | undefined, boolean] => [groups.byTopic.get(topic), true]),
    [groups.byLang.get(p.langs.join('+')), false],
  ];
  const passes = [...near.map(([pool, isClose]) => [pool, isClose, true] as const), ...near.map(([pool, isClose]) => [pool, isClose, false] as const)];
  for (const [pool, isClose, sameShape] of passes) {
    if (!pool || out.length >= CANDIDATES_KEPT) continue;
    const start = p.hash % pool.length;
    const limit = Math.min(pool.length, options.maxCandidates);
    for (let k = 0; k < limit && out.length < CANDIDATES_KEPT; k++) {
      const i = pool[(start + k) % pool.length]!;
      if (seen.has(i)) continue;
      const c = preps[i]!;
      if (sameShape && c.asks !== p.asks) continue;
      seen.add(i);
      if (!p.langs.every(l => c.langs.includes(l))) continue;
      if (p.ancestors.has(i) || c.ancestors.has(p.index)) continue;
      if (sameTitle(p, c) || nearDuplicate(p, c, options)) continue;
      out.push({ c, close: isClose });
    }
  }
  return out;
}

/**
 * Three distractors for `p` from its candidates that pass `fits` (kind-specific) and are no
 * duplicates or near-duplicates of each other. Undefined when fewer than three, or fewer than
 * `minCloseDistractors` of them are close.
 */
function distractors(candidates: readonly Candidate[], options: GenerateOptions, fits: (c: Prep) => boolean): Prep[] | undefined {
  const chosen: Prep[] = [];
  let close = 0;
  for (const { c, close: isClose } of candidates) {
    if (chosen.length === 3) break;
    if (chosen.some(o => sameTitle(o, c) || nearDuplicate(o, c, options))) continue;
    if (!fits(c)) continue;
    chosen.push(c);
    if (isClose) close++;
  }
  if (chosen.length < 3 || close < options.minCloseDistractors) return undefined;
  return chosen;
}

function sameTitle(a: Prep, b: Prep): boolean {
  return a.langs.some(l => a.titleNorm[l] !== undefined && a.titleNorm[l] === b.titleNorm[l]);
}

function norm(text: string): string {
  return plainInline(text).normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Near-duplicates: many shared words, or one title's words all inside the other's, or a word inside another ("Mutex" in "RWMutex"). */
function nearDuplicate(a: Prep, b: Prep, options: GenerateOptions): boolean {
  const x = a.titleTokens;
  const y = b.titleTokens;
  if (x.size === 0 || y.size === 0) return true;
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  if (both / (x.size + y.size - both) >= options.nearDuplicate) return true;
  if (both === Math.min(x.size, y.size)) return true; // one title's words all in the other's
  for (const u of a.titleLong) for (const v of b.titleLong) if (u !== v && (u.includes(v) || v.includes(u))) return true;
  return false;
}

/** A keyword of `c`'s title appears in the probe text (so `c` might also fit). */
function mentions(probe: string | undefined, terms: readonly string[] | undefined): boolean {
  if (probe === undefined || terms === undefined) return false;
  return terms.some(w => probeHasNormalized(probe, w));
}

// --- the kinds ---

function localized(p: Prep, text: (lang: Lang) => string): Localized {
  if (p.langs.length === 1) return text(p.langs[0]!);
  const out: Partial<Record<Lang, string>> = {};
  for (const l of p.langs) out[l] = text(l);
  return out;
}

function choiceItem(p: Prep, kind: GeneratedInfo['kind'], question: Localized, right: Localized, wrong: readonly Localized[]): ChoiceItem {
  const at = p.hash % 4;
  const options = [...wrong];
  options.splice(at, 0, right);
  const id = itemId(p, kind, JSON.stringify([question, options]));
  return { type: 'choice', generated: { id, kind }, question, options, answer: CHOICE_LETTERS[at]! };
}

function itemId(p: Prep, kind: string, content: string): string {
  return `g-${createHash('sha1').update(`${p.entry.id}\n${kind}\n${content}`).digest('hex').slice(0, 12)}`;
}

function whichQuestion(p: Prep, candidates: readonly Candidate[], options: GenerateOptions): ChoiceItem | undefined {
  if (!p.langs.every(l => p.excerpt[l] !== undefined)) return undefined;
  const wrong = distractors(candidates, options, c =>
    p.langs.every(l => !mentions(p.excerptProbe[l], c.keyTerms[l]) && [...(c.titlePlain[l] ?? '')].length <= options.maxTitleChars),
  );
  if (!wrong) return undefined;
  const title = (e: Prep) => localized(p, l => e.titlePlain[l] ?? plainInline(pick(e.entry.title, l)));
  return choiceItem(
    p,
    'which-question',
    localized(p, l => t(l, 'quizgen.which-question', { excerpt: p.excerpt[l]! })),
    title(p),
    wrong.map(title),
  );
}

function whichAnswer(p: Prep, candidates: readonly Candidate[], options: GenerateOptions): ChoiceItem | undefined {
  if (!p.langs.every(l => p.summary[l] !== undefined)) return undefined;
  const wrong = distractors(candidates, options, c =>
    p.langs.every(
      l =>
        c.summary[l] !== undefined &&
        !mentions(c.summaryProbe[l], p.keyTerms[l]) &&
        jaccard(c.summaryTokens[l]!, p.summaryTokens[l]!) < options.nearDuplicate &&
        lengthRatio(c.summary[l]!, p.summary[l]!) <= options.maxSummaryRatio &&
        norm(c.summary[l]!) !== norm(p.summary[l]!),
    ),
  );
  if (!wrong) return undefined;
  // The distractors' summaries must differ from each other too.
  for (let a = 0; a < wrong.length; a++)
    for (let b = a + 1; b < wrong.length; b++)
      if (p.langs.some(l => jaccard(wrong[a]!.summaryTokens[l]!, wrong[b]!.summaryTokens[l]!) >= options.nearDuplicate)) return undefined;
  return choiceItem(
    p,
    'which-answer',
    localized(p, l => t(l, 'quizgen.which-answer', { title: plainInline(pick(p.entry.title, l)) })),
    localized(p, l => p.summary[l]!),
    wrong.map(c => localized(p, l => c.summary[l]!)),
  );
}

function lengthRatio(a: string, b: string): number {
  const x = [...stripMarks(a)].length;
  const y = [...stripMarks(b)].length;
  return Math.max(x, y) / Math.max(1, Math.min(x, y));
}

interface TermCandidate {
  readonly sentence: string;
  readonly term: string;
  /** The term as written in the sentence, markup included. */
  readonly written: string;
  readonly rank: number;
}

const FUNCTION_WORDS = new Set(['on', 'of', 'in', 'at', 'by', 'for', 'with', 'to', 'from', 'over', 'under', 'into', 'the', 'a', 'an', 'and', 'or', 'as', 'is']);

const GENERIC_TERMS = new Set([
  'true', 'false', 'null', 'none', 'nil', 'yes', 'no', 'ok', 'todo', 'note', 'example', 'data', 'value', 'values',
  'code', 'string', 'int', 'number', 'object', 'function', 'method', 'class', 'type', 'list', 'array', 'map', 'key',
  'state', 'process', 'time', 'error', 'result', 'problem', 'question', 'answer', 'important', 'note that',
  // Chinese words too general to be the one right answer of a blank ("对数据库的操作", "二叉树的数据结构").
  '数据库', '数据结构', '实现原理', '服务器', '客户端', '应用程序', '计算机', '程序员', '开发者', '操作系统', '编程语言',
]);

/** A sentence with one key term blanked; typed. One language only (the note's first). */
function fillTerm(p: Prep, terms: TermLookup, options: GenerateOptions): ShortItem | undefined {
  const lang = p.langs[0];
  if (lang === undefined || p.langs.length > 1) return undefined; // a bilingual note's sentences do not pair up
  const prose = p.prose[lang]!;
  const title = p.titlePlain[lang] ?? plainInline(pick(p.entry.title, lang));
  const candidates: TermCandidate[] = [];
  let examined = 0;
  for (const block of prose.blocks) {
    for (const sentence of block.sentences) {
      if (++examined > 16) break;
      const len = [...stripMarks(sentence)].length;
      if (len < options.minBlankSentenceChars || len > options.maxBlankSentenceChars || !balanced(sentence) || !endsLikeSentence(sentence)) continue;
      if (META.test(sentence) || POINTS_BACK.test(stripMarks(sentence))) continue; // "本章节我们介绍…", "另外注意，这个…": needs the text around it
      // A sentence that lists three or more marked terms ("`extends`, `super`, `static`") is an
      // enumeration: any of them would fit its blank.
      const marked = (sentence.match(/\*\*[^*]+\*\*|`[^`]+`/g) ?? []).length;
      if (marked <= 2) {
        for (const m of sentence.matchAll(/\*\*([^*]+)\*\*/g)) {
          // "**Data Source**: They use…" is the label of a list item, not a term the sentence defines.
          const label = m.index === 0 && /^\s*(?:[:：]|[-–—]\s)/.test(sentence.slice(m[0].length));
          if (!label) candidates.push({ sentence, term: m[1]!.trim(), written: m[0], rank: 3 });
        }
        for (const m of sentence.matchAll(/`([^`]+)`/g)) {
          // A short plain identifier (`user`, `id`, `data`) names something of the example, not a concept.
          const term = m[1]!.trim();
          // An expression (`name LIKE 'A%'`) is no name either.
          const expression = /['"%]/.test(term) || (term.match(/\s/g)?.length ?? 0) > 1;
          if (!expression && (term.length >= 5 || /[._()\-/:]|[a-z][A-Z]/.test(term))) candidates.push({ sentence, term, written: m[0], rank: 1 });
        }
      }
      for (const found of terms.find(stripMarks(sentence))) {
        // A glossary term alone is blanked only when specific: 3+ Chinese characters, or a Latin
        // term of several words ("函数", "feature", "performance" are everywhere and a blank for them
        // has many right answers; "闭包" is specific, but its length cannot tell it from "函数").
        const specific = /\p{Script=Han}/u.test(found) ? [...found].length >= 3 : /\s/.test(found);
        if (specific && sentence.replace(/`[^`]*`/g, ' ').includes(found)) candidates.push({ sentence, term: found, written: found, rank: 2 });
      }
    }
  }
  // Best rank first; within the best rank that has a sound term, up to a few are kept to pick from.
  candidates.sort((a, b) => b.rank - a.rank);
  const top: { c: TermCandidate; accept: string[] }[] = [];
  const titleProbe = probeText(title);
  const sentenceProbes = new Map<string, string>();
  for (const c of candidates) {
    if (top.length > 0 && (c.rank < top[0]!.c.rank || top.length >= 4)) break;
    if (!termShapeIsSound(c.term, options)) continue;
    const accept = acceptedAnswers(c.term, terms);
    if (termIsSound(c, accept, titleProbe, sentenceProbes)) top.push({ c, accept });
  }
  if (top.length === 0) return undefined;
  const { c, accept } = top[p.hash % top.length]!;
  const blanked = c.sentence.replace(c.written, c.written.startsWith('`') ? `\`${BLANK}\`` : c.written.startsWith('**') ? `**${BLANK}**` : BLANK);
  const question = t(lang, 'quizgen.fill-term', { title, sentence: blanked });
  const id = itemId(p, 'fill-term', JSON.stringify([question, accept]));
  return {
    type: 'short',
    generated: { id, kind: 'fill-term' },
    question,
    accept,
    explanation: c.written.startsWith('**') || c.written.startsWith('`') ? c.sentence : c.sentence.replace(c.written, `**${c.written}**`),
  };
}

function acceptedAnswers(term: string, terms: TermLookup): string[] {
  const out = [term];
  const bare = term.replace(/\(\)$/, '');
  if (bare !== term && bare !== '') out.push(bare);
  for (const s of terms.synonyms(term)) out.push(s);
  return [...new Set(out.map(s => s.trim()).filter(Boolean))];
}

/** The term itself is a term: not too short or long, not a generic word, not an expression. */
function termShapeIsSound(term: string, options: GenerateOptions): boolean {
  const chars = [...term].length;
  if (chars < 2 || chars > options.maxTermChars) return false;
  if (!/\p{L}/u.test(term)) return false;
  const lower = term.toLowerCase();
  if (GENERIC_TERMS.has(lower) || QUESTION_WORDS_EN.has(lower)) return false;
  if ((term.match(/\s/g)?.length ?? 0) > 3) return false; // a phrase, not a term
  if (/[=;{}]|=>|->|\s[-+*/%<>]\s/.test(term)) return false; // an expression or statement, not a name
  if (!/\p{Script=Han}/u.test(term) && chars < 3 && !/^[A-Z]{2}$/.test(term)) return false;
  // A label rather than a term ("Benefit:", "Day 1", "Web 浏览（HTTP/HTTPS）", "主缺页（Major Page Fault…）"):
  // nobody could type it back. A call such as `len()` keeps its parentheses.
  if (/[:：（）]|\((?!\)$)|\s\d|^\d/.test(term)) return false;
  if (/[、,，;；]/.test(term)) return false; // an enumeration ("可靠性、完整性和顺序性"), not one term
  // A phrase of small words ("on top of") is no term.
  const words = term.toLowerCase().split(/\s+/);
  if (words.length > 1 && words.filter(w => FUNCTION_WORDS.has(w)).length * 2 >= words.length) return false;
  return true;
}

/** The blank's answer is not given away anywhere else in the prompt (title, rest of the sentence), and enough is left to go on. */
function termIsSound(c: TermCandidate, accept: readonly string[], titleProbe: string, sentenceProbes: Map<string, string>): boolean {
  const rest = c.sentence.replace(c.written, ' ');
  const key = `${c.written}\u0000${c.sentence}`;
  let probe = sentenceProbes.get(key);
  if (probe === undefined) {
    probe = probeText(rest);
    sentenceProbes.set(key, probe);
  }
  for (const a of accept) {
    const n = probeText(a).trim();
    if (probeHasNormalized(probe, n) || probeHasNormalized(titleProbe, n)) return false;
  }
  return wordCount(rest) >= 7;
}

/** For `check`: a short phrase for each reason an entry has no items. */
export const NO_QUIZ_REASONS: Readonly<Record<NoQuizReason, string>> = Object.freeze({
  'turned-off': 'generation turned off (autoquiz: false)',
  'no-text': 'a heading with no text of its own (a chapter heading)',
  'too-short': 'too little text to ask about',
  contents: 'a list of links (a table of contents)',
  'code-only': 'only code, no prose',
  'not-a-question': 'a section that is no question (introduction, summary, references…)',
  'no-sound-item': 'no sound item (too few close entries for choices and no key term to blank)',
});
