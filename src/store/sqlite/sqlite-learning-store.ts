import type Database from 'better-sqlite3';
import type { AliasDecision, LearningSignal, LearningStore } from '../../core/learning/learning-store.ts';
import { migrate, type Migration } from './migrations.ts';

/**
 * The learning tables: decisions on candidate aliases, and a revision counter that another process
 * (the bot, while `interview-bot aliases accept` runs) polls to apply new decisions. The pairs
 * themselves are not stored again: they are read from the question log (questions, feedback).
 */
export const LEARNING_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    id: 'learning-001-aliases',
    sql: `
      CREATE TABLE learned_aliases (
        entry_id TEXT NOT NULL,
        alias_key TEXT NOT NULL,
        alias TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
        decided_at INTEGER NOT NULL,
        decided_by TEXT NOT NULL,
        PRIMARY KEY (entry_id, alias_key)
      );
      CREATE TABLE learning_revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
      INSERT INTO learning_revision (id, n) VALUES (1, 0);
    `,
  },
]);

/** The learning port over the state database (the question log's tables must exist: they are migrated first). */
export class SqliteLearningStore implements LearningStore {
  private readonly selectSignals: Database.Statement;
  private readonly selectDecisions: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly bump: Database.Statement;
  private readonly readRevision: Database.Statement;

  constructor(private readonly db: Database.Database) {
    migrate(db, LEARNING_MIGRATIONS);
    // A pick is the asker's; a vote on a picked suggestion is about the picked entry.
    this.selectSignals = db.prepare(`
      SELECT id AS questionId, query, at, user, picked_entry_id AS entryId, 'pick' AS kind, outcome, entry_id AS answeredEntryId, score
        FROM questions WHERE picked_entry_id IS NOT NULL AND at >= @since
      UNION ALL
      SELECT q.id, q.query, f.at, f.user, COALESCE(q.picked_entry_id, q.entry_id), f.vote, q.outcome, q.entry_id, q.score
        FROM feedback f JOIN questions q ON q.id = f.question_id
        WHERE COALESCE(q.picked_entry_id, q.entry_id) IS NOT NULL AND f.at >= @since
      ORDER BY at, questionId`);
    this.selectDecisions = db.prepare(
      `SELECT entry_id AS entryId, alias, alias_key AS key, status, decided_at AS at, decided_by AS by FROM learned_aliases ORDER BY decided_at, rowid`,
    );
    this.upsert = db.prepare(`
      INSERT INTO learned_aliases (entry_id, alias_key, alias, status, decided_at, decided_by) VALUES (@entryId, @key, @alias, @status, @at, @by)
      ON CONFLICT (entry_id, alias_key) DO UPDATE SET alias = excluded.alias, status = excluded.status, decided_at = excluded.decided_at, decided_by = excluded.decided_by`);
    this.remove = db.prepare('DELETE FROM learned_aliases WHERE entry_id = ? AND alias_key = ?');
    this.bump = db.prepare('UPDATE learning_revision SET n = n + 1 WHERE id = 1');
    this.readRevision = db.prepare('SELECT n FROM learning_revision WHERE id = 1').pluck();
  }

  signals(sinceAt: number): readonly LearningSignal[] {
    return this.selectSignals.all({ since: sinceAt }) as LearningSignal[];
  }

  decisions(): readonly AliasDecision[] {
    return this.selectDecisions.all() as AliasDecision[];
  }

  decide(decision: AliasDecision): void {
    this.db.transaction(() => {
      this.upsert.run(decision);
      this.bump.run();
    })();
  }

  undecide(entryId: string, key: string): void {
    this.db.transaction(() => {
      if (this.remove.run(entryId, key).changes > 0) this.bump.run();
    })();
  }

  revision(): number {
    return this.readRevision.get() as number;
  }
}
