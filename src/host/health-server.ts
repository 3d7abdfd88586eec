import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/ports.ts';

/** Where the process is in its life, as the health endpoints report it. */
export type Lifecycle = 'starting' | 'ready' | 'stopping';

/** What /readyz reports: the lifecycle, or that a ready process cannot reach its shared database. */
export type Readiness = Lifecycle | 'database unreachable';

export interface HealthServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly logger: Logger;
  /** Read on every request. */
  readonly state: () => Readiness;
}

export interface RunningHealthServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * `GET /healthz`: 200 while the process runs (liveness: restart it when this fails).
 * `GET /readyz`: 200 once the knowledge is loaded and the adapters have started, 503 while starting,
 * while shutting down, and while the shared PostgreSQL database is unreachable (readiness: send it no
 * work then). Plain text, no caching; HEAD works too.
 * Listens on 127.0.0.1 by default (HEALTH_HOST), as nothing here is meant for the internet.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<RunningHealthServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body + '\n');
    };
    const url = (req.url ?? '/').split('?')[0];
    if (url !== '/healthz' && url !== '/readyz') return send(404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (url === '/healthz') return send(200, 'ok');
    const state = options.state();
    return state === 'ready' ? send(200, 'ready') : send(503, state);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ host: options.host, port, paths: ['/healthz', '/readyz'] }, 'health endpoints listening');
  return {
    host: options.host,
    port,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
