import type pg from 'pg';
import type { DailyPost, DailySchedule, PostClaim } from '../../core/daily/daily-store.ts';
import type { RotationState } from '../../core/daily/daily-rotation.ts';
import type { Lang } from '../../core/language.ts';
import type { LeaderboardRow, OpenQuiz, PlayerKey, QuizAnswer, QuizAward, QuizEndReason, QuizRun, RelayedChoice, ReviewState, TopicRecord } from '../../core/quiz/quiz-store.ts';
import type { ChannelRef } from '../../core/services.ts';
import { DEFAULT_STATS_OPTIONS, type QuestionRecord, type QuestionStats, type StatsOptions } from '../../core/store.ts';

/**
 * Every PostgreSQL operation of the store, as async functions over a pool. They run in the store's
 * worker thread (pg-worker.ts); the Store object the core sees (pg-store.ts) calls them by name with
 * plain arguments and gets plain results back, so nothing here may take or return a function.
 *
 * Exactly-once decisions rest on the database, never on timing: a daily day is claimed by the UNIQUE
 * (channel, day) key, an award by its primary key, a quiz start by the one-open-quiz-per-channel
 * index; a rotation is advanced only from the version it was read at.
 */

export type Db = pg.Pool;

/** A quiz start refused because another live quiz runs in the channel (on this host or another). */
export const CHANNEL_BUSY = 'channel-busy';

const ch = (c: ChannelRef) => [c.platform, c.workspace, c.channel];
const num = (v: unknown): number => (typeof v === 'string' ? Number(v) : (v as number));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

interface Row {
  [column: string]: unknown;
}

function toSchedule(r: Row): DailySchedule {
  return {
    channel: { platform: r.platform as ChannelRef['platform'], workspace: r.workspace as string, channel: r.channel as string },
    time: r.time as string,
    timeZone: r.time_zone as string,
    topic: r.topic as string | null,
    lang: r.lang as Lang,
    setBy: r.set_by as string,
    setAt: num(r.set_at),
  };
}

function toPost(r: Row): DailyPost {
  return {
    id: String(r.id),
    channel: { platform: r.platform as ChannelRef['platform'], workspace: r.workspace as string, channel: r.channel as string },
    day: r.day as string | null,
    entryId: r.entry_id as string,
    lang: r.lang as Lang,
    postedAt: num(r.posted_at),
    sentAt: numOrNull(r.sent_at),
    revealAt: numOrNull(r.reveal_at),
    revealedAt: numOrNull(r.revealed_at),
  };
}

