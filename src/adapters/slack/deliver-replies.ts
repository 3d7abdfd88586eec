import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Dispatcher } from '../../core/dispatcher.ts';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { UserDirectory } from './invocation.ts';
import { renderSlack } from './render-slack.ts';
import { errorCode, type SlackPoster } from './slack-poster.ts';

/** What every listener needs; built once by start-slack.ts (tests build it with fakes). */
export interface SlackDeps {
  readonly dispatcher: Dispatcher;
  readonly users: UserDirectory;
  readonly poster: SlackPoster;
  /** Event ids seen (this process's memory, and the shared store's when several replicas run). */
  readonly dedupe: { firstTime(id: string): boolean };
  readonly logger: Logger;
  /** The bot's own user id (from auth.test), to strip its mention and ignore its messages. */
  readonly botUserId: string | undefined;
  /** The bot's bot id (from auth.test). */
  readonly botId: string | undefined;
  /** Command names from the core's command specs, without the slash. */
  readonly commands: readonly string[];
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Where the replies to one input go. */
export interface ReplyTarget {
  readonly channel: string;
  /** The person who caused the input (receives private replies). */
  readonly user: string;
  /** Replies go into this thread (mentions, DMs, clicks inside a thread). */
  readonly threadTs?: string | undefined;
  /** The payload's response_url (commands and clicks): private replies go there as ephemeral messages. */
  readonly respond?: RespondFn | undefined;
  /** Public replies through response_url too (slash commands: works even where the bot is not a member). */
  readonly publicViaRespond?: boolean;
}

/**
 * Sends the core's replies where they belong: private ones as ephemeral messages (response_url,
 * else chat.postEphemeral), public ones in the channel (response_url `in_channel` for commands,
 * else chat.postMessage in the thread). One failing reply is logged and does not stop the others.
 */
export async function deliverReplies(deps: SlackDeps, replies: readonly Reply[], target: ReplyTarget): Promise<void> {
  for (const reply of replies) {
    try {
      const isPrivate = reply.visibility === 'private';
      if (target.respond && (isPrivate || target.publicViaRespond)) {
        await respondWith(deps, target.respond, reply, isPrivate ? 'ephemeral' : 'in_channel');
      } else {
        await deps.poster.send(target.channel, reply, {
          threadTs: target.threadTs,
          ephemeralFor: isPrivate ? target.user : undefined,
        });
      }
    } catch (error) {
      deps.logger.error({ channel: target.channel, kind: reply.kind, code: errorCode(error) }, 'could not deliver a reply to Slack');
    }
  }
}

/** Posts to response_url, retrying a 429 (Slack sends no Retry-After there: 1 s, then 2 s, 4 s). */
async function respondWith(deps: SlackDeps, respond: RespondFn, reply: Reply, type: 'ephemeral' | 'in_channel'): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>(r => setTimeout(r, ms)));
  for (const message of renderSlack(reply)) {
    const args: RespondArguments = { response_type: type, replace_original: false, text: message.text, blocks: message.blocks };
    for (let attempt = 1; ; attempt++) {
      try {
        await respond(args);
        break;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 429 && attempt < 4) {
          deps.logger.warn({ attempt }, 'response_url rate limited; retrying');
          await sleep(1000 * 2 ** (attempt - 1));
          continue;
        }
        throw error;
      }
    }
  }
}
