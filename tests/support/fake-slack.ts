import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One request the fake received: a Web API call, a response_url post, or a Socket Mode ack. */
export interface FakeCall {
  /** Web API method (`chat.postMessage`), `response_url`, or `socket.ack`. */
  readonly method: string;
  /** Form fields (with `blocks` and `attachments` parsed from their JSON) or the JSON body. */
  readonly params: Record<string, any>;
  /** The HTTP status the fake answered with. */
  readonly status: number;
  /** `Authorization` header, if any. */
  readonly authorization: string | undefined;
  /** Milliseconds since the fake started. */
  readonly at: number;
  /** For response_url posts: the id in the URL. */
  readonly responseId?: string;
}

export interface FakeUser {
  readonly id: string;
  readonly name?: string;
  readonly real_name?: string;
  readonly profile?: { display_name?: string; real_name?: string };
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
  readonly is_bot?: boolean;
  readonly locale?: string;
}

export interface FakeSlackOptions {
  readonly botUserId?: string;
  readonly botId?: string;
  readonly teamId?: string;
  /** Tokens auth.test accepts (others get `invalid_auth`); any xoxb- token when absent. */
  readonly validTokens?: readonly string[];
}

/** A message the fake holds, as conversations.history / conversations.replies return it. */
export interface StoredMessage {
  readonly type: 'message';
  readonly ts: string;
  readonly channel: string;
  readonly text: string;
  readonly bot_id?: string;
  readonly user?: string;
  readonly thread_ts?: string;
  /** Message metadata as posted (`{ event_type, event_payload }`); returned only with include_all_metadata. */
  readonly metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

type Waiter = { readonly test: (call: FakeCall) => boolean; readonly resolve: (call: FakeCall) => void };

/**
 * A local stand-in for Slack, on 127.0.0.1 only: the Web API under `/api/` (auth.test,
 * chat.postMessage, chat.postEphemeral, users.info, apps.connections.open, conversations.history,
 * conversations.replies, …), response_url endpoints under `/response/<id>`, and a Socket Mode
 * WebSocket at `/socket`. It records every call, keeps the posted messages (with their metadata) per
 * channel, can answer a method with 429 + Retry-After once, with a Slack error (`refuse`), or slowly,
 * and lets a test wait for a call. Message timestamps follow the real clock, as Slack's do.
 */
export class FakeSlack {
  readonly calls: FakeCall[] = [];
  readonly users = new Map<string, FakeUser>();
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly started = Date.now();
  private readonly rateLimits = new Map<string, number[]>();
  private readonly delays = new Map<string, number>();
  private readonly refusals = new Map<string, { error: string; remaining: number }>();
  private readonly stored: StoredMessage[] = [];
  private lastTs = 0;
  private readonly waiters = new Set<Waiter>();
  private readonly sockets = new Set<WebSocket>();
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private envelopes = 0;
  private port = 0;

