import dotenv from 'dotenv';
import { pathToFileURL } from 'node:url';
import { ConsoleChat, CONSOLE_CHANNEL } from './adapters/console/console-chat.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createCore, type Core } from './core/create-core.ts';
import { loadKnowledge } from './core/knowledge/loader.ts';
import type { Logger } from './core/ports.ts';
import type { ChannelRef } from './core/services.ts';
import { createLogger } from './logger.ts';
import { RoutingPoster } from './routing-poster.ts';
import { openSqliteStore } from './store/sqlite-store.ts';
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
 * The composition root: the one place that builds real ports (pino, SQLite, the system clock)
 * and passes them down. Starts Slack and/or Discord when configured, else the console chat.
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
  const logger = createLogger({ level: platforms ? config.logLevel : (env.LOG_LEVEL ?? 'warn') });
  const knowledge = loadKnowledge(config.knowledgeDir);
  for (const issue of knowledge.issues) logger.warn({ file: issue.file, line: issue.line }, issue.message);
  logger.info({ dir: config.knowledgeDir, entries: knowledge.entries.length }, 'knowledge loaded');
  const store = openSqliteStore(config.databaseFile);
  const poster = new RoutingPoster(logger);
  const core = createCore({
    knowledge,
    store,
    clock: systemClock(),
    random: systemRandom(),
    logger,
    poster,
    defaultTimeZone: config.defaultTimeZone,
  });

  if (!platforms) {
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
    await chat.run();
    core.shutdown();
    store.close();
    return;
  }

  const adapters = await startAdapters(config, core, poster, logger);
  // A Discord shard owns its guilds only: it neither schedules nor closes other shards' channels.
  const owns = (channel: ChannelRef) => channel.platform !== 'console' && adapters.every(a => a.owns?.(channel) ?? true);
  core.services.quiz.closeInterrupted(owns);
  core.services.daily.start(owns);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    core.shutdown();
    await Promise.allSettled(adapters.map(a => a.stop()));
    store.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

async function startAdapters(config: Config, core: Core, poster: RoutingPoster, logger: Logger): Promise<RunningAdapter[]> {
  const adapters: RunningAdapter[] = [];
  // A Discord shard process (spawned by DISCORD_SHARDS) runs Discord alone; its parent runs Slack.
  if (config.slack && !config.discord?.shardProcess) {
    const { startSlack } = await import('./adapters/slack/start-slack.ts');
    adapters.push(await startSlack({ config: config.slack, core, poster, logger: logger.child({ adapter: 'slack' }) }));
  }
  if (config.discord) {
    const { startDiscord } = await import('./adapters/discord/start-discord.ts');
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
