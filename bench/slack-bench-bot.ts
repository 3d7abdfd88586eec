/**
 * The bot side of the Slack benchmarks: the real Slack adapter in HTTP mode (Bolt's HTTPReceiver on
 * 127.0.0.1), wired like `src/host/main.ts` wires it (real core, SQLite state file in WAL mode, the system
 * clock, pino at `info` writing JSON lines), with the Web API pointed at the load driver's fake.
 * Plus a client for the load driver child process (slack-load-driver.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startSlack, type RunningSlack } from '../src/adapters/slack/start-slack.ts';
import { createCore, type Core } from '../src/core/create-core.ts';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import type { Logger } from '../src/core/ports.ts';
import type { Store } from '../src/core/store.ts';
import { createLogger } from '../src/host/logger.ts';
import { RoutingPoster } from '../src/host/routing-poster.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { systemClock, systemRandom } from '../src/host/system-ports.ts';
import type { DriverMessage, LoadStats, RunRequest } from './slack-load-driver.ts';

/**
 * Forwards to a real logger and counts what was logged at warn and error, keeping the first few
 * messages: an error in the bot (a failed delivery, a listener error) is an error of the run even
 * when the acknowledgement was fine.
 */
export class CountingLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    readonly counts: { warn: number; error: number; samples: string[] } = { warn: 0, error: 0, samples: [] },
  ) {}
  debug(context: object, message?: string): void {
    this.inner.debug(context, message);
  }
  info(context: object, message?: string): void {
    this.inner.info(context, message);
  }
  warn(context: object, message?: string): void {
    this.counts.warn++;
    this.remember('warn', context, message);
    this.inner.warn(context, message);
  }
  error(context: object, message?: string): void {
    this.counts.error++;
    this.remember('error', context, message);
    this.inner.error(context, message);
  }
  child(bindings: object): Logger {
    return new CountingLogger(this.inner.child(bindings), this.counts);
  }
  private remember(level: string, context: object, message: string | undefined): void {
    if (this.counts.samples.length >= 5) return;
    let detail = '';
    try {
      detail = JSON.stringify(context, (_k, v: unknown) => (v instanceof Error ? v.message : v)).slice(0, 200);
    } catch {
      detail = '';
    }
    this.counts.samples.push(`${level}: ${message ?? ''} ${detail}`);
  }
}

/** The core as production builds it (system clock and randomness, a routing poster), for the benchmarks. */
export function benchCore(knowledgeDir: string, store: Store, logger: Logger): { core: Core; poster: RoutingPoster } {
  const poster = new RoutingPoster(logger);
  const core = createCore({ knowledge: loadKnowledge(knowledgeDir), store, clock: systemClock(), random: systemRandom(), logger, poster });
  return { core, poster };
}

/** pino at `info`, JSON lines to /dev/null: the cost of production logging without the output. */
export function benchLogger(): CountingLogger {
  return new CountingLogger(createLogger({ level: 'info', pretty: false, destination: pino.destination({ dest: os.devNull, sync: true }) }));
}

export interface BenchBot {
  readonly slack: RunningSlack;
  readonly core: Core;
  readonly eventsUrl: string;
  readonly signingSecret: string;
  readonly logger: CountingLogger;
  /** Sizes in bytes of the SQLite state file and of its write-ahead log (reset at each checkpoint). */
  dbBytes(): { db: number; wal: number };
  stop(): Promise<void>;
}

export interface BenchBotOptions {
  readonly apiUrl: string;
  readonly knowledgeDir: string;
  readonly logger?: CountingLogger;
}

/** Starts the bot as production would, on 127.0.0.1 and a free port, with a temporary state file. */
export async function startBenchBot(options: BenchBotOptions): Promise<BenchBot> {
  const logger = options.logger ?? benchLogger();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-slack-bench-'));
  const dbFile = path.join(dir, 'state.sqlite');
  const store = openSqliteStore(dbFile);
  const { core, poster } = benchCore(options.knowledgeDir, store, logger);
  const signingSecret = crypto.randomBytes(16).toString('hex');
  let slack: RunningSlack;
  try {
    slack = await startSlack({
      config: { mode: 'http', botToken: 'xoxb-bench-0000-0000-benchmarktoken', signingSecret, port: 0, apiUrl: options.apiUrl },
      core,
      poster,
      logger,
      tuning: { host: '127.0.0.1' },
    });
  } catch (error) {
    core.shutdown();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    slack,
    core,
    eventsUrl: `http://127.0.0.1:${slack.port ?? 0}/slack/events`,
    signingSecret,
    logger,
    dbBytes() {
      const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
      return { db: size(dbFile), wal: size(`${dbFile}-wal`) };
    },
    async stop() {
      core.shutdown();
      await slack.stop();
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type RunOptions = Omit<RunRequest, 'type' | 'id' | 'url' | 'signingSecret'>;

/** The load driver child process: the fake Slack and the sender. */
export class LoadDriver {
  private runs = 0;

  private constructor(
    private readonly child: ChildProcess,
    readonly apiUrl: string,
  ) {}

  /** Forks the driver; it exits by itself after `lifetimeMs` (or when this process goes away). */
  static async start(lifetimeMs: number): Promise<LoadDriver> {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'slack-load-driver.ts');
    // The same loader flags (tsx) as this process, without --expose-gc and inspector flags.
    const execArgv = process.execArgv.filter(a => a !== '--expose-gc' && !a.startsWith('--inspect'));
    if (!execArgv.some(a => a.includes('tsx'))) execArgv.push('--import', 'tsx');
    const child = fork(file, [String(lifetimeMs)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const apiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the Slack load driver did not start within 20 s')), 20_000);
      child.once('error', reject);
      child.once('exit', code => reject(new Error(`the Slack load driver exited (${code})`)));
      child.on('message', (message: DriverMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          resolve(message.apiUrl);
        }
      });
    });
    return new LoadDriver(child, apiUrl);
  }

  /** Runs one fixed-rate load against the bot; `onWindow` gets interim stats every `windowMs`. */
  run(bot: Pick<BenchBot, 'eventsUrl' | 'signingSecret'>, options: RunOptions, onWindow?: (index: number, stats: LoadStats) => void): Promise<LoadStats> {
    const id = ++this.runs;
    const request: RunRequest = { type: 'run', id, url: bot.eventsUrl, signingSecret: bot.signingSecret, ...options };
    return new Promise((resolve, reject) => {
      const onMessage = (message: DriverMessage) => {
        if (message.type === 'window' && message.id === id) onWindow?.(message.index, message.stats);
        if (message.type === 'result' && message.id === id) {
          this.child.off('message', onMessage);
          this.child.off('exit', onExit);
          resolve(message.stats);
        }
      };
      const onExit = (code: number | null) => reject(new Error(`the Slack load driver exited during a run (${code})`));
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(request);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>(resolve => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