function toReview(r: Row): ReviewState {
  return {
    platform: r.platform as string,
    workspace: r.workspace as string,
    user: r.user as string,
    entryId: r.entry_id as string,
    box: num(r.box),
    dueAt: num(r.due_at),
    hits: num(r.hits),
    misses: num(r.misses),
    lastAt: num(r.last_at),
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const isPostId = (id: string) => /^\d{1,15}$/.test(id);
/** Events recorded by this worker: old ids are deleted every hundredth. */
let eventsSeen = 0;
const WHERE_CHANNEL = 'platform = $1 AND workspace = $2 AND channel = $3';

async function inTransaction<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** What {@link OPERATIONS}.claimRead returns: the day's state and the rotation to choose from. */
export interface ClaimRead {
  readonly claimed: boolean;
  readonly rotation: RotationState | undefined;
  /** The rotation's version (0: no rotation row yet). */
  readonly version: number;
}

/** What claimWrite returns: the post, 'claimed' (the day was taken meanwhile) or 'stale' (the rotation moved: read again). */
export type ClaimWrite = { readonly post: DailyPost } | { readonly outcome: 'claimed' | 'stale' };

export const OPERATIONS = {
  // --- health ---
  async ping(db: Db): Promise<boolean> {
    await db.query('SELECT 1');
    return true;
  },

  // --- question log ---
  async recordQuestion(db: Db, id: string, q: QuestionRecord): Promise<void> {
    await db.query(
      `INSERT INTO questions (id, at, platform, workspace, channel, "user", query, outcome, entry_id, score)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [id, q.at, q.platform, q.workspace, q.channel, q.user, q.query, q.outcome, q.entryId, q.score],
    );
  },
  async feedback(db: Db, questionId: string, user: string, vote: 'up' | 'down', at: number): Promise<boolean> {
    const r = await db.query(
      `INSERT INTO feedback (question_id, "user", vote, at)
       SELECT id, $2, $3, $4 FROM questions WHERE id = $1
       ON CONFLICT (question_id, "user") DO UPDATE SET vote = excluded.vote, at = excluded.at`,
      [questionId, user, vote, at],
    );
    return (r.rowCount ?? 0) > 0;
  },
  async picked(db: Db, questionId: string, entryId: string): Promise<void> {
    await db.query('UPDATE questions SET picked_entry_id = $1 WHERE id = $2', [entryId, questionId]);
  },
  async stats(db: Db, options: Partial<StatsOptions>): Promise<QuestionStats> {
    const { lowConfidenceBelow, limit } = { ...DEFAULT_STATS_OPTIONS, ...options };
    const counts = new Map((await db.query(`SELECT outcome, COUNT(*)::int AS n FROM questions GROUP BY outcome`)).rows.map(r => [r.outcome as string, r.n as number]));
    const votes = new Map((await db.query(`SELECT vote, COUNT(*)::int AS n FROM feedback GROUP BY vote`)).rows.map(r => [r.vote as string, r.n as number]));
    const misses = await db.query(
      `SELECT query, outcome, at FROM (
         SELECT query, outcome, at FROM questions WHERE outcome = 'decline'
         UNION ALL
         SELECT q.query, 'down' AS outcome, f.at FROM feedback f JOIN questions q ON q.id = f.question_id WHERE f.vote = 'down'
       ) m ORDER BY at DESC LIMIT 20`,
    );
    const declines = await db.query(`SELECT query, at FROM questions WHERE outcome = 'decline' ORDER BY at DESC LIMIT $1`, [limit]);
    const suggestions = await db.query(`SELECT query, at, picked_entry_id AS picked FROM questions WHERE outcome = 'suggest' ORDER BY at DESC LIMIT $1`, [limit]);
    const downVoted = await db.query(
      `SELECT q.query, q.entry_id AS "entryId", f.at FROM feedback f JOIN questions q ON q.id = f.question_id WHERE f.vote = 'down' ORDER BY f.at DESC LIMIT $1`,
      [limit],
    );
    const low = await db.query(
      `SELECT query, entry_id AS "entryId", score, at FROM questions WHERE outcome = 'answer' AND score < $1 ORDER BY at DESC LIMIT $2`,
      [lowConfidenceBelow, limit],
    );
    const at = <T extends Row>(rows: T[]) => rows.map(r => ({ ...r, at: num(r.at) }));
    return {
      answered: counts.get('answer') ?? 0,
      suggested: counts.get('suggest') ?? 0,
      declined: counts.get('decline') ?? 0,
      up: votes.get('up') ?? 0,
      down: votes.get('down') ?? 0,
      recentMisses: at(misses.rows) as unknown as QuestionStats['recentMisses'],
      declines: at(declines.rows) as unknown as QuestionStats['declines'],
      suggestions: at(suggestions.rows) as unknown as QuestionStats['suggestions'],
      downVoted: at(downVoted.rows) as unknown as QuestionStats['downVoted'],
      lowConfidence: at(low.rows) as unknown as QuestionStats['lowConfidence'],
    };
  },

  // --- daily ---
  async schedules(db: Db): Promise<DailySchedule[]> {
    return (await db.query('SELECT * FROM daily_schedules ORDER BY platform, workspace, channel')).rows.map(toSchedule);
  },
  async schedule(db: Db, channel: ChannelRef): Promise<DailySchedule | undefined> {
    const row = (await db.query(`SELECT * FROM daily_schedules WHERE ${WHERE_CHANNEL}`, ch(channel))).rows[0];
    return row === undefined ? undefined : toSchedule(row);
  },
  async setSchedule(db: Db, s: DailySchedule): Promise<void> {
    await db.query(
      `INSERT INTO daily_schedules (platform, workspace, channel, time, time_zone, topic, lang, set_by, set_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (platform, workspace, channel) DO UPDATE SET
         time = excluded.time, time_zone = excluded.time_zone, topic = excluded.topic,
         lang = excluded.lang, set_by = excluded.set_by, set_at = excluded.set_at`,
      [...ch(s.channel), s.time, s.timeZone, s.topic, s.lang, s.setBy, s.setAt],
    );
  },
  async removeSchedule(db: Db, channel: ChannelRef): Promise<boolean> {
    return ((await db.query(`DELETE FROM daily_schedules WHERE ${WHERE_CHANNEL}`, ch(channel))).rowCount ?? 0) > 0;
  },
  async rotation(db: Db, channel: ChannelRef): Promise<RotationState | undefined> {
    const row = (await db.query(`SELECT cycle, queue, posted FROM daily_rotations WHERE ${WHERE_CHANNEL}`, ch(channel))).rows[0];
    return row === undefined ? undefined : { cycle: num(row.cycle), queue: strings(row.queue), posted: strings(row.posted) };
  },
  async isClaimed(db: Db, channel: ChannelRef, day: string): Promise<boolean> {
    return (await db.query(`SELECT 1 FROM daily_posts WHERE ${WHERE_CHANNEL} AND day = $4`, [...ch(channel), day])).rows.length > 0;
  },
  /** First half of a claim: is the day taken, and the rotation (with its version) to choose from. */
  async claimRead(db: Db, channel: ChannelRef, day: string | null): Promise<ClaimRead> {
    const r = await db.query(
      `SELECT (SELECT 1 FROM daily_posts WHERE ${WHERE_CHANNEL} AND day = $4) AS claimed,
              r.cycle, r.queue, r.posted, r.version
         FROM (SELECT 1) one LEFT JOIN daily_rotations r ON r.platform = $1 AND r.workspace = $2 AND r.channel = $3`,
      [...ch(channel), day],
    );
    const row = r.rows[0] as Row;
    return {
      claimed: day !== null && row.claimed !== null,
      rotation: row.cycle === null ? undefined : { cycle: num(row.cycle), queue: strings(row.queue), posted: strings(row.posted) },
      version: row.version === null ? 0 : num(row.version),
    };
  },
  /**
   * Second half, one transaction: insert the post (the UNIQUE (channel, day) key refuses a day already
   * claimed by anyone), then advance the rotation only from the version read; if another host moved it
   * meanwhile, roll back and report 'stale' so that the caller reads and chooses again.
   */
  async claimWrite(db: Db, claim: PostClaim, entryId: string, rotation: RotationState, version: number): Promise<ClaimWrite> {
    return inTransaction(db, async client => {
      const inserted = await client.query(
        `INSERT INTO daily_posts (platform, workspace, channel, day, entry_id, lang, posted_at, reveal_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING *`,
        [...ch(claim.channel), claim.day, entryId, claim.lang, claim.at, claim.revealAt],
      );
      if (inserted.rows.length === 0) return { outcome: 'claimed' as const };
      const saved =
        version === 0
          ? await client.query(
              `INSERT INTO daily_rotations (platform, workspace, channel, cycle, queue, posted, version)
               VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT DO NOTHING`,
              [...ch(claim.channel), rotation.cycle, JSON.stringify(rotation.queue), JSON.stringify(rotation.posted)],
            )
          : await client.query(
              `UPDATE daily_rotations SET cycle = $4, queue = $5, posted = $6, version = version + 1
                WHERE ${WHERE_CHANNEL} AND version = $7`,
              [...ch(claim.channel), rotation.cycle, JSON.stringify(rotation.queue), JSON.stringify(rotation.posted), version],
            );
      if ((saved.rowCount ?? 0) === 0) {
        await client.query('ROLLBACK');
        await client.query('BEGIN'); // inTransaction commits an empty transaction
        return { outcome: 'stale' as const };
      }
      return { post: toPost(inserted.rows[0]) };
    });
  },
  async post(db: Db, id: string): Promise<DailyPost | undefined> {
    if (!isPostId(id)) return undefined;
    const row = (await db.query('SELECT * FROM daily_posts WHERE id = $1', [id])).rows[0];
    return row === undefined ? undefined : toPost(row);
  },
  async unrevealed(db: Db, channel: ChannelRef): Promise<DailyPost[]> {
    return (await db.query(`SELECT * FROM daily_posts WHERE ${WHERE_CHANNEL} AND revealed_at IS NULL ORDER BY id`, ch(channel))).rows.map(toPost);
  },
  async timedReveals(db: Db): Promise<DailyPost[]> {
    return (await db.query('SELECT * FROM daily_posts WHERE reveal_at IS NOT NULL AND revealed_at IS NULL ORDER BY reveal_at, id')).rows.map(toPost);
  },
  async claimReveal(db: Db, postId: string, at: number): Promise<boolean> {
    if (!isPostId(postId)) return false;
    return ((await db.query('UPDATE daily_posts SET revealed_at = $1 WHERE id = $2 AND revealed_at IS NULL', [at, postId])).rowCount ?? 0) > 0;
  },
  async markSent(db: Db, postId: string, at: number): Promise<void> {
    if (!isPostId(postId)) return;
    await db.query('UPDATE daily_posts SET sent_at = $1 WHERE id = $2 AND sent_at IS NULL', [at, postId]);
  },

  // --- quiz ---
  /**
   * Starts a quiz: a quiz still open in the channel whose lease has run out (its host died) is closed
   * as 'interrupted' first; then the insert. Returns false when the id is taken, CHANNEL_BUSY when a
   * live quiz runs in the channel (the one-open-quiz index refused it).
   */
  async beginQuiz(db: Db, run: QuizRun, owner: string, leaseUntil: number, now: number): Promise<boolean | typeof CHANNEL_BUSY> {
    return inTransaction(db, async client => {
      await client.query(
        `UPDATE quiz_runs SET ended_at = $4, end_reason = 'interrupted'
          WHERE ${WHERE_CHANNEL} AND ended_at IS NULL AND lease_until < $4`,
        [run.platform, run.workspace, run.channel, now],
      );
      try {
        await client.query('SAVEPOINT begin_quiz');
        const r = await client.query(
          `INSERT INTO quiz_runs (id, platform, workspace, channel, lang, topic, mode, started_by, started_at, questions, owner, lease_until)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
          [run.id, run.platform, run.workspace, run.channel, run.lang, run.topic, run.mode, run.startedBy, run.startedAt, run.questions, owner, leaseUntil],
        );
        return (r.rowCount ?? 0) === 1;
      } catch (error) {
        if ((error as { code?: string; constraint?: string }).code === '23505') {
          await client.query('ROLLBACK TO SAVEPOINT begin_quiz');
          return CHANNEL_BUSY;
        }
        throw error;
      }
    });
  },
  async endQuiz(db: Db, id: string, at: number, reason: QuizEndReason): Promise<void> {
    await db.query('UPDATE quiz_runs SET ended_at = $1, end_reason = $2 WHERE id = $3 AND ended_at IS NULL', [at, reason, id]);
  },
  /** Open quizzes no live host holds (lease run out), oldest first. */
  async abandonedQuizzes(db: Db, now: number): Promise<OpenQuiz[]> {
    return (await db.query('SELECT id, platform, workspace, channel FROM quiz_runs WHERE ended_at IS NULL AND lease_until < $1 ORDER BY started_at', [now])).rows as OpenQuiz[];
  },
  /** Closes these quizzes as 'interrupted' if they are still open and abandoned; returns those it closed. */
  async endAbandoned(db: Db, ids: readonly string[], now: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const r = await db.query(
      `UPDATE quiz_runs SET ended_at = $1, end_reason = 'interrupted'
        WHERE id = ANY($2::text[]) AND ended_at IS NULL AND lease_until < $1 RETURNING id, started_at`,
      [now, ids],
    );
    const order = new Map(ids.map((id, i) => [id, i]));
    return r.rows.map(row => row.id as string).sort((a, b) => order.get(a)! - order.get(b)!);
  },
  /** Keeps a click for the host running the quiz; false when no such quiz is open in that channel. */
  async relayChoice(db: Db, a: RelayedChoice): Promise<boolean> {
    const r = await db.query(
      `INSERT INTO quiz_relay (quiz_id, item, choice, platform, workspace, channel, "user", name, at, text)
       SELECT id, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM quiz_runs
        WHERE ($1 = '' OR id = $1) AND ended_at IS NULL AND platform = $4 AND workspace = $5 AND channel = $6`,
      [a.quizId, a.item, a.choice, a.platform, a.workspace, a.channel, a.user, a.name, a.at, a.text ?? null],
    );
    return (r.rowCount ?? 0) > 0;
  },
  /** Takes the clicks relayed to these quizzes, oldest first. */
  async takeRelayed(db: Db, quizIds: readonly string[]): Promise<RelayedChoice[]> {
    if (quizIds.length === 0) return [];
    const r = await db.query(`DELETE FROM quiz_relay WHERE quiz_id = ANY($1::text[]) RETURNING *`, [quizIds]);
    return r.rows
      .sort((x, y) => num(x.seq) - num(y.seq))
      .map(row => ({
        quizId: row.quiz_id,
        item: num(row.item),
        choice: row.choice,
        ...(row.text === null ? {} : { text: row.text as string }),
        platform: row.platform,
        workspace: row.workspace,
        channel: row.channel,
        user: row.user,
        name: row.name,
        at: num(row.at),
      }));
  },
  /** Closes as 'interrupted' every open quiz whose lease ran out (its host died); any live host may do it. */
  async sweepAbandoned(db: Db, now: number): Promise<number> {
    return (await db.query(`UPDATE quiz_runs SET ended_at = $1, end_reason = 'interrupted' WHERE ended_at IS NULL AND lease_until < $1`, [now])).rowCount ?? 0;
  },
  /** Extends the lease of the quizzes this host runs (they are alive). */
  async renewLeases(db: Db, owner: string, ids: readonly string[], until: number): Promise<void> {
    if (ids.length === 0) return;
    await db.query('UPDATE quiz_runs SET lease_until = $1 WHERE id = ANY($2::text[]) AND owner = $3 AND ended_at IS NULL', [until, ids, owner]);
  },
  async award(db: Db, a: QuizAward): Promise<boolean> {
    const r = await db.query(
      `INSERT INTO quiz_awards (quiz_id, item, platform, workspace, "user", name, entry_id, topic, points, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [a.quizId, a.item, a.platform, a.workspace, a.user, a.name, a.entryId, a.topic, a.points, a.at],
    );
    return (r.rowCount ?? 0) === 1;
  },
  async recordAnswer(db: Db, a: QuizAnswer): Promise<void> {
    await db.query(
      `INSERT INTO quiz_answers (quiz_id, item, platform, workspace, "user", name, entry_id, topic, correct, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (quiz_id, item, "user") DO UPDATE SET correct = quiz_answers.correct OR excluded.correct, name = excluded.name`,
      [a.quizId, a.item, a.platform, a.workspace, a.user, a.name, a.entryId, a.topic, a.correct, a.at],
    );
  },
  async leaderboard(db: Db, platform: string, workspace: string, limit: number): Promise<LeaderboardRow[]> {
    const r = await db.query(
      `SELECT a."user" AS "user", SUM(a.points)::int AS points, COUNT(*)::int AS wins,
              (SELECT b.name FROM quiz_awards b
                WHERE b.platform = a.platform AND b.workspace = a.workspace AND b."user" = a."user"
                ORDER BY b.at DESC LIMIT 1) AS name
         FROM quiz_awards a
        WHERE a.platform = $1 AND a.workspace = $2
        GROUP BY a.platform, a.workspace, a."user"
        ORDER BY points DESC, wins DESC, a."user" COLLATE "C" ASC
        LIMIT $3`,
      [platform, workspace, limit],
    );
    return r.rows.map(row => ({ user: row.user, name: row.name, points: row.points, wins: row.wins }));
  },
  async personalRecord(db: Db, p: PlayerKey): Promise<TopicRecord[]> {
    const r = await db.query(
      `SELECT topic, SUM(answered)::int AS answered, SUM(correct)::int AS correct, SUM(points)::int AS points FROM (
         SELECT topic, 1 AS answered, CASE WHEN correct THEN 1 ELSE 0 END AS correct, 0 AS points FROM quiz_answers WHERE platform = $1 AND workspace = $2 AND "user" = $3
         UNION ALL
         SELECT topic, 0, 0, points FROM quiz_awards WHERE platform = $1 AND workspace = $2 AND "user" = $3
       ) t GROUP BY topic ORDER BY points DESC, correct DESC, topic COLLATE "C" ASC`,
      [p.platform, p.workspace, p.user],
    );
    return r.rows.map(row => ({ topic: row.topic, answered: row.answered, correct: row.correct, points: row.points }));
  },
  async reviewStates(db: Db, p: PlayerKey): Promise<ReviewState[]> {
    return (
      await db.query(`SELECT * FROM quiz_review WHERE platform = $1 AND workspace = $2 AND "user" = $3 ORDER BY due_at, entry_id COLLATE "C"`, [p.platform, p.workspace, p.user])
    ).rows.map(toReview);
  },
  async reviewState(db: Db, p: PlayerKey, entryId: string): Promise<ReviewState | undefined> {
    const row = (await db.query(`SELECT * FROM quiz_review WHERE platform = $1 AND workspace = $2 AND "user" = $3 AND entry_id = $4`, [p.platform, p.workspace, p.user, entryId])).rows[0];
    return row === undefined ? undefined : toReview(row);
  },
  async saveReview(db: Db, s: ReviewState): Promise<void> {
    await db.query(
      `INSERT INTO quiz_review (platform, workspace, "user", entry_id, box, due_at, hits, misses, last_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (platform, workspace, "user", entry_id) DO UPDATE SET
         box = excluded.box, due_at = excluded.due_at, hits = excluded.hits, misses = excluded.misses, last_at = excluded.last_at`,
      [s.platform, s.workspace, s.user, s.entryId, s.box, s.dueAt, s.hits, s.misses, s.lastAt],
    );
  },

  // --- Slack event de-duplication, shared by every replica ---
  /** True the first time any host sees this event id (within `keepMs`; older ids are forgotten). */
  async firstEvent(db: Db, id: string, at: number, keepMs: number): Promise<boolean> {
    const r = await db.query('INSERT INTO slack_events (id, at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, at]);
    if (++eventsSeen % 100 === 0) await db.query('DELETE FROM slack_events WHERE at < $1', [at - keepMs]);
    return (r.rowCount ?? 0) === 1;
  },

  // --- shared rate limits ---
  /**
   * A sliding-window limit shared by every host: allowed (and counted) when fewer than `limit` actions
   * of `key` were counted in the last `windowMs`; refused, the milliseconds until the oldest one leaves
   * the window. A transaction-scoped advisory lock on the key serialises concurrent takes of one key.
   */
  async takeRate(db: Db, key: string, limit: number, windowMs: number, now: number): Promise<{ allowed: boolean; retryAfterMs: number }> {
    return inTransaction(db, async client => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7))', [key]);
      await client.query('DELETE FROM rate_hits WHERE key = $1 AND at <= $2', [key, now - windowMs]);
      const r = await client.query('SELECT at FROM rate_hits WHERE key = $1 ORDER BY at LIMIT $2', [key, limit]);
      if (r.rows.length >= limit) return { allowed: false, retryAfterMs: Math.max(1, num(r.rows[0].at) + windowMs - now) };
      await client.query('INSERT INTO rate_hits (key, at) VALUES ($1, $2)', [key, now]);
      return { allowed: true, retryAfterMs: 0 };
    });
  },
  /** Gives back the latest action counted for `key` (it did not happen after all). */
  async refundRate(db: Db, key: string): Promise<void> {
    await db.query('DELETE FROM rate_hits WHERE (key, at, seq) IN (SELECT key, at, seq FROM rate_hits WHERE key = $1 ORDER BY at DESC, seq DESC LIMIT 1)', [key]);
  },
} as const;

export type Operations = typeof OPERATIONS;
export type OperationName = keyof Operations;
/** The arguments of an operation, without the pool. */
export type OperationArgs<K extends OperationName> = Operations[K] extends (db: Db, ...args: infer A) => unknown ? A : never;
export type OperationResult<K extends OperationName> = Awaited<ReturnType<Operations[K]>>;
