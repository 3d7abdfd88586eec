import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local Discord for tests: the REST API and the gateway on one 127.0.0.1 HTTP server, so that the
 * real discord.js Client (pointed here with `rest: { api }` or DISCORD_API_URL) logs in, receives
 * events and sends replies exactly as it would against Discord. Nothing leaves the machine.
 *
 * REST: GET /gateway/bot, channels (get, messages, reactions), interaction callbacks, webhook
 * follow-ups and @original edits, command registration; every request is recorded with its parsed
 * JSON body. `failNext` injects one error response (a 429 with retry-after, a 403…).
 * Create Message honours `enforce_nonce` as Discord does: the same author sending the same nonce
 * again within a few minutes gets the message created the first time (200) and nothing new is
 * created; a nonce longer than 25 characters is refused (400, Invalid Form Body).
 * Gateway: HELLO, IDENTIFY → READY (guilds unavailable) + GUILD_CREATE for the guilds of the
 * identified shard, heartbeats acknowledged, RESUME → RESUMED, and dispatches with increasing
 * sequence numbers to the connection whose shard owns the guild.
 */

export const PERMISSIONS = Object.freeze({
  ManageGuild: 1n << 5n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
});
/** What an ordinary member may do. */
export const MEMBER_PERMISSIONS = PERMISSIONS.ViewChannel | PERMISSIONS.SendMessages | PERMISSIONS.EmbedLinks | PERMISSIONS.ReadMessageHistory | PERMISSIONS.UseApplicationCommands;
/** An ordinary member who can also manage the server. */
export const MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | PERMISSIONS.ManageGuild;

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh snowflake; with `shardOf`, one whose guild lands on that shard of `count` ((id >> 22) % count). */
export function snowflake(shardOf?: { shard: number; count: number }): string {
  let ts = BigInt(Date.now()) - DISCORD_EPOCH;
  if (shardOf) {
    const count = BigInt(shardOf.count);
    ts += (((BigInt(shardOf.shard) - (ts % count)) % count) + count) % count;
  }
  return ((ts << 22n) | (increment++ & 0x3fffffn)).toString();
}

export interface FakeUser {
  readonly id: string;
  readonly username: string;
  readonly global_name?: string | null;
  readonly bot?: boolean;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly { readonly id: string; readonly name: string }[];
  readonly locale?: string;
}

export interface FakeDiscordOptions {
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guilds: readonly FakeGuild[];
  /** What GET /gateway/bot recommends. */
  readonly shards?: number;
  /** DM channel ids and the user each belongs to. */
  readonly dmChannels?: readonly { readonly id: string; readonly recipient: FakeUser }[];
  readonly heartbeatIntervalMs?: number;
  /** Privileged intents the application may not use: an IDENTIFY asking for one is closed with 4014, as Discord does. */
  readonly disallowedIntents?: number;
  /** How long an enforced nonce is remembered ("the past few minutes"); 5 minutes unless given. */
  readonly nonceWindowMs?: number;
}

export interface RecordedRequest {
  readonly method: string;
  /** Path after /api/v10, percent-decoded (`/webhooks/…/messages/@original`). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** Parsed JSON body (undefined when there was none). */
  readonly body: any;
  status: number;
  readonly at: number;
  /** A Create Message answered with the message an earlier request created (same enforced nonce). */
  deduplicated?: boolean;
}

interface Injected {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface GatewayConnection {
  readonly socket: WebSocket;
  identify?: any;
  resumed: boolean;
  shard: [number, number];
  sessionId: string;
  seq: number;
  readonly received: any[];
  closed: boolean;
}

interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  readonly channelId: string;
  readonly guildId?: string;
}

