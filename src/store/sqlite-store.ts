import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../core/store.ts';
import { migrate, type Migration } from './migrations.ts';
import { QUESTION_LOG_MIGRATIONS } from './question-log-migrations.ts';
import { SqliteQuestionLog } from './sqlite-question-log.ts';
import { DAILY_MIGRATIONS } from './daily-migrations.ts';
import { SqliteDailyStore } from './sqlite-daily-store.ts';
import { QUIZ_MIGRATIONS } from './quiz-migrations.ts';
import { SqliteQuizStore } from './sqlite-quiz-store.ts';

/** Every feature's migrations, in the order they run. Append new features at the end. */
export const ALL_MIGRATIONS: readonly Migration[] = Object.freeze([...QUESTION_LOG_MIGRATIONS, ...DAILY_MIGRATIONS, ...QUIZ_MIGRATIONS]);

/**
 * Opens (creating if needed) the SQLite state file in WAL mode and runs pending migrations.
 * `':memory:'` gives a private in-memory database (tests).
 */
export function openSqliteStore(file: string): Store & { readonly db: Database.Database } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, ALL_MIGRATIONS);
  return {
    db,
    questions: new SqliteQuestionLog(db),
    daily: new SqliteDailyStore(db),
    quiz: new SqliteQuizStore(db),
    close() {
      if (db.open) db.close();
    },
  };
}
