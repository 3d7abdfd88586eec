import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Store } from '../src/core/store.ts';
import { describeDatabase, openPostgresStore } from '../src/store/postgres/pg-store.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';

/**
 * Latency of the store operations the bot makes while serving, on SQLite (a temporary WAL file) and on
 * PostgreSQL (`--database-url`, a database the benchmark may write to: it uses its own workspace ids).
 * Each row: `count` calls one after another from one thread, as the bot makes them.
 */

export interface StoreOpRow {
  readonly store: string;
  readonly op: string;
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(store: string, op: string, count: number, work: (i: number) => void): StoreOpRow {
  for (let i = 0; i < Math.min(50, count); i++) work(-1 - i); // warm-up
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    work(i);
    times.push(performance.now() - t);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  return { store, op, p50: percentile(times, 50), p99: percentile(times, 99), perSecond: count / (total / 1000) };
}

function measure(name: string, store: Store, count: number): StoreOpRow[] {
  const run = `b${Date.now().toString(36)}`;
  const channel = { platform: 'slack' as const, workspace: run, channel: 'C1' };
  const ids: string[] = [];
  const rows: StoreOpRow[] = [];
  rows.push(
    time(name, 'question log (record, written behind)', count, i => {
      const id = store.questions.record({ at: Date.now(), platform: 'slack', workspace: run, channel: 'C1', user: `u${i % 50}`, query: `what is the GIL ${i}`, outcome: 'answer', entryId: 'python-gil', score: 0.9 });
      if (i >= 0) ids.push(id);
    }),
  );
  // The writes behind are in the database once a call returns: the first vote waits for them.
  rows.push(time(name, 'vote (feedback)', count, i => void store.questions.feedback(ids[Math.max(0, i)]!, 'voter', i % 2 ? 'up' : 'down', Date.now())));
  rows.push(time(name, 'is the day claimed', count, i => void store.daily.isClaimed(channel, `2026-01-${String((Math.abs(i) % 28) + 1).padStart(2, '0')}`)));
  rows.push(
    time(name, 'claim a daily post', count, i =>
      void store.daily.claimPost({ channel: { ...channel, channel: `C${i}` }, day: '2026-12-07', lang: 'en', at: Date.now(), revealAt: null }, r => ({ entryId: 'e', rotation: { cycle: 1, queue: [], posted: [...(r?.posted ?? []), 'e'] } })),
    ),
  );
  rows.push(
    time(name, 'award a quiz answer', count, i =>
      void store.quiz.award({ quizId: `${run}q`, item: i + 100, platform: 'slack', workspace: run, user: `u${Math.abs(i) % 50}`, name: 'N', entryId: 'e', topic: 't', points: 10, at: Date.now() }),
    ),
  );
  rows.push(time(name, 'leaderboard (50 people)', Math.min(count, 500), () => void store.quiz.leaderboard('slack', run, 10)));
  return rows;
}

export async function storeBench(options: { readonly databaseUrl?: string; readonly count: number }): Promise<{ rows: StoreOpRow[]; postgres: string | undefined }> {
  const rows: StoreOpRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-store-bench-'));
  try {
    const sqlite = openSqliteStore(path.join(dir, 'bench.sqlite'));
    try {
      rows.push(...measure('SQLite (WAL file)', sqlite, options.count));
    } finally {
      sqlite.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (options.databaseUrl) {
    const pg = await openPostgresStore({ url: options.databaseUrl, leaseTimer: false });
    try {
      rows.push(...measure('PostgreSQL', pg, options.count));
    } finally {
      pg.close();
    }
  }
  return { rows, postgres: options.databaseUrl ? describeDatabase(options.databaseUrl) : undefined };
}

export function storeBenchReport(run: { rows: readonly StoreOpRow[]; postgres: string | undefined }): string[] {
  return [
    '### Store operations (one thread, one call after another)',
    '',
    '| store | operation | p50 | p99 | calls/s |',
    '| --- | --- | ---: | ---: | ---: |',
    ...run.rows.map(r => `| ${r.store} | ${r.op} | ${r.p50.toFixed(3)} ms | ${r.p99.toFixed(3)} ms | ${r.perSecond.toFixed(0)} |`),
    '',
    run.postgres ? `PostgreSQL: ${run.postgres}` : 'PostgreSQL: not measured (pass --database-url postgres://… to a database the benchmark may write to)',
  ];
}
