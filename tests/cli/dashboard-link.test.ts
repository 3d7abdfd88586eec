import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Args } from '../../src/cli/args.ts';
import { dashboardLinkCli } from '../../src/cli/dashboard-link.ts';
import { checkToken } from '../../src/dashboard/auth.ts';
import { SqliteDashboardData } from '../../src/store/sqlite/sqlite-dashboard-data.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { MONDAY_0900_UTC, useFolders } from '../support/core-harness.ts';

/** `interview-bot dashboard-link`: a link the bot using the same state file accepts, until it expires. */
const folder = useFolders('dashboard-link-');

function run(env: NodeJS.ProcessEnv, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = dashboardLinkCli(new Args(argv), env, { out: t => (out += t), err: t => (err += t), now: () => MONDAY_0900_UTC });
  return { code, out, err };
}

describe('interview-bot dashboard-link', () => {
  it('says the dashboard is off when DASHBOARD_PORT is not set, and exits 1', () => {
    const r = run({ DATABASE_FILE: path.join(folder(), 's.sqlite') });
    expect(r).toMatchObject({ code: 1, out: '' });
    expect(r.err).toContain('DASHBOARD_PORT');
  });

  it('prints a link signed with the state file key that works for --hours', () => {
    const file = path.join(folder(), 's.sqlite');
    const r = run({ DATABASE_FILE: file, DASHBOARD_PORT: '8470' }, '--hours', '2');
    expect(r.code).toBe(0);
    expect(r.err).toContain('2025-01-06 11:00 UTC');
    const token = /^http:\/\/127\.0\.0\.1:8470\/login\?t=(\S+)\n$/.exec(r.out)![1]!;
    const store = openSqliteStore(file);
    try {
      const secret = new SqliteDashboardData(store.db).signingSecret();
      expect(checkToken(secret, token, MONDAY_0900_UTC + 7_199_000)).toMatchObject({ ok: true });
      expect(checkToken(secret, token, MONDAY_0900_UTC + 7_200_000)).toEqual({ ok: false, reason: 'expired' });
      // A character inside the token, not its last one: base64's last character has spare bits, and
      // changing only those (A for B) leaves the token as it was.
      const tampered = token.slice(0, 8) + (token[8] === 'A' ? 'B' : 'A') + token.slice(9);
      expect(checkToken(secret, tampered, MONDAY_0900_UTC)).toEqual({ ok: false, reason: 'invalid' });
    } finally {
      store.close();
    }
  });
});
