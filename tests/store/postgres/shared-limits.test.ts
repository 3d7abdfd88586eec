import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/core/rate-limit.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { openPostgresStore, type PostgresStore } from '../../../src/store/postgres/pg-store.ts';
import { POSTGRES, startPostgres, type TestPostgres } from '../../support/postgres.ts';

/**
 * What several hosts share besides state: the rate limits (N replicas give one allowance, not N) and
 * Slack's event ids (a retry that reaches another replica is not answered twice).
 */
describe.skipIf(!POSTGRES.run)('PostgreSQL: shared rate limits and event de-duplication', () => {
  let server: TestPostgres;
  let a: PostgresStore;
  let b: PostgresStore;
  const clock = new FakeClock(1_000_000);
  const warnings: string[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
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
});
