/**
 * "Slack HTTP endpoint throughput": the real Slack adapter in HTTP mode (slack-bench-bot.ts) gets
 * correctly signed `/ask` slash commands at increasing fixed rates from the load driver child
 * process (open loop, keep-alive). Per rate: acknowledgement latency (time to the 200, what Slack's
 * 3-second limit applies to), errors, and how many answers reached response_url and how fast.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LoadDriver, startBenchBot } from './slack-bench-bot.ts';
import type { ThroughputBot } from './slack-replicas.ts';
import type { LoadStats } from './slack-load-driver.ts';
import { errorSummary, errorTotal, markdownTable, ms } from './stats.ts';

export interface RateRow {
  readonly rate: number;
  readonly stats: LoadStats | undefined;
  /** Bot process CPU time over wall time during the step (1.0 = one core). */
  readonly botCpu: number;
  readonly loopP99: number;
  /** Warnings and errors the bot logged during the step. */
  readonly botProblems: number;
}

export interface SlackThroughputRun {
  readonly rows: readonly RateRow[];
  readonly seconds: number;
  readonly p99LimitMs: number;
  /**
   * The highest rate such that it and every lower rate had ack p99 under the limit, no errors and
   * every answer delivered (a lucky step above a failed one does not count).
   */
  readonly sustained: number | undefined;
  /** Where the bot ran: in this process on a SQLite state file, or `n` processes on PostgreSQL. */
  readonly setup: string;
}

/** A step is sustained when every request was acknowledged fast enough and answered. */
export function sustainedStep(row: RateRow, p99LimitMs: number): boolean {
  const s = row.stats;
  return s !== undefined && errorTotal(s.errors) === 0 && s.acked === s.sent && s.delivered === s.sent && s.ack.p99 < p99LimitMs && row.botProblems === 0;
}

export async function slackThroughput(options: {
  readonly knowledgeDir: string;
  readonly questions: readonly string[];
  readonly rates: readonly number[];
  readonly seconds: number;
  readonly p99LimitMs?: number;
  readonly log?: (line: string) => void;
  /** The bot under load (default: the adapter in this process on a temporary SQLite state file). */
  readonly bot?: { readonly setup: string; start(apiUrl: string): Promise<ThroughputBot> };
}): Promise<SlackThroughputRun> {
  const { rates, seconds } = options;
  const p99LimitMs = options.p99LimitMs ?? 100;
  const log = options.log ?? (() => undefined);
  const driver = await LoadDriver.start((rates.length * (seconds + 25) + 90) * 1000);
  const rows: RateRow[] = [];
  try {
    const bot: ThroughputBot = options.bot ? await options.bot.start(driver.apiUrl) : await inProcessBot(driver.apiUrl, options.knowledgeDir);
    try {
      const common = { questions: options.questions, users: 200, channels: 20, timeoutMs: 10_000, drainMs: 10_000 };
      // Warm-up: JIT, connections, and users.info for all 200 users (cached five minutes, like in production).
      await driver.run(bot, { ...common, rate: 50, durationMs: 4_000 });
      let saturated = false;
      for (const rate of rates) {
        if (saturated) {
          rows.push({ rate, stats: undefined, botCpu: Number.NaN, loopP99: Number.NaN, botProblems: 0 });
          continue;
        }
        await new Promise(r => setTimeout(r, 1_000));
        const loop = monitorEventLoopDelay({ resolution: 10 });
        const problemsBefore = bot.problems();
        const cpu0 = bot.cpuSeconds();
        const t0 = performance.now();
        loop.enable();
        const stats = await driver.run(bot, { ...common, rate, durationMs: seconds * 1000 });
        loop.disable();
        const row: RateRow = {
          rate,
          stats,
          botCpu: ((bot.cpuSeconds() - cpu0) * 1000) / (performance.now() - t0),
          loopP99: bot.inProcess ? loop.percentile(99) / 1e6 : Number.NaN,
          botProblems: bot.problems() - problemsBefore,
        };
        rows.push(row);
        log(`  ${rate}/s: ack p50 ${ms(stats.ack.p50)} p99 ${ms(stats.ack.p99)}, errors ${errorSummary(stats.errors)}, delivered ${stats.delivered}/${stats.sent}`);
        // Far past the knee: higher rates would only queue up (and take long to drain).
        saturated = errorTotal(stats.errors) > stats.sent * 0.05 || stats.ack.p99 > 2_000;
      }
    } finally {
      await bot.stop();
    }
  } finally {
    await driver.close();
  }
  let sustained: number | undefined;
  for (const row of [...rows].sort((a, b) => a.rate - b.rate)) {
    if (!sustainedStep(row, p99LimitMs)) break;
    sustained = row.rate;
  }
  return { rows, seconds, p99LimitMs, sustained, setup: options.bot?.setup ?? 'the adapter in the benchmark process, SQLite state file' };
}

