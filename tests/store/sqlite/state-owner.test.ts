import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { until } from '../../support/core-harness.ts';
import { claimStateFile, pidIsAlive, STATE_OWNER_TIMING, StateFileBusyError } from '../../../src/store/sqlite/state-owner.ts';

/** The owner row: who may write the state file, decided with a fake clock and a fake "is that pid alive". */
describe('claimStateFile', () => {
  const base = { file: '/srv/bot/state.sqlite', host: 'h1' };
  const open = () => new Database(':memory:');

  it('refuses while a live owner beats; takes over a dead pid at once, or a silent owner after staleMs', () => {
    const db = open();
    let now = 1_000_000;
    const alive = new Set([100]);
    const claim = (pid: number, host = 'h1') => claimStateFile(db, { ...base, host, pid, now: () => now, isAlive: p => alive.has(p) });
    const first = claim(100);
    expect(() => claim(200)).toThrow(StateFileBusyError);
    expect(() => claim(200)).toThrow(/state file \/srv\/bot\/state\.sqlite is in use by another interview-bot process \(pid 100 on h1/);
    // Another host's owner cannot be checked by pid: it counts while its heartbeat is fresh.
    expect(() => claim(300, 'h2')).toThrow(StateFileBusyError);
    now += STATE_OWNER_TIMING.staleMs - 1;
    expect(first.beat()).toBe(true);
    now += STATE_OWNER_TIMING.staleMs - 1;
    expect(() => claim(200)).toThrow(StateFileBusyError);
    // kill -9: the pid is gone, the next process takes over without waiting.
    alive.delete(100);
    const second = claim(200);
    expect(first.beat()).toBe(false); // the old owner learns it lost the file
    alive.add(200);
    now += STATE_OWNER_TIMING.staleMs;
    // Alive by pid but silent for staleMs (hung, or the pid was reused): taken over.
    claim(300);
    expect(second.beat()).toBe(false);
    db.close();
  });

  it('release gives the file up only if it is still ours', () => {
    const db = open();
    const now = () => 5;
    const a = claimStateFile(db, { ...base, pid: 1, now, isAlive: () => false });
    claimStateFile(db, { ...base, pid: 2, now, isAlive: () => false });
    a.release();
    expect(db.prepare('SELECT pid FROM state_owner').pluck().get()).toBe(2);
    db.close();
  });
});

describe('pidIsAlive', () => {
  it('is true for a running process and false for a zombie (killed, not yet reaped: its pid still answers signals)', async () => {
    expect(pidIsAlive(process.pid)).toBe(true);
    // `sleep 0` ends at once and is never reaped: `exec sleep 5` replaced the shell that would have.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number(await new Promise<string>(resolve => parent.stdout!.once('data', d => resolve(String(d).trim()))));
      await until(() => / Z /.test(fs.readFileSync(`/proc/${zombie}/stat`, 'utf8').slice(-400)), 5000); // `sleep 0` has ended
      expect(() => process.kill(zombie, 0)).not.toThrow(); // the pid still exists…
      expect(pidIsAlive(zombie)).toBe(false); // …but nobody owns anything with it
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
