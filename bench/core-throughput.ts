/**
 * "Core answers per second on one core": the answering path alone, in this process's one JavaScript
 * thread, over a realistic mix of questions for a fixed time. Three depths: matching only; the
 * Answerer's `ask` (validation, matching, the reply with its buttons); and `ask` as production runs
 * it, recording every question in the SQLite state file (WAL) and logging it with pino.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Invocation } from '../src/core/commands/command-spec.ts';
import { KnowledgeAnswerer } from '../src/core/answering/knowledge-answerer.ts';
import type { Answerer } from '../src/core/answering/answerer.ts';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import { silentLogger, type Logger } from '../src/core/ports.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { systemClock } from '../src/host/system-ports.ts';
import { benchLogger } from './slack-bench-bot.ts';
import { markdownTable, ms, percentile } from './stats.ts';

export interface CoreRow {
  readonly label: string;
  readonly count: number;
  readonly seconds: number;
  /** CPU time used (user + system) over wall time: 1.0 is one core busy. */
  readonly cpu: number;
  readonly p50: number;
  readonly p99: number;
  readonly outcomes: Record<string, number>;
}

const INVOCATIONS: readonly Invocation[] = Array.from({ length: 50 }, (_, i) => ({
  platform: 'slack' as const,
  workspace: 'T1',
  channel: `C${i % 10}`,
  user: { id: `U${i}`, canManage: false, isBot: false },
  lang: i % 4 === 0 ? ('zh' as const) : ('en' as const),
}));

function answererFor(knowledgeDir: string, questions?: ReturnType<typeof openSqliteStore>['questions'], logger: Logger = silentLogger): KnowledgeAnswerer {
  return new KnowledgeAnswerer({
    knowledge: loadKnowledge(knowledgeDir),
    ...(questions ? { questions } : {}),
    clock: systemClock(),
    logger,
  });
}

/** Calls `one(i)` back to back for `seconds` (after a short warm-up), timing each call. */
function timed(label: string, seconds: number, questions: readonly string[], one: (q: string, i: number) => string): CoreRow {
  for (let i = 0; i < 500; i++) one(questions[i % questions.length]!, i); // warm-up (JIT)
  const times: number[] = [];
  const outcomes: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  let i = 0;
  for (let now = start; now < end; i++) {
    const outcome = one(questions[i % questions.length]!, i);
    const after = performance.now();
    times.push(after - now);
    now = after;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  return { label, count: i, seconds: wall / 1000, cpu: (cpu.user + cpu.system) / 1000 / wall, p50: percentile(times, 50), p99: percentile(times, 99), outcomes };
}

export function coreThroughput(options: { readonly knowledgeDir: string; readonly questions: readonly string[]; readonly seconds: number }): CoreRow[] {
  const { knowledgeDir, questions, seconds } = options;
  const rows: CoreRow[] = [];
  const plain: Answerer = answererFor(knowledgeDir);
  rows.push(timed('match only (`answerer.match`)', seconds, questions, q => plain.match(q).outcome));
  rows.push(timed('`answerer.ask`, no question log', seconds, questions, (q, i) => plain.ask(q, INVOCATIONS[i % INVOCATIONS.length]!)[0]?.kind ?? 'none'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-core-bench-'));
  const store = openSqliteStore(path.join(dir, 'state.sqlite'));
  try {
    const production = answererFor(knowledgeDir, store.questions, benchLogger());
    rows.push(
      timed('`answerer.ask` + SQLite question log (WAL file) + pino info log', seconds, questions, (q, i) => production.ask(q, INVOCATIONS[i % INVOCATIONS.length]!)[0]?.kind ?? 'none'),
    );
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function coreThroughputReport(rows: readonly CoreRow[], entries: number): string[] {
  return [
    `### Core answers per second on one core (shipped knowledge, ${entries} entries; one JavaScript thread, calls back to back)`,
    '',
    ...markdownTable(
      ['path', 'calls', 'seconds', 'answers/s', 'CPU (1.0 = one core)', 'p50', 'p99', 'answer / suggest / decline'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      rows.map(r => {
        const total = Math.max(1, r.count);
        const share = (k: string) => `${(((r.outcomes[k] ?? 0) / total) * 100).toFixed(0)} %`;
        return [
          r.label,
          String(r.count),
          r.seconds.toFixed(1),
          (r.count / r.seconds).toFixed(0),
          r.cpu.toFixed(2),
          ms(r.p50),
          ms(r.p99),
          `${share('answer')} / ${share('suggest')} / ${share('decline')}`,
        ];
      }),
    ),
  ];
}
