import { createHash } from 'node:crypto';
import type { ChoiceItem, Entry, GeneratedInfo, NoQuizReason, QuizCoverage, QuizItem, ShortItem } from '../../knowledge/entry.ts';
import { entryTopics } from '../../knowledge/topics.ts';
import { pick, type Lang, type Localized } from '../../language.ts';
import { t } from '../../messages.ts';
import { CHOICE_LETTERS } from '../../reply/actions.ts';
import { ALL_GENERATED_KINDS, COUNTERPARTS, DEFINITION_NOT_SUBJECTS, EXAMPLE_COLUMN_ENDINGS, NOT_DEFINING_WORDS, QUALIFIER_ROOTS, GENERATE_OPTIONS, NON_QUESTION_TITLES, QUESTION_WORDS_EN, type GeneratedKind, type GenerateOptions } from './options.ts';
import {
  balanced,
  BLANK,
  endsLikeSentence,
  escapeRegExp,
  jaccard,
  maskLeaks,
  maskTitle,
  nameParts,
  plainInline,
  stem,
  stemTokens,
  stripMarks,
  probeHas,
  probeHasNormalized,
  probeText,
  readProse,
  splitSentences,
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
 *   accepted: the term and its glossary synonyms in both languages;
 * - name-term: the sentence that defines what a "What is X?" title asks about, X blanked, typed
 *   (the title is not shown: it is the answer).
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
  /** Stems of the first sentences of the answer, in any language (what it starts by saying). */
  readonly leadTokens: Set<string>;
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
  /** The unmasked excerpt's sentences, normalised (for "another entry says the same"). */
  readonly excerptKeys: Partial<Record<Lang, string[]>>;
  /** The entry's first sentences, normalised: notes copy a paragraph into several sections. */
  readonly sentenceKeys: Partial<Record<Lang, Set<string>>>;
  /** The masked excerpt's words (stems, Han pairs): what a guesser could match against the options. */
  readonly excerptTokens: Partial<Record<Lang, Set<string>>>;
  /** The title's words the same way. */
  readonly titleStems: Partial<Record<Lang, Set<string>>>;
  /** The unmasked excerpt's words. */
  readonly rawTokens: Partial<Record<Lang, Set<string>>>;
  readonly summary: Partial<Record<Lang, string>>;
  readonly summaryProbe: Partial<Record<Lang, string>>;
  readonly summaryTokens: Partial<Record<Lang, Set<string>>>;
  readonly ancestors: ReadonlySet<number>;
  /**
   * Where the entry stands, for a typed prompt that would not say what it is about ("from \"Build\""):
   * the title of its file's H1 (the notes' name), else the file name (the folder's, for a README).
   */
  readonly context: string;
  /** The heading this entry is a section of (its file and parent heading): siblings share it. */
  readonly parent: string;
  readonly folder: string;
  readonly hash: number;
  /** The title asks a question ("What is…?", "…的区别") rather than names a subject. */
  readonly asks: boolean;
}

/** The entries with generated items added where there are no hand-written ones, and the coverage. */
export function generateQuizzes(entries: readonly Entry[], deps: GenerateDeps): GenerateResult {
  const options: GenerateOptions = Object.freeze({ ...GENERATE_OPTIONS, ...deps.options });
  const result = generateWith(entries, deps, options);
  // A small folder whose headings name few of its terms would get (almost) no quiz with known terms
  // only: it gets every sound term instead. A quiz at all beats a slightly better one.
  const made = result.coverage.items['fill-term'] + result.coverage.items['name-term'];
  if (options.knownTermsOnly && made < options.knownTermsMinItems) return generateWith(entries, deps, Object.freeze({ ...options, knownTermsOnly: false }));
  return result;
}

