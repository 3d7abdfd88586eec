import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '../../src/core/store.ts';
import { createToken } from '../../src/dashboard/auth.ts';
import { SqliteDashboardData } from '../../src/store/sqlite/sqlite-dashboard-data.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { consoleStartEnv, MINI_DIR, ROOT, until, useChildProcesses, useFolders } from '../support/core-harness.ts';

/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against the real
 * bot (`src/host/main.ts`, the console chat, DASHBOARD_PORT set): a maintainer opens the printed
 * link, sees a question the bot missed, accepts its candidate alias, and the same question asked
 * again in the console gets the answer. Hostile questions render as text, a request without the
 * link gets 401, an expired link is refused. Screenshots of every page go to docs/dashboard/.
 *
 * Chromium must be installed (.ci/setup.d/20-chromium.sh does it): without it this test fails.
 */
const CHROMIUM = '/usr/bin/chromium';
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SHOTS = path.join(ROOT, 'docs/dashboard');
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)> bake bread';
const DAY_MS = 86_400_000;

const folder = useFolders('dashboard-e2e-');
const track = useChildProcesses();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** A month of use before today, so the Overview's plots have something to show. */
function seedHistory(file: string): void {
  const store = openSqliteStore(file);
  try {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    const questions: [string, Outcome, string | null, number][] = [
      ['what is the GIL', 'answer', 'test-gil', 0.93],
      ['what is a decorator', 'answer', 'test-decorator', 0.9],
      ['shallow copy', 'answer', 'plain-notes#shallow-copy', 0.85],
      ['interpreter lock or decorator', 'suggest', null, 0.5],
      ['how do I bake bread', 'decline', null, 0.1],
    ];
    for (let d = 29; d >= 1; d--) {
      const n = 6 + rnd(10);
      for (let i = 0; i < n; i++) {
        const [query, outcome, entryId, score] = questions[rnd(questions.length)]!;
        const at = today - d * DAY_MS + 9 * 3_600_000 + i * 60_000;
        const id = store.questions.record({ at, platform: 'slack', workspace: 'T-team', channel: 'C-interviews', user: `U${rnd(8)}`, query, outcome, entryId, score });
        if (outcome === 'answer' && rnd(3) === 0) store.questions.feedback(id, `U${rnd(8)}`, rnd(5) === 0 ? 'down' : 'up', at + 30_000);
      }
      const posted = today - d * DAY_MS + 9 * 3_600_000;
      store.db
        .prepare(`INSERT INTO daily_posts (platform, workspace, channel, day, entry_id, lang, posted_at, sent_at) VALUES ('slack', 'T-team', 'C-interviews', ?, ?, 'en', ?, ?)`)
        .run(new Date(posted).toISOString().slice(0, 10), d % 2 ? 'test-gil' : 'test-decorator', posted, posted);
      if (d % 3 === 0) {
        const quiz = `q${d}`;
        store.db
          .prepare(`INSERT INTO quiz_runs (id, platform, workspace, channel, lang, topic, mode, started_by, started_at, questions, ended_at, end_reason) VALUES (?, 'discord', 'G-guild', 'C-practice', 'en', NULL, 'quiz', 'U1', ?, 5, ?, 'done')`)
          .run(quiz, posted + 3_600_000, posted + 3_900_000);
        for (const [user, name, points] of [
          ['U1', 'Ada', 3],
          ['U2', 'Lin', 2],
        ] as const)
          store.db
            .prepare(`INSERT INTO quiz_awards (quiz_id, item, platform, workspace, user, name, entry_id, topic, points, at) VALUES (?, 1, 'discord', 'G-guild', ?, ?, 'test-gil', 'concurrency', ?, ?)`)
            .run(quiz, user, name, points, posted + 3_700_000);
      }
    }
    store.db
      .prepare(`INSERT INTO daily_schedules (platform, workspace, channel, time, time_zone, topic, lang, set_by, set_at) VALUES ('slack', 'T-team', 'C-interviews', '09:30', 'Asia/Shanghai', NULL, 'en', 'U1', ?)`)
      .run(today - 30 * DAY_MS);
  } finally {
    store.close();
  }
}

interface Bot {
  readonly child: ChildProcessWithoutNullStreams;
  output(): string;
  type(line: string, expectText: RegExp): Promise<string>;
}

async function startBot(env: NodeJS.ProcessEnv): Promise<Bot> {
  const child = track(spawn(TSX, [path.join(ROOT, 'src/host/main.ts')], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })) as ChildProcessWithoutNullStreams;
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', d => (out += d));
  child.stderr.setEncoding('utf8').on('data', d => (err += d));
  await until(() => out.includes('Interview bot ready') || child.exitCode !== null, 45_000).catch(() => undefined);
  if (!out.includes('Interview bot ready')) throw new Error(`the bot did not start: ${err || out}`);
  return {
    child,
    output: () => out,
    async type(line, expectText) {
      const before = out.length;
      child.stdin.write(line + '\n');
      await until(() => expectText.test(out.slice(before)), 20_000).catch(() => {
        throw new Error(`no ${expectText} after typing ${line}: ${out.slice(before)} ${err}`);
      });
      return out.slice(before);
    },
  };
}

