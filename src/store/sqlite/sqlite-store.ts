import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/ports.ts';
import type { QuestionLogStore, Store } from '../../core/store.ts';
import { migrate, type Migration } from './migrations.ts';
import { QUESTION_LOG_MIGRATIONS } from './question-log-migrations.ts';
import { SqliteQuestionLog } from './sqlite-question-log.ts';
import { DAILY_MIGRATIONS } from './daily-migrations.ts';
import { SqliteDailyStore } from './sqlite-daily-store.ts';
import { QUIZ_MIGRATIONS } from './quiz-migrations.ts';
import { SqliteQuizStore } from './sqlite-quiz-store.ts';
import { isTransientSqliteError, SQLITE_LOCK, WriteBehind } from './write-behind.ts';

/** Every feature's migrations, in the order they run. Append new features at the end. */
export const ALL_MIGRATIONS: readonly Migration[] = Object.freeze([...QUESTION_LOG_MIGRATIONS, ...DAILY_MIGRATIONS, ...QUIZ_MIGRATIONS]);

/**
 * The state file cannot be used (damaged, not a database, unreadable): main.ts prints the message
 * and exits 78 (EX_CONFIG), so a supervisor stops restarting it. The file is never touched.
 */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(
      `cannot use the state file ${file} (DATABASE_FILE): ${problem}. The file was left untouched. ` +
        `To start fresh, move it aside (mv ${file} ${file}.broken) and start again; ` +
        `to try to save its scores and schedules first: sqlite3 ${file} .recover | sqlite3 ${file}.recovered, then move the recovered file in its place.`,
    );
  }
}

export interface SqliteStoreOptions {
  /** Where failures of kept-aside writes are logged (once a minute). */
  readonly logger?: Logger;
  /** Milliseconds since the epoch (the injected clock), for the once-a-minute log. */
  readonly now?: () => number;
  /** The SQLITE_LOCK knobs (tests). */
  readonly lock?: ConstructorParameters<typeof WriteBehind>[1]['timing'];
}

export type SqliteStore = Store & { readonly db: Database.Database; readonly writes: WriteBehind };

/**
 * Opens (creating if needed) the SQLite state file in WAL mode and runs pending migrations.
 * `':memory:'` gives a private in-memory database (tests). A file that cannot be opened throws a
 * {@link StateFileError} naming it and saying how to recover.
 *
 * No request waits on another process's lock: a write waits at most SQLITE_LOCK.busyTimeoutMs;
 * bookkeeping writes (question log, quiz answers and reviews, "sent" marks, quiz ends) are then kept
 * and retried off the request path ({@link WriteBehind}); a write someone waits on (starting a quiz,
 * a daily claim, a schedule change, a vote) fails with UserError 'state-busy' ("try again in a few
 * seconds"), and the daily scheduler retries its claims with backoff.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  const shown = file === ':memory:' ? file : path.resolve(file);
  let db: Database.Database | undefined;
  try {
    if (file !== ':memory:') {
      fs.mkdirSync(path.dirname(shown), { recursive: true });
      if (fs.existsSync(shown) && !fs.statSync(shown).isFile()) throw new StateFileError(shown, 'it is not a file (a folder?)');
    }
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Start-up may wait for the lock (nothing is served yet); requests then wait at most busyTimeoutMs.
    db.pragma('busy_timeout = 5000');
    migrate(db, ALL_MIGRATIONS);
    db.pragma(`busy_timeout = ${SQLITE_LOCK.busyTimeoutMs}`);
  } catch (error) {
    if (db?.open) db.close();
    if (error instanceof StateFileError) throw error;
    throw new StateFileError(shown, describeOpenError(error));
  }
  const writes = new WriteBehind(db, { logger: options.logger ?? silentLogger, now: options.now ?? Date.now, ...(options.lock ? { timing: options.lock } : {}) });
  const log = new SqliteQuestionLog(db);
  const questions: QuestionLogStore = {
    record(question) {
      const id = SqliteQuestionLog.newId();
      writes.run('question log', () => log.recordWithId(question, id));
      return id;
    },
    feedback: (...args) => busyAware(() => log.feedback(...args)),
    picked: (...args) => writes.run('suggestion pick', () => log.picked(...args)),
    stats: options => busyAware(() => log.stats(options)),
  };
  const opened = db;
  return {
    db: opened,
    writes,
    questions,
    daily: guard(new SqliteDailyStore(opened), writes, { markSent: 'daily sent mark' }),
    quiz: guard(new SqliteQuizStore(opened), writes, { recordAnswer: 'quiz answer', saveReview: 'quiz review', endQuiz: 'quiz end' }),
    close() {
      if (!opened.open) return;
      writes.close();
      opened.close();
    },
  };
}

/** A lock held past busy_timeout becomes "try again shortly" for the person waiting. */
function busyAware<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isTransientSqliteError(error) && /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code))) throw new UserError('state-busy');
    throw error;
  }
}

/**
 * The store with its `deferred` methods (which return nothing) run through the write-behind queue,
 * and every other method answering 'state-busy' when the lock is held too long.
 */
function guard<T extends object>(target: T, writes: WriteBehind, deferred: Partial<Record<keyof T, string>>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const what = deferred[property as keyof T];
      if (what !== undefined) return (...args: unknown[]) => writes.run(what, () => value.apply(object, args));
      return (...args: unknown[]) => busyAware(() => value.apply(object, args));
    },
  });
}

function describeOpenError(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB') return 'it is not a SQLite database (damaged, or some other kind of file)';
  if (code.startsWith('SQLITE_CORRUPT')) return `it is damaged (${message})`;
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'EPERM') return `it cannot be opened (${message}); check the path and its permissions`;
  if (code.startsWith('SQLITE_READONLY')) return `it is read-only (${message}); the bot must be able to write it and its folder`;
  if (code.startsWith('SQLITE_BUSY')) return 'another program held it locked for more than 5 s while the bot started';
  if (code.startsWith('SQLITE_FULL')) return 'the disk is full';
  return `${code ? code + ': ' : ''}${message}`;
}
