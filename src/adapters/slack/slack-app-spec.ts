/**
 * What the Slack app must be allowed and subscribed to: exactly what the adapter uses. manifest.yml
 * at the repository root lists these; a test keeps the two the same.
 */

/** Bot token scopes, each with the call or event that needs it. */
export const BOT_SCOPES: Readonly<Record<string, string>> = Object.freeze({
  'app_mentions:read': 'app_mention events: "@bot question" in a channel',
  'channels:history':
    'message.channels events: typed quiz answers in public channels; conversations.history/replies: after a lost answer, checking whether a message was posted before sending it again',
  'groups:history':
    'message.groups events: typed quiz answers in private channels; conversations.history/replies: after a lost answer, checking whether a message was posted before sending it again',
  'im:history':
    'message.im events: questions in a direct message with the bot; conversations.history/replies: after a lost answer, checking whether a message was posted before sending it again',
  'chat:write': 'chat.postMessage and chat.postEphemeral: answers, quiz and daily posts, private notices',
  commands: 'the slash commands /ask, /quiz, /daily, /topics, /help',
  'users:read': 'users.info: display names for quiz scores, admin/owner for /daily set and off, locale',
});

/** Bot events the adapter listens to. */
export const BOT_EVENTS: readonly string[] = Object.freeze(['app_mention', 'message.channels', 'message.groups', 'message.im']);
