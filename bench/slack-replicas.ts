/**
 * The Slack HTTP benchmark on PostgreSQL: real bot processes (`src/host/main.ts`, Slack HTTP mode,
 * `DATABASE_URL`, pino at `info` to a pipe) as production runs them on several hosts, their Web API
 * pointed at the load driver's fake. One replica is hit directly; several are hit through a
 * round-robin proxy in this process, as a load balancer would spread them.
 *
 * The database is `--database-url` when given (a database the benchmark may write to), else a
 * throw-away PostgreSQL cluster this process starts and removes (tests/support/postgres.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';

/** What the throughput benchmark needs of the bot under load, in this process or in others. */
export interface ThroughputBot {
  readonly eventsUrl: string;
  readonly signingSecret: string;
  /** Warnings and errors logged so far (an error of the run even when the acknowledgement was fine). */
  problems(): number;
  /** CPU seconds the bot has used so far (all replicas together), or NaN where it cannot be read. */
  cpuSeconds(): number;
  /** Event-loop delay p99 over a step, when the bot runs in this process (else undefined). */
  readonly inProcess: boolean;
  stop(): Promise<void>;
}

/** Forwards each request to the next replica in turn (keep-alive to the replicas), as a load balancer would. */
export async function roundRobinProxy(ports: readonly number[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const port = ports[next++ % ports.length]!;
      const forward = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent }, upstream => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      });
      forward.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      forward.end(Buffer.concat(chunks));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

/** utime + stime of a process in seconds, from /proc (Linux; NaN elsewhere). */
function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15; ticks of 1/100 s on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface Replica {
  readonly child: ChildProcess;
  port: number | undefined;
  problems: number;
  ready: boolean;
  tail: string[];
}

const PROBLEM = /"level":(40|50|60|"warn"|"error"|"fatal")\b/;

function startReplica(env: NodeJS.ProcessEnv): Replica {
  const execArgv = process.execArgv.filter(a => a !== '--expose-gc' && !a.startsWith('--inspect'));
  if (!execArgv.some(a => a.includes('tsx'))) execArgv.push('--import', 'tsx');
  const child = spawn(process.execPath, [...execArgv, path.join(PROJECT_ROOT, 'src/host/main.ts')], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const replica: Replica = { child, port: undefined, problems: 0, ready: false, tail: [] };
  let partial = '';
  child.stderr!.setEncoding('utf8').on('data', (data: string) => {
    const lines = (partial + data).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (PROBLEM.test(line)) {
        replica.problems++;
        if (replica.tail.length < 5) replica.tail.push(line.slice(0, 300));
      }
      if (!replica.ready) {
        if (replica.tail.length < 20) replica.tail.push(line.slice(0, 300));
        if (line.includes('"Slack adapter listening"')) replica.port = (JSON.parse(line) as { port: number }).port;
        if (line.includes('"msg":"ready"')) {
          replica.ready = true;
          replica.tail = [];
        }
      }
    }
  });
  return replica;
}

/** Starts `count` bot processes on `databaseUrl` (Slack HTTP mode, Web API at `apiUrl`); one is hit directly, more through the proxy. */
export async function startReplicaBots(options: { readonly count: number; readonly databaseUrl: string; readonly apiUrl: string; readonly knowledgeDir: string }): Promise<ThroughputBot> {
  const signingSecret = crypto.randomBytes(16).toString('hex');
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|SHARD|KNOWLEDGE_DIR$|DATABASE_|(CONSOLE_)?LOG_LEVEL$|HEALTH_|DASHBOARD_)/.test(k)));
  const env: NodeJS.ProcessEnv = {
    ...base,
    KNOWLEDGE_DIR: options.knowledgeDir,
    DATABASE_URL: options.databaseUrl,
    DATABASE_FILE: '',
    SLACK_BOT_TOKEN: 'xoxb-bench-0000-0000-benchmarktoken',
    SLACK_APP_TOKEN: '',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_PORT: '0',
    SLACK_API_URL: options.apiUrl,
    DISCORD_TOKEN: '',
    LOG_LEVEL: 'info',
    NO_COLOR: '1',
  };
  const replicas: Replica[] = [];
  const kill = () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
  };
  let proxy: { url: string; close(): Promise<void> } | undefined;
  try {
    for (let i = 0; i < options.count; i++) replicas.push(startReplica(env));
    const start = Date.now();
    while (!replicas.every(r => r.ready && r.port !== undefined)) {
      const dead = replicas.find(r => r.child.exitCode !== null || r.child.signalCode !== null);
      if (dead) throw new Error(`a bot process exited while starting:\n${dead.tail.join('\n')}`);
      if (Date.now() - start > 60_000) throw new Error(`the bot processes did not start within 60 s:\n${replicas.map(r => r.tail.slice(-3).join('\n')).join('\n')}`);
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    for (const r of replicas) r.problems = 0; // start-up warnings (none expected) are not the load's
    const ports = replicas.map(r => r.port!);
    if (ports.length > 1) proxy = await roundRobinProxy(ports);
  } catch (error) {
    kill();
    throw error;
  }
  return {
    eventsUrl: proxy?.url ?? `http://127.0.0.1:${replicas[0]!.port}/slack/events`,
    signingSecret,
    inProcess: false,
    problems: () => replicas.reduce((sum, r) => sum + r.problems, 0),
    cpuSeconds: () => replicas.reduce((sum, r) => sum + processCpuSeconds(r.child.pid), 0),
    async stop() {
      await proxy?.close();
      await Promise.all(
        replicas.map(
          r =>
            new Promise<void>(resolve => {
              if (r.child.exitCode !== null || r.child.signalCode !== null) return resolve();
              const timer = setTimeout(() => r.child.kill('SIGKILL'), 10_000);
              r.child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              r.child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
