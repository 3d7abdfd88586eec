import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import pg from 'pg';
import type { DailyPost, DailyStore, PostClaim, RotationChooser } from '../../core/daily/daily-store.ts';
import { UserError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/ports.ts';
import type { OpenQuiz, QuizStore } from '../../core/quiz/quiz-store.ts';
import type { SharedRateCounter } from '../../core/rate-limit.ts';
import type { QuestionLogStore, Store } from '../../core/store.ts';
import { migratePostgres } from './pg-migrate.ts';
import { CHANNEL_BUSY, type ClaimRead, type ClaimWrite, type OperationArgs, type OperationName, type OperationResult } from './pg-operations.ts';
import { DEFAULT_WORKER_TIMING, type WorkerLog, type WorkerReply, type WorkerRequest, type WorkerTiming } from './pg-worker.ts';

/**
 * The Store port on PostgreSQL, for several hosts sharing one database (DATABASE_URL).
 *
 * The core calls its store synchronously (the SQLite store is synchronous, and a decision such as
 * "is this day claimed" or "was this answer already counted" must be known before the bot replies).
 * `pg` is asynchronous, so the pool lives in a worker thread (pg-worker.ts) and this object is a
 * bridge to it:
 * - a decision or a read (claims, awards, quiz start, votes, leaderboards) is sent to the worker and
 *   waited for with Atomics.wait, at most {@link PostgresStoreOptions.callTimeoutMs}: on a LAN that
 *   is a fraction of a millisecond, about what SQLite's own disk write costs;
 * - bookkeeping writes that return nothing (question log, typed answers, reviews, "sent" marks, quiz
 *   ends, suggestion picks) are sent without waiting: write-behind, in order, kept and retried across
 *   an outage. The worker runs them before any later call, so this process reads its own writes.
 * While the database is unreachable every call fails at once with UserError('state-unavailable') ("try
 * again in a little while"), `ready()` is false (/readyz says 503) and the worker reconnects with backoff.
 */

export interface PostgresConnection {
  /** postgres://user:password@host:port/database?sslmode=… (DATABASE_URL). */
  readonly url: string;
  /**
   * TLS, passed through to `pg` (node's tls.connect options): a managed database's CA certificate
   * (DATABASE_SSL_CA_FILE), or `rejectUnauthorized: false` for a self-signed one (not recommended).
   * `sslmode`, `sslrootcert`, `sslcert` and `sslkey` in the URL work too.
   */
  readonly ssl?: { readonly ca?: string; readonly rejectUnauthorized?: boolean; readonly cert?: string; readonly key?: string };
  /** Connections in this host's pool. */
  readonly poolSize?: number;
}

export interface PostgresStoreOptions extends PostgresConnection {
  readonly logger?: Logger;
  /** Milliseconds since the epoch (the injected clock): leases and quiz ends. */
  readonly now?: () => number;
  /** This host's name in quiz leases (default: hostname:pid:random). */
  readonly owner?: string;
  /** How long a running quiz stays held without renewal (default 30 s); renewed every third of it. */
  readonly leaseMs?: number;
  /** Renew leases and close abandoned quizzes on a timer (default true; tests call {@link PostgresStore.tick}). */
  readonly leaseTimer?: boolean;
  /** Longest wait for one call (default 3 s); then 'state-unavailable'. */
  readonly callTimeoutMs?: number;
  readonly timing?: Partial<WorkerTiming>;
  /** Until the database answers at start: retry (with backoff) while this returns true (default: 5 tries). */
  readonly keepTrying?: (attempt: number) => boolean;
  /** Waits between start attempts (injected for tests; default setTimeout). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Shared Slack event ids (a retried event may reach another replica). */
export interface SharedEventLog {
  /** True the first time any host sees `id`; false for a repeat. Fails open (true) while the database is unreachable. */
  firstTime(id: string): boolean;
}


export type PostgresStore = Store & {
  /** True while the database answers (for /readyz). */
  ready(): boolean;
  readonly events: SharedEventLog;
  readonly rates: SharedRateCounter;
  /** The connection settings (for the scheduler's leadership connection). */
  readonly connection: pg.ClientConfig;
  /** Renews this host's quiz leases and closes quizzes whose host died (the lease timer calls it). */
  tick(): void;
  /** Quizzes this host runs (leases it renews). */
  readonly owner: string;
};

/** The pg settings for a connection (URL plus TLS passed through). */
export function pgConfig(connection: PostgresConnection): pg.ClientConfig {
  return {
    connectionString: connection.url,
    ...(connection.ssl ? { ssl: { ...connection.ssl } } : {}),
    application_name: 'interview-bot',
  };
}

/** A short description of the database for logs: host, port and name, never the password. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/**
 * Connects, applies pending migrations under an advisory lock (hosts starting together queue on it),
 * starts the worker and returns the store. A database that does not answer is retried with backoff
 * while `keepTrying` says so (logged each time); then the last error is thrown.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const logger = options.logger ?? silentLogger;
  const config = pgConfig(options);
  const keepTrying = options.keepTrying ?? (attempt => attempt < 5);
  const sleep = options.sleep ?? (ms => new Promise<void>(resolve => setTimeout(resolve, ms)));
  for (let attempt = 1, delay = 500; ; attempt++, delay = Math.min(delay * 2, 10_000)) {
    const client = new pg.Client({ ...config, connectionTimeoutMillis: 5_000 });
    try {
      client.on('error', () => {}); // a connection dropped during the attempt is reported by the query
      await client.connect();
      const applied = await migratePostgres(client);
      if (applied.length > 0) logger.info({ database: describeDatabase(options.url), migrations: applied }, 'PostgreSQL migrations applied');
      break;
    } catch (error) {
      if (!keepTrying(attempt)) throw new Error(`cannot use the PostgreSQL database ${describeDatabase(options.url)} (DATABASE_URL): ${(error as Error).message}`);
      logger.warn({ database: describeDatabase(options.url), attempt, retryInMs: delay, err: (error as Error).message }, 'PostgreSQL not reachable at start; retrying');
      await sleep(delay);
    } finally {
      await client.end().catch(() => {});
    }
  }
  return createBridgeStore(options, config, logger);
}

function spawnWorker(data: Record<string, unknown>, transfer: MessagePort[]): Worker {
  const compiled = import.meta.url.endsWith('.js');
  const module = new URL(`./pg-worker.${compiled ? 'js' : 'ts'}`, import.meta.url).href;
  // tsx's ESM API (its CommonJS one cannot register from a worker), as knowledge-load-worker.ts does.
  const tsx = compiled ? '' : pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    (async () => {
      if (workerData.tsx) (await import(workerData.tsx)).register();
      const { serve } = await import(workerData.module);
      serve(workerData, message => parentPort.postMessage(message));
    })().catch(error => parentPort.postMessage({ type: 'log', level: 'error', msg: 'database worker failed to start', data: { err: String((error && error.stack) || error) } }));
  `;
  return new Worker(code, { eval: true, workerData: { ...data, module, tsx }, transferList: transfer });
}

function createBridgeStore(options: PostgresStoreOptions, config: pg.ClientConfig, logger: Logger): PostgresStore {
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 30_000;
  const callTimeoutMs = options.callTimeoutMs ?? 3_000;
  const owner = options.owner ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const timing: WorkerTiming = { ...DEFAULT_WORKER_TIMING, ...(options.poolSize ? { poolSize: options.poolSize } : {}), ...options.timing };
  const signal = new SharedArrayBuffer(8);
  const flags = new Int32Array(signal);
  Atomics.store(flags, 1, 1);
  const { port1, port2 } = new MessageChannel();
  const worker = spawnWorker({ connection: config, signal, port: port2, timing }, [port2]);
  worker.on('message', (message: WorkerLog) => {
    if (message?.type === 'log') logger[message.level]({ part: 'postgres', ...message.data }, message.msg);
  });
  worker.on('error', error => {
    Atomics.store(flags, 1, 0);
    logger.error({ err: error }, 'database worker crashed');
  });
  let seq = 0;
  let closed = false;

  const unavailable = (what: string) => {
    logger.warn({ op: what }, 'database unreachable: the request was refused (state-unavailable)');
    return new UserError('state-unavailable');
  };

  /** A decision or read: sent, then waited for (Atomics.wait), at most callTimeoutMs. */
  function call<K extends OperationName>(op: K, ...args: OperationArgs<K>): OperationResult<K> {
    if (closed) throw new Error('the PostgreSQL store is closed');
    if (Atomics.load(flags, 1) !== 1) throw unavailable(op);
    const id = ++seq;
    Atomics.store(flags, 0, 0);
    port1.postMessage({ kind: 'call', id, op, args: withoutNul(args) } satisfies WorkerRequest);
    const reply = await_(id, callTimeoutMs);
    if (reply === undefined) {
      logger.error({ op, ms: callTimeoutMs }, 'database call timed out');
      throw new UserError('state-unavailable');
    }
    if (reply.ok) return reply.value as OperationResult<K>;
    if (reply.unavailable) throw unavailable(op);
    throw Object.assign(new Error(`PostgreSQL ${op}: ${reply.message}`), reply.code ? { code: reply.code } : {});
  }

  /** The reply with this id (stale replies of timed-out calls are dropped), or undefined after `ms`. */
  function await_(id: number, ms: number): WorkerReply | undefined {
    const deadline = performance.now() + ms;
    for (;;) {
      Atomics.store(flags, 0, 0);
      const received = receiveMessageOnPort(port1) as { message: WorkerReply } | undefined;
      if (received) {
        if (received.message.id === id) return received.message;
        continue;
      }
      const left = deadline - performance.now();
      if (left <= 0) return undefined;
      Atomics.wait(flags, 0, 0, left);
    }
  }

  /** A bookkeeping write: sent, not waited for (write-behind in the worker, in order). */
  function write<K extends OperationName>(what: string, op: K, ...args: OperationArgs<K>): void {
    if (closed) throw new Error('the PostgreSQL store is closed');
    port1.postMessage({ kind: 'write', op, args: withoutNul(args), what } satisfies WorkerRequest);
  }

  const questions: QuestionLogStore = {
    record(question) {
      const id = randomBytes(8).toString('hex');
      write('question log', 'recordQuestion', id, question);
      return id;
    },
    feedback: (questionId, user, vote, at) => call('feedback', questionId, user, vote, at),
    picked: (questionId, entryId) => write('suggestion pick', 'picked', questionId, entryId),
    stats: stats => call('stats', stats ?? {}),
  };

  const daily: DailyStore = {
    schedules: () => call('schedules'),
    schedule: channel => call('schedule', channel),
    setSchedule: schedule => void call('setSchedule', schedule),
    removeSchedule: channel => call('removeSchedule', channel),
    rotation: channel => call('rotation', channel),
    isClaimed: (channel, day) => call('isClaimed', channel, day),
    claimPost(claim: PostClaim, choose: RotationChooser): DailyPost | undefined {
      // Optimistic: read the rotation, let the core choose, write the post and the rotation from the
      // version read. The UNIQUE day key decides between hosts; a rotation moved meanwhile (an extra
      // post elsewhere) is read again.
      for (let attempt = 0; attempt < 5; attempt++) {
        const read: ClaimRead = call('claimRead', claim.channel, claim.day);
        if (read.claimed) return undefined;
        const chosen = choose(read.rotation);
        if (chosen === undefined) return undefined;
        const written: ClaimWrite = call('claimWrite', claim, chosen.entryId, chosen.rotation, read.version);
        if ('post' in written) return written.post;
        if (written.outcome === 'claimed') return undefined;
      }
      throw new UserError('state-busy');
    },
    post: id => call('post', id),
    unrevealed: channel => call('unrevealed', channel),
    timedReveals: () => call('timedReveals'),
    claimReveal: (postId, at) => call('claimReveal', postId, at),
    markSent: (postId, at) => write('daily sent mark', 'markSent', postId, at),
  };

  /** The quizzes this host runs: their leases are renewed while it lives. */
  const mine = new Set<string>();
  const quiz: QuizStore = {
    beginQuiz(run) {
      const result = call('beginQuiz', run, owner, now() + leaseMs, now());
      if (result === CHANNEL_BUSY) throw new UserError('quiz-already-running');
      if (result) mine.add(run.id);
      return result;
    },
    endQuiz(id, at, reason) {
      mine.delete(id);
      // Waited for, so that the channel is free for a quiz on any host when this returns; while the
      // database is unreachable the end is queued instead (the lease would free the channel anyway).
      try {
        call('endQuiz', id, at, reason);
      } catch {
        write('quiz end', 'endQuiz', id, at, reason);
      }
    },
    endUnfinished(at, which: (run: OpenQuiz) => boolean = () => true) {
      // Only quizzes no live host holds: another host's running quiz keeps its lease.
      const abandoned = call('abandonedQuizzes', at).filter(run => !mine.has(run.id) && which(run));
      return call('endAbandoned', abandoned.map(run => run.id), at);
    },
    award: award => call('award', award),
    recordAnswer: answer => write('quiz answer', 'recordAnswer', answer),
    leaderboard: (platform, workspace, limit) => call('leaderboard', platform, workspace, limit),
    personalRecord: player => call('personalRecord', player),
    reviewStates: player => call('reviewStates', player),
    reviewState: (player, entryId) => call('reviewState', player, entryId),
    saveReview: state => write('quiz review', 'saveReview', state),
    relay: {
      forward: answer => call('relayChoice', answer),
      take: quizIds => call('takeRelayed', quizIds),
    },
  };

  const tick = () => {
    if (closed) return;
    const at = now();
    write('quiz leases', 'renewLeases', owner, [...mine], at + leaseMs);
    write('abandoned quizzes', 'sweepAbandoned', at);
  };
  const leaseTimer = options.leaseTimer === false ? undefined : setInterval(tick, Math.max(1_000, Math.floor(leaseMs / 3)));
  leaseTimer?.unref();

  const EVENT_KEEP_MS = 60 * 60_000;
  return {
    questions,
    daily,
    quiz,
    owner,
    connection: config,
    tick,
    ready: () => !closed && Atomics.load(flags, 1) === 1,
    events: {
      firstTime(id) {
        try {
          return call('firstEvent', id, now(), EVENT_KEEP_MS);
        } catch (error) {
          // Unreachable: answering a possible repeat beats dropping a question nobody answered.
          logger.warn({ err: error, event: id }, 'event de-duplication unavailable; handling the event');
          return true;
        }
      },
    },
    rates: {
      take(key, limit, windowMs) {
        try {
          return call('takeRate', rateKey(key), limit, windowMs, now());
        } catch (error) {
          logger.warn({ err: error }, 'shared rate limit unavailable; allowing');
          return { allowed: true, retryAfterMs: 0 };
        }
      },
      refund: key => write('rate refund', 'refundRate', rateKey(key)),
    },
    close() {
      if (closed) return;
      if (leaseTimer) clearInterval(leaseTimer);
      // The quizzes still running here end with the process (the core ends them first on a graceful stop).
      const id = ++seq;
      Atomics.store(flags, 0, 0);
      port1.postMessage({ kind: 'close', id, drainMs: 2_000 } satisfies WorkerRequest);
      closed = true;
      await_(id, 3_000);
      port1.close();
      void worker.terminate();
    },
  };
}

/**
 * PostgreSQL text cannot hold U+0000, which people can type (a pasted binary question) and which the
 * rate limiter uses between the parts of a key: it becomes U+FFFD in every string sent to the database.
 */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)])) as T;
  return value;
}

/** A rate limiter key (parts joined by U+0000) as stored: each part escaped, joined by '|'. */
function rateKey(key: string): string {
  return key.split('\u0000').map(encodeURIComponent).join('|');
}
