import fs from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * Heartbeat and staleness of the state file's owner row, frozen and documented like every threshold.
 * A process that died (kill -9, a crash) is seen at once by its pid on the same host; an owner
 * whose heartbeat is older than `staleMs` is taken over whatever its pid says (a reused pid, a hung
 * process, another host sharing the file by mistake).
 */
export const STATE_OWNER_TIMING = Object.freeze({ heartbeatMs: 10_000, staleMs: 60_000 });

/** The process that owns the state file. */
export interface StateOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: number;
  readonly heartbeatAt: number;
}

/** Another live process owns the state file: this one must not start. */
export class StateFileBusyError extends Error {
  override readonly name = 'StateFileBusyError';
  constructor(
    readonly file: string,
    readonly owner: StateOwner,
  ) {
    super(
      `the state file ${file} is in use by another interview-bot process (pid ${owner.pid} on ${owner.host}, started ${new Date(owner.startedAt).toISOString()}); ` +
        'stop that one first, or give this one its own DATABASE_FILE. (Several hosts sharing one state need a server database, not one file.)',
    );
  }
}

export interface ClaimOptions {
  readonly file: string;
  readonly pid: number;
  readonly host: string;
  /** Milliseconds since the epoch (the injected clock). */
  readonly now: () => number;
  /** Whether a process with this pid runs on this host (process.kill(pid, 0) in production). */
  readonly isAlive: (pid: number) => boolean;
  readonly timing?: Partial<typeof STATE_OWNER_TIMING>;
}

export interface StateOwnership {
  /** Refreshes the heartbeat; false if another process took the file over meanwhile. */
  beat(): boolean;
  /** Gives the file up (the row is removed if it is still ours). */
  release(): void;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS state_owner (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
)`;

interface OwnerRow {
  pid: number;
  host: string;
  started_at: number;
  heartbeat_at: number;
}

/**
 * Takes ownership of the state file: one row, written in an IMMEDIATE transaction so that two
 * processes starting together cannot both win. Throws {@link StateFileBusyError} while another live
 * process owns it. The shards of one DISCORD_SHARDS run are one owner: only the process that starts
 * them claims the file.
 */
export function claimStateFile(db: Database.Database, options: ClaimOptions): StateOwnership {
  const timing = { ...STATE_OWNER_TIMING, ...options.timing };
  // At start-up nothing is served yet: wait out another program's brief lock instead of failing.
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 5000');
  try {
    db.exec(SCHEMA);
  } catch (error) {
    db.pragma(`busy_timeout = ${busy}`);
    throw error;
  }
  const read = db.prepare('SELECT pid, host, started_at, heartbeat_at FROM state_owner WHERE id = 1');
  const write = db.prepare(
    `INSERT INTO state_owner (id, pid, host, started_at, heartbeat_at) VALUES (1, @pid, @host, @at, @at)
     ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
  );
  const mine = { pid: options.pid, host: options.host };
  try {
    claim();
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
  function claim(): void {
    db.transaction(() => {
      const row = read.get() as OwnerRow | undefined;
      if (row && !(row.pid === mine.pid && row.host === mine.host)) {
        const fresh = options.now() - row.heartbeat_at < timing.staleMs;
        const alive = row.host !== mine.host || options.isAlive(row.pid);
        if (fresh && alive)
          throw new StateFileBusyError(options.file, { pid: row.pid, host: row.host, startedAt: row.started_at, heartbeatAt: row.heartbeat_at });
      }
      write.run({ ...mine, at: options.now() });
    }).immediate();
  }
  const beat = db.prepare('UPDATE state_owner SET heartbeat_at = ? WHERE id = 1 AND pid = ? AND host = ?');
  const remove = db.prepare('DELETE FROM state_owner WHERE id = 1 AND pid = ? AND host = ?');
  return {
    beat: () => beat.run(options.now(), mine.pid, mine.host).changes === 1,
    release: () => {
      if (db.open) remove.run(mine.pid, mine.host);
    },
  };
}

/**
 * process.kill(pid, 0): true while the process exists (EPERM: it exists, owned by someone else) — but
 * not a zombie: a process killed with SIGKILL keeps its pid until its parent reaps it, which in a
 * container whose first process does not reap may be never; on Linux /proc tells a zombie apart.
 */
export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may hold spaces and parentheses, the state follows the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false; // no /proc (not Linux), or the process just went: kill(pid, 0) answered already
  }
}
