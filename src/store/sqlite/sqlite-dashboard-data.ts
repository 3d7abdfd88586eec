import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import type { ChannelDay, DashboardData, DayActivity, EntryUse, LeaderRow, MissRow, PostRow, ScheduleRow } from '../../dashboard/dashboard-data.ts';
import { migrate, type Migration } from './migrations.ts';

export const DASHBOARD_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    // The key dashboard links are signed with (HMAC-SHA256). Deleting the row revokes every link.
    id: 'dashboard-001-secret',
    sql: `CREATE TABLE dashboard_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL, created_at INTEGER NOT NULL);`,
  },
]);

const DAY_MS = 86_400_000;
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The dashboard's reads over the state database (the question log, quiz and daily tables). */
export class SqliteDashboardData implements DashboardData {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    migrate(db, DASHBOARD_MIGRATIONS);
  }

  activity(fromAt: number, toAt: number): readonly DayActivity[] {
    const days = new Map<string, { answered: number; suggested: number; declined: number; up: number; down: number; quizzes: number; dailyPosts: number }>();
    for (let t = Math.floor(fromAt / DAY_MS) * DAY_MS; t <= toAt; t += DAY_MS) days.set(dayOf(t), { answered: 0, suggested: 0, declined: 0, up: 0, down: 0, quizzes: 0, dailyPosts: 0 });
    const bump = (at: number, key: keyof DayActivity, n: number) => {
      const d = days.get(dayOf(at));
      if (d && key !== 'day') d[key] += n;
    };
    const day = `(at / ${DAY_MS}) * ${DAY_MS}`;
    for (const r of this.db.prepare(`SELECT ${day} AS d, outcome, COUNT(*) AS n FROM questions WHERE at BETWEEN ? AND ? GROUP BY d, outcome`).all(fromAt, toAt) as { d: number; outcome: string; n: number }[])
      bump(r.d, r.outcome === 'answer' ? 'answered' : r.outcome === 'suggest' ? 'suggested' : 'declined', r.n);
    for (const r of this.db.prepare(`SELECT ${day} AS d, vote, COUNT(*) AS n FROM feedback WHERE at BETWEEN ? AND ? GROUP BY d, vote`).all(fromAt, toAt) as { d: number; vote: string; n: number }[])
      bump(r.d, r.vote === 'up' ? 'up' : 'down', r.n);
    for (const r of this.db.prepare(`SELECT (started_at / ${DAY_MS}) * ${DAY_MS} AS d, COUNT(*) AS n FROM quiz_runs WHERE started_at BETWEEN ? AND ? GROUP BY d`).all(fromAt, toAt) as { d: number; n: number }[])
      bump(r.d, 'quizzes', r.n);
    for (const r of this.db.prepare(`SELECT (posted_at / ${DAY_MS}) * ${DAY_MS} AS d, COUNT(*) AS n FROM daily_posts WHERE posted_at BETWEEN ? AND ? GROUP BY d`).all(fromAt, toAt) as { d: number; n: number }[])
      bump(r.d, 'dailyPosts', r.n);
    return [...days].map(([d, v]) => ({ day: d, ...v }));
  }

  channelActivity(fromAt: number, toAt: number): readonly ChannelDay[] {
    const rows = this.db
      .prepare(
        `SELECT d, channel, SUM(q) AS quizzes, SUM(p) AS dailyPosts FROM (
           SELECT (started_at / ${DAY_MS}) * ${DAY_MS} AS d, platform || ':' || workspace || ':' || channel AS channel, 1 AS q, 0 AS p FROM quiz_runs WHERE started_at BETWEEN @from AND @to
           UNION ALL
           SELECT (posted_at / ${DAY_MS}) * ${DAY_MS}, platform || ':' || workspace || ':' || channel, 0, 1 FROM daily_posts WHERE posted_at BETWEEN @from AND @to
         ) GROUP BY d, channel ORDER BY d, channel`,
      )
      .all({ from: fromAt, to: toAt }) as { d: number; channel: string; quizzes: number; dailyPosts: number }[];
    return rows.map(r => ({ day: dayOf(r.d), channel: r.channel, quizzes: r.quizzes, dailyPosts: r.dailyPosts }));
  }

  misses(sinceAt: number, lowConfidenceBelow: number, limit: number): readonly MissRow[] {
    return this.db
      .prepare(
        `SELECT q.id AS questionId, q.query, q.at, q.outcome, q.entry_id AS entryId, q.score, q.picked_entry_id AS picked,
                (SELECT COUNT(*) FROM feedback f WHERE f.question_id = q.id AND f.vote = 'down') AS downs
           FROM questions q
          WHERE q.at >= @since AND (q.outcome != 'answer' OR q.score < @low OR EXISTS (SELECT 1 FROM feedback f WHERE f.question_id = q.id AND f.vote = 'down'))
          ORDER BY q.at DESC LIMIT @limit`,
      )
      .all({ since: sinceAt, low: lowConfidenceBelow, limit })
      .map(r => {
        const row = r as Omit<MissRow, 'kind'>;
        const kind: MissRow['kind'] = row.downs > 0 ? 'down-voted' : row.outcome === 'decline' ? 'declined' : row.outcome === 'suggest' ? 'did-you-mean' : 'low-confidence';
        return { ...row, kind };
      });
  }

  entryUse(): readonly EntryUse[] {
    return this.db
      .prepare(
        `SELECT COALESCE(q.picked_entry_id, q.entry_id) AS entryId, COUNT(DISTINCT q.id) AS asked,
                COALESCE(SUM(f.vote = 'up'), 0) AS up, COALESCE(SUM(f.vote = 'down'), 0) AS down
           FROM questions q LEFT JOIN feedback f ON f.question_id = q.id
          WHERE COALESCE(q.picked_entry_id, q.entry_id) IS NOT NULL
          GROUP BY entryId`,
      )
      .all() as EntryUse[];
  }

  leaderboards(limit: number): readonly LeaderRow[] {
    return this.db
      .prepare(
        `SELECT platform, workspace, user, MAX(name) AS name, SUM(points) AS points, COUNT(DISTINCT quiz_id) AS quizzes
           FROM quiz_awards GROUP BY platform, workspace, user ORDER BY platform, workspace, points DESC LIMIT ?`,
      )
      .all(limit) as LeaderRow[];
  }

  schedules(): readonly ScheduleRow[] {
    return this.db
      .prepare(`SELECT platform, workspace, channel, time, time_zone AS timeZone, topic, set_by AS setBy FROM daily_schedules ORDER BY platform, workspace, channel`)
      .all() as ScheduleRow[];
  }

  posts(limit: number): readonly PostRow[] {
    return this.db
      .prepare(`SELECT platform, workspace, channel, day, entry_id AS entryId, posted_at AS postedAt, revealed_at AS revealedAt FROM daily_posts ORDER BY posted_at DESC LIMIT ?`)
      .all(limit) as PostRow[];
  }

  signingSecret(): Buffer {
    const read = () => this.db.prepare('SELECT secret FROM dashboard_secret WHERE id = 1').pluck().get() as Buffer | undefined;
    const existing = read();
    if (existing) return existing;
    this.db.prepare('INSERT OR IGNORE INTO dashboard_secret (id, secret, created_at) VALUES (1, ?, ?)').run(randomBytes(32), this.now());
    return read()!;
  }
}
