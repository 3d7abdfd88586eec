import type Database from 'better-sqlite3';
import type { DailyPost, DailySchedule, DailyStore, PostClaim, RotationChooser } from '../../core/daily/daily-store.ts';
import type { RotationState } from '../../core/daily/daily-rotation.ts';
import type { Lang } from '../../core/language.ts';
import type { ChannelRef } from '../../core/services.ts';

interface ScheduleRow {
  platform: ChannelRef['platform'];
  workspace: string;
  channel: string;
  time: string;
  time_zone: string;
  topic: string | null;
  lang: Lang;
  set_by: string;
  set_at: number;
}

interface RotationRow {
  cycle: number;
  queue: string;
  posted: string;
}

interface PostRow {
  id: number;
  platform: ChannelRef['platform'];
  workspace: string;
  channel: string;
  day: string | null;
  entry_id: string;
  lang: Lang;
  posted_at: number;
  sent_at: number | null;
  reveal_at: number | null;
  revealed_at: number | null;
}

const WHERE_CHANNEL = 'platform = @platform AND workspace = @workspace AND channel = @channel';

/** DailyStore on better-sqlite3 (tables from daily-migrations.ts). */
export class SqliteDailyStore implements DailyStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      schedules: db.prepare('SELECT * FROM daily_schedules ORDER BY platform, workspace, channel'),
      schedule: db.prepare(`SELECT * FROM daily_schedules WHERE ${WHERE_CHANNEL}`),
      setSchedule: db.prepare(
        `INSERT INTO daily_schedules (platform, workspace, channel, time, time_zone, topic, lang, set_by, set_at)
         VALUES (@platform, @workspace, @channel, @time, @timeZone, @topic, @lang, @setBy, @setAt)
         ON CONFLICT (platform, workspace, channel) DO UPDATE SET
           time = excluded.time, time_zone = excluded.time_zone, topic = excluded.topic,
           lang = excluded.lang, set_by = excluded.set_by, set_at = excluded.set_at`,
      ),
      removeSchedule: db.prepare(`DELETE FROM daily_schedules WHERE ${WHERE_CHANNEL}`),
      rotation: db.prepare(`SELECT cycle, queue, posted FROM daily_rotations WHERE ${WHERE_CHANNEL}`),
      saveRotation: db.prepare(
        `INSERT INTO daily_rotations (platform, workspace, channel, cycle, queue, posted)
         VALUES (@platform, @workspace, @channel, @cycle, @queue, @posted)
         ON CONFLICT (platform, workspace, channel) DO UPDATE SET
           cycle = excluded.cycle, queue = excluded.queue, posted = excluded.posted`,
      ),
      claimed: db.prepare(`SELECT 1 FROM daily_posts WHERE ${WHERE_CHANNEL} AND day = @day`).pluck(),
      insertPost: db.prepare(
        `INSERT INTO daily_posts (platform, workspace, channel, day, entry_id, lang, posted_at, reveal_at)
         VALUES (@platform, @workspace, @channel, @day, @entryId, @lang, @at, @revealAt)
         ON CONFLICT DO NOTHING`,
      ),
      post: db.prepare('SELECT * FROM daily_posts WHERE id = ?'),
      unrevealed: db.prepare(`SELECT * FROM daily_posts WHERE ${WHERE_CHANNEL} AND revealed_at IS NULL ORDER BY id`),
      timedReveals: db.prepare(
        'SELECT * FROM daily_posts WHERE reveal_at IS NOT NULL AND revealed_at IS NULL ORDER BY reveal_at, id',
      ),
      claimReveal: db.prepare('UPDATE daily_posts SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL'),
      markSent: db.prepare('UPDATE daily_posts SET sent_at = ? WHERE id = ? AND sent_at IS NULL'),
    };
  }

  schedules(): readonly DailySchedule[] {
    return (this.statements.schedules.all() as ScheduleRow[]).map(toSchedule);
  }

  schedule(channel: ChannelRef): DailySchedule | undefined {
    const row = this.statements.schedule.get(channelParams(channel)) as ScheduleRow | undefined;
    return row === undefined ? undefined : toSchedule(row);
  }

  setSchedule(schedule: DailySchedule): void {
    this.statements.setSchedule.run({
      ...channelParams(schedule.channel),
      time: schedule.time,
      timeZone: schedule.timeZone,
      topic: schedule.topic,
      lang: schedule.lang,
      setBy: schedule.setBy,
      setAt: schedule.setAt,
    });
  }

  removeSchedule(channel: ChannelRef): boolean {
    return this.statements.removeSchedule.run(channelParams(channel)).changes > 0;
  }

  rotation(channel: ChannelRef): RotationState | undefined {
    const row = this.statements.rotation.get(channelParams(channel)) as RotationRow | undefined;
    return row === undefined ? undefined : toRotation(row);
  }

  isClaimed(channel: ChannelRef, day: string): boolean {
    return this.statements.claimed.get({ ...channelParams(channel), day }) !== undefined;
  }

  claimPost(claim: PostClaim, choose: RotationChooser): DailyPost | undefined {
    // IMMEDIATE: take the write lock before reading the rotation, so that two processes sharing the
    // file cannot both read the same rotation (or both pass the claimed-day check).
    const run = this.db.transaction((): DailyPost | undefined => {
      const channel = channelParams(claim.channel);
      if (claim.day !== null && this.isClaimed(claim.channel, claim.day)) return undefined;
      const chosen = choose(this.rotation(claim.channel));
      if (chosen === undefined) return undefined;
      const info = this.statements.insertPost.run({
        ...channel,
        day: claim.day,
        entryId: chosen.entryId,
        lang: claim.lang,
        at: claim.at,
        revealAt: claim.revealAt,
      });
      if (info.changes === 0) return undefined; // claimed meanwhile (the unique key is the real guard)
      this.statements.saveRotation.run({
        ...channel,
        cycle: chosen.rotation.cycle,
        queue: JSON.stringify(chosen.rotation.queue),
        posted: JSON.stringify(chosen.rotation.posted),
      });
      return this.post(String(info.lastInsertRowid));
    });
    return run.immediate();
  }

  post(id: string): DailyPost | undefined {
    if (!/^\d{1,15}$/.test(id)) return undefined;
    const row = this.statements.post.get(Number(id)) as PostRow | undefined;
    return row === undefined ? undefined : toPost(row);
  }

  unrevealed(channel: ChannelRef): readonly DailyPost[] {
    return (this.statements.unrevealed.all(channelParams(channel)) as PostRow[]).map(toPost);
  }

  timedReveals(): readonly DailyPost[] {
    return (this.statements.timedReveals.all() as PostRow[]).map(toPost);
  }

  claimReveal(postId: string, at: number): boolean {
    if (!/^\d{1,15}$/.test(postId)) return false;
    return this.statements.claimReveal.run(at, Number(postId)).changes > 0;
  }

  markSent(postId: string, at: number): void {
    if (!/^\d{1,15}$/.test(postId)) return;
    this.statements.markSent.run(at, Number(postId));
  }
}

function channelParams(channel: ChannelRef): { platform: string; workspace: string; channel: string } {
  return { platform: channel.platform, workspace: channel.workspace, channel: channel.channel };
}

function toSchedule(row: ScheduleRow): DailySchedule {
  return {
    channel: { platform: row.platform, workspace: row.workspace, channel: row.channel },
    time: row.time,
    timeZone: row.time_zone,
    topic: row.topic,
    lang: row.lang,
    setBy: row.set_by,
    setAt: row.set_at,
  };
}

function toRotation(row: RotationRow): RotationState {
  const strings = (json: string): string[] => {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  };
  return { cycle: row.cycle, queue: strings(row.queue), posted: strings(row.posted) };
}

function toPost(row: PostRow): DailyPost {
  return {
    id: String(row.id),
    channel: { platform: row.platform, workspace: row.workspace, channel: row.channel },
    day: row.day,
    entryId: row.entry_id,
    lang: row.lang,
    postedAt: row.posted_at,
    sentAt: row.sent_at,
    revealAt: row.reveal_at,
    revealedAt: row.revealed_at,
  };
}
