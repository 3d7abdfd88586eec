import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeAnswerer } from '../../src/core/answering/knowledge-answerer.ts';
import { Learning } from '../../src/core/learning/learning.ts';
import { silentLogger } from '../../src/core/ports.ts';
import { AUTO_ACCEPT_EVERY_POLLS, LEARNING_POLL_MS, startLearning, type LearningHost } from '../../src/host/learning-host.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { SqliteLearningStore } from '../../src/store/sqlite/sqlite-learning-store.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { MINI_DIR, miniKnowledge, MONDAY_0900_UTC, until, useFolders } from '../support/core-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';

/** Learning as the composition root wires it: aliases survive a restart, and decisions made by another process reach the bot. */
const folder = useFolders('learning-host-');
const open: (SqliteStore | LearningHost)[] = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

function bot(file: string, clock: FakeClock) {
  const store = openSqliteStore(file);
  open.push(store);
  const answerer = new KnowledgeAnswerer({ knowledge: miniKnowledge(), clock, logger: silentLogger });
  return { store, answerer };
}

describe('startLearning', () => {
  it('applies the aliases accepted before a restart, and picks up an accept made by another process within one poll', async () => {
    const file = path.join(folder(), 'state.sqlite');
    const clock = new FakeClock(MONDAY_0900_UTC);
    // Another process (interview-bot aliases accept) decided before the bot started…
    const cli = openSqliteStore(file);
    open.push(cli);
    const cliLearning = new Learning(new SqliteLearningStore(cli.db), clock);
    cliLearning.accept(miniKnowledge(), 'test-decorator', "what's the at sign above def", 'cli');
    const { store, answerer } = bot(file, clock);
    expect(answerer.match("what's the at sign above def").outcome).toBe('decline');
    const host = await startLearning({ db: store.db, answerer, clock, logger: silentLogger, learnAliasesAfter: 0 });
    open.push(host);
    expect(answerer.match("what's the at sign above def").answer?.id).toBe('test-decorator');
    // …and while it runs.
    cliLearning.accept(miniKnowledge(), 'test-gil', 'python threads parallel', 'cli');
    expect(answerer.match('python threads parallel').outcome).toBe('decline');
    // (The poll is armed again once the previous one has finished: the clock is moved until it has run.)
    await until(() => (clock.advance(LEARNING_POLL_MS), answerer.match('python threads parallel').answer?.id === 'test-gil'));
    // Rejected elsewhere: no longer used after the next poll.
    cliLearning.reject('test-gil', 'python threads parallel', 'cli');
    await until(() => (clock.advance(LEARNING_POLL_MS), answerer.match('python threads parallel').outcome === 'decline'));
  });

  it('accepts automatically (LEARN_ALIASES_AFTER) on its poll once enough different people confirmed', async () => {
    const clock = new FakeClock(MONDAY_0900_UTC);
    const { store, answerer } = bot(':memory:', clock);
    const host = await startLearning({ db: store.db, answerer, clock, logger: silentLogger, learnAliasesAfter: 2 });
    open.push(host);
    for (const user of ['ann', 'bob']) {
      const id = store.questions.record({ at: clock.now(), platform: 'slack', workspace: 'T', channel: 'C', user, query: 'python threads parallel', outcome: 'decline', entryId: null, score: 0.2 });
      store.questions.picked(id, 'test-gil', clock.now());
    }
    for (let i = 1; i < AUTO_ACCEPT_EVERY_POLLS; i++) {
      clock.advance(LEARNING_POLL_MS);
      await new Promise(r => setImmediate(r));
    }
    expect(host.learning.decisions()).toEqual([]);
    clock.advance(LEARNING_POLL_MS);
    await until(() => answerer.match('python threads parallel').answer?.id === 'test-gil');
    expect(host.learning.decisions()).toMatchObject([{ entryId: 'test-gil', by: 'auto' }]);
  });

  it('is configured off and on this machine only by default', () => {
    const config = loadConfig({ KNOWLEDGE_DIR: MINI_DIR });
    expect(config).toMatchObject({ learnAliasesAfter: 0, dashboardPort: 0, dashboardHost: '127.0.0.1' });
    expect(loadConfig({ KNOWLEDGE_DIR: MINI_DIR, LEARN_ALIASES_AFTER: '3', DASHBOARD_PORT: '8470', DASHBOARD_HOST: '0.0.0.0' })).toMatchObject({ learnAliasesAfter: 3, dashboardPort: 8470, dashboardHost: '0.0.0.0' });
    expect(() => loadConfig({ KNOWLEDGE_DIR: MINI_DIR, DASHBOARD_HOST: 'bad host/<x>', LEARN_ALIASES_AFTER: '-1' })).toThrow(ConfigError);
  });

  it('serves the dashboard on 127.0.0.1 when given a port', async () => {
    const clock = new FakeClock(MONDAY_0900_UTC);
    const { store, answerer } = bot(':memory:', clock);
    const host = await startLearning({ db: store.db, answerer, clock, logger: silentLogger, learnAliasesAfter: 0, dashboard: { host: '127.0.0.1', port: 0 } });
    open.push(host);
    expect(host.dashboard).toMatchObject({ host: '127.0.0.1' });
    const res = await fetch(`http://127.0.0.1:${host.dashboard!.port}/`);
    expect(res.status).toBe(401);
  });

  it('serves no dashboard unless a port is given', async () => {
    const clock = new FakeClock(MONDAY_0900_UTC);
    const { store, answerer } = bot(':memory:', clock);
    const host = await startLearning({ db: store.db, answerer, clock, logger: silentLogger, learnAliasesAfter: 0 });
    open.push(host);
    expect(host.dashboard).toBeUndefined();
  });
});
