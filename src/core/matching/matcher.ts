import type { Entry, EntrySource } from '../knowledge/entry.ts';
import { allVariants, pick, type Lang } from '../language.ts';
import { createCommonness, type Commonness } from './commonness.ts';
import { createTranslations, type Translations } from './translations.ts';
import { analyzeStructure, titleKey, wordingKey } from './entry-structure.ts';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from './match-options.ts';
import type { MatchResult, ScoredEntry } from './match-result.ts';
import { cleanQuestion } from './question-text.ts';
import { SearchIndex, type DocScore, type IndexLexicon, type QueryUnit } from './search-index.ts';
import type { AnalysisCache } from './analysis-cache.ts';
import type { Segmenter } from './segmenter.ts';
import { ASPECT_PHRASES, CODE_KEYWORDS, FILLER_PHRASES, INTENT_WORDS, OPERATORS, REFERENCE_MARKERS } from './stopwords.ts';
import { AspectReader } from './aspects.ts';

/** A heading with sub-headings and less own text than this (characters) may be a chapter. */
const CHAPTER_MAX_OWN_TEXT = 40;
/** A heading written as a question (then it is an answer, not a chapter). */
const QUESTION_LIKE = /[?？]|吗|什么|如何|怎么|怎样|为什么|为何|哪些|哪个|是否|\b(?:how|what|why|when|which|who|where|does|do|is|are|can|should|explain)\b/i;

/** Only createInSteps builds a matcher whose index comes later. */
const DEFER_INDEX = Symbol('defer index');

export interface MatcherInput {
  readonly entries: readonly Entry[];
  /** Built-in glossary groups followed by the knowledge base's own. */
  readonly glossary: readonly (readonly string[])[];
  readonly stopwordsEn: ReadonlySet<string>;
  readonly stopwordsZh: ReadonlySet<string>;
  /** Default: the built-in intent words, operators and filler phrases (lexicon/). */
  readonly intentWords?: ReadonlySet<string>;
  readonly operators?: readonly string[];
  readonly fillerPhrases?: readonly string[];
  /** Aspect → phrases (default: `lexicon/aspects.txt`). */
  readonly aspects?: ReadonlyMap<string, readonly string[]>;
  /** How Chinese is cut into words; default: a jieba segmenter of the matcher's own. Share one across rebuilds. */
  readonly segmenter?: Segmenter;
  /** How everyday a word is; default: word frequencies of everyday English and Chinese, read on first use. Share one across rebuilds. */
  readonly commonness?: Commonness;
  /** Everyday words across Chinese and English; default: CC-CEDICT, read on first use. Share one across rebuilds. */
  readonly translations?: Translations;
  readonly options?: Partial<MatchOptions>;
  /** Entry analyses kept across rebuilds, so that a rebuild analyses only changed entries. Share one across rebuilds. */
  readonly cache?: AnalysisCache;
}

export interface RankedEntry {
  readonly entry: Entry;
  readonly confidence: number;
  readonly rank: number;
  readonly detail: DocScore;
}

/**
 * Matches a question to an entry with a confidence, and decides: answer, "did you mean", or decline.
 * Confidence rewards covering the question's informative words (words the notes never use count
 * against it), especially in the title or aliases, and naming what the entry's title names.
 */
export class Matcher {
  readonly options: MatchOptions;
  private built: SearchIndex | undefined;
  /** The entries the index holds (duplicates and tables of contents left out), and its words. */
  private readonly indexed: readonly Entry[];
  private readonly lexicon: IndexLexicon;
  /** Per indexed entry: a chapter heading (computed once, not per question). */
  private readonly chapters: Uint8Array;
  /** Per indexed entry: the indexed entry its heading is under, or -1. */
  private readonly parents: Int32Array;
  /** Per indexed entry: its title reduced for comparison (two entries titled alike are one choice). */
  private readonly titleKeys: string[] = [];
  private readonly fillers: readonly string[];
  private readonly aspects: AspectReader;
  /** Per indexed entry: the aspects its title answers. */
  private readonly titleAspects: number[] = [];
  /** Entry id → every place the same entry is written (duplicated sections), first the one answered. */
  private readonly places = new Map<string, EntrySource[]>();
  /** Entry id of a duplicate → the id of the entry that answers for it. */
  private readonly canonicalIds = new Map<string, string>();
  /** Every title (in each language) as a question reduces it, and each alias with the entries it belongs to. */
  private readonly exactTitles = new Set<string>();
  private readonly aliasOwners = new Map<string, number[]>();
  /** Each title's wording (see {@link wordingKey}) with the indexed entries titled so. */
  private readonly wordingOwners = new Map<string, number[]>();

