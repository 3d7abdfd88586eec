import type { Lang } from '../language.ts';

/**
 * The quiz's state port: scores, first answers and spaced-repetition history. SQLite implements it
 * (src/store/sqlite-quiz-store.ts). Every write is durable when the call returns, so a crash right
 * after an award keeps it; awards are keyed by quiz + question + person, so replaying one is a no-op.
 */
export interface QuizStore {
  /** Records a quiz that starts; false (and nothing written) if the id is taken. */
  beginQuiz(run: QuizRun): boolean;
  /** Marks a quiz finished (idempotent: the first end wins). */
  endQuiz(id: string, at: number, reason: QuizEndReason): void;
  /**
   * Marks the quizzes that never ended (the process died) as 'interrupted', all of them or those
   * `which` accepts (a process closes only its own channels' quizzes); returns their ids.
   */
  endUnfinished(at: number, which?: (run: OpenQuiz) => boolean): string[];

  /**
   * Awards points for a question: durable and idempotent, keyed by quiz id + question index + user.
   * Returns false if that award already exists (a replay); the existing points are kept.
   */
  award(award: QuizAward): boolean;
  /**
   * Records a person's answer to a question: the first answer creates the row; a later correct
   * answer to the same question marks it correct (a typed answer may take several tries).
   */
  recordAnswer(answer: QuizAnswer): void;

  /** The workspace's leaderboard: points first, then correct answers; at most `limit` rows. */
  leaderboard(platform: string, workspace: string, limit: number): readonly LeaderboardRow[];
  /** One person's record in a workspace, by topic (most points first). */
  personalRecord(player: PlayerKey): readonly TopicRecord[];

  /** One person's spaced-repetition state for every entry they have answered. */
  reviewStates(player: PlayerKey): readonly ReviewState[];
  /** One person's state for one entry, if any. */
  reviewState(player: PlayerKey, entryId: string): ReviewState | undefined;
  /** Creates or replaces a state. */
  saveReview(state: ReviewState): void;

  /**
   * Present when several hosts share the store (PostgreSQL): a quiz runs on the host that started it,
   * and a click that reaches another host (a replica behind a load balancer) is relayed to it.
   * Absent with SQLite (one process runs every quiz of its channels).
   */
  readonly relay?: QuizRelay;
}

/** Answers given on one host for a quiz that runs on another. */
export interface QuizRelay {
  /**
   * Keeps the answer for the host running the quiz; false (nothing kept) if no such quiz is open in
   * that channel. A typed answer has quizId '' (whichever quiz is open in the channel).
   */
  forward(answer: RelayedChoice): boolean;
  /** Takes (and removes) the answers relayed to these quizzes, oldest first. */
  take(quizIds: readonly string[]): readonly RelayedChoice[];
}

/** A clicked letter (`choice`, for question `item`), or a typed message (`text`; item -1, choice ''). */
export interface RelayedChoice {
  readonly quizId: string;
  readonly item: number;
  readonly choice: string;
  readonly text?: string;
  readonly platform: string;
  readonly workspace: string;
  readonly channel: string;
  readonly user: string;
  readonly name: string;
  readonly at: number;
}

export type QuizMode = 'quiz' | 'review';
export type QuizEndReason = 'finished' | 'stopped' | 'silence' | 'shutdown' | 'interrupted';

/** Whose record: people are scoped to a platform's workspace (Discord guild, Slack team, 'console'). */
export interface PlayerKey {
  readonly platform: string;
  readonly workspace: string;
  readonly user: string;
}

export interface QuizRun {
  /** Short and safe: [A-Za-z0-9_-], at most 16 characters. */
  readonly id: string;
  readonly platform: string;
  readonly workspace: string;
  readonly channel: string;
  readonly lang: Lang;
  /** The tag the quiz was filtered by, or null for all topics. */
  readonly topic: string | null;
  readonly mode: QuizMode;
  readonly startedBy: string;
  readonly startedAt: number;
  /** How many questions were planned. */
  readonly questions: number;
}

/** A quiz that has not ended, and where it runs. */
export interface OpenQuiz {
  readonly id: string;
  readonly platform: string;
  readonly workspace: string;
  readonly channel: string;
}

export interface QuizAward extends PlayerKey {
  readonly quizId: string;
  /** 0-based index of the question within the quiz. */
  readonly item: number;
  /** The person's display name when they scored (for the leaderboard). */
  readonly name: string;
  readonly entryId: string;
  /** The topic the question counts under (the quiz's topic, else the entry's first tag, else ''). */
  readonly topic: string;
  readonly points: number;
  readonly at: number;
}

export interface QuizAnswer extends PlayerKey {
  readonly quizId: string;
  readonly item: number;
  readonly name: string;
  readonly entryId: string;
  readonly topic: string;
  readonly correct: boolean;
  readonly at: number;
}

export interface LeaderboardRow {
  readonly user: string;
  /** The most recent display name seen for this person. */
  readonly name: string;
  readonly points: number;
  /** Questions this person won. */
  readonly wins: number;
}

export interface TopicRecord {
  /** '' for entries without a tag. */
  readonly topic: string;
  /** Questions answered (at least one try). */
  readonly answered: number;
  /** Of those, answered correctly. */
  readonly correct: number;
  readonly points: number;
}

/** Leitner-style spaced repetition for one person and one entry. */
export interface ReviewState extends PlayerKey {
  readonly entryId: string;
  /** 0 after a miss; one more for each right answer in a row (capped). */
  readonly box: number;
  /** When the entry is next due for review (ms since the epoch). */
  readonly dueAt: number;
  readonly hits: number;
  readonly misses: number;
  readonly lastAt: number;
}
