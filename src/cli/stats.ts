import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { DEFAULT_STATS_OPTIONS, type QuestionStats, type Store } from '../core/store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Args } from './args.ts';

/**
 * `interview-bot stats [--db FILE] [--json] [--low N] [--limit N]`: what a maintainer needs to
 * improve the notes: the counts, the declined questions, each "did you mean" with what the person
 * picked, the answers that got 👎, and the answers given with low confidence (where a confidently
 * wrong answer would otherwise stay invisible).
 */
export function statsCli(args: Args): number | Promise<number> {
  const fileArg = args.value('db');
  const file = fileArg ?? process.env.DATABASE_FILE ?? path.join(PROJECT_ROOT, 'data', 'interview-bot.sqlite');
  const json = args.flag('json');
  const low = number(args.value('low'), DEFAULT_STATS_OPTIONS.lowConfidenceBelow, '--low');
  const limit = number(args.value('limit'), DEFAULT_STATS_OPTIONS.limit, '--limit');
  args.positionals();
  // With DATABASE_URL (several hosts on PostgreSQL) the question log is there, unless --db names a file.
  const url = process.env.DATABASE_URL?.trim();
  if (url && fileArg === undefined) return postgresStats(url, json, low, limit);
  return printStats(openSqliteStore(file), json, low, limit);
}

async function postgresStats(url: string, json: boolean, low: number, limit: number): Promise<number> {
  const { openPostgresStore } = await import('../store/postgres/pg-store.ts');
  return printStats(await openPostgresStore({ url, leaseTimer: false, poolSize: 1 }), json, low, limit);
}

/** Prints the question log's stats from either store, then closes it. */
function printStats(store: Pick<Store, 'questions' | 'close'>, json: boolean, low: number, limit: number): number {
  try {
    const s = store.questions.stats({ lowConfidenceBelow: low, limit });
    process.stdout.write(json ? JSON.stringify(s) + '\n' : renderStats(s, low));
    return 0;
  } finally {
    store.close();
  }
}

/** The stats as text for a person: counts first, then each list (omitted when empty). */
export function renderStats(s: QuestionStats, low: number): string {
  const total = s.answered + s.suggested + s.declined;
  const when = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');
  const lines = [`questions: ${total} (answered ${s.answered}, did-you-mean ${s.suggested}, declined ${s.declined})`, `feedback: 👍 ${s.up}  👎 ${s.down}`];
  const section = (title: string, rows: readonly string[]) => {
    if (rows.length > 0) lines.push('', title, ...rows.map(r => `  ${r}`));
  };
  section('declined (nothing in the notes answers them: add an entry, or an alias to the entry that should):', s.declines.map(d => `${when(d.at)}  ${d.query}`));
  section(
    'did you mean (and what the person picked: an alias there makes it a direct answer next time):',
    s.suggestions.map(d => `${when(d.at)}  ${d.query}  →  ${d.picked === null ? '(nothing picked)' : `picked ${d.picked}`}`),
  );
  section('answers that got 👎 (the answer may be wrong, or the question may belong to another entry):', s.downVoted.map(d => `${when(d.at)}  ${d.query}  →  ${d.entryId ?? '?'}`));
  section(
    `answers given with low confidence (below ${low.toFixed(2)}: check that they are right):`,
    s.lowConfidence.map(d => `${when(d.at)}  ${d.query}  →  ${d.entryId ?? '?'} (${d.score.toFixed(2)})`),
  );
  return lines.join('\n') + '\n';
}

function number(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number >= 0 (got "${raw}")`);
  return n;
}
