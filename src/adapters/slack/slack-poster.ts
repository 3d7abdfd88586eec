import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../core/services.ts';
import { renderSlack, type SlackMessage } from './render-slack.ts';

export interface SlackPosterOptions {
  /**
   * The Web API client, built with `rejectRateLimitedCalls: true` (a 429 reaches this poster) and
   * without retries of its own (`retryConfig: { retries: 0 }`): a client that re-sends a
   * chat.postMessage whose answer was lost posts it twice. This poster retries, after checking.
   */
  readonly client: Pick<webApi.WebClient, 'chat' | 'conversations'>;
  readonly logger: Logger;
  /** Least time between two messages to one channel (Slack allows about one a second). */
  readonly minIntervalMs?: number;
  /** Attempts per message when Slack answers 429 (the first try included). */
  readonly maxAttempts?: number;
  /** A Retry-After longer than this is cut to it, so a bad header cannot park a channel for hours. */
  readonly maxRetryAfterMs?: number;
  /**
   * After a failure that leaves it unknown whether Slack posted the message (timeout, connection
   * reset, HTTP 5xx): the waits before each retry, one entry per retry. A public message is looked
   * up (by its metadata id) after the wait and sent again only if it is not there.
   */
  readonly retryDelaysMs?: readonly number[];
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SendOptions {
  /** Reply in this thread. */
  readonly threadTs?: string | undefined;
  /** Send as an ephemeral message only this user sees (chat.postEphemeral). */
  readonly ephemeralFor?: string | undefined;
}

/** A message Slack refused (not a rate limit, or still rate limited after every attempt), or one whose fate is unknown. */
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

/** `metadata.event_type` of every public message the bot posts; `event_payload.id` identifies the message. */
export const MESSAGE_EVENT_TYPE = 'interview_bot_message';

/** Default waits before re-sending a message whose answer was lost: about 7.5 minutes in all. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = Object.freeze([1_000, 5_000, 30_000, 120_000, 300_000]);

/** The lookup starts this long before the first try, so a Slack clock a little behind ours still matches. */
const LOOKBACK_MS = 2 * 60_000;
/** Messages per lookup page (15 is the most Slack allows to some apps for conversations.history). */
const LOOKUP_PAGE_SIZE = 15;
/** Pages read before the lookup gives up as inconclusive (a very busy channel). */
const LOOKUP_MAX_PAGES = 10;

/** Why a lookup could not tell whether the message was posted. */
class LookupFailed extends Error {
  constructor(readonly reason: unknown) {
    super('lookup failed');
  }
}

/**
 * The Slack Poster: renders replies to Block Kit and sends them with chat.postMessage (or
 * chat.postEphemeral), one queue per channel so that messages keep their order and go at least
 * `minIntervalMs` apart. It posts each message at most once:
 *
 * - 429: Slack did not post it; retried after its Retry-After (the channel's queue waits with it).
 * - Slack refused it (`ok: false`, HTTP 4xx): not retried; logged and rejected.
 * - No answer, or HTTP 5xx: Slack may have posted it. Every public message carries message metadata
 *   with a random id; after a wait the poster looks for that id (conversations.history, or
 *   conversations.replies in a thread). Found: delivered. Not found: sent again, same id. The lookup
 *   itself failing (missing scope, network): not retried, logged and rejected, since a missing
 *   message is better than a duplicate.
 *
 * Anything that is not delivered is logged and rejected, never dropped silently.
 */
export class SlackPoster implements Poster {
  private readonly lanes = new Map<string, Lane>();
  private readonly minIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly maxRetryAfterMs: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: SlackPosterOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 5 * 60_000;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
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
    const { logger } = this.options;
    const ephemeral = options.ephemeralFor !== undefined;
    // One id for every try of this message, so that a try Slack did act on can be found again.
    const id = randomUUID();
    const firstTryAt = this.now();
    let rateLimited = 0;
    let uncertain = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sendOnce(channel, message, options, id);
        return;
      } catch (error) {
        const code = errorCode(error);
        const detail = failureDetail(error);
        const retryAfterMs = rateLimitDelay(error);
        if (retryAfterMs !== undefined) {
          // A 429: Slack did not post the message.
          if (++rateLimited < this.maxAttempts) {
            const wait = Math.min(retryAfterMs, this.maxRetryAfterMs);
            logger.warn({ channel, attempt, retryAfterMs: wait }, 'Slack rate limited a message; retrying after Retry-After');
            await this.sleep(wait);
            continue;
          }
        } else if (isUncertain(error)) {
          const wait = this.retryDelaysMs[uncertain++];
          if (ephemeral) {
            // An ephemeral message cannot be looked up (it is in no history), so it is sent again
            // without checking: at worst the person sees the same private notice twice.
            if (wait !== undefined) {
              logger.warn({ channel, attempt, code, ...detail, waitMs: wait, ephemeral }, 'Slack did not answer an ephemeral message; sending it again after a wait');
              await this.sleep(wait);
              continue;
            }
          } else {
            if (wait !== undefined) {
              logger.warn(
                { channel, attempt, code, ...detail, waitMs: wait, ...(options.threadTs ? { threadTs: options.threadTs } : {}) },
                'Slack did not answer a message (it may have been posted); checking for it after a wait before retrying',
              );
              await this.sleep(wait);
            }
            let found: { ts: string | undefined } | undefined;
            try {
              found = await this.findPosted(channel, id, options.threadTs, firstTryAt);
            } catch (lookupError) {
              throw this.uncheckable(channel, attempt, error, lookupError, options.threadTs);
            }
            if (found) {
              logger.info({ channel, attempt, code, ...detail, ts: found.ts }, 'Slack had posted the message; its lost answer was recovered');
              return;
            }
            if (wait !== undefined) {
              logger.info({ channel, attempt }, 'Slack had not posted the message; sending it again');
              continue;
            }
          }
        }
        const hint = code === 'not_in_channel' || code === 'channel_not_found' ? ' (invite the bot to the channel: /invite @bot)' : '';
        logger.error({ channel, code, ...detail, attempt, ephemeral }, `Slack refused a message${hint}`);
        throw new SlackPostError(`Slack refused a message to ${channel}: ${code}`, code);
      }
    }
  }

  /**
   * Logs (with both failures) and returns the error for a message whose fate is unknown because the
   * lookup failed too: it is not sent again, as a missing message is better than a duplicate.
   */
  private uncheckable(channel: string, attempt: number, postError: unknown, lookupError: unknown, threadTs: string | undefined): SlackPostError {
    const code = errorCode(postError);
    const cause = lookupError instanceof LookupFailed ? lookupError.reason : lookupError;
    const lookupCode = errorCode(cause);
    const lookupDetail = failureDetail(cause);
    const hint =
      lookupCode === 'missing_scope'
        ? ' (checking needs the history scope of this kind of conversation: channels:history, groups:history, im:history or mpim:history)'
        : lookupCode === 'not_in_channel' || lookupCode === 'channel_not_found'
          ? ' (invite the bot to the channel: /invite @bot)'
          : '';
    this.options.logger.error(
      {
        channel,
        attempt,
        code,
        ...failureDetail(postError),
        lookupCode,
        ...(lookupDetail.status !== undefined ? { lookupStatus: lookupDetail.status } : {}),
        ...(lookupDetail.cause !== undefined ? { lookupCause: lookupDetail.cause } : {}),
        ...(threadTs ? { threadTs } : {}),
      },
      `Slack did not answer a message and checking whether it was posted failed; not sending it again, so it may be missing${hint}`,
    );
    return new SlackPostError(`Slack did not answer a message to ${channel} (${code}) and it could not be checked (${lookupCode})`, code);
  }

  private async sendOnce(channel: string, message: SlackMessage, options: SendOptions, id: string): Promise<void> {
    const { client } = this.options;
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
        metadata: { event_type: MESSAGE_EVENT_TYPE, event_payload: { id } },
        ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      });
    }
  }

  /**
   * Looks for the message with metadata id `id` posted since a little before `since`: among the
   * channel's top-level messages (conversations.history), or the thread's replies
   * (conversations.replies). Slack returns metadata only with `include_all_metadata`. A 429 is
   * waited out (a read is safe to repeat); any other failure, or a search too long to finish,
   * throws LookupFailed.
   */
  private async findPosted(channel: string, id: string, threadTs: string | undefined, since: number): Promise<{ ts: string | undefined } | undefined> {
    const { client, logger } = this.options;
    const oldest = (Math.max(0, since - LOOKBACK_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    let rateLimited = 0;
    for (let page = 0; page < LOOKUP_MAX_PAGES; ) {
      let result: { messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } }[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };
      try {
        const common = { channel, oldest, include_all_metadata: true, limit: LOOKUP_PAGE_SIZE, ...(cursor ? { cursor } : {}) };
        result = threadTs ? await client.conversations.replies({ ...common, ts: threadTs }) : await client.conversations.history(common);
      } catch (error) {
        const retryAfterMs = rateLimitDelay(error);
        if (retryAfterMs !== undefined && ++rateLimited < this.maxAttempts) {
          const wait = Math.min(retryAfterMs, this.maxRetryAfterMs);
          logger.warn({ channel, retryAfterMs: wait }, 'Slack rate limited the check for a message; retrying after Retry-After');
          await this.sleep(wait);
          continue;
        }
        throw new LookupFailed(error);
      }
      page++;
      const hit = result.messages?.find(m => m.metadata?.event_type === MESSAGE_EVENT_TYPE && (m.metadata.event_payload as { id?: unknown } | undefined)?.id === id);
      if (hit) return { ts: hit.ts };
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) return undefined;
    }
    throw new LookupFailed(Object.assign(new Error(`more than ${LOOKUP_MAX_PAGES * LOOKUP_PAGE_SIZE} messages to search`), { code: 'lookup_incomplete' }));
  }
}

/**
 * A failure after which Slack may or may not have acted: no answer (timeout, reset, refused
 * connection: the client's `slack_webapi_request_error`) or an HTTP 5xx.
 */
export function isUncertain(error: unknown): boolean {
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  if (e?.code === 'slack_webapi_request_error') return true;
  return e?.code === 'slack_webapi_http_error' && typeof e.statusCode === 'number' && e.statusCode >= 500;
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
 * a request that never got an answer (a timeout, a refused connection).
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
