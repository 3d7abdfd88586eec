import type Database from 'better-sqlite3';

/** One schema step. Ids are applied in array order and recorded, so each runs once. */
export interface Migration {
  readonly id: string;
  readonly sql: string;
}

/**
 * Runs, in one transaction each, every migration not yet recorded in `schema_migrations`.
 * Migrations are append-only: never edit one that has shipped; add a new one.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): string[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const done = new Set(db.prepare('SELECT id FROM schema_migrations').pluck().all() as string[]);
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, Date.now());
    })();
    applied.push(m.id);
  }
  return applied;
}
