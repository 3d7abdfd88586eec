import dotenv from 'dotenv';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConsoleChat, CONSOLE_CHANNEL } from '../adapters/console/console-chat.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { RejectedSettingError } from '../env.ts';
import { createCore, type Core } from '../core/create-core.ts';
import { loadKnowledge } from '../core/knowledge/loader.ts';
import type { Logger } from '../core/ports.ts';
import type { ChannelRef } from '../core/services.ts';
import { startHealthServer, type Lifecycle, type RunningHealthServer } from './health-server.ts';
import { KnowledgeWatcher } from './knowledge-watcher.ts';
import { startLearning, type LearningHost } from './learning-host.ts';
import { createLogger } from './logger.ts';
import { RoutingPoster } from './routing-poster.ts';
import { gracefulStop } from './graceful-stop.ts';
import { installLastResort } from './last-resort.ts';
import { claimStateFile, pidIsAlive, STATE_OWNER_TIMING, StateFileBusyError, type StateOwnership } from '../store/sqlite/state-owner.ts';
import { openSqliteStore, StateFileError, type SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { SchedulerLeadership, schedulerLockKey } from '../store/postgres/leadership.ts';
import { describeDatabase, openPostgresStore, type PostgresStore } from '../store/postgres/pg-store.ts';
import { systemClock, systemRandom } from './system-ports.ts';

/** A running platform adapter, as main.ts sees it. */
export interface RunningAdapter {
  readonly name: string;
  /**
   * When present, daily posts are scheduled in this process only for the channels it accepts: a
   * Discord shard process takes its own guilds (and nothing else), the process running the
   * ShardingManager leaves Discord's to the shards.
   */
  owns?(channel: ChannelRef): boolean;
  stop(): Promise<void>;
}

/**
 * How long a graceful stop may take in all (SIGTERM/SIGINT): the inputs in flight and the queued
 * quiz/daily messages get DRAIN, the adapters' own stopping (Slack drains its send queue) ADAPTERS;
 * past TOTAL the process exits with code 1 whatever is left. A supervisor's stop timeout (systemd
 * TimeoutStopSec) should be above TOTAL.
 */
export const SHUTDOWN_LIMITS_MS = Object.freeze({ drain: 5_000, adapters: 3_000, total: 9_500 });

/**
 * The composition root: the one place that builds real ports (pino, SQLite, the system clock)
 * and passes them down. Starts Slack and/or Discord when configured, else the console chat.
 * Watches the knowledge folder (hot reload), serves /healthz and /readyz when HEALTH_PORT is set and
 * a platform runs, and on SIGTERM/SIGINT stops taking work, finishes what is in flight, closes the
 * database and exits 0 (see {@link SHUTDOWN_LIMITS_MS}).
 */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  dotenv.config({ quiet: true });
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.message + '\n');
      process.exitCode = 78; // EX_CONFIG
      return;
    }
    throw error;
  }
  const platforms = Boolean(config.slack || config.discord);
  const logger = createLogger({ level: platforms ? config.logLevel : config.consoleLogLevel });
  // Quiz items are generated from the notes after start, in a worker thread (below): answering needs
  // only the notes, and generation is most of a large folder's load time.
  const knowledge = loadKnowledge(config.knowledgeDir, { quizzes: false });
  for (const issue of knowledge.issues) logger.warn({ file: issue.file, line: issue.line }, issue.message);
  logger.info({ dir: config.knowledgeDir, entries: knowledge.entries.length }, 'knowledge loaded');
  const clock = systemClock();
  let store: SqliteStore | PostgresStore | undefined;
  let shared: PostgresStore | undefined;
  let ownership: StateOwnership | undefined;
  if (config.database) {
    // Several hosts on one PostgreSQL (DATABASE_URL). A database that does not answer at start is
    // retried with backoff (logged) for as long as it takes: not ready meanwhile, never a crash loop.
    logger.info({ database: describeDatabase(config.database.url) }, 'state in PostgreSQL (shared by every host)');
    store = shared = await openPostgresStore({ ...config.database, logger: logger.child({ part: 'store' }), now: () => clock.now(), keepTrying: () => true });
  } else try {
    store = openSqliteStore(config.databaseFile, { logger: logger.child({ part: 'store' }), now: () => clock.now() });
    // One process owns the state file; the shards of one DISCORD_SHARDS run are one owner (their manager).
    if (!config.discord?.shardProcess)
      ownership = claimStateFile(store.db, { file: path.resolve(config.databaseFile), pid: process.pid, host: os.hostname(), now: () => clock.now(), isAlive: pidIsAlive });
  } catch (error) {
    store?.close();
    if (error instanceof StateFileError || error instanceof StateFileBusyError) {
      process.stderr.write(error.message + '\n');
      // 78 (EX_CONFIG): the file needs a person, restarting will not fix it; 75 (EX_TEMPFAIL): another
      // process owns the file, so a supervisor's restart may succeed once that one has stopped.
      process.exitCode = error instanceof StateFileError ? 78 : 75;
      return;
    }
    throw error;
  }
  const heartbeat = setInterval(() => {
    try {
      if (ownership && !ownership.beat()) logger.error({ file: config.databaseFile }, 'another process took over the state file');
    } catch (error) {
      logger.warn({ err: error }, 'state file heartbeat could not be written; retrying');
    }
  }, STATE_OWNER_TIMING.heartbeatMs);
  heartbeat.unref();
  const poster = new RoutingPoster(logger);
  const core = createCore({
    knowledge,
    store,
    clock,
    random: systemRandom(),
    logger,
    poster,
    defaultTimeZone: config.defaultTimeZone,
    daily: { graceMinutes: config.dailyGraceMinutes, revealAfter: config.dailyRevealAfter },
    // One person practising in a terminal is never rate-limited (a piped file of questions included).
    questionsPerMinute: platforms ? config.questionsPerMinute : 0,
    // The console is one person practising on their own: no channel to keep from being flooded.
    quizzesPerHour: platforms ? config.quizzesPerHour : 0,
  });
  const watcher = new KnowledgeWatcher({ dir: config.knowledgeDir, target: core.services.answerer, logger: logger.child({ part: 'knowledge' }) }).start();
  const quizItems = watcher.completeInBackground().then(
    () => logger.info({ entries: core.services.answerer.entries().length, quizzable: core.services.answerer.entries().filter(e => e.quiz.length > 0).length }, 'quiz items ready'),
    error => logger.error({ err: error }, 'quiz items could not be generated: only hand-written ones are asked'),
  );
  // Aliases learned from users (accepted on the dashboard, with `interview-bot aliases`, or
  // automatically) reach the answerer as extra aliases; the dashboard when DASHBOARD_PORT is set.
  let learningHost: LearningHost | undefined;
  if (shared && (config.dashboardPort > 0 || config.learnAliasesAfter > 0)) {
    logger.warn({}, 'learned aliases and the dashboard read the SQLite state file: they are off with DATABASE_URL');
  }
  if (!shared) try {
    learningHost = await startLearning({
      db: (store as SqliteStore).db,
      answerer: core.services.answerer,
      clock,
      logger,
      learnAliasesAfter: config.learnAliasesAfter,
      ...(config.dashboardPort > 0 && !config.discord?.shardProcess ? { dashboard: { host: config.dashboardHost, port: config.dashboardPort } } : {}),
    });
  } catch (error) {
    watcher.close();
    throw error;
  }

  let lifecycle: Lifecycle = 'starting';
  let leadership: SchedulerLeadership | undefined;
  let health: RunningHealthServer | undefined;
  let adapters: readonly RunningAdapter[] = [];
  let stopping: Promise<void> | undefined;
  /** The graceful stop, once: readiness off, no new work, in-flight work finished, database closed. */
  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      const started = Date.now();
      lifecycle = 'stopping';
      logger.info({ reason }, 'shutting down');
      watcher.close();
      await gracefulStop(
        {
          logger,
          drain: () => core.drain(),
          adapters: () => adapters,
          close: async () => {
            clearInterval(heartbeat);
            uninstallLastResort();
            try {
              ownership?.release();
            } catch (error) {
              logger.warn({ err: error }, 'could not give up the state file (the next start takes it over)');
            }
            await learningHost?.close();
            await leadership?.stop();
            store.close();
            await health?.close();
          },
        },
        SHUTDOWN_LIMITS_MS,
      );
      logger.info({ reason, ms: Date.now() - started }, 'stopped');
    })());
  /** SIGTERM/SIGINT: stop gracefully, then exit 0; exit 1 if that takes longer than the limit. */
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return; // npm/tsx may pass one signal on twice; the first one is being handled
    setTimeout(() => {
      logger.error({ signal, ms: SHUTDOWN_LIMITS_MS.total }, 'graceful shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMITS_MS.total).unref();
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error, signal }, 'graceful shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // An error escaping every handler (a malformed platform packet deep in a library) is logged and
  // served past; only a burst of them stops the process (exit 70, EX_SOFTWARE) for the supervisor.
  const uninstallLastResort = installLastResort({
    events: process,
    logger,
    now: () => clock.now(),
    onFatal: reason => {
      setTimeout(() => process.exit(70), SHUTDOWN_LIMITS_MS.total).unref();
      stop(reason).finally(() => process.exit(70));
    },
  });

  if (!platforms) {
    // The console chat reads its first line at once (a piped script may begin with /quiz) and holds
    // one person's notes: it starts with the quiz items in place.
    await quizItems;
    if (stopping) return;
    const chat = new ConsoleChat({
      input: process.stdin,
      output: process.stdout,
      dispatcher: core.dispatcher,
      entryCount: knowledge.entries.length,
      color: Boolean(process.stdout.isTTY),
      userName: env.USER || env.USERNAME || env.LOGNAME || 'you',
    });
    poster.register('console', chat);
    const owns = (channel: ChannelRef) => channel.platform === CONSOLE_CHANNEL.platform;
    core.services.quiz.closeInterrupted(owns);
    core.services.daily.start(owns);
    lifecycle = 'ready';
    await chat.run();
    // /quit or the end of input: the same graceful stop, then main returns (exit code 0).
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await stop('end of input');
    return;
  }

  // Discord shard processes share the host (and HEALTH_PORT) with their manager, which serves the endpoints.
  if (config.healthPort > 0 && !config.discord?.shardProcess) {
    try {
      health = await startHealthServer({
        host: config.healthHost,
        port: config.healthPort,
        logger,
        state: () => (lifecycle === 'ready' && shared && !shared.ready() ? 'database unreachable' : lifecycle),
      });
    } catch (error) {
      throw new Error(`could not serve the health endpoints on HEALTH_HOST ${config.healthHost} HEALTH_PORT ${config.healthPort} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }

  try {
    adapters = await startAdapters(config, core, poster, logger, started => (adapters = started));
  } catch (error) {
    if (!(error instanceof RejectedSettingError)) throw error;
    // A refused token or intent: one line and exit 78 (EX_CONFIG), as for a malformed setting.
    process.stderr.write(error.message + '\n');
    await Promise.allSettled(adapters.map(a => a.stop()));
    process.exit(78);
  }
  // A Discord shard owns its guilds only: it neither schedules nor closes other shards' channels.
  const owns = (channel: ChannelRef) => channel.platform !== 'console' && adapters.every(a => a.owns?.(channel) ?? true);
  // Questions are answered from here on; quizzes and daily posts wait for the generated items.
  await quizItems;
  if (stopping) return;
  core.services.quiz.closeInterrupted(owns);
  if (shared) leadership = leadDaily(shared, config, core, owns, logger);
  else core.services.daily.start(owns);
  if (stopping) return; // a signal came while the adapters were starting
  lifecycle = 'ready';
  logger.info({ adapters: adapters.map(a => a.name), entries: core.services.answerer.entries().length, health: health ? `${health.host}:${health.port}` : 'off' }, 'ready');
  // The Chinese dictionary and word frequencies load now, after start, not on the first question.
  setImmediate(() => core.services.answerer.warmUp());
}

/** How often the leading host re-reads the schedules (a /daily set or off made on another host). */
export const DAILY_RESYNC_MS = 30_000;

/**
 * Several hosts: the daily scheduler runs on the one holding the scheduler lock. Followers arm no
 * timer (a /daily set made on a follower is stored and picked up by the leader within DAILY_RESYNC_MS);
 * the leader re-reads the schedules on that period. The claims keep one post per channel and day
 * even if two hosts ever both lead. A Discord shard process leads for its own shards only.
 */
function leadDaily(shared: PostgresStore, config: Config, core: Core, owns: (channel: ChannelRef) => boolean, logger: Logger): SchedulerLeadership {
  const daily = core.services.daily;
  daily.shutdown();
  const log = logger.child({ part: 'scheduler' });
  const start = () => {
    try {
      daily.start(owns);
    } catch (error) {
      log.warn({ err: error }, 'daily schedules could not be read; trying again shortly');
    }
  };
  let resync: NodeJS.Timeout | undefined;
  const shards = config.discord?.shardProcess ?? config.discord?.hostShards;
  return new SchedulerLeadership({
    connection: shared.connection,
    key: schedulerLockKey(shards ? `discord shards ${shards.ids.join(',')} of ${shards.count}` : 'main'),
    logger: log,
    onLead: () => {
      start();
      resync = setInterval(start, DAILY_RESYNC_MS);
      resync.unref();
    },
    onLose: () => {
      if (resync) clearInterval(resync);
      daily.shutdown();
    },
  }).start();
}

async function startAdapters(config: Config, core: Core, poster: RoutingPoster, logger: Logger, onStarted: (adapters: RunningAdapter[]) => void = () => {}): Promise<RunningAdapter[]> {
  const adapters: RunningAdapter[] = [];
  // The ones already running are known even when a later one fails to start (they are stopped then).
  onStarted(adapters);
  // A Discord shard process (spawned by DISCORD_SHARDS) runs Discord alone; its parent runs Slack.
  if (config.slack && !config.discord?.shardProcess) {
    const { startSlack } = await import('../adapters/slack/start-slack.ts');
    adapters.push(await startSlack({ config: config.slack, core, poster, logger: logger.child({ adapter: 'slack' }) }));
  }
  if (config.discord) {
    const { startDiscord } = await import('../adapters/discord/start-discord.ts');
    adapters.push(await startDiscord({ config: config.discord, core, poster, logger: logger.child({ adapter: 'discord' }) }));
  }
  return adapters;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