  constructor(input: MatcherInput, deferIndex?: typeof DEFER_INDEX) {
    this.options = Object.freeze({ ...DEFAULT_MATCH_OPTIONS, ...input.options });
    // Lower-cased once: every title, alias and question is cleaned with them.
    this.fillers = Object.freeze((input.fillerPhrases ?? FILLER_PHRASES).map(p => p.toLowerCase()));
    this.aspects = new AspectReader({ phrases: input.aspects ?? ASPECT_PHRASES });
    const structure = analyzeStructure(input.entries, this.options);
    const indexed: Entry[] = [];
    const chapters: number[] = [];
    const indexOf = new Int32Array(input.entries.length).fill(-1);
    input.entries.forEach((entry, i) => {
      const canonical = input.entries[structure.canonical[i]!]!;
      if (canonical !== entry) {
        this.canonicalIds.set(entry.id, canonical.id);
        this.places.get(canonical.id)?.push(entry.source);
        return;
      }
      this.places.set(entry.id, [entry.source]);
      if (structure.toc[i]) return; // a table of contents is never an answer
      indexOf[i] = indexed.length;
      indexed.push(entry);
      chapters.push(structure.chapter[i]!);
      this.titleKeys.push(titleKey(pick(entry.title, 'en')));
      this.titleAspects.push(allVariants(entry.title).reduce((set, t) => set | this.aspects.read(t), 0));
      for (const t of allVariants(entry.title)) {
        const cleaned = cleanQuestion(t, this.fillers);
        this.exactTitles.add(titleKey(cleaned));
        addOwner(this.wordingOwners, wordingKey(cleaned), indexed.length - 1);
      }
      for (const alias of entry.aliases) {
        const key = titleKey(cleanQuestion(alias, this.fillers));
        if (key.length >= 2) addOwner(this.aliasOwners, key, indexed.length - 1);
      }
    });
    this.chapters = Uint8Array.from(chapters);
    // The nearest indexed heading above each indexed one (a table of contents in between is skipped).
    this.parents = new Int32Array(indexed.length).fill(-1);
    input.entries.forEach((_, i) => {
      if (indexOf[i]! < 0) return;
      let p = structure.parent[i]!;
      while (p >= 0 && indexOf[p]! < 0) p = structure.parent[p]!;
      this.parents[indexOf[i]!] = p >= 0 ? indexOf[p]! : -1;
    });
    // A topic heading over sub-headings that ask their own questions ("JVM", "进程和线程", "K8S相关的面试题"
    // over "JVM 内存区域", "有了进程为什么还需要线程？") is a chapter: the sub-heading that asks is the
    // answer. Not a question whose answer is split into parts ("X vs Y" over "X" and "Y"): there the
    // parts' titles are pieces of its own, and its whole section is the answer.
    const children = new Map<number, number[]>();
    this.parents.forEach((p, c) => {
      if (p >= 0) children.set(p, [...(children.get(p) ?? []), c]);
    });
    for (const [p, kids] of children) {
      if (this.chapters[p]) continue;
      const entry = indexed[p]!;
      if (entry.ownText === undefined || entry.ownText.trim().length >= CHAPTER_MAX_OWN_TEXT) continue;
      if (QUESTION_LIKE.test(pick(entry.title, 'zh')) || QUESTION_LIKE.test(pick(entry.title, 'en'))) continue;
      const key = this.titleKeys[p]!;
      if (kids.every(c => this.titleKeys[c]!.length > 0 && key.includes(this.titleKeys[c]!))) continue;
      this.chapters[p] = 1;
    }
    this.indexed = indexed;
    this.lexicon = {
      chapters: this.chapters,
      stopEn: input.stopwordsEn,
      stopZh: input.stopwordsZh,
      intent: input.intentWords ?? INTENT_WORDS,
      operators: input.operators ?? OPERATORS,
      codeKeywords: CODE_KEYWORDS,
      referenceMarkers: REFERENCE_MARKERS,
      ...(input.segmenter ? { segmenter: input.segmenter } : {}),
      commonness: input.commonness ?? createCommonness(),
      translations: input.translations ?? createTranslations(),
      ...(input.cache ? { cache: input.cache } : {}),
    };
    if (!deferIndex) this.built = SearchIndex.create(indexed, input.glossary, this.lexicon, this.options);
  }