  private constructor(private readonly options: FakeSlackOptions) {
    this.botUserId = options.botUserId ?? 'UBOT';
    this.botId = options.botId ?? 'BBOT';
    this.teamId = options.teamId ?? 'T1';
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, ws => this.onSocket(ws));
    });
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(options);
    await new Promise<void>(resolve => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** `http://127.0.0.1:PORT`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The Web API base URL to give the bot (`SLACK_API_URL`), with its trailing `/api/`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url that records what is posted to it. */
  responseUrl(id: string = `r${Math.random().toString(36).slice(2, 10)}`): string {
    return `${this.url}/response/${id}`;
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** The next call of `method` is answered 429 with `Retry-After: seconds` (once per call to this). */
  rateLimitOnce(method: string, seconds: number): void {
    const queue = this.rateLimits.get(method) ?? [];
    queue.push(seconds);
    this.rateLimits.set(method, queue);
  }

  /**
   * The next `count` calls of `method` are answered `{ ok: false, error }` with HTTP 200, as Slack
   * refuses a call (`missing_scope`, `not_in_channel` …); `count` may be Infinity.
   */
  refuse(method: string, error: string, count = 1): void {
    this.refusals.set(method, { error, remaining: count });
  }

  /** Messages posted to `channel` (top-level and thread replies), oldest first. */
  postedIn(channel: string): StoredMessage[] {
    return this.stored.filter(m => m.channel === channel);
  }

  /** Answers `method` only after `ms` (to show the bot acknowledges before slow work). */
  delay(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** Calls of one method (all statuses), in order. */
  callsTo(method: string): FakeCall[] {
    return this.calls.filter(c => c.method === method);
  }

  /** Successful chat.postMessage / chat.postEphemeral / response_url calls. */
  messages(): FakeCall[] {
    return this.calls.filter(c => c.status === 200 && (c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral' || c.method === 'response_url'));
  }

  /** Resolves with the first call (past or future) that passes `test`; rejects after `timeoutMs`. */
  waitFor(test: (call: FakeCall) => boolean, timeoutMs = 5_000, what = 'a matching call'): Promise<FakeCall> {
    const past = this.calls.find(test);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test,
        resolve: call => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(call);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`fake Slack: timed out waiting for ${what}; calls so far: ${this.calls.map(c => c.method).join(', ') || 'none'}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits until `count` calls pass `test`, returning them. */
  async waitForCount(test: (call: FakeCall) => boolean, count: number, timeoutMs = 5_000): Promise<FakeCall[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.filter(test);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`fake Slack: expected ${count} matching calls, got ${found.length}`);
      await new Promise(r => setTimeout(r, 20));
    }
  }

  /** Forgets recorded calls (between tests that share one fake). */
  reset(): void {
    this.calls.length = 0;
  }

  // --- Socket Mode ---

  /** Resolves when a Socket Mode client has connected and been sent `hello`. */
  async socketConnected(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.openSockets().length === 0) {
      if (Date.now() > deadline) throw new Error('fake Slack: no Socket Mode connection');
      await new Promise(r => setTimeout(r, 20));
    }
  }

  /** Sends an envelope (events_api, slash_commands, interactive) and resolves with the client's ack payload. */
  sendEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, retryAttempt = 0): Promise<unknown> {
    const socket = this.openSockets()[0];
    if (!socket) throw new Error('fake Slack: no Socket Mode connection');
    const envelopeId = `env-${++this.envelopes}`;
    const acked = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fake Slack: envelope ${envelopeId} was not acknowledged`)), 5_000);
      this.acks.set(envelopeId, p => {
        clearTimeout(timer);
        resolve(p);
      });
    });
    socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: retryAttempt, retry_reason: '' }));
    return acked;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  // --- plumbing ---

  private openSockets(): WebSocket[] {
    return [...this.sockets].filter(s => s.readyState === s.OPEN);
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', data => {
      let message: { envelope_id?: string; payload?: unknown };
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (message.envelope_id) {
        this.record({ method: 'socket.ack', params: { envelope_id: message.envelope_id, payload: message.payload }, status: 200, authorization: undefined, at: this.elapsed() });
        this.acks.get(message.envelope_id)?.(message.payload);
        this.acks.delete(message.envelope_id);
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'fake' } }));
  }

  private nextTs(): string {
    // Microsecond steps so two messages in the same millisecond still get distinct, ordered ts.
    this.lastTs = Math.max(Date.now() / 1000, this.lastTs + 0.000001);
    return tsOf(this.lastTs);
  }

  /** Shapes a stored message as Slack returns it: metadata only when asked for (include_all_metadata). */
  private shown(message: StoredMessage, withMetadata: boolean): Record<string, unknown> {
    const { channel: _channel, metadata, ...rest } = message;
    return withMetadata && metadata ? { ...rest, metadata } : rest;
  }

  /** Range filter as Slack applies it: `oldest`/`latest` exclusive unless `inclusive`. */
  private inRange(ts: string, params: Record<string, any>): boolean {
    const t = Number(ts);
    const inclusive = truthy(params.inclusive);
    if (params.oldest !== undefined && params.oldest !== '' && (inclusive ? t < Number(params.oldest) : t <= Number(params.oldest))) return false;
    if (params.latest !== undefined && params.latest !== '' && (inclusive ? t > Number(params.latest) : t >= Number(params.latest))) return false;
    return true;
  }

  /** Top-level messages of a channel, newest first, `limit` (default 100) a page, `cursor` the next page. */
  private history(params: Record<string, any>): Record<string, unknown> {
    const channel = String(params.channel ?? '');
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const limit = Math.max(1, Math.min(999, Number(params.limit ?? 100) || 100));
    const before = params.cursor ? Number(Buffer.from(String(params.cursor), 'base64url').toString()) : Infinity;
    const all = this.stored
      .filter(m => m.channel === channel && (m.thread_ts === undefined || m.thread_ts === m.ts) && this.inRange(m.ts, params) && Number(m.ts) < before)
      .sort((a, b) => Number(b.ts) - Number(a.ts));
    const page = all.slice(0, limit);
    const hasMore = all.length > limit;
    const withMetadata = truthy(params.include_all_metadata);
    return {
      ok: true,
      messages: page.map(m => this.shown(m, withMetadata)),
      has_more: hasMore,
      pin_count: 0,
      response_metadata: { next_cursor: hasMore ? Buffer.from(page[page.length - 1]!.ts).toString('base64url') : '' },
    };
  }

  /**
   * A thread: its parent, then the replies, oldest first, `limit` (default 1000) a page. A parent the
   * fake did not post itself (a person's message, as in a mention event) is taken to exist.
   */
  private replies(params: Record<string, any>): Record<string, unknown> {
    const channel = String(params.channel ?? '');
    const ts = String(params.ts ?? '');
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (!ts) return { ok: false, error: 'thread_not_found' };
    const limit = Math.max(1, Math.min(1000, Number(params.limit ?? 1000) || 1000));
    const after = params.cursor ? Number(Buffer.from(String(params.cursor), 'base64url').toString()) : -Infinity;
    const parent: StoredMessage = this.stored.find(m => m.channel === channel && m.ts === ts) ?? { type: 'message', ts, channel, text: '', user: 'UPARENT' };
    const thread = [parent, ...this.stored.filter(m => m.channel === channel && m.thread_ts === ts && m.ts !== ts)]
      .filter(m => this.inRange(m.ts, params) && Number(m.ts) > after)
      .sort((a, b) => Number(a.ts) - Number(b.ts));
    const page = thread.slice(0, limit);
    const hasMore = thread.length > limit;
    const withMetadata = truthy(params.include_all_metadata);
    return {
      ok: true,
      messages: page.map(m => ({ ...this.shown(m, withMetadata), thread_ts: ts })),
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? Buffer.from(page[page.length - 1]!.ts).toString('base64url') : '' },
    };
  }

  private elapsed(): number {
    return Date.now() - this.started;
  }

  private record(call: FakeCall): void {
    this.calls.push(call);
    for (const w of [...this.waiters]) if (w.test(call)) w.resolve(call);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const authorization = req.headers.authorization;
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };

    if (url.pathname.startsWith('/response/')) {
      const responseId = url.pathname.slice('/response/'.length);
      let params: Record<string, any> = {};
      try {
        params = JSON.parse(raw);
      } catch {
        params = { raw };
      }
      this.record({ method: 'response_url', params, status: 200, authorization, at: this.elapsed(), responseId });
      return reply(200, { ok: true });
    }

    const method = url.pathname.startsWith('/api/') ? url.pathname.slice('/api/'.length) : url.pathname;
    const params = parseBody(raw, req.headers['content-type']);
    const token = authorization?.replace(/^Bearer\s+/i, '') ?? (typeof params.token === 'string' ? params.token : undefined);

    const limited = this.rateLimits.get(method);
    if (limited && limited.length > 0) {
      const seconds = limited.shift()!;
      this.record({ method, params, status: 429, authorization, at: this.elapsed() });
      return reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(seconds) });
    }
    const delay = this.delays.get(method);
    if (delay) await new Promise(r => setTimeout(r, delay));
    const refusal = this.refusals.get(method);
    if (refusal && refusal.remaining > 0) {
      refusal.remaining--;
      const body = { ok: false, error: refusal.error, ...(refusal.error === 'missing_scope' ? { needed: 'channels:history', provided: 'chat:write' } : {}) };
      this.record({ method, params, status: 200, authorization, at: this.elapsed() });
      return reply(200, body);
    }

    const body = this.answer(method, params, token);
    this.record({ method, params, status: 200, authorization, at: this.elapsed() });
    reply(200, body);
  }

  private answer(method: string, params: Record<string, any>, token: string | undefined): Record<string, unknown> {
    const botTokenOk = token !== undefined && (this.options.validTokens ? this.options.validTokens.includes(token) : token.startsWith('xoxb-'));
    switch (method) {
      case 'auth.test':
        return botTokenOk
          ? { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'interview-bot', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId }
          : { ok: false, error: 'invalid_auth' };
      case 'apps.connections.open':
        return token?.startsWith('xapp-') ? { ok: true, url: `ws://127.0.0.1:${this.port}/socket` } : { ok: false, error: 'invalid_auth' };
      case 'chat.postMessage': {
        if (!botTokenOk) return { ok: false, error: 'invalid_auth' };
        const ts = this.nextTs();
        const metadata = isMetadata(params.metadata) ? params.metadata : undefined;
        this.stored.push({
          type: 'message',
          ts,
          channel: String(params.channel),
          text: String(params.text ?? ''),
          bot_id: this.botId,
          user: this.botUserId,
          ...(params.thread_ts ? { thread_ts: String(params.thread_ts) } : {}),
          ...(metadata ? { metadata } : {}),
        });
        return { ok: true, channel: params.channel, ts, message: { text: params.text, ts, bot_id: this.botId } };
      }
      case 'chat.postEphemeral':
        return botTokenOk ? { ok: true, message_ts: this.nextTs() } : { ok: false, error: 'invalid_auth' };
      case 'conversations.history':
        return botTokenOk ? this.history(params) : { ok: false, error: 'invalid_auth' };
      case 'conversations.replies':
        return botTokenOk ? this.replies(params) : { ok: false, error: 'invalid_auth' };
      case 'users.info': {
        const user = this.users.get(String(params.user));
        return user ? { ok: true, user: { name: user.id.toLowerCase(), ...user } } : { ok: false, error: 'user_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** Slack-style message timestamp from the real clock (seconds, 6 decimals), strictly increasing. */
function tsOf(seconds: number): string {
  return seconds.toFixed(6);
}

function isMetadata(value: unknown): value is { event_type: string; event_payload: Record<string, unknown> } {
  const v = value as { event_type?: unknown; event_payload?: unknown } | undefined;
  return typeof v?.event_type === 'string' && typeof v.event_payload === 'object' && v.event_payload !== null;
}

const truthy = (value: unknown) => value === true || value === 'true' || value === '1' || value === 1;

/** The Web API client sends form fields, with objects such as `blocks` as JSON strings; some calls send JSON. */
function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return { raw };
    }
  }
  const params: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (((key === 'blocks' || key === 'attachments') && value.startsWith('[')) || (key === 'metadata' && value.startsWith('{'))) {
      try {
        params[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the string
      }
    }
    params[key] = value;
  }
  return params;
}

/** Every text a recorded message would show (fallback text, section, header, context, button labels). */
export function textsOf(call: FakeCall): string[] {
  const out: string[] = [];
  if (typeof call.params.text === 'string') out.push(call.params.text);
  for (const block of (call.params.blocks ?? []) as any[]) {
    if (block.text?.text) out.push(block.text.text);
    for (const el of block.elements ?? []) {
      if (typeof el.text === 'string') out.push(el.text);
      else if (el.text?.text) out.push(el.text.text);
    }
  }
  return out;
}

/** The buttons of a recorded message: label and value (the encoded action). */
export function buttonsOf(call: FakeCall): { label: string; value: string; actionId: string; blockId?: string }[] {
  const out: { label: string; value: string; actionId: string; blockId?: string }[] = [];
  for (const block of (call.params.blocks ?? []) as any[]) {
    if (block.type !== 'actions') continue;
    for (const el of block.elements ?? []) out.push({ label: el.text?.text ?? '', value: el.value, actionId: el.action_id, blockId: block.block_id });
  }
  return out;
}
