import { describe, expect, it } from 'vitest';
import type { TestCase, TestModule } from 'vitest/node';
import { FakeClock } from './fake-clock.ts';
import StallReporter, { STALL_REPORT } from './stall-reporter.ts';

const module = { moduleId: '/repo/tests/ops/state-file.test.ts' } as TestModule;
const testCase = (fullName: string) => ({ module, fullName }) as TestCase;

/** A reporter on a fake clock, and the lines it writes. */
function watched(): { reporter: StallReporter; clock: FakeClock; lines: string[] } {
  const clock = new FakeClock(1_000_000);
  const lines: string[] = [];
  return { reporter: new StallReporter({ now: () => clock.now(), write: line => lines.push(line) }), clock, lines };
}

describe('the stall reporter', () => {
  it('is built as vitest builds a reporter, with an options object, and then reads the real clock', () => {
    const reporter = new StallReporter({} as never);
    expect(() => reporter.onTestModuleStart(module)).not.toThrow();
    reporter.onTestRunEnd();
  });

  it('names a file and the test it is in once, when no test has finished for too long', () => {
    const { reporter, clock, lines } = watched();
    reporter.onTestModuleStart(module);
    reporter.onTestCaseReady(testCase('one owner > a second process refuses'));
    reporter.onTestCaseResult(testCase('one owner > a second process refuses'));
    reporter.onTestCaseReady(testCase('one owner > a damaged state file'));
    clock.advance(STALL_REPORT.quietMs - 1);
    reporter.check();
    expect(lines).toEqual([]);
    clock.advance(2);
    reporter.check();
    reporter.check();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('/repo/tests/ops/state-file.test.ts');
    expect(lines[0]).toContain('running now: one owner > a damaged state file');
    reporter.onTestRunEnd();
  });

  it('says nothing of a file that ended, or that keeps finishing tests', () => {
    const { reporter, clock, lines } = watched();
    reporter.onTestModuleStart(module);
    for (let i = 0; i < 10; i++) {
      reporter.onTestCaseReady(testCase(`t${i}`));
      clock.advance(STALL_REPORT.quietMs / 2);
      reporter.onTestCaseResult(testCase(`t${i}`));
      reporter.check();
    }
    reporter.onTestModuleEnd(module);
    clock.advance(STALL_REPORT.quietMs * 10);
    reporter.check();
    expect(lines).toEqual([]);
    reporter.onTestRunEnd();
  });
});
