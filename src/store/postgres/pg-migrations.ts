/**
 * The PostgreSQL schema, as append-only migrations (never edit a shipped one; add 'pg-002', …),
 * applied at start by {@link file://./pg-migrate.ts} under an advisory lock. The tables mirror the
 * SQLite ones (src/store/sqlite/*-migrations.ts) with what several hosts need on top:
 *
 * - `quiz_runs_one_open`: at most one running quiz per channel, whichever host starts it;
 *   `lease_until` (renewed by the live host) lets another host close a quiz whose host died;
 * - `daily_posts` UNIQUE (channel, day): the claim that makes one post per channel per local day;
 *   `daily_rotations.version`: a rotation advanced by two hosts at once is detected, not overwritten;
 * - `slack_events`: Slack event ids seen by any replica (a retry may reach another one);
 * - `rate_hits`: the actions counted by the per-person and per-channel limits, shared by every host.
 *
 * Times are milliseconds since the epoch (BIGINT), as in the core.
 */
export interface PgMigration {
  readonly id: string;
  readonly sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = Object.freeze([
  {
    id: 'pg-001',
    sql: `
      CREATE TABLE questions (
        id TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        "user" TEXT NOT NULL,
        query TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('answer', 'suggest', 'decline')),
        entry_id TEXT,
        score DOUBLE PRECISION NOT NULL,
        picked_entry_id TEXT
      );
      CREATE INDEX questions_at ON questions (at);
      CREATE TABLE feedback (
        question_id TEXT NOT NULL REFERENCES questions (id),
        "user" TEXT NOT NULL,
        vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
        at BIGINT NOT NULL,
        PRIMARY KEY (question_id, "user")
      );

      CREATE TABLE daily_schedules (
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        time TEXT NOT NULL CHECK (time ~ '^[0-2][0-9]:[0-5][0-9]$'),
        time_zone TEXT NOT NULL,
        topic TEXT,
        lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
        set_by TEXT NOT NULL,
        set_at BIGINT NOT NULL,
        PRIMARY KEY (platform, workspace, channel)
      );
      CREATE TABLE daily_rotations (
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        queue JSONB NOT NULL,
        posted JSONB NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (platform, workspace, channel)
      );
      CREATE TABLE daily_posts (
        id BIGSERIAL PRIMARY KEY,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        day TEXT,
        entry_id TEXT NOT NULL,
        lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
        posted_at BIGINT NOT NULL,
        sent_at BIGINT,
        reveal_at BIGINT,
        revealed_at BIGINT,
        UNIQUE (platform, workspace, channel, day)
      );
      CREATE INDEX daily_posts_unrevealed ON daily_posts (platform, workspace, channel) WHERE revealed_at IS NULL;

      CREATE TABLE quiz_runs (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        lang TEXT NOT NULL,
        topic TEXT,
        mode TEXT NOT NULL CHECK (mode IN ('quiz', 'review')),
        started_by TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        questions INTEGER NOT NULL,
        ended_at BIGINT,
        end_reason TEXT,
        owner TEXT NOT NULL,
        lease_until BIGINT NOT NULL
      );
      CREATE UNIQUE INDEX quiz_runs_one_open ON quiz_runs (platform, workspace, channel) WHERE ended_at IS NULL;
      CREATE TABLE quiz_awards (
        quiz_id TEXT NOT NULL,
        item INTEGER NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        "user" TEXT NOT NULL,
        name TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        points INTEGER NOT NULL CHECK (points >= 0),
        at BIGINT NOT NULL,
        PRIMARY KEY (quiz_id, item, "user")
      );
      CREATE INDEX quiz_awards_player ON quiz_awards (platform, workspace, "user");
      CREATE TABLE quiz_answers (
        quiz_id TEXT NOT NULL,
        item INTEGER NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        "user" TEXT NOT NULL,
        name TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        correct BOOLEAN NOT NULL,
        at BIGINT NOT NULL,
        PRIMARY KEY (quiz_id, item, "user")
      );
      CREATE INDEX quiz_answers_player ON quiz_answers (platform, workspace, "user");
      CREATE TABLE quiz_review (
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        "user" TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        box INTEGER NOT NULL,
        due_at BIGINT NOT NULL,
        hits INTEGER NOT NULL,
        misses INTEGER NOT NULL,
        last_at BIGINT NOT NULL,
        PRIMARY KEY (platform, workspace, "user", entry_id)
      );

      CREATE TABLE slack_events (
        id TEXT PRIMARY KEY,
        at BIGINT NOT NULL
      );
      CREATE INDEX slack_events_at ON slack_events (at);

      CREATE TABLE rate_hits (
        key TEXT NOT NULL,
        at BIGINT NOT NULL,
        seq BIGSERIAL,
        PRIMARY KEY (key, at, seq)
      );
    `,
  },
  {
    // Clicks that reached a host other than the one running the quiz, waiting for that host to take them.
    id: 'pg-002-quiz-relay',
    sql: `
      CREATE TABLE quiz_relay (
        seq BIGSERIAL PRIMARY KEY,
        quiz_id TEXT NOT NULL REFERENCES quiz_runs (id),
        item INTEGER NOT NULL,
        choice TEXT NOT NULL,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        "user" TEXT NOT NULL,
        name TEXT NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX quiz_relay_quiz ON quiz_relay (quiz_id);
    `,
  },
  {
    // Typed answers too: the text, for whichever quiz is open in the channel.
    id: 'pg-003-quiz-relay-text',
    sql: `ALTER TABLE quiz_relay ADD COLUMN text TEXT;`,
  },
]);
