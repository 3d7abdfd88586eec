import type { Env } from '../../env.ts';

export interface DiscordConfig {
  /** The bot token (Developer Portal → Bot → Reset Token). Never logged. */
  readonly token: string;
  /** The application id (Developer Portal → General Information), for registering commands and the invite URL. */
  readonly applicationId: string;
  /** Register commands to this one guild (instant) instead of globally. */
  readonly guildId?: string;
  /**
   * Undefined: one process runs every guild. 'auto' or a number: discord.js's ShardingManager runs
   * one process per shard ('auto' asks the API how many).
   */
  readonly shards?: 'auto' | number;
  /**
   * The privileged Message Content intent. Off: mentions and DMs are still answered (Discord delivers
   * their content anyway); typed quiz answers then need a mention. On: typed answers are read as is.
   */
  readonly messageContent: boolean;
  /** REST base URL without the version (default Discord's); an HTTP rate-limit proxy or the test fake. */
  readonly apiUrl?: string;
  /**
   * Set in a process that discord.js's ShardingManager spawned (it passes SHARDS and SHARD_COUNT):
   * the shard ids this process runs and how many shards there are in all.
   */
  readonly shardProcess?: { readonly ids: readonly number[]; readonly count: number };
  /**
   * DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT: the shards this host runs when the shards are spread
   * over several hosts (each host also runs Slack and its health endpoint as usual); the hosts share
   * their state through DATABASE_URL.
   */
  readonly hostShards?: { readonly ids: readonly number[]; readonly count: number };
}

const SNOWFLAKE = /^\d{17,20}$/;
/** Three dot-separated base64url parts: the user id, a timestamp and an HMAC. */
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const SETTINGS = ['DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID', 'DISCORD_SHARDS', 'DISCORD_SHARD_IDS', 'DISCORD_SHARD_COUNT', 'DISCORD_MESSAGE_CONTENT', 'DISCORD_API_URL'] as const;

/**
 * Returns the Discord settings when DISCORD_TOKEN is set (undefined when Discord is not used),
 * pushing every missing or malformed DISCORD_* setting onto `problems` so that they are all named
 * in one start-up error. Messages never quote the token.
 */
