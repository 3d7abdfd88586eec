import type { DailyStore } from './daily/daily-store.ts';
import type { QuizStore } from './quiz/quiz-store.ts';
import type { SharedRateCounter } from './rate-limit.ts';

/**
 * The state port. SQLite implements it (src/store/sqlite/) for one host; PostgreSQL
 * (src/store/postgres/) for several hosts sharing one database. Every method is synchronous and
 * returns plain values: better-sqlite3 is synchronous, and the PostgreSQL store runs its pool in a
 * worker thread and waits for the answers it needs. tests/store/store-contract.test.ts is the
 * contract both pass.
 */
export interface Store {
  readonly questions: QuestionLogStore;
  /** Daily-question schedules, rotations and posted days (core/daily/daily-store.ts). */
  readonly daily: DailyStore;
  /** Quiz scores, answers and spaced-repetition history (core/quiz/quiz-store.ts). */
  readonly quiz: QuizStore;
  /**
   * Present when several hosts share the store (PostgreSQL): the rate limits count there, so N hosts
   * give one allowance, not N. Absent (SQLite, one process): each limiter counts in memory.
   */
  readonly rates?: SharedRateCounter;
  /**
   * Present when several hosts share the store: platform event ids (Slack's retries may reach another
   * replica) are remembered there. `firstTime` is true the first time any host offers an id.
   */
  readonly events?: { firstTime(id: string): boolean };
  /** Closes the underlying database; further calls throw. */
  close(): void;
}

export type Outcome = 'answer' | 'suggest' | 'decline';

export interface QuestionRecord {
  readonly at: number;
  readonly platform: string;
  readonly workspace: string;
  readonly channel: string;
  readonly user: string;
  readonly query: string;
  readonly outcome: Outcome;
  readonly entryId: string | null;
  readonly score: number;
}

/** Every question asked and its outcome, with 👍/👎 feedback, so misses can become aliases. */
export interface QuestionLogStore {
  /** Records a question; returns its id (short, safe for button actions). */
  record(question: QuestionRecord): string;
  /** Records (or changes) one person's vote on an answered question; false if the question is unknown. */
  feedback(questionId: string, user: string, vote: 'up' | 'down', at: number): boolean;
  /**
   * Records which suggestion of a "did you mean" the person picked (the last pick counts); nothing
   * happens for an unknown question.
   */
  picked(questionId: string, entryId: string, at: number): void;
  /** Counts and lists for `interview-bot stats`. */
  stats(options?: Partial<StatsOptions>): QuestionStats;
}

/** What `interview-bot stats` lists. */
export interface StatsOptions {
  /** An answer given with a confidence below this is listed as low-confidence (it may be confidently wrong). */
  readonly lowConfidenceBelow: number;
  /** At most this many questions in each list, newest first. */
  readonly limit: number;
}

export const DEFAULT_STATS_OPTIONS: StatsOptions = Object.freeze({ lowConfidenceBelow: 0.6, limit: 20 });

export interface QuestionStats {
  readonly answered: number;
  readonly suggested: number;
  readonly declined: number;
  readonly up: number;
  readonly down: number;
  /** The most recent 👎 and declined questions, newest first (for turning misses into aliases). */
  readonly recentMisses: readonly { readonly query: string; readonly outcome: Outcome | 'down'; readonly at: number }[];
  /** Declined questions, newest first. */
  readonly declines: readonly { readonly query: string; readonly at: number }[];
  /** "Did you mean" questions and the entry the person then picked (null: none), newest first. */
  readonly suggestions: readonly { readonly query: string; readonly at: number; readonly picked: string | null }[];
  /** Answers that got a 👎, with the entry answered, newest vote first. */
  readonly downVoted: readonly { readonly query: string; readonly entryId: string | null; readonly at: number }[];
  /** Answers given with a confidence below `lowConfidenceBelow`, newest first: where a wrong answer hides. */
  readonly lowConfidence: readonly { readonly query: string; readonly entryId: string | null; readonly score: number; readonly at: number }[];
}
