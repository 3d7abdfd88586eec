import type { DailyStore } from './daily/daily-store.ts';
import type { QuizStore } from './quiz/quiz-store.ts';

/**
 * The state port. SQLite implements it (src/store/); a server database could replace it for a
 * multi-host deployment. Every part is synchronous-looking but returns plain values: better-sqlite3
 * is synchronous, and a networked store would wrap these in its own process.
 */
export interface Store {
  readonly questions: QuestionLogStore;
  /** Daily-question schedules, rotations and posted days (core/daily/daily-store.ts). */
  readonly daily: DailyStore;
  /** Quiz scores, answers and spaced-repetition history (core/quiz/quiz-store.ts). */
  readonly quiz: QuizStore;
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
  /** Counts for `interview-bot stats`. */
  stats(): QuestionStats;
}

export interface QuestionStats {
  readonly answered: number;
  readonly suggested: number;
  readonly declined: number;
  readonly up: number;
  readonly down: number;
  /** The most recent 👎 and declined questions, newest first (for turning misses into aliases). */
  readonly recentMisses: readonly { readonly query: string; readonly outcome: Outcome | 'down'; readonly at: number }[];
}
