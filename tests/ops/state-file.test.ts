import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { commandBody, postSigned, TEST_SIGNING_SECRET } from '../adapters/slack/helpers/signed-request.ts';
import { TEST_BOT_TOKEN } from '../adapters/slack/helpers/slack-harness.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { consoleStartEnv, endOf, MINI_DIR, ROOT, until, useChildProcesses, useTempDirs } from '../support/core-harness.ts';
import { jsonLogLines } from '../support/log-lines.ts';

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

function start(databaseFile: string, extra: Record<string, string> = {}): Bot {
  const child = track(
    spawn(TSX, [path.join(ROOT, 'src/host/main.ts')], { cwd: ROOT, detached: true, env: consoleStartEnv({ knowledgeDir: MINI_DIR, databaseFile }, extra), stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', d => (out += d));
  child.stderr!.setEncoding('utf8').on('data', d => (err += d));
  child.stdin!.on('error', () => undefined);
  return { child, stdout: () => out, stderr: () => err, exited: endOf(child).then(end => end.code) };
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

describe('quizzes left open by a process that died', () => {
  it('are closed as interrupted when the bot starts in Slack mode, so the channel can start a new quiz', { timeout: 60_000 }, async () => {
    const file = path.join(tempDir('ib-interrupted-'), 'state.sqlite');
    const seed = openSqliteStore(file);
    expect(seed.quiz.beginQuiz({ id: 'q-dead', platform: 'slack', workspace: 'T1', channel: 'C1', lang: 'en', topic: null, mode: 'quiz', startedBy: 'U1', startedAt: Date.now() - 60_000, questions: 3 })).toBe(true);
    seed.close();
    const fake = await FakeSlack.start({ teamId: 'T1' });
    try {
      const bot = start(file, { SLACK_BOT_TOKEN: TEST_BOT_TOKEN, SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_PORT: '0', SLACK_API_URL: fake.apiUrl, LOG_LEVEL: 'info' });
      const logs = () => jsonLogLines(bot.stderr());
      await until(() => logs().some(l => l.msg === 'ready') || bot.child.exitCode !== null, 30_000);
      expect(bot.child.exitCode).toBeNull();
      const db = new Database(file, { readonly: true });
      try {
        expect(db.prepare("SELECT end_reason FROM quiz_runs WHERE id = 'q-dead'").pluck().get()).toBe('interrupted');
      } finally {
        db.close();
      }
      expect(logs().some(l => l.msg === 'quizzes interrupted by a restart; their awarded points are kept')).toBe(true);
      // The channel is free again: a new quiz starts there.
      const port = logs().find(l => l.msg === 'Slack adapter listening')!.port as number;
      const res = await postSigned(`http://127.0.0.1:${port}/slack/events`, commandBody({ command: '/quiz', text: '', user_id: 'U1', channel_id: 'C1', team_id: 'T1', response_url: fake.responseUrl('quiz') }), { contentType: 'application/x-www-form-urlencoded' });
      expect(res.status).toBe(200);
      await fake.waitFor(c => (c.method === 'chat.postMessage' && c.params.channel === 'C1') || (c.method === 'response_url' && c.responseId === 'quiz'), 10_000, 'the new quiz');
      const runs = new Database(file, { readonly: true });
      try {
        await until(() => Number(runs.prepare("SELECT COUNT(*) FROM quiz_runs WHERE channel = 'C1' AND ended_at IS NULL").pluck().get()) === 1, 10_000);
      } finally {
        runs.close();
      }
      process.kill(-bot.child.pid!, 'SIGTERM');
      await bot.exited;
    } finally {
      await fake.close();
    }
  });
});
