import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { coreThroughput, coreThroughputReport } from './core-throughput.ts';
import { forcedGc } from './expose-gc.ts';
import { generateCorpus, seededRandom } from './generate-corpus.ts';
import { quizBench, quizBenchReport, writeQuizCorpus } from './quiz-bench.ts';
import { memoryAfterQuestions, memoryReport } from './memory.ts';
import { questionsFor, SHIPPED_KNOWLEDGE, shippedQuestions } from './questions.ts';
import { slackThroughput, slackThroughputReport } from './slack-throughput.ts';
import { storeBench, storeBenchReport } from './store-bench.ts';
import { startReplicaBots } from './slack-replicas.ts';
import { KnowledgeAnswerer } from '../src/core/answering/knowledge-answerer.ts';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import { prepareQuizzes } from '../src/core/quiz/generate/index.ts';
import { pick } from '../src/core/language.ts';
import { BUILTIN_GLOSSARY } from '../src/core/matching/glossary-data.ts';
import { silentLogger } from '../src/core/ports.ts';
import { PROJECT_ROOT } from '../src/config.ts';
import { systemClock } from '../src/host/system-ports.ts';
import { Args } from '../src/cli/args.ts';

interface Row {
  readonly corpus: string;
  readonly entries: number;
  /** Reading the notes and building the index: until the first answer, as the host starts. */
  readonly loadMs: number;
  /** Generating quiz items afterwards (the host does it in a worker thread while answering). */
  readonly quizMs: number;
  readonly p50: number;
  readonly p99: number;
  readonly qps: number;
  readonly heapMb: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function measure(corpus: string, dir: string, queries: readonly string[]): Row & { chars: number } {
  // As the host starts: the notes without quiz generation, then the index; answers from here on.
  const t0 = performance.now();
  const plain = loadKnowledge(dir, { quizzes: false });
  const answerer = new KnowledgeAnswerer({
    knowledge: plain,
    clock: systemClock(),
    logger: silentLogger,
  });
  const loadMs = performance.now() - t0;
  // Then the quiz items (the host: in a worker thread, swapped in with the analyses reused).
  const q0 = performance.now();
  const knowledge = prepareQuizzes(plain);
  const quizMs = performance.now() - q0;
  answerer.replace(knowledge);
  for (const q of queries.slice(0, 50)) answerer.match(q); // warm-up (JIT)
  const times: number[] = [];
  const start = performance.now();
  for (const q of queries) {
    const s = performance.now();
    answerer.match(q);
    times.push(performance.now() - s);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  const chars = knowledge.entries.reduce((sum, e) => sum + Object.values(e.body).reduce((s, b) => s + (b?.length ?? 0), 0), 0);
  return {
    corpus,
    chars,
    entries: knowledge.entries.length,
    loadMs,
    quizMs,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    qps: queries.length / (total / 1000),
    heapMb: process.memoryUsage().heapUsed / 1048576,
  };
}

const PARTS = ['core', 'quiz', 'slack', 'memory', 'store'] as const;
/** The Slack throughput runs: in-process on SQLite, one bot process on PostgreSQL, three behind a proxy. */
const SLACK_SETUPS = ['sqlite', 'postgres', 'postgres-3'] as const;
type SlackSetup = (typeof SLACK_SETUPS)[number];

/**
 * The PostgreSQL database for a Slack run: `--database-url` as given (left as it is afterwards), else a
 * fresh throw-away cluster on 127.0.0.1 (removed by `stop`); undefined when PostgreSQL is not installed.
 */
async function benchDatabase(databaseUrl: string | undefined): Promise<{ url: string; stop(): Promise<void> } | undefined> {
  if (databaseUrl) return { url: databaseUrl, stop: async () => undefined };
  const { POSTGRES, startPostgres } = await import('../tests/support/postgres.ts');
  if (!POSTGRES.bindir) return undefined;
  const cluster = await startPostgres();
  try {
    return { url: await cluster.createDatabase('slack_bench'), stop: () => cluster.stop() };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}
type Part = (typeof PARTS)[number];

/**
 * `npm run bench [-- --only core|quiz|slack|memory|store]`: every part by default.
 * - quiz: load with quiz generation, generation alone, and starting a 10-question quiz, over 1,000
 *   plain notes shaped like interview notes and the shipped knowledge.
 * - core: load+index time, query latency and memory for the shipped knowledge and generated corpora
 *   (`--sizes 1000,10000,100000`, `--queries 2000`), then answers per second on one core (`--seconds 5`).
 * - slack: the Slack HTTP endpoint under signed `/ask` at fixed rates (`--rates 50,100,200,400,600,800`,
 *   `--seconds 5` each), all on 127.0.0.1: in this process on SQLite, one bot process on PostgreSQL and
 *   three behind a round-robin proxy (`--slack-on sqlite,postgres,postgres-3`; PostgreSQL is
 *   `--database-url`, else a throw-away cluster when PostgreSQL is installed).
 * - memory: heap and RSS after 100,000 questions through the dispatcher (`--questions-total 100000`),
 *   with a SQLite state file and with an in-memory database, each in a fresh `--expose-gc` process.
 * - store: latency of the store operations on SQLite, and on PostgreSQL with `--database-url`
 *   (`--store-calls 2000` each).
 */
export async function benchCli(args: Args): Promise<number> {
  const only = args.value('only');
  const sizes = (args.value('sizes') ?? '1000,10000,100000').split(',').map(Number);
  const queryCount = Number(args.value('queries') ?? '2000');
  const seconds = Number(args.value('seconds') ?? '5');
  const rates = (args.value('rates') ?? '50,100,200,400,600,800').split(',').map(Number);
  const memoryTotal = Number(args.value('questions-total') ?? '100000');
  const memoryStore = args.value('memory-store');
  const databaseUrl = args.value('database-url');
  const storeCalls = Number(args.value('store-calls') ?? '2000');
  const slackOn = (args.value('slack-on') ?? SLACK_SETUPS.join(',')).split(',') as SlackSetup[];
  if (!slackOn.every(s => SLACK_SETUPS.includes(s))) throw new Error(`--slack-on takes a list of ${SLACK_SETUPS.join(', ')}`);
  args.positionals();
  if (memoryStore !== undefined) return memoryChild(memoryStore, memoryTotal);
  if (only !== undefined && !PARTS.includes(only as Part)) throw new Error(`--only must be one of ${PARTS.join(', ')}`);
  if (![seconds, memoryTotal, ...sizes, ...rates].every(n => Number.isFinite(n) && n > 0)) throw new Error('--seconds, --sizes, --rates and --questions-total take positive numbers');
  if (rates.some(r => r > 5000) || seconds > 60 || memoryTotal > 1_000_000) throw new Error('at most 5000 requests/s, 60 s a step and 1,000,000 questions');
  const parts: readonly Part[] = only ? [only as Part] : PARTS;
  const out = (lines: readonly string[]) => process.stdout.write(lines.join('\n') + '\n');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  out([
    `interview-bot bench — Node ${process.version}, ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(' / ')} at start (other processes on the machine share these cores)`,
    '',
  ]);
  const shippedEntries = loadKnowledge(SHIPPED_KNOWLEDGE).entries.length;
  if (parts.includes('core')) {
    out(corpusTable(sizes, queryCount));
    out(['', ...coreThroughputReport(coreThroughput({ knowledgeDir: SHIPPED_KNOWLEDGE, questions: shippedQuestions(seededRandom(11), 5000), seconds }), shippedEntries), '']);
  }
  if (parts.includes('quiz')) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-quiz-bench-'));
    try {
      const dir = path.join(tmp, 'notes');
      writeQuizCorpus(dir, 1000, seededRandom(23));
      const runs = [
        { corpus: 'plain notes, 1,000 entries', ...(await quizBench(dir, seededRandom(29))) },
        { corpus: 'shipped knowledge/', ...(await quizBench(SHIPPED_KNOWLEDGE, seededRandom(31))) },
      ];
      out([...quizBenchReport(runs), '']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (parts.includes('slack')) {
    for (const setup of slackOn) {
      process.stderr.write(`slack (${setup}): starting the bot and the load driver…\n`);
      const common = { knowledgeDir: SHIPPED_KNOWLEDGE, questions: shippedQuestions(seededRandom(13), 5000), rates, seconds, log: (line: string) => process.stderr.write(line + '\n') };
      if (setup === 'sqlite') {
        out(['', ...slackThroughputReport(await slackThroughput(common), shippedEntries), '']);
        continue;
      }
      const count = setup === 'postgres' ? 1 : 3;
      const database = await benchDatabase(databaseUrl);
      if (!database) {
        out(['', `Slack HTTP throughput on PostgreSQL (${setup}): skipped, no PostgreSQL (give --database-url, or install the postgresql package for a throw-away cluster)`, '']);
        continue;
      }
      try {
        const where = databaseUrl ? 'the --database-url database' : 'a throw-away PostgreSQL cluster on 127.0.0.1 started by the benchmark';
        const run = await slackThroughput({
          ...common,
          bot: {
            setup: count === 1 ? `one bot process on PostgreSQL (${where}), hit directly` : `${count} bot processes on one PostgreSQL (${where}) behind a round-robin proxy`,
            start: apiUrl => startReplicaBots({ count, databaseUrl: database.url, apiUrl, knowledgeDir: SHIPPED_KNOWLEDGE }),
          },
        });
        out(['', ...slackThroughputReport(run, shippedEntries), '']);
      } finally {
        await database.stop();
      }
    }
  }
  if (parts.includes('store')) {
    out(['', ...storeBenchReport(await storeBench({ ...(databaseUrl ? { databaseUrl } : {}), count: storeCalls })), '']);
  }
  if (parts.includes('memory')) {
    out(['']);
    for (const store of ['file', 'memory'] as const) {
      process.stderr.write(`memory: ${memoryTotal.toLocaleString('en-US')} questions, SQLite ${store}, in a fresh process…\n`);
      const code = await freshProcess(['--memory-store', store, '--questions-total', String(memoryTotal)]);
      if (code !== 0) return code;
    }
  }
  return 0;
}

/**
 * Memory is measured in a fresh process for each store: what earlier parts left behind (the
 * 10,000-entry index, freed pages kept by the allocator) would hide or fake growth. The child runs
 * with `--expose-gc` so that the heap is read after forced collections.
 */
function freshProcess(benchArgs: readonly string[]): Promise<number> {
  const execArgv = process.execArgv.filter(a => a !== '--expose-gc');
  const child = spawn(process.execPath, [...execArgv, '--expose-gc', process.argv[1]!, ...benchArgs], { stdio: 'inherit' });
  return new Promise(resolve => child.on('exit', code => resolve(code ?? 1)));
}

/** `--memory-store file|memory`: one memory run, in this (fresh) process; prints its section. */
async function memoryChild(store: string, total: number): Promise<number> {
  if (store !== 'file' && store !== 'memory') throw new Error('--memory-store must be file or memory');
  if (!forcedGc()) process.stderr.write('memory: no --expose-gc, the heap is read without forced collections\n');
  const run = await memoryAfterQuestions({ knowledgeDir: SHIPPED_KNOWLEDGE, questions: shippedQuestions(seededRandom(17), 5000), store, total });
  process.stdout.write(memoryReport([run]).join('\n') + '\n');
  return 0;
}

/** The original table: load+index time, latency and heap for the shipped knowledge and generated corpora. */
function corpusTable(sizes: readonly number[], queryCount: number): string[] {
  const random = seededRandom(42);
  const rows: (Row & { chars: number })[] = [];
  const shipped = loadKnowledge(path.join(PROJECT_ROOT, 'knowledge'));
  const shippedTitles = shipped.entries.flatMap(e => [pick(e.title, 'zh'), pick(e.title, 'en')]);
  rows.push(measure('shipped knowledge/', path.join(PROJECT_ROOT, 'knowledge'), questionsFor(shippedTitles, random, queryCount)));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-bench-'));
  try {
    for (const size of sizes) {
      const dir = path.join(tmp, String(size));
      const { titles } = generateCorpus(dir, size, BUILTIN_GLOSSARY, random);
      rows.push(measure(`generated ${size}`, dir, questionsFor(titles, random, queryCount)));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  return [
    '### Load, index and match (matching only, one question at a time)',
    '',
    '| corpus | entries | avg chars/entry | load+index (first answer) | quiz items after | p50 | p99 | questions/s (1 core) | heap after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      r =>
        `| ${r.corpus} | ${r.entries} | ${(r.chars / Math.max(1, r.entries)).toFixed(0)} | ${r.loadMs.toFixed(0)} ms | ${r.quizMs.toFixed(0)} ms | ${r.p50.toFixed(3)} ms | ${r.p99.toFixed(3)} ms | ${r.qps.toFixed(0)} | ${r.heapMb.toFixed(0)} MB |`,
    ),
    '',
    `peak memory (max RSS of the run so far): ${peakMb.toFixed(0)} MB`,
    'targets: 10,000 entries p50 ≤ 1.5 ms, p99 ≤ 10 ms, load+index ≤ 3 s; 100,000 entries p50 ≤ 10 ms, p99 ≤ 50 ms, load+index ≤ 20 s, heap ≤ 300 MB',
  ];
}

/**
 * `npm run bench` runs this file through tsx: the benchmarks are a development tool, kept out of
 * src/ so that `npm run build` (and the production install) carries none of them.
 */
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url))) {
  benchCli(new Args(process.argv.slice(2))).then(
    code => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
