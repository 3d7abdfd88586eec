import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { endOf, useChildProcesses } from './core-harness.ts';

const track = useChildProcesses();

describe('endOf (how the process tests wait for a child)', () => {
  it('gives the exit code once the pipes are read to the end', async () => {
    const child = track(spawn('sh', ['-c', 'echo last line; exit 3'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', d => (out += d));
    const end = await endOf(child);
    expect(end.code).toBe(3);
    expect(out).toBe('last line\n');
  });

  it('does not wait for a descendant that keeps an inherited pipe open', async () => {
    // The background sleep holds stdout for 30 s after the shell exits: 'close' would wait for it.
    const child = track(spawn('sh', ['-c', 'sleep 30 & exit 4'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
    child.stdout!.resume();
    const started = Date.now();
    const end = await endOf(child, 300);
    expect(end.code).toBe(4);
    expect(Date.now() - started).toBeLessThan(5_000);
    process.kill(-child.pid!, 'SIGKILL'); // the sleep, in the shell's process group
  });
});
