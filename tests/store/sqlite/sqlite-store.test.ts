import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Invocation } from '../../../src/core/commands/command-spec.ts';
import { UserError } from '../../../src/core/errors.ts';
import { t } from '../../../src/core/messages.ts';
import { openSqliteStore, StateFileError, type SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { SQLITE_LOCK } from '../../../src/store/sqlite/write-behind.ts';
import { RecordingLogger, ROOT, useTempDirs, useTestCores } from '../../support/core-harness.ts';

/**
 * The state file as a deployment meets it: a full disk or a locked database must not fail an answer
 * (the question log is bookkeeping), and a file that is not a database must be named, with how to
 * recover, and left untouched.
 */

const tempDir = useTempDirs();
const makeCore = useTestCores();

const who: Invocation = { platform: 'slack', workspace: 'T1', channel: 'C1', lang: 'en', user: { id: 'U1', canManage: false } };
const questionsIn = (store: SqliteStore) => Number(store.db.prepare('SELECT COUNT(*) FROM questions').pluck().get());
/** Caps the file at the pages it has: every insert that needs a new page fails with SQLITE_FULL, like a full disk. */
const fillDisk = (store: SqliteStore) => store.db.pragma(`max_page_count = ${Number(store.db.pragma('page_count', { simple: true }))}`);

describe('the question log cannot be written (full disk)', () => {
  it('answers every question, logs the failure once a minute, keeps the records and writes them when it can', async () => {
    const logger = new RecordingLogger();
    let now = Date.UTC(2025, 0, 6, 9);
    const store = openSqliteStore(path.join(tempDir('ib-full-'), 'state.sqlite'), { logger, now: () => now, lock: { retryDelaysMs: [60_000] } });
    const { core } = makeCore({ store, logger: new RecordingLogger() });
    fillDisk(store);
    // Fill what room the pages still have, so that the next question needs a page the "disk" cannot give.
    const pad = store.db.prepare("INSERT INTO questions (id, at, platform, workspace, channel, user, query, outcome, entry_id, score) VALUES (?, 0, 'x', 'x', 'x', 'x', ?, 'decline', NULL, 0)");
    for (let i = 0; ; i++) {
      try {
        pad.run(`pad${i}`, 'p'.repeat(20));
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
        break;
      }
    }
    const before = questionsIn(store);

    for (let i = 0; i < 30; i++) {
      const [reply] = await core.dispatcher.handle(who, { kind: 'command-text', name: 'ask', text: `what is the GIL ${'x'.repeat(300)} ${i}` });
      expect(reply!.body).not.toBe(t('en', 'error.internal'));
      expect(reply!.title ?? reply!.body).toMatch(/GIL/);
    }
    const warnings = () => logger.records.filter(r => r.level === 'warn' && /cannot be written/.test(r.message ?? ''));
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.context).toMatchObject({ what: 'question log', code: 'SQLITE_FULL' });
    expect(store.writes.pending).toBe(30);

    now += SQLITE_LOCK.logEveryMs - 1;
    expect(store.writes.flush()).toBe(false);
    expect(warnings()).toHaveLength(1);
    now += 2;
    expect(store.writes.flush()).toBe(false);
    expect(warnings()).toHaveLength(2);
    expect(warnings()[1]!.context).toMatchObject({ failures: 32 });

    // Space again: the kept questions are written, in one go, and recording goes on directly.
    store.db.pragma('max_page_count = 1073741823');
    expect(store.writes.flush()).toBe(true);
    expect(questionsIn(store)).toBe(before + 30);
    await core.dispatcher.handle(who, { kind: 'command-text', name: 'ask', text: 'what is the GIL' });
    expect(questionsIn(store)).toBe(before + 31);
    expect(store.writes.pending).toBe(0);
    expect(logger.records.some(r => r.level === 'info' && /resumed/.test(r.message ?? ''))).toBe(true);
  });

  it('a vote (someone waits for it) on a locked file is "busy, try again", not an internal error', async () => {
    const dir = tempDir('ib-busy-');
    const file = path.join(dir, 'state.sqlite');
    const store = openSqliteStore(file);
    const { core } = makeCore({ store });
    const [answer] = await core.dispatcher.handle(who, { kind: 'command-text', name: 'ask', text: 'what is the GIL' });
    const vote = answer!.buttons?.find(b => b.action.startsWith('fb:up:'))?.action;
    expect(vote).toBeDefined();
    const other = openSqliteStore(file);
    other.db.prepare('BEGIN IMMEDIATE').run();
    try {
      const started = performance.now();
      const [reply] = await core.dispatcher.handle(who, { kind: 'action', action: vote! });
      expect(performance.now() - started).toBeLessThan(500);
      expect(reply!.body).toBe(t('en', 'error.state-busy'));
    } finally {
      other.db.prepare('ROLLBACK').run();
      other.close();
    }
  });
});

