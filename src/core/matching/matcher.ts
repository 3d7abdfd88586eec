import type { Entry, EntrySource } from '../knowledge/entry.ts';
import { pick, type Lang } from '../language.ts';
import { createCommonness, type Commonness } from './commonness.ts';
import { analyzeStructure, titleKey } from './entry-structure.ts';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from './match-options.ts';
import type { MatchResult, ScoredEntry } from './match-result.ts';
import { cleanQuestion } from './question-text.ts';
import { SearchIndex, type DocScore } from './search-index.ts';
import type { Segmenter } from './segmenter.ts';
import { FILLER_PHRASES, INTENT_WORDS, OPERATORS } from './stopwords.ts';

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
  /** How Chinese is cut into words; default: a jieba segmenter of the matcher's own. Share one across rebuilds. */
  readonly segmenter?: Segmenter;
  /** How everyday a word is; default: word frequencies of everyday English and Chinese, read on first use. Share one across rebuilds. */
  readonly commonness?: Commonness;
  readonly options?: Partial<MatchOptions>;
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
  readonly index: SearchIndex;
  /** Per indexed entry: a chapter heading (computed once, not per question). */
  private readonly chapters: Uint8Array;
  /** Per indexed entry: the indexed entry its heading is under, or -1. */
  private readonly parents: Int32Array;
  /** Per indexed entry: its title reduced for comparison (two entries titled alike are one choice). */
  private readonly titleKeys: string[] = [];
  private readonly fillers: readonly string[];
  /** Entry id → every place the same entry is written (duplicated sections), first the one answered. */
  private readonly places = new Map<string, EntrySource[]>();
  /** Entry id of a duplicate → the id of the entry that answers for it. */
  private readonly canonicalIds = new Map<string, string>();

  constructor(input: MatcherInput) {
    this.options = Object.freeze({ ...DEFAULT_MATCH_OPTIONS, ...input.options });
    this.fillers = input.fillerPhrases ?? FILLER_PHRASES;
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
    this.index = new SearchIndex(
      indexed,
      input.glossary,
      {
        stopEn: input.stopwordsEn,
        stopZh: input.stopwordsZh,
        intent: input.intentWords ?? INTENT_WORDS,
        operators: input.operators ?? OPERATORS,
        ...(input.segmenter ? { segmenter: input.segmenter } : {}),
        commonness: input.commonness ?? createCommonness(),
      },
      this.options,
    );
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
    const o = this.options;
    const units = this.index.queryUnits(cleanQuestion(query, this.fillers));
    const top: RankedEntry[] = [];
    let maxBm25 = 1e-9;
    const all: { score: DocScore; confidence: number }[] = [];
    this.index.score(units, s => {
      let raw = s.coverage * o.wCoverage + s.titleCoverage * o.wTitle + s.reverseTitleCoverage * o.wReverse;
      if (this.chapters[s.doc]) raw *= o.containerFactor;
      // A question that names nothing of an entry's title matched only its body or aliases.
      if (s.reverseTitleCoverage === 0) raw *= o.untitledFactor;
      const confidence = Math.max(0, Math.min(1, raw));
      if (s.bm25 > maxBm25) maxBm25 = s.bm25;
      all.push({ score: s, confidence });
    });
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
    return top;
  }

  /** One indexed entry's heading is above the other's. */
  private related(a: number, b: number): boolean {
    for (let p = this.parents[a]!; p >= 0; p = this.parents[p]!) if (p === b) return true;
    for (let p = this.parents[b]!; p >= 0; p = this.parents[p]!) if (p === a) return true;
    return false;
  }

  match(query: string, lang: Lang = 'en'): MatchResult {
    const o = this.options;
    // A few more than can be shown: the answer, its suggestions, and a runner-up to compare with.
    const ranked = this.rank(query, o.maxSuggestions + 4);
    const scored = (r: RankedEntry): ScoredEntry => ({
      id: r.entry.id,
      title: pick(r.entry.title, lang),
      score: Math.round(r.confidence * 1000) / 1000,
    });
    const best = ranked[0];
    if (!best || best.confidence < o.suggestAt || (!namesTitle(best) && best.confidence < o.answerAt)) {
      return { query, outcome: 'decline', confidence: best ? scored(best).score : 0, answer: null, suggestions: [] };
    }
    // An entry's own section or the section it is in, and an entry titled the same, are not rivals:
    // either is a right answer, and a "did you mean" between twins is no choice at all.
    const rival = (r: RankedEntry) => !this.related(best.detail.doc, r.detail.doc) && this.titleKeys[r.detail.doc] !== this.titleKeys[best.detail.doc];
    const runnerUp = ranked.slice(1).find(rival);
    const lead = runnerUp === undefined ? 1 : best.confidence - runnerUp.confidence;
    // A clear lead answers. A sure match answers too, unless the runner-up is a coin toss away
    // (the question fits both almost the same, e.g. "sort a list" over Python and Java sections):
    // then the person picks.
    const tie = runnerUp !== undefined && lead < o.nearTie;
    // Below answerAt, one entry whose title the question names, far ahead of every other, is what
    // the question means ("is it safe to write to a go map from several goroutines").
    const clearWinner = best.confidence >= o.clearWinnerAt && lead >= o.clearWinnerLead && namesTitle(best);
    const confident = !tie && (clearWinner || (
      best.confidence >= o.answerAt &&
      (namesTitle(best) || best.detail.titleCoverage >= o.significantUnitShare || best.detail.matchedUnits >= o.bodyOnlyMinUnits) &&
      best.detail.coverage >= o.answerCoverage &&
      (lead >= o.margin || best.confidence >= o.sure)));
    // Short of a confident answer, only entries whose title the question names are offered: a word
    // a note uses in passing (or in an alias) is no reason to ask "did you mean".
    const keys = new Set<string>();
    const others = ranked.filter(r => {
      if (!(r.confidence >= o.suggestAt && (namesTitle(r) || r.confidence >= o.answerAt))) return false;
      const key = this.titleKeys[r.detail.doc]!;
      if (keys.has(key)) return false; // twins are offered once
      keys.add(key);
      return true;
    });
    if (confident) {
      return {
        query,
        outcome: 'answer',
        confidence: scored(best).score,
        answer: scored(best),
        suggestions: others.slice(1, 1 + o.maxSuggestions).map(scored),
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

/** The question names a word of the entry's title that says more than the field the notes are about. */
function namesTitle(r: RankedEntry): boolean {
  return r.detail.namesSpecific;
}
