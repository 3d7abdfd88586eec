import { afterAll, beforeAll } from 'vitest';

/**
 * Collects every unhandled promise rejection in this test file's process (each file runs in its own
 * fork), so a test can assert that a platform failure never escapes as one.
 */
export function trackUnhandledRejections(): { reasons(): unknown[] } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => {
    reasons.push(reason);
  };
  beforeAll(() => {
    process.on('unhandledRejection', listener);
  });
  afterAll(() => {
    process.off('unhandledRejection', listener);
  });
  return {
    reasons: () => reasons.map(r => (r instanceof Error ? `${r.name}: ${r.message}` : r)),
  };
}
