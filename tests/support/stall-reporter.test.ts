import { describe, expect, it } from 'vitest';
import type { TestCase, TestModule } from 'vitest/node';
import StallReporter, { STALL_REPORT } from './stall-reporter.ts';

const module = { moduleId: '/repo/tests/ops/state-file.test.ts' } as TestModule;
const testCase = (fullName: string) => ({ module, fullName }) as TestCase;

describe('the stall reporter', () => {
  it('is built as vitest builds a reporter, with an options object, and then reads the real clock', () => {
    const reporter = new StallReporter({} as never);
    expect(() => reporter.onTestModuleStart(module)).not.toThrow();
    reporter.onTestRunEnd();
  });

  it('names a file and the test it is in once, when no test has finished for too long', () => {
    let now = 1_000_000;
    const lines: string[] = [];
    const reporter = new StallReporter({ now: () => now, write: line => lines.push(line) });
    reporter.onTestModuleStart(module);
    reporter.onTestCaseReady(testCase('one owner > a second process refuses'));
    reporter.onTestCaseResult(testCase('one owner > a second process refuses'));
    reporter.onTestCaseReady(testCase('one owner > a damaged state file'));
    now += STALL_REPORT.quietMs - 1;
    reporter.check();
    expect(lines).toEqual([]);
    now += 2;
    reporter.check();
    reporter.check();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('/repo/tests/ops/state-file.test.ts');
    expect(lines[0]).toContain('running now: one owner > a damaged state file');
    reporter.onTestRunEnd();
  });

  it('says nothing of a file that ended, or that keeps finishing tests', () => {
    let now = 0;
    const lines: string[] = [];
    const reporter = new StallReporter({ now: () => now, write: line => lines.push(line) });
    reporter.onTestModuleStart(module);
    for (let i = 0; i < 10; i++) {
      reporter.onTestCaseReady(testCase(`t${i}`));
      now += STALL_REPORT.quietMs / 2;
      reporter.onTestCaseResult(testCase(`t${i}`));
      reporter.check();
    }
    reporter.onTestModuleEnd(module);
    now += STALL_REPORT.quietMs * 10;
    reporter.check();
    expect(lines).toEqual([]);
    reporter.onTestRunEnd();
  });
});
