import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createCore } from '../../src/core/create-core.ts';
import type { DefaultDailyService } from '../../src/core/daily/daily-service.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { silentLogger } from '../../src/core/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { FakeClock } from '../support/fake-clock.ts';

/** The operations settings: defaults, valid values, and every malformed one named in the one error. */
describe('configuration: operations settings', () => {
  it('has safe defaults: 10 questions a minute, 6 quizzes an hour, no health port, loopback, 60 min grace, reveal with the next post', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ questionsPerMinute: 10, quizzesPerHour: 6, healthPort: 0, healthHost: '127.0.0.1', dailyGraceMinutes: 60, dailyRevealAfter: 'next-post' });
  });

  it('reads valid values', () => {
    const config = loadConfig({ QUESTIONS_PER_MINUTE: '0', QUIZZES_PER_HOUR: '0', HEALTH_PORT: '8081', HEALTH_HOST: '0.0.0.0', DAILY_GRACE_MINUTES: '15', DAILY_REVEAL_AFTER: '240' });
    expect(config).toMatchObject({ questionsPerMinute: 0, quizzesPerHour: 0, healthPort: 8081, healthHost: '0.0.0.0', dailyGraceMinutes: 15, dailyRevealAfter: 240 });
    expect(loadConfig({ DAILY_REVEAL_AFTER: 'Next-Post', HEALTH_HOST: '::1' })).toMatchObject({ dailyRevealAfter: 'next-post', healthHost: '::1' });
  });

  it('names every malformed setting in one error', () => {
    let error: unknown;
    try {
      loadConfig({ QUESTIONS_PER_MINUTE: 'ten', QUIZZES_PER_HOUR: '-1', HEALTH_PORT: '70000', HEALTH_HOST: 'http://x/', DAILY_GRACE_MINUTES: '-5', DAILY_REVEAL_AFTER: 'tomorrow', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'QUESTIONS_PER_MINUTE must be a whole number from 0 to 10000 (got "ten")',
        'QUIZZES_PER_HOUR must be a whole number from 0 to 1000 (got "-1")',
        'HEALTH_PORT must be a whole number from 0 to 65535 (got "70000")',
        'HEALTH_HOST must be a host name or IP address such as 127.0.0.1 or 0.0.0.0 (got "http://x/")',
        'DAILY_GRACE_MINUTES must be a whole number from 0 to 1440 (got "-5")',
        'DAILY_REVEAL_AFTER must be next-post or a whole number of minutes from 1 to 10080 (got "tomorrow")',
      ]),
    );
    expect(problems).toHaveLength(7);
    expect((error as ConfigError).message).toMatch(/^Configuration is not valid:\n {2}- /);
    expect(() => loadConfig({ DAILY_REVEAL_AFTER: '0' })).toThrow(/DAILY_REVEAL_AFTER/);
    expect(() => loadConfig({ DAILY_REVEAL_AFTER: '1.5' })).toThrow(/DAILY_REVEAL_AFTER/);
  });

  it('passes DAILY_GRACE_MINUTES and DAILY_REVEAL_AFTER through createCore to the daily service', () => {
    const config = loadConfig({ DAILY_GRACE_MINUTES: '5', DAILY_REVEAL_AFTER: '30', DEFAULT_TIMEZONE: 'Asia/Shanghai' });
    const core = createCore({
      knowledge: loadKnowledge('tests/fixtures/knowledge-mini'),
      store: openSqliteStore(':memory:'),
      clock: new FakeClock(0),
      random: { next: () => 0.5 },
      logger: silentLogger,
      poster: { post: async () => {} },
      defaultTimeZone: config.defaultTimeZone,
      daily: { graceMinutes: config.dailyGraceMinutes, revealAfter: config.dailyRevealAfter },
    });
    try {
      expect((core.services.daily as DefaultDailyService).options).toEqual({ defaultTimeZone: 'Asia/Shanghai', graceMinutes: 5, revealAfter: 30 });
    } finally {
      core.shutdown();
      core.services.store.close();
    }
  });
});
