import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleStartEnv, ROOT, useChildProcesses, useTempDirs } from '../../support/core-harness.ts';

/**
 * The README opens with a console session (`$ npm start` and what follows). This test types the same
 * lines into the real bot (`npm start` over the shipped notes, as a new user would run it) and checks
 * that the README shows what the bot prints, so the first thing a reader sees stays true.
 *
 * In the README's block, a line `> text` is what the person typed. Long answers may be shortened: a
 * line ending in `…` stands for any line that starts with the text before it, and a line that is only
 * `…` stands for any number of lines.
 */

const tempDir = useTempDirs();
const track = useChildProcesses();

const ELLIPSIS = '…';

/** The first ```text block of the README that starts with "$ npm start" (its fence may be longer, for code inside), as lines. */
function readmeTranscript(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /^(`{3,})text\n(\$ npm start\n[\s\S]*?)\n\1$/m.exec(readme);
  if (!block) throw new Error('README.md has no ```text block starting with "$ npm start"');
  return block[2]!.replace(/\n+$/, '').split('\n');
}

/** Runs `npm start` (the console chat) with `lines` on stdin and returns stdout. */
function runConsole(lines: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = tempDir('interview-bot-readme-');
  const child = track(
    spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: consoleStartEnv({ knowledgeDir: path.join(ROOT, 'knowledge'), databaseFile: path.join(dir, 'state.sqlite') }),
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.end(lines.map(l => l + '\n').join(''));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not finish in 60 s:\n${stdout}\n${stderr}`)), 60_000);
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** What a terminal shows: the output with each typed line after the prompt that read it. */
function transcript(stdout: string, typed: readonly string[]): string[] {
  let next = 0;
  const out: string[] = ['$ npm start'];
  for (const line of stdout.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n')) {
    if (line.startsWith('> ') && next < typed.length) {
      out.push(`> ${typed[next++]}`);
      if (line.length > 2) out.push(line.slice(2));
    } else out.push(line);
  }
  return out.map(l => l.trimEnd());
}

/** Whether `shown` (with … shortenings) is a faithful excerpt of `actual`, line by line. */
function matches(shown: readonly string[], actual: readonly string[], i = 0, j = 0): boolean {
  if (i === shown.length) return j === actual.length;
  const want = shown[i]!.trimEnd();
  if (want === ELLIPSIS) {
    for (let k = j; k <= actual.length; k++) if (matches(shown, actual, i + 1, k)) return true;
    return false;
  }
  if (j === actual.length) return false;
  const got = actual[j]!;
  const ok = want.endsWith(ELLIPSIS) ? got.startsWith(want.slice(0, -ELLIPSIS.length).trimEnd()) : got === want;
  return ok && matches(shown, actual, i + 1, j + 1);
}

describe('the README transcript', () => {
  it('is what the bot prints for the same input', { timeout: 90_000 }, async () => {
    const shown = readmeTranscript();
    const typed = shown.filter(l => l.startsWith('> ')).map(l => l.slice(2).trim());
    expect(typed.length, 'the transcript types nothing').toBeGreaterThan(0);
    const run = await runConsole(typed);
    expect(run.code, run.stderr).toBe(0);
    const actual = transcript(run.stdout, typed);
    expect(matches(shown, actual), `README.md shows:\n${shown.join('\n')}\n\nthe bot printed:\n${actual.join('\n')}`).toBe(true);
  });

  it('checks what it claims: a changed line or a missing answer fails', () => {
    const actual = ['$ npm start', 'ready', '', '> hi', 'Title', '───', 'Body one', 'Body two', 'Source: x · confidence 0.90'];
    expect(matches(['$ npm start', 'ready', '', '> hi', 'Title', '───', 'Body one …', ELLIPSIS, 'Source: x …'], actual)).toBe(true);
    expect(matches(['$ npm start', 'ready', '', '> hi', 'Title', ELLIPSIS, 'Source: x · confidence 0.90'], actual)).toBe(true);
    expect(matches(['$ npm start', 'ready', '', '> hi', 'Other title', ELLIPSIS], actual)).toBe(false);
    expect(matches(['$ npm start', 'ready', '', '> hi', 'Title', '───', 'Body one'], actual)).toBe(false);
    expect(matches([...actual, '> more'], actual)).toBe(false);
  });
});
