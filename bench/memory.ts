/**
 * "Memory after 100,000 questions": questions go through the Dispatcher (as every adapter sends
 * them: `/ask` text and addressed messages, from many users and channels) with the SQLite store and
 * pino logging of production. Heap and RSS are read after forced collections at checkpoints. Every
 * question is a row in the `questions` table by design (for `npm run stats`), so the database grows;
 * it is measured apart from the JavaScript heap, which must not grow beyond bounded caches.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Invocation } from '../src/core/commands/command-spec.ts';
import type { Input } from '../src/core/dispatcher.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { forcedGc } from './expose-gc.ts';
import { benchCore, benchLogger } from './slack-bench-bot.ts';
import { markdownTable, mb } from './stats.ts';

export interface MemorySample {
  readonly label: string;
  readonly questions: number;
  readonly heapUsed: number;
  /** The heap V8 has reserved (young generation included): grows to a bounded size under load. */
  readonly heapTotal: number;
  readonly rss: number;
  /** Linux only (/proc/self/status): RSS that is anonymous memory (V8, malloc) and file-backed (code, mapped files). */
  readonly rssAnon: number | undefined;
  readonly rssFile: number | undefined;
  /** Memory of C++ objects bound to JS (better-sqlite3, buffers), as V8 reports it. */
  readonly external: number;
  /** The database's size (page_count × page_size): in the file for a file store, in RSS for `:memory:`. */
  readonly dbBytes: number;
  readonly seconds: number;
}

export interface MemoryRun {
  readonly store: 'file' | 'memory';
  readonly gc: boolean;
  readonly samples: readonly MemorySample[];
  readonly questionsPerSecond: number;
}

const CHECKPOINTS = [10_000, 25_000, 50_000, 75_000, 100_000];

