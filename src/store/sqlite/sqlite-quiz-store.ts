import type Database from 'better-sqlite3';
import { UserError } from '../../core/errors.ts';
import type {
  LeaderboardRow,
  OpenQuiz,
  PlayerKey,
  QuizAnswer,
  QuizAward,
  QuizEndReason,
  QuizRun,
  QuizStore,
  ReviewState,
  TopicRecord,
} from '../../core/quiz/quiz-store.ts';

interface ReviewRow {
  platform: string;
  workspace: string;
  user: string;
  entry_id: string;
  box: number;
  due_at: number;
  hits: number;
  misses: number;
  last_at: number;
}

/**
 * The QuizStore on SQLite (tables from quiz-migrations.ts). better-sqlite3 is synchronous: when a
 * method returns, its row is in the WAL file, so killing the process cannot lose it; an award's
 * primary key (quiz_id, item, user) makes a replay a no-op.
 */
export class SqliteQuizStore implements QuizStore {
  private readonly statements: ReturnType<typeof prepare>;

  constructor(private readonly db: Database.Database) {
    this.statements = prepare(db);
  }

  beginQuiz(run: QuizRun): boolean {
    try {
      return this.statements.begin.run({ ...run }).changes === 1;
    } catch (error) {
      // The one-open-quiz-per-channel index: another process sharing the file runs a quiz here.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new UserError('quiz-already-running');
      throw error;
    }
  }

  endQuiz(id: string, at: number, reason: QuizEndReason): void {
    this.statements.end.run(at, reason, id);
  }

  endUnfinished(at: number, which: (run: OpenQuiz) => boolean = () => true): string[] {
    // IMMEDIATE: takes the write lock first, so another process writing the file (a Discord shard) cannot
    // invalidate the read snapshot between the read and the writes.
    return this.db.transaction(() => {
      const runs = (this.statements.open.all() as OpenQuiz[]).filter((run) => which(run));
      for (const run of runs) this.statements.end.run(at, 'interrupted', run.id);
      return runs.map((run) => run.id);
    }).immediate();
  }

  award(award: QuizAward): boolean {
    return this.statements.award.run({ ...award }).changes === 1;
  }

  recordAnswer(answer: QuizAnswer): void {
    this.statements.answer.run({ ...answer, correct: answer.correct ? 1 : 0 });
  }

  leaderboard(platform: string, workspace: string, limit: number): readonly LeaderboardRow[] {
    return this.statements.leaderboard.all(platform, workspace, limit) as LeaderboardRow[];
  }

  personalRecord(player: PlayerKey): readonly TopicRecord[] {
    return this.statements.record.all(key(player)) as TopicRecord[];
  }

  reviewStates(player: PlayerKey): readonly ReviewState[] {
    return (this.statements.reviews.all(key(player)) as ReviewRow[]).map(fromRow);
  }

  reviewState(player: PlayerKey, entryId: string): ReviewState | undefined {
    const row = this.statements.review.get({ ...key(player), entryId }) as ReviewRow | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  saveReview(state: ReviewState): void {
    this.statements.saveReview.run({ ...state });
  }
}

function key(player: PlayerKey): PlayerKey {
  return { platform: player.platform, workspace: player.workspace, user: player.user };
}

function fromRow(row: ReviewRow): ReviewState {
  return {
    platform: row.platform,
    workspace: row.workspace,
    user: row.user,
    entryId: row.entry_id,
    box: row.box,
    dueAt: row.due_at,
    hits: row.hits,
    misses: row.misses,
    lastAt: row.last_at,
  };
}

function prepare(db: Database.Database) {
  return {
    begin: db.prepare(
      `INSERT INTO quiz_runs (id, platform, workspace, channel, lang, topic, mode, started_by, started_at, questions)
       VALUES (@id, @platform, @workspace, @channel, @lang, @topic, @mode, @startedBy, @startedAt, @questions)
       ON CONFLICT (id) DO NOTHING`,
    ),
    end: db.prepare(`UPDATE quiz_runs SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL`),
    open: db.prepare(`SELECT id, platform, workspace, channel FROM quiz_runs WHERE ended_at IS NULL ORDER BY started_at`),
    award: db.prepare(
      `INSERT OR IGNORE INTO quiz_awards (quiz_id, item, platform, workspace, user, name, entry_id, topic, points, at)
       VALUES (@quizId, @item, @platform, @workspace, @user, @name, @entryId, @topic, @points, @at)`,
    ),
    answer: db.prepare(
      `INSERT INTO quiz_answers (quiz_id, item, platform, workspace, user, name, entry_id, topic, correct, at)
       VALUES (@quizId, @item, @platform, @workspace, @user, @name, @entryId, @topic, @correct, @at)
       ON CONFLICT (quiz_id, item, user) DO UPDATE SET correct = MAX(correct, excluded.correct), name = excluded.name`,
    ),
    leaderboard: db.prepare(
      `SELECT a.user AS user, SUM(a.points) AS points, COUNT(*) AS wins,
              (SELECT b.name FROM quiz_awards b
                WHERE b.platform = a.platform AND b.workspace = a.workspace AND b.user = a.user
                ORDER BY b.at DESC LIMIT 1) AS name
         FROM quiz_awards a
        WHERE a.platform = ? AND a.workspace = ?
        GROUP BY a.user
        ORDER BY points DESC, wins DESC, a.user ASC
        LIMIT ?`,
    ),
    record: db.prepare(
      `SELECT topic, SUM(answered) AS answered, SUM(correct) AS correct, SUM(points) AS points FROM (
         SELECT topic, 1 AS answered, correct, 0 AS points FROM quiz_answers WHERE platform = @platform AND workspace = @workspace AND user = @user
         UNION ALL
         SELECT topic, 0, 0, points FROM quiz_awards WHERE platform = @platform AND workspace = @workspace AND user = @user
       ) GROUP BY topic ORDER BY points DESC, correct DESC, topic ASC`,
    ),
    reviews: db.prepare(
      `SELECT * FROM quiz_review WHERE platform = @platform AND workspace = @workspace AND user = @user ORDER BY due_at, entry_id`,
    ),
    review: db.prepare(
      `SELECT * FROM quiz_review WHERE platform = @platform AND workspace = @workspace AND user = @user AND entry_id = @entryId`,
    ),
    saveReview: db.prepare(
      `INSERT INTO quiz_review (platform, workspace, user, entry_id, box, due_at, hits, misses, last_at)
       VALUES (@platform, @workspace, @user, @entryId, @box, @dueAt, @hits, @misses, @lastAt)
       ON CONFLICT (platform, workspace, user, entry_id) DO UPDATE SET
         box = excluded.box, due_at = excluded.due_at, hits = excluded.hits, misses = excluded.misses, last_at = excluded.last_at`,
    ),
  };
}
