import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from '../../core/ports.ts';
import type { ChannelRef } from '../../core/services.ts';
import { errorContext } from './api-errors.ts';
import type { DiscordConfig } from './discord-config.ts';

/** Discord allows one IDENTIFY per 5 s per bucket (max_concurrency 1): discord.js's own pause between shards. */
export const SHARD_SPAWN_DELAY_MS = 5500;

/** The entry each shard process runs: a sibling of this file, .ts under tsx or .js when compiled. */
export function shardEntryFile(): string {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), `shard-entry${path.extname(here)}`);
}

/** Node flags for a shard process: the parent's, plus tsx's loader when the entry is TypeScript. */
export function shardExecArgv(entry: string): string[] {
  const argv = [...process.execArgv];
  if (entry.endsWith('.ts') && !argv.some(a => a.includes('tsx'))) {
    argv.push('--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href);
  }
  return argv;
}

/**
 * How many shards Discord recommends, asked from the configured API (DISCORD_API_URL included:
 * discord.js's own 'auto' always asks discord.com).
 */
export async function recommendedShardCount(config: Pick<DiscordConfig, 'token' | 'apiUrl'>): Promise<number> {
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Math.max(1, gateway.shards);
}

export interface ShardingHandle {
  readonly name: string;
  /** Discord's daily posts are scheduled by the shard processes; this process keeps the other platforms. */
  owns(channel: ChannelRef): boolean;
  stop(): Promise<void>;
}

/**
 * DISCORD_SHARDS=auto or a number: discord.js's ShardingManager runs one process per shard (each
 * builds its own core through main.ts and runs only its shards; the SQLite store is shared).
 * Shards that die are respawned by discord.js; resolves once every shard is ready.
 */
export async function startShardingManager(config: DiscordConfig, logger: Logger): Promise<ShardingHandle> {
  const total = config.shards === 'auto' || config.shards === undefined ? await recommendedShardCount(config) : config.shards;
  const file = shardEntryFile();
  const manager = new ShardingManager(file, { totalShards: total, token: config.token, mode: 'process', respawn: true, execArgv: shardExecArgv(file) });
  // A signal reaches the shard processes too (same process group): none of them may be respawned
  // while everything shuts down, or the new one would outlive this process.
  const noRespawn = (signal: NodeJS.Signals) => {
    manager.respawn = false;
    // Still starting (main.ts has no handler yet): end as the signal would have, shards included.
    if (process.listenerCount(signal) === 0) {
      for (const shard of manager.shards.values()) shard.process?.kill('SIGTERM');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
  };
  process.once('SIGTERM', noRespawn);
  process.once('SIGINT', noRespawn);
  manager.on('shardCreate', shard => {
    logger.info({ shard: shard.id, of: total }, 'discord: starting shard process');
    shard.on('ready', () => logger.info({ shard: shard.id }, 'discord: shard process ready'));
    shard.on('death', child => {
      const exitCode = 'exitCode' in child ? child.exitCode : undefined;
      logger.warn({ shard: shard.id, exitCode }, manager.respawn ? 'discord: shard process died; respawning' : 'discord: shard process ended');
    });
    shard.on('error', error => logger.error({ shard: shard.id, err: errorContext(error) }, 'discord: shard process error'));
  });
  logger.info({ shards: total, setting: config.shards }, 'discord: sharding');
  try {
    await manager.spawn({ amount: total, delay: SHARD_SPAWN_DELAY_MS, timeout: 120_000 });
  } catch (error) {
    logger.error({ err: errorContext(error) }, 'discord: shards did not start');
    manager.respawn = false;
    for (const shard of manager.shards.values()) shard.kill();
    throw error;
  }
  return {
    name: 'discord',
    owns: channel => channel.platform !== 'discord',
    async stop() {
      manager.respawn = false;
      await Promise.all(
        [...manager.shards.values()].map(
          shard =>
            new Promise<void>(resolve => {
              const child = shard.process;
              if (!child || child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
