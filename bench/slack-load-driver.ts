/**
 * The load side of the Slack benchmarks, run as a child process (`fork`) so that it does not share
 * an event loop with the bot being measured: a minimal fake Slack (Web API + response_url) on
 * 127.0.0.1, and an open-loop sender of signed `/ask` slash commands at a fixed rate over a
 * keep-alive agent. Everything stays on 127.0.0.1; every run is bounded in time, and the process
 * exits by itself when its parent goes away or its lifetime (argv[2], ms) is over.
 *
 * Protocol (IPC): child → `{ type: 'ready', apiUrl }`; parent → `{ type: 'run', … }`; child →
 * `{ type: 'window', … }` every `windowMs` (optional) and `{ type: 'result', … }` at the end.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RunRequest {
  readonly type: 'run';
  readonly id: number;
  /** `http://127.0.0.1:PORT/slack/events`. */
  readonly url: string;
  readonly signingSecret: string;
  /** Requests a second (open loop: sent on schedule whether or not earlier ones were answered). */
  readonly rate: number;
  readonly durationMs: number;
  /** Emit a `window` message this often (the soak's samples); none when absent. */
  readonly windowMs?: number;
  /** `/ask` texts, used in turn. */
  readonly questions: readonly string[];
  /** How many distinct users and channels send the commands. */
  readonly users: number;
  readonly channels: number;
  /** A request not answered within this is an error (`timeout`). */
  readonly timeoutMs: number;
  /** After the last send, how long to wait for outstanding acknowledgements and answers. */
  readonly drainMs: number;
}

/** What one run (or one window of it) measured. Latencies in ms. */
export interface LoadStats {
  readonly seconds: number;
  readonly sent: number;
  /** 200 responses (Slack's acknowledgement). */
  readonly acked: number;
  /** Non-200 statuses (`status 401`), socket errors (`ECONNRESET`), `timeout`. */
  readonly errors: Record<string, number>;
  readonly ack: { p50: number; p90: number; p99: number; max: number };
  /** Answers that reached response_url (the bot's real work, after the acknowledgement). */
  readonly delivered: number;
  /** From sending the command to its answer arriving at response_url. */
  readonly delivery: { p50: number; p99: number; max: number };
  /** How late the sender was against its schedule (a late sender means a saturated load side). */
  readonly senderLag: { p99: number; max: number };
  /** Web API calls the bot made (users.info, chat.*), by method. */
  readonly apiCalls: Record<string, number>;
}

export type DriverMessage =
  | { readonly type: 'ready'; readonly apiUrl: string }
  | { readonly type: 'window'; readonly id: number; readonly index: number; readonly stats: LoadStats }
  | { readonly type: 'result'; readonly id: number; readonly stats: LoadStats };

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Accumulates one window's (or one run's) measurements. */
class Recorder {
  readonly started = performance.now();
  sent = 0;
  acked = 0;
  delivered = 0;
  readonly errors: Record<string, number> = {};
  readonly acks: number[] = [];
  readonly deliveries: number[] = [];
  readonly lags: number[] = [];
  readonly apiCalls: Record<string, number> = {};

  error(kind: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  stats(): LoadStats {
    const sort = (v: number[]) => [...v].sort((a, b) => a - b);
    const acks = sort(this.acks);
    const deliveries = sort(this.deliveries);
    const lags = sort(this.lags);
    return {
      seconds: (performance.now() - this.started) / 1000,
      sent: this.sent,
      acked: this.acked,
      errors: { ...this.errors },
      ack: { p50: percentile(acks, 50), p90: percentile(acks, 90), p99: percentile(acks, 99), max: acks.at(-1) ?? Number.NaN },
      delivered: this.delivered,
      delivery: { p50: percentile(deliveries, 50), p99: percentile(deliveries, 99), max: deliveries.at(-1) ?? Number.NaN },
      senderLag: { p99: percentile(lags, 99), max: lags.at(-1) ?? Number.NaN },
      apiCalls: { ...this.apiCalls },
    };
  }
}

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** A slash command body as Slack sends it (form-encoded). */
export function slashCommandBody(fields: { command: string; text: string; user: string; channel: string; responseUrl: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T1',
    team_domain: 'bench',
    channel_id: fields.channel,
    channel_name: 'practice',
    user_id: fields.user,
    user_name: fields.user.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1.2.3',
  }).toString();
}

