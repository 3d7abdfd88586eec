import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/core/rate-limit.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { openPostgresStore, type PostgresStore } from '../../../src/store/postgres/pg-store.ts';
import { POSTGRES, startPostgres, type TestPostgres } from '../../support/postgres.ts';

/**
 * What several hosts share besides state: the rate limits (N replicas give one allowance, not N) and
 * Slack's event ids (a retry that reaches another replica is not answered twice).
 */
describe.skipIf(!POSTGRES.run)('PostgreSQL: shared rate limits, event de-duplication and quiz leases', () => {
  let server: TestPostgres;
  let dbUrl = '';
  let a: PostgresStore;
  let b: PostgresStore;
  const clock = new FakeClock(1_000_000);
  const warnings: string[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    const url = (dbUrl = await server.createDatabase());
    // A shared limit that cannot be read fails open (allows) with a warning: none may appear here.
    const logger = { debug() {}, info() {}, warn: (_: unknown, m: string) => warnings.push(m), error: (_: unknown, m: string) => warnings.push(m), child: () => logger } as never;
    a = await openPostgresStore({ url, now: () => clock.now(), leaseTimer: false, logger });
    b = await openPostgresStore({ url, now: () => clock.now(), leaseTimer: false });
  }, 30_000);
  afterAll(async () => {
    a?.close();
    b?.close();
    await server?.stop();
  });

  it('three questions a minute means three across both hosts, not three on each; the window frees for everyone', () => {
    const onA = new RateLimiter(clock, { limit: 3, windowMs: 60_000 }, a.rates);
    const onB = new RateLimiter(clock, { limit: 3, windowMs: 60_000 }, b.rates);
    const key = RateLimiter.key('slack', 'T1', 'alice');
    expect(onA.take(key).allowed).toBe(true);
    clock.advance(1_000);
    expect(onB.take(key).allowed).toBe(true);
    clock.advance(1_000);
    expect(onA.take(key).allowed).toBe(true);
    clock.advance(1_000);
    const refused = onB.take(key);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 57_000, notify: true });
    expect(onB.take(key)).toMatchObject({ allowed: false, notify: false }); // told once on this host
    expect(onA.take(key)).toMatchObject({ allowed: false });
    // Another person, another allowance.
    expect(onB.take(RateLimiter.key('slack', 'T1', 'bob')).allowed).toBe(true);
    clock.advance(57_000); // the first question leaves the window
    expect(onB.take(key).allowed).toBe(true);
    expect(onA.take(key).allowed).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('a refund gives the slot back to every host (a quiz that did not start)', () => {
    const onA = new RateLimiter(clock, { limit: 1, windowMs: 3_600_000 }, a.rates);
    const onB = new RateLimiter(clock, { limit: 1, windowMs: 3_600_000 }, b.rates);
    const key = RateLimiter.key('slack', 'T1', 'C-quiz');
    expect(onA.take(key, 'u1').allowed).toBe(true);
    onA.refund(key);
    b.daily.schedules(); // A's refund is written behind; any later call of A's waits for it: here B reads after a round trip
    a.daily.schedules();
    expect(onB.take(key, 'u2').allowed).toBe(true);
    expect(onA.take(key, 'u1').allowed).toBe(false);
  });

  it("an event id is handled once whichever replica sees it first", () => {
    expect(a.events.firstTime('Ev01')).toBe(true);
    expect(b.events.firstTime('Ev01')).toBe(false);
    expect(a.events.firstTime('Ev01')).toBe(false);
    expect(b.events.firstTime('Ev02')).toBe(true);
  });

  it('a live host keeps its quiz (renewed lease); once the host is gone and the lease runs out, a start in that channel or any host\'s sweep closes it', async () => {
    let t = 5_000_000;
    const host = () => openPostgresStore({ url: dbUrl, now: () => t, leaseMs: 30_000, leaseTimer: false });
    const [live, other] = [await host(), await host()];
    const run = (id: string, channel: string) => ({ id, platform: 'slack', workspace: 'TL', channel, lang: 'en' as const, topic: null, mode: 'quiz' as const, startedBy: 'u', startedAt: t, questions: 3 });
    try {
      expect(live.quiz.beginQuiz(run('L1', 'C1'))).toBe(true);
      expect(live.quiz.beginQuiz(run('L2', 'C2'))).toBe(true);
      t += 25_000;
      live.tick(); // renews its leases: 30 s from now
      t += 25_000; // 50 s after the start, 25 s after the renewal: still held
      live.daily.schedules(); // (the renewal is written behind: any call waits for it)
      expect(() => other.quiz.beginQuiz(run('O1', 'C1'))).toThrow('quiz-already-running');
      expect(other.quiz.endUnfinished(t, q => q.workspace === 'TL')).toEqual([]);
      live.close(); // the host dies: nobody renews
      t += 31_000;
      expect(other.quiz.beginQuiz(run('O1', 'C1'))).toBe(true); // L1 closed as interrupted on the way
      other.tick(); // the sweep closes L2 too
      other.daily.schedules();
      expect(other.quiz.endUnfinished(t, q => q.workspace === 'TL')).toEqual([]);
      const client = new (await import('pg')).default.Client({ connectionString: dbUrl });
      await client.connect();
      const rows = (await client.query(`SELECT id, end_reason FROM quiz_runs WHERE workspace = 'TL' ORDER BY id`)).rows;
      await client.end();
      expect(rows).toEqual([
        { id: 'L1', end_reason: 'interrupted' },
        { id: 'L2', end_reason: 'interrupted' },
        { id: 'O1', end_reason: null },
      ]);
    } finally {
      other.close();
    }
  });

  it('npm run stats reads the shared question log when DATABASE_URL is set', async () => {
    a.questions.record({ at: 1, platform: 'slack', workspace: 'TS', channel: 'C1', user: 'u', query: 'how do I bake bread', outcome: 'decline', entryId: null, score: 0 });
    a.daily.schedules(); // written behind: any later call waits for it
    const { spawnSync } = await import('node:child_process');
    const path = await import('node:path');
    const root = path.resolve(import.meta.dirname, '../../..');
    const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'src/cli/index.ts'), 'stats', '--json'], { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: dbUrl, DATABASE_FILE: '' } });
    expect(run.status, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { declines: { query: string }[] }).declines.map(d => d.query)).toContain('how do I bake bread');
  }, 30_000);
});
