import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDiscordConfig, type DiscordConfig } from './adapters/discord/discord-config.ts';
import { parseSlackConfig, type SlackConfig } from './adapters/slack/slack-config.ts';
import { knowledgeDirProblem } from './core/knowledge/loader.ts';
import { parseDatabaseConfig, type DatabaseConfig } from './store/database-config.ts';
import type { Env } from './env.ts';

/** The project folder (where package.json and the shipped knowledge/ are). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Config {
  readonly knowledgeDir: string;
  readonly databaseFile: string;
  /** DATABASE_URL: the PostgreSQL store shared by several hosts; absent: the SQLite file (databaseFile). */
  readonly database?: DatabaseConfig;
  /** The log level when Slack or Discord runs (LOG_LEVEL). */
  readonly logLevel: LogLevel;
  /**
   * The log level of the console chat (CONSOLE_LOG_LEVEL, default warn): one person at a terminal
   * wants the conversation, not log lines, whatever LOG_LEVEL a copied .env sets for the platforms.
   */
  readonly consoleLogLevel: LogLevel;
  readonly defaultTimeZone: string;
  /** Questions one person may ask per minute; 0: no limit. */
  readonly questionsPerMinute: number;
  /** Quizzes one channel may start per hour; 0: no limit. */
  readonly quizzesPerHour: number;
  /** Port of /healthz and /readyz when a platform adapter runs; 0: off. */
  readonly healthPort: number;
  readonly healthHost: string;
  /** Automatic acceptance of a learned alias after this many different people confirmed it; 0: off (a maintainer accepts). */
  readonly learnAliasesAfter: number;
  /** Port of the maintainer's dashboard; 0: off. */
  readonly dashboardPort: number;
  /** Interface the dashboard listens on (127.0.0.1 unless told otherwise). */
  readonly dashboardHost: string;
  /** A daily post missed by at most this many minutes (process down) is still made. */
  readonly dailyGraceMinutes: number;
  /** When a daily question's answer is posted in the channel: with the next post, or after this many minutes. */
  readonly dailyRevealAfter: 'next-post' | number;
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

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

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
  const consoleLogLevel = (str('CONSOLE_LOG_LEVEL') ?? 'warn').toLowerCase();
  if (!(logLevels as readonly string[]).includes(consoleLogLevel)) problems.push(`CONSOLE_LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${consoleLogLevel}")`);
  const knowledgeDir = path.resolve(str('KNOWLEDGE_DIR') ?? path.join(PROJECT_ROOT, 'knowledge'));
  const knowledgeProblem = knowledgeDirProblem(knowledgeDir);
  if (knowledgeProblem) problems.push(`KNOWLEDGE_DIR: ${knowledgeProblem}`);
  const defaultTimeZone = str('DEFAULT_TIMEZONE') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: defaultTimeZone });
  } catch {
    problems.push(`DEFAULT_TIMEZONE must be an IANA time zone such as Asia/Shanghai (got "${defaultTimeZone}")`);
  }
  const healthHost = str('HEALTH_HOST') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(healthHost) || healthHost.length > 253) {
    problems.push(`HEALTH_HOST must be a host name or IP address such as 127.0.0.1 or 0.0.0.0 (got "${healthHost}")`);
  }
  const dashboardHost = str('DASHBOARD_HOST') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(dashboardHost) || dashboardHost.length > 253) {
    problems.push(`DASHBOARD_HOST must be a host name or IP address such as 127.0.0.1 (got "${dashboardHost}")`);
  }
  const revealRaw = (str('DAILY_REVEAL_AFTER') ?? 'next-post').toLowerCase();
  let dailyRevealAfter: Config['dailyRevealAfter'] = 'next-post';
  if (revealRaw !== 'next-post') {
    const n = Number(revealRaw);
    if (/^\d+$/.test(revealRaw) && n >= 1 && n <= 10_080) dailyRevealAfter = n;
    else problems.push(`DAILY_REVEAL_AFTER must be next-post or a whole number of minutes from 1 to 10080 (got "${revealRaw}")`);
  }
  const config: Config = {
    knowledgeDir,
    databaseFile: str('DATABASE_FILE') ?? path.join(PROJECT_ROOT, 'data', 'interview-bot.sqlite'),
    logLevel: logLevel as LogLevel,
    consoleLogLevel: consoleLogLevel as LogLevel,
    defaultTimeZone,
    questionsPerMinute: int('QUESTIONS_PER_MINUTE', 10, 0, 10_000),
    quizzesPerHour: int('QUIZZES_PER_HOUR', 6, 0, 1_000),
    healthPort: int('HEALTH_PORT', 0, 0, 65_535),
    healthHost,
    dailyGraceMinutes: int('DAILY_GRACE_MINUTES', 60, 0, 1_440),
    learnAliasesAfter: int('LEARN_ALIASES_AFTER', 0, 0, 1_000),
    dashboardPort: int('DASHBOARD_PORT', 0, 0, 65_535),
    dashboardHost,
    dailyRevealAfter,
  };
  const slack = parseSlackConfig(env, problems);
  const discord = parseDiscordConfig(env, problems);
  const database = parseDatabaseConfig(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, ...(slack ? { slack } : {}), ...(discord ? { discord } : {}), ...(database ? { database } : {}) };
}
