import type pg from 'pg';
import { PG_MIGRATIONS, type PgMigration } from './pg-migrations.ts';

/**
 * The advisory lock key under which migrations run (any constant: it only has to be the same on every
 * host). Hosts starting together queue on it; the first applies what is pending, the others then find
 * nothing left to do.
 */
export const MIGRATION_LOCK_KEY = 0x1b_0b_5c4e;

/**
 * Applies the pending migrations, each in its own transaction, while holding a session-level advisory
 * lock: two hosts starting at once cannot both apply one. Returns the ids applied.
 */
export async function migratePostgres(client: pg.ClientBase, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const done = new Set((await client.query('SELECT id FROM schema_migrations')).rows.map(r => r.id as string));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw new Error(`PostgreSQL migration ${migration.id} failed: ${(error as Error).message}`);
      }
      applied.push(migration.id);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
  }
}
