import type { Entry } from '../knowledge/entry.ts';
import { pick, type Lang } from '../language.ts';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from './match-options.ts';
import type { MatchResult, ScoredEntry } from './match-result.ts';
import { SearchIndex, type DocScore } from './search-index.ts';

export interface MatcherInput {
  readonly entries: readonly Entry[];
  /** Built-in glossary groups followed by the knowledge base's own. */
  readonly glossary: readonly (readonly string[])[];
  readonly stopwordsEn: ReadonlySet<string>;
  readonly stopwordsZh: ReadonlySet<string>;
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
  /** Which entries are chapter headings (computed once, not per question). */
  private readonly containers: Uint8Array;

  constructor(input: MatcherInput) {
    this.options = Object.freeze({ ...DEFAULT_MATCH_OPTIONS, ...input.options });
    this.index = new SearchIndex(input.entries, input.glossary, input.stopwordsEn, input.stopwordsZh, this.options);
    this.containers = Uint8Array.from(input.entries, e => (isContainer(e) ? 1 : 0));
  }

  /** Entries sharing words with the question, best first. */
  rank(query: string): RankedEntry[] {
    const o = this.options;
    const units = this.index.queryUnits(query);
    const scores = this.index.score(units);
    const maxBm25 = Math.max(1e-9, ...scores.map(s => s.bm25));
    return scores
      .map(s => {
        const entry = this.index.entries[s.doc]!;
        let raw = s.coverage * o.wCoverage + s.titleCoverage * o.wTitle + s.reverseTitleCoverage * o.wReverse;
        if (this.containers[s.doc]) raw *= o.containerFactor;
        // A question that names nothing of an entry's title matched only its body or aliases.
        if (s.reverseTitleCoverage === 0) raw *= o.untitledFactor;
        const confidence = Math.max(0, Math.min(1, raw));
        // Ranked by confidence (so an answer is never outscored by its suggestions); BM25 breaks exact ties.
        return { entry, confidence, rank: confidence + 1e-6 * (s.bm25 / maxBm25), detail: s };
      })
      .sort((a, b) => b.rank - a.rank || a.entry.id.localeCompare(b.entry.id));
  }

  match(query: string, lang: Lang = 'en'): MatchResult {
    const o = this.options;
    const ranked = this.rank(query);
    const scored = (r: RankedEntry): ScoredEntry => ({
      id: r.entry.id,
      title: pick(r.entry.title, lang),
      score: Math.round(r.confidence * 1000) / 1000,
    });
    const best = ranked[0];
    if (!best || best.confidence < o.suggestAt || (!namesTitle(best) && best.confidence < o.answerAt)) {
      return { query, outcome: 'decline', confidence: best ? scored(best).score : 0, answer: null, suggestions: [] };
    }
    const runnerUp = ranked[1];
    const lead = runnerUp === undefined ? 1 : best.confidence - runnerUp.confidence;
    // A clear lead answers. A sure match answers too, unless the runner-up is indistinguishable
    // (the question fits both in exactly the same way, e.g. "sort a list" over Python and Java
    // sections): then the person picks.
    const tie = runnerUp !== undefined && indistinguishable(best, runnerUp);
    // Below answerAt, one entry whose title the question names, far ahead of every other, is what
    // the question means ("is it safe to write to a go map from several goroutines").
    const clearWinner = best.confidence >= o.clearWinnerAt && lead >= o.clearWinnerLead && namesTitle(best);
    const confident = clearWinner || (
      best.confidence >= o.answerAt &&
      (namesTitle(best) || best.detail.titleCoverage >= o.significantUnitShare || best.detail.matchedUnits >= o.bodyOnlyMinUnits) &&
      best.detail.coverage >= o.answerCoverage &&
      (lead >= o.margin || (best.confidence >= o.sure && !tie)));
    // Short of a confident answer, only entries whose title the question names are offered: a word
    // a note uses in passing (or in an alias) is no reason to ask "did you mean".
    const others = ranked.filter(r => r.confidence >= o.suggestAt && (namesTitle(r) || r.confidence >= o.answerAt));
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

/** The question names at least one word of the entry's title. */
function namesTitle(r: RankedEntry): boolean {
  return r.detail.reverseTitleCoverage > 0;
}

/** Two entries the question covers in exactly the same way (same coverage of body, title and title words). */
function indistinguishable(a: RankedEntry, b: RankedEntry): boolean {
  const same = (x: number, y: number) => Math.abs(x - y) < 1e-6;
  return (
    same(a.confidence, b.confidence) &&
    same(a.detail.coverage, b.detail.coverage) &&
    same(a.detail.titleCoverage, b.detail.titleCoverage) &&
    same(a.detail.reverseTitleCoverage, b.detail.reverseTitleCoverage)
  );
}

/** A heading whose own text is (almost) empty but whose sub-sections hold the content: a chapter. */
function isContainer(entry: Entry): boolean {
  if (entry.ownText === undefined) return false;
  const body = Object.values(entry.body).join('');
  return entry.ownText.trim().length < 40 && body.length > entry.ownText.length + 40;
}