export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly connections: GatewayConnection[] = [];
  /** Every message the bot created, by id. */
  readonly messages = new Map<string, any>();
  private readonly injected: Injected[] = [];
  /** Enforced nonces by author: the message they created, and when. */
  private readonly nonces = new Map<string, { readonly at: number; readonly message: any }>();
  private readonly createdListeners: ((message: any) => void)[] = [];
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly waiters = new Set<() => void>();
  private readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private sessions = 0;

  private constructor(readonly options: FakeDiscordOptions) {
    this.server = http.createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, ws => this.onConnection(ws));
    });
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>(resolve => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The REST base to give discord.js (`/v10` is appended by it). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  // --- REST ---

  /** The next request matching method and path gets this response instead (once). */
  failNext(method: string, path: RegExp, response: { status: number; body?: unknown; headers?: Record<string, string> }): void {
    this.injected.push({ method: method.toUpperCase(), path, ...response });
  }

  /** Requests so far that match. */
  find(method: string, path: RegExp | string): RecordedRequest[] {
    return this.requests.filter(r => r.method === method.toUpperCase() && (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  /** Resolves with the first request (already made or still to come) matching `predicate`. */
  async waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs = 10_000, what = 'request'): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(predicate), timeoutMs, what);
  }

  /** Resolves with the `n`-th (1-based) request matching `predicate`. */
  async waitForRequests(predicate: (r: RecordedRequest) => boolean, n: number, timeoutMs = 10_000, what = 'requests'): Promise<RecordedRequest[]> {
    return this.waitUntil(
      () => {
        const found = this.requests.filter(predicate);
        return found.length >= n ? found : undefined;
      },
      timeoutMs,
      `${n} ${what}`,
    );
  }

  /** Polls `probe` on every request and gateway event until it gives something. */
  async waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const now = probe();
    if (now !== undefined) return now;
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      // Also poll: what is awaited may be a side effect in the client (a log line), not a request.
      const poll = setInterval(check, 20);
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${what}; requests so far:\n${this.describeRequests()}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  describeRequests(): string {
    return this.requests.map(r => `  ${r.method} ${r.path} → ${r.status}`).join('\n');
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const prefix = '/api/v10';
    const path = url.pathname.startsWith(prefix) ? decodeURIComponent(url.pathname.slice(prefix.length)) : decodeURIComponent(url.pathname);
    let body: unknown;
    if (raw && String(req.headers['content-type'] ?? '').includes('application/json')) body = JSON.parse(raw);
    else if (raw) body = raw;
    const record: RecordedRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body, status: 0, at: Date.now() };
    this.requests.push(record);

    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (payload === undefined) {
        // A 204 must not claim a JSON body.
        res.writeHead(status, headers);
        res.end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      }
      this.notify();
    };

    const injected = this.injected.findIndex(i => i.method === record.method && i.path.test(path));
    if (injected >= 0) {
      const [i] = this.injected.splice(injected, 1);
      return send(i!.status, i!.body ?? { message: 'injected', code: 0 }, i!.headers);
    }
    try {
      this.route(record, send);
    } catch (error) {
      send(500, { message: String(error), code: 0 });
    }
  }

  private route(r: RecordedRequest, send: (status: number, payload?: unknown) => void): void {
    const { method, path } = r;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return send(200, {
        url: this.gatewayUrl,
        shards: this.options.shards ?? 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/gateway') return send(200, { url: this.gatewayUrl });
    if ((m = path.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const channel = this.channelObject(m[1]!);
      return channel ? send(200, channel) : send(404, { message: 'Unknown Channel', code: 10003 });
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      if (!this.channelObject(m[1]!)) return send(404, { message: 'Unknown Channel', code: 10003 });
      const nonce = r.body?.nonce;
      if (typeof nonce === 'string' && nonce.length > 25) {
        return send(400, { message: 'Invalid Form Body', code: 50035, errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } });
      }
      // The author is the bot: every Create Message the fake receives is sent with its token.
      const key = nonce !== undefined && nonce !== null && r.body?.enforce_nonce === true ? `${this.options.bot.id}:${String(nonce)}` : undefined;
      const earlier = key === undefined ? undefined : this.nonces.get(key);
      if (earlier && Date.now() - earlier.at < (this.options.nonceWindowMs ?? 5 * 60_000)) {
        r.deduplicated = true;
        return send(200, earlier.message);
      }
      const message = this.createMessage(m[1]!, r.body);
      if (key !== undefined) this.nonces.set(key, { at: Date.now(), message });
      for (const listener of this.createdListeners.splice(0)) listener(message);
      return send(200, message);
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/[^/]+\/@me$/)) && method === 'PUT') return send(204);
    if ((m = path.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      const interaction = this.interactions.get(m[2]!);
      if (!interaction || interaction.id !== m[1]) return send(404, { message: 'Unknown interaction', code: 10062 });
      const type = r.body?.type;
      if (type === 4 || type === 7) this.createMessage(interaction.channelId, r.body?.data ?? {}, `@original:${interaction.token}`);
      return send(204);
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) {
      const interaction = this.interactions.get(m[2]!);
      if (!interaction) return send(404, { message: 'Unknown Webhook', code: 10015 });
      if (method === 'DELETE') return send(204);
      if (method === 'PATCH' || method === 'GET') return send(200, this.createMessage(interaction.channelId, r.body ?? {}, `@original:${interaction.token}`));
    }
    if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)$/)) && method === 'POST') {
      const interaction = this.interactions.get(m[2]!);
      if (!interaction) return send(404, { message: 'Unknown Webhook', code: 10015 });
      return send(200, this.createMessage(interaction.channelId, r.body ?? {}));
    }
    if ((m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) && method === 'PUT') {
      if (m[1] !== this.options.applicationId) return send(403, { message: 'Missing Access', code: 50001 });
      const list = Array.isArray(r.body) ? r.body : [];
      return send(
        200,
        list.map((c: any) => ({ ...c, id: snowflake(), application_id: m![1], version: snowflake(), ...(m![2] ? { guild_id: m![2] } : {}) })),
      );
    }
    send(404, { message: `fake Discord has no route ${method} ${path}`, code: 0 });
  }

  private channelObject(id: string): any {
    for (const guild of this.options.guilds) {
      const c = guild.channels.find(ch => ch.id === id);
      if (c) return { id: c.id, type: 0, guild_id: guild.id, name: c.name, position: 0, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0, flags: 0 };
    }
    const dm = this.options.dmChannels?.find(d => d.id === id);
    if (dm) return { id: dm.id, type: 1, recipients: [userObject(dm.recipient)], last_message_id: null, flags: 0 };
    return undefined;
  }

  private guildOfChannel(channelId: string): FakeGuild | undefined {
    return this.options.guilds.find(g => g.channels.some(c => c.id === channelId));
  }

  /** A whole message object, as Discord returns it, for what the bot sent. */
  private createMessage(channelId: string, body: any, key?: string): any {
    const guild = this.guildOfChannel(channelId);
    const message = {
      id: snowflake(),
      channel_id: channelId,
      ...(guild ? { guild_id: guild.id } : {}),
      author: userObject(this.options.bot),
      content: body?.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      pinned: false,
      ...(body?.nonce !== undefined ? { nonce: body.nonce } : {}),
      type: body?.message_reference ? 19 : 0,
      flags: body?.flags ?? 0,
      ...(body?.message_reference ? { message_reference: body.message_reference } : {}),
      webhook_id: key ? this.options.applicationId : undefined,
      application_id: key ? this.options.applicationId : undefined,
    };
    this.messages.set(message.id, message);
    return message;
  }

  // --- gateway ---

  private onConnection(socket: WebSocket): void {
    const conn: GatewayConnection = { socket, resumed: false, shard: [0, 1], sessionId: '', seq: 0, received: [], closed: false };
    this.connections.push(conn);
    socket.on('message', data => this.onGatewayMessage(conn, JSON.parse(String(data))));
    socket.on('close', () => {
      conn.closed = true;
      this.notify();
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250 }, s: null, t: null }));
    this.notify();
  }

  private onGatewayMessage(conn: GatewayConnection, payload: any): void {
    conn.received.push(payload);
    switch (payload.op) {
      case 1:
        conn.socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        break;
      case 2: {
        if ((payload.d.intents & (this.options.disallowedIntents ?? 0)) !== 0) {
          conn.socket.close(4014, 'Disallowed intent(s).');
          break;
        }
        conn.identify = payload.d;
        conn.shard = payload.d.shard ?? [0, 1];
        conn.sessionId = `session-${++this.sessions}`;
        const guilds = this.guildsOfShard(conn.shard);
        this.send(conn, 'READY', {
          v: 10,
          user: { ...userObject(this.options.bot), verified: true, mfa_enabled: false, flags: 0 },
          guilds: guilds.map(g => ({ id: g.id, unavailable: true })),
          session_id: conn.sessionId,
          resume_gateway_url: this.gatewayUrl,
          shard: conn.shard,
          application: { id: this.options.applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          geo_ordered_rtc_regions: [],
          user_settings: {},
        });
        for (const guild of guilds) this.send(conn, 'GUILD_CREATE', this.guildObject(guild));
        break;
      }
      case 6: {
        const previous = this.connections.find(c => c.sessionId === payload.d.session_id && c !== conn);
        conn.identify = previous?.identify;
        conn.shard = previous?.shard ?? [0, 1];
        conn.sessionId = payload.d.session_id;
        conn.seq = payload.d.seq ?? previous?.seq ?? 0;
        conn.resumed = true;
        this.send(conn, 'RESUMED', {});
        break;
      }
      default:
        break;
    }
    this.notify();
  }

  private guildsOfShard([id, count]: [number, number]): FakeGuild[] {
    return this.options.guilds.filter(g => Number((BigInt(g.id) >> 22n) % BigInt(count)) === id);
  }

  private guildObject(guild: FakeGuild): any {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: snowflake(),
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        { id: guild.id, name: '@everyone', color: 0, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: MEMBER_PERMISSIONS.toString(), managed: false, mentionable: false, flags: 0 },
      ],
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: guild.locale ?? 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      stickers: [],
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      voice_states: [],
      members: [{ user: userObject(this.options.bot), roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
      channels: guild.channels.map((c, i) => ({ id: c.id, type: 0, guild_id: guild.id, name: c.name, position: i, permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0, flags: 0 })),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private send(conn: GatewayConnection, t: string, d: unknown): void {
    conn.seq += 1;
    conn.socket.send(JSON.stringify({ op: 0, t, s: conn.seq, d }));
  }

  /** Resolves once `n` connections have identified (or resumed). */
  async waitForIdentify(n = 1, timeoutMs = 15_000): Promise<GatewayConnection[]> {
    return this.waitUntil(
      () => {
        const ready = this.connections.filter(c => c.identify !== undefined && !c.closed);
        return ready.length >= n ? ready : undefined;
      },
      timeoutMs,
      `${n} identified gateway connection(s)`,
    );
  }

  /** The open connection that receives a guild's events (DMs: shard 0). */
  connectionFor(guildId?: string): GatewayConnection {
    const open = this.connections.filter(c => c.identify !== undefined && !c.closed);
    const conn = open.reverse().find(c => {
      const [id, count] = c.shard;
      return guildId === undefined ? id === 0 : Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;
    });
    if (!conn) throw new Error(`fake Discord: no gateway connection for guild ${guildId ?? '(DM)'}`);
    return conn;
  }

  /** Sends a dispatch event to the connection that owns `guildId`. */
  dispatch(t: string, d: unknown, guildId?: string): void {
    this.send(this.connectionFor(guildId), t, d);
  }

  /** Asks a connection to reconnect (op 7), as Discord does; discord.js resumes. */
  requestReconnect(conn: GatewayConnection): void {
    conn.socket.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
  }

  // --- events a user causes ---

  /** A user writes a message (in a guild channel, or a DM channel). Returns the message object sent. */
  userMessage(input: { channelId: string; author: FakeUser; content: string; mentions?: FakeUser[]; mentionEveryone?: boolean; mentionRoles?: string[] }): any {
    const guild = this.guildOfChannel(input.channelId);
    const message = {
      id: snowflake(),
      channel_id: input.channelId,
      channel_type: guild ? 0 : 1,
      ...(guild ? { guild_id: guild.id, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null } } : {}),
      author: userObject(input.author),
      content: input.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: input.mentionEveryone ?? false,
      mentions: (input.mentions ?? []).map(userObject),
      mention_roles: input.mentionRoles ?? [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
    };
    this.dispatch('MESSAGE_CREATE', message, guild?.id);
    return message;
  }

  /** A slash command (type 2), or its autocomplete (type 4) when an option is `focused`. */
  slashCommand(input: {
    channelId: string;
    user: FakeUser;
    name: string;
    subcommand?: string;
    options?: readonly { name: string; type: number; value: string | number | boolean; focused?: boolean }[];
    permissions?: bigint;
    locale?: string;
    autocomplete?: boolean;
  }): InteractionRecord {
    const options = input.options ?? [];
    const data = {
      id: snowflake(),
      name: input.name,
      type: 1,
      options: input.subcommand ? [{ type: 1, name: input.subcommand, options }] : options,
    };
    return this.interaction(input.autocomplete ? 4 : 2, data, input);
  }

  /** A button click (type 3) on a message the bot sent. */
  clickButton(input: { channelId: string; user: FakeUser; customId: string; message?: any; permissions?: bigint; locale?: string }): InteractionRecord {
    const message = input.message ?? this.createMessage(input.channelId, {});
    return this.interaction(3, { custom_id: input.customId, component_type: 2 }, input, message);
  }

  private interaction(type: number, data: unknown, input: { channelId: string; user: FakeUser; permissions?: bigint; locale?: string }, message?: any): InteractionRecord {
    const guild = this.guildOfChannel(input.channelId);
    const record: InteractionRecord = { id: snowflake(), token: `itoken-${snowflake()}-${Math.random().toString(36).slice(2)}`, channelId: input.channelId, ...(guild ? { guildId: guild.id } : {}) };
    this.interactions.set(record.token, record);
    const channel = this.channelObject(input.channelId);
    const payload = {
      id: record.id,
      application_id: this.options.applicationId,
      type,
      data,
      ...(guild
        ? {
            guild_id: guild.id,
            guild_locale: guild.locale ?? 'en-US',
            guild: { id: guild.id, locale: guild.locale ?? 'en-US', features: [] },
            member: {
              user: userObject(input.user),
              roles: [],
              permissions: (input.permissions ?? MEMBER_PERMISSIONS).toString(),
              joined_at: new Date().toISOString(),
              deaf: false,
              mute: false,
              flags: 0,
              nick: null,
              avatar: null,
              premium_since: null,
              pending: false,
              communication_disabled_until: null,
            },
            context: 0,
            authorizing_integration_owners: { '0': guild.id },
          }
        : { user: userObject(input.user), context: 1, authorizing_integration_owners: { '0': '0' } }),
      channel_id: input.channelId,
      channel,
      token: record.token,
      version: 1,
      locale: input.locale ?? 'en-US',
      app_permissions: MEMBER_PERMISSIONS.toString(),
      entitlements: [],
      attachment_size_limit: 8_388_608,
      ...(message ? { message } : {}),
    };
    this.dispatch('INTERACTION_CREATE', payload, guild?.id);
    return record;
  }

  /** The requests that answered an interaction: its callback, @original edits and follow-ups, in order. */
  responsesTo(interaction: InteractionRecord): RecordedRequest[] {
    return this.requests.filter(r => r.path.startsWith(`/interactions/${interaction.id}/${interaction.token}/`) || r.path.includes(`/${interaction.token}`));
  }

  /** Resolves with the interaction's callback request (POST …/callback). */
  async callbackOf(interaction: InteractionRecord, timeoutMs = 10_000): Promise<RecordedRequest> {
    return this.waitForRequest(r => r.method === 'POST' && r.path === `/interactions/${interaction.id}/${interaction.token}/callback`, timeoutMs, `the callback of interaction ${interaction.id}`);
  }

  /** The Create Message requests that created a message in a channel, in order (not those answered with an earlier message by nonce). */
  channelPosts(channelId: string): RecordedRequest[] {
    return this.find('POST', `/channels/${channelId}/messages`).filter(r => r.status === 200 && !r.deduplicated);
  }

  /** Every message that exists in a channel (created by Create Message, interaction responses, test setup), in order. */
  messagesIn(channelId: string): any[] {
    return [...this.messages.values()].filter(m => m.channel_id === channelId);
  }

  /**
   * Calls `listener` once, synchronously, when the next message is created by Create Message —
   * before the request is answered, so that a test can arrange a fault for the very next request.
   */
  onNextMessageCreated(listener: (message: any) => void): void {
    this.createdListeners.push(listener);
  }
}

export function userObject(user: FakeUser): any {
  return { id: user.id, username: user.username, global_name: user.global_name ?? null, discriminator: '0', avatar: null, bot: user.bot ?? false, public_flags: 0 };
}