  /**
   * Builds a matcher in small steps, calling `pause` between them: a reload of large notes does not
   * hold the thread the previous matcher answers on.
   */
  static async createInSteps(input: MatcherInput, pause: () => Promise<void>): Promise<Matcher> {
    const matcher = new Matcher(input, DEFER_INDEX);
    await pause();
    matcher.built = await SearchIndex.createInSteps(matcher.indexed, input.glossary, matcher.lexicon, matcher.options, pause);
    return matcher;
  }

  get index(): SearchIndex {
    return this.built!;
  }

  /** Every place an entry is written: itself first, then its verbatim duplicates elsewhere in the notes. */
  placesOf(id: string): readonly EntrySource[] {
    return this.places.get(this.canonicalIds.get(id) ?? id) ?? [];
  }

  /** The entry that answers for `id` (itself, or the first copy of a duplicated section). */
  canonicalId(id: string): string {
    return this.canonicalIds.get(id) ?? id;
  }

  /** Entries sharing words with the question, best first: the `limit` best (all by default). */
  rank(query: string, limit = Infinity): RankedEntry[] {
    return this.analyse(query, limit).ranked;
  }

  /** The question's units and the `limit` best entries. */
  analyse(query: string, limit = Infinity, cleaned = cleanQuestion(query, this.fillers)): { units: readonly QueryUnit[]; ranked: RankedEntry[] } {
    const o = this.options;
    const units = this.index.queryUnits(cleaned);
    // The aspect is read from the question as asked: "can you explain" is filler for matching, not for what it asks.
    const asked = o.aspectMismatch > 0 ? this.aspects.read(query) : 0;
    const top: RankedEntry[] = [];
    let maxBm25 = 1e-9;
    const all: { score: DocScore; confidence: number }[] = [];
    // Whether some entry the question names answers the aspect it asks: only then are its siblings
    // that answer another aspect lowered (the aspect tells siblings apart, it is no subject).
    let aspectAnswered = false;
    this.index.score(units, s => {
      let raw = s.coverage * o.wCoverage + s.titleCoverage * o.wTitle + s.reverseTitleCoverage * o.wReverse;
      if (this.chapters[s.doc]) raw *= o.containerFactor;
      // A question that names nothing of an entry's title matched only its body or aliases.
      if (s.reverseTitleCoverage === 0) raw *= o.untitledFactor;
      if (s.bm25 > maxBm25) maxBm25 = s.bm25;
      if (asked && s.namesSpecific && this.aspects.answers(asked, this.titleAspects[s.doc]!)) aspectAnswered = true;
      all.push({ score: s, confidence: raw });
    });
    if (o.wBodyLead > 0) {
      // Among the entries found by their bodies alone, the one whose body is most about the question,
      // by how far it leads the next; a lone one gains nothing.
      let best = 0;
      let second = 0;
      let lead: (typeof all)[number] | undefined;
      for (const item of all) {
        if (item.score.reverseTitleCoverage !== 0) continue;
        const b = item.score.bm25;
        if (b > best) {
          second = best;
          best = b;
          lead = item;
        } else if (b > second) second = b;
      }
      if (lead && second > 0) lead.confidence += o.wBodyLead * (1 - second / best);
    }
    for (const item of all) {
      if (aspectAnswered) item.confidence *= this.aspects.factor(asked, this.titleAspects[item.score.doc]!, o.aspectMismatch);
      item.confidence = Math.max(0, Math.min(1, item.confidence));
    }
    const byRank = (a: RankedEntry, b: RankedEntry) => b.rank - a.rank || a.detail.doc - b.detail.doc;
    if (limit >= all.length) {
      // Everything asked for (explain-match, tests): one sort.
      for (const { score, confidence } of all)
        top.push({ entry: this.index.entries[score.doc]!, confidence, rank: confidence + 1e-6 * (score.bm25 / maxBm25), detail: score });
      return { units, ranked: top.sort(byRank) };
    }
    // Only the best `limit` are ranked (a bounded insertion), not every entry that shares a word.
    for (const { score, confidence } of all) {
      const rank = confidence + 1e-6 * (score.bm25 / maxBm25);
      if (top.length >= limit && rank <= top[top.length - 1]!.rank) continue;
      const item = { entry: this.index.entries[score.doc]!, confidence, rank, detail: score };
      let at = top.length;
      while (at > 0 && (top[at - 1]!.rank < rank || (top[at - 1]!.rank === rank && top[at - 1]!.detail.doc > score.doc))) at--;
      top.splice(at, 0, item);
      if (top.length > limit) top.pop();
    }
    return { units, ranked: top };
  }

