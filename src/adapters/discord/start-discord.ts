import type { Core } from '../../core/create-core.ts';
import type { Logger } from '../../core/ports.ts';
import type { ChannelRef, Poster } from '../../core/services.ts';
import { DiscordBot } from './discord-bot.ts';
import type { DiscordConfig } from './discord-config.ts';
import { startShardingManager } from './sharding.ts';

export interface StartDiscordOptions {
  readonly config: DiscordConfig;
  readonly core: Core;
  /** main.ts's RoutingPoster: the Discord poster is registered on it for platform 'discord'. */
  readonly poster: { register(platform: 'discord', poster: Poster): void };
  readonly logger: Logger;
}

/** The running Discord adapter, as main.ts sees it. */
export interface RunningDiscord {
  readonly name: string;
  /** Whether this process schedules the daily posts of a channel (see DiscordBot.owns). */
  owns(channel: ChannelRef): boolean;
  stop(): Promise<void>;
}

/**
 * A shard process must not outlive its ShardingManager: when the manager's IPC channel closes (it
 * exited or was killed), this process ends the way a signal would end it, even mid-start.
 */
function endWithManager(logger: Logger): void {
  const end = () => {
    logger.warn({}, 'discord: the sharding manager went away; shutting this shard down');
    process.kill(process.pid, 'SIGTERM');
  };
  if (process.send === undefined) return; // started without an IPC channel: not by a ShardingManager
  if (!process.connected) return end();
  process.once('disconnect', end);
}

/**
 * Starts Discord in one of three ways:
 * - no DISCORD_SHARDS: one Client runs every guild in this process;
 * - DISCORD_SHARDS=auto|N: this process runs discord.js's ShardingManager, one child process per shard;
 * - in such a child (discord.js sets SHARDS and SHARD_COUNT): a Client for its shards only.
 */
export async function startDiscord(options: StartDiscordOptions): Promise<RunningDiscord> {
  const { config, core, poster, logger } = options;
  if (config.shards !== undefined && config.shardProcess === undefined) return startShardingManager(config, logger);

  const log = config.shardProcess ? logger.child({ shards: config.shardProcess.ids }) : logger;
  if (config.shardProcess) endWithManager(log);
  const bot = new DiscordBot({ config, core, logger: log });
  poster.register('discord', bot.poster);
  await bot.start();
  return { name: 'discord', owns: channel => bot.owns(channel), stop: () => bot.stop() };
}