describe('a state file that cannot be used', () => {
  it('names the file and the problem, says how to recover, and leaves the file untouched', () => {
    const dir = tempDir('ib-corrupt-');
    const file = path.join(dir, 'state.sqlite');
    const garbage = Buffer.from('this is not a database, it is a note someone saved here\n'.repeat(200));
    fs.writeFileSync(file, garbage);
    let error: unknown;
    try {
      openSqliteStore(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StateFileError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toMatch(/not a SQLite database/);
    expect(message).toMatch(/left untouched/);
    expect(message).toContain(`mv ${file} ${file}.broken`);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('a folder where the file should be is named too', () => {
    const dir = tempDir('ib-folder-');
    expect(() => openSqliteStore(dir)).toThrow(new RegExp(`state file ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*not a file`));
  });
});

describe('PRAGMA busy_timeout', () => {
  it('a write waits out a short lock held by another process instead of failing', async () => {
    const file = path.join(tempDir('ib-brief-'), 'state.sqlite');
    const store = openSqliteStore(file);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(SQLITE_LOCK.busyTimeoutMs);
    // Another process takes the write lock for 8 ms, says so, lets it go, and again, ten times.
    const holder = `
      const Database = require('better-sqlite3');
      const db = new Database(process.argv[1]);
      db.pragma('busy_timeout = 5000');
      const spin = ms => { const end = performance.now() + ms; while (performance.now() < end); };
      for (let i = 0; i < 10; i++) { db.prepare('BEGIN IMMEDIATE').run(); process.stdout.write('L'); spin(8); db.prepare('COMMIT').run(); spin(40); }
    `;
    const child = spawn(process.execPath, ['-e', holder, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const results: boolean[] = [];
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      for (let i = 0; i < chunk.length; i++) {
        try {
          store.daily.setSchedule({ channel: { platform: 'slack', workspace: 'T', channel: `C${results.length}` }, time: '09:00', timeZone: 'UTC', topic: null, lang: 'en', setBy: 'U', setAt: 0 });
          results.push(true);
        } catch {
          results.push(false);
        }
      }
    });
    expect(await new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))).toBe(0);
    store.close();
    expect(results).toHaveLength(10);
    expect(results.filter(ok => !ok)).toEqual([]);
  });
});

describe('the daily claim takes the write lock before it reads (IMMEDIATE)', () => {
  it('while one process is between reading the rotation and writing its claim, another process cannot claim the same day', () => {
    const file = path.join(tempDir('ib-claim-'), 'state.sqlite');
    const a = openSqliteStore(file);
    const b = openSqliteStore(file);
    try {
      const claim = { channel: { platform: 'slack' as const, workspace: 'T1', channel: 'C1' }, day: '2026-01-10', lang: 'en' as const, at: 0, revealAt: null };
      const rotation = (id: string) => ({ entryId: id, rotation: { cycle: 0, queue: [], posted: [id] } });
      let other: unknown;
      const post = a.daily.claimPost(claim, () => {
        // The other process claims the same channel and day in the middle of this claim.
        try {
          other = b.daily.claimPost(claim, () => rotation('from-b'));
        } catch (error) {
          other = error;
        }
        return rotation('from-a');
      });
      expect(post?.entryId).toBe('from-a');
      expect(other).toBeInstanceOf(UserError);
      expect((other as UserError).code).toBe('state-busy');
      // And once the first claim is done, the day is taken for the other process too.
      expect(b.daily.claimPost(claim, () => rotation('from-b'))).toBeUndefined();
      expect(b.daily.rotation(claim.channel)?.posted).toEqual(['from-a']);
    } finally {
      b.close();
      a.close();
    }
  });
});
