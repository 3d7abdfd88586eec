import fs from 'node:fs';
import type { Env } from '../env.ts';

/**
 * The PostgreSQL settings: DATABASE_URL selects the shared PostgreSQL store (several hosts on one
 * database); without it the bot keeps its state in the SQLite file (DATABASE_FILE), as before.
 */
export interface DatabaseConfig {
  /** postgres://user:password@host:5432/database[?sslmode=require]; never logged whole (it holds the password). */
  readonly url: string;
  /** TLS options passed through to the driver: a managed database's CA, or a client certificate. */
  readonly ssl?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly rejectUnauthorized?: boolean };
  /** Connections this host keeps open (DATABASE_POOL_SIZE). */
  readonly poolSize: number;
}

export const DEFAULT_POOL_SIZE = 8;

/**
 * Reads DATABASE_URL and its TLS settings. Returns undefined when DATABASE_URL is not set (SQLite).
 * Problems go onto `problems` (config.ts reports them all at once); the URL itself is never echoed,
 * since it usually carries a password.
 */
export function parseDatabaseConfig(env: Env, problems: string[]): DatabaseConfig | undefined {
  const str = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const url = str('DATABASE_URL');
  const tlsSettings = ['DATABASE_SSL_CA_FILE', 'DATABASE_SSL_CERT_FILE', 'DATABASE_SSL_KEY_FILE', 'DATABASE_SSL_REJECT_UNAUTHORIZED', 'DATABASE_POOL_SIZE'];
  if (url === undefined) {
    for (const name of tlsSettings) if (str(name) !== undefined) problems.push(`${name} is set but DATABASE_URL is not (it applies to the PostgreSQL store only)`);
    return undefined;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // reported below
  }
  if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol) || !parsed.hostname) {
    problems.push('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@db.example.com:5432/interview_bot (value not shown)');
  }
  if (str('DATABASE_FILE') !== undefined) problems.push('set DATABASE_URL (PostgreSQL, shared by several hosts) or DATABASE_FILE (SQLite, one host), not both');
  const file = (name: string, path: string | undefined): string | undefined => {
    if (path === undefined) return undefined;
    try {
      return fs.readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      return undefined;
    }
  };
  const ca = file('DATABASE_SSL_CA_FILE', str('DATABASE_SSL_CA_FILE'));
  const cert = file('DATABASE_SSL_CERT_FILE', str('DATABASE_SSL_CERT_FILE'));
  const key = file('DATABASE_SSL_KEY_FILE', str('DATABASE_SSL_KEY_FILE'));
  const rejectRaw = str('DATABASE_SSL_REJECT_UNAUTHORIZED')?.toLowerCase();
  let rejectUnauthorized: boolean | undefined;
  if (rejectRaw !== undefined) {
    if (rejectRaw === 'true' || rejectRaw === 'false') rejectUnauthorized = rejectRaw === 'true';
    else problems.push(`DATABASE_SSL_REJECT_UNAUTHORIZED must be true or false (got "${rejectRaw}")`);
  }
  if ((cert === undefined) !== (key === undefined)) problems.push('DATABASE_SSL_CERT_FILE and DATABASE_SSL_KEY_FILE go together (a client certificate and its key)');
  const poolRaw = str('DATABASE_POOL_SIZE');
  let poolSize = DEFAULT_POOL_SIZE;
  if (poolRaw !== undefined) {
    const n = Number(poolRaw);
    if (Number.isInteger(n) && n >= 1 && n <= 100) poolSize = n;
    else problems.push(`DATABASE_POOL_SIZE must be a whole number from 1 to 100 (got "${poolRaw}")`);
  }
  const ssl =
    ca !== undefined || cert !== undefined || rejectUnauthorized !== undefined
      ? { ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert } : {}), ...(key !== undefined ? { key } : {}), ...(rejectUnauthorized !== undefined ? { rejectUnauthorized } : {}) }
      : undefined;
  return { url, poolSize, ...(ssl ? { ssl } : {}) };
}
