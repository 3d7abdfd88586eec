import type { Clock, Logger, Random } from './ports.ts';
import type { Store } from './store.ts';
import type { Reply } from './reply/reply.ts';
import type { Answerer } from './answering/answerer.ts';
import type { Command } from './commands/command-spec.ts';
import type { QuizService } from './quiz/quiz-service.ts';
import type { DailyService } from './daily/daily-service.ts';

/** Where a reply goes when the core speaks first (quiz timers, daily posts). */
export interface ChannelRef {
  readonly platform: 'console' | 'slack' | 'discord';
  readonly workspace: string;
  readonly channel: string;
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
  /** All commands, by name. */
  readonly commands: ReadonlyMap<string, Command>;
}
