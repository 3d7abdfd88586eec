import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away PostgreSQL cluster for one test file: `initdb` into a temporary folder, `pg_ctl start`
 * on a free loopback port (no TCP outside 127.0.0.1, a Unix socket in the folder), about a second or
 * two, and `pg_ctl stop -m immediate` plus the folder removed at the end. PostgreSQL refuses to run as
 * root, so under root every command runs as the `postgres` user (`runuser`), who owns the folder.
 *
 * Where PostgreSQL is missing: in CI (`CI` set, as `.ci/run` does) {@link startPostgres} throws a clear
 * error, so the run fails; elsewhere the suite is skipped with one loud line ({@link POSTGRES}).
 */

export interface PostgresAvailability {
  /** The folder with initdb, pg_ctl and postgres, or undefined when PostgreSQL is not installed. */
  readonly bindir: string | undefined;
  /** True in CI: a missing or broken PostgreSQL fails the run instead of skipping. */
  readonly required: boolean;
  /** Run the PostgreSQL tests: PostgreSQL is installed, or CI requires them (and fails without it). */
  readonly run: boolean;
}

function findBindir(): string | undefined {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config on PATH: look where Debian puts the server
  }
  try {
    for (const v of fs.readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(path.join('/usr/lib/postgresql', v, 'bin'));
  } catch {
    // not Debian's layout
  }
  return candidates.find(dir => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')));
}

function availability(): PostgresAvailability {
  const bindir = findBindir();
  const required = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
  if (!bindir && !required) {
    process.stderr.write('\n*** skipped: no PostgreSQL (initdb/pg_ctl not found; apt-get install -y postgresql) — the PostgreSQL store tests did not run ***\n\n');
  }
  return { bindir, required, run: Boolean(bindir) || required };
}

export const POSTGRES: PostgresAvailability = availability();

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  /** A fresh empty database on the cluster; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (an outage); {@link TestPostgres.resume} starts it again on the same port. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL program (as the postgres user when we are root); throws with its output on failure. */
function pgRun(bindir: string, program: string, args: readonly string[], what: string): void {
  const exe = path.join(bindir, program);
  const result = isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', exe, ...args], { encoding: 'utf8' }) : spawnSync(exe, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`PostgreSQL could not be started for the tests (${what} failed${result.error ? `: ${result.error.message}` : ''}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
}

/** Starts a cluster; throws a clear error when PostgreSQL is missing or does not start. */
export async function startPostgres(): Promise<TestPostgres> {
  const bindir = POSTGRES.bindir;
  if (!bindir) {
    throw new Error('PostgreSQL is required in CI but initdb/pg_ctl were not found: .ci/setup.d/10-postgresql.sh installs Debian\'s postgresql package');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pg-test-'));
  const data = path.join(dir, 'data');
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  pgRun(bindir, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions'], 'initdb');
  let port = 0;
  let options = '';
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    options = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${dir}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
      '-c shared_buffers=32MB',
    ].join(' ');
    try {
      pgRun(bindir, 'pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '20', 'start'], 'pg_ctl start');
      break;
    } catch (error) {
      if (attempt >= 2) {
        const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8') : '';
        fs.rmSync(dir, { recursive: true, force: true });
        throw new Error(`${(error as Error).message}\n${log}`);
      }
    }
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stopped = false;
  let counter = 0;
  return {
    url,
    port,
    async createDatabase(name = `t${process.pid}_${++counter}_${Math.floor(Math.random() * 1e6)}`) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    pause() {
      // fast, not immediate: with synchronous_commit off, a crash may lose the last commits.
      pgRun(bindir, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], 'pg_ctl stop');
    },
    resume() {
      pgRun(bindir, 'pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '20', 'start'], 'pg_ctl start');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        pgRun(bindir, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
      } catch {
        // already stopped (a test paused it)
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
