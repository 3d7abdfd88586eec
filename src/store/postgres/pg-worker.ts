import pg from 'pg';
import type { MessagePort } from 'node:worker_threads';
import { OPERATIONS, type OperationName } from './pg-operations.ts';

/**
 * The PostgreSQL store's worker thread: owns the connection pool and runs the operations of
 * pg-operations.ts for the main thread, which waits for the answer of a decision (a claim, an award,
 * a read) with Atomics.wait and sends bookkeeping writes (question log, answers, reviews, "sent" marks)
 * without waiting. Writes run in order, one at a time, and a call first waits for the writes sent
 * before it, so the process reads its own writes.
 *
 * Health: a connection error marks the database unreachable (shared flag, read by /readyz and by the
 * main thread to fail fast), then a reconnect loop pings with backoff (logged) until it answers. A
 * write that fails for want of a connection is kept and retried after the reconnect, in order; the
 * queue is bounded (the oldest is dropped, with an error log, past {@link WorkerTiming.maxQueuedWrites}).
 */

export interface WorkerTiming {
  /** Pool: how long to wait for a connection before failing (ms). */
  readonly connectTimeoutMs: number;
  /** Client-side limit of one query (ms). */
  readonly queryTimeoutMs: number;
  /** Liveness ping while healthy (ms), so an outage is seen without traffic. */
  readonly pingEveryMs: number;
  /** Reconnect backoff: first delay, cap (ms). */
  readonly retryFirstMs: number;
  readonly retryMaxMs: number;
  readonly maxQueuedWrites: number;
  readonly poolSize: number;
}

export const DEFAULT_WORKER_TIMING: WorkerTiming = Object.freeze({
  connectTimeoutMs: 2_000,
  queryTimeoutMs: 2_500,
  pingEveryMs: 5_000,
  retryFirstMs: 500,
  retryMaxMs: 10_000,
  maxQueuedWrites: 10_000,
  poolSize: 8,
});

export interface WorkerData {
  readonly connection: pg.PoolConfig;
  /** Int32 [0]: reply signal, [1]: 1 while the database answers. */
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
  readonly timing: WorkerTiming;
}

export type WorkerRequest =
  | { readonly kind: 'call'; readonly id: number; readonly op: OperationName; readonly args: readonly unknown[] }
  | { readonly kind: 'write'; readonly op: OperationName; readonly args: readonly unknown[]; readonly what: string }
  | { readonly kind: 'close'; readonly id: number; readonly drainMs: number };

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly unavailable: boolean; readonly message: string; readonly code?: string };

