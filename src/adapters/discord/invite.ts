import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/**
 * What the bot needs in a channel: see it, read its history (to reply to a message), send (also in
 * threads), embed links (answers are embeds) and add reactions (❌ on a wrong typed quiz answer).
 */
export const BOT_PERMISSIONS = new PermissionsBitField([
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.AddReactions,
]).freeze();

/** The URL that adds the bot to a server: scopes bot and applications.commands, with {@link BOT_PERMISSIONS}. */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.bitfield.toString(),
    integration_type: '0',
  });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
