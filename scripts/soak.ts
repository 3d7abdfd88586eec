/**
 * Soak test, run by hand: the Slack adapter in HTTP mode (as `npm start` runs it, with a SQLite
 * state file and pino logging) answers signed `/ask` slash commands at a steady rate from a local
 * fake Slack, for a long time; RSS and heap are sampled every 30 s and every error is counted.
 * Everything stays on 127.0.0.1 and the run ends by itself.
 *
 *   npx tsx scripts/soak.ts [--rate 20] [--minutes 10] [--sample-seconds 30] [--warmup-seconds 60] [--knowledge DIR]
 *
 * Verdict: memory is flat when, after the warm-up, the mean of the last quarter of the samples is
 * not more than 10 % above the mean of the first quarter (RSS and heap after a forced gc); and
 * there must be zero errors (non-200 acknowledgements, timeouts, answers that never reached
 * response_url, warnings or errors logged by the bot). Exit code 0 when both hold, 1 otherwise.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Args } from '../src/cli/args.ts';
import { rerunWithGc, forcedGc } from '../bench/expose-gc.ts';
import { seededRandom } from '../bench/generate-corpus.ts';
import { SHIPPED_KNOWLEDGE, shippedQuestions } from '../bench/questions.ts';
import { LoadDriver, startBenchBot } from '../bench/slack-bench-bot.ts';
import type { LoadStats } from '../bench/slack-load-driver.ts';
import { errorSummary, errorTotal, machineLine, markdownTable, mb, mean, ms } from '../bench/stats.ts';

interface Sample {
  readonly t: number;
  readonly stats: LoadStats;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapAfterGc: number | undefined;
  readonly db: { db: number; wal: number };
  readonly loopP99: number;
}

async function soak(argv: readonly string[]): Promise<number> {
  const rerun = await rerunWithGc();
  if (rerun !== undefined) return rerun;
  const args = new Args(argv);
  const rate = Number(args.value('rate') ?? '20');
  const minutes = Number(args.value('minutes') ?? '10');
  const sampleSeconds = Number(args.value('sample-seconds') ?? '30');
  const warmupSeconds = Number(args.value('warmup-seconds') ?? '60');
  const knowledgeDir = args.value('knowledge') ?? SHIPPED_KNOWLEDGE;
  args.positionals();
  if (!(rate > 0 && rate <= 2000) || !(minutes > 0 && minutes <= 24 * 60) || !(sampleSeconds >= 1)) {
    throw new Error('--rate must be in (0, 2000], --minutes in (0, 1440], --sample-seconds ≥ 1');
  }
  const gc = forcedGc();
  const durationMs = minutes * 60_000;
  process.stdout.write(`soak: ${rate} /ask a second for ${minutes} min, samples every ${sampleSeconds} s — ${await machineLine()}\n`);
  if (!gc) process.stdout.write('(no --expose-gc: heap is sampled without a forced collection)\n');

  const driver = await LoadDriver.start(durationMs + 120_000);
  const bot = await startBenchBot({ apiUrl: driver.apiUrl, knowledgeDir });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const samples: Sample[] = [];
  const started = Date.now();
  const sample = (stats: LoadStats): Sample => {
    const before = process.memoryUsage();
    let heapAfterGc: number | undefined;
    if (gc) {
      gc();
      heapAfterGc = process.memoryUsage().heapUsed;
    }
    const s: Sample = {
      t: (Date.now() - started) / 1000,
      stats,
      rss: before.rss,
      heapUsed: before.heapUsed,
      heapAfterGc,
      db: bot.dbBytes(),
      loopP99: loop.percentile(99) / 1e6,
    };
    loop.reset();
    return s;
  };
  samples.push(sample({ seconds: 0, sent: 0, acked: 0, errors: {}, ack: { p50: NaN, p90: NaN, p99: NaN, max: NaN }, delivered: 0, delivery: { p50: NaN, p99: NaN, max: NaN }, senderLag: { p99: NaN, max: NaN }, apiCalls: {} }));
  const printRow = (s: Sample) =>
    process.stdout.write(
      `  ${s.t.toFixed(0).padStart(5)} s  sent ${String(s.stats.sent).padStart(5)}  errors ${errorTotal(s.stats.errors)}  ack p99 ${ms(s.stats.ack.p99)}  delivered ${s.stats.delivered}  RSS ${mb(s.rss)}  heap ${mb(s.heapAfterGc ?? s.heapUsed)}\n`,
    );

  let total: LoadStats;
  try {
    total = await driver.run(
      bot,
      {
        rate,
        durationMs,
        windowMs: sampleSeconds * 1000,
        questions: shippedQuestions(seededRandom(7), 5000),
        users: 200,
        channels: 20,
        timeoutMs: 10_000,
        drainMs: 15_000,
      },
      (_index, stats) => {
        const s = sample(stats);
        samples.push(s);
        printRow(s);
      },
    );
  } finally {
    loop.disable();
    await bot.stop();
    await driver.close();
  }

  // Verdict.
  const measured = samples.slice(1).filter(s => s.t > warmupSeconds + 1 && s.stats.seconds >= sampleSeconds * 0.5);
  const quarter = Math.max(1, Math.floor(measured.length / 4));
  const first = measured.slice(0, quarter);
  const last = measured.slice(-quarter);
  const growth = (pickValue: (s: Sample) => number) => mean(last.map(pickValue)) / mean(first.map(pickValue)) - 1;
  const rssGrowth = growth(s => s.rss);
  const heapGrowth = growth(s => s.heapAfterGc ?? s.heapUsed);
  const undelivered = total.acked - total.delivered;
  const botProblems = bot.logger.counts.warn + bot.logger.counts.error;
  const errors = errorTotal(total.errors) + Math.max(0, undelivered) + botProblems;
  const flat = measured.length >= 2 && rssGrowth <= 0.1 && heapGrowth <= 0.1;

  const lines = [
    '',
    ...markdownTable(
      ['t', 'sent', 'acked', 'errors', 'ack p50', 'ack p99', 'delivered', 'delivery p99', 'loop delay p99', 'RSS', 'heap used', gc ? 'heap after gc' : 'heap (no gc)', 'DB file', 'WAL'],
      ['r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      samples.map(s => [
        `${s.t.toFixed(0)} s`,
        String(s.stats.sent),
        String(s.stats.acked),
        errorSummary(s.stats.errors),
        ms(s.stats.ack.p50),
        ms(s.stats.ack.p99),
        String(s.stats.delivered),
        ms(s.stats.delivery.p99),
        ms(s.loopP99),
        mb(s.rss),
        mb(s.heapUsed),
        mb(s.heapAfterGc ?? s.heapUsed),
        mb(s.db.db),
        mb(s.db.wal),
      ]),
    ),
    '',
    `total: ${total.sent} sent in ${total.seconds.toFixed(0)} s (${(total.sent / Math.max(1, total.seconds)).toFixed(1)}/s), ${total.acked} acknowledged, ack p50 ${ms(total.ack.p50)} p99 ${ms(total.ack.p99)} max ${ms(total.ack.max)}, ` +
      `${total.delivered} answers delivered (p50 ${ms(total.delivery.p50)}, p99 ${ms(total.delivery.p99)}), Web API calls ${JSON.stringify(total.apiCalls)}`,
    `errors: requests ${errorSummary(total.errors)}; undelivered answers ${Math.max(0, undelivered)}; bot warnings ${bot.logger.counts.warn}, errors ${bot.logger.counts.error}${bot.logger.counts.samples.length ? ` (${bot.logger.counts.samples.join(' | ')})` : ''}`,
    `memory after the ${warmupSeconds} s warm-up, last quarter vs first quarter of ${measured.length} samples: RSS ${pct(rssGrowth)}, heap ${pct(heapGrowth)} (limit +10 %)`,
    `verdict: ${flat ? 'memory flat' : measured.length < 2 ? 'too few samples to judge memory' : 'MEMORY GREW'}; ${errors === 0 ? 'zero errors' : `${errors} ERRORS`} → ${flat && errors === 0 ? 'PASS' : 'FAIL'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return flat && errors === 0 ? 0 : 1;
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %` : '—';
}

soak(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