/** The Slack adapter in this process on a temporary SQLite state file, as `npm start` wires it. */
async function inProcessBot(apiUrl: string, knowledgeDir: string): Promise<ThroughputBot> {
  const bot = await startBenchBot({ apiUrl, knowledgeDir });
  return {
    eventsUrl: bot.eventsUrl,
    signingSecret: bot.signingSecret,
    inProcess: true,
    problems: () => bot.logger.counts.warn + bot.logger.counts.error,
    cpuSeconds: () => {
      const cpu = process.cpuUsage();
      return (cpu.user + cpu.system) / 1e6;
    },
    stop: () => bot.stop(),
  };
}

export function slackThroughputReport(run: SlackThroughputRun, entries: number): string[] {
  return [
    `### Slack HTTP endpoint throughput, ${run.setup} (real Bolt HTTPReceiver on 127.0.0.1, signed \`/ask\` slash commands, shipped knowledge (${entries} entries), pino info log; ${run.seconds} s a rate, open loop, keep-alive; load driver and fake Web API in a child process)`,
    '',
    ...markdownTable(
      ['offered rate', 'sent', 'ack p50', 'ack p90', 'ack p99', 'ack max', 'errors', 'answers delivered', 'answer p50', 'answer p99', 'bot CPU', 'bot loop delay p99', 'sender lag p99'],
      ['r', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r'],
      run.rows.map(r => {
        const s = r.stats;
        if (!s) return [`${r.rate}/s`, 'skipped: the previous rate was saturated', '', '', '', '', '', '', '', '', '', '', ''];
        return [
          `${r.rate}/s`,
          String(s.sent),
          ms(s.ack.p50),
          ms(s.ack.p90),
          ms(s.ack.p99),
          ms(s.ack.max),
          errorSummary(s.errors) + (r.botProblems ? ` (+${r.botProblems} logged by the bot)` : ''),
          `${s.delivered}/${s.sent}`,
          ms(s.delivery.p50),
          ms(s.delivery.p99),
          r.botCpu.toFixed(2),
          ms(r.loopP99),
          ms(s.senderLag.p99),
        ];
      }),
    ),
    '',
    run.sustained !== undefined
      ? `highest rate sustained (it and every lower rate) with ack p99 < ${run.p99LimitMs} ms, no errors and every answer delivered: ${run.sustained} requests/s`
      : `no rate was sustained with ack p99 < ${run.p99LimitMs} ms and no errors`,
    '“ack” is the time to the HTTP 200 Slack waits for (Slack gives up after 3 s; Bolt acknowledges before the answer is worked out, but on one event loop); “answer” is from sending the command to its answer arriving at response_url; “bot CPU” is the bot processes’ CPU time over wall time (1.0 = one core; the load driver, the proxy, PostgreSQL and other processes share the cores); the loop delay is measured only when the bot runs in the benchmark process.',
  ];
}