export function parseDiscordConfig(env: Env, problems: string[]): DiscordConfig | undefined {
  const str = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const token = str('DISCORD_TOKEN');
  if (token === undefined) {
    const set = SETTINGS.filter(name => str(name) !== undefined && name !== 'DISCORD_MESSAGE_CONTENT');
    if (set.length > 0) problems.push(`DISCORD_TOKEN is missing (${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, so Discord is meant to run)`);
    return undefined;
  }
  const before = problems.length;
  if (/^bot\s/i.test(token)) problems.push('DISCORD_TOKEN must be the token alone, without the "Bot " prefix');
  else if (!TOKEN.test(token)) problems.push('DISCORD_TOKEN does not look like a bot token (three parts separated by dots; copy it again from Developer Portal → Bot)');

  const applicationId = str('DISCORD_APPLICATION_ID');
  if (applicationId === undefined) problems.push('DISCORD_APPLICATION_ID is missing (Developer Portal → General Information → Application ID)');
  else if (!SNOWFLAKE.test(applicationId)) problems.push(`DISCORD_APPLICATION_ID must be a numeric id of 17 to 20 digits (got "${applicationId}")`);

  const guildId = str('DISCORD_GUILD_ID');
  if (guildId !== undefined && !SNOWFLAKE.test(guildId)) problems.push(`DISCORD_GUILD_ID must be a numeric server id of 17 to 20 digits (got "${guildId}")`);

  let shards: DiscordConfig['shards'];
  const rawShards = str('DISCORD_SHARDS');
  if (rawShards !== undefined) {
    if (rawShards.toLowerCase() === 'auto') shards = 'auto';
    else if (/^\d+$/.test(rawShards) && Number(rawShards) >= 1 && Number(rawShards) <= 10_000) shards = Number(rawShards);
    else problems.push(`DISCORD_SHARDS must be "auto" or a whole number of shards from 1 to 10000 (got "${rawShards}")`);
  }

  let messageContent = false;
  const rawContent = str('DISCORD_MESSAGE_CONTENT');
  if (rawContent !== undefined) {
    if (/^(on|true|yes|1)$/i.test(rawContent)) messageContent = true;
    else if (!/^(off|false|no|0)$/i.test(rawContent)) problems.push(`DISCORD_MESSAGE_CONTENT must be on or off (got "${rawContent}")`);
  }

  let apiUrl: string | undefined;
  const rawApi = str('DISCORD_API_URL');
  if (rawApi !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(rawApi);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      problems.push(`DISCORD_API_URL must be an http(s) URL such as https://discord.com/api (got "${rawApi}")`);
    } else {
      // discord.js appends /v10 itself; accept a URL that already ends in a version.
      apiUrl = rawApi.replace(/\/+$/, '').replace(/\/v\d+$/, '');
    }
  }

  const hostShards = parseHostShards(str('DISCORD_SHARD_IDS'), str('DISCORD_SHARD_COUNT'), problems);
  if (hostShards && shards !== undefined) problems.push('set DISCORD_SHARDS (one host runs every shard) or DISCORD_SHARD_IDS with DISCORD_SHARD_COUNT (shards spread over hosts), not both');
  if (hostShards && !str('DATABASE_URL')) problems.push('DISCORD_SHARD_IDS spreads Discord over several hosts, which share scores and schedules only through DATABASE_URL: set it');

  const shardProcess = parseShardProcess(env);
  if (problems.length > before) return undefined;
  return {
    token,
    applicationId: applicationId!,
    messageContent,
    ...(guildId !== undefined ? { guildId } : {}),
    ...(shards !== undefined ? { shards } : {}),
    ...(apiUrl !== undefined ? { apiUrl } : {}),
    ...(shardProcess !== undefined ? { shardProcess } : {}),
    ...(hostShards !== undefined && shardProcess === undefined ? { hostShards } : {}),
  };
}

/** DISCORD_SHARD_IDS ("0,1" or "0-3") of DISCORD_SHARD_COUNT: both or neither, every id below the count. */
function parseHostShards(rawIds: string | undefined, rawCount: string | undefined, problems: string[]): DiscordConfig['hostShards'] {
  if (rawIds === undefined && rawCount === undefined) return undefined;
  if (rawIds === undefined || rawCount === undefined) {
    problems.push('DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT go together (the shards this host runs, and how many there are in all)');
    return undefined;
  }
  const count = Number(rawCount);
  if (!/^\d+$/.test(rawCount) || count < 1 || count > 10_000) {
    problems.push(`DISCORD_SHARD_COUNT must be a whole number of shards from 1 to 10000 (got "${rawCount}")`);
    return undefined;
  }
  const ids = new Set<number>();
  for (const part of rawIds.split(',').map(p => p.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const from = range ? Number(range[1]) : NaN;
    const to = range?.[2] !== undefined ? Number(range[2]) : from;
    if (!range || to < from || to >= count) {
      problems.push(`DISCORD_SHARD_IDS must list shard ids below DISCORD_SHARD_COUNT (${count}), such as 0,1 or 0-3 (got "${rawIds}")`);
      return undefined;
    }
    for (let id = from; id <= to; id++) ids.add(id);
  }
  return { ids: [...ids].sort((a, b) => a - b), count };
}

/** The shard ids and count discord.js's ShardingManager gives a shard process (SHARDS, SHARD_COUNT). */
function parseShardProcess(env: Env): DiscordConfig['shardProcess'] {
  if (!env.SHARDING_MANAGER || env.SHARDS === undefined || env.SHARD_COUNT === undefined) return undefined;
  let ids: unknown;
  try {
    ids = JSON.parse(env.SHARDS);
  } catch {
    return undefined;
  }
  const list = Array.isArray(ids) ? ids : [ids];
  const count = Number(env.SHARD_COUNT);
  if (!list.every(id => Number.isInteger(id) && id >= 0) || !Number.isInteger(count) || count < 1) return undefined;
  return { ids: list as number[], count };
}
