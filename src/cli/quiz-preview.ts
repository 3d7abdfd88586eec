import path from 'node:path';
import type { Entry, QuizItem } from '../core/knowledge/entry.ts';
import { loadKnowledge } from '../core/knowledge/loader.ts';
import { entryTopics, findTopic } from '../core/knowledge/topics.ts';
import { pick, type Lang } from '../core/language.ts';
import type { Args } from './args.ts';

/** One generated item as the preview shows it. */
export interface PreviewItem {
  readonly id: string;
  readonly kind: string;
  readonly prompt: string;
  readonly options?: readonly string[];
  /** The right letter (choice) or the accepted answers (typed). */
  readonly answer: string;
  readonly accept?: readonly string[];
  readonly entry: string;
  readonly file: string;
  readonly line: number;
  /** The entry's own text, so a reader can judge the item without opening the notes. */
  readonly text: string;
}

/**
 * `n` generated items spread evenly over the entries that have them (one per entry, its kinds in
 * turn), in a stable order: the same notes always preview the same items.
 */
export function previewItems(entries: readonly Entry[], n: number, topic?: string): PreviewItem[] {
  let pool = entries.filter(e => e.quiz.some(q => q.generated !== undefined));
  if (topic !== undefined) {
    const found = findTopic(new Set(entries.flatMap(e => entryTopics(e))), topic);
    if (found === undefined) throw new Error(`no topic "${topic}"`);
    pool = pool.filter(e => entryTopics(e).includes(found));
  }
  const count = Math.min(n, pool.length);
  const out: PreviewItem[] = [];
  const shown = new Set<QuizItem>();
  for (let k = 0; k < count; k++) {
    const entry = pool[Math.floor((k * pool.length) / count)]!;
    const item = entry.quiz[k % entry.quiz.length]!;
    shown.add(item);
    out.push(describe(entry, item));
  }
  // More asked for than there are entries: the entries' other items, spread evenly too.
  const rest = pool.flatMap(e => e.quiz.filter(q => q.generated !== undefined && !shown.has(q)).map(q => ({ e, q })));
  const more = Math.min(n - out.length, rest.length);
  for (let k = 0; k < more; k++) {
    const { e, q } = rest[Math.floor((k * rest.length) / more)]!;
    out.push(describe(e, q));
  }
  return out;
}

function langOf(entry: Entry): Lang {
  return (Object.keys(entry.body)[0] as Lang | undefined) ?? 'en';
}

function describe(entry: Entry, item: QuizItem): PreviewItem {
  const lang = langOf(entry);
  const text = (entry.ownText ?? entry.body[lang] ?? '').slice(0, 1200);
  const base = {
    id: item.generated?.id ?? '',
    kind: item.generated?.kind ?? 'hand-written',
    prompt: pick(item.question, lang),
    entry: pick(entry.title, lang),
    file: entry.source.file,
    line: entry.source.line,
    text,
  };
  if (item.type === 'choice') return { ...base, options: item.options.map(o => pick(o, lang)), answer: item.answer };
  return { ...base, answer: item.accept[0] ?? '', accept: item.accept };
}

export function formatPreview(item: PreviewItem, index: number): string {
  const lines = [`[${index + 1}] ${item.kind} · ${item.file}:${item.line} · "${item.entry}" (${item.id})`, item.prompt];
  if (item.options) item.options.forEach((o, i) => lines.push(`  ${'ABCD'[i]}. ${o}${'ABCD'[i] === item.answer ? '   ✓' : ''}`));
  else lines.push(`  answer: ${item.accept!.join(' | ')}`);
  return lines.join('\n') + '\n';
}

/** `interview-bot quiz-preview [--knowledge DIR] [--topic T] [--n N] [--jsonl]`: what the bot will ask. */
export function quizPreviewCli(args: Args, knowledgeDefault: string): number {
  const dir = path.resolve(args.value('knowledge') ?? knowledgeDefault);
  const topic = args.value('topic');
  const n = Number(args.value('n') ?? '10');
  const jsonl = args.flag('jsonl');
  args.positionals();
  if (!Number.isInteger(n) || n < 1) throw new Error('--n needs a whole number ≥ 1');
  const kb = loadKnowledge(dir);
  const items = previewItems(kb.entries, n, topic);
  if (jsonl) {
    for (const item of items) process.stdout.write(JSON.stringify(item) + '\n');
    return 0;
  }
  items.forEach((item, i) => process.stdout.write(formatPreview(item, i) + '\n'));
  const c = kb.quizCoverage;
  if (c) {
    process.stdout.write(
      `${items.length} of ${Object.values(c.items).reduce((sum, n) => sum + n, 0)} generated items shown ` +
        `(${c.generated} entries with generated items, ${c.handWritten} with hand-written ones)\n`,
    );
  }
  return items.length > 0 ? 0 : 1;
}
