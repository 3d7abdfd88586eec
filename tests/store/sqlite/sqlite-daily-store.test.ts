import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from '../../../src/store/sqlite/migrations.ts';
import { DAILY_MIGRATIONS } from '../../../src/store/sqlite/daily-migrations.ts';
import { SqliteDailyStore } from '../../../src/store/sqlite/sqlite-daily-store.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import type { DailySchedule, PostClaim } from '../../../src/core/daily/daily-store.ts';
import type { ChannelRef } from '../../../src/core/services.ts';

const A: ChannelRef = { platform: 'discord', workspace: 'g1', channel: 'c1' };
const B: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };

function memoryStore() {
  const db = new Database(':memory:');
  migrate(db, DAILY_MIGRATIONS);
  return { db, store: new SqliteDailyStore(db) };
}

const schedule = (channel: ChannelRef, over: Partial<DailySchedule> = {}): DailySchedule => ({
  channel,
  time: '09:00',
  timeZone: 'Asia/Shanghai',
  topic: null,
  lang: 'en',
  setBy: 'u1',
  setAt: 1000,
  ...over,
});

const claim = (channel: ChannelRef, day: string | null, over: Partial<PostClaim> = {}): PostClaim => ({
  channel,
  day,
  lang: 'en',
  at: 5000,
  revealAt: null,
  ...over,
});

const rotateTo = (entryId: string) => () => ({ entryId, rotation: { cycle: 1, queue: ['x', 'y'], posted: [entryId] } });

describe('SqliteDailyStore', () => {
  let db: Database.Database;
  let store: SqliteDailyStore;
  beforeEach(() => ({ db, store } = memoryStore()));
  afterEach(() => db.close());

  it('creates, replaces, lists and removes schedules per channel', () => {
    expect(store.schedule(A)).toBeUndefined();
    store.setSchedule(schedule(A));
    store.setSchedule(schedule(B, { topic: 'python', lang: 'zh' }));
    store.setSchedule(schedule(A, { time: '18:30', timeZone: 'America/New_York', setAt: 2000 }));
    expect(store.schedule(A)).toEqual(schedule(A, { time: '18:30', timeZone: 'America/New_York', setAt: 2000 }));
    expect(store.schedules().map((s) => s.channel.platform)).toEqual(['discord', 'slack']);
    expect(store.removeSchedule(A)).toBe(true);
    expect(store.removeSchedule(A)).toBe(false);
    expect(store.schedules()).toEqual([schedule(B, { topic: 'python', lang: 'zh' })]);
  });

  it('claims a day once: the second claim neither records a post nor consults the rotation', () => {
    const first = store.claimPost(claim(A, '2026-03-08'), rotateTo('e1'));
    expect(first).toMatchObject({ channel: A, day: '2026-03-08', entryId: 'e1', revealedAt: null });
    expect(store.isClaimed(A, '2026-03-08')).toBe(true);
    let asked = false;
    const second = store.claimPost(claim(A, '2026-03-08'), () => {
      asked = true;
      return rotateTo('e2')();
    });
    expect(second).toBeUndefined();
    expect(asked).toBe(false);
    expect(store.rotation(A)).toEqual({ cycle: 1, queue: ['x', 'y'], posted: ['e1'] });
    // other channels and other days are independent
    expect(store.claimPost(claim(B, '2026-03-08'), rotateTo('e3'))).toBeDefined();
    expect(store.claimPost(claim(A, '2026-03-09'), rotateTo('e4'))).toBeDefined();
  });

  it('enforces one post per channel and day in the schema itself', () => {
    store.claimPost(claim(A, '2026-03-08'), rotateTo('e1'));
    expect(() =>
      db
        .prepare(
          `INSERT INTO daily_posts (platform, workspace, channel, day, entry_id, lang, posted_at) VALUES ('discord','g1','c1','2026-03-08','e9','en',1)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
  });

  it('lets extra posts (no day) repeat and records nothing when the chooser declines', () => {
    const a = store.claimPost(claim(A, null), rotateTo('e1'));
    const b = store.claimPost(claim(A, null), rotateTo('e2'));
    expect(a?.id).not.toBe(b?.id);
    expect(store.claimPost(claim(A, '2026-01-01'), () => undefined)).toBeUndefined();
    expect(store.isClaimed(A, '2026-01-01')).toBe(false);
  });

  it('rolls the claim back when the chooser throws', () => {
    expect(() =>
      store.claimPost(claim(A, '2026-01-01'), () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.isClaimed(A, '2026-01-01')).toBe(false);
  });

  it('tracks reveals: unrevealed per channel, timed reveals, claim once', () => {
    const p1 = store.claimPost(claim(A, '2026-01-01', { at: 1 }), rotateTo('e1'))!;
    const p2 = store.claimPost(claim(A, null, { at: 2, revealAt: 100 }), rotateTo('e2'))!;
    const p3 = store.claimPost(claim(B, '2026-01-01', { at: 3, revealAt: 50 }), rotateTo('e3'))!;
    expect(store.unrevealed(A).map((p) => p.id)).toEqual([p1.id, p2.id]);
    expect(store.timedReveals().map((p) => p.id)).toEqual([p3.id, p2.id]);
    expect(store.claimReveal(p1.id, 10)).toBe(true);
    expect(store.claimReveal(p1.id, 11)).toBe(false);
    expect(store.claimReveal('nope', 11)).toBe(false);
    expect(store.post(p1.id)?.revealedAt).toBe(10);
    expect(store.unrevealed(A).map((p) => p.id)).toEqual([p2.id]);
    expect(store.post('999')).toBeUndefined();
    expect(store.post('x; DROP')).toBeUndefined();
  });

  it('records when a question was delivered, once; a claimed post starts as not sent', () => {
    const p1 = store.claimPost(claim(A, '2026-01-01', { at: 1 }), rotateTo('e1'))!;
    expect(p1.sentAt).toBeNull();
    store.markSent(p1.id, 5);
    store.markSent(p1.id, 9); // a second confirmation does not move it
    store.markSent('x; DROP', 9);
    expect(store.post(p1.id)?.sentAt).toBe(5);
  });

  it('daily-002 counts posts stored before it as sent (their delivery was never recorded)', () => {
    const db = new Database(':memory:');
    migrate(db, DAILY_MIGRATIONS.slice(0, 1));
    db.prepare(
      `INSERT INTO daily_posts (platform, workspace, channel, day, entry_id, lang, posted_at) VALUES ('discord', 'g1', 'c1', '2026-01-01', 'e1', 'en', 42)`,
    ).run();
    expect(migrate(db, DAILY_MIGRATIONS)).toEqual(['daily-002']);
    const old = new SqliteDailyStore(db);
    expect(old.unrevealed(A).map((p) => p.sentAt)).toEqual([42]);
    db.close();
  });

  it('is wired into openSqliteStore and keeps claims across reopening a WAL file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daily-store-'));
    try {
      const file = path.join(dir, 'state.db');
      const s1 = openSqliteStore(file);
      expect(s1.db.pragma('journal_mode', { simple: true })).toBe('wal');
      s1.daily.setSchedule(schedule(A));
      s1.daily.claimPost(claim(A, '2026-03-08'), rotateTo('e1'));
      s1.close();
      const s2 = openSqliteStore(file);
      expect(s2.daily.schedule(A)).toEqual(schedule(A));
      expect(s2.daily.isClaimed(A, '2026-03-08')).toBe(true);
      expect(s2.daily.claimPost(claim(A, '2026-03-08'), rotateTo('e2'))).toBeUndefined();
      s2.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
