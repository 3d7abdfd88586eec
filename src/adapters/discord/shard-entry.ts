/**
 * What each process of discord.js's ShardingManager runs (DISCORD_SHARDS=auto|N): the same
 * composition root as `npm start`. discord.js passes SHARDS and SHARD_COUNT in the environment, so
 * main.ts builds this process's own core, starts Discord for these shards only (not Slack, which
 * the parent runs) and schedules the daily posts of these shards' guilds; the store is shared.
 */
import { main } from '../../host/main.ts';

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
