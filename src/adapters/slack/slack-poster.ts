import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../core/services.ts';
import { renderSlack, type SlackMessage } from './render-slack.ts';

export interface SlackPosterOptions {
  /** The Web API client (built with `rejectRateLimitedCalls: true`, so a 429 reaches this poster). */
  readonly client: Pick<webApi.WebClient, 'chat'>;
  readonly logger: Logger;
  /** Least time between two messages to one channel (Slack allows about one a second). */
  readonly minIntervalMs?: number;
  /** Attempts per message when Slack answers 429 (the first try included). */
  readonly maxAttempts?: number;
  /** A Retry-After longer than this is cut to it, so a bad header cannot park a channel for hours. */
  readonly maxRetryAfterMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SendOptions {
  /** Reply in this thread. */
  readonly threadTs?: string | undefined;
  /** Send as an ephemeral message only this user sees (chat.postEphemeral). */
  readonly ephemeralFor?: string | undefined;
}

/** A message Slack refused (not a rate limit, or still rate limited after every attempt). */
export class SlackPostError extends Error {
  override readonly name = 'SlackPostError';
  constructor(
    message: string,
    /** Slack's error code (`not_in_channel`, `channel_not_found`, …) or the client's. */
    readonly code: string,
  ) {
    super(message);
  }
}

interface Lane {
  tail: Promise<void>;
  /** Earliest time the next message may go. */
  nextAt: number;
  pending: number;
}

const RATE_LIMITED = 'slack_webapi_rate_limited_error';

/**
 * The Slack Poster: renders replies to Block Kit and sends them with chat.postMessage (or
 * chat.postEphemeral), one queue per channel so that messages keep their order and go at least
 * `minIntervalMs` apart. A 429 is retried after its Retry-After (the channel's queue waits with it);
 * anything else, or a 429 that persists, is logged and rejected, never dropped silently.
 */
export class SlackPoster implements Poster {
  private readonly lanes = new Map<string, Lane>();
  private readonly minIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly maxRetryAfterMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SlackPosterOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  /** The core speaking first (quiz questions, daily posts): a public message in the channel. */
  async post(channel: ChannelRef, reply: Reply): Promise<void> {
    await this.send(channel.channel, reply);
  }

  /** Sends a reply (possibly several messages) to a channel, in order, through its queue. */
  async send(channel: string, reply: Reply, options: SendOptions = {}): Promise<void> {
    for (const message of renderSlack(reply)) await this.enqueue(channel, () => this.deliver(channel, message, options));
  }

  /** Resolves when every queued message has been sent or has failed (graceful stop, tests). */
  async drain(): Promise<void> {
    for (;;) {
      const busy = [...this.lanes.values()].filter(l => l.pending > 0);
      if (busy.length === 0) return;
      await Promise.allSettled(busy.map(l => l.tail));
    }
  }

  private enqueue(channel: string, task: () => Promise<void>): Promise<void> {
    let lane = this.lanes.get(channel);
    if (!lane) {
      lane = { tail: Promise.resolve(), nextAt: 0, pending: 0 };
      this.lanes.set(channel, lane);
    }
    const current = lane;
    current.pending++;
    const run = current.tail.then(async () => {
      const wait = current.nextAt - this.now();
      if (wait > 0) await this.sleep(wait);
      try {
        await task();
      } finally {
        current.nextAt = this.now() + this.minIntervalMs;
      }
    });
    current.tail = run.catch(() => undefined).then(() => {
      current.pending--;
      // Forget an idle channel once its interval has passed, so the map does not grow without end.
      if (current.pending === 0) {
        const idle = Math.max(0, current.nextAt - this.now());
        setTimeout(() => {
          if (current.pending === 0 && this.lanes.get(channel) === current) this.lanes.delete(channel);
        }, idle).unref?.();
      }
    });
    return run;
  }

  private async deliver(channel: string, message: SlackMessage, options: SendOptions): Promise<void> {
    const { client, logger } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        if (options.ephemeralFor !== undefined) {
          await client.chat.postEphemeral({
            channel,
            user: options.ephemeralFor,
            text: message.text,
            blocks: message.blocks,
            link_names: false,
            ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
          });
        } else {
          await client.chat.postMessage({
            channel,
            text: message.text,
            blocks: message.blocks,
            link_names: false,
            unfurl_links: false,
            unfurl_media: false,
            ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
          });
        }
        return;
      } catch (error) {
        const code = errorCode(error);
        const retryAfterMs = rateLimitDelay(error);
        if (retryAfterMs !== undefined && attempt < this.maxAttempts) {
          const wait = Math.min(retryAfterMs, this.maxRetryAfterMs);
          logger.warn({ channel, attempt, retryAfterMs: wait }, 'Slack rate limited a message; retrying after Retry-After');
          await this.sleep(wait);
          continue;
        }
        const hint = code === 'not_in_channel' || code === 'channel_not_found' ? ' (invite the bot to the channel: /invite @bot)' : '';
        logger.error({ channel, code, ...failureDetail(error), attempt, ephemeral: options.ephemeralFor !== undefined }, `Slack refused a message${hint}`);
        throw new SlackPostError(`Slack refused a message to ${channel}: ${code}`, code);
      }
    }
  }
}

/** Slack's error code of a Web API failure: the platform's (`not_in_channel`) or the client's. */
export function errorCode(error: unknown): string {
  const e = error as { code?: unknown; data?: { error?: unknown } } | undefined;
  if (typeof e?.data?.error === 'string') return e.data.error;
  if (typeof e?.code === 'string') return e.code;
  return error instanceof Error ? error.name : 'unknown';
}

/**
 * What a bare error code does not say: the HTTP status of an HTTP error (500, 503 …) and the cause of
 * a request that never got an answer (a timeout, a refused connection). The Web API client has already
 * retried both, with backoff, before the poster sees them.
 */
export function failureDetail(error: unknown): { status?: number; cause?: string } {
  const e = error as { statusCode?: unknown; original?: unknown } | undefined;
  if (typeof e?.statusCode === 'number') return { status: e.statusCode };
  if (e?.original instanceof Error) return { cause: `${e.original.name}: ${e.original.message}` };
  return {};
}

/** How long to wait before retrying a rate-limited call, or undefined if `error` is not a rate limit. */
export function rateLimitDelay(error: unknown): number | undefined {
  const e = error as { code?: unknown; retryAfter?: unknown; data?: { error?: unknown } } | undefined;
  if (e?.code === RATE_LIMITED) return typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter * 1000 : 1000;
  if (e?.data?.error === 'ratelimited' || e?.data?.error === 'rate_limited') return 1000;
  return undefined;
}
