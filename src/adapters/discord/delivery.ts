import { randomBytes } from 'node:crypto';
import { DiscordAPIError, HTTPError } from 'discord.js';
import type { Logger } from '../../core/ports.ts';
import { errorContext } from './api-errors.ts';

/**
 * At-most-once channel messages.
 *
 * A request whose answer is lost (a timeout, a reset connection, a 5xx from a proxy in front of
 * Discord) may still have created the message. discord.js retries such a request (a timeout or
 * ECONNRESET, or a 5xx, up to its REST option `retries`), and our posters retry again with backoff:
 * without protection the channel would get the message twice.
 *
 * Discord's protection is the message nonce: a channel message sent with `nonce` (a string of at most
 * 25 characters) and `enforce_nonce: true` is created once; if the same author sent the same nonce in
 * the past few minutes, Discord returns the existing message instead of creating another. So every
 * message the bot creates with `channel.send` / `message.reply` carries a fresh random nonce, and
 * every retry of that message — discord.js's (which resends the same body) and ours — the same one.
 *
 * Interaction responses (`reply`, `editReply`, `followUp`) go through the interaction callback and
 * webhook endpoints, which take no nonce (discord.js's WebhookMessageCreateOptions leaves it out):
 * they cannot be protected this way.
 */

/** Discord's limit for a message nonce (Create Message, `nonce`: up to 25 characters). */
export const MAX_NONCE_LENGTH = 25;

/** A fresh random nonce: 18 random bytes as base64url, 24 characters. */
export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

/** The message with a nonce that Discord enforces: send the *same* result on every retry. */
export function withNonce<T extends object>(message: T, nonce: string = newNonce()): T & { nonce: string; enforceNonce: true } {
  return { ...message, nonce, enforceNonce: true };
}

export interface RetryOptions {
  /**
   * Waits before the second, third… try of a request that failed with a 5xx or a network error,
   * after discord.js's own immediate retries (3) gave up: Discord being briefly unwell should not cost
   * a quiz question or a daily post. Default 1 s, then 3 s; an empty list turns retrying off.
   */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs a request again after a 5xx or a network failure, with backoff, logging each retry with its context. */
export class Retrier {
  private readonly retryDelaysMs: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly logger: Logger,
    options: RetryOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 3000];
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  /**
   * `attempt` must be safe to repeat: a read, or a message send carrying the same nonce each time
   * (see {@link withNonce}).
   */
  async run<T>(context: Record<string, unknown>, what: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        const delay = this.retryDelaysMs[n];
        if (delay === undefined || !isTransient(error)) throw error;
        this.logger.warn(
          { ...context, attempt: n + 1, retryInMs: delay, err: errorContext(error) },
          `discord: could not ${what} (Discord unavailable); retrying`,
        );
        await this.sleep(delay);
      }
    }
  }
}

/** A failure worth trying again: Discord's 5xx (after discord.js's own retries) or the network. */
export function isTransient(error: unknown): boolean {
  if (error instanceof HTTPError) return error.status >= 500;
  if (error instanceof DiscordAPIError) return error.status >= 500;
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return true;
  const codes = [(error as { code?: unknown }).code, (error.cause as { code?: unknown } | undefined)?.code];
  return codes.some(c => typeof c === 'string' && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR_)/.test(c));
}
