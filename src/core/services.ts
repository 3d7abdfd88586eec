import type { Clock, Logger, Random } from './ports.ts';
import type { Store } from './store.ts';
import type { Reply } from './reply/reply.ts';
import type { Answerer } from './answering/answerer.ts';
import type { Command } from './commands/command-spec.ts';
import type { QuizService } from './quiz/quiz-service.ts';
import type { DailyService } from './daily/daily-service.ts';
import type { Conversation } from './conversation/conversation.ts';

/** Where a reply goes when the core speaks first (quiz timers, daily posts). */
export interface ChannelRef {
  readonly platform: 'console' | 'slack' | 'discord';
  readonly workspace: string;
  readonly channel: string;
}

/**
 * Whether only the person and the bot are in this conversation: the console chat, a Discord DM
 * (workspace 'dm'), a Slack DM (channel ids starting with D). A quiz there has one player, so an
 * answer moves on at once instead of waiting for others.
 */
export function isOneToOne(where: ChannelRef): boolean {
  return where.platform === 'console' || (where.platform === 'discord' && where.workspace === 'dm') || (where.platform === 'slack' && where.channel.startsWith('D'));
}

/** Posts into a channel on its platform; each adapter implements it, main.ts routes by platform. */
export interface Poster {
  post(channel: ChannelRef, reply: Reply): Promise<void>;
}

/** Everything commands and the dispatcher use, built once by the composition root. */
export interface CoreServices {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly random: Random;
  readonly store: Store;
  readonly answerer: Answerer;
  readonly poster: Poster;
  readonly quiz: QuizService;
  readonly daily: DailyService;
  /** Each person's last answer and open suggestions ("tell me more", a bare number) and small talk. */
  readonly conversation: Conversation;
  /** All commands, by name. */
  readonly commands: ReadonlyMap<string, Command>;
}
