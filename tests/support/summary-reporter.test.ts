import { describe, expect, it } from 'vitest';
import SummaryReporter from './summary-reporter.ts';

describe('the closing line of a test run', () => {
  it('counts unhandled errors, which fail a run whose tests all passed', () => {
    const lines: string[] = [];
    const reporter = new SummaryReporter({ write: line => lines.push(line.trim()) });
    reporter.onTestRunEnd([], [new Error('a reporter threw')]);
    reporter.onTestRunEnd([], []);
    expect(lines).toEqual(['Tests: 0 passed, 0 failed, 1 unhandled error', 'Tests: 0 passed, 0 failed']);
  });
});