export async function memoryAfterQuestions(options: {
  readonly knowledgeDir: string;
  readonly questions: readonly string[];
  readonly store: 'file' | 'memory';
  readonly total?: number;
  readonly warmup?: number;
}): Promise<MemoryRun> {
  const total = options.total ?? 100_000;
  const warmup = options.warmup ?? 2_000;
  const checkpoints = CHECKPOINTS.filter(c => c < total).concat(total);
  const gc = forcedGc();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-memory-bench-'));
  const store = openSqliteStore(options.store === 'file' ? path.join(dir, 'state.sqlite') : ':memory:');
  const logger = benchLogger();
  const { core } = benchCore(options.knowledgeDir, store, logger);
  const invocation = (i: number): Invocation => ({
    platform: i % 3 === 0 ? 'discord' : 'slack',
    workspace: `W${i % 5}`,
    channel: `C${i % 50}`,
    user: { id: `U${i % 500}`, name: `user${i % 500}`, canManage: false, isBot: false },
    lang: i % 4 === 0 ? 'zh' : 'en',
  });
  const input = (i: number): Input => {
    const text = options.questions[i % options.questions.length]!;
    // Seven in ten through `/ask`, the rest as mentions or DMs.
    return i % 10 < 7 ? { kind: 'command-text', name: 'ask', text } : { kind: 'message', text, addressed: true };
  };
  const collect = () => {
    if (!gc) return;
    gc();
    gc();
  };
  const dbBytes = () => Number(store.db.pragma('page_count', { simple: true })) * Number(store.db.pragma('page_size', { simple: true }));
  const samples: MemorySample[] = [];
  const started = performance.now();
  const take = (label: string, questions: number) => {
    collect();
    const m = process.memoryUsage();
    const proc = procStatus();
    samples.push({
      label,
      questions,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      rss: m.rss,
      rssAnon: proc.RssAnon,
      rssFile: proc.RssFile,
      external: m.external,
      dbBytes: dbBytes(),
      seconds: (performance.now() - started) / 1000,
    });
  };
  let measuredStart = 0;
  try {
    take('before', 0);
    let i = 0;
    for (; i < warmup; i++) await core.dispatcher.handle(invocation(i), input(i));
    take('after warm-up', i);
    measuredStart = performance.now();
    for (const checkpoint of checkpoints) {
      for (; i < warmup + checkpoint; i++) await core.dispatcher.handle(invocation(i), input(i));
      take(`after ${checkpoint.toLocaleString('en-US')}`, i);
    }
  } finally {
    core.shutdown();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const measuredSeconds = (performance.now() - measuredStart - 0) / 1000;
  if (logger.counts.error > 0) throw new Error(`the dispatcher logged errors: ${logger.counts.samples.join(' | ')}`);
  return { store: options.store, gc: Boolean(gc), samples, questionsPerSecond: total / measuredSeconds };
}

export function memoryReport(runs: readonly MemoryRun[]): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    const warm = run.samples.find(s => s.label === 'after warm-up')!;
    const last = run.samples.at(-1)!;
    const measured = last.questions - warm.questions;
    const mid = run.samples.find(s => s.questions - warm.questions === measured / 2) ?? run.samples[Math.floor(run.samples.length / 2)]!;
    const k = (n: number) => (n >= 1000 ? `${(n / 1000).toLocaleString('en-US')}k` : String(n));
    const heapGrowth = last.heapUsed - warm.heapUsed;
    const rssNotDb = last.rss - warm.rss - (run.store === 'memory' ? last.dbBytes - warm.dbBytes : 0);
    lines.push(
      `### Memory after ${measured.toLocaleString('en-US')} questions through the dispatcher — SQLite ${run.store === 'file' ? 'state file (WAL), as production' : 'in memory (`:memory:`, as the tests)'}`,
      '',
      ...markdownTable(
        ['checkpoint', 'questions so far (with warm-up)', 'heap used', 'heap total', 'RSS', 'RSS anon / file', 'external', 'database', 'elapsed'],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
        run.samples.map(s => [
          s.label,
          s.questions.toLocaleString('en-US'),
          mb(s.heapUsed),
          mb(s.heapTotal),
          mb(s.rss),
          s.rssAnon === undefined ? '—' : `${mb(s.rssAnon)} / ${mb(s.rssFile ?? 0)}`,
          mb(s.external),
          mb(s.dbBytes),
          `${s.seconds.toFixed(1)} s`,
        ]),
      ),
      '',
      `${run.questionsPerSecond.toFixed(0)} questions/s through the dispatcher; heap ${run.gc ? 'after forced gc' : 'WITHOUT forced gc (no --expose-gc)'}: ` +
        `${signedMb(mid.heapUsed - warm.heapUsed)} after ${k(mid.questions - warm.questions)} and ${signedMb(heapGrowth)} after ${k(measured)} vs after warm-up; ` +
        `RSS ${signedMb(last.rss - warm.rss)}${run.store === 'memory' ? ` (of which the in-memory database ${signedMb(last.dbBytes - warm.dbBytes)}; the rest ${signedMb(rssNotDb)})` : ''}; ` +
        `database ${signedMb(last.dbBytes - warm.dbBytes)} (${((last.dbBytes - warm.dbBytes) / Math.max(1, last.questions - warm.questions)).toFixed(0)} bytes a question, the question log growing by design).`,
      `verdict: ${Math.abs(heapGrowth) <= Math.max(2 * 1048576, warm.heapUsed * 0.05) ? 'heap flat (within 5 % or 2 MB of the warm-up level)' : 'HEAP GREW'}`,
      '',
    );
  }
  return lines;
}

function signedMb(bytes: number): string {
  return `${bytes >= 0 ? '+' : '−'}${mb(Math.abs(bytes))}`;
}

/** RssAnon and RssFile from /proc/self/status, in bytes (empty off Linux). */
function procStatus(): { RssAnon?: number; RssFile?: number } {
  try {
    const text = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
      return m ? Number(m[1]) * 1024 : undefined;
    };
    const anon = kb('RssAnon');
    const file = kb('RssFile');
    return { ...(anon !== undefined ? { RssAnon: anon } : {}), ...(file !== undefined ? { RssFile: file } : {}) };
  } catch {
    return {};
  }
}
