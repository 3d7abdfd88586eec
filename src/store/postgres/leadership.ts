import pg from 'pg';
import { silentLogger, type Logger } from '../../core/ports.ts';

/**
 * One daily scheduler among several hosts: the host holding a PostgreSQL advisory lock on a dedicated
 * connection (not from the pool, since a session lock belongs to its connection) leads.
 *
 * - Not leading: every `checkEveryMs` it tries `pg_try_advisory_lock`; the first to get it leads.
 * - Leading: every `checkEveryMs` it pings on that connection; a failed or slow ping means the lock
 *   may be gone, so it stops leading at once (`onLose`) and reconnects.
 * - A leader that dies (kill -9, crash) closes its socket: PostgreSQL ends the session and frees the
 *   lock at once. A leader cut off by the network is noticed by the server through TCP keepalives set
 *   on the session (about `keepaliveSeconds` × 2), and by the leader through its failing ping; so
 *   another host leads within roughly checkEveryMs + 2 × keepaliveSeconds (well under 30 s with the
 *   defaults). The daily claims keep a double post impossible even if two hosts ever both lead.
 *
 * Reconnection backs off from `checkEveryMs` up to `maxBackoffMs`, and each failure is logged.
 */

export interface LeadershipOptions {
  readonly connection: pg.ClientConfig;
  /** Any constant shared by every host of one deployment. */
  readonly key?: number;
  readonly logger?: Logger;
  /** Called when this host starts leading, and when it stops (lost connection, stop()). */
  readonly onLead: () => void;
  readonly onLose: (reason: string) => void;
  readonly checkEveryMs?: number;
  /** Longest ping/lock query before the connection counts as lost. */
  readonly queryTimeoutMs?: number;
  readonly keepaliveSeconds?: number;
  readonly maxBackoffMs?: number;
}

export const SCHEDULER_LOCK_KEY = 0x1b_0b_da11;

/**
 * The lock of one scheduling scope: 'main' for the hosts that run Slack and unsharded Discord, one per
 * set of Discord shards (each set schedules its own guilds).
 */
export function schedulerLockKey(scope: string): number {
  if (scope === 'main') return SCHEDULER_LOCK_KEY;
  let hash = 0x811c9dc5;
  for (const char of scope) hash = Math.imul(hash ^ char.codePointAt(0)!, 0x01000193) >>> 0;
  return SCHEDULER_LOCK_KEY + 1 + (hash % 1_000_000);
}

export interface LeadershipTiming {
  readonly checkEveryMs: number;
  readonly queryTimeoutMs: number;
  readonly keepaliveSeconds: number;
  readonly maxBackoffMs: number;
}

/** Defaults: another host leads within about 5 + 2 × 5 × 2 = 25 s of a leader cut off by the network, at once after a crash. */
export const LEADERSHIP_TIMING: LeadershipTiming = Object.freeze({ checkEveryMs: 5_000, queryTimeoutMs: 4_000, keepaliveSeconds: 5, maxBackoffMs: 15_000 });

export class SchedulerLeadership {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private stopped = false;
  private failures = 0;
  private readonly logger: Logger;
  private readonly timing: LeadershipTiming;
  private readonly key: number;

  constructor(private readonly options: LeadershipOptions) {
    this.logger = options.logger ?? silentLogger;
    this.key = options.key ?? SCHEDULER_LOCK_KEY;
    this.timing = {
      checkEveryMs: options.checkEveryMs ?? LEADERSHIP_TIMING.checkEveryMs,
      queryTimeoutMs: options.queryTimeoutMs ?? LEADERSHIP_TIMING.queryTimeoutMs,
      keepaliveSeconds: options.keepaliveSeconds ?? LEADERSHIP_TIMING.keepaliveSeconds,
      maxBackoffMs: options.maxBackoffMs ?? LEADERSHIP_TIMING.maxBackoffMs,
    };
  }

  /** True while this host holds the scheduler lock (as last checked). */
  get isLeader(): boolean {
    return this.leading;
  }

  start(): this {
    this.stopped = false;
    this.schedule(0);
    return this;
  }

  /** Stops trying; a leader gives the lock up (another host takes over at its next check). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (this.leading) this.lose('stopping');
    if (client) {
      await client.query('SELECT pg_advisory_unlock($1)', [this.key]).catch(() => {});
      await client.end().catch(() => {});
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.check(), ms);
    this.timer.unref();
  }

  private lose(reason: string): void {
    if (!this.leading) return;
    this.leading = false;
    this.logger.warn({ reason }, 'scheduler leadership lost: this host stops posting daily questions');
    try {
      this.options.onLose(reason);
    } catch (error) {
      this.logger.error({ err: error }, 'scheduler leadership: onLose failed');
    }
  }

  private async dropConnection(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => {});
  }

  private async check(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.client) {
        const client = new pg.Client({
          ...this.options.connection,
          keepAlive: true,
          keepAliveInitialDelayMillis: this.timing.keepaliveSeconds * 1_000,
          connectionTimeoutMillis: this.timing.queryTimeoutMs,
          query_timeout: this.timing.queryTimeoutMs,
          application_name: 'interview-bot scheduler',
        });
        // A dropped connection is reported by the next query; the event itself must not crash.
        client.on('error', error => {
          this.logger.warn({ err: error }, 'scheduler leadership connection failed');
          this.lose('connection lost');
          if (this.client === client) void this.dropConnection();
        });
        await client.connect();
        this.client = client;
        // The server notices a vanished leader (network cut) through keepalives and frees its lock.
        const k = this.timing.keepaliveSeconds;
        await client.query(`SET tcp_keepalives_idle = ${k}; SET tcp_keepalives_interval = ${k}; SET tcp_keepalives_count = 2`);
      }
      if (this.leading) {
        await this.client.query('SELECT 1');
      } else {
        const got = (await this.client.query('SELECT pg_try_advisory_lock($1) AS got', [this.key])).rows[0]?.got === true;
        if (got && !this.stopped) {
          this.leading = true;
          this.logger.info({}, 'scheduler leadership taken: this host posts the daily questions');
          this.options.onLead();
        }
      }
      if (this.failures > 0) this.logger.info({ failures: this.failures }, 'scheduler leadership: database reachable again');
      this.failures = 0;
      this.schedule(this.timing.checkEveryMs);
    } catch (error) {
      this.failures++;
      this.lose('database unreachable');
      await this.dropConnection();
      const delay = Math.min(this.timing.checkEveryMs * 2 ** Math.min(this.failures - 1, 6), this.timing.maxBackoffMs);
      this.logger.warn({ err: (error as Error).message, attempt: this.failures, retryInMs: delay }, 'scheduler leadership: database unreachable; retrying');
      this.schedule(delay);
    }
  }
}
