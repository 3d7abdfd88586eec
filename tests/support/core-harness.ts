import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach } from 'vitest';
import { createCore, type Core, type CoreDeps } from '../../src/core/create-core.ts';
import type { KnowledgeBase } from '../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { silentLogger, type Logger } from '../../src/core/ports.ts';
import type { Reply } from '../../src/core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../src/core/services.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FakeClock } from './fake-clock.ts';

/**
 * What tests of the core and of the adapters build the same way: a real core over an in-memory
 * SQLite store, a fake clock and a fixed Random, with loggers and posters that record, and clean-up
 * of cores, temporary folders and child processes after each test file.
 */

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The small test notes (decorators, the GIL …). */
export const MINI_DIR = path.join(ROOT, 'tests/fixtures/knowledge-mini');
/** Monday 2025-01-06 09:00 UTC (17:00 in Shanghai): where the fake clocks start. */
export const MONDAY_0900_UTC = Date.UTC(2025, 0, 6, 9);

let mini: KnowledgeBase | undefined;
/** tests/fixtures/knowledge-mini, loaded once per test file. */
export function miniKnowledge(): KnowledgeBase {
  return (mini ??= loadKnowledge(MINI_DIR));
}

export interface LogRecord {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly context: Record<string, unknown>;
  readonly message?: string;
}

/** A Logger that keeps what it is told (children add their bindings to the context). */
export class RecordingLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly bindings: object = {},
  ) {}
  private add(level: LogRecord['level'], context: object, message?: string) {
    this.records.push({ level, context: { ...this.bindings, ...context }, ...(message !== undefined ? { message } : {}) });
  }
  debug(context: object, message?: string) {
    this.add('debug', context, message);
  }
  info(context: object, message?: string) {
    this.add('info', context, message);
  }
  warn(context: object, message?: string) {
    this.add('warn', context, message);
  }
  error(context: object, message?: string) {
    this.add('error', context, message);
  }
  child(bindings: object): Logger {
    return new RecordingLogger(this.records, { ...this.bindings, ...bindings });
  }
}

/** A Poster that keeps what the core posts. */
export class RecordingPoster implements Poster {
  readonly posts: { channel: ChannelRef; reply: Reply }[] = [];
  async post(channel: ChannelRef, reply: Reply): Promise<void> {
    this.posts.push({ channel, reply });
  }
}

export type TestCoreDeps = Partial<Omit<CoreDeps, 'clock'>> & { readonly clock?: FakeClock };

/**
 * Call once at the top of a test file: returns `makeCore`, which builds a core (by default the mini
 * notes, an in-memory store, a FakeClock at {@link MONDAY_0900_UTC}, Random fixed at 0.5, a silent
 * logger and a recording poster) and shuts it down and closes its store after each test.
 */
export function useTestCores(): (deps?: TestCoreDeps) => { core: Core; clock: FakeClock } {
  const cores: Core[] = [];
  afterEach(() => {
    for (const core of cores.splice(0)) {
      core.shutdown();
      core.services.store.close();
    }
  });
  return (deps = {}) => {
    const clock = deps.clock ?? new FakeClock(MONDAY_0900_UTC);
    const core = createCore({
      knowledge: miniKnowledge(),
      store: openSqliteStore(':memory:'),
      random: { next: () => 0.5 },
      logger: silentLogger,
      poster: new RecordingPoster(),
      ...deps,
      clock,
    });
    cores.push(core);
    return { core, clock };
  };
}

/** Call once at the top of a test file: returns `tempDir(prefix)`; the folders are removed after the file. */
export function useTempDirs(): (prefix: string) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  return prefix => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/**
 * Call once at the top of a test file: returns `folder(files)`, which writes `files` (relative path →
 * content, folders created as needed) into a fresh temporary folder and returns its path; the
 * folders are removed after the file.
 */
export function useFolders(prefix: string): (files?: Record<string, string | Buffer>) => string {
  const tempDir = useTempDirs();
  return (files = {}) => {
    const dir = tempDir(prefix);
    for (const [rel, content] of Object.entries(files)) {
      const full = path.join(dir, rel);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
    return dir;
  };
}

/**
 * The environment for `npm start` with no platform (the console chat) in a test: the parent's,
 * without any platform, knowledge, database or log setting, and the platform tokens set empty so
 * that a developer's .env cannot switch one on (dotenv never overrides).
 */
export function consoleStartEnv(options: { readonly knowledgeDir: string; readonly databaseFile: string }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|SHARD|KNOWLEDGE_DIR$|DATABASE_FILE$|(CONSOLE_)?LOG_LEVEL$)/.test(k)));
  return {
    ...base,
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: '',
    DISCORD_TOKEN: '',
    DISCORD_BOT_TOKEN: '',
    KNOWLEDGE_DIR: options.knowledgeDir,
    DATABASE_FILE: options.databaseFile,
    NO_COLOR: '1',
    ...extra,
  };
}

/**
 * Call once at the top of a test file: returns `track(child)`; a tracked child process started in
 * its own process group (`detached: true`) still running after the file is killed with its group.
 */
export function useChildProcesses(): (child: ChildProcess) => ChildProcess {
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) continue;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  return child => {
    children.add(child);
    return child;
  };
}

/** How a child process ended, and when it exited (before its pipes were read to the end). */
export interface ChildEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly exitedAt: number;
}

/**
 * Resolves once the child has exited and its output pipes are read to the end ('close': the last
 * log line is in), but at most `drainMs` after 'exit': a descendant that kept an inherited pipe open
 * must not hold a test (and the whole run) forever. Its streams are destroyed then.
 */
export function endOf(child: ChildProcess, drainMs = 2_000): Promise<ChildEnd> {
  return new Promise(resolve => {
    let end: ChildEnd | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (timer) clearTimeout(timer);
      resolve(end!);
    };
    child.once('exit', (code, signal) => {
      end = { code, signal, exitedAt: Date.now() };
      timer = setTimeout(() => {
        for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
        finish();
      }, drainMs);
    });
    child.once('close', (code, signal) => {
      end ??= { code, signal, exitedAt: Date.now() };
      finish();
    });
  });
}

/** Polls `condition` every 5 ms (real time: for streams and child processes, never for the core's timers). */
export async function until(condition: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise(r => setTimeout(r, 5));
  }
}
