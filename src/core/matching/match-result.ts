/** What matching a question gives: one of three outcomes, with a confidence in [0, 1]. */
export interface MatchResult {
  readonly query: string;
  readonly outcome: 'answer' | 'suggest' | 'decline';
  /** The best entry's confidence (0 when nothing matched at all). */
  readonly confidence: number;
  /** Set when outcome is 'answer'. */
  readonly answer: ScoredEntry | null;
  /** Up to 3 alternatives: the "did you mean" list when outcome is 'suggest', runners-up otherwise. */
  readonly suggestions: readonly ScoredEntry[];
}

export interface ScoredEntry {
  readonly id: string;
  readonly title: string;
  /** Confidence in [0, 1]. */
  readonly score: number;
}
