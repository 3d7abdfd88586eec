import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Input } from '../../core/dispatcher.ts';
import { deliverReplies, type ReplyTarget, type SlackDeps } from './deliver-replies.ts';
import { toInvocation } from './invocation.ts';
import { fromSlackText } from './slack-text.ts';

/** The fields of a message or app_mention event the adapter reads. */
export interface IncomingMessage {
  readonly type: string;
  readonly subtype?: string | undefined;
  readonly user?: string | undefined;
  readonly bot_id?: string | undefined;
  readonly text?: string | undefined;
  readonly ts: string;
  readonly thread_ts?: string | undefined;
  readonly channel: string;
  readonly channel_type?: string | undefined;
  readonly team?: string | undefined;
}

/** Message subtypes that are a person writing (everything else: edits, joins, bots, … is ignored). */
const PERSON_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

/**
 * Events: a mention (`app_mention`) or a direct message (`message.im`) is a question, answered in a
 * thread; any other channel message may be a typed quiz answer (the core decides). Every event is
 * acknowledged by Bolt before this runs; a retried event (same `event_id`) is dropped here, and the
 * bot never answers itself or another bot.
 */
export function registerEvents(app: App, deps: SlackDeps): void {
  // Before any listener: de-duplicate Slack's retries of the same event.
  app.use(async ({ body, next }) => {
    const id = (body as { event_id?: unknown }).event_id;
    if (typeof id === 'string' && !deps.dedupe.firstTime(id)) {
      deps.logger.info({ event: id }, 'ignoring a retried Slack event that was already handled');
      return;
    }
    await next();
  });

  app.event('app_mention', async ({ event, body }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs) => {
    await handleMessageEvent(deps, event as IncomingMessage, body.team_id);
  });

  app.event('message', async ({ event, body }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    await handleMessageEvent(deps, event as IncomingMessage, body.team_id);
  });
}

/** Handles one app_mention or message event (exported for tests). */
export async function handleMessageEvent(deps: SlackDeps, event: IncomingMessage, team: string | undefined): Promise<void> {
  try {
    if (!PERSON_SUBTYPES.has(event.subtype)) return;
    if (!event.user || event.bot_id) return; // other bots (and integrations) are never answered
    if (event.user === deps.botUserId) return;
    const raw = event.text ?? '';
    const mention = event.type === 'app_mention';
    const dm = event.type === 'message' && event.channel_type === 'im';
    if (event.type === 'message' && !dm) {
      if (event.channel_type !== 'channel' && event.channel_type !== 'group') return;
      // A mention in a channel also arrives as app_mention: answer it once, there.
      if (deps.botUserId && raw.includes(`<@${deps.botUserId}`)) return;
    }
    const addressed = mention || dm;
    const input: Input = { kind: 'message', text: fromSlackText(raw, deps.botUserId), addressed };

    const info = await deps.users.lookup(event.user);
    const invocation = toInvocation({ team: team ?? event.team, channel: event.channel, userId: event.user, text: input.text }, info);
    const replies = await deps.dispatcher.handle(invocation, input);
    if (replies.length === 0) return;
    const target: ReplyTarget = {
      channel: event.channel,
      user: event.user,
      // Questions are answered in a thread; a typed quiz answer is answered where it was typed.
      threadTs: addressed ? (event.thread_ts ?? event.ts) : event.thread_ts,
    };
    await deliverReplies(deps, replies, target);
  } catch (error) {
    deps.logger.error({ err: error, channel: event.channel }, 'message event failed');
  }
}