describe('the dashboard in Chromium, against the running bot', () => {
  let browser: Browser | undefined;
  let bot: Bot;
  let base: string;
  let link: string;
  let dbFile: string;
  const cspViolations: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium (bash .ci/setup.d/20-chromium.sh). This test does not skip.`);
    const dir = folder(Object.fromEntries(fs.readdirSync(MINI_DIR).map(f => [`notes/${f}`, fs.readFileSync(path.join(MINI_DIR, f))])));
    dbFile = path.join(dir, 'bot.sqlite');
    seedHistory(dbFile);
    const port = await freePort();
    const env = consoleStartEnv({ knowledgeDir: path.join(dir, 'notes'), databaseFile: dbFile }, { DASHBOARD_PORT: String(port), DASHBOARD_HOST: '127.0.0.1' });
    [bot, browser] = await Promise.all([
      startBot(env),
      chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] }),
    ]);
    base = `http://127.0.0.1:${port}`;
    const printed = await promisify(execFile)(TSX, [path.join(ROOT, 'src/cli/index.ts'), 'dashboard-link', '--hours', '1'], { cwd: ROOT, env });
    link = printed.stdout.trim();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (bot && bot.child.exitCode === null) {
      bot.child.stdin.end('/quit\n');
      await until(() => bot.child.exitCode !== null, 10_000).catch(() => undefined);
    }
  });

  const newPage = async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('console', m => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('dialog', d => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return page;
  };

  it('prints a link to the dashboard the bot serves on 127.0.0.1', () => {
    expect(link).toMatch(new RegExp(`^${base.replace(/\./g, '\\.')}/login\\?t=[\\w-]+\\.[\\w-]+$`));
  });

  it('answers 401 without the link, and refuses an expired link', async () => {
    const page = await newPage();
    const denied = await page.goto(`${base}/misses`);
    expect(denied!.status()).toBe(401);
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign-in needed');
    const store = openSqliteStore(dbFile);
    const secret = new SqliteDashboardData(store.db).signingSecret();
    store.close();
    const expired = await page.goto(`${base}/login?t=${createToken(secret, Date.now() - 1000)}`);
    expect(expired!.status()).toBe(401);
    await expect(page.locator('h1').textContent()).resolves.toBe('Link expired');
    expect((await page.context().cookies()).length).toBe(0);
    await page.context().close();
  });

  it('teaches the bot in a click: a missed question is answered in the console after Accept', async () => {
    // In the console: a question the bot is unsure about, and the person picks a suggestion by number.
    const suggested = await bot.type('decorator gil', /Did you mean/);
    const options = [...suggested.matchAll(/^\s*\[(\d)\] (.+)$/gm)].map(m => ({ n: m[1]!, title: m[2]!.trim() }));
    const gil = options.find(o => /GIL/.test(o.title))!;
    expect(gil).toBeDefined();
    await bot.type(gil.n, /Source: gil\.md/);
    await bot.type(HOSTILE, /nothing that answers/);

    const page = await newPage();
    const opened = await page.goto(link);
    expect(opened!.status()).toBe(200);
    expect(page.url()).toBe(`${base}/`);
    await page.locator('#chart-questions[data-drawn="true"]').waitFor();
    await page.locator('#chart-channels[data-drawn="true"]').waitFor();
    expect(await page.locator('#chart-questions canvas').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true });

    await page.click('nav >> text=Misses');
    const row = page.locator('tr.candidate', { hasText: 'decorator gil' });
    await expect(row.locator('td.alias').textContent()).resolves.toBe('decorator gil');
    await expect(row.textContent()).resolves.toContain('What is the GIL?');
    // The hostile question is shown as the text it is: no element, no script run.
    await expect(page.locator('td.query', { hasText: '<script>alert(1)</script>' }).first().textContent()).resolves.toBe(HOSTILE);
    expect(await page.locator('main img').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'misses.png'), fullPage: true });

    await row.locator('button.accept').click();
    await expect(page.locator('.notice').textContent()).resolves.toContain('Alias accepted');
    await expect(page.locator('tr.candidate', { hasText: 'decorator gil' }).getAttribute('data-status')).resolves.toBe('accepted');

    // The same question in the console is now answered, with no restart.
    const answered = await bot.type('decorator gil', /Source: /);
    expect(answered).toContain('What is the GIL?');
    expect(answered).not.toContain('Did you mean');
    await page.context().close();
  }, 120_000);

  it('shows the other pages (Try a question explains the answer), with no script run and no CSP violation', async () => {
    const page = await newPage();
    await page.goto(link);
    await page.click('nav >> text=Try a question');
    await page.fill('#q', 'decorator gil');
    await page.click('form.try button');
    await expect(page.locator('.outcome').getAttribute('data-outcome')).resolves.toBe('answer');
    expect(await page.locator('section', { hasText: "the question's units" }).locator('tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'try.png'), fullPage: true });
    await page.goto(`${base}/try?q=${encodeURIComponent(HOSTILE)}`);
    await expect(page.locator('#q').inputValue()).resolves.toBe(HOSTILE);
    await page.click('nav >> text=Notes');
    await expect(page.locator('table.notes tbody tr').count()).resolves.toBe(5);
    await page.screenshot({ path: path.join(SHOTS, 'notes.png'), fullPage: true });
    await page.click('nav >> text=Quizzes and daily');
    await expect(page.locator('main').textContent()).resolves.toContain('Ada');
    await page.screenshot({ path: path.join(SHOTS, 'quizzes.png'), fullPage: true });
    await page.context().close();
    expect(dialogs).toEqual([]);
    expect(cspViolations).toEqual([]);
  }, 120_000);

  it('stops with the bot: /quit exits 0 and the dashboard stops listening', async () => {
    bot.child.stdin.write('/quit\n');
    await until(() => bot.child.exitCode !== null, 20_000);
    expect(bot.child.exitCode).toBe(0);
    await expect(fetch(`${base}/`)).rejects.toThrow();
  }, 30_000);
});
