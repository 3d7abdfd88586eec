import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDatabaseConfig } from '../../src/store/database-config.ts';

const parse = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { config: parseDatabaseConfig(env, problems), problems };
};

describe('DATABASE_URL and its TLS settings', () => {
  it('absent: SQLite (no PostgreSQL settings), and TLS settings without a URL are named', () => {
    expect(parse({})).toEqual({ config: undefined, problems: [] });
    expect(parse({ DATABASE_POOL_SIZE: '4' }).problems).toEqual(['DATABASE_POOL_SIZE is set but DATABASE_URL is not (it applies to the PostgreSQL store only)']);
  });

  it('a PostgreSQL URL with the default pool; a malformed one is refused without echoing it (it holds a password)', () => {
    expect(parse({ DATABASE_URL: 'postgres://bot:pw@db:5432/bot' })).toEqual({ config: { url: 'postgres://bot:pw@db:5432/bot', poolSize: 8 }, problems: [] });
    const bad = parse({ DATABASE_URL: 'mysql://bot:s3cret@db/bot' });
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0]).toContain('DATABASE_URL must be a PostgreSQL URL');
    expect(bad.problems.join()).not.toContain('s3cret');
  });

  it('DATABASE_URL and DATABASE_FILE together are a contradiction; bad pool sizes and flags are named', () => {
    const { problems } = parse({ DATABASE_URL: 'postgresql://db/bot', DATABASE_FILE: './x.sqlite', DATABASE_POOL_SIZE: '0', DATABASE_SSL_REJECT_UNAUTHORIZED: 'maybe' });
    expect(problems).toEqual([
      'set DATABASE_URL (PostgreSQL, shared by several hosts) or DATABASE_FILE (SQLite, one host), not both',
      'DATABASE_SSL_REJECT_UNAUTHORIZED must be true or false (got "maybe")',
      'DATABASE_POOL_SIZE must be a whole number from 1 to 100 (got "0")',
    ]);
  });

  it('TLS: the CA file is read and passed through; an unreadable file and a certificate without its key are named', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-tls-'));
    const ca = path.join(dir, 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    try {
      expect(parse({ DATABASE_URL: 'postgres://db/bot?sslmode=verify-full', DATABASE_SSL_CA_FILE: ca, DATABASE_SSL_REJECT_UNAUTHORIZED: 'true' }).config).toEqual({
        url: 'postgres://db/bot?sslmode=verify-full',
        poolSize: 8,
        ssl: { ca: fs.readFileSync(ca, 'utf8'), rejectUnauthorized: true },
      });
      const { problems } = parse({ DATABASE_URL: 'postgres://db/bot', DATABASE_SSL_CA_FILE: path.join(dir, 'missing.pem'), DATABASE_SSL_CERT_FILE: ca });
      expect(problems).toEqual([
        `DATABASE_SSL_CA_FILE: cannot read ${path.join(dir, 'missing.pem')} (ENOENT)`,
        'DATABASE_SSL_CERT_FILE and DATABASE_SSL_KEY_FILE go together (a client certificate and its key)',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