function generateWith(entries: readonly Entry[], deps: GenerateDeps, options: GenerateOptions): GenerateResult {
  const preps = prepare(entries, options);
  const groups = groupsOf(preps);
  const rare = rareTitleWords(preps);
  const shared = sharedSentences(preps);
  // The made-up names the examples of a file declare (with an underscore or a digit: shift_id, allocation2),
  // for every section of it: a later section's prose names the example an earlier one showed. Names
  // without (useEffect, HashMap) are as often the language's own as the example's: only the section's own code counts for them.
  const codeNames = codeNamesCache();
  const declared = new Map<string, Set<string>>();
  for (const p of preps) {
    const names = declared.get(p.entry.source.file) ?? new Set<string>();
    for (const lang of p.langs) {
      for (const n of codeNames(p.entry.body[lang] ?? '').declared) if (/[_\d]/.test(n)) names.add(n);
      // And the local variables in camelCase (insertPos, bitCounts): a line that starts with their
      // declaration, no modifier before it (a class's field, `final boolean accessOrder`, is the library's).
      for (const code of codeBlocksOf(p.entry.body[lang] ?? '')) for (const m of code.matchAll(LOCAL_VARIABLE)) names.add((m[1] ?? m[2])!);
    }
    declared.set(p.entry.source.file, names);
  }
  const sharedPrompt = sharedPrompts(preps);
  const named = titleNames(preps);
  const reasons = new Map<string, NoQuizReason>();
  const items: Record<GeneratedInfo['kind'], number> = { 'which-question': 0, 'which-answer': 0, 'fill-term': 0, 'name-term': 0 };
  const without: Record<NoQuizReason, number> = {
    'turned-off': 0, 'no-text': 0, 'too-short': 0, contents: 0, 'code-only': 0, 'not-a-question': 0, exercise: 0, 'no-sound-item': 0,
  };
  let handWritten = 0;
  let generated = 0;
  // Notes copy sentences from each other: one item per excerpt or sentence, the first entry's.
  const seen = new Set<string>();
  const firstUse = (item: QuizItem): boolean => {
    const key = stripMarks(JSON.stringify(item.type === 'short' ? (item.explanation ?? item.question) : item.question)).replace(/[\s＿]+/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  const scratch = familyScratch(preps.length);
  const out = preps.map(p => {
    const e = p.entry;
    if (e.quiz.length > 0) {
      handWritten++;
      return e;
    }
    let quiz: QuizItem[] = [];
    if (p.subject) {
      const kinds = new Set<GeneratedKind>(e.autoquiz === 'choices' ? ALL_GENERATED_KINDS : options.kinds);
      // Choice kinds need an excerpt or a summary; without either, no distractor search at all.
      const choices =
        (kinds.has('which-question') || kinds.has('which-answer')) && p.langs.some(l => p.excerpt[l] !== undefined || p.summary[l] !== undefined);
      const candidates = choices ? candidatesOf(p, groups, preps, options, scratch) : [];
      quiz = [
        kinds.has('which-question') ? whichQuestion(p, candidates, options, rare, shared, preps.length >= options.familyFromEntries) : undefined,
        kinds.has('which-answer') ? whichAnswer(p, candidates, options, rare) : undefined,
        kinds.has('name-term') ? (nameTheTerm(p, deps.terms, options, codeNames) ?? definedInText(p, deps.terms, options, codeNames)) : undefined,
        ...(kinds.has('fill-term') ? fillTerms(p, deps.terms, options, codeNames, declared.get(e.source.file) ?? new Set(), sharedPrompt, named) : []),
      ].filter((i): i is QuizItem => i !== undefined && firstUse(i));
    }
    if (quiz.length === 0) {
      const reason = p.reason ?? 'no-sound-item';
      reasons.set(e.id, reason);
      without[reason]++;
      return reason === 'no-sound-item' ? { ...e, askable: true as const } : e;
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
const EXAMPLE_TITLE = /^(?:第\s*[\d一二三四五六七八九十]+\s*(?:阶段|步|部分|章|节|点|种)|(?:示例|例子|举例|例|案例|场景|步骤|方法|方式|情况|example|case|step|scenario|method|option|way)\s*[\d一二三四五六七八九十]+$|(?:区别|原因|优点|缺点|特点|方法|方式|步骤|场景)\s*[\d一二三四五六七八九十]+\s*[:：])/i;

/**
 * Headings that name one side of the section above them ("Disadvantage(s): RPC", "Pros", "缺点"): as an
 * option they are absurd next to questions, and their text lists points rather than answers one.
 */
const ASPECT_TITLE = /^(?:(?:dis)?advantages?(?:\(s\))?|pros(?:\s+and\s+cons)?|cons|drawbacks?|downsides?|benefits?|limitations?|trade-?offs?|优点|缺点|优缺点|优势|劣势|不足|局限性?)\s*(?:[:：].*)?$/i;

function prepare(entries: readonly Entry[], options: GenerateOptions): Prep[] {
  const sectionNames = sharedTopHeadings(entries);
  // Ancestors of plain-note headings, file by file (entries of a file come together, in order).
  const ancestorsOf: Set<number>[] = entries.map(() => new Set<number>());
  const hasChildren: boolean[] = entries.map(() => false);
  const parentOf: string[] = entries.map(e => `${e.source.file}#`);
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
    if (stack.length > 0) parentOf[i] = `${e.source.file}#${stack.at(-1)!}`;
    stack.push(i);
  });
  const common = commonTitleWords(entries);
  return entries.map((entry, index): Prep => {
    const langs = (Object.keys(entry.body) as Lang[]).filter(l => (entry.body[l] ?? '').trim() !== '');
    const prose: Partial<Record<Lang, Prose>> = {};
    const keywords: Prep['keywords'] = {};
    const keyTerms: Prep['keyTerms'] = {};
    const titleNorm: Prep['titleNorm'] = {};
    const titlePlain: Prep['titlePlain'] = {};
    const excerpt: Partial<Record<Lang, string>> = {};
    const excerptProbe: Partial<Record<Lang, string>> = {};
    const excerptKeys: Partial<Record<Lang, string[]>> = {};
    const sentenceKeys: Partial<Record<Lang, Set<string>>> = {};
    const excerptTokens: Partial<Record<Lang, Set<string>>> = {};
    const titleStems: Partial<Record<Lang, Set<string>>> = {};
    const rawTokens: Partial<Record<Lang, Set<string>>> = {};
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
      EXAMPLE_TITLE.test(bareTitle) || // "示例一", "Step 2": a part of an answer
      ASPECT_TITLE.test(bareTitle) || // "Disadvantage(s): RPC", "优点": one side of the section above, not a question of its own
      /^(?:那|这|此|该|其|然后|so\b|then\b|and\b)/i.test(plainTitle.replace(/^[^\p{L}\p{N}]+/u, '')) // "那究竟是谁来调度这个进程呢？": a follow-up, not a question alone
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
    // A multiple-choice exercise ("A) … B) … C) …", "Answer: B"): its sentences are a scenario and
    // options, some of them wrong on purpose; nothing in it may become an excerpt, a blank or an option.
    if (reason === undefined && langs.some(l => isExercise(textOf(entry, l)))) reason = 'exercise';
    for (const lang of reason === undefined ? langs : []) {
      const p = prose[lang]!;
      const zhText = zhOf[lang]!;
      const kw = titleKeywords(withoutCommon(pick(entry.title, lang), common), pick(entry.title, lang));
      keywords[lang] = kw;
      keyTerms[lang] = [...kw.latin, ...kw.han].map(w => probeText(w).trim()).filter(Boolean);
      // A heading that ends in a link to elsewhere ("go语言中指针有哪些限制 | [link](…)") is titled without it.
      titlePlain[lang] = plainInline(pick(entry.title, lang).replace(TRAILING_LINK, ''));
      titleStems[lang] = stemTokens(titlePlain[lang]!);
      titleNorm[lang] = titlePlain[lang]!.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
      const ex = makeExcerpt(p, kw, options, zhText);
      if (ex !== undefined) {
        excerpt[lang] = ex.text;
        // Unmasked: a distractor whose subject the excerpt names, even among the masked words
        // (the right title's), could be the answer too ("GC的具体过程" for an excerpt on the GC).
        excerptProbe[lang] = probeText(ex.raw);
        excerptKeys[lang] = splitSentences(ex.raw).map(sentenceKey).filter(k => k.length >= 12);
        excerptTokens[lang] = stemTokens(ex.text);
        rawTokens[lang] = stemTokens(ex.raw);
      }
      sentenceKeys[lang] = new Set(p.blocks.flatMap(b => b.sentences).slice(0, 24).map(sentenceKey));
      const su = makeSummary(p, kw, options, zhText);
      if (su !== undefined) {
        summary[lang] = su;
        summaryProbe[lang] = probeText(su);
        summaryTokens[lang] = tokens(su);
      }
    }
    const parts = entry.source.file.split('/');
    const titleTokens = tokens(title);
    const leadTokens = new Set<string>();
    for (const lang of reason === undefined ? langs : []) {
      const first = prose[lang]?.blocks.slice(0, 2).flatMap(b => b.sentences).slice(0, 2).join(' ') ?? '';
      for (const w of stemTokens(first)) leadTokens.add(w);
    }
    return {
      entry,
      index,
      langs,
      prose,
      ...(reason ? { reason } : {}),
      subject: reason === undefined,
      titleTokens,
      leadTokens,
      titleLong: [...titleTokens].filter(w => w.length >= 4 && !/\p{Script=Han}/u.test(w)),
      keywords,
      keyTerms,
      titleNorm,
      titlePlain,
      excerpt,
      excerptProbe,
      excerptKeys,
      sentenceKeys,
      excerptTokens,
      titleStems,
      rawTokens,
      summary,
      summaryProbe,
      summaryTokens,
      ancestors: ancestorsOf[index]!,
      context: contextOf(entries, ancestorsOf[index]!, index, sectionNames),
      parent: parentOf[index]!,
      folder: parts.slice(0, -1).join('/'),
      asks: asksQuestion(title),
      hash: hash32(`${entry.id}\n${title}`),
    };
  });
}

/** A heading as the prompt shows it: plain text in the note's language, without a trailing link. */
const headingName = (e: Entry): string => plainInline(pick(e.title, (Object.keys(e.body)[0] as Lang | undefined) ?? 'en')).replace(TRAILING_LINK, '').trim();

/**
 * Top-level headings that are a section's name, not the document's: the same "# 方法剖析" or
 * "# Overview" in several files that each have more top-level headings. The prompt names the file
 * instead. (A document copied into two folders keeps its title.)
 */
function sharedTopHeadings(entries: readonly Entry[]): ReadonlySet<string> {
  const files = new Map<string, Set<string>>();
  const topHeadings = new Map<string, number>();
  for (const e of entries) {
    if (e.source.level !== 1) continue;
    const name = headingName(e);
    const set = files.get(name) ?? new Set<string>();
    set.add(e.source.file);
    files.set(name, set);
    topHeadings.set(e.source.file, (topHeadings.get(e.source.file) ?? 0) + 1);
  }
  return new Set([...files].filter(([, f]) => f.size >= 2 && [...f].every(file => (topHeadings.get(file) ?? 0) >= 2)).map(([name]) => name));
}

function contextOf(entries: readonly Entry[], ancestors: ReadonlySet<number>, index: number, sectionNames: ReadonlySet<string> = new Set()): string {
  for (const a of ancestors) {
    const e = entries[a]!;
    if (e.source.level !== 1) continue;
    const name = headingName(e);
    if (!sectionNames.has(name)) return name;
  }
  const parts = entries[index]!.source.file.replace(/\.(md|markdown)$/i, '').split('/');
  const name = /^(?:readme|index)$/i.test(parts.at(-1)!) ? parts.at(-2) : parts.at(-1);
  // A file's number of order ("4-Stack and Queue") is no part of its name; a slug's number is
  // ("10-system-design-tradeoffs").
  return (name ?? '').replace(/^\d+[-_.]\s*(?=[A-Z\p{Script=Han}])/u, '');
}

/**
 * Latin title words that most titles of the notes share ("React" in React notes): masking them
 * hides nothing (every option has them) and leaves prompts full of blanks ("introduced in ＿＿＿ 18").
 * A word in at least a tenth of the titles (and five of them) is common.
 */
function commonTitleWords(entries: readonly Entry[]): ReadonlySet<string> {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const words = new Set(plainInline(pick(e.title, 'en')).toLowerCase().match(/[a-z][a-z0-9+#]*/g) ?? []);
    for (const w of words) if (!QUESTION_WORDS_EN.has(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const min = Math.max(5, entries.length / 10);
  return new Set([...counts].filter(([, n]) => n >= min).map(([w]) => w));
}

/** The title without its common words, unless nothing else would be left to mask ("What is React?" keeps React). */
function withoutCommon(title: string, common: ReadonlySet<string>): string {
  if (common.size === 0) return title;
  const rest = title.replace(/[A-Za-z][A-Za-z0-9+#]*(?:\.js)?/g, w => (common.has(w.toLowerCase().replace(/\.js$/, '')) ? ' ' : w));
  const kw = titleKeywords(rest);
  return kw.latin.length + kw.han.length > 0 ? rest : title;
}

const ASKS = /[?？]\s*$|^(?:what|why|how|when|where|which|who|is|are|can|does|do|should|explain|describe|compare)\b|什么|为什么|如何|怎么|怎样|哪些|区别|是否|吗|呢|能否|可以/i;

function asksQuestion(title: string): boolean {
  return ASKS.test(plainInline(title).trim());
}

/** Whole sentences from the first paragraph (or list) that has enough prose, with the title's words masked. */
/** A sentence about the text rather than the subject ("回答这个问题…", "as shown below"): no excerpt or summary. */
const META = /讲过|赘述|如前所述|上述|可以看到|可以知道|(?:上|下)一章|之前讲|前面讲|这个问题|这道题|本题|本章|本节|本文|本篇|上文|下文|如下|以下|下面|上面|前面|后面|this question|this chapter|this article|this post|我(?:觉|们会|们来|们先|们将|们再)|谈论|讨论一下|介绍一下|\blet's\b|\bwe(?: will|'ll)\b|the above|above-mentioned|aforementioned|(?:previous|next|last) section|上一节|下一节|上图|下图|图中|as (?:shown |described |explained )?(?:above|below)|see (?:above|below)|the following|in this (?:section|article|chapter)|如图|见图|图\s*\d|如圖|見圖|圖\s*\d|\bfig(?:ure)?\b|详细介绍|单独写了|这篇文章|详见|点击|上边|下边|之前说|前文|刚才|面试|结论[:：]|我们知道|我们需要|这里说|说一下|来看|看一张图|图片|\bimage\b|\bdiagram\b/i;
/**
 * A sentence that states no fact: a question ("Why can a pointer be `nullptr` while…?"), a task
 * ("Implement a `StoreData` class…", "Explain the various CSS `position` properties"), or the writer's
 * own experience ("I prefer…", "我更喜欢…", not the general 我们): its blank has as many answers as there
 * are made-up names or opinions. Raters failed all six such items of notes no rule was drawn from.
 */
const NOT_A_FACT = {
  test: (s: string) =>
    /[?？]\s*(?:\*\*)?$/.test(s) ||
    /^(?:implement|write|create|build|design|define|explain|describe|compare|discuss|list|name)\b/i.test(s) ||
    /(?<![\p{L}'])(?:I|I'm|I've|I'd|[Mm]y|me)(?![\p{L}'])|我(?!们)/u.test(s),
};

/** A first sentence that points back at text not shown ("这是…", "This means…"). */
const POINTS_BACK = /^(?:在这|这|那|此|该|上述|以上|如上|其|它们|然后|接着|接下来|另外|此外|同时|因此|所以|但是|而且|而|更具体地?说|具体来说|换个角度|不过|综上|总之|也就是说|换句话说|换言之|即|首先|其次|最后|(?:核心|主要|根本)?原因|答案|结论|简单来说|至于|因为|如果我们|以.{1,12}为例|都|也|还|结合了|用于|用来|是(?:一种|一个|指)|指的是|第\s*[一二三四五六七八九十\d]+\s*个|假设|举个|比如|例如|譬如|\d+\s*[、.．)）]|(?:this|that|these|those|then|also|so|but|or|and|however|therefore|thus|hence|here|there|instead|otherwise|similarly|likewise|in addition|for example|for instance|whereas|while|meanwhile|now|once|unlike|yes|no|example|e\.g\.|on the other hand|in contrast|as a result|as mentioned|as shown|in other words|note|after (?:that|this)|afterwards|firstly|secondly|thirdly|lastly|finally|next(?=,)|both)\b)/i;
/**
 * A demonstrative in the first clause of a Chinese sentence whose noun the sentence (and the title the
 * prompt shows) has not named before it ("服务端收到该报文后，…", "与该地址具有相同意义的是…", "如何使用这些
 * 参数，…"), or a phrase that stands for an earlier step ("这样做", "如果有的话"): what it points at is in
 * text the prompt does not show. In 1,237 rated typed items, the 22 such sentences passed 10 times
 * (against 85 % overall). "实现了这些方法的类型" after "方法签名" and "则该goroutine" after "一个goroutine"
 * name their noun first; after the first clause, "这种情况" and "这个过程" mostly sum up the clauses before.
 */
const ZH_DEMONSTRATIVE = /(?<![应活])该(?=\p{Script=Han}|[A-Za-z])|这(?:[个些种类项条段次份位]|一(?=\p{Script=Han})|[两三四五六七八九十几]+[个种类项条点步])/gu;
/** "此" before a noun ("此成员变量", "此方法"), not in 因此, 如此, 彼此, 此外, 此时: it points back anywhere in the sentence. */
const ZH_THIS_NOUN = /(?<![因如彼从至据由在就])此(?=[成方对类变函接参属字值实线])/gu;
const ZH_POINTS_AWAY = /这样做|这么做|如果有的话|如此一来/;

function leansOnUnseenNoun(sentence: string, title: string): boolean {
  const plain = stripMarks(sentence);
  if (ZH_POINTS_AWAY.test(plain)) return true;
  for (const m of plain.matchAll(ZH_DEMONSTRATIVE)) {
    const rest = plain.slice(m.index + m[0].length);
    const noun = /^(?:\p{Script=Han}{1,2}|[A-Za-z][\w.]*)/u.exec(rest)?.[0];
    if (noun === undefined) continue;
    const before = `${title} ${plain.slice(0, m.index)}`;
    const han = /^\p{Script=Han}/u.test(noun);
    const named = han ? [...noun].some(ch => before.includes(ch)) : before.toLowerCase().includes(noun.toLowerCase());
    if (named) continue;
    // Only in the sentence's first clause: later, "这种情况" and "这个过程" name what the clauses before said.
    const firstClause = !/[，,；;：:]/.test(plain.slice(0, m.index));
    if (firstClause) return true;
  }
  for (const m of plain.matchAll(ZH_THIS_NOUN)) {
    const noun = plain.slice(m.index + 1, m.index + 3);
    if (![...noun].some(ch => `${title} ${plain.slice(0, m.index)}`.includes(ch))) return true;
  }
  return false;
}

/**
 * A section that tells one story ("Case Study 1: …", "War Story: …", "Investigation", 案例, 事故) or
 * states one problem ("Problem Description", 题目描述): the names in it (a table, a topic, a queue, a
 * column, the problem's parameters) are the story's, and a blank for one has no answer but the story's.
 * So is a sentence that opens a scenario ("**Scenario:** Your team has a topic…").
 */
const SCENARIO = /\b(?:case stud(?:y|ies)|war stor(?:y|ies)|investigation|problem (?:description|statement))\b|案例|事故|题目描述/i;
const SCENARIO_LABEL = /^\s*(?:\*\*)?(?:scenario|context|场景|背景)\s*[:：.]/i;

/** A local variable in lower camelCase declared at the start of a line (let/var/const, a built-in type, or Go's :=). */
const LOCAL_VARIABLE = /^[ \t]*(?:let|var|const|auto|int|long|double|float|boolean|bool|char|size_t|string|String)[ \t]+([a-z][a-z0-9]*[A-Z]\w*)[ \t]*=|^[ \t]*([a-z][a-z0-9]*[A-Z]\w*)[ \t]*:=/gm;

/** A list's number written into a term ("③Dubbo", "⑴ ", "❷"): the circled and bracketed digits. */
const LIST_NUMBER = /^[\u2460-\u2487\u24EA-\u24FF\u2776-\u2793]\s*/u;

/**
 * An English sentence whose subject is in the heading above it ("Used when the parameter…", "It a
 * way of…", "Is called…") or that starts in lower case (a fragment).
 */
const NEEDS_HEADING_WORD = /^(?:it|its|they|them|used|uses|is|are|was|were|can|does|do|has|have|had|which|and|or|allows|lets|provides|returns|creates|makes|gives|means|helps|refers)\b/i;
const NEEDS_HEADING = { test: (s: string) => /^[a-z]/.test(s) || NEEDS_HEADING_WORD.test(s) };

/** Words of a text that carry meaning: Latin words that are no question or function words, and Han characters halved. */
function contentWords(text: string): number {
  const plain = stripMarks(text).replaceAll(BLANK, ' ');
  const latin = (plain.match(/[A-Za-z0-9]+/g) ?? []).filter(w => !QUESTION_WORDS_EN.has(w.toLowerCase())).length;
  return latin + Math.ceil((plain.match(/\p{Script=Han}/gu)?.length ?? 0) / 2);
}

function makeExcerpt(prose: Prose, kw: { latin: string[]; han: string[] }, options: GenerateOptions, zh: boolean): { text: string; raw: string } | undefined {
  const min = zh ? options.minExcerptCharsZh : options.minExcerptChars;
  for (const block of prose.blocks.slice(0, 3)) {
    const all = block.sentences.filter(s => balanced(s));
    if (all.length === 0) continue;
    // A block about the text or a figure ("从图中可以看到…", "as shown below") is followed by blocks that
    // lean on it ("键对应user表中的id…" describes the figure): no excerpt from it or after it. The
    // sentences before such a sentence do not lean on it ("Redis 的 dict 是哈希表。其定义如下："): they
    // are the last the excerpt may take.
    const metaAt = all.findIndex(s => META.test(s));
    if (metaAt === 0) break;
    const sentences = metaAt > 0 ? all.slice(0, metaAt) : all;
    const last = metaAt > 0;
    const attempt = (): { text: string; raw: string } | undefined => {
      if (POINTS_BACK.test(stripMarks(sentences[0]!)) || NEEDS_HEADING.test(stripMarks(sentences[0]!))) return undefined;
      // A question is no answer ("…在等什么？", a list of sub-questions).
      if (sentences.some(s => /[?？]/.test(stripMarks(s).replace(/`[^`]*`/g, '')))) return undefined;
      let text = '';
      for (const s of sentences) {
        // Whole sentences only: a unit without an end ("…as it ought to be") is a line of a list.
        if (!endsLikeSentence(s)) break;
        const next = text === '' ? s : `${text}${/\p{Script=Han}$/u.test(text) ? '' : ' '}${s}`;
        if ([...stripMarks(next)].length > options.maxExcerptChars) break;
        text = next;
        if ([...stripMarks(text)].length >= min && endsLikeSentence(text)) break;
      }
      if (text === '' || [...stripMarks(text)].length < min || !endsLikeSentence(text)) return undefined;
      if (block.kind === 'list' && all.length > 1 && text === sentences[0]) return undefined;
      const masked = maskTitle(text, kw);
      const words = wordCount(text);
      // One word masked three times ("＿＿＿的零值是nil，未初始化的＿＿＿…") reads as well as two masks.
      const spans = masked.distinct === 1 ? options.maxMaskedSpans + 1 : options.maxMaskedSpans;
      if (masked.masked / Math.max(1, words) > options.maxMaskedShare || masked.masked > spans) return undefined;
      if (maskLeaks(masked.text)) return undefined;
      // Enough left to recognise: at least six words that are not masked.
      if (contentWords(masked.text) < 6) return undefined; // "In React, you can ＿＿＿ using several patterns…"
      // English that has no subject of its own ("Renders an anchor tag…", "Prints all…") or adds to text
      // not shown ("React also allows…").
      if (!zh && (/^[A-Z][a-z]+s\s+(?:a|an|the|all|any|each|every|its|their|one|your)\b/.test(stripMarks(text)) || /\balso\b/i.test(stripMarks(sentences[0]!)))) return undefined;
      // A mask that took a word's form out of a phrase ("is ＿＿＿ of synchronous"): unreadable.
      if (new RegExp(`${BLANK}\\s+(?:of|instead of)\\s+[a-z]`).test(masked.text)) return undefined;
      // "＿＿＿ 和 ＿＿＿ 的区别…": two masked things compared; the prompt says only "a comparison".
      if (new RegExp(`${BLANK}\\s*(?:\\*\\*)?\\s*(?:和|与|或|跟|及|、|,|，|and|or|vs\\.?|versus)\\s*(?:\\*\\*)?\\s*${BLANK}`, 'i').test(masked.text)) return undefined;
      // An English first sentence that points back ("The reason behind this…", "this process").
      if (!zh && /\b(?:this|these|those)\b|\bsuch\b(?! as\b)/i.test(stripMarks(sentences[0]!))) return undefined;
      if (zh && /这部分|这种|这些|这个|这样|这时|此时|该/.test(stripMarks(sentences[0]!))) return undefined; // "这部分开销就很明显"
      // A sentence that spells the masked term out ("＿＿＿的全称是媒体访问控制地址", "stands for") gives it away.
      if (/全称|简称|缩写|又称|又叫|\bstands for\b|\bshort for\b|\babbreviat/i.test(text)) return undefined;
      return { text: masked.text, raw: text };
    };
    const found = attempt();
    if (found !== undefined) return found;
    if (last) break;
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
  /** Sections under the same heading (of a file). */
  readonly byParent: Map<string, number[]>;
  readonly byFolder: Map<string, number[]>;
  readonly byTopic: Map<string, number[]>;
  readonly byLang: Map<string, number[]>;
  /** Subject entries by a word of their title (stem or Han pair), for words of at most a tenth of the titles. */
  readonly byTitleWord: Map<string, number[]>;
  /** Subject entries by a word of the start of their answer (its first sentences' stems), for words of few entries. */
  readonly byAnswerWord: Map<string, number[]>;
}

/** A title word shared by more than this share of the entries (or than FAMILY_MAX) names the field, not a subject family. */
const FAMILY_SHARE = 0.3;
const FAMILY_MAX = 200;
/** … but a word of up to this many titles always makes one (small notes: "key" in four titles of twelve). */
const FAMILY_MIN = 8;
/** A word shared by the starts of two answers weighs this much of a title word. */
const ANSWER_WORD_WEIGHT = 0.5;
/** The least shared weight (one word of at most about a third of the entries) that makes another entry of the family. */
const FAMILY_MIN_WEIGHT = 1;
/** … or, without a shared title word, the least number of rarer words the starts of both answers say. */
const FAMILY_MIN_ANSWER_WORDS = 3;
/** How many candidates of the entry's subject family (sharing a rare title word) come first. */
const FAMILY_KEPT = 6;

function groupsOf(preps: readonly Prep[]): Groups {
  const add = (map: Map<string, number[]>, key: string, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  const groups: Groups = { byFile: new Map(), byParent: new Map(), byFolder: new Map(), byTopic: new Map(), byLang: new Map(), byTitleWord: new Map(), byAnswerWord: new Map() };
  for (const p of preps) {
    if (!p.subject) continue;
    add(groups.byFile, p.entry.source.file, p.index);
    add(groups.byParent, p.parent, p.index);
    add(groups.byFolder, p.folder, p.index);
    for (const topic of entryTopics(p.entry)) add(groups.byTopic, topic, p.index);
    add(groups.byLang, p.langs.join('+'), p.index);
    const words = new Set<string>();
    for (const l of p.langs) for (const w of p.titleStems[l] ?? []) words.add(w);
    for (const w of words) add(groups.byTitleWord, w, p.index);
    for (const w of p.leadTokens) add(groups.byAnswerWord, w, p.index);
  }
  // Counted against every titled entry: a field word ("SQL Server" in most titles) is no family.
  const limit = Math.min(FAMILY_MAX, Math.max(FAMILY_MIN, FAMILY_SHARE * preps.length));
  for (const [w, list] of groups.byTitleWord) if (list.length < 2 || list.length > limit) groups.byTitleWord.delete(w);
  for (const [w, list] of groups.byAnswerWord) if (list.length < 2 || list.length > limit) groups.byAnswerWord.delete(w);
  return groups;
}

/** Per-entry sums of the family weights, reused from entry to entry (reset where touched): no map per entry. */
interface FamilyScratch {
  readonly title: Float64Array;
  readonly said: Float64Array;
  readonly saidWords: Uint16Array;
  readonly mark: Uint8Array;
  readonly touched: number[];
}

function familyScratch(n: number): FamilyScratch {
  return { title: new Float64Array(n), said: new Float64Array(n), saidWords: new Uint16Array(n), mark: new Uint8Array(n), touched: [] };
}

interface Candidate {
  readonly c: Prep;
  /** From the same file, folder or topic. */
  readonly close: boolean;
  /** Of the entry's subject family: its title or the start of its answer shares rarer words with it. */
  readonly family?: boolean;
}

/** How many title-valid candidates are kept per entry (the kinds pick their distractors from them). */
const CANDIDATES_KEPT = 16;

/**
 * The entries that could be distractors of `p`, nearest first (file, folder, topic, then any),
 * titles of the same shape first (questions among questions, names among names, so the odd one out
 * is no giveaway): other subject entries in the same languages, never an ancestor or descendant
 * heading, never a duplicate or near-duplicate of the right title. Computed once per entry.
 */
function candidatesOf(p: Prep, groups: Groups, preps: readonly Prep[], options: GenerateOptions, scratch: FamilyScratch): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<number>([p.index]);
  // Sibling sections first ("Pull CDNs" for "Push CDNs"): the nearest headings of a long file
  // include the sub-sections of other subjects ("Disadvantage(s): DNS"), which nobody would pick.
  const parentPool = groups.byParent.get(p.parent);
  const near: [number[] | undefined, boolean][] = [
    [parentPool, true],
    [groups.byFile.get(p.entry.source.file), true],
    [groups.byFolder.get(p.folder), true],
    ...entryTopics(p.entry).map((topic): [number[] | undefined, boolean] => [groups.byTopic.get(topic), true]),
    [groups.byLang.get(p.langs.join('+')), false],
  ];
  const passes = [...near.map(([pool, isClose]) => [pool, isClose, true] as const), ...near.map(([pool, isClose]) => [pool, isClose, false] as const)];
  const filePool = groups.byFile.get(p.entry.source.file);
  const topics = new Set(entryTopics(p.entry));
  const accept = (i: number, sameShape: boolean): Prep | undefined => {
    const c = preps[i]!;
    if (seen.has(i) || (sameShape && c.asks !== p.asks)) return undefined;
    seen.add(i);
    if (!p.langs.every(l => c.langs.includes(l))) return undefined;
    if (p.ancestors.has(i) || c.ancestors.has(p.index)) return undefined;
    if (sameTitle(p, c) || nearDuplicate(p, c, options)) return undefined;
    return c;
  };
  // The entry's subject family first: close entries whose titles share its rarer words, the most
  // shared first ("What is a composite key?" for "What is a primary key?"; "SQL Server", in most
  // titles, weighs next to nothing): options on one subject, none ruled out for being about another.
  const { title, said, saidWords, touched, mark } = scratch;
  const touch = (i: number) => {
    if (mark[i] === 0) {
      mark[i] = 1;
      touched.push(i);
    }
  };
  for (const w of new Set(p.langs.flatMap(l => [...(p.titleStems[l] ?? [])]))) {
    const list = groups.byTitleWord.get(w);
    if (!list) continue;
    const weight = Math.log(preps.length / list.length);
    for (const i of list) {
      if (i === p.index) continue;
      touch(i);
      title[i] += weight;
    }
  }
  // … then what the answers start by saying: entries whose excerpts share rarer words ("connection",
  // "real-time" for WebSockets and Server-Sent Events) are on one subject too, at half the weight of a title word.
  for (const w of p.leadTokens) {
    const list = groups.byAnswerWord.get(w);
    if (!list) continue;
    const weight = ANSWER_WORD_WEIGHT * Math.log(preps.length / list.length);
    for (const i of list) {
      if (i === p.index) continue;
      touch(i);
      said[i] += weight;
      saidWords[i]++;
    }
  }
  // A shared title word, or several shared answer words (one, "rows" in SQL notes, is no subject).
  const family: [number, number][] = [];
  for (const i of touched) {
    const total = title[i]! >= FAMILY_MIN_WEIGHT || saidWords[i]! >= FAMILY_MIN_ANSWER_WORDS ? title[i]! + said[i]! : title[i]!;
    if (total >= FAMILY_MIN_WEIGHT) family.push([i, total]);
    title[i] = 0;
    said[i] = 0;
    saidWords[i] = 0;
    mark[i] = 0;
  }
  touched.length = 0;
  family.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  for (const [i] of family) {
    if (out.length >= FAMILY_KEPT) break;
    const other = preps[i]!;
    const nearby = other.entry.source.file === p.entry.source.file || other.folder === p.folder || entryTopics(other.entry).some(t => topics.has(t));
    if (!nearby || seen.has(i)) continue;
    const c = accept(i, false);
    if (c) out.push({ c, close: true, family: true });
  }
  for (const [pool, isClose, sameShape] of passes) {
    if (!pool || out.length >= CANDIDATES_KEPT) continue;
    const start = p.hash % pool.length;
    const limit = Math.min(pool.length, options.maxCandidates);
    // In the entry's own file, the nearest headings first (the sections around it are on its
    // subject; a random section of a long file is not, and one topical word gives the answer away).
    const at = pool === filePool || pool === parentPool ? lowerBound(pool, p.index) : -1;
    for (let k = 0; k < limit && out.length < CANDIDATES_KEPT; k++) {
      const i = at >= 0 ? pool[nearest(at, k, pool.length)]! : pool[(start + k) % pool.length]!;
      const c = accept(i, sameShape);
      if (c) out.push({ c, close: isClose });
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

/**
 * Words (stems, Han pairs, numbers) of few titles: at most 3 % of the entries' titles, or 3 titles.
 * Counted once per load (linear).
 */
function rareTitleWords(preps: readonly Prep[]): (w: string) => boolean {
  const df = new Map<string, number>();
  let n = 0;
  for (const p of preps) {
    if (!p.subject) continue;
    n++;
    const words = new Set<string>();
    for (const l of p.langs) for (const w of p.titleStems[l] ?? []) words.add(w);
    for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const max = Math.max(3, n * 0.03);
  return w => (df.get(w) ?? 0) <= max;
}

/** The first position in the sorted `list` whose value is at least `value`. */
function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The k-th position outward from `at` (at, at-1, at+1, at-2, …), within [0, length), every position once. */
function nearest(at: number, k: number, length: number): number {
  // Walk outward; once one side is exhausted, the other continues.
  let left = at - 1;
  let right = at;
  let pos = right;
  for (let step = 0; step <= k; step++) {
    const takeRight = right < length && (step % 2 === 0 || left < 0);
    if (takeRight || left < 0) pos = right++;
    else pos = left--;
  }
  return Math.max(0, Math.min(length - 1, pos));
}

/**
 * The right option wins by matching words: it shares a word (stem or Han pair) with the prompt that
 * no wrong option shares as much. Someone who knows nothing of the subject would pick it.
 */
function wonByWords(
  prompt: ReadonlySet<string> | undefined,
  right: ReadonlySet<string> | undefined,
  wrong: readonly (ReadonlySet<string> | undefined)[],
  rare: (w: string) => boolean,
): boolean {
  if (prompt === undefined || right === undefined) return false;
  const inPrompt = (w: string) => prompt.has(w) || [...prompt].some(x => sameRoot(x, w));
  const inOption = (o: ReadonlySet<string> | undefined, w: string) => o !== undefined && (o.has(w) || [...o].some(x => sameRoot(x, w)));
  // A rare word ("货币", "视图", "4.0") in the prompt and the right option only: that word alone picks it,
  // whatever common words ("MySQL", "机制") the wrong options share with the prompt.
  for (const w of right) if (inPrompt(w) && rare(w) && !wrong.some(o => inOption(o, w))) return true;
  const score = (o: ReadonlySet<string> | undefined) => {
    let n = 0;
    for (const w of o ?? []) if (inPrompt(w)) n++;
    return n;
  };
  const r = score(right);
  return r > 0 && wrong.every(o => score(o) < r);
}

/**
 * Two Latin stems of one root that the stemmer keeps apart: one starts the other ("memo" of memoiz,
 * "replica" of replicaset, "data" of datacent) or they share six letters ("asynchron" of asynchronous
 * and asynchronism, "scalab" of scalable and scalability). A guesser matches them at a glance.
 */
export function sameRoot(a: string, b: string): boolean {
  if (a === b) return true;
  if (!/^[a-z]{4,}$/.test(a) || !/^[a-z]{4,}$/.test(b)) return false;
  if (a.startsWith(b) || b.startsWith(a)) return true;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n >= 6;
}

/** Share of `c`'s title words found in the text: a wrong option the excerpt answers too (a parent or a sub-case). */
function answeredBy(text: ReadonlySet<string> | undefined, title: ReadonlySet<string> | undefined): boolean {
  if (text === undefined || title === undefined || title.size === 0) return false;
  let n = 0;
  for (const w of title) if (text.has(w)) n++;
  return n * 2 >= title.size;
}

function sameTitle(a: Prep, b: Prep): boolean {
  return a.langs.some(l => a.titleNorm[l] !== undefined && a.titleNorm[l] === b.titleNorm[l]);
}

/** Whether some heading of the notes names a term. */
interface TitleNames {
  has(term: string): boolean;
}

/**
 * The names the notes' headings use: Latin words and names as written (`Object.defineProperty`,
 * useEffect, and their dotted parts) and in lower case, and the pairs of Chinese characters (a Chinese
 * term is named when each of its pairs is: a close enough test, and bounded in memory).
 */
function titleNames(preps: readonly Prep[]): TitleNames {
  const exact = new Set<string>();
  const lower = new Set<string>();
  const hanPairs = new Set<string>();
  for (const p of preps) {
    for (const l of p.langs) {
      const title = p.titlePlain[l] ?? '';
      for (const m of title.matchAll(/[A-Za-z_$@#][\w$.#@+-]*[\w$#+]|[A-Za-z_$]/g)) {
        for (const part of [m[0], ...m[0].split('.')]) {
          exact.add(part);
          lower.add(part.toLowerCase());
        }
      }
      for (const run of title.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 2 <= run.length; i++) hanPairs.add(run.slice(i, i + 2));
    }
  }
  return {
    has(term) {
      const t = term.replace(/\(\)$/, '').trim();
      if (/\p{Script=Han}/u.test(t)) {
        const run = t.replace(/[^\p{Script=Han}]/gu, '');
        if (run.length < 2) return false;
        for (let i = 0; i + 2 <= run.length; i++) if (!hanPairs.has(run.slice(i, i + 2))) return false;
        return true;
      }
      return exact.has(t) || (!/[A-Z]/.test(t.slice(1)) && lower.has(t.toLowerCase()));
    },
  };
}

/**
 * What a player sees of a blank for the marked span `written` (`code` or **bold**) of a sentence: the
 * section, the note and the sentence around the span.
 */
function promptKey(p: Prep, lang: Lang, sentence: string, written: string): string {
  return `${norm(p.titlePlain[lang] ?? '')}|${norm(p.context)}|${norm(sentence.replace(written, ' qqblankqq '))}`;
}

/**
 * The prompts (see {@link promptKey}) that two marked spans of the notes would share: "Ensures that the
 * `userReducer` returns the initial state…" under the same heading of the same notes as `loginReducer`
 * and `scrollReducer`. Either name fits either blank.
 */
function sharedPrompts(preps: readonly Prep[]): ReadonlySet<string> {
  const first = new Map<string, string>();
  const shared = new Set<string>();
  for (const p of preps) {
    for (const l of p.langs) {
      for (const block of p.prose[l]?.blocks ?? []) {
        for (const sentence of block.sentences) {
          for (const m of sentence.matchAll(/\*\*[^*]+\*\*|`[^`]+`/g)) {
            const key = promptKey(p, l, sentence, m[0]);
            const seen = first.get(key);
            if (seen === undefined) first.set(key, m[0]);
            else if (seen !== m[0]) shared.add(key);
          }
        }
      }
    }
  }
  return shared;
}

/**
 * Sentences (normalised) that entries of different titles share (a copy of the same note under the same
 * title still points at one title). Linear in the entries.
 */
function sharedSentences(preps: readonly Prep[]): ReadonlySet<string> {
  const titleOf = new Map<string, string>();
  const twice = new Set<string>();
  for (const p of preps) {
    const title = p.langs.map(l => p.titleNorm[l] ?? '').join('\n');
    for (const l of p.langs) {
      for (const k of p.sentenceKeys[l] ?? []) {
        if (k.length < 12) continue;
        const first = titleOf.get(k);
        if (first === undefined) titleOf.set(k, title);
        else if (first !== title) twice.add(k);
      }
    }
  }
  return twice;
}

/** Every sentence of the excerpt is also in the other entry's text. */
function copied(excerpt: readonly string[] | undefined, other: ReadonlySet<string> | undefined): boolean {
  return excerpt !== undefined && excerpt.length > 0 && other !== undefined && excerpt.every(k => other.has(k));
}

function sentenceKey(sentence: string): string {
  return stripMarks(sentence).normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
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

function whichQuestion(p: Prep, candidates: readonly Candidate[], options: GenerateOptions, rare: (w: string) => boolean, shared: ReadonlySet<string>, large: boolean): ChoiceItem | undefined {
  if (!p.langs.every(l => p.excerpt[l] !== undefined)) return undefined;
  // An excerpt whose every sentence is in another entry too (a paragraph copied under Sidecar, Adapter and
  // Ambassador) points at no one entry, whichever of them are options.
  if (p.langs.some(l => (p.excerptKeys[l]?.length ?? 0) > 0 && p.excerptKeys[l]!.every(k => shared.has(k)))) return undefined;
  const fits = (c: Prep) =>
    p.langs.every(
      l =>
        !mentions(p.excerptProbe[l], c.keyTerms[l]) &&
        // The excerpt copied into the other entry too ("All the containers will be executed in parallel"
        // under Sidecar, Adapter and Ambassador): it answers both.
        !copied(p.excerptKeys[l], c.sentenceKeys[l]) &&
        !answeredBy(p.rawTokens[l], c.titleStems[l]) &&
        [...(c.titlePlain[l] ?? '')].length <= options.maxTitleChars,
    );
  const won = (w: readonly Prep[]) => p.langs.some(l => wonByWords(p.excerptTokens[l], p.titleStems[l], w.map(c => c.titleStems[l]), rare));
  let wrong = distractors(candidates, options, fits);
  if (wrong && won(wrong)) {
    // Another try with the candidates that share the prompt's words with the right title first
    // (a sibling "RDB的原理" next to "AOF的原理"), so no word picks the answer; else no item.
    const shared = (c: Prep) => p.langs.some(l => [...(c.titleStems[l] ?? [])].some(w => p.excerptTokens[l]?.has(w) && p.titleStems[l]?.has(w)));
    wrong = distractors([...candidates.filter(x => shared(x.c)), ...candidates.filter(x => !shared(x.c))], options, fits);
    if (wrong && won(wrong)) return undefined;
  }
  if (!wrong) return undefined;
  // In large notes the sections near an entry are often on other subjects, and options nobody would pick
  // make the item trivial: most of the options must be of the entry's subject family.
  if (large) {
    const family = new Set(candidates.filter(x => x.family).map(x => x.c));
    if (wrong.filter(c => family.has(c)).length < options.minFamilyDistractors) return undefined;
  }
  const title = (e: Prep) => localized(p, l => e.titlePlain[l] ?? plainInline(pick(e.entry.title, l)));
  return choiceItem(
    p,
    'which-question',
    localized(p, l => t(l, 'quizgen.which-question', { excerpt: p.excerpt[l]! })),
    title(p),
    wrong.map(title),
  );
}

function whichAnswer(p: Prep, candidates: readonly Candidate[], options: GenerateOptions, rare: (w: string) => boolean): ChoiceItem | undefined {
  if (!p.langs.every(l => p.summary[l] !== undefined)) return undefined;
  const wrong = distractors(candidates, options, c =>
    p.langs.every(
      l =>
        // Sibling sections only (the same parent heading): a summary from elsewhere in a long file is
        // on another subject, and one topical word picks the right one.
        c.parent === p.parent &&
        c.summary[l] !== undefined &&
        !mentions(c.summaryProbe[l], p.keyTerms[l]) &&
        jaccard(c.summaryTokens[l]!, p.summaryTokens[l]!) < options.nearDuplicate &&
        lengthRatio(c.summary[l]!, p.summary[l]!) <= options.maxSummaryRatio &&
        norm(c.summary[l]!) !== norm(p.summary[l]!),
    ),
  );
  if (!wrong) return undefined;
  if (p.langs.some(l => wonByWords(p.titleStems[l], stemTokens(p.summary[l]!), wrong.map(c => stemTokens(c.summary[l]!)), rare))) return undefined;
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

/**
 * "It" or "they" as the subject of a clause ("The first parameter it takes is a ＿＿＿", "It follows the
 * scale-out architecture"), or 它: its noun is in the text before, and the title does not always say
 * which of its things is meant. An object ("flushes it to disk") or a possessive (its, their) most
 * often points inside its own sentence.
 */
const LEANS_ON_PRONOUN = /\b(?:it|they)\s+(?:is|are|was|were|has|have|had|does|do|did|can|could|will|would|should|may|might|must|also|then|only|just|[a-z]+s)\b|\b(?:it|they)['’](?:s|re|ll|d)\b|^(?:it|they)\b|它/i;

/** Words that point at an example or at text shown before: "this example", "these two elements", "上例", "这段代码". */
const POINTS_AT_SHOWN =
  /\bexamples?\b|\b(?:these|those)\b|\bthis\s+(?!is\b|means\b|way\b)[a-z]+|\bin the (?:below|above)\b|\blike this\b|\b(?:below|above)\s+(?:code|snippet|component|function|class|program|query|table)\b|\b(?:shown|defined|given|listed)\s+(?:below|above)\b|上例|例子中|示例中|这段代码|上面的代码|下面的代码|这两个|这几个/i;

/** A title that asks what one thing is or does ("What does defer do?", "什么是闭包？", "闭包是什么？"). */
const ONE_SUBJECT = /^(?:what\s+(?:is|are|does|do)\b|什么是|.{1,20}(?:是什么|是啥|有什么用|的作用)[？?]?$)/i;

/**
 * A title that asks about the code shown under it ("What is the output of below code?", "Example: …",
 * "以下代码输出什么"): its sentences talk about names of that code, which a typed prompt does not show.
 */
const ABOUT_SHOWN_CODE = /\boutput\b|^example\b|输出|运行结果|下面(?:的)?代码|以下代码/i;

/** A link (or "| link") at the end of a heading, after a separator: not part of what it asks. */
const TRAILING_LINK = /\s*[|｜]\s*(?:\[[^\]]*\]\([^)]*\)|link|链接)\s*$/i;

/**
 * The names an entry's code defines: `declared` (functions, variables, types, classes, tables, numbered
 * methods) and `all`, which adds the snake_case names of its code and data tables (columns, fields).
 */
interface CodeNames {
  readonly declared: ReadonlySet<string>;
  readonly all: ReadonlySet<string>;
}

/** {@link codeNamesIn}, read once per text in a generation run (fill-in, name-the-term and the file's set all ask). */
type CodeNamesOf = (markdown: string) => CodeNames;

function codeNamesCache(): CodeNamesOf {
  const read = new Map<string, CodeNames>();
  return markdown => {
    let names = read.get(markdown);
    if (names === undefined) {
      names = codeNamesIn(markdown);
      read.set(markdown, names);
    }
    return names;
  };
}

/**
 * The code blocks of a note: fenced ones, and those indented by four spaces or a tab after a blank
 * line (older notes write code so). An indented block counts only when it reads as code (a bracket,
 * a semicolon or an =), not a list item's second paragraph.
 */
function codeBlocksOf(markdown: string): string[] {
  const blocks: string[] = [];
  let outside = '';
  let from = 0;
  for (const m of markdown.matchAll(/^\s*(?:```|~~~)[^\n]*\n([\s\S]*?)^\s*(?:```|~~~)/gm)) {
    blocks.push(m[1]!);
    outside += `${markdown.slice(from, m.index)}\n`;
    from = m.index + m[0].length;
  }
  outside += markdown.slice(from);
  for (const m of outside.matchAll(/(?:^|\n[ \t]*\n)((?:(?: {4}|\t)[^\n]*\n?|[ \t]*\n)+)/g)) {
    const code = m[1]!;
    if (/[{};=]|\)\s*$/m.test(code)) blocks.push(code);
  }
  return blocks;
}

function codeNamesIn(markdown: string): CodeNames {
  const declared = new Set<string>();
  const data = new Set<string>();
  for (const code of codeBlocksOf(markdown)) {
    // Declarations, Go's :=, and a TypeScript constructor's parameter properties (private service: …).
    for (const m of code!.matchAll(/\b(?:func|def|function|class|type|var|let|const|interface|struct|private|public|protected|readonly)\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)|\b([A-Za-z_]\w*)\s*:=/g)) {
      declared.add((m[1] ?? m[2])!);
    }
    // C and C++ variables of a built-in type (double price = 9.5; int& ref = price; double* price_ptr;).
    // Java's too, and a list of them (byte[] allocation1, allocation2;).
    for (const m of code!.matchAll(/\b(?:int|long|short|char|byte|float|double|bool|boolean|auto|unsigned|size_t)(?:\[\])*\s*[*&]*\s+[*&]*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?=[=;,)\[{])/g)) for (const n of m[1]!.split(/\s*,\s*/)) declared.add(n);
    // Java and C# variables of a class type (Object allocation2 = new byte[…]; List<String> names;).
    for (const m of code!.matchAll(/\b[A-Z]\w*(?:<[^<>;()]*>)?(?:\[\])*\s+([a-z_]\w*)\s*(?=[=;])/g)) declared.add(m[1]!);
    // Tables of an SQL example (CREATE TABLE exam_record, FROM OrderItems, JOIN …, INSERT INTO …).
    for (const m of code!.matchAll(/\b(?:table|from|join|into|update)\s+[`"[]?([A-Za-z_]\w*)/gi)) declared.add(m[1]!);
    // Methods numbered as examples are (void method2(), String test1()): an overridden equals() or
    // run() is a name of the language, not of the example, and stays a term.
    for (const m of code!.matchAll(/\b(?:void|[A-Z]\w*(?:<[^<>;()]*>)?(?:\[\])*)\s+([a-z_]\w*\d\w*)\s*\(/g)) declared.add(m[1]!);
    // A variable a Python or Ruby example assigns at the start of a line (counts = Hash.new(0)).
    // (Spaces around the = : an attribute of markup, stroke="blue", is no variable.)
    for (const m of code!.matchAll(/^[ \t]*([a-z_][a-z0-9_]*)[ \t]+(?:\+|-)?=[ \t]/gim)) declared.add(m[1]!);
    // The labels and relationship types of a graph query's example ((:Location), [:LIVES_IN]).
    if (/\b(?:MATCH|MERGE)\b|\)-\[|\]->/.test(code!)) for (const m of code!.matchAll(/[([]\s*\w*\s*:\s*([A-Z]\w*)/g)) declared.add(m[1]!);
    // A snake_case name in the example's code (cust_name, backend_server) is a column, field or block
    // the writer named: an SQL exercise's columns, a config's upstream.
    for (const m of code!.matchAll(SNAKE_NAME)) data.add(m[0]);
  }
  // So is one in a table of its data.
  for (const line of markdown.split('\n')) if (/^\s*\|/.test(line)) for (const m of line.matchAll(SNAKE_NAME)) data.add(m[0]);
  return { declared, all: new Set([...declared, ...data]) };
}

/** A snake_case name that ends as an example's column does ({@link EXAMPLE_COLUMN_ENDINGS}: shift_id, inserted_by). */
const EXAMPLE_COLUMN = new RegExp(`^[a-z][a-z0-9]*(?:_[a-z0-9]+)*_(?:${[...EXAMPLE_COLUMN_ENDINGS].join('|')})$`);

/** A lower-case name of two or more parts joined by underscores. */
const SNAKE_NAME = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;

/**
 * The shape of a typed answer, said in its prompt: how many characters (and words). A near wording
 * of another length ("set -e" for `set -o errexit`, FLUSHDB for FLUSHALL, "file descriptors" for
 * `nofile`) is then no second right answer: raters failed typed items mostly for such a wording.
 */
function answerShape(lang: Lang, term: string): string {
  const chars = [...term.trim()];
  const han = chars.filter(c => /\p{Script=Han}/u.test(c)).length;
  const words = term.trim().split(/\s+/).length;
  if (han === chars.length) return t(lang, 'quizgen.shape-han', { n: han });
  if (words > 1) return t(lang, 'quizgen.shape-words', { w: words, n: chars.length });
  return t(lang, 'quizgen.shape-chars', { n: chars.length });
}

/** The blank for a term as written: in the same markup (`code`, **bold**) or bare. */
function blankFor(written: string): string {
  return written.startsWith('`') ? `\`${BLANK}\`` : written.startsWith('**') ? `**${BLANK}**` : BLANK;
}

/** Sentences with one key term blanked each; typed. One language only (the note's first). */
function fillTerms(
  p: Prep,
  terms: TermLookup,
  options: GenerateOptions,
  codeNames: CodeNamesOf,
  declaredInFile: ReadonlySet<string>,
  sharedPrompt: ReadonlySet<string>,
  named: TitleNames,
): ShortItem[] {
  const lang = p.langs[0];
  if (lang === undefined || p.langs.length > 1) return []; // a bilingual note's sentences do not pair up
  if (ABOUT_SHOWN_CODE.test(p.titlePlain[lang] ?? '')) return [];
  // A case study, a war story or a problem statement: its names (tables, topics, parameters) are its own.
  if (SCENARIO.test(p.titlePlain[lang] ?? '')) return [];
  const prose = p.prose[lang]!;
  const title = p.titlePlain[lang] ?? plainInline(pick(p.entry.title, lang));
  const candidates: TermCandidate[] = [];
  // "What does defer do?" names the one thing an "It…" of its answer is; "How to make a component act
  // once?" or "What is the role of A and B?" does not.
  const namesOneSubject = ONE_SUBJECT.test(title.trim()) && !/\band\b|\bvs\.?(?:\s|$)|\bversus\b|\bdifferen|\bcompar|和|与|及|区别|不同/i.test(title);
  const definedNames = new Set([...codeNames(p.entry.body[lang] ?? '').all, ...declaredInFile]);
  let examined = 0;
  for (const block of prose.blocks) {
    for (const sentence of block.sentences) {
      if (++examined > 16) break;
      const len = [...stripMarks(sentence)].length;
      const hanShare = (stripMarks(sentence).match(/\p{Script=Han}/gu)?.length ?? 0) * 2 > len;
      if (len < (hanShare ? options.minBlankSentenceCharsZh : options.minBlankSentenceChars) || len > options.maxBlankSentenceChars || !balanced(sentence) || !endsLikeSentence(sentence)) continue;
      if (META.test(sentence) || POINTS_BACK.test(stripMarks(sentence)) || /^[a-z]/.test(stripMarks(sentence)) || NOT_A_FACT.test(stripMarks(sentence))) continue;
      if (SCENARIO_LABEL.test(sentence)) continue;
      if (/\b(?:this|these|those)\s+(?:issue|problem|case|way|approach|method|process|step|one)\b/i.test(sentence)) continue; // "You can solve this issue by…"
      if (hanShare && leansOnUnseenNoun(sentence, `${title} ${p.context}`)) continue;
      // A pronoun whose noun is in the text before ("The first parameter it takes is a ＿＿＿", "它会…"):
      // the title does not always say which of its things "it" is.
      if (!namesOneSubject && LEANS_ON_PRONOUN.test(stripMarks(sentence))) continue;
      // A sentence about the example or the things just shown ("In this example, the `Menu`…", "By
      // comparing these two elements…"): its names are the example's, and they are not in the prompt.
      if (POINTS_AT_SHOWN.test(stripMarks(sentence))) continue;
      // "Today this is considered deprecated…": "this" stands for something said before.
      if (/\b(?:this|that)\s+(?:is|was)\b/i.test(stripMarks(sentence))) continue;
      // After a list item's label ("**Caching**: Instead, …"), the sentence must not lean on the one before.
      // ("It…" is fine here: the prompt shows the title it refers to.)
      if (POINTS_BACK.test(stripMarks(sentence.replace(/^\*\*[^*]+\*\*\s*[:：]\s*/, '')))) continue;
 // "本章节我们介绍…", "另外注意，这个…": needs the text around it
      // A sentence that lists three or more marked terms ("`extends`, `super`, `static`") is an
      // enumeration: any of them would fit its blank.
      const marked = (sentence.match(/\*\*[^*]+\*\*|`[^`]+`/g) ?? []).length;
      if (marked <= 2) {
        for (const m of sentence.matchAll(/\*\*([^*]+)\*\*/g)) {
          // "**Data Source**: They use…" is the label of a list item, not a term the sentence defines.
          // So is "**Faster rendering** The browser downloads…" or "**SAVEPOINT** − creates…": a label, then its text.
          // So is "**Context.** A bank migrated…" or "**A:** **Yes.** Atomic…": bold that ends in a full stop or colon.
          // Only marks and labels before it ("💡 **Follow-up**:", "**Analogy:** **VI**:") are the sentence's start.
          const atStart = sentence.slice(0, m.index).replace(/\*\*[^*]+[:：]\*\*|\*\*[^*]+\*\*\s*[:：]|[^\p{L}\p{N}]/gu, '') === '';
          const label = (atStart && /^\s*(?:[:：]|[-–—−]\s|[A-Z][a-z])/.test(sentence.slice(m.index + m[0].length))) || /[.:：]$/.test(m[1]!.trim()) || /^Q\d+$/.test(m[1]!.trim());
          // Emphasis inside the bold ("**_Readme.md_**") is markup, not part of the term.
          // So is a list's number written inside the bold ("**③Dubbo**"): the term is Dubbo.
          if (!label) candidates.push({ sentence, term: m[1]!.trim().replace(/^([_*])(.+)\1$/, '$2').replace(LIST_NUMBER, ''), written: m[0], rank: 3 });
        }
        for (const m of sentence.matchAll(/`([^`]+)`/g)) {
          // A short plain identifier (`user`, `id`, `data`) names something of the example, not a concept.
          const term = m[1]!.trim();
          // An expression (`name LIKE 'A%'`) is no name either.
          // A config line (`appendfsync everysec`) is no name either: it has a space.
          const expression = /['"%\s]/.test(term);
          // A field of the example ("this.myRef", "self.name") is a name the writer chose; any other fits.
          if (/^(?:this|self)\./.test(term)) continue;
          // So is a name the entry's own code defines (`foo()`, `modifyMap`): the example, not the prompt, says it.
          // So is a member of one (`inputRef.current`, `service.fetch()`): its first part is the example's name.
          const named = term.replace(/^[*&]+/, '');
          if (definedNames.has(named.replace(/\(.*$/, '')) || (named.includes('.') && definedNames.has(named.split('.')[0]!))) continue;
          if (!expression && (term.length >= 5 || /[._()\-/:]|[a-z][A-Z]/.test(term))) candidates.push({ sentence, term, written: m[0], rank: 1 });
        }
      }
      for (const found of terms.find(stripMarks(sentence))) {
        // A glossary term alone is blanked only when specific: 3+ Chinese characters, or a Latin
        // term of several words ("函数", "feature", "performance" are everywhere and a blank for them
        // has many right answers; "闭包" is specific, but its length cannot tell it from "函数").
        // Three Han characters are not specific enough either: 扩展性, 持久性, 主节点, 浏览器, 内核态
        // all have near fills (性能, 可靠性, master, 客户端, 内核) as right as they are.
        // A Latin glossary phrase that the writer did not mark is too often an everyday compound
        // ("operating system", "use case", "port number", "file system"): raters found its blank had
        // other right fills (OS, scenario, port, storage) two times in three. Marked (**bold**, `code`)
        // it is a term the writer stresses, and it stays a candidate above.
        // In Chinese prose a Latin term stands out as marked does ("共享 Page Cache 中的物理页").
        const chineseProse = ((stripMarks(sentence).match(/\p{Script=Han}/gu)?.length ?? 0) * 2 > [...stripMarks(sentence)].length);
        // The same holds for an unmarked Chinese glossary term of four characters or more: raters found
        // 配置文件, 局部变量, 类型检查, 哈希冲突 had near fills (构建文件, 变量, 类型安全, 冲突) as right.
        const specific = !/\p{Script=Han}/u.test(found) && chineseProse && /\s/.test(found);
        if (specific && sentence.replace(/`[^`]*`/g, ' ').includes(found)) candidates.push({ sentence, term: found, written: found, rank: 2 });
      }
    }
  }
  // Each sentence gives at most one item: its best-ranked sound term, the first of equals in the
  // writer's order, or another of them chosen by the entry's hash. Sentences in the writer's order.
  const titleProbe = probeText(`${title} ${p.context}`);
  const sentenceProbes = new Map<string, string>();
  const bySentence = new Map<string, { c: TermCandidate; accept: string[] }[]>();
  const answers = new Set<string>();
  for (const c of candidates) {
    if (!termShapeIsSound(c.term, options) || !termPlaceIsSound(c)) continue;
    const given = namesTheNoteGives(c.term, prose);
    const accept = [...new Set([...acceptedAnswers(c.term, terms), ...given])];
    if (c.rank === 3 && !boldTermIsSound(c.term, accept.length > 1)) continue;
    // The prompt shows the title and the note's name.
    if (!termIsSound(c, accept, titleProbe, sentenceProbes, `${title} ${p.context}`, terms)) continue;
    // Another name under the same heading of the same notes in the same sentence: either fits the blank.
    if (c.rank !== 2 && sharedPrompt.has(promptKey(p, lang, c.sentence, c.written))) continue;
    // A name neither the field knows (the glossary) nor the notes ask about (a heading names it) is
    // most often the example's or the project's own (`loginReducer`, `fct_sales`, `insertPos`). Not
    // so a name in capitals (SIGHUP, FIN_WAIT_2, MAXMEMORY): raters passed those as often either way.
    if (options.knownTermsOnly && !/^[A-Z0-9_]+$/.test(c.term) && given.length === 0 && terms.synonyms(c.term.replace(/\(\)$/, '')).length <= 1 && !named.has(c.term)) continue;
    const sound = bySentence.get(c.sentence) ?? [];
    if (sound.length > 0 && c.rank < sound[0]!.c.rank) continue;
    if (sound.length > 0 && c.rank > sound[0]!.c.rank) sound.length = 0;
    sound.push({ c, accept });
    bySentence.set(c.sentence, sound);
  }
  const out: ShortItem[] = [];
  for (const sound of bySentence.values()) {
    if (out.length >= options.maxFillItems) break;
    const { c, accept } = sound[p.hash % sound.length]!;
    // Two blanks of one entry with the same answer ask the same thing twice.
    const key = accept[0]!.toLowerCase();
    if (answers.has(key)) continue;
    answers.add(key);
    const blanked = c.sentence.replace(c.written, blankFor(c.written));
    const shape = answerShape(lang, accept[0]!);
    const question = p.context === '' ? t(lang, 'quizgen.fill-term', { title, sentence: blanked, shape }) : t(lang, 'quizgen.fill-term-in', { title, sentence: blanked, context: p.context, shape });
    // From what is asked, not how the prompt words it: a reworded prompt keeps the item's id (and its reviews).
    const id = itemId(p, 'fill-term', JSON.stringify([title, p.context, blanked, accept]));
    out.push({
      type: 'short',
      generated: { id, kind: 'fill-term' },
      question,
      accept,
      explanation: c.written.startsWith('**') || c.written.startsWith('`') ? c.sentence : c.sentence.replace(c.written, `**${c.written}**`),
    });
  }
  return out;
}

/** The one subject a title asks about: "What is X?", "What are X?", "什么是X？", "X是什么？". */
const SUBJECT_TITLE = /^(?:what\s+(?:is|are)\s+(?:an?\s+|the\s+)?(.+?)|什么是\s*(.+?)|(.+?)\s*是什么)\s*[?？]?$/i;

/**
 * A title that is a name and nothing else: up to three Latin words (no question word), or two to eight
 * Chinese characters. Its first sentence, when it opens with the name and defines it, is a "name the
 * term" item as a "What is X?" title's is.
 */
const BARE_TITLE = /^(?!(?:what|how|why|when|where|which|who|is|are|do|does|can|should)\b)[A-Za-z][\w.+#-]*(?:\s+[A-Za-z][\w.+#-]*){0,2}$|^\p{Script=Han}{2,8}$/iu;

/** Words after a subject that make its sentence a definition of it ("X is …", "X（…）是…"). */
const DEFINES = /^\s*(?:[(（][^()（）]{1,60}[)）]\s*)?(?:is|are|was|refers to|means|stands for|describes|represents|是|指|就是|即|，?也就是|，?又称|，?又叫)(?![A-Za-z])/i;

/**
 * "Name the term": the first sentence of a "What is X?" entry when it defines X ("X is …", "X 是…"),
 * with X blanked and the title not shown. X is a name or a short term (not the notes' common subject,
 * such as React in React notes), named nowhere else in the sentence.
 */
function nameTheTerm(p: Prep, terms: TermLookup, options: GenerateOptions, codeNames: CodeNamesOf): ShortItem | undefined {
  const lang = p.langs[0];
  if (lang === undefined || p.langs.length > 1) return undefined;
  const title = p.titlePlain[lang] ?? plainInline(pick(p.entry.title, lang));
  const m = SUBJECT_TITLE.exec(title.replace(TRAILING_LINK, '').trim());
  // A title that only names its subject ("Redundancy", "B-Tree", "Dockerfile", "死锁") asks what it is too.
  const bare = m ? undefined : BARE_TITLE.exec(title.replace(TRAILING_LINK, '').replace(/\s*[(（][^()（）]*[)）]$/, '').trim())?.[0];
  const subject = (m?.[1] ?? m?.[2] ?? m?.[3] ?? bare)
    // "What is TypeScript and why does Angular use it?", "What are directives in Angular?": the subject is the first part.
    ?.replace(/\s+and\s+(?:how|why|what|when|where|which|is|are|does|do|can)\b.*$/i, '')
    .replace(/\s+in\s+[\w.+#-]+(?:\s+[\w.+#-]+)?$/i, '')
    .trim();
  if (subject === undefined) return undefined;
  // One thing, shaped as a term: no "and", "vs", comma or clause; at most three Latin words or eight Han characters.
  if (/[,，、;；:：/]|\b(?:and|or|vs|versus|in|of|for|with|between|difference)\b|[和与及或的了]/i.test(subject)) return undefined;
  const han = subject.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han > 0 ? han < 2 || han > 8 || /[A-Za-z]/.test(subject) : subject.split(/\s+/).length > 3) return undefined;
  if (!termShapeIsSound(subject, options)) return undefined;
  // The notes' subject ("React" in React notes) is no answer: every title has it.
  const kw = p.keywords[lang];
  if (kw !== undefined && kw.latin.length === 0 && kw.han.length === 0) return undefined;
  const first = p.prose[lang]?.blocks.find(b => b.kind === 'paragraph')?.sentences[0];
  if (first === undefined) return undefined;
  return definitionItem(p, lang, title, first, subject, terms, options, codeNames(p.entry.body[lang] ?? '').all);
}

/**
 * "Name the term" from a sentence that defines a term it opens with ("X is …", "X 是…"), X blanked:
 * the title's subject in its first sentence, or (see {@link definedInText}) a name another sentence
 * of the entry defines.
 */
function definitionItem(p: Prep, lang: Lang, title: string, first: string, subject: string, terms: TermLookup, options: GenerateOptions, definedNames: ReadonlySet<string>): ShortItem | undefined {
  const han = subject.match(/\p{Script=Han}/gu)?.length ?? 0;
  const plain = stripMarks(first);
  const len = [...plain].length;
  const zh = han > 0 || (plain.match(/\p{Script=Han}/gu)?.length ?? 0) * 2 > len;
  if (len < (zh ? options.minBlankSentenceCharsZh : options.minBlankSentenceChars) || len > options.maxBlankSentenceChars) return undefined;
  if (!balanced(first) || !endsLikeSentence(first) || META.test(first) || POINTS_AT_SHOWN.test(plain)) return undefined;
  // The subject opens the sentence (after an article, in **bold** or `code` or not), and the sentence defines it.
  const lead = /^(?:(?:an?|the)\s+)?/i.exec(first)![0];
  const at = first.slice(lead.length);
  const written = [`**${subject}**`, `\`${subject}\``, subject].find(w => at.toLowerCase().startsWith(w.toLowerCase()));
  if (written === undefined) return undefined;
  const after = at.slice(written.length);
  if (/^[\p{L}\p{N}]/u.test(after) && !/\p{Script=Han}/u.test(subject)) return undefined; // "Hooks" in "Hookset"
  if (!DEFINES.test(stripMarks(after))) return undefined;
  // "X is a great approach", "X is a Software Engineer fresh out of college": an evaluation or a person, no definition.
  const said = /^\s*(?:[(（][^()（）]*[)）]\s*)?(?:is|are)\s+(\S+(?:\s+\S+){0,2})/i.exec(stripMarks(after))?.[1];
  if (said !== undefined && NOT_DEFINING.test(said)) return undefined;
  // As the sentence writes it (the title may differ in case).
  const asWritten = at.slice(0, written.length);
  const sentence = lead + blankFor(written) + after;
  const named = asWritten.replace(/\*\*/g, '');
  // A name the example code defines (`price` of `double price = 9.5`) is the example's, not a term.
  if (definedNames.has(named.replace(/`/g, '').replace(/\(.*$/, ''))) return undefined;
  const accept = [...new Set([...acceptedAnswers(named, terms), ...namesTheNoteGives(named, p.prose[lang])])];
  // A Latin plural is typed singular too ("closure" for Closures).
  if (han === 0 && /[^s]s$/i.test(accept[0]!) && accept[0]!.length > 4) accept.push(accept[0]!.slice(0, -1));
  const c: TermCandidate = { sentence: first, term: accept[0]!, written: asWritten, rank: 0 };
  // Named again in the sentence ("Angular elements are Angular components packaged as custom elements"),
  // glossed beside the blank ("＿＿＿ (XSS) is…"), or too little left to go on: no item.
  // The prompt shows the note's name too ("from Redis"): it must not say the answer either.
  const rest = probeText(`${after} ${p.context}`);
  if (accept.some(a => probeHasNormalized(rest, probeText(a).trim())) || givenAwayByForm(c.term, accept, `${stripMarks(after)} ${p.context}`) || glossedBeside(c, terms)) return undefined;
  if (wordCount(after) < 7) return undefined;
  const shape = answerShape(lang, accept[0]!);
  const question = p.context === '' ? t(lang, 'quizgen.name-term', { sentence, shape }) : t(lang, 'quizgen.name-term-in', { sentence, context: p.context, shape });
  const id = itemId(p, 'name-term', JSON.stringify([p.context, sentence, accept]));
  return {
    type: 'short',
    generated: { id, kind: 'name-term' },
    question,
    accept: [...new Set(accept)],
    explanation: `**${title}**\n\n${first}`,
  };
}

/**
 * A name that a sentence of the entry opens with and defines ("HTTP is a protocol for fetching
 * resources…", "Quicksort is a divide and conquer algorithm…", "Redis 是一个基于内存的…"), for an
 * entry whose title asks nothing of the kind: the first such sentence of a paragraph or list item.
 * Notes whose prose marks no term get items this way. Not an evaluation ("Caching is a great
 * approach", "JavaScript is the main focus"): see {@link NOT_DEFINING_WORDS}.
 */
function definedInText(p: Prep, terms: TermLookup, options: GenerateOptions, codeNames: CodeNamesOf): ShortItem | undefined {
  const lang = p.langs[0];
  if (lang === undefined || p.langs.length > 1) return undefined;
  const title = p.titlePlain[lang] ?? plainInline(pick(p.entry.title, lang));
  for (const block of p.prose[lang]?.blocks ?? []) {
    const sentence = block.sentences[0];
    if (sentence === undefined) continue;
    const plain = stripMarks(sentence);
    const m = DEFINING_SENTENCE.exec(plain);
    if (!m || DEFINITION_NOT_SUBJECTS.has(m[1]!.toLowerCase()) || NOT_DEFINING.test(m[2] ?? '')) continue;
    // "The executable is…", "The store is…": a thing of the text around it, not a term being defined.
    if (/^the\s/i.test(plain) && /^[a-z]/.test(m[1]!)) continue;
    if (NOT_A_FACT.test(plain) || !termShapeIsSound(m[1]!, options)) continue;
    const item = definitionItem(p, lang, title, sentence, m[1]!, terms, options, codeNames(p.entry.body[lang] ?? '').all);
    if (item) return item;
  }
  return undefined;
}

/** A sentence that opens with a name (after an article) and says what it is: the name, and what follows "is". */
const DEFINING_SENTENCE =
  /^(?:(?:an?|the)\s+)?([A-Za-z][\w.+#-]{1,30})\s*(?:[(（][^()（）]{1,60}[)）]\s*)?(?:(?:is|are)\s+((?:an?|the|one of the)\s+\S+)|(?:refers to|stands for)\s+(\S+)|是((?:一种|一个|一款|一类|一组|指)\S?))/i;
/** What makes "X is a …" an evaluation or a person rather than a definition: see {@link NOT_DEFINING_WORDS}. */
const NOT_DEFINING = new RegExp(`\\b(?:${[...NOT_DEFINING_WORDS].join('|')})\\b`, 'i');

/** General heads of English terms that people swap for each other when they type the term. */
const ENGLISH_HEADS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  operator: ['syntax'],
  syntax: ['operator'],
  function: ['method'],
  method: ['function'],
  keyword: ['statement', 'clause'],
  statement: ['keyword', 'clause'],
  clause: ['keyword', 'statement'],
  chart: ['graph'],
  graph: ['chart'],
});

function acceptedAnswers(raw: string, terms: TermLookup): string[] {
  // "<Suspense>" is typed "Suspense"; backticks inside bold are markup.
  // "[finisher]" (a label in brackets) is typed without them.
  const term = raw.replace(/`/g, '').replace(/^<\/?([A-Za-z][\w.]*)\s*\/?>$/, '$1').replace(/^\[([^\][]+)\]$/, '$1').trim();
  const out = [term];
  const bare = term.replace(/\(\)$/, '');
  if (bare !== term && bare !== '') out.push(bare);
  // An array type is typed without its brackets too ("byte" for `byte[]` before "数组" or "array").
  const element = term.replace(/(?:\[\])+$/, '');
  if (element !== term && element !== '') out.push(element);
  // A method written with its dot (".map()") is typed without it ("map", "map()").
  if (/^\.[A-Za-z_$]/.test(bare)) out.push(...new Set([term.slice(1), bare.slice(1)]));
  // A product name ends in its acronym ("Amazon SQS"): the acronym alone is the usual answer.
  const acronym = /^[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+([A-Z][A-Z0-9]{1,5})$/.exec(term);
  if (acronym) out.push(acronym[1]!);
  // A qualified name is typed by its last parts too ("location.href" and "href" for window.location.href,
  // "map" for Array.prototype.map(), "memo" for React.memo).
  const lowerKey = /^[a-z0-9_.-]+$/.test(bare) && term === bare && !QUALIFIER_ROOTS.has(bare.split('.')[0]!);
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(bare) && !lowerKey) {
    const parts = bare.split('.');
    for (let i = 1; i < parts.length; i++) {
      const tail = parts.slice(i).join('.');
      if (i < parts.length - 1 || tail.length >= 3) out.push(tail);
    }
  }
  // Glossary synonyms: translations, and same-language ones only when they share a word with the term,
  // spell a one-word term out, or are Chinese of the same length ("unique index" for unique key,
  // "mutual exclusion lock" for mutex, 缺点 for 坏处; not "main function" for entry point or "row" for
  // record: another sense).
  const han = /\p{Script=Han}/u.test(term);
  const words = (x: string) => new Set(han ? [...x].slice(0, -1).map((c, i) => c + [...x][i + 1]) : x.toLowerCase().split(/[\s_-]+/));
  const own = words(term);
  for (const s of terms.synonyms(term)) {
    const expansion = !han && !/\s/.test(term.trim()) && /\s/.test(s.trim()); // "mutual exclusion lock" for mutex
    // A Chinese synonym as long as the term (缺点 for 坏处, 最小堆 for 小顶堆) fits the length the prompt gives.
    const sameLength = han && /^\p{Script=Han}+$/u.test(s) && [...s].length === [...term].length;
    if (/\p{Script=Han}/u.test(s) !== han || expansion || sameLength || [...words(s)].some(w => own.has(w))) out.push(s);
  }
  // A call is looked up without its brackets too, for another spelling of its name only (MASTER_POS_WAIT
  // for `SOURCE_POS_WAIT()`), not a translation or another sense (集合 for `set()`, "CAP theorem" for `cap()`).
  if (bare !== term) {
    const bareWords = words(bare);
    for (const s of terms.synonyms(bare)) if (!/[\p{Script=Han}\s]/u.test(s) && [...words(s)].some(w => bareWords.has(w)) && !out.some(o => o.toLowerCase() === s.toLowerCase())) out.push(s);
  }
  // A glossary term written without its space ("minorGC" for minor GC) has the glossary's synonyms too.
  const spaced = bare.replace(/([a-z])([A-Z]{2,})$/, '$1 $2');
  if (spaced !== bare && terms.synonyms(bare).length === 0) {
    for (const s of terms.synonyms(spaced)) if (!/\p{Script=Han}/u.test(s) && !out.some(o => o.toLowerCase() === s.toLowerCase())) out.push(s);
  }
  // A Java release has four names: JDK1.8, JDK 8, Java 8 and Java 1.8 (up to 8; from 9 on, no "1.").
  out.push(...javaReleaseNames(bare));
  // A Chinese term with a general head is typed without it too ("页表" for 页表方案, "分段" for 分段机制).
  const head = /^(\p{Script=Han}{2,})(?:方案|方式|方法|机制|过程|操作|技术|策略)$/u.exec(term);
  if (head) out.push(head[1]!);
  // A name with a Chinese general head is typed without it ("V8" for V8引擎, "TCP" for TCP协议).
  const named = /^([A-Za-z][\w.+#-]*)\s*(?:引擎|协议|算法|框架|模型|命令|函数|语句|日志|文件|机制|方法)$/u.exec(term);
  if (named && named[1]!.length >= 2) out.push(named[1]!);
  // So is an English one ("spread" for Spread Operator), and its head is swapped for a near one
  // ("spread syntax", "flame graph" for flame chart, "order" of "call order" is not: a kind word only).
  const kind = /^([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)\s+(operator|syntax|function|method|keyword|statement|clause|command|directive|hook|chart|graph|log|object|property|properties|pattern|library|module)$/i.exec(term);
  if (kind && kind[1]!.length >= 3) {
    out.push(kind[1]!);
    const near = ENGLISH_HEADS[kind[2]!.toLowerCase()] ?? [];
    for (const h of near) out.push(`${kind[1]} ${kind[2] === kind[2]!.toLowerCase() ? h : h[0]!.toUpperCase() + h.slice(1)}`);
  }
  return [...new Set(out.map(s => s.trim()).filter(Boolean))];
}

/** The other names of a Java release ("JDK1.8": JDK 8, Java 8, Java 1.8); none for anything else. */
export function javaReleaseNames(term: string): string[] {
  const m = /^(?:jdk|java|j2se)\s*(1\.)?(\d{1,2})$/i.exec(term.trim());
  if (!m) return [];
  const major = Number(m[2]);
  // "1.x" names releases 2 to 8; a bare number is a release from 5 on ("Java 2" is J2SE 1.2).
  if (m[1] ? major < 2 || major > 8 : major < 5) return [];
  const names = [`JDK ${major}`, `Java ${major}`];
  if (major <= 8) names.push(`JDK 1.${major}`, `Java 1.${major}`);
  return names;
}

/**
 * Where the term stands leaves one answer: not a member of an enumeration ("＿＿＿、确认应答、重传",
 * "timeouts, retries, ＿＿＿"), not an example ("e.g. `onDelete`", "比如＿＿＿"), any of which would fit.
 */
function termPlaceIsSound(c: TermCandidate): boolean {
  const at = c.sentence.indexOf(c.written);
  if (at < 0) return false;
  const before = stripMarks(c.sentence.slice(Math.max(0, at - 16), at)).trimEnd();
  const after = stripMarks(c.sentence.slice(at + c.written.length, at + c.written.length + 16)).trimStart();
  // The label of a list item ("应用场景：多用于…", "Use case: …"): a heading of the point, not a term of it.
  if (before === '' && /^[:：]/.test(after)) return false;
  // 、 and / always list; a comma lists when another comma or an "and" follows the term, or one is before it too.
  if (/[、/；;]$/.test(before) || /^[、/；;]/.test(after)) return false;
  if (/[,，]$/.test(before) && (/^(?:[,，]|and\b|or\b|和|或)/.test(after) || /[,，]\s*(?:and|or)?\s*$/.test(before) && /^[^,，。.]{0,3}$/.test(after))) return false;
  if (/[,，]\s*(?:and|or)$/i.test(before)) return false; // "…, ordering and ＿＿＿"
  if (/[,，]$/.test(before) && /^[^,，。.]{0,6}(?:以及|和|及|与|、|\band\b|\bor\b)/.test(after)) return false; // "内存管理，＿＿＿的管理以及…"
  if (/^[,，]\s*[^,，。.]{1,20}(?:[,，]|\band\b|\bor\b|和|或)/.test(after)) return false; // "＿＿＿, timeouts, retries
  if (/^(?:等|之类|和|或|与|及|以及)/.test(after) || /(?:和|或|与|及|以及)$/.test(before)) return false; // "灵活性和＿＿＿"
  if (/^(?:and|or)\b/.test(after) && /[、,，]/.test(c.sentence)) return false;
  // An alternative beside it ("`.then()` blocks or setTimeout", "either … or ＿＿＿"): either would fit.
  // A bold term with another marked term beside it ("**＿＿＿** or **Pointer**"); not "a **mutex** or close a file".
  const rawAfter = c.sentence.slice(at + c.written.length);
  if (c.rank === 3 && (/^\s*or\s+(?:\*\*|`)/i.test(rawAfter) || /(?:\*\*|`)\s*or\s*$/i.test(c.sentence.slice(0, at)))) return false;
  if (c.rank === 1 && (/^[^.,;:，。]{0,12}\bor\b/i.test(after) || /\bor\s*(?:`|\*\*)?$/i.test(c.sentence.slice(Math.max(0, at - 8), at)))) return false;
  // A glossary word inside running Chinese must stand as a word: "独立＿＿＿空间" or "整套＿＿＿" cut a compound.
  if (c.rank === 2 && /\p{Script=Han}/u.test(c.term)) {
    const glueBefore = /\p{Script=Han}$/u.test(before) && !/[的是和与或在为了将把被对用从到成于以由过个种即叫称]$/u.test(before);
    const glueAfter = /^\p{Script=Han}/u.test(after) && !/^[的是和与或在为了将把被中上下来去也都就会能可时后前等]/u.test(after);
    if (glueBefore || glueAfter) return false;
  }
  if (/(?:\be\.g\.|\bfor example|\bsuch as|\blike|\bincluding|比如|例如|譬如|如|诸如|像)[,，:：]?\s*[(（]?$/i.test(before)) return false;
  // A name given to a table, column or field of the exercise ("试卷作答记录表 `exam_record`", "the column
  // `prod_id`", "字段 `favoriteNumber`"): the writer chose it. Raters failed all four such items.
  if (c.rank === 1 && /(?:表|字段|列|队列|主题|消费组|\btable|\bcolumn|\bfield|\bqueue|\btopic|\bbucket)\s*$/i.test(before)) return false;
  // So is one the sentence calls a table, topic or queue after it ("a PostgreSQL `payments` table", "the
  // `analytics` queue", "`order-service` 消费组"). Raters failed 9 of 10 such items.
  if (c.rank === 1 && /^(?:tables?|columns?|fields?|queues?|topics?|buckets?|consumer groups?|files?|表|字段|列|队列|主题|消费组)\b/i.test(after)) return false;
  // A thing named only by pointing at text the prompt does not show ("这里的 `items`", "后文会提到的
  // `Kafka`", "上面提到的"): what it is, that text says. Raters failed both such items.
  if (/(?:这里|此处|上面|下面|上文|下文|前文|后文|前面|后面)(?:会|将)?(?:提到|介绍|讲到|说到|讲|说)?(?:过)?的\s*$/.test(before)) return false;
  return true;
}

/**
 * A **bold** span is a term only when short and shaped like one: not a clause ("必须是相邻的才是伙伴",
 * "B+Tree key 的排序机制", "Prioritize integration tests"), not a plain English word ("Record",
 * "combining") that other words fit as well.
 */
function boldTermIsSound(term: string, inGlossary: boolean): boolean {
  const han = term.match(/\p{Script=Han}/gu)?.length ?? 0;
  if (han > 0) {
    if (/[A-Za-z]/.test(term) && /\s/.test(term)) return false; // "独立的 B+Tree": a phrase
    if (/[的是了才都就在把被要必须和与或]/u.test(term)) return false; // function words: a clause
    // A short Chinese word the writer bolds is as often an everyday word (默认, 注意, 重新, 开启, 坏处)
    // as a term, and raters found one of the same length as right for it (缺省, 提示, 再次, 打开, 缺点):
    // of three characters or fewer, only one the glossary knows (its synonyms are then accepted too).
    if (han === [...term].length && han <= 3) return inGlossary;
    return han <= 6;
  }
  const words = term.trim().split(/\s+/);
  if (words.length > 2) return false;
  // One plain word ("Record", "combining"): an everyday word or a button's label, unless the
  // glossary knows it as a term in lower case ("mutex").
  // An adjective ("immutable", "stateless") has near synonyms as right as it (read-only, presentational).
  if (words.length === 1 && /^[a-z]+(?:able|ible|less|ful|ive|ous)$/.test(term.trim())) return false;
  if (words.length === 1 && /^[A-Z]?[a-z]+$/.test(term.trim())) return inGlossary && /^[a-z]/.test(term.trim());
  return true;
}

/**
 * How many words a typed answer is: Latin words by spaces, and a run of Chinese characters as one word
 * up to three characters and two from four (层级时间轮, 块式管理, 页表方案 are two words each, and raters
 * found a near wording as right for each: 分层时间轮, 固定分区, 分页); V8引擎 is two.
 */
function termWords(term: string): number {
  let words = 0;
  for (const run of term.trim().match(/\p{Script=Han}+|[^\s\p{Script=Han}]+/gu) ?? []) words += /\p{Script=Han}/u.test(run) && [...run].length >= 4 ? 2 : 1;
  return words;
}

/** The term itself is a term: not too short or long, not a generic word, not an expression. */
function termShapeIsSound(term: string, options: GenerateOptions): boolean {
  const chars = [...term].length;
  if (chars < 2 || chars > options.maxTermChars) return false;
  if (!/\p{L}/u.test(term)) return false;
  // A placeholder (`@Something`, `foo`, `myVar`) stands for any name.
  if (/something|^[@.]?(?:foo|bar|baz|qux)\b|^[@.]?my[A-Z_]/i.test(term)) return false;
  // So is a placeholder type (`ClassName&`, `TypeName`, `SomeClass`), not React's `className`.
  if (/^(?:ClassName|TypeName|SomeClass|YourClass|SomeType)\b/.test(term)) return false;
  if (/[A-Za-z0-9]\/[A-Za-z]/.test(term)) return false; // "SLAB/SLUB": two answers in one
  // An element of an example's array (dp[i], nums[right], dp[i-1][j-1]): the example names it, and
  // raters found its index was the writer's choice. A type's empty brackets (byte[]) are kept.
  if (/\w\[[^\]]+\]/.test(term)) return false;
  // A file name or a web address ("vite.config.js", "CONTRIBUTING.md", "bundlephobia.com") names a file of
  // the example, not a concept.
  if (/\.(?:js|jsx|ts|tsx|json|md|ya?ml|toml|html?|css|com|org|net|io|dev|txt|conf|cfg|ini|lock|xml|py|go|java|sh)`?$/i.test(term)) return false;
  // So does a mail or web address (`<xiaoma@qq.com>`, `https://…`): the example's, not the subject's.
  if (/@[\w-]+\.\w|:\/\//.test(term)) return false;
  // A member of a one-letter name (`b.length`, `s.charAt()`): the example's variable, which the prompt does not show.
  if (/^[a-z]\.[A-Za-z_]/.test(term)) return false;
  // A name numbered as examples are (allocation2, thread1, userService2): the example's, not the language's.
  if (/^[a-z][a-zA-Z]{4,}\d$/.test(term)) return false;
  // A snake_case name ending as a column does (shift_id, cust_name, inserted_by, order_idx, exam_record): the
  // example's table, not a setting (sync_binlog, tcp_orphan_retries). Raters failed all eleven of them.
  if (EXAMPLE_COLUMN.test(term)) return false;
  // A phrase that opens with an everyday modifier ("new object", "high performance", "always re-renders").
  if (/^(?:new|old|high|low|good|better|best|always|never|more|less|same|other|big|small|fast|slow|simple|whole|entire|main|proper)\s/i.test(term)) return false;
  const lower = term.toLowerCase();
  if (GENERIC_TERMS.has(lower) || QUESTION_WORDS_EN.has(lower)) return false;
  if (termWords(term) > options.maxTermWords) return false; // a phrase, or more words than one types back
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
function termIsSound(c: TermCandidate, accept: readonly string[], titleProbe: string, sentenceProbes: Map<string, string>, title: string, terms: TermLookup): boolean {
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
  if (givenAwayByForm(c.term, accept, `${stripMarks(rest)} ${title}`) || glossedBeside(c, terms)) return false;
  return wordCount(rest) >= 7;
}

/**
 * The prompt gives the answer away by another form of it: another ending or a Han stem
 * ({@link leaksByForm}), its counterpart ({@link namesCounterpart}), or a part of a compound name
 * ({@link leaksInCompound}). Both typed kinds ask this of the text they show.
 */
function givenAwayByForm(term: string, accept: readonly string[], prompt: string): boolean {
  return leaksByForm(term, prompt) || namesCounterpart(term, prompt) || leaksInCompound(accept, prompt) || acronymGivenAway(term, prompt);
}

/**
 * An acronym the prompt spells out or shows in a longer name: "Multi-purpose Internet Mail Extensions"
 * for MIME, "real user ID" for RUID (a word in capitals gives all its letters), "JavaScript Object
 * Notation" for JSON (so does a word with capitals inside), IPv4 for IP, "UID/GID" for UID's. Raters
 * failed all five such items of 1,861 rated. Words of lower case spell an acronym of
 * three letters or more only ("is present" is no IP).
 */
export function acronymGivenAway(term: string, prompt: string): boolean {
  // A command named by its initials is written in lower case ("pwd" is Print Working Directory): only
  // words in capitals spell it out.
  const lower = /^[a-z]{2,6}$/.test(term.trim());
  const acronym = lower ? term.trim().toUpperCase() : /^([A-Z]{2,6})(?:['’]?s)?$/.exec(term.trim())?.[1];
  if (acronym === undefined) return false;
  for (const token of prompt.match(/[A-Za-z0-9]+/g) ?? []) {
    const upper = token.toUpperCase();
    if (token !== term && (upper === acronym || (upper.startsWith(acronym) && /^V?\d+$/.test(upper.slice(acronym.length))))) return true;
  }
  const words = prompt.match(/[A-Za-z]+(?:-[A-Za-z]+)*/g) ?? [];
  for (let i = 0; i < words.length; i++) {
    let at = 0;
    let j = i;
    let capitalised = true;
    while (at < acronym.length && j < words.length) {
      const w = words[j]!;
      const capitals = w.replace(/[^A-Z]/g, '');
      if (w.length > 1 && w === w.toUpperCase() && acronym.startsWith(w, at)) at += w.length;
      // A word with capitals inside gives them all (JavaScript Object Notation: JSON).
      else if (capitals.length > 1 && w[0] === capitals[0] && acronym.startsWith(capitals, at)) at += capitals.length;
      else if (w[0]!.toUpperCase() === acronym[at]) {
        if (w[0] !== w[0]!.toUpperCase()) capitalised = false;
        at += 1;
      } else break;
      j++;
    }
    if (at === acronym.length && j - i >= 2 && (capitalised || (!lower && acronym.length >= 3))) return true;
  }
  return false;
}

/**
 * An accepted answer (or its translation) is a part of a compound name in the prompt: 随机, accepted
 * as "random", is given away by RandomLoadBalance; "Load" by LoadBalancer.
 */
function leaksInCompound(accept: readonly string[], text: string): boolean {
  const answers = new Set(accept.map(a => a.toLowerCase()).filter(a => /^[a-z]{3,}$/.test(a)));
  if (answers.size === 0) return false;
  for (const word of text.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []) {
    if (!/[a-z][A-Z]|[A-Z]{2}[a-z]/.test(word)) continue;
    for (const part of word.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/)) if (answers.has(part.toLowerCase())) return true;
  }
  return false;
}

/**
 * The blank is glossed where it stands: an acronym or a translation in brackets right after it
 * ("＿＿＿ (XSS)", "＿＿＿ (OS)", "＿＿＿（进程间通信）"), or the term in brackets after its gloss
 * ("XSS (＿＿＿)"). The gloss names what the blank hides.
 */
function glossedBeside(c: TermCandidate, terms: TermLookup): boolean {
  const at = c.sentence.indexOf(c.written);
  const after = stripMarks(c.sentence.slice(at + c.written.length)).trimStart();
  const before = stripMarks(c.sentence.slice(0, at)).trimEnd();
  // In brackets after it: a name or acronym ("(XSS)", "（Head-of-Line blocking）"), or a short translation of
  // a Latin term ("(操作系统)"). A definition ("（键值对数量与桶数量之比）") is what the blank asks for: fine.
  const gloss = /^[-‐]?\s*[(（]([^()（）]{1,40})[)）]/.exec(after)?.[1]?.trim();
  if (gloss !== undefined && (/^[A-Za-z][A-Za-z0-9 .+/-]*$/.test(gloss) || (!/\p{Script=Han}/u.test(c.term) && /^\p{Script=Han}{2,8}$/u.test(gloss)))) return true;
  // An acronym's Chinese expansion, however long ("＿＿＿（开放式最短路径优先）" for OSPF).
  if (gloss !== undefined && /^[A-Z]{2,6}$/.test(c.term) && /^\p{Script=Han}{2,20}$/u.test(gloss)) return true;
  // The term in brackets after its gloss: "XSS (＿＿＿)" spells it out; "读写锁（`RWMutex`）" asks for the
  // name in code of a thing said in Chinese, which is knowledge, unless the Chinese is the glossary's
  // translation of the name ("互斥锁（`sync.Mutex`）": mutex is 互斥锁, raters found it a giveaway).
  if (/[(（]$/.test(before) && /^[)）]/.test(after)) {
    if (!(c.rank === 1 && /\p{Script=Han}\s*[(（]$/u.test(before))) return true;
    // A plain English word in brackets after a Chinese one ("过滤器（`filter`）") is its translation, not a name to know.
    if (/^[a-z]+$/.test(c.term)) return true;
    const name = c.term.replace(/\(\)$/, '');
    const said = before.replace(/\s*[(（]$/, '');
    // The translation is the whole word before the bracket (互斥锁, not the 锁 of 写锁).
    const wholeWord = (w: string) => said.endsWith(w) && (said.length === w.length || /[^\p{Script=Han}]|[的是了：]/u.test(said[said.length - w.length - 1]!));
    if (terms.synonyms(name.slice(name.lastIndexOf('.') + 1)).some(w => /\p{Script=Han}{2,}/u.test(w) && wholeWord(w))) return true;
  }
  // Right after the glossary's translation of its words, with no bracket: "可重入锁 `ReentrantLock`" says the
  // name word by word (reentrant lock is 可重入锁). Raters found it a giveaway.
  const parts = c.term.replace(/\(\)$/, '').match(/[A-Z][a-z]+|[a-z]+/g) ?? [];
  if (c.rank === 1 && parts.length >= 2 && parts.join('') === c.term.replace(/\(\)$/, '')) {
    const said = before.replace(/[\s:：]+$/, '');
    if (terms.synonyms(parts.join(' ').toLowerCase()).some(w => /^\p{Script=Han}{2,}$/u.test(w) && said.endsWith(w))) return true;
  }
  // An acronym spelt out elsewhere in the sentence ("The ＿＿＿ policies drop the keys used least recently" for LRU).
  if (/^[A-Z]{2,6}$/.test(c.term)) {
    // Its letters as the initials of as many words in a row, in any order ("used least recently").
    const initials = (c.sentence.replace(c.written, ' ').match(/[A-Za-z]+/g) ?? []).map(w => w[0]!.toUpperCase());
    const want = [...c.term].sort().join('');
    for (let i = 0; i + c.term.length <= initials.length; i++) if (initials.slice(i, i + c.term.length).sort().join('') === want) return true;
    // Or in order, a word giving more than its initial ("Universally Unique Identifier" for UUID, ID of Identifier).
    const spelt = (c.sentence.replace(c.written, ' ').match(/[A-Za-z]+/g) ?? []).map(w => w.toUpperCase());
    for (let i = 0; i < spelt.length; i++) if (spellsOut(c.term, spelt, i, 0)) return true;
  }
  // The acronym of the term's words elsewhere in the sentence ("Server-Side Rendering … SSR").
  const words = c.term.match(/[A-Za-z][a-z]*|[A-Z]+/g) ?? [];
  if (words.length >= 2) {
    const initials = words.map(w => w[0]!.toUpperCase()).join('');
    if (new RegExp(`\\b${initials}s?\\b`).test(c.sentence.replace(c.written, ' '))) return true;
    // "IPv4（＿＿＿ version 4）": the acronym before the bracket starts with the term's initials.
    if (new RegExp(`\\b${initials}[A-Za-z0-9]*\\s*[(（][^)）]*$`).test(before)) return true;
  }
  return false;
}

/** Whether words from `at` on spell the acronym out, each word giving the first one to three of its letters. */
function spellsOut(acronym: string, words: readonly string[], at: number, used: number): boolean {
  if (acronym === '') return used >= 2;
  const word = words[at];
  if (word === undefined) return false;
  for (let k = Math.min(3, acronym.length); k >= 1; k--) if (word.startsWith(acronym.slice(0, k)) && spellsOut(acronym.slice(k), words, at + 1, used + 1)) return true;
  return false;
}

/**
 * Another form of the answer is in the prompt: its Han stem ("持久化了" for 持久性, "乐观" for 乐观锁),
 * a word of a name ("default props" for defaultProps, "prevent default" for preventDefault,
 * `revokeObjectURL` beside createObjectURL), or the same word with another ending (managing states).
 */
function leaksByForm(term: string, prompt: string): boolean {
  const han = term.match(/\p{Script=Han}+/gu) ?? [];
  // Its first two characters, or its last two with the first before them ("的锁进行消除" for 锁消除).
  for (const run of han) if (run.length >= 3 && (prompt.includes(run.slice(0, 2)) || (prompt.includes(run.slice(-2)) && prompt.indexOf(run[0]!) >= 0 && prompt.indexOf(run[0]!) < prompt.lastIndexOf(run.slice(-2))))) return true;
  const latin = term.match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
  if (latin.length === 0) return false;
  const words = new Set<string>();
  for (const w of prompt.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []) {
    words.add(stem(w));
    for (const part of nameParts(w)) words.add(stem(part));
  }
  // Words of four letters or more, and the head word of a phrase ("key" of "unique key" beside "key change").
  const parts = latin
    .flatMap(w => [w, ...nameParts(w)])
    .filter((w, i, all) => (w.length >= 4 || (latin.length > 1 && w === latin.at(-1) && w.length >= 3)) && !QUESTION_WORDS_EN.has(w.toLowerCase()) && all.indexOf(w) === i);
  if (parts.some(w => words.has(stem(w)))) return true;
  // The same root with another ending ("an observer" for Observable, "declarations" for Declarable,
  // "obfuscated" for Obfuscation), or the same name with another first part (`decodeURI` for encodeURI).
  const promptWords = prompt.match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
  for (const w of latin) {
    const a = w.toLowerCase();
    for (const x of promptWords) {
      const b = x.toLowerCase();
      if (a === b) continue;
      let n = 0;
      while (n < a.length && n < b.length && a[n] === b[n]) n++;
      if (n >= 6) return true;
      let k = 0;
      while (k < a.length && k < b.length && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
      if (k >= 5 && /[a-z][A-Z]/.test(w) && /[a-z][A-Z]/.test(x)) return true;
    }
  }
  // A word of the prompt inside the name ("uppercase" in toUpperCase, "default" in preventDefault).
  const joined = latin.join('').toLowerCase();
  for (const w of prompt.match(/[A-Za-z]{5,}/g) ?? []) if (joined.includes(w.toLowerCase()) && !QUESTION_WORDS_EN.has(w.toLowerCase())) return true;
  return false;
}

/**
 * Other names the note itself gives a term ("A hypervisor is … It is also called Virtual Machine
 * Monitor.", "X，又称 Y"): as right as the term, so accepted too. Read from the sentence that first names
 * the term and the one after it, where "It" or "This" still stands for the term.
 */
function namesTheNoteGives(term: string, prose: Prose | undefined): string[] {
  if (!prose) return [];
  const out: string[] = [];
  const said = new RegExp(`(?:${escapeRegExp(term)}|^(?:It|This|它|其))[^.。!?！？]{0,80}?(?:also (?:called|known as|referred to as)|a\\.?k\\.?a\\.?|又称|也叫|也称|又叫|简称)\\s*(?:an?\\s+|the\\s+)?[“"'\`*]*([A-Za-z][\\w+.#-]*(?:\\s+[A-Za-z][\\w+.#-]*){0,3}|\\p{Script=Han}{2,10})`, 'iu');
  // Only where the note first names the term: a later "Type 2 hypervisors, also called hosted
  // hypervisors" names something else.
  for (const block of prose.blocks) {
    const sentences = block.sentences.map(stripMarks);
    const i = sentences.findIndex(sentence => sentence.includes(term));
    if (i < 0) continue;
    for (const s of [sentences[i]!, sentences[i + 1]]) {
      const m = s === undefined ? null : said.exec(s);
      const name = m?.[1]!.replace(/[.#-]+$/, '').trim();
      if (name && name.toLowerCase() !== term.toLowerCase()) out.push(name);
    }
    break;
  }
  return [...new Set(out)];
}

/**
 * Each side of each counterpart pair, both ways, compiled once. A Latin side is matched at a word or
 * camelCase boundary ("Input" of @Input, "send" of send(), "runtime" as a word).
 */
const COUNTERPART_SIDES = COUNTERPARTS.flatMap(([a, b]) => [
  [a, b],
  [b, a],
]).map(([from, to]) => ({
  from: from!,
  to: to!,
  at: /\p{Script=Han}/u.test(from!) ? undefined : new RegExp(`(?:^|(?<=[^A-Za-z])|(?<=[a-z])(?=[A-Z]))${escapeRegExp(from!)}(?![a-z])`, 'i'),
}));

/** The prompt names the answer's counterpart: the answer with one side of a pair swapped for the other (see {@link COUNTERPARTS}). */
function namesCounterpart(term: string, prompt: string): boolean {
  const name = term.replace(/\(\)$/, '').replace(/^@/, '');
  const lowerPrompt = prompt.toLowerCase().replace(/[\s_-]+/g, '');
  for (const { from, to, at } of COUNTERPART_SIDES) {
    if (!at) {
      if (name.includes(from) && prompt.includes(name.replace(from, to))) return true;
      continue;
    }
    const m = at.exec(name);
    if (!m) continue;
    const swapped = (name.slice(0, m.index) + to + name.slice(m.index + from.length)).toLowerCase().replace(/[\s_-]+/g, '');
    if (swapped.length >= 3 && lowerPrompt.includes(swapped)) return true;
  }
  return false;
}

/** A line offering one lettered choice: "A) …", "- (b) …", "C. …", "D: …", "选项A：…". */
const CHOICE_LINE = /^\s*(?:[-*+]\s+)?(?:选项\s*)?[(（]?([A-Ea-e])[)）.:：]\s+\S/;

/**
 * Text that is a multiple-choice exercise: at least three lettered choices in a row starting at A
 * (a list that merely counts "a) … b) …" has no answer key, so either that or an "Answer: B" line).
 */
export function isExercise(markdown: string): boolean {
  let run = 0;
  let expected = 'a';
  let runs = 0;
  let keyed = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(?:>\s*)?(?:\*\*)?\s*(?:correct\s+)?(?:answer|ans|答案|正确答案)\s*[:：]?\s*(?:\*\*)?\s*[:：]?\s*\(?[A-Ea-e]\)?\b/i.test(line)) keyed = true;
    const m = CHOICE_LINE.exec(line);
    if (!m) continue;
    const letter = m[1]!.toLowerCase();
    if (letter === 'a') run = 1;
    else if (letter === expected) run++;
    else run = 0;
    expected = String.fromCharCode(letter.charCodeAt(0) + 1);
    if (run === 3) runs++;
  }
  return runs >= 2 || (runs >= 1 && keyed);
}

/** For `check`: a short phrase for each reason an entry has no items. */
export const NO_QUIZ_REASONS: Readonly<Record<NoQuizReason, string>> = Object.freeze({
  'turned-off': 'generation turned off (autoquiz: false)',
  'no-text': 'a heading with no text of its own (a chapter heading)',
  'too-short': 'too little text to ask about',
  contents: 'a list of links (a table of contents)',
  'code-only': 'only code, no prose',
  'not-a-question': 'a section that is no question (introduction, summary, references…)',
  exercise: 'a multiple-choice exercise (its options and scenario are no answer to ask about)',
  'no-sound-item': 'no sound item (no marked term to blank and no definition to name)',
});
