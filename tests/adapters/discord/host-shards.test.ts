import { describe, expect, it } from 'vitest';
import { clientOptions, ownsChannel, shardIdOf } from '../../../src/adapters/discord/discord-bot.ts';
import { parseDiscordConfig } from '../../../src/adapters/discord/discord-config.ts';

/** Discord shards spread over several hosts: DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT on each. */
const BASE = { DISCORD_TOKEN: 'MTIz.NDU2.Nzg5', DISCORD_APPLICATION_ID: '123456789012345678', DATABASE_URL: 'postgres://db/bot' };
const parse = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { config: parseDiscordConfig({ ...BASE, ...env }, problems), problems };
};

describe('DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT', () => {
  it('give this host its shards (lists and ranges), passed to the discord.js client', () => {
    const { config, problems } = parse({ DISCORD_SHARD_IDS: '0, 2-3', DISCORD_SHARD_COUNT: '4' });
    expect(problems).toEqual([]);
    expect(config?.hostShards).toEqual({ ids: [0, 2, 3], count: 4 });
    expect(clientOptions(config!)).toMatchObject({ shards: [0, 2, 3], shardCount: 4 });
  });

  it('are refused when incomplete, out of range, mixed with DISCORD_SHARDS, or without a shared database', () => {
    expect(parse({ DISCORD_SHARD_IDS: '0' }).problems).toEqual(['DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT go together (the shards this host runs, and how many there are in all)']);
    expect(parse({ DISCORD_SHARD_IDS: '3-4', DISCORD_SHARD_COUNT: '4' }).problems[0]).toContain('DISCORD_SHARD_IDS must list shard ids below DISCORD_SHARD_COUNT (4)');
    expect(parse({ DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: 'x' }).problems[0]).toContain('DISCORD_SHARD_COUNT must be a whole number');
    expect(parse({ DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: '2', DISCORD_SHARDS: 'auto' }).problems[0]).toContain('not both');
    expect(parse({ DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: '2', DATABASE_URL: '' }).problems[0]).toContain('set it');
  });

  it("a host schedules its own shards' servers and every Slack channel; a ShardingManager child only Discord", () => {
    const hostShards = { ids: [0], count: 2 };
    const guildOn = (shard: number) => [...Array(50).keys()].map(i => String(BigInt(100_000_000_000_000_000n + BigInt(i) * 4_194_304n))).find(g => shardIdOf(g, 2) === shard)!;
    expect(ownsChannel({ hostShards }, { platform: 'discord', workspace: guildOn(0), channel: 'c' })).toBe(true);
    expect(ownsChannel({ hostShards }, { platform: 'discord', workspace: guildOn(1), channel: 'c' })).toBe(false);
    expect(ownsChannel({ hostShards }, { platform: 'slack', workspace: 'T1', channel: 'C1' })).toBe(true);
    expect(ownsChannel({ shardProcess: hostShards }, { platform: 'slack', workspace: 'T1', channel: 'C1' })).toBe(false);
    expect(ownsChannel({}, { platform: 'discord', workspace: guildOn(1), channel: 'c' })).toBe(true);
  });
});
