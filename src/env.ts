/**
 * What config.ts and the adapters' own config parsers (slack-config.ts, discord-config.ts) share:
 * the environment they read and the error a platform's refusal of a setting raises. In a module of
 * its own so that the parsers do not import config.ts, which imports them.
 */

/** The process environment (main.ts loads .env into it first). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A setting the platform itself refused at start (Slack's auth.test says invalid_auth, Discord
 * refuses the token or the Message Content intent): like a ConfigError, main.ts prints its
 * one-line message and exits 78 (EX_CONFIG), since restarting cannot fix it.
 */
export class RejectedSettingError extends Error {
  override readonly name = 'RejectedSettingError';
}
