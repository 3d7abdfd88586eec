import { describe, expect, it } from 'vitest';
import { parseDiscordConfig } from '../../../src/adapters/discord/discord-config.ts';
import { ConfigError, loadConfig } from '../../../src/config.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.fake00.not-a-real-token-only-for-the-local-fake';
const APP = '100000000000000000';

function parse(env: Record<string, string>) {
  const problems: string[] = [];
  return { config: parseDiscordConfig(env, problems), problems };
}

describe('DISCORD_* settings', () => {
  it('Discord is off without DISCORD_TOKEN', () => {
    expect(parse({})).toEqual({ config: undefined, problems: [] });
  });

  it('defaults: one process, Message Content off, Discord’s own API', () => {
    expect(parse({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP })).toEqual({
      config: { token: TOKEN, applicationId: APP, messageContent: false },
      problems: [],
    });
  });

  it('reads every optional setting', () => {
    const { config } = parse({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APP,
      DISCORD_GUILD_ID: '200000000000000000',
      DISCORD_SHARDS: 'AUTO',
      DISCORD_MESSAGE_CONTENT: 'on',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api/v10/',
    });
    expect(config).toEqual({ token: TOKEN, applicationId: APP, guildId: '200000000000000000', shards: 'auto', messageContent: true, apiUrl: 'http://127.0.0.1:8080/api' });
    expect(parse({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_SHARDS: '4' }).config?.shards).toBe(4);
  });

  it('names every missing or malformed setting at once, never quoting the token', () => {
    const { config, problems } = parse({
      DISCORD_TOKEN: 'Bot secret-value',
      DISCORD_GUILD_ID: 'my server',
      DISCORD_SHARDS: '0',
      DISCORD_MESSAGE_CONTENT: 'maybe',
      DISCORD_API_URL: 'discord.com/api',
    });
    expect(config).toBeUndefined();
    expect(problems).toHaveLength(6);
    for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID', 'DISCORD_SHARDS', 'DISCORD_MESSAGE_CONTENT', 'DISCORD_API_URL']) {
      expect(problems.some(p => p.startsWith(name))).toBe(true);
    }
    expect(problems.join('\n')).not.toContain('secret-value');
  });

  it('other DISCORD_* settings without a token are a mistake, named', () => {
    expect(parse({ DISCORD_APPLICATION_ID: APP }).problems).toEqual(['DISCORD_TOKEN is missing (DISCORD_APPLICATION_ID is set, so Discord is meant to run)']);
  });

  it('in a process spawned by the ShardingManager, knows its shards', () => {
    const { config } = parse({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_SHARDS: 'auto', SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' });
    expect(config?.shardProcess).toEqual({ ids: [1], count: 2 });
  });

  it('is part of the one start-up error', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: TOKEN })).toThrow(ConfigError);
    try {
      loadConfig({ DISCORD_TOKEN: TOKEN, LOG_LEVEL: 'loud' });
    } catch (error) {
      expect((error as ConfigError).problems.some(p => p.startsWith('DISCORD_APPLICATION_ID'))).toBe(true);
      expect((error as ConfigError).problems.some(p => p.startsWith('LOG_LEVEL'))).toBe(true);
    }
  });
});
