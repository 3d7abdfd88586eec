import type { Message } from 'discord.js';
import type { Dispatcher } from '../../core/dispatcher.ts';
import { t } from '../../core/messages.ts';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import { errorContext } from './api-errors.ts';
import { Retrier, withNonce, type RetryOptions } from './delivery.ts';
import { messageInvocation } from './discord-invocation.ts';
import { NO_MENTIONS, renderDiscord, type RenderOptions } from './render-discord.ts';

export interface MessageHandlerDeps {
  readonly dispatcher: Dispatcher;
  readonly logger: Logger;
  /** Footer hints for quiz questions (typed answers by mention when the Message Content intent is off). */
  readonly renderOptions?: (reply: Reply) => RenderOptions;
  /** Backoff for a reply that failed with a 5xx or a network error (default 1 s, then 3 s). */
  readonly retry?: RetryOptions;
}

/** Shown on a message that the core answered privately though it was not addressed to the bot (a wrong typed quiz answer). */
export const PRIVATE_NOTE_REACTION = '❌';

/**
 * Chat messages → the core. A message is addressed to the bot when it is a DM or mentions the bot
 * (the user, or the bot's managed role); the mention is removed from the text. Discord delivers
 * the content of such messages even without the privileged Message Content intent; other messages
 * arrive with empty content unless the intent is on, and then can only be typed quiz answers.
 *
 * Discord has no private messages in a channel outside interactions: private replies to an
 * addressed message are posted as a reply to it; a private reply to a message not meant for the
 * bot (a wrong typed quiz answer) becomes a ❌ reaction on it, so a quiz does not flood the channel.
 * Bots, webhooks and system messages are ignored, the bot itself included.
 *
 * Every message sent carries its own enforced nonce (see delivery.ts), so a reply whose answer was
 * lost is retried — by discord.js, then here with backoff — without being posted twice.
 */
export class MessageHandler {
  private readonly retrier: Retrier;

  constructor(private readonly deps: MessageHandlerDeps) {
    this.retrier = new Retrier(deps.logger, deps.retry);
  }

  async handle(message: Message): Promise<void> {
    // discord.js builds a message even from a packet without an author: nothing to answer then.
    if (!message.author) {
      this.deps.logger.warn({ message: message.id, channel: message.channelId }, 'discord: ignoring a message without an author');
      return;
    }
    if (message.author.bot || message.webhookId !== null || message.system) return;
    const me = message.client.user;
    const roleIds = message.inGuild() ? message.mentions.roles.filter(r => r.tags?.botId === me.id).map(r => r.id) : [];
    const addressed = !message.inGuild() || message.mentions.users.has(me.id) || roleIds.length > 0;
    const text = stripMentions(message.content, me.id, roleIds);
    if (!addressed && text === '') return;
    const invocation = messageInvocation(message, text);
    const context = { message: message.id, guild: message.guildId ?? undefined, channel: message.channelId, user: message.author.id, addressed };
    try {
      const replies = await this.deps.dispatcher.handle(invocation, { kind: 'message', text, addressed });
      let first = true;
      for (const reply of replies) {
        if (!addressed && reply.visibility === 'private' && message.inGuild()) {
          await message.react(PRIVATE_NOTE_REACTION);
          continue;
        }
        const parts = renderDiscord(reply, this.deps.renderOptions?.(reply) ?? {});
        for (const [part, rendered] of parts.entries()) {
          // One nonce per message, the same on every try of it; the parts already sent are not sent again.
          const payload = withNonce(rendered);
          const asReply = first;
          await this.retrier.run({ ...context, part: part + 1, parts: parts.length }, 'send a reply', async () => {
            if (asReply) await message.reply(payload);
            else if (message.channel.isSendable()) await message.channel.send(payload);
          });
          first = false;
        }
      }
    } catch (error) {
      this.deps.logger.error({ ...context, err: errorContext(error) }, 'discord: could not answer a message');
      try {
        if (message.channel.isSendable()) await message.channel.send(withNonce({ content: t(invocation.lang, 'error.internal'), allowedMentions: NO_MENTIONS }));
      } catch (again) {
        this.deps.logger.error({ ...context, err: errorContext(again) }, 'discord: could not tell the user about the error either');
      }
    }
  }
}

/** The text without mentions of the bot (`<@id>`, `<@!id>`, its role `<@&id>`), trimmed. */
export function stripMentions(content: string, botId: string, roleIds: readonly string[] = []): string {
  const ids = [botId, ...roleIds].map(id => id.replace(/\D/g, '')).join('|');
  return content
    .replace(new RegExp(`<@[!&]?(?:${ids})>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
