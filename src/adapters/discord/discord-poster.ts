import type { Client } from 'discord.js';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../core/services.ts';
import { errorContext } from './api-errors.ts';
import { renderDiscord, type RenderOptions } from './render-discord.ts';

/**
 * Where the core speaks first in Discord (quiz questions, hints, reveals, daily posts): the channel
 * is fetched (from the cache when it is there) and each rendered message sent with `channel.send`.
 * A failure is logged with the channel and Discord's error, then thrown on to the core.
 */
export class DiscordPoster implements Poster {
  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    private readonly renderOptions: (reply: Reply) => RenderOptions = () => ({}),
  ) {}

  async post(ref: ChannelRef, reply: Reply): Promise<void> {
    try {
      const channel = await this.client.channels.fetch(ref.channel);
      if (!channel?.isSendable()) throw new Error(`Discord channel ${ref.channel} is not one the bot can post in`);
      // A post is public whatever the reply says: a channel message cannot be ephemeral.
      for (const message of renderDiscord(reply, this.renderOptions(reply))) await channel.send(message);
    } catch (error) {
      this.logger.error({ guild: ref.workspace, channel: ref.channel, kind: reply.kind, err: errorContext(error) }, 'discord: could not post to a channel');
      throw error;
    }
  }
}
