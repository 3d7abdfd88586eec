import type { Client } from 'discord.js';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../core/services.ts';
import { errorContext } from './api-errors.ts';
import { Retrier, withNonce, type RetryOptions } from './delivery.ts';
import { renderDiscord, type RenderOptions } from './render-discord.ts';

export { isTransient } from './delivery.ts';

export type DiscordPosterOptions = RetryOptions;

/**
 * Where the core speaks first in Discord (quiz questions, hints, reveals, daily posts): the channel
 * is fetched (from the cache when it is there) and each rendered message sent with `channel.send`.
 * A 5xx or network failure is retried with backoff (each retry logged with its context); any other
 * failure, or one that outlasts the retries, is logged with the channel and Discord's error, then
 * thrown on to the core.
 *
 * Each message carries its own random nonce, enforced by Discord and kept for every retry of that
 * message: a try that created the message but whose answer was lost is not posted a second time
 * (see delivery.ts). A daily question is therefore never posted twice because of a retry.
 */
export class DiscordPoster implements Poster {
  private readonly retrier: Retrier;

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly renderOptions: (reply: Reply) => RenderOptions = () => ({}),
    options: DiscordPosterOptions = {},
  ) {
    this.retrier = new Retrier(logger, options);
  }

  async post(ref: ChannelRef, reply: Reply): Promise<void> {
    const context = { guild: ref.workspace, channel: ref.channel, kind: reply.kind };
    try {
      const channel = await this.retrier.run(context, 'fetch the channel', () => this.client.channels.fetch(ref.channel));
      if (!channel?.isSendable()) throw new Error(`Discord channel ${ref.channel} is not one the bot can post in`);
      // A post is public whatever the reply says: a channel message cannot be ephemeral.
      const messages = renderDiscord(reply, this.renderOptions(reply));
      for (const [part, message] of messages.entries()) {
        // Each message is retried on its own (the parts already sent are not sent again), with its own
        // nonce, the same on every try: Discord creates it once however many tries reach it.
        const payload = withNonce(message);
        await this.retrier.run({ ...context, part: part + 1, parts: messages.length }, 'send a message', async () => {
          await channel.send(payload);
        });
      }
    } catch (error) {
      this.logger.error({ ...context, err: errorContext(error) }, 'discord: could not post to a channel');
      throw error;
    }
  }
}