  /**
   * A passing mention is no answer: an entry whose title the question does not name, and whose
   * aliases and body match fewer than `bodyOnlyMinUnits` of the question's significant words.
   */
  private passes(best: RankedEntry): boolean {
    const o = this.options;
    return namesTitle(best) || best.detail.titleCoverage >= o.significantUnitShare || best.detail.matchedUnits >= o.bodyOnlyMinUnits;
  }

  /**
   * Loads what matching loads on first use (the Chinese dictionary, word frequencies), so that the
   * first question does not wait for it: called by the bot once it has started.
   */
  warmUp(): void {
    this.index.warmUp();
  }

  /** One indexed entry's heading is above the other's. */
  private related(a: number, b: number): boolean {
    for (let p = this.parents[a]!; p >= 0; p = this.parents[p]!) if (p === b) return true;
    for (let p = this.parents[b]!; p >= 0; p = this.parents[p]!) if (p === a) return true;
    return false;
  }

  /**
   * What the decision to answer rests on, for the best entry and its nearest rival (an entry that is
   * neither the same section, its parent or child, nor titled the same): see {@link DECISION_FEATURES}.
   */
  decisionInput(query: string, cleaned = cleanQuestion(query, this.fillers)): { ranked: RankedEntry[]; rival: RankedEntry | undefined; features: number[] | undefined } {
    const { units, ranked } = this.analyse(query, this.options.maxSuggestions + 4, cleaned);
    const best = ranked[0];
    if (!best) return { ranked, rival: undefined, features: undefined };
    const rival = ranked.slice(1).find(r => !this.related(best.detail.doc, r.detail.doc) && this.titleKeys[r.detail.doc] !== this.titleKeys[best.detail.doc]);
    return { ranked, rival, features: decisionFeatures(best, rival, units, this.chapters[best.detail.doc] === 1, this.ruleAnswers(best, rival)) };
  }

  /**
   * The hand-written rule the decision model starts from (one of its inputs): a clear lead, or a sure
   * match, of an entry whose title the question names (or whose aliases or body match several of its
   * words); below answerAt, a far-ahead entry whose title the question names.
   */
  private ruleAnswers(best: RankedEntry, rival: RankedEntry | undefined): boolean {
    const o = this.options;
    const lead = rival === undefined ? 1 : best.confidence - rival.confidence;
    if (!namesTitle(best) && best.confidence < o.answerAt) return false;
    const clearWinner = best.confidence >= o.clearWinnerAt && lead >= o.clearWinnerLead && namesTitle(best);
    return (
      clearWinner ||
      (best.confidence >= o.answerAt &&
        this.passes(best) &&
        best.detail.coverage >= o.answerCoverage &&
        (lead >= o.margin || best.confidence >= o.sure))
    );
  }

  /** The one indexed entry whose alias the question is, word for word (not when it is also a title, or several entries' alias). */
  private exactAlias(cleaned: string): number | undefined {
    if (this.aliasOwners.size === 0) return undefined;
    const key = titleKey(cleaned);
    if (this.exactTitles.has(key)) return undefined;
    const owners = this.aliasOwners.get(key);
    return owners?.length === 1 ? owners[0] : undefined;
  }

  /**
   * The one indexed entry whose title the question is, worded the same (see {@link wordingKey}): not
   * a chapter (its sub-sections answer), not a title several entries share.
   */
  private exactWording(cleaned: string): number | undefined {
    const owners = this.wordingOwners.get(wordingKey(cleaned));
    return owners?.length === 1 && !this.chapters[owners[0]!] ? owners[0] : undefined;
  }

  /** How likely the best entry is the right answer, by the fitted decision model (0..1). */
  answerProbability(features: readonly number[]): number {
    const d = this.options.decision;
    let z = d.bias;
    for (let i = 0; i < features.length; i++) z += (d.weights[i] ?? 0) * features[i]!;
    return 1 / (1 + Math.exp(-z));
  }

