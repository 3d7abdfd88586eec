import { KnowledgeAnswerer } from './answering/knowledge-answerer.ts';
import { askCommand } from './commands/ask.ts';
import type { Command } from './commands/command-spec.ts';
import { Conversation } from './conversation/conversation.ts';
import { dailyCommand } from './commands/daily.ts';
import { helpCommand } from './commands/help.ts';
import { quizCommand } from './commands/quiz.ts';
import { topicsCommand } from './commands/topics.ts';
import { DefaultDailyService, type DailyOptions } from './daily/daily-service.ts';
import { Dispatcher, requestScopedLogger } from './dispatcher.ts';
import type { KnowledgeBase } from './knowledge/entry.ts';
import type { MatchOptions } from './matching/match-options.ts';
import type { Clock, Logger, Random } from './ports.ts';
import { DefaultQuizService } from './quiz/quiz-service.ts';
import { RateLimiter } from './rate-limit.ts';
import type { CoreServices, Poster } from './services.ts';
import type { Store } from './store.ts';

/** Every command, in the order /help lists them. Adapters derive their slash commands from these specs. */
export const COMMANDS: readonly Command[] = Object.freeze([askCommand, quizCommand, dailyCommand, topicsCommand, helpCommand]);

export interface CoreDeps {
  readonly knowledge: KnowledgeBase;
  readonly store: Store;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly poster: Poster;
  readonly defaultTimeZone?: string;
  /** Daily posts: make-up window and when the answer is revealed (DAILY_GRACE_MINUTES, DAILY_REVEAL_AFTER). */
  readonly daily?: Partial<Pick<DailyOptions, 'graceMinutes' | 'revealAfter'>>;
  /** Questions one person may ask per minute (QUESTIONS_PER_MINUTE); 0 or absent: no limit. */
  readonly questionsPerMinute?: number;
  /** Quizzes one channel may start per hour (QUIZZES_PER_HOUR); 0 or absent: no limit. */
  readonly quizzesPerHour?: number;
  readonly matchOptions?: Partial<MatchOptions>;
}

export interface Core {
  readonly services: CoreServices;
  readonly dispatcher: Dispatcher;
  /** Stops quiz and daily timers. */
  shutdown(): void;
  /**
   * Graceful stop: takes no more inputs, waits for those in flight, stops the timers (a running quiz
   * ends as 'shutdown') and waits until every queued quiz and daily message went to the poster.
   */
  drain(): Promise<void>;
}

/** Wires the core from its ports. `src/host/main.ts` passes the real ones; tests pass fakes. */
export function createCore(deps: CoreDeps): Core {
  const { store, clock, random, logger, poster } = deps;
  const answerer = new KnowledgeAnswerer({
    knowledge: deps.knowledge,
    questions: store.questions,
    clock,
    logger: requestScopedLogger(logger),
    ...(deps.matchOptions ? { matchOptions: deps.matchOptions } : {}),
  });
  const entries = () => answerer.entries();
  const quiz = new DefaultQuizService({ store: store.quiz, clock, random, poster, logger: requestScopedLogger(logger.child({ part: 'quiz' })), entries });
  const daily = new DefaultDailyService({
    store: store.daily,
    clock,
    random,
    poster,
    logger: requestScopedLogger(logger.child({ part: 'daily' })),
    entries,
    options: {
      ...(deps.defaultTimeZone ? { defaultTimeZone: deps.defaultTimeZone } : {}),
      ...(deps.daily?.graceMinutes !== undefined ? { graceMinutes: deps.daily.graceMinutes } : {}),
      ...(deps.daily?.revealAfter !== undefined ? { revealAfter: deps.daily.revealAfter } : {}),
    },
  });
  const services: CoreServices = {
    logger,
    clock,
    random,
    store,
    answerer,
    poster,
    quiz,
    daily,
    conversation: new Conversation({ clock, answerer }),
    commands: new Map(COMMANDS.map(c => [c.spec.name, c])),
  };
  const perMinute = deps.questionsPerMinute ?? 0;
  const perHour = deps.quizzesPerHour ?? 0;
  const dispatcher = new Dispatcher(services, {
    // With a shared store (several hosts) the limits are counted there: one allowance for all hosts.
    ...(perMinute > 0 ? { rateLimiter: new RateLimiter(clock, { limit: perMinute, windowMs: 60_000 }, store.rates) } : {}),
    ...(perHour > 0 ? { channelLimiter: new RateLimiter(clock, { limit: perHour, windowMs: 3_600_000 }, store.rates) } : {}),
  });
  const shutdown = () => {
    quiz.shutdown();
    daily.shutdown();
  };
  return {
    services,
    dispatcher,
    shutdown,
    async drain() {
      dispatcher.close();
      await dispatcher.idle();
      shutdown();
      await quiz.settled();
      await daily.idle();
    },
  };
}
