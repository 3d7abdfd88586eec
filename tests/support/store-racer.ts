import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, workerData, parentPort, isMainThread } from 'node:worker_threads';
import type { Store } from '../../src/core/store.ts';

/**
 * Real races between "hosts" for the store contract: each racer is a worker thread with its own store
 * (its own SQLite connection, or its own PostgreSQL pool), all released at once by a shared barrier,
 * each doing the same thing (claim a day, start a quiz in a channel, award an answer). The result of
 * each is reported back: a value, or the UserError code it threw.
 */

export type Backend = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'postgres'; readonly url: string };

export type RaceOp =
  | { readonly op: 'claimDay'; readonly channel: { platform: 'slack'; workspace: string; channel: string }; readonly day: string; readonly at: number }
  | { readonly op: 'beginQuiz'; readonly workspace: string; readonly channel: string; readonly at: number }
  | { readonly op: 'award'; readonly workspace: string; readonly quizId: string; readonly at: number };

export type RaceResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly code: string };

async function openStore(backend: Backend, now: number): Promise<Store> {
  if (backend.kind === 'sqlite') {
    const { openSqliteStore } = await import('../../src/store/sqlite/sqlite-store.ts');
    return openSqliteStore(backend.file, { now: () => now });
  }
  const { openPostgresStore } = await import('../../src/store/postgres/pg-store.ts');
  // A long call timeout: on a loaded machine a decision that took longer than usual is still a decision.
  return openPostgresStore({ url: backend.url, now: () => now, leaseTimer: false, callTimeoutMs: 20_000 });
}

function perform(store: Store, race: RaceOp, index: number): unknown {
  switch (race.op) {
    case 'claimDay':
      return store.daily.claimPost({ channel: race.channel, day: race.day, lang: 'en', at: race.at, revealAt: null }, rotation => ({
        entryId: `entry-${index}`,
        rotation: { cycle: (rotation?.cycle ?? 0) + 1, queue: [], posted: [`entry-${index}`] },
      }))?.entryId;
    case 'beginQuiz':
      return store.quiz.beginQuiz({ id: `quiz-${index}`, platform: 'slack', workspace: race.workspace, channel: race.channel, lang: 'en', topic: null, mode: 'quiz', startedBy: `u${index}`, startedAt: race.at, questions: 3 });
    case 'award':
      return store.quiz.award({ quizId: race.quizId, item: 0, platform: 'slack', workspace: race.workspace, user: 'alice', name: 'Alice', entryId: 'e1', topic: 't', points: 10 + index, at: race.at });
  }
}

/**
 * Runs `count` racers; each opens its store once, then all do `ops[0]` together, then all `ops[1]`, …
 * Resolves with the results, op by op, racer by racer.
 */
export async function race(backend: Backend, ops: readonly RaceOp[], count: number): Promise<RaceResult[][]> {
  const barrier = new SharedArrayBuffer(8);
  const flags = new Int32Array(barrier);
  const tsx = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
  const code = `
    const { workerData } = require('node:worker_threads');
    (async () => {
      (await import(workerData.tsx)).register();
      await import(workerData.module);
    })().catch(error => { console.error(error); process.exit(1); });
  `;
  const workers = Array.from({ length: count }, (_, index) =>
    new Worker(code, { eval: true, workerData: { tsx, module: import.meta.url, backend, ops, index, barrier, racer: true } }),
  );
  const inbox = workers.map(() => [] as (RaceResult | 'ready')[]);
  const waiting = workers.map(() => undefined as undefined | ((m: RaceResult | 'ready') => void));
  const failed = new Promise<never>((_, reject) => workers.forEach(w => w.on('error', reject)));
  workers.forEach((worker, i) =>
    worker.on('message', (message: RaceResult | 'ready') => {
      const take = waiting[i];
      if (take) {
        waiting[i] = undefined;
        take(message);
      } else inbox[i]!.push(message);
    }),
  );
  const next = (i: number) => (inbox[i]!.length > 0 ? Promise.resolve(inbox[i]!.shift()!) : new Promise<RaceResult | 'ready'>(resolve => (waiting[i] = resolve)));
  const all = () => Promise.race([Promise.all(workers.map((_, i) => next(i))), failed]);
  try {
    await all(); // every racer has opened its store
    const results: RaceResult[][] = [];
    for (let k = 0; k < ops.length; k++) {
      Atomics.store(flags, 0, k + 1); // release op k for everyone at once
      Atomics.notify(flags, 0);
      results.push((await all()) as RaceResult[]);
    }
    return results;
  } finally {
    await Promise.all(workers.map(w => w.terminate()));
  }
}

if (!isMainThread && (workerData as { racer?: boolean })?.racer) {
  const data = workerData as { backend: Backend; ops: RaceOp[]; index: number; barrier: SharedArrayBuffer };
  const store = await openStore(data.backend, data.ops[0]!.at);
  const flags = new Int32Array(data.barrier);
  parentPort!.postMessage('ready');
  for (let k = 0; k < data.ops.length; k++) {
    while (Atomics.load(flags, 0) < k + 1) Atomics.wait(flags, 0, k, 10_000);
    let result: RaceResult;
    try {
      result = { ok: true, value: perform(store, data.ops[k]!, data.index) ?? null };
    } catch (error) {
      result = { ok: false, code: String((error as { code?: unknown }).code ?? (error as Error).message) };
    }
    parentPort!.postMessage(result);
  }
  store.close();
}
