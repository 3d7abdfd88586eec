import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { deliverReplies, type SlackDeps } from './deliver-replies.ts';
import { toInvocation } from './invocation.ts';
import { ACTION_ID_PREFIX } from './render-slack.ts';

/**
 * Button clicks (suggestions, "Show more", 👍/👎, quiz choices, "Show answer"): acknowledged at once,
 * then the button's value (the core's encoded action) goes to the core. Private replies come back
 * as ephemeral messages through response_url; public ones go to the channel (in the clicked
 * message's thread, if it is in one).
 */
export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_ID_PREFIX.replace('.', '\\.')}`), async ({ ack, body, action, respond }) => {
    await ack();
    await handleAction(deps, body, action, respond);
  });
}

/** The work after the acknowledgement (exported for tests with a fake respond). */
export async function handleAction(deps: SlackDeps, body: BlockAction, action: ButtonAction, respond: RespondFn | undefined): Promise<void> {
  try {
    if (action.type !== 'button' || typeof action.value !== 'string') return;
    const channel = body.channel?.id ?? (typeof body.container?.channel_id === 'string' ? body.container.channel_id : undefined);
    if (!channel) return;
    const info = await deps.users.lookup(body.user.id);
    const invocation = toInvocation(
      { team: body.team?.id ?? body.user.team_id, channel, userId: body.user.id, userName: body.user.name ?? body.user.username },
      info,
    );
    const replies = await deps.dispatcher.handle(invocation, { kind: 'action', action: action.value });
    const threadTs =
      (typeof body.message?.thread_ts === 'string' ? body.message.thread_ts : undefined) ??
      (typeof body.container?.thread_ts === 'string' ? body.container.thread_ts : undefined);
    await deliverReplies(deps, replies, { channel, user: body.user.id, threadTs, respond });
  } catch (error) {
    deps.logger.error({ err: error, channel: body.channel?.id }, 'button click failed');
  }
}
