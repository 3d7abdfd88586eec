import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { deliverReplies, type SlackDeps } from './deliver-replies.ts';
import { toInvocation } from './invocation.ts';
import { fromSlackText } from './slack-text.ts';

/**
 * One slash command per core command (`/ask`, `/quiz`, `/daily`, `/topics`, `/help`): acknowledged
 * at once with an empty 200, then the text is handed to the core, which parses it with the command's
 * own spec. Replies go back through response_url: private ones ephemeral, public ones `in_channel`.
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  for (const name of deps.commands) {
    app.command(`/${name}`, async ({ command, ack, respond }) => {
      await ack();
      await handleCommand(deps, command, respond);
    });
  }
}

/** The work after the acknowledgement (exported for tests with a fake respond). */
export async function handleCommand(deps: SlackDeps, command: SlashCommand, respond: RespondFn): Promise<void> {
  try {
    const info = await deps.users.lookup(command.user_id);
    const invocation = toInvocation(
      { team: command.team_id, channel: command.channel_id, userId: command.user_id, userName: command.user_name, text: command.text },
      info,
    );
    const replies = await deps.dispatcher.handle(invocation, {
      kind: 'command-text',
      name: command.command.replace(/^\//, ''),
      text: fromSlackText(command.text ?? '', deps.botUserId),
    });
    await deliverReplies(deps, replies, {
      channel: command.channel_id,
      user: command.user_id,
      respond,
      publicViaRespond: true,
    });
  } catch (error) {
    deps.logger.error({ err: error, command: command.command, channel: command.channel_id }, 'slash command failed');
  }
}
