import Database from 'better-sqlite3';
import { migrate } from '../../../src/store/sqlite/migrations.ts';
import { DAILY_MIGRATIONS } from '../../../src/store/sqlite/daily-migrations.ts';
import { SqliteDailyStore } from '../../../src/store/sqlite/sqlite-daily-store.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { DefaultDailyService, type DailyOptions } from '../../../src/core/daily/daily-service.ts';
import type { Entry } from '../../../src/core/knowledge/entry.ts';
import type { Logger, Random } from '../../../src/core/ports.ts';
import type { ChannelRef, Poster } from '../../../src/core/services.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';

import { seededRandom } from '../../../src/core/ports.ts';
export { seededRandom };

/** A small Entry built directly (no knowledge loader). */
export function entry(id: string, options: Partial<Omit<Entry, 'id'>> = {}): Entry {
  return {
    id,
    ref: id.replace(/[^A-Za-z0-9]/g, '').slice(0, 12).padEnd(12, '0'),
    title: { en: `Title of ${id}`, zh: `${id} 的标题` },
    body: { en: `First paragraph of ${id}.\n\nSecond paragraph.` },
    aliases: [],
    tags: [],
    quiz: [],
    source: { file: `${id}.md`, line: 1, heading: id, level: 0 },
    ...options,
  };
}

/** `count` entries with a tip each, ids e01…, all tagged with `tag`. */
export function tipEntries(count: number, tag = 'python', prefix = 'e'): Entry[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}${String(i + 1).padStart(2, '0')}`;
    return entry(id, {
      tags: [tag],
      tip: { question: { en: `Question ${id}?`, zh: `问题 ${id}？` }, answer: { en: `Answer ${id}.`, zh: `答案 ${id}。` } },
    });
  });
}

export interface Posted {
  readonly channel: ChannelRef;
  readonly reply: Reply;
  /** The fake clock's time when it was posted. */
  readonly at: number;
}

/** A Poster that records what it is asked to post (and can be told to fail). */
export class RecordingPoster implements Poster {
  readonly posts: Posted[] = [];
  fail = false;
  constructor(private readonly now: () => number) {}
  async post(channel: ChannelRef, reply: Reply): Promise<void> {
    if (this.fail) throw new Error('platform down');
    this.posts.push({ channel, reply, at: this.now() });
  }
  ofKind(kind: Reply['kind']): Posted[] {
    return this.posts.filter((p) => p.reply.kind === kind);
  }
}

// --- store and service helpers ---

/** The daily tables alone on a SQLite file (or ':memory:'), WAL like production. */
export function openDailyStore(file: string): { store: SqliteDailyStore; close(): void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  migrate(db, DAILY_MIGRATIONS);
  return { store: new SqliteDailyStore(db), close: () => db.close() };
}

/** A logger that keeps warnings and errors for assertions. */
export function recordingLogger(): Logger & { readonly lines: { level: string; context: object; message?: string }[] } {
  const lines: { level: string; context: object; message?: string }[] = [];
  const logger = {
    lines,
    debug() {},
    info() {},
    warn(context: object, message?: string) {
      lines.push({ level: 'warn', context, ...(message !== undefined ? { message } : {}) });
    },
    error(context: object, message?: string) {
      lines.push({ level: 'error', context, ...(message !== undefined ? { message } : {}) });
    },
    child() {
      return logger;
    },
  };
  return logger;
}

export const CHANNEL: ChannelRef = { platform: 'discord', workspace: 'guild-1', channel: 'chan-1' };

/** One running "process": its own clock, store connection, poster and service. */
export interface Process {
  readonly clock: FakeClock;
  readonly store: SqliteDailyStore;
  readonly poster: RecordingPoster;
  readonly service: DefaultDailyService;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** Moves time to `instant` one timer at a time, letting each timer's sends finish at its instant. */
  runUntil(instant: number): Promise<void>;
  close(): void;
}

export function startProcess(options: {
  readonly at: number;
  readonly file?: string;
  readonly entries?: readonly Entry[];
  readonly daily?: Partial<DailyOptions>;
  readonly seed?: number;
  readonly poster?: RecordingPoster;
  readonly start?: boolean;
}): Process {
  const clock = new FakeClock(options.at);
  const { store, close } = openDailyStore(options.file ?? ':memory:');
  const poster = options.poster ?? new RecordingPoster(() => clock.now());
  const logger = recordingLogger();
  const entries = options.entries ?? tipEntries(5);
  const service = new DefaultDailyService({
    store,
    clock,
    random: seededRandom(options.seed ?? 1),
    poster,
    logger,
    entries: () => entries,
    ...(options.daily ? { options: options.daily } : {}),
  });
  if (options.start !== false) service.start();
  return {
    clock,
    store,
    poster,
    service,
    logger,
    async runUntil(instant: number) {
      await service.idle();
      for (;;) {
        const next = clock.nextTimerAt();
        if (next === undefined || next > instant) break;
        clock.advanceTo(next);
        await service.idle();
      }
      clock.advanceTo(instant);
      await service.idle();
    },
    close() {
      service.shutdown();
      close();
    },
  };
}

export const HOUR = 3_600_000;
export const MIN = 60_000;
export const utc = (iso: string) => Date.parse(iso);
export const isoOf = (ms: number) => new Date(ms).toISOString();
