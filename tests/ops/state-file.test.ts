import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { consoleStartEnv, MINI_DIR, ROOT, until, useChildProcesses, useTempDirs } from '../support/core-harness.ts';

/**
 * The state file at start-up, as `npm start` meets it: a second process on the same DATABASE_FILE
 * (a second `npm start` by mistake, an overlapping deploy) refuses to start, naming the file and the
 * owner's pid, instead of closing the first one's quizzes; a process killed with -9 leaves nothing
 * that blocks the next start; a damaged file is named with how to recover and stops with exit 78.
 */
const tempDir = useTempDirs();
const track = useChildProcesses();
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface Bot {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

function start(databaseFile: string): Bot {
  const child = track(
    spawn(TSX, [path.join(ROOT, 'src/main.ts')], { cwd: ROOT, detached: true, env: consoleStartEnv({ knowledgeDir: MINI_DIR, databaseFile }), stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', d => (out += d));
  child.stderr!.setEncoding('utf8').on('data', d => (err += d));
  child.stdin!.on('error', () => undefined);
  return { child, stdout: () => out, stderr: () => err, exited: new Promise(resolve => child.on('exit', code => resolve(code))) };
}

const ownerPid = (file: string): number | undefined => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT pid FROM state_owner WHERE id = 1').get() as { pid: number } | undefined)?.pid;
  } finally {
    db.close();
  }
};

describe('one owner of the state file', () => {
  it('a second process refuses to start, naming the file and the owner pid; after kill -9 of the owner the next start takes over', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir('ib-owner-'), 'state.sqlite');
    const first = start(file);
    await until(() => first.stdout().includes('> ') || first.child.exitCode !== null, 30_000);
    const owner = ownerPid(file);
    expect(owner).toBeGreaterThan(0);

    const second = start(file);
    expect(await second.exited).toBe(75);
    expect(second.stderr()).toContain(`the state file ${file} is in use by another interview-bot process (pid ${owner}`);
    expect(second.stderr()).not.toMatch(/\n\s+at /); // no stack trace
    expect(first.child.exitCode).toBeNull(); // the first one is untouched and still running
    expect(ownerPid(file)).toBe(owner);

    process.kill(owner!, 'SIGKILL');
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.exited;
    const third = start(file);
    await until(() => third.stdout().includes('> ') || third.child.exitCode !== null, 30_000);
    expect(third.child.exitCode).toBeNull();
    expect(ownerPid(file)).not.toBe(owner);
    third.child.stdin!.end('/quit\n');
    expect(await third.exited).toBe(0);
    // A clean stop gives the file up.
    expect(ownerPid(file)).toBeUndefined();
  });

  it('a damaged state file: named, with the problem and how to recover, exit 78, the file untouched, no stack trace', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir('ib-damaged-'), 'state.sqlite');
    const garbage = Buffer.alloc(64 * 1024, 0x5a);
    fs.writeFileSync(file, garbage);
    const bot = start(file);
    bot.child.stdin!.end();
    expect(await bot.exited).toBe(78);
    expect(bot.stderr()).toContain(`cannot use the state file ${file}`);
    expect(bot.stderr()).toMatch(/not a SQLite database/);
    expect(bot.stderr()).toContain(`mv ${file} ${file}.broken`);
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });
});
