import { describe, expect, it } from 'vitest';
import { DefaultDailyService } from '../../../src/core/daily/daily-service.ts';
import type { DailyStore } from '../../../src/core/daily/daily-store.ts';
import { UserError } from '../../../src/core/errors.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { CHANNEL, openDailyStore, RecordingPoster, recordingLogger, seededRandom, tipEntries, utc } from './daily-fixtures.ts';

/**
 * A daily post whose claim fails (the state file is locked by another process, the disk is full)
 * is retried after the scheduler's pause (60 s), not at once: an immediate retry would spin on a
 * lock that is still held. The post then goes out exactly once.
 */
describe('a daily post whose claim fails', () => {
  it('is retried after 60 s, not at once, and posted once', async () => {
    const clock = new FakeClock(utc('2026-01-10T00:59:00Z'));
    const { store: real, close } = openDailyStore(':memory:');
    let failures = 2;
    const claims: number[] = [];
    const store = new Proxy(real, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'claimPost' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) => {
          claims.push(clock.now());
          if (failures-- > 0) throw new UserError('state-busy');
          return value.apply(target, args);
        };
      },
    }) as DailyStore;
    const poster = new RecordingPoster(() => clock.now());
    const logger = recordingLogger();
    const entries = tipEntries(3);
    const service = new DefaultDailyService({ store, clock, random: seededRandom(1), poster, logger, entries: () => entries });
    service.start();
    service.set(CHANNEL, { time: '09:00', timeZone: 'Asia/Shanghai', lang: 'en', by: 'admin' });
    try {
      clock.advanceTo(utc('2026-01-10T01:00:00Z'));
      await service.idle();
      expect(claims).toEqual([utc('2026-01-10T01:00:00Z')]);
      expect(logger.lines.filter(l => l.message === 'daily: scheduling check failed; retrying')).toHaveLength(1);
      // Not at once: nothing more within the pause…
      clock.advance(59_999);
      await service.idle();
      expect(claims).toHaveLength(1);
      // …then one try per pause until it goes through.
      clock.advance(1);
      await service.idle();
      expect(claims).toHaveLength(2);
      clock.advance(60_000);
      await service.idle();
      expect(claims).toHaveLength(3);
      expect(poster.ofKind('daily-post')).toHaveLength(1);
      clock.advance(10 * 60_000);
      await service.idle();
      expect(poster.ofKind('daily-post')).toHaveLength(1);
    } finally {
      service.shutdown();
      close();
    }
  });
});
