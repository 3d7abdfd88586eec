import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import type { Args } from './args.ts';

/** `interview-bot stats [--db FILE]`: counts of answered/suggested/declined questions and feedback. */
export function statsCli(args: Args): number {
  const file = args.value('db') ?? process.env.DATABASE_FILE ?? path.join(PROJECT_ROOT, 'data', 'interview-bot.sqlite');
  const json = args.flag('json');
  args.positionals();
  const store = openSqliteStore(file);
  try {
    const s = store.questions.stats();
    if (json) {
      process.stdout.write(JSON.stringify(s) + '\n');
      return 0;
    }
    const total = s.answered + s.suggested + s.declined;
    const lines = [
      `questions: ${total} (answered ${s.answered}, did-you-mean ${s.suggested}, declined ${s.declined})`,
      `feedback: 👍 ${s.up}  👎 ${s.down}`,
    ];
    if (s.recentMisses.length > 0) {
      lines.push('recent misses (declined or 👎) — candidates for new aliases:');
      for (const m of s.recentMisses) lines.push(`  ${new Date(m.at).toISOString()}  ${m.outcome.padEnd(7)}  ${m.query}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    store.close();
  }
}
