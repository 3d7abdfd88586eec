import type { Migration } from './migrations.ts';

/**
 * The daily question's tables. Append-only: never edit a shipped migration, add 'daily-002' …
 *
 * `daily_posts` is also the claim record: UNIQUE (platform, workspace, channel, day) is what makes
 * "one post per channel per local day" hold across restarts and crashes (the row is inserted before
 * the message is sent). Extra posts (`/daily now`) have day NULL, which UNIQUE lets repeat.
 */
export const DAILY_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    id: 'daily-001',
    sql: `
      CREATE TABLE daily_schedules (
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        time TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
        time_zone TEXT NOT NULL,
        topic TEXT,
        lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
        set_by TEXT NOT NULL,
        set_at INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace, channel)
      );
      CREATE TABLE daily_rotations (
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        queue TEXT NOT NULL,   -- JSON array of entry ids still to post this cycle, in order
        posted TEXT NOT NULL,  -- JSON array of entry ids posted this cycle, oldest first
        PRIMARY KEY (platform, workspace, channel)
      );
      CREATE TABLE daily_posts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        platform TEXT NOT NULL,
        workspace TEXT NOT NULL,
        channel TEXT NOT NULL,
        day TEXT,
        entry_id TEXT NOT NULL,
        lang TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
        posted_at INTEGER NOT NULL,
        reveal_at INTEGER,
        revealed_at INTEGER,
        UNIQUE (platform, workspace, channel, day)
      );
      CREATE INDEX daily_posts_unrevealed ON daily_posts (platform, workspace, channel) WHERE revealed_at IS NULL;
    `,
  },
  {
    // When the question was confirmed delivered. The answer is revealed publicly only for a question
    // the channel did see: after a crash (or an outage) mid-send the lost question's answer is not
    // posted on its own. Rows from before this migration could not record it: they count as sent.
    id: 'daily-002',
    sql: `
      ALTER TABLE daily_posts ADD COLUMN sent_at INTEGER;
      UPDATE daily_posts SET sent_at = posted_at;
    `,
  },
]);
