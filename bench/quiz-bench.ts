/**
 * Quiz generation from plain notes, measured: the cost at load (once per knowledge folder) and the
 * time to start a 10-question quiz over a folder of 1,000 entries (the target is < 100 ms).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Invocation } from '../src/core/commands/command-spec.ts';
import { createCore } from '../src/core/create-core.ts';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import { silentLogger, type Random } from '../src/core/ports.ts';
import { generateQuizzes, termLookup } from '../src/core/quiz/generate/index.ts';
import { withDerivedTopics } from '../src/core/knowledge/topics.ts';
import { BUILTIN_GLOSSARY } from '../src/core/matching/glossary-data.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { systemClock } from '../src/host/system-ports.ts';
import { markdownTable, ms, percentile } from './stats.ts';

/**
 * Writes `count` plain notes shaped like interview notes (10 folders, 50 entries a file): a
 * question heading, two or three sentences with a **bold** term and some `code`, sometimes a code
 * block. No front matter, no quiz items: everything a quiz asks has to be generated.
 */
export function writeQuizCorpus(dir: string, count: number, random: Random): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)]!;
  const terms = BUILTIN_GLOSSARY.flatMap(g => g.filter(w => /^[a-z][a-z ]{3,20}$/i.test(w)));
  const verbs = ['keeps', 'updates', 'copies', 'locks', 'sends', 'stores', 'checks', 'retries', 'splits', 'merges'];
  const objects = ['the request', 'each row', 'the buffer', 'a snapshot', 'the index', 'every message', 'the session', 'the log'];
  let file = '';
  for (let i = 0; i < count; i++) {
    const a = pick(terms);
    const b = pick(terms.filter(t => t !== a));
    // The marked term is a third one, not in the title (a blank the title names is no item).
    const c = pick(terms.filter(t => t !== a && t !== b && !a.includes(t) && !b.includes(t)));
    file += `## How does ${a} work with ${b} (case ${i + 1})?\n\n`;
    file += `The ${a} ${pick(verbs)} ${pick(objects)} before the ${b} ${pick(verbs)} ${pick(objects)}. `;
    file += `Before any write, the system first asks **${c}** about ${pick(objects)}, so nothing is lost. `;
    file += `A retry goes through the \`retry_${i}()\` helper of the client library. `;
    file += `When it fails, the ${a} ${pick(verbs)} ${pick(objects)} again.\n\n`;
    if (random.next() < 0.3) file += '```python\nresult = run(step)  # one example\n```\n\n';
    if ((i + 1) % 50 === 0 || i === count - 1) {
      const n = Math.floor(i / 50);
      const folder = path.join(dir, `topic-${n % 10}`);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, `notes-${String(n).padStart(3, '0')}.md`), file);
      file = '';
    }
  }
}

export interface QuizBenchRun {
  readonly entries: number;
  readonly quizzable: number;
  readonly items: number;
  /** Reading, parsing and generating, as the bot does at start-up. */
  readonly loadMs: number;
  /** Of which: topics and quiz generation alone. */
  readonly generateMs: number;
  /** Starting a 10-question quiz (the /quiz reply ready), per start. */
  readonly startP50: number;
  readonly startMax: number;
}

export async function quizBench(dir: string, random: Random, starts = 30): Promise<QuizBenchRun> {
  let t = performance.now();
  const kb = loadKnowledge(dir);
  const loadMs = performance.now() - t;
  // Generation alone, on the parsed entries (what loadKnowledge did after parsing).
  const parsed = kb.entries.map(e => ({ ...e, quiz: [] }));
  t = performance.now();
  generateQuizzes(withDerivedTopics(parsed), { terms: termLookup([...BUILTIN_GLOSSARY, ...kb.glossary]) });
  const generateMs = performance.now() - t;

  const store = openSqliteStore(':memory:');
  const core = createCore({ knowledge: kb, store, clock: systemClock(), random, logger: silentLogger, poster: { post: async () => {} } });
  const times: number[] = [];
  try {
    for (let i = 0; i < starts; i++) {
      const invocation: Invocation = { platform: 'console', workspace: 'bench', channel: `c${i}`, user: { id: `u${i}`, name: 'bench', canManage: false }, lang: 'en' };
      const started = performance.now();
      const replies = await core.services.quiz.start(invocation, { questions: 10 });
      times.push(performance.now() - started);
      if (!replies[0]?.body.includes('10 questions')) throw new Error(`the quiz did not start with 10 questions: ${replies[0]?.body}`);
    }
  } finally {
    core.shutdown();
    store.close();
  }
  times.sort((a, b) => a - b);
  const c = kb.quizCoverage!;
  return {
    entries: kb.entries.length,
    quizzable: c.generated + c.handWritten,
    items: c.items['which-question'] + c.items['which-answer'] + c.items['fill-term'],
    loadMs,
    generateMs,
    startP50: percentile(times, 50),
    startMax: times.at(-1)!,
  };
}

export function quizBenchReport(runs: readonly (QuizBenchRun & { corpus: string })[]): string[] {
  return [
    '### Quiz items generated from plain notes',
    '',
    ...markdownTable(
      ['corpus', 'entries', 'quizzable', 'items', 'load (with generation)', 'generation alone', 'start a 10-question quiz (p50)', 'slowest start'],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      runs.map(r => [r.corpus, String(r.entries), String(r.quizzable), String(r.items), ms(r.loadMs), ms(r.generateMs), ms(r.startP50), ms(r.startMax)]),
    ),
    '',
    'target: a 10-question quiz over 1,000 generated-item entries starts in < 100 ms (generation is paid once, at load)',
  ];
}
