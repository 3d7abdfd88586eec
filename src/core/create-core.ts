import { KnowledgeAnswerer } from './answering/knowledge-answerer.ts';
import { askCommand } from './commands/ask.ts';
import type { Command } from './commands/command-spec.ts';
import { dailyCommand } from './commands/daily.ts';
import { helpCommand } from './commands/help.ts';
import { quizCommand } from './commands/quiz.ts';
import { topicsCommand } from './commands/topics.ts';
import { DefaultDailyService } from './daily/daily-service.ts';
import { Dispatcher } from './dispatcher.ts';
import type { KnowledgeBase } from './knowledge/entry.ts';
import { BUILTIN_GLOSSARY } from './matching/glossary-data.ts';
import type { MatchOptions } from './matching/match-options.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from './matching/stopwords.ts';
import type { Clock, Logger, Random } from './ports.ts';
import { DefaultQuizService } from './quiz/quiz-service.ts';
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
  readonly matchOptions?: Partial<MatchOptions>;
}

export interface Core {
  readonly services: CoreServices;
  readonly dispatcher: Dispatcher;
  /** Stops quiz and daily timers. */
  shutdown(): void;
}

/** Wires the core from its ports. `src/main.ts` passes the real ones; tests pass fakes. */
export function createCore(deps: CoreDeps): Core {
  const { store, clock, random, logger, poster } = deps;
  const answerer = new KnowledgeAnswerer({
    knowledge: deps.knowledge,
    builtinGlossary: BUILTIN_GLOSSARY,
    stopwordsEn: STOPWORDS_EN,
    stopwordsZh: STOPWORDS_ZH,
    questions: store.questions,
    clock,
    logger,
    ...(deps.matchOptions ? { matchOptions: deps.matchOptions } : {}),
  });
  const entries = () => answerer.entries();
  const quiz = new DefaultQuizService({ store: store.quiz, clock, random, poster, logger: logger.child({ part: 'quiz' }), entries });
  const daily = new DefaultDailyService({
    store: store.daily,
    clock,
    random,
    poster,
    logger: logger.child({ part: 'daily' }),
    entries,
    ...(deps.defaultTimeZone ? { options: { defaultTimeZone: deps.defaultTimeZone } } : {}),
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
    commands: new Map(COMMANDS.map(c => [c.spec.name, c])),
  };
  return {
    services,
    dispatcher: new Dispatcher(services),
    shutdown() {
      quiz.shutdown();
      daily.shutdown();
    },
  };
}
