import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { knowledgeDirProblem } from '../../src/core/knowledge/loader.ts';
import { ROOT, useFolders } from '../support/core-harness.ts';
import { FakeDiscord, snowflake } from '../support/fake-discord.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { FAKE_TOKEN } from '../adapters/discord/harness.ts';
import { TEST_SIGNING_SECRET } from '../adapters/slack/helpers/signed-request.ts';

/**
 * The first minutes of a new team: `.env.example` copied unchanged to `.env` gives a quiet, working
 * console chat, and a knowledge folder that cannot work stops start-up with a configuration error.
 */
const folder = useFolders('interview-bot-startup-');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** src/host/main.ts run in `cwd` (where its .env is read) with only what a fresh shell has: no bot setting at all. */
function startIn(cwd: string, input: string, extra: Record<string, string> = {}): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|SHARD|KNOWLEDGE_DIR$|DATABASE_FILE$|LOG_LEVEL$|CONSOLE_LOG_LEVEL$|HEALTH_|QUESTIONS_PER_MINUTE$|QUIZZES_PER_HOUR$|DEFAULT_TIMEZONE$|DAILY_)/.test(k)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [path.join(ROOT, 'src/host/main.ts')], {
      cwd,
      env: { ...base, NO_COLOR: '1', DATABASE_FILE: path.join(cwd, 'bot.sqlite'), ...extra },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d));
    child.on('error', reject);
    child.stdin.on('error', () => undefined);
    child.on('close', code => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');

describe('.env.example copied unchanged to .env', () => {
  it('sets nothing: every setting line is commented out, so no platform turns on by accident', () => {
    const active = example.split('\n').filter(l => /^\s*[A-Z][A-Z0-9_]*=/.test(l));
    expect(active).toEqual([]);
    // Each platform setting is there to uncomment, with what it is for above it.
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_PORT', 'DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']) {
      expect(example).toMatch(new RegExp(`^# ${name}=`, 'm'));
    }
  });

  it('npm start gives a working console chat over the shipped notes, with no log line on the terminal', async () => {
    const dir = folder({ '.env': example });
    const run = await startIn(dir, 'What is the GIL?\n/quit\n');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Interview bot ready \(\d{2,} entries\)/);
    expect(run.stdout).toMatch(/GIL/);
    expect(run.stdout).toContain('Source: ');
    expect(run.stderr).toBe('');
  }, 30_000);

  it('npm start over plain notes (no quiz written by hand): /quiz asks generated questions from the first line on', async () => {
    const notes: Record<string, string> = {};
    for (const t of ['widget', 'sprocket', 'flange', 'gasket', 'bearing', 'bushing'])
      notes[`notes/parts/${t}.md`] = `# What is a ${t}?\n\nA ${t} is a machine part that engineers fit between two other parts so that they wear less and run smoothly for years. Every ${t} is sized to its shaft.\n\n## How is a ${t} made?\n\nA ${t} is cast from bronze, machined on a lathe to a tolerance of a few microns and then polished by hand before it ships. Each ${t} batch is then checked on a **CMM** in a quality lab.\n`;
    const dir = folder({ '.env': example, ...notes });
    const run = await startIn(dir, '/quiz 1\n/quit\n', { KNOWLEDGE_DIR: path.join(dir, 'notes') });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/no quiz questions/i);
    expect(run.stdout).toMatch(/Quiz started: 1 question/);
  }, 30_000);

  it('stays quiet in the console even when .env asks LOG_LEVEL=info for the platforms; CONSOLE_LOG_LEVEL=info shows the logs', async () => {
    const quiet = await startIn(folder({ '.env': example + '\nLOG_LEVEL=info\n' }), '/quit\n');
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    const loud = await startIn(folder({ '.env': example + '\nCONSOLE_LOG_LEVEL=info\n' }), '/quit\n');
    expect(loud.code, loud.stderr).toBe(0);
    expect(loud.stderr).toContain('knowledge loaded');
  }, 30_000);
});

