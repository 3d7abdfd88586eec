import { startSlack, type RunningSlack, type SlackTuning } from '../../../../src/adapters/slack/start-slack.ts';
import type { SlackConfig } from '../../../../src/adapters/slack/slack-config.ts';
import { createCore, type Core } from '../../../../src/core/create-core.ts';
import { loadKnowledge } from '../../../../src/core/knowledge/loader.ts';
import { silentLogger, type Logger, type Random } from '../../../../src/core/ports.ts';
import { RoutingPoster } from '../../../../src/host/routing-poster.ts';
import { openSqliteStore } from '../../../../src/store/sqlite/sqlite-store.ts';
import { FakeClock } from '../../../support/fake-clock.ts';
import { FakeSlack } from '../../../support/fake-slack.ts';
import { TEST_SIGNING_SECRET } from './signed-request.ts';

export const TEST_BOT_TOKEN = 'xoxb-test-1111-2222-abcdefghijkl';
export const TEST_APP_TOKEN = 'xapp-1-A1-3333-abcdefghijkl';

/** A logger that keeps every entry, to check what the adapter logs (and that no secret is in it). */
export class RecordingLogger implements Logger {
  constructor(readonly entries: { level: string; context: object; message?: string | undefined }[] = [], private readonly bindings: object = {}) {}
  debug(context: object, message?: string) {
    this.entries.push({ level: 'debug', context: { ...this.bindings, ...context }, message });
  }
  info(context: object, message?: string) {
    this.entries.push({ level: 'info', context: { ...this.bindings, ...context }, message });
  }
  warn(context: object, message?: string) {
    this.entries.push({ level: 'warn', context: { ...this.bindings, ...context }, message });
  }
  error(context: object, message?: string) {
    this.entries.push({ level: 'error', context: { ...this.bindings, ...context }, message });
  }
  child(bindings: object): Logger {
    return new RecordingLogger(this.entries, { ...this.bindings, ...bindings });
  }
  /** Everything logged, as one string (for "never contains the token" checks). */
  dump(): string {
    return this.entries
      .map(e => {
        try {
          return `${e.level} ${e.message ?? ''} ${JSON.stringify(e.context)}`;
        } catch {
          return `${e.level} ${e.message ?? ''}`;
        }
      })
      .join('\n');
  }
}

import { seededRandom } from '../../../../src/core/ports.ts';
export { seededRandom };

export interface Harness {
  readonly fake: FakeSlack;
  readonly slack: RunningSlack;
  readonly core: Core;
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  /** `http://127.0.0.1:PORT/slack/events`. */
  readonly eventsUrl: string;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly knowledgeDir?: string;
  /** Fake clock start (ms since the epoch). */
  readonly now?: number;
  readonly mode?: 'http' | 'socket';
  readonly tuning?: SlackTuning;
  /** A state file instead of a private in-memory database (lock and full-disk faults). */
  readonly databaseFile?: string;
}

/**
 * The real Bolt App (HTTP receiver on 127.0.0.1, or Socket Mode) wired to a real core (SQLite in
 * memory, the mini knowledge, a fake clock) and a fake Slack Web API; nothing leaves 127.0.0.1.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeSlack.start();
  const clock = new FakeClock(options.now ?? Date.UTC(2025, 0, 6, 8, 0, 0));
  const logger = new RecordingLogger();
  const poster = new RoutingPoster(silentLogger);
  const store = openSqliteStore(options.databaseFile ?? ':memory:');
  const core = createCore({
    knowledge: loadKnowledge(options.knowledgeDir ?? 'tests/fixtures/knowledge-mini'),
    store,
    clock,
    random: seededRandom(7),
    logger: silentLogger,
    poster,
  });
  const mode = options.mode ?? 'http';
  const config: SlackConfig =
    mode === 'http'
      ? { mode, botToken: TEST_BOT_TOKEN, signingSecret: TEST_SIGNING_SECRET, port: 0, apiUrl: fake.apiUrl }
      : { mode, botToken: TEST_BOT_TOKEN, appToken: TEST_APP_TOKEN, port: 3000, apiUrl: fake.apiUrl };
  let slack: RunningSlack;
  try {
    slack = await startSlack({
      config,
      core,
      poster,
      logger,
      tuning: { host: '127.0.0.1', minPostIntervalMs: 20, webApiRetries: 0, ...options.tuning },
    });
  } catch (error) {
    await fake.close();
    throw error;
  }
  return {
    fake,
    slack,
    core,
    clock,
    logger,
    eventsUrl: `http://127.0.0.1:${slack.port ?? 0}/slack/events`,
    async stop() {
      core.shutdown();
      await slack.stop();
      store.close();
      await fake.close();
    },
  };
}
