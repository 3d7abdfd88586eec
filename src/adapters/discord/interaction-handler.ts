import {
  ApplicationCommandOptionType,
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { CommandArgs, Invocation, OptionValue } from '../../core/commands/command-spec.ts';
import type { Dispatcher, Input } from '../../core/dispatcher.ts';
import { t } from '../../core/messages.ts';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { CoreServices } from '../../core/services.ts';
import { errorContext, isUnknownInteraction } from './api-errors.ts';
import { findOption, MAX_CHOICES, type TopicsFor } from './command-definitions.ts';
import { withNonce } from './delivery.ts';
import { interactionInvocation } from './discord-invocation.ts';
import { NO_MENTIONS, renderInteraction, truncate, type DiscordMessage, type InteractionMessage } from './render-discord.ts';

/** Discord wants an answer to an interaction within 3 s; past this, the bot defers first (then it has 15 minutes). */
export const DEFAULT_DEFER_AFTER_MS = 1500;

export interface InteractionHandlerDeps {
  readonly dispatcher: Dispatcher;
  /** For autocomplete only (entry titles, topics); everything else goes through the dispatcher. */
  readonly services: Pick<CoreServices, 'answerer' | 'commands'>;
  readonly topicsFor: TopicsFor;
  readonly logger: Logger;
  readonly deferAfterMs?: number;
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

/**
 * Slash commands, buttons and autocomplete → the core, and its replies → interaction responses.
 *
 * Each interaction is answered within Discord's 3 seconds: the core's replies are awaited for up to
 * {@link DEFAULT_DEFER_AFTER_MS}; if they are not ready by then, the interaction is deferred
 * (ephemeral: whether the eventual reply is public cannot be known yet), private replies then edit
 * the deferral and public ones are posted to the channel. Private replies are ephemeral. An API
 * error is logged with its context (never the interaction token) and the user is told that
 * something went wrong, if Discord still lets us.
 *
 * Public replies posted to the channel carry an enforced nonce, so discord.js's retries of them never
 * post twice (see delivery.ts). Interaction responses (`reply`, `editReply`, `followUp`) cannot: they
 * go through the interaction callback and webhook endpoints, which take no nonce. A retried callback
 * that had reached Discord fails with "already acknowledged" rather than duplicating; a retried
 * follow-up could in principle be shown twice.
 */
export class InteractionHandler {
  private readonly deferAfterMs: number;

  constructor(private readonly deps: InteractionHandlerDeps) {
    this.deferAfterMs = deps.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  }

  async handle(interaction: Interaction): Promise<void> {
    if (interaction.user.bot) return;
    if (interaction.isAutocomplete()) return this.autocomplete(interaction);
    let input: Input;
    if (interaction.isChatInputCommand()) input = { kind: 'command', name: interaction.commandName, args: commandArgs(interaction) };
    else if (interaction.isButton()) input = { kind: 'action', action: interaction.customId };
    else {
      this.deps.logger.debug({ interaction: interaction.id, type: interaction.type }, 'discord: interaction type not handled');
      return;
    }
    await this.respond(interaction, interactionInvocation(interaction), input);
  }

  private async respond(interaction: Repliable, invocation: Invocation, input: Input): Promise<void> {
    const context = this.context(interaction);
    try {
      const work = this.deps.dispatcher.handle(invocation, input);
      let timer: NodeJS.Timeout | undefined;
      const slow = new Promise<'slow'>(resolve => {
        timer = setTimeout(() => resolve('slow'), this.deferAfterMs);
      });
      const first = await Promise.race([work, slow]);
      clearTimeout(timer);
      if (first === 'slow') {
        this.deps.logger.info(context, 'discord: reply is slow; deferring');
        await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      }
      await this.send(interaction, await work);
    } catch (error) {
      this.deps.logger.error({ ...context, err: errorContext(error) }, 'discord: could not answer an interaction');
      await this.apologize(interaction, invocation, context);
    }
  }

  private async send(interaction: Repliable, replies: readonly Reply[]): Promise<void> {
    const rendered = replies.flatMap(reply => renderInteraction(reply));
    if (interaction.deferred) {
      let edited = false;
      for (const message of rendered) {
        if (message.flags !== undefined && !edited) {
          await interaction.editReply(withoutFlags(message));
          edited = true;
        } else if (message.flags !== undefined) {
          await interaction.followUp(message);
        } else {
          // The deferral is ephemeral and cannot become public: public replies go to the channel.
          const channel = interaction.channel ?? (await interaction.client.channels.fetch(interaction.channelId));
          if (!channel?.isSendable()) throw new Error(`cannot post in channel ${interaction.channelId}`);
          await channel.send(withNonce(withoutFlags(message)));
        }
      }
      if (!edited) await interaction.deleteReply();
      return;
    }
    const [first, ...rest] = rendered;
    if (first === undefined) {
      // Nothing to say (the core ignored the input): acknowledge so that Discord shows no failure.
      if (interaction.isButton()) await interaction.deferUpdate();
      else await interaction.reply({ content: '✓', flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    await interaction.reply(first);
    for (const message of rest) await interaction.followUp(message);
  }

  /** Tells the user that something went wrong, as a private message, if the interaction still allows one. */
  private async apologize(interaction: Repliable, invocation: Invocation, context: Record<string, unknown>): Promise<void> {
    const message = { content: t(invocation.lang, 'error.internal'), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS } as const;
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(message);
      else await interaction.reply(message);
    } catch (error) {
      const level = isUnknownInteraction(error) ? 'warn' : 'error';
      this.deps.logger[level]({ ...context, err: errorContext(error) }, 'discord: could not tell the user about the error either');
    }
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const context = this.context(interaction);
    try {
      const spec = this.deps.services.commands.get(interaction.commandName)?.spec;
      const focused = interaction.options.getFocused(true);
      const option = spec ? findOption(spec, interaction.options.getSubcommand(false), focused.name) : undefined;
      const typed = String(focused.value ?? '');
      let choices: { name: string; value: string }[] = [];
      if (spec && option?.choices === 'topics') {
        const needle = typed.trim().toLowerCase();
        choices = this.deps
          .topicsFor(spec.name)
          .filter(topic => topic.toLowerCase().includes(needle))
          .slice(0, MAX_CHOICES)
          .map(topic => ({ name: truncate(topic, 100), value: truncate(topic, 100) }));
      } else if (option?.autocomplete) {
        // The chosen title becomes the question, which then matches its entry.
        choices = this.deps.services.answerer
          .complete(typed, MAX_CHOICES)
          .map(({ title }) => ({ name: truncate(title, 100), value: truncate(title, 100) }))
          .filter((c, i, all) => all.findIndex(o => o.value === c.value) === i);
      }
      await interaction.respond(choices);
    } catch (error) {
      this.deps.logger.error({ ...context, err: errorContext(error) }, 'discord: could not answer an autocomplete');
    }
  }

  /** What to log about an interaction: ids and names, never its token. */
  private context(interaction: Repliable | AutocompleteInteraction): Record<string, unknown> {
    return {
      interaction: interaction.id,
      ...(interaction.isButton() ? { customId: interaction.customId } : { command: interaction.commandName }),
      guild: interaction.guildId ?? undefined,
      channel: interaction.channelId,
      user: interaction.user.id,
    };
  }
}

/** The options of a slash command (and its subcommand), as Discord already parsed and typed them. */
export function commandArgs(interaction: ChatInputCommandInteraction | AutocompleteInteraction): CommandArgs {
  const data = interaction.options.data;
  const sub = data.find(o => o.type === ApplicationCommandOptionType.Subcommand);
  const options: Record<string, OptionValue> = {};
  for (const option of sub ? (sub.options ?? []) : data) {
    if (option.value !== undefined && option.value !== null) options[option.name] = option.value;
  }
  return { ...(sub ? { subcommand: sub.name } : {}), options };
}

/** An edit or a channel message cannot carry the ephemeral flag. */
function withoutFlags(message: InteractionMessage): DiscordMessage {
  const { flags: _flags, ...rest } = message;
  return rest;
}
