import { afterEach } from 'vitest';
import { KnowledgeAnswerer } from '../../../src/core/answering/knowledge-answerer.ts';
import type { KnowledgeBase } from '../../../src/core/knowledge/entry.ts';
import { LearnedKnowledge } from '../../../src/core/learning/learned-knowledge.ts';
import { Learning, type LearningOptions } from '../../../src/core/learning/learning.ts';
import { silentLogger } from '../../../src/core/ports.ts';
import type { Outcome } from '../../../src/core/store.ts';
import { SqliteLearningStore } from '../../../src/store/sqlite/sqlite-learning-store.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { miniKnowledge, MONDAY_0900_UTC } from '../../support/core-harness.ts';
import { FakeClock } from '../../support/fake-clock.ts';

const open: SqliteStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/**
 * Learning over a real in-memory state database and a real answerer on the mini notes: `ask` logs a
 * question as the bot does, `pick` and `vote` record what a person did, as the dispatcher does.
 */
export function learningWorld(options: Partial<LearningOptions> = {}, knowledge: KnowledgeBase = miniKnowledge()) {
  const store = openSqliteStore(':memory:');
  open.push(store);
  const clock = new FakeClock(MONDAY_0900_UTC);
  const learningStore = new SqliteLearningStore(store.db);
  const learning = new Learning(learningStore, clock, options);
  const answerer = new KnowledgeAnswerer({ knowledge, clock, logger: silentLogger });
  const learned = new LearnedKnowledge({ learning, target: answerer, knowledge, logger: silentLogger });
  return {
    store,
    clock,
    learning,
    learningStore,
    answerer,
    learned,
    knowledge,
    /** Asks as `user`: logs the question with what the bot does with it; returns the question id and the match. */
    ask(query: string, user = 'u1') {
      clock.advance(1000);
      const r = answerer.match(query);
      const id = store.questions.record({
        at: clock.now(),
        platform: 'console',
        workspace: 'console',
        channel: 'console',
        user,
        query,
        outcome: r.outcome as Outcome,
        entryId: r.answer?.id ?? null,
        score: r.confidence,
      });
      return { id, result: r };
    },
    pick(questionId: string, entryId: string) {
      store.questions.picked(questionId, entryId, clock.now());
    },
    vote(questionId: string, user: string, vote: 'up' | 'down') {
      clock.advance(1000);
      store.questions.feedback(questionId, user, vote, clock.now());
    },
  };
}
