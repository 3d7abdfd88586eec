import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The compiled bot, as "Running it in production" in the README runs it: `npm run build`, then
 * `node dist/cli/index.js` and `node dist/host/main.js`. The build goes to a temp folder under
 * node_modules/.cache (so the packages still resolve, and dist/ of the work tree is not touched);
 * the install without dev dependencies is checked by scripts/check-production-build.sh, as it
 * takes longer than this whole suite should.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
let out: string;

beforeAll(async () => {
  fs.mkdirSync(path.join(ROOT, 'node_modules/.cache'), { recursive: true });
  out = fs.mkdtempSync(path.join(ROOT, 'node_modules/.cache/interview-bot-build-'));
  await run('npm', ['run', '--silent', 'build', '--', '--outDir', path.join(out, 'dist')], { cwd: ROOT, timeout: 170_000 });
}, 180_000);
afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

const env = () => {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|SHARD|KNOWLEDGE_DIR$|DATABASE_FILE$|LOG_LEVEL$|HEALTH_)/.test(k)));
  return { ...base, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'), SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
};

describe('npm run build', () => {
  it('compiles every module, with .js imports (no .ts left for node to trip on)', () => {
    const dist = path.join(out, 'dist');
    for (const file of ['host/main.js', 'cli/index.js', 'host/knowledge-watcher.js', 'host/health-server.js', 'adapters/slack/start-slack.js', 'adapters/discord/shard-entry.js']) {
      expect(fs.existsSync(path.join(dist, file)), file).toBe(true);
    }
    const main = fs.readFileSync(path.join(dist, 'host/main.js'), 'utf8');
    expect(main).toMatch(/import\(["']\.\.\/adapters\/slack\/start-slack\.js["']\)/);
    expect(main).not.toMatch(/from '\.[^']*\.ts'/);
  });

  it('carries no benchmark code (the benchmarks live in bench/, run by `npm run bench` only)', () => {
    const dist = path.join(out, 'dist');
    const files = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' });
    expect(files.filter(f => /(^|\/)bench(\/|\.js$)/.test(f))).toEqual([]);
    expect(fs.readFileSync(path.join(dist, 'cli/index.js'), 'utf8')).not.toContain('bench');
  });

  it('the compiled CLI answers: node dist/cli/index.js ask --json "GIL"', async () => {
    const { stdout } = await run(process.execPath, [path.join(out, 'dist/cli/index.js'), 'ask', '--json', 'GIL'], { cwd: ROOT, env: env(), timeout: 30_000 });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ query: 'GIL', outcome: 'answer', answer: { id: 'python-gil' } });
  });

  it('node dist/host/main.js starts the console chat, answers, and exits 0 on SIGTERM', { timeout: 60_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-build-'));
    try {
      const child = spawn(process.execPath, [path.join(out, 'dist/host/main.js')], { cwd: ROOT, env: { ...env(), DATABASE_FILE: path.join(dir, 'bot.sqlite'), CONSOLE_LOG_LEVEL: 'info' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', d => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', d => (stderr += d));
      const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
      const until = async (test: () => boolean, what: string) => {
        const start = Date.now();
        while (!test()) {
          if (Date.now() - start > 20_000 || child.exitCode !== null) throw new Error(`no ${what}:\n${stderr}`);
          await new Promise(r => setTimeout(r, 25));
        }
      };
      try {
        await until(() => stdout.includes('> '), 'prompt');
        expect(stdout).toMatch(/^Interview bot ready \(\d+ entries\)/);
        child.stdin.write('what is the GIL\n');
        await until(() => stdout.includes('global interpreter lock'), 'answer');
        const sent = Date.now();
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
        expect(Date.now() - sent).toBeLessThan(10_000);
        expect(stderr).toContain('"msg":"stopped"');
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
