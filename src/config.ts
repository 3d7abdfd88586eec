import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDiscordConfig, type DiscordConfig } from './adapters/discord/discord-config.ts';
import { parseSlackConfig, type SlackConfig } from './adapters/slack/slack-config.ts';

/** The project folder (where package.json and the shipped knowledge/ are). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  readonly knowledgeDir: string;
  readonly databaseFile: string;
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  readonly defaultTimeZone: string;
  readonly slack?: SlackConfig;
  readonly discord?: DiscordConfig;
}

/** Every missing or malformed setting, named together in one start-up error. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Configuration is not valid:\n${problems.map(p => `  - ${p}`).join('\n')}\nSee .env.example for every setting.`);
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads and validates the configuration from the environment (main.ts loads .env into it first). */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
  const logLevel = (str('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!(logLevels as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${logLevel}")`);
  const defaultTimeZone = str('DEFAULT_TIMEZONE') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: defaultTimeZone });
  } catch {
    problems.push(`DEFAULT_TIMEZONE must be an IANA time zone such as Asia/Shanghai (got "${defaultTimeZone}")`);
  }
  const config: Config = {
    knowledgeDir: path.resolve(str('KNOWLEDGE_DIR') ?? path.join(PROJECT_ROOT, 'knowledge')),
    databaseFile: str('DATABASE_FILE') ?? path.join(PROJECT_ROOT, 'data', 'interview-bot.sqlite'),
    logLevel: logLevel as Config['logLevel'],
    defaultTimeZone,
  };
  const slack = parseSlackConfig(env, problems);
  const discord = parseDiscordConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, ...(slack ? { slack } : {}), ...(discord ? { discord } : {}) };
}
