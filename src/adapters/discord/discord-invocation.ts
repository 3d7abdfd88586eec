import { GuildMember, PermissionFlagsBits, type Interaction, type Message } from 'discord.js';
import type { Invocation } from '../../core/commands/command-spec.ts';
import { detectLang, type Lang } from '../../core/language.ts';

/** Where direct messages live: the core's `workspace` for a channel outside any guild. */
export const DM_WORKSPACE = 'dm';

/** The reply language for a Discord locale ('zh-CN', 'zh-TW' → zh; any other → en). */
export function langOf(locale: string | null | undefined, fallback: Lang = 'en'): Lang {
  if (!locale) return fallback;
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Who clicked or typed a command, and where: guild (or 'dm'), channel, Manage Server, locale. */
export function interactionInvocation(interaction: Interaction): Invocation {
  const member = interaction.member;
  const name = member instanceof GuildMember ? member.displayName : (member?.nick ?? interaction.user.displayName);
  return {
    platform: 'discord',
    workspace: interaction.guildId ?? DM_WORKSPACE,
    channel: interaction.channelId ?? DM_WORKSPACE,
    user: {
      id: interaction.user.id,
      name,
      // Discord computes the member's permissions in this channel for us; outside a guild nobody manages anything.
      canManage: interaction.inGuild() && interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild),
      isBot: interaction.user.bot,
    },
    lang: langOf(interaction.locale, langOf(interaction.guildLocale)),
  };
}

/** Who wrote a message, and where; the language is the message's own, else the server's. */
export function messageInvocation(message: Message, text: string): Invocation {
  const member = message.member;
  return {
    platform: 'discord',
    workspace: message.guildId ?? DM_WORKSPACE,
    channel: message.channelId,
    user: {
      id: message.author.id,
      name: member?.displayName ?? message.author.displayName,
      canManage: member?.permissions.has(PermissionFlagsBits.ManageGuild) ?? false,
      isBot: message.author.bot,
    },
    lang: detectLang(text, langOf(message.guild?.preferredLocale)),
  };
}
