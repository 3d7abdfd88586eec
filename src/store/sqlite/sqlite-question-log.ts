import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { DEFAULT_STATS_OPTIONS, type QuestionLogStore, type QuestionRecord, type QuestionStats, type StatsOptions } from '../../core/store.ts';

export class SqliteQuestionLog implements QuestionLogStore {
  private readonly insert: Database.Statement;
  private readonly vote: Database.Statement;
  private readonly exists: Database.Statement;
  private readonly pick: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO questions (id, at, platform, workspace, channel, user, query, outcome, entry_id, score)
       VALUES (@id, @at, @platform, @workspace, @channel, @user, @query, @outcome, @entryId, @score)`,
    );
    this.vote = db.prepare(
      `INSERT INTO feedback (question_id, user, vote, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (question_id, user) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
    );
    this.exists = db.prepare('SELECT 1 FROM questions WHERE id = ?').pluck();
    this.pick = db.prepare('UPDATE questions SET picked_entry_id = ? WHERE id = ?');
  }

  picked(questionId: string, entryId: string, _at: number): void {
    this.pick.run(entryId, questionId);
  }

  /** A fresh question id (short, safe for button actions). */
  static newId(): string {
    return randomBytes(8).toString('hex');
  }

  record(question: QuestionRecord): string {
    const id = SqliteQuestionLog.newId();
    this.recordWithId(question, id);
    return id;
  }

  /** Records a question under an id chosen beforehand (the store writes it later when the file is locked). */
  recordWithId(question: QuestionRecord, id: string): void {
    this.insert.run({ ...question, id });
  }

  feedback(questionId: string, user: string, vote: 'up' | 'down', at: number): boolean {
    if (this.exists.get(questionId) === undefined) return false;
    this.vote.run(questionId, user, vote, at);
    return true;
  }

  stats(options: Partial<StatsOptions> = {}): QuestionStats {
    const { lowConfidenceBelow, limit } = { ...DEFAULT_STATS_OPTIONS, ...options };
    const counts = this.db
      .prepare(`SELECT outcome, COUNT(*) AS n FROM questions GROUP BY outcome`)
      .all() as { outcome: string; n: number }[];
    const votes = this.db.prepare(`SELECT vote, COUNT(*) AS n FROM feedback GROUP BY vote`).all() as {
      vote: string;
      n: number;
    }[];
    const count = (rows: { n: number }[], pick: (r: never) => boolean) =>
      rows.filter(pick as (r: unknown) => boolean).reduce((sum, r) => sum + r.n, 0);
    const misses = this.db
      .prepare(
        `SELECT query, outcome, at FROM (
           SELECT query, outcome, at FROM questions WHERE outcome = 'decline'
           UNION ALL
           SELECT q.query, 'down' AS outcome, f.at FROM feedback f JOIN questions q ON q.id = f.question_id WHERE f.vote = 'down'
         ) ORDER BY at DESC LIMIT 20`,
      )
      .all() as QuestionStats['recentMisses'][number][];
    return {
      answered: count(counts, (r: { outcome: string }) => r.outcome === 'answer'),
      suggested: count(counts, (r: { outcome: string }) => r.outcome === 'suggest'),
      declined: count(counts, (r: { outcome: string }) => r.outcome === 'decline'),
      up: count(votes, (r: { vote: string }) => r.vote === 'up'),
      down: count(votes, (r: { vote: string }) => r.vote === 'down'),
      recentMisses: misses,
      declines: this.db.prepare(`SELECT query, at FROM questions WHERE outcome = 'decline' ORDER BY at DESC LIMIT ?`).all(limit) as QuestionStats['declines'][number][],
      suggestions: this.db
        .prepare(`SELECT query, at, picked_entry_id AS picked FROM questions WHERE outcome = 'suggest' ORDER BY at DESC LIMIT ?`)
        .all(limit) as QuestionStats['suggestions'][number][],
      downVoted: this.db
        .prepare(`SELECT q.query, q.entry_id AS entryId, f.at FROM feedback f JOIN questions q ON q.id = f.question_id WHERE f.vote = 'down' ORDER BY f.at DESC LIMIT ?`)
        .all(limit) as QuestionStats['downVoted'][number][],
      lowConfidence: this.db
        .prepare(`SELECT query, entry_id AS entryId, score, at FROM questions WHERE outcome = 'answer' AND score < ? ORDER BY at DESC LIMIT ?`)
        .all(lowConfidenceBelow, limit) as QuestionStats['lowConfidence'][number][],
    };
  }
}
