import type { Reporter, TestCase, TestModule } from 'vitest/node';

/**
 * Names what is still running when a test file has gone quiet for too long. Every test has a time
 * limit (30 s, a few 60 s), so a file that runs for minutes means a worker no longer answers: this
 * says which file and which test, once, on stderr, instead of a silent log until CI's own limit.
 */
export const STALL_REPORT = Object.freeze({
  /** A file running this long with no test finishing is reported. */
  quietMs: 4 * 60_000,
  /** How often the running files are looked at. */
  checkEveryMs: 15_000,
});

export interface StallReporterPorts {
  readonly now: () => number;
  readonly write: (line: string) => void;
}

export default class StallReporter implements Reporter {
  private readonly ports: StallReporterPorts;

  /** Vitest constructs a reporter with its options object ({}): the ports are taken from it only when given. */
  constructor(ports: Partial<StallReporterPorts> = {}) {
    this.ports = { now: ports.now ?? (() => Date.now()), write: ports.write ?? (line => void process.stderr.write(line)) };
  }

  private readonly modules = new Map<string, { started: number; lastProgress: number; current?: string; reported: boolean }>();
  private timer: NodeJS.Timeout | undefined;

  onTestModuleStart(module: TestModule): void {
    const now = this.ports.now();
    this.modules.set(module.moduleId, { started: now, lastProgress: now, reported: false });
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), STALL_REPORT.checkEveryMs);
      this.timer.unref();
    }
  }

  onTestCaseReady(test: TestCase): void {
    const entry = this.modules.get(test.module.moduleId);
    if (entry) entry.current = test.fullName;
  }

  onTestCaseResult(test: TestCase): void {
    const entry = this.modules.get(test.module.moduleId);
    if (entry) {
      entry.lastProgress = this.ports.now();
      entry.current = undefined;
    }
  }

  onTestModuleEnd(module: TestModule): void {
    this.modules.delete(module.moduleId);
  }

  onTestRunEnd(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reports each file quiet for longer than STALL_REPORT.quietMs, once (run every checkEveryMs). */
  check(): void {
    const now = this.ports.now();
    for (const [id, entry] of this.modules) {
      if (entry.reported || now - entry.lastProgress < STALL_REPORT.quietMs) continue;
      entry.reported = true;
      const minutes = ((now - entry.started) / 60_000).toFixed(1);
      this.ports.write(`\n[stall] ${id} has run for ${minutes} min with no test finishing; running now: ${entry.current ?? '(between tests: a hook or the file\'s teardown)'}\n`);
    }
  }
}
