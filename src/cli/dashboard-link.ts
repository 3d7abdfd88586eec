import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { LINK_LIMITS } from '../dashboard/auth.ts';
import { dashboardLink } from '../dashboard/link.ts';
import { SqliteDashboardData } from '../store/sqlite/sqlite-dashboard-data.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Args } from './args.ts';
import type { CliIo } from './aliases.ts';

/**
 * `interview-bot dashboard-link [--hours N]`: prints a signed link to the running bot's dashboard
 * (DASHBOARD_PORT, DASHBOARD_HOST), working for N hours (default 24). The key is the state
 * database's, so the link works for the bot that uses the same DATABASE_FILE.
 */
export function dashboardLinkCli(args: Args, env: NodeJS.ProcessEnv = process.env, io: CliIo = { out: t => process.stdout.write(t), err: t => process.stderr.write(t), now: () => Date.now() }): number {
  const file = args.value('db') ?? env.DATABASE_FILE ?? path.join(PROJECT_ROOT, 'data', 'interview-bot.sqlite');
  const hoursRaw = args.value('hours');
  args.positionals();
  const port = Number(env.DASHBOARD_PORT ?? 0);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
    io.err('The dashboard is off: set DASHBOARD_PORT (for example 8470) for the bot, restart it, and run this again.\n');
    return 1;
  }
  const hours = hoursRaw === undefined ? LINK_LIMITS.defaultHours : Number(hoursRaw);
  const store = openSqliteStore(file);
  try {
    const secret = new SqliteDashboardData(store.db, io.now).signingSecret();
    const host = env.DASHBOARD_HOST?.trim() || '127.0.0.1';
    const { url, expiresAt } = dashboardLink(secret, { host, port }, io.now(), hours);
    io.out(`${url}\n`);
    io.err(`This link opens the dashboard until ${new Date(expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC. Treat it like a password.\n`);
    return 0;
  } finally {
    store.close();
  }
}