describe('a knowledge folder that cannot work is a configuration error', () => {
  const notes = () => folder({ 'a.md': '# What is a test?\n\nA check.\n' });

  it('names a missing folder, a file, a folder without Markdown in KNOWLEDGE_DIR', () => {
    const missing = path.join(notes(), 'no-such-folder');
    const file = path.join(notes(), 'a.md');
    const empty = folder({ 'readme.txt': 'not markdown', 'sub/.hidden.md': '# hidden' });
    expect(knowledgeDirProblem(notes())).toBeUndefined();
    expect(knowledgeDirProblem(folder({ 'deep/er/b.markdown': '# B' }))).toBeUndefined();
    expect(knowledgeDirProblem(missing)).toBe(`the knowledge folder ${missing} does not exist`);
    expect(knowledgeDirProblem(file)).toBe(`the knowledge folder ${file} is a file, not a folder of Markdown notes`);
    expect(knowledgeDirProblem(empty)).toBe(`the knowledge folder ${empty} has no Markdown (.md) files`);
    for (const dir of [missing, file, empty]) {
      let error: unknown;
      try {
        loadConfig({ KNOWLEDGE_DIR: dir });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([`KNOWLEDGE_DIR: ${knowledgeDirProblem(dir)}`]);
    }
    // On every platform: the check is the configuration's, not the console's.
    expect(() => loadConfig({ KNOWLEDGE_DIR: missing, DISCORD_TOKEN: 'a.b.c', DISCORD_APPLICATION_ID: '123456789012345678' })).toThrow(/KNOWLEDGE_DIR: the knowledge folder .* does not exist/);
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable folder', () => {
    const dir = notes();
    fs.chmodSync(dir, 0o000);
    try {
      expect(knowledgeDirProblem(dir)).toMatch(/cannot be read \(EACCES\)/);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });

  it('npm start with a misspelt KNOWLEDGE_DIR exits 78 with the problem named, no stack trace', async () => {
    const dir = folder({});
    const run = await startIn(dir, 'What is the GIL?\n', { KNOWLEDGE_DIR: path.join(dir, 'knowlege') });
    expect(run.code).toBe(78);
    expect(run.stderr).toContain(`KNOWLEDGE_DIR: the knowledge folder ${path.join(dir, 'knowlege')} does not exist`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  }, 30_000);
});

describe('a platform that refuses its token', () => {
  const quietEnv = (cwd: string) => ({ KNOWLEDGE_DIR: path.join(ROOT, 'tests/fixtures/knowledge-mini'), DATABASE_FILE: path.join(cwd, 'bot.sqlite'), LOG_LEVEL: 'info' });

  it('Slack (auth.test says invalid_auth): exit 78 with one clear line, no stack trace', async () => {
    const slack = await FakeSlack.start({ validTokens: ['xoxb-the-right-one'] });
    try {
      const dir = folder({});
      const run = await startIn(dir, '', { ...quietEnv(dir), SLACK_BOT_TOKEN: 'xoxb-revoked-0000', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_PORT: '0', SLACK_API_URL: slack.apiUrl });
      expect(run.code, run.stderr).toBe(78);
      const plain = run.stderr.split('\n').filter(l => l && !l.startsWith('{'));
      expect(plain).toEqual(['Slack did not start: SLACK_BOT_TOKEN was rejected: copy the Bot User OAuth Token (xoxb-…) again after installing the app to the workspace (invalid_auth)']);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stderr).not.toContain('xoxb-revoked-0000');
    } finally {
      await slack.close();
    }
  }, 30_000);

  it('Discord (401 on login): exit 78 with one clear line, no stack trace', async () => {
    const applicationId = snowflake();
    const discord = await FakeDiscord.start({ applicationId, bot: { id: applicationId, username: 'InterviewBot', bot: true }, guilds: [] });
    try {
      for (let i = 0; i < 5; i++) discord.failNext('GET', /^\/gateway\/bot/, { status: 401, body: { message: '401: Unauthorized', code: 0 } });
      const dir = folder({});
      const run = await startIn(dir, '', { ...quietEnv(dir), DISCORD_TOKEN: FAKE_TOKEN, DISCORD_APPLICATION_ID: applicationId, DISCORD_API_URL: discord.apiUrl });
      expect(run.code, run.stderr).toBe(78);
      const plain = run.stderr.split('\n').filter(l => l && !l.startsWith('{'));
      expect(plain).toEqual(['Discord: DISCORD_TOKEN was not accepted. Reset the token under Developer Portal → your application → Bot, and set it again.']);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stderr).not.toContain(FAKE_TOKEN);
    } finally {
      await discord.close();
    }
  }, 30_000);
});
