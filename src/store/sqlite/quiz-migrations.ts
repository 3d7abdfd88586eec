import type { Migration } from './migrations.ts';

/** The quiz's tables. Append-only: never edit a shipped migration; add 'quiz-002', … */
export const QUIZ_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    id: 'quiz-001',
    sql: `
      CREATE TABLE quiz_runs (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        lang TEXT NOT NULL,
        topic TEXT,
        mode TEXT NOT NULL CHECK (mode IN ('quiz', 'review')),
        started_by TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        questions INTEGER NOT NULL,
        ended_at INTEGER,
        end_reason TEXT
      );
      CREATE INDEX quiz_runs_open ON quiz_runs (ended_at) WHERE ended_at IS NULL;

      -- One row per point award; the primary key makes a replayed award a no-op.
      CREATE TABLE quiz_awards (
        quiz_id TEXT NOT NULL,
        item INTEGER NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        user TEXT NOT NULL,
        name TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        points INTEGER NOT NULL CHECK (points >= 0),
        at INTEGER NOT NULL,
        PRIMARY KEY (quiz_id, item, user)
      );
      CREATE INDEX quiz_awards_player ON quiz_awards (platform, workspace, user);

      -- Each person's answer to each question they tried (for /quiz me).
      CREATE TABLE quiz_answers (
        quiz_id TEXT NOT NULL,
        item INTEGER NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        user TEXT NOT NULL,
        name TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        at INTEGER NOT NULL,
        PRIMARY KEY (quiz_id, item, user)
      );
      CREATE INDEX quiz_answers_player ON quiz_answers (platform, workspace, user);

      -- Spaced repetition: one row per person and entry.
      CREATE TABLE quiz_review (
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        user TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        box INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        misses INTEGER NOT NULL,
        last_at INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace, user, entry_id)
      );
    `,
  },
  {
    // At most one running quiz per channel, whichever process (a Discord shard) starts it: the
    // index refuses a second one. Older files may hold several open quizzes in one channel (left by
    // crashes): all but the newest are closed as interrupted first.
    id: 'quiz-002-one-open-per-channel',
    sql: `
      UPDATE quiz_runs SET ended_at = started_at, end_reason = 'interrupted'
       WHERE ended_at IS NULL AND EXISTS (
         SELECT 1 FROM quiz_runs newer
          WHERE newer.ended_at IS NULL AND newer.platform = quiz_runs.platform AND newer.workspace = quiz_runs.workspace
            AND newer.channel = quiz_runs.channel
            AND (newer.started_at > quiz_runs.started_at OR (newer.started_at = quiz_runs.started_at AND newer.id > quiz_runs.id)));
      CREATE UNIQUE INDEX quiz_runs_one_open ON quiz_runs (platform, workspace, channel) WHERE ended_at IS NULL;
    `,
  },
]);
