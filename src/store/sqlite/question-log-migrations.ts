import type { Migration } from './migrations.ts';

export const QUESTION_LOG_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    id: 'questions-001',
    sql: `
      CREATE TABLE questions (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        user TEXT NOT NULL,
        query TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answer', 'suggest', 'decline')),
        entry_id TEXT,
        score REAL NOT NULL
      );
      CREATE INDEX questions_at ON questions (at);
      CREATE TABLE feedback (
        question_id TEXT NOT NULL REFERENCES questions (id),
        user TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        at INTEGER NOT NULL,
        PRIMARY KEY (question_id, user)
      );
    `,
  },
  {
    // Which suggestion of a "did you mean" the person picked, for `interview-bot stats`.
    id: 'questions-002-picked',
    sql: `ALTER TABLE questions ADD COLUMN picked_entry_id TEXT;`,
  },
]);
