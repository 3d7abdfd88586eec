import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy saw, and what it did with it. */
export interface ProxiedCall {
  /** The path after the proxy's base (`/api/chat.postMessage`). */
  readonly path: string;
  readonly at: number;
  /** 'forwarded', the injected status ('500'), 'hung' (never answered), or 'lost' (forwarded, but the answer was dropped). */
  readonly outcome: string;
}

type Rule = {
  readonly path: RegExp;
  remaining: number;
  readonly action: { kind: 'status'; status: number; body: string } | { kind: 'hang' } | { kind: 'lose'; how: 'hang' | 'reset' };
};

/**
 * A fault injector on 127.0.0.1 in front of a local fake platform API: it forwards every request,
 * except that the next N requests matching a path can be answered with an error status (500, 502,
 * 503 …) or never answered at all (a timeout, seen from the client). Like a platform that is down for
 * a while and then recovers.
 */
export class FaultProxy {
  readonly calls: ProxiedCall[] = [];
  private readonly rules: Rule[] = [];
  private readonly hung = new Set<http.ServerResponse>();
  private readonly server: http.Server;

  private constructor(private readonly target: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
  }

  /** Starts a proxy to `target` (`http://127.0.0.1:PORT`). */
  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(target.replace(/\/$/, ''));
    await new Promise<void>(resolve => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `count` requests to `path` are answered `status` instead of being forwarded. */
  failNext(path: RegExp, count: number, status = 500, body = '{"ok":false,"error":"internal_error"}'): void {
    this.rules.push({ path, remaining: count, action: { kind: 'status', status, body } });
  }

  /** The next `count` requests to `path` get no answer at all (the client times out). */
  hangNext(path: RegExp, count: number): void {
    this.rules.push({ path, remaining: count, action: { kind: 'hang' } });
  }

  /**
   * The next `count` requests to `path` *are* forwarded (the platform acts on them: the message is
   * created) but the answer never reaches the client: the connection is held open until the client
   * times out (`'hang'`) or reset at once (`'reset'`). The case where a retry can duplicate a post.
   */
  loseAnswerNext(path: RegExp, count: number, how: 'hang' | 'reset' = 'hang'): void {
    this.rules.push({ path, remaining: count, action: { kind: 'lose', how } });
  }

  callsTo(path: RegExp): ProxiedCall[] {
    return this.calls.filter(c => path.test(c.path));
  }

  async close(): Promise<void> {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? '/';
    const rule = this.rules.find(r => r.remaining > 0 && r.path.test(path));
    if (rule) {
      rule.remaining--;
      if (rule.action.kind === 'hang') {
        this.calls.push({ path, at: Date.now(), outcome: 'hung' });
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      if (rule.action.kind === 'lose') {
        this.calls.push({ path, at: Date.now(), outcome: 'lost' });
        await this.forward(req, path, chunks).catch(() => undefined);
        if (rule.action.how === 'reset') {
          res.socket?.destroy();
          return;
        }
        this.hung.add(res);
        res.on('close', () => this.hung.delete(res));
        return;
      }
      this.calls.push({ path, at: Date.now(), outcome: String(rule.action.status) });
      res.writeHead(rule.action.status, { 'content-type': 'application/json' });
      res.end(rule.action.body);
      return;
    }
    this.calls.push({ path, at: Date.now(), outcome: 'forwarded' });
    try {
      const upstream = await this.forward(req, path, chunks);
      res.writeHead(upstream.status, upstream.headers);
      res.end(upstream.body);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  }

  private async forward(req: http.IncomingMessage, path: string, chunks: Buffer[]): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers['content-length'];
    const upstream = await fetch(`${this.target}${path}`, { method: req.method ?? 'GET', headers: headers as Record<string, string>, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
    const body = Buffer.from(await upstream.arrayBuffer());
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, key) => {
      if (key !== 'content-length' && key !== 'content-encoding' && key !== 'transfer-encoding' && key !== 'connection') out[key] = value;
    });
    return { status: upstream.status, headers: out, body };
  }
}
