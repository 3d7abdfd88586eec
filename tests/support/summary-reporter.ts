import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, "Tests: N passed, N failed[, N skipped][, N unhandled errors]", after vitest's own
 * summary, so CI (and anyone reading a log) can read the outcome without parsing vitest's format.
 */
export default class SummaryReporter implements Reporter {
  private readonly write: (line: string) => void;

  /** Vitest passes its options object ({}); a test passes where the line goes. */
  constructor(options: { readonly write?: (line: string) => void } = {}) {
    this.write = options.write ?? (line => void process.stdout.write(line));
  }

  onTestRunEnd(testModules: readonly TestModule[], unhandledErrors: readonly unknown[] = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    // An unhandled error (in a test's leftover work or in a reporter) fails the run as a failed test does.
    const errors = unhandledErrors.length ? `, ${unhandledErrors.length} unhandled error${unhandledErrors.length === 1 ? '' : 's'}` : '';
    this.write(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${errors}\n`);
  }
}