class Driver {
  private server!: http.Server;
  private port = 0;
  /** Where a response_url post is counted: request key → send time and its recorders. */
  private readonly pending = new Map<string, { sentAt: number; recorders: Recorder[] }>();
  private current: Recorder[] = [];

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** The fake Slack: every Web API method answers ok; response_url posts are counted as deliveries. */
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const reply = (body: unknown) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.startsWith('/response/')) {
        const key = url.slice('/response/'.length);
        const entry = this.pending.get(key);
        if (entry) {
          this.pending.delete(key);
          const took = performance.now() - entry.sentAt;
          for (const r of entry.recorders) {
            r.delivered++;
            r.deliveries.push(took);
          }
        }
        return reply({ ok: true });
      }
      const method = url.replace(/^\/api\//, '').replace(/\?.*$/, '');
      for (const r of this.current) r.apiCalls[method] = (r.apiCalls[method] ?? 0) + 1;
      switch (method) {
        case 'auth.test':
          return reply({ ok: true, url: 'https://bench.slack.test/', team: 'Bench', user: 'interview-bot', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' });
        case 'users.info': {
          const user = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('user') ?? 'U0';
          // Every fourth user has a Chinese Slack locale.
          const locale = Number(user.replace(/\D/g, '')) % 4 === 0 ? 'zh-CN' : 'en-US';
          return reply({ ok: true, user: { id: user, name: user.toLowerCase(), real_name: `User ${user}`, is_admin: false, is_owner: false, is_bot: false, locale } });
        }
        default:
          return reply({ ok: true, ts: `${Date.now() / 1000}`, message_ts: `${Date.now() / 1000}` });
      }
    });
  }

  async run(request: RunRequest, send: (message: DriverMessage) => void): Promise<void> {
    const target = new URL(request.url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 10_000 });
    const total = new Recorder();
    let window = new Recorder();
    this.current = [total, window];
    let windowIndex = 0;
    const count = Math.round((request.rate * request.durationMs) / 1000);
    const interval = 1000 / request.rate;
    const start = performance.now();
    let next = 0;
    let outstanding = 0;

    const sendOne = (i: number, due: number) => {
      const now = performance.now();
      const recorders = this.current;
      for (const r of recorders) {
        r.sent++;
        r.lags.push(Math.max(0, now - due));
      }
      const key = `${request.id}-${i}`;
      const body = slashCommandBody({
        command: '/ask',
        // One question in ten is asked to be posted in the channel.
        text: request.questions[i % request.questions.length]! + (i % 10 === 9 ? ' public' : ''),
        user: `U${String(i % request.users).padStart(4, '0')}`,
        channel: `C${String(i % request.channels).padStart(3, '0')}`,
        responseUrl: `http://127.0.0.1:${this.port}/response/${key}`,
      });
      const timestamp = Math.floor(Date.now() / 1000);
      this.pending.set(key, { sentAt: now, recorders });
      outstanding++;
      let done = false;
      const finish = (kind: string | undefined) => {
        if (done) return;
        done = true;
        outstanding--;
        const took = performance.now() - now;
        for (const r of recorders) {
          if (kind === undefined) {
            r.acked++;
            r.acks.push(took);
          } else r.error(kind);
        }
        if (kind !== undefined) this.pending.delete(key);
      };
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            'Content-Length': Buffer.byteLength(body),
            'X-Slack-Request-Timestamp': String(timestamp),
            'X-Slack-Signature': slackSignature(request.signingSecret, timestamp, body),
          },
        },
        res => {
          res.resume();
          res.on('end', () => finish(res.statusCode === 200 ? undefined : `status ${res.statusCode}`));
          res.on('error', error => finish((error as NodeJS.ErrnoException).code ?? 'response error'));
        },
      );
      req.setTimeout(request.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
      req.on('error', error => finish((error as NodeJS.ErrnoException).code ?? error.message));
      req.end(body);
    };

    // Open loop: every millisecond or so, send whatever is due by the schedule.
    await new Promise<void>(resolve => {
      const tick = () => {
        const now = performance.now();
        while (next < count && start + next * interval <= now) {
          sendOne(next, start + next * interval);
          next++;
        }
        if (request.windowMs && now - window.started >= request.windowMs && next < count) {
          send({ type: 'window', id: request.id, index: windowIndex++, stats: window.stats() });
          window = new Recorder();
          this.current = [total, window];
        }
        if (next >= count) return resolve();
        setTimeout(tick, Math.max(0, Math.min(5, start + next * interval - performance.now())));
      };
      tick();
    });

    // Drain: wait for acknowledgements and answers still on their way.
    const drainUntil = performance.now() + request.drainMs;
    while ((outstanding > 0 || [...this.pending.keys()].some(k => k.startsWith(`${request.id}-`))) && performance.now() < drainUntil) {
      await new Promise(r => setTimeout(r, 10));
    }
    for (const key of [...this.pending.keys()]) if (key.startsWith(`${request.id}-`)) this.pending.delete(key);
    if (request.windowMs) send({ type: 'window', id: request.id, index: windowIndex, stats: window.stats() });
    this.current = [];
    agent.destroy();
    send({ type: 'result', id: request.id, stats: total.stats() });
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('slack-load-driver runs as a forked child process');
  const lifetimeMs = Number(process.argv[2] ?? 15 * 60_000);
  const driver = new Driver();
  await driver.start();
  const send = (message: DriverMessage) => process.send?.(message);
  // Stops by itself: when the parent goes away, or when its lifetime is over.
  const exit = () => {
    driver.close();
    process.exit(0);
  };
  process.on('disconnect', exit);
  setTimeout(exit, lifetimeMs).unref();
  process.on('message', (message: RunRequest | { type: 'stop' }) => {
    if (message.type === 'stop') return exit();
    void driver.run(message, send);
  });
  send({ type: 'ready', apiUrl: driver.apiUrl });
}

if (process.send) void main();
