import type Database from 'better-sqlite3';
import type { Logger } from '../../core/ports.ts';

/**
 * How the SQLite store lives with another process holding the write lock (a backup, the sqlite3
 * shell, a stuck writer): better-sqlite3 is synchronous, so every millisecond SQLite waits for the
 * lock is a millisecond no request is acknowledged. Frozen and documented like every threshold.
 */
export const SQLITE_LOCK = Object.freeze({
  /** The most one write waits for the lock on the event loop (PRAGMA busy_timeout), in ms. */
  busyTimeoutMs: 20,
  /** Waits between retries of the writes kept aside (the last one repeats until they go through). */
  retryDelaysMs: Object.freeze([50, 100, 250, 500, 1_000, 2_000]),
  /** Writes kept aside at most; past this the oldest are dropped (and counted in the log). */
  maxQueued: 10_000,
  /** Failures of bookkeeping writes are logged at most this often (with a count), not once each. */
  logEveryMs: 60_000,
  /** At shutdown the writes still kept aside get this long to go through. */
  closeTimeoutMs: 2_000,
});

/** SQLite result codes that say "not now" rather than "never" (locked, busy, disk full, I/O). */
export function isTransientSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)/.test(code);
}

export interface WriteBehindOptions {
  readonly logger: Logger;
  /** Milliseconds since the epoch (the injected clock). */
  readonly now: () => number;
  readonly timing?: Partial<Omit<typeof SQLITE_LOCK, 'retryDelaysMs'>> & { readonly retryDelaysMs?: readonly number[] };
}

interface Pending {
  readonly what: string;
  readonly write: () => void;
}

/**
 * Bookkeeping writes (the question log, quiz answers and review states, "sent" marks) that nothing
 * waits on: done at once when the database is free; when it is locked (or the disk is full) they are
 * kept in order and retried off the request path, all in one transaction per try, so a request never
 * waits on another process's lock and a lost write is never a failed answer. Failures are logged
 * once per {@link SQLITE_LOCK.logEveryMs}, with how many there were, and once more when writing
 * resumes.
 */
export class WriteBehind {
  private readonly queue: Pending[] = [];
  private readonly timing;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private failures = 0;
  private dropped = 0;
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly options: WriteBehindOptions,
  ) {
    this.timing = { ...SQLITE_LOCK, ...options.timing };
  }

  /** Writes kept aside, waiting for the lock. */
  get pending(): number {
    return this.queue.length;
  }

  /** Runs `write` now, or keeps it for later when the database cannot take it now. Never throws. */
  run(what: string, write: () => void): void {
    if (this.queue.length === 0) {
      try {
        write();
        return;
      } catch (error) {
        if (!isTransientSqliteError(error) || this.closed) return this.fail(what, error, false);
        this.fail(what, error, true);
      }
    } else {
      this.failures++;
    }
    this.queue.push({ what, write });
    while (this.queue.length > this.timing.maxQueued) {
      this.queue.shift();
      this.dropped++;
    }
    this.arm();
  }

  /**
   * Tries the kept writes now, in one transaction, without waiting for the lock (busy_timeout 0
   * for the try). Returns whether none is left.
   */
  flush(waitMs = 0): boolean {
    if (this.queue.length === 0 || !this.db.open) return this.queue.length === 0;
    const batch = this.queue.slice();
    const restore = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          // A write that can never succeed (a constraint) must not hold the others back.
          try {
            item.write();
          } catch (error) {
            if (isTransientSqliteError(error)) throw error;
            this.options.logger.warn({ what: item.what, code: (error as { code?: string }).code, err: error }, 'state write dropped: it cannot succeed');
          }
        }
      }).immediate();
      this.queue.splice(0, batch.length);
      this.attempt = 0;
      this.options.logger.info({ written: batch.length, failures: this.failures, dropped: this.dropped }, 'state writes resumed; the kept writes are saved');
      this.failures = 0;
      this.dropped = 0;
      this.lastLogAt = Number.NEGATIVE_INFINITY;
      return true;
    } catch (error) {
      this.fail(batch[0]?.what ?? 'writes', error, true);
      return false;
    } finally {
      if (this.db.open) this.db.pragma(`busy_timeout = ${restore}`);
    }
  }

  /** At shutdown: one last try (waiting up to closeTimeoutMs for the lock), then what is left is logged. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length > 0 && !this.flush(this.timing.closeTimeoutMs))
      this.options.logger.error({ lost: this.queue.length }, 'state writes could not be saved before stopping (the state file stayed locked or full)');
    this.queue.length = 0;
  }

  private arm(): void {
    if (this.timer || this.closed) return;
    const delays = this.timing.retryDelaysMs;
    const delay = delays[Math.min(this.attempt, delays.length - 1)] ?? 1_000;
    this.attempt++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.flush()) this.arm();
    }, delay);
    this.timer.unref();
  }

  private fail(what: string, error: unknown, kept: boolean): void {
    this.failures++;
    const now = this.options.now();
    if (now - this.lastLogAt < this.timing.logEveryMs) return;
    this.lastLogAt = now;
    this.options.logger.warn(
      { what, code: (error as { code?: string }).code, message: (error as Error).message, failures: this.failures, kept: this.queue.length + (kept ? 1 : 0), dropped: this.dropped },
      kept
        ? 'the state file cannot be written now; answering goes on and these writes are kept and retried (logged once a minute)'
        : 'a state write failed and was dropped; answering goes on (logged once a minute)',
    );
  }
}
