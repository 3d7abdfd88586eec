import { DiscordAPIError, HTTPError, type Client } from 'discord.js';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../core/services.ts';
import { errorContext } from './api-errors.ts';
import { renderDiscord, type RenderOptions } from './render-discord.ts';

export interface DiscordPosterOptions {
  /**
   * Waits before the second, third… try of a request that failed with a 5xx or a network error,
   * after discord.js's own immediate retries (3) gave up: Discord being briefly unwell should not cost
   * a quiz question or a daily post. Default 1 s, then 3 s; an empty list turns retrying off.
   */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Where the core speaks first in Discord (quiz questions, hints, reveals, daily posts): the channel
 * is fetched (from the cache when it is there) and each rendered message sent with `channel.send`.
 * A 5xx or network failure is retried with backoff (each retry logged with its context); any other
 * failure, or one that outlasts the retries, is logged with the channel and Discord's error, then
 * thrown on to the core.
 */
export class DiscordPoster implements Poster {
  private readonly retryDelaysMs: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly renderOptions: (reply: Reply) => RenderOptions = () => ({}),
    options: DiscordPosterOptions = {},
  ) {
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 3000];
    this.sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  async post(ref: ChannelRef, reply: Reply): Promise<void> {
    const context = { guild: ref.workspace, channel: ref.channel, kind: reply.kind };
    try {
      const channel = await this.retrying(context, 'fetch the channel', () => this.client.channels.fetch(ref.channel));
      if (!channel?.isSendable()) throw new Error(`Discord channel ${ref.channel} is not one the bot can post in`);
      // A post is public whatever the reply says: a channel message cannot be ephemeral.
      const messages = renderDiscord(reply, this.renderOptions(reply));
      for (const [part, message] of messages.entries()) {
        // Each message is retried on its own: the parts already sent are not sent again.
        await this.retrying({ ...context, part: part + 1, parts: messages.length }, 'send a message', async () => {
          await channel.send(message);
        });
      }
    } catch (error) {
      this.logger.error({ ...context, err: errorContext(error) }, 'discord: could not post to a channel');
      throw error;
    }
  }

  private async retrying<T>(context: Record<string, unknown>, what: string, attempt: () => Promise<T>): Promise<T> {
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
