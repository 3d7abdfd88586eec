import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateCorpus, seededRandom } from '../bench/generate-corpus.ts';
import { KnowledgeAnswerer } from '../core/answering/knowledge-answerer.ts';
import { loadKnowledge } from '../core/knowledge/loader.ts';
import { pick } from '../core/language.ts';
import { BUILTIN_GLOSSARY } from '../core/matching/glossary-data.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../core/matching/stopwords.ts';
import { silentLogger } from '../core/ports.ts';
import { PROJECT_ROOT } from '../config.ts';
import { systemClock } from '../system-ports.ts';
import type { Args } from './args.ts';

interface Row {
  readonly corpus: string;
  readonly entries: number;
  readonly loadMs: number;
  readonly p50: number;
  readonly p99: number;
  readonly qps: number;
  readonly heapMb: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function measure(corpus: string, dir: string, queries: readonly string[]): Row & { chars: number } {
  const t0 = performance.now();
  const knowledge = loadKnowledge(dir);
  const answerer = new KnowledgeAnswerer({
    knowledge,
    builtinGlossary: BUILTIN_GLOSSARY,
    stopwordsEn: STOPWORDS_EN,
    stopwordsZh: STOPWORDS_ZH,
    clock: systemClock(),
    logger: silentLogger,
  });
  const loadMs = performance.now() - t0;
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
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    qps: queries.length / (total / 1000),
    heapMb: process.memoryUsage().heapUsed / 1048576,
  };
}

/** Questions in the styles people ask: titles, paraphrases, keywords, typos, out-of-scope. */
function questionsFor(titles: readonly string[], random: ReturnType<typeof seededRandom>, n: number): string[] {
  const extra = ['how do I bake bread', '如何减肥', 'qwertyuiop', 'what is the best laptop', 'decorater', 'GIL 对多线程有什么影响', 'python gc generations'];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = random.next();
    const title = titles[Math.floor(random.next() * titles.length)] ?? 'GIL';
    if (r < 0.1) out.push(extra[Math.floor(random.next() * extra.length)]!);
    else if (r < 0.4) out.push(title);
    else if (r < 0.7) out.push(`what is ${title.split(/\s+/).slice(-3).join(' ')}`);
    else out.push(title.replace(/[aeiou]/, 'x'));
  }
  return out;
}

/** `npm run bench`: load+index time, query latency and memory for the shipped knowledge and generated corpora. */
export async function benchCli(args: Args): Promise<number> {
  const sizes = (args.value('sizes') ?? '1000,10000').split(',').map(Number);
  const queryCount = Number(args.value('queries') ?? '2000');
  args.positionals();
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
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    `interview-bot bench — Node ${process.version}, ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    '',
    '| corpus | entries | avg chars/entry | load+index | p50 | p99 | questions/s (1 core) | heap after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      r =>
        `| ${r.corpus} | ${r.entries} | ${(r.chars / Math.max(1, r.entries)).toFixed(0)} | ${r.loadMs.toFixed(0)} ms | ${r.p50.toFixed(3)} ms | ${r.p99.toFixed(3)} ms | ${r.qps.toFixed(0)} | ${r.heapMb.toFixed(0)} MB |`,
    ),
    '',
    `peak memory (max RSS of the whole run): ${peakMb.toFixed(0)} MB`,
    'targets: p50 < 1 ms and p99 < 5 ms at 1,000 entries; p99 < 20 ms at 10,000; load+index of 10,000 < 3 s',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