/** Messages to the main thread's logger. */
export interface WorkerLog {
  readonly type: 'log';
  readonly level: 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly data: Record<string, unknown>;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03', '53300']);

/** True for an error that says the database cannot be reached (rather than a refused statement). */
export function isConnectionError(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (CONNECTION_CODES.has(code) || code.startsWith('08')) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|connect ECONNREFUSED|not queryable/i.test(message);
}

export function serve(data: WorkerData, post: (message: WorkerLog) => void): void {
  const { timing, port } = data;
  const flags = new Int32Array(data.signal);
  const log = (level: WorkerLog['level'], msg: string, extra: Record<string, unknown> = {}) => post({ type: 'log', level, msg, data: extra });
  const pool = new pg.Pool({
    ...data.connection,
    max: timing.poolSize,
    connectionTimeoutMillis: timing.connectTimeoutMs,
    query_timeout: timing.queryTimeoutMs,
    keepAlive: true,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', error => markDown(error));

  let healthy = true;
  let downSince = 0;
  let reconnecting = false;
  Atomics.store(flags, 1, 1);

  let idleWaiters: (() => void)[] = [];
  const markDown = (error: unknown) => {
    if (!healthy) return;
    healthy = false;
    downSince = Date.now();
    Atomics.store(flags, 1, 0);
    // Calls waiting for the queued writes fail now (unreachable) instead of waiting out the outage.
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
    log('error', 'database unreachable; the bot keeps running and reconnects', { err: String((error as Error)?.message ?? error), code: (error as { code?: string })?.code });
    void reconnect();
  };

  const reconnect = async () => {
    if (reconnecting) return;
    reconnecting = true;
    let delay = timing.retryFirstMs;
    for (let attempt = 1; !closed; attempt++) {
      await sleep(delay);
      try {
        await pool.query('SELECT 1');
        healthy = true;
        Atomics.store(flags, 1, 1);
        log('info', 'database reachable again', { downMs: Date.now() - downSince, attempts: attempt });
        kick();
        break;
      } catch (error) {
        delay = Math.min(delay * 2, timing.retryMaxMs);
        log('warn', 'database still unreachable; retrying', { attempt, retryInMs: delay, err: String((error as Error)?.message ?? error) });
      }
    }
    reconnecting = false;
  };

  let closed = false;
  const ping = setInterval(() => {
    if (!healthy || closed) return;
    pool.query('SELECT 1').catch(error => {
      if (isConnectionError(error)) markDown(error);
    });
  }, timing.pingEveryMs);

  // --- writes: one at a time, in order; kept while the database is unreachable ---
  const writes: { op: OperationName; args: readonly unknown[]; what: string }[] = [];
  let writing = false;
  const kick = () => {
    if (writing) return;
    writing = true;
    void (async () => {
      while (writes.length > 0 && healthy) {
        const write = writes[0]!;
        try {
          await (OPERATIONS[write.op] as (db: pg.Pool, ...args: readonly unknown[]) => Promise<unknown>)(pool, ...write.args);
          writes.shift();
        } catch (error) {
          if (isConnectionError(error)) {
            markDown(error); // kept; retried in order once the database answers again
            break;
          }
          writes.shift();
          log('error', 'a database write was refused and dropped', { what: write.what, err: String((error as Error)?.message ?? error), code: (error as { code?: string })?.code });
        }
      }
      writing = false;
      if (writes.length === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    })();
  };
  /** Resolves once the writes queued so far are in the database (or it is unreachable). */
  const writesDone = (): Promise<void> => (writes.length === 0 || !healthy ? Promise.resolve() : new Promise(resolve => idleWaiters.push(resolve)));

  const reply = (message: WorkerReply) => {
    port.postMessage(message);
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
  };
  const failure = (id: number, error: unknown): WorkerReply => ({
    id,
    ok: false,
    unavailable: isConnectionError(error),
    message: String((error as Error)?.message ?? error),
    ...((error as { code?: string })?.code ? { code: (error as { code: string }).code } : {}),
  });

  port.on('message', (request: WorkerRequest) => {
    if (request.kind === 'write') {
      if (writes.length >= timing.maxQueuedWrites) {
        const dropped = writes.shift()!;
        log('error', 'too many database writes waiting; the oldest was dropped', { what: dropped.what, queued: writes.length });
      }
      writes.push({ op: request.op, args: request.args, what: request.what });
      if (healthy) kick();
      return;
    }
    if (request.kind === 'close') {
      closed = true;
      clearInterval(ping);
      void (async () => {
        await Promise.race([writesDone(), sleep(request.drainMs)]);
        if (writes.length > 0) log('error', 'database writes lost at shutdown (the database did not answer)', { writes: writes.length });
        await pool.end().catch(() => {});
        reply({ id: request.id, ok: true, value: writes.length });
      })();
      return;
    }
    const { id, op, args } = request;
    if (!healthy) {
      reply({ id, ok: false, unavailable: true, message: 'database unreachable' });
      return;
    }
    void (async () => {
      try {
        await writesDone();
        const value = await (OPERATIONS[op] as (db: pg.Pool, ...args: readonly unknown[]) => Promise<unknown>)(pool, ...args);
        reply({ id, ok: true, value });
      } catch (error) {
        if (isConnectionError(error)) markDown(error);
        reply(failure(id, error));
      }
    })();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