  match(query: string, lang: Lang = 'en'): MatchResult {
    const o = this.options;
    // The question without mentions, links and filler phrases, cleaned once for both uses.
    const cleaned = cleanQuestion(query, this.fillers);
    const { ranked, rival, features } = this.decisionInput(query, cleaned);
    const scored = (r: RankedEntry): ScoredEntry => ({
      id: r.entry.id,
      title: pick(r.entry.title, lang),
      score: Math.round(r.confidence * 1000) / 1000,
    });
    const best = ranked[0];
    // A question asked exactly as one entry's alias (one its notes give, or one learned from use) is
    // that entry's question: answered, unless it is also exactly another entry's title. So is a
    // question worded as one entry's title.
    const aliased = this.exactAlias(cleaned) ?? this.exactWording(cleaned);
    if (aliased !== undefined) {
      const hit = ranked.find(r => r.detail.doc === aliased);
      const entry = this.indexed[aliased]!;
      const answer: ScoredEntry = hit ? scored(hit) : { id: entry.id, title: pick(entry.title, lang), score: 1 };
      // Related entries are offered beside it, those scoring below it (one scoring above would contradict the answer).
      const suggestions = ranked
        .filter(r => r.detail.doc !== aliased && namesTitle(r) && r.confidence >= o.suggestAt && scored(r).score <= answer.score)
        .slice(0, o.maxSuggestions)
        .map(scored);
      return { query, outcome: 'answer', confidence: answer.score, answer, suggestions };
    }
    // Below suggestAt, or a weak match (below answerAt) whose title the question does not name: nothing to offer.
    if (!best || !features || best.confidence < o.suggestAt || (!namesTitle(best) && best.confidence < o.answerAt)) {
      return { query, outcome: 'decline', confidence: best ? scored(best).score : 0, answer: null, suggestions: [] };
    }
    // A coin toss between two different entries is offered, never answered.
    const tie = rival !== undefined && best.confidence - rival.confidence < o.nearTie;
    const confident = !tie && this.answerProbability(features) >= o.answerProbability && this.passes(best);
    // Short of a confident answer, only entries whose title the question names are offered: a word
    // a note uses in passing (or in an alias) is no reason to ask "did you mean". Twins are offered once.
    const keys = new Set<string>();
    const others = ranked.filter(r => {
      if (!(r.confidence >= o.suggestAt && (namesTitle(r) || r.confidence >= o.answerAt))) return false;
      const key = this.titleKeys[r.detail.doc]!;
      if (keys.has(key)) return false;
      keys.add(key);
      return true;
    });
    if (confident) {
      return {
        query,
        outcome: 'answer',
        confidence: scored(best).score,
        answer: scored(best),
        suggestions: others.filter(r => r !== best).slice(0, o.maxSuggestions).map(scored),
      };
    }
    if (others.length === 0) return { query, outcome: 'decline', confidence: scored(best).score, answer: null, suggestions: [] };
    return {
      query,
      outcome: 'suggest',
      confidence: scored(best).score,
      answer: null,
      suggestions: others.slice(0, o.maxSuggestions).map(scored),
    };
  }
}

/**
 * The decision model's inputs, in the order of `MatchOptions.decision.weights`. Each is in [0, 1]:
 * how well the best entry covers the question (anywhere, in its title or aliases, its subject words),
 * how much of its title the question names, how far it leads its nearest rival, how much of the
 * question no note knows (an everyday word counts less), and the shape of the match.
 */
export const DECISION_FEATURES = Object.freeze([
  'confidence',
  'lead',
  'coverage',
  'titleCoverage',
  'reverseTitleCoverage',
  'subjectCoverage',
  'namesSpecific',
  'matchedUnits',
  'unknownShare',
  'chapter',
  'singleUnit',
  'rivalConfidence',
  'ruleAnswers',
] as const);

export function decisionFeatures(best: RankedEntry, rival: RankedEntry | undefined, units: readonly QueryUnit[], chapter: boolean, rule: boolean): number[] {
  let total = 0;
  let unknown = 0;
  let subject = 0;
  for (const u of units) {
    total += u.weight;
    if (!u.known) unknown += u.weight;
    if (!u.intent) subject++;
  }
  const d = best.detail;
  return [
    best.confidence,
    rival === undefined ? 1 : best.confidence - rival.confidence,
    d.coverage,
    d.titleCoverage,
    d.reverseTitleCoverage,
    d.subjectCoverage,
    d.namesSpecific ? 1 : 0,
    Math.min(3, d.matchedUnits) / 3,
    total > 0 ? unknown / total : 0,
    chapter ? 1 : 0,
    subject <= 1 ? 1 : 0,
    rival?.confidence ?? 0,
    rule ? 1 : 0,
  ];
}

/** The question names a word of the entry's title that says more than the field the notes are about. */
function namesTitle(r: RankedEntry): boolean {
  return r.detail.namesSpecific;
}

function addOwner(owners: Map<string, number[]>, key: string, doc: number): void {
  if (key.length === 0) return;
  const list = owners.get(key);
  if (!list) owners.set(key, [doc]);
  else if (!list.includes(doc)) list.push(doc);
}
