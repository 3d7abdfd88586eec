import type Database from 'better-sqlite3';
import type { Answerer } from '../core/answering/answerer.ts';
import { LearnedKnowledge } from '../core/learning/learned-knowledge.ts';
import { Learning } from '../core/learning/learning.ts';
import type { Clock, Logger } from '../core/ports.ts';
import { startDashboard, type RunningDashboard } from '../dashboard/server.ts';
import { SqliteDashboardData } from '../store/sqlite/sqlite-dashboard-data.ts';
import { SqliteLearningStore } from '../store/sqlite/sqlite-learning-store.ts';

/**
 * How often the bot looks for alias decisions made by another process (`interview-bot aliases
 * accept` while it runs) and for automatic acceptances: one read of a counter when nothing changed.
 */
export const LEARNING_POLL_MS = 2_000;

/** Automatic acceptance (LEARN_ALIASES_AFTER) reads every pick and vote: once every this many polls (30 s). */
export const AUTO_ACCEPT_EVERY_POLLS = 15;

export interface LearningHost {
  readonly learning: Learning;
  readonly learned: LearnedKnowledge;
  readonly dashboard?: RunningDashboard;
  /** Stops the poll and the dashboard. */
  close(): Promise<void>;
}

/**
 * Learning and the dashboard, wired for one process (the composition root calls this): accepted
 * aliases are applied to the answerer now and whenever they change, and the dashboard is served
 * when a port is given.
 */
export async function startLearning(deps: {
  readonly db: Database.Database;
  readonly answerer: Answerer;
  readonly clock: Clock;
  readonly logger: Logger;
  /** LEARN_ALIASES_AFTER: 0 = never automatically. */
  readonly learnAliasesAfter: number;
  /** DASHBOARD_HOST and DASHBOARD_PORT; none: no dashboard. */
  readonly dashboard?: { readonly host: string; readonly port: number };
}): Promise<LearningHost> {
  const logger = deps.logger.child({ part: 'learning' });
  const learning = new Learning(new SqliteLearningStore(deps.db), deps.clock, { autoAcceptAfter: deps.learnAliasesAfter });
  const learned = new LearnedKnowledge({ learning, target: deps.answerer, knowledge: deps.answerer.knowledge(), logger });
  await learned.refresh();
  let closed = false;
  let polls = 0;
  let timer = deps.clock.setTimeout(function poll() {
    polls++;
    learned
      .refresh({ autoAccept: deps.learnAliasesAfter > 0 && polls % AUTO_ACCEPT_EVERY_POLLS === 0 })
      .catch(error => logger.warn({ err: error }, 'learned aliases could not be refreshed; trying again'))
      .finally(() => {
        if (!closed) timer = deps.clock.setTimeout(poll, LEARNING_POLL_MS);
      });
  }, LEARNING_POLL_MS);
  let dashboard: RunningDashboard | undefined;
  if (deps.dashboard) {
    const data = new SqliteDashboardData(deps.db, () => deps.clock.now());
    try {
      dashboard = await startDashboard({ data, learning, learned, answerer: deps.answerer, clock: deps.clock, logger: deps.logger.child({ part: 'dashboard' }) }, deps.dashboard);
    } catch (error) {
      closed = true;
      timer.cancel();
      throw new Error(`could not serve the dashboard on DASHBOARD_HOST ${deps.dashboard.host} DASHBOARD_PORT ${deps.dashboard.port} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    logger.info({ host: dashboard.host, port: dashboard.port }, 'dashboard listening (npx interview-bot dashboard-link prints a link)');
  }
  return {
    learning,
    learned,
    ...(dashboard ? { dashboard } : {}),
    async close() {
      closed = true;
      timer.cancel();
      await dashboard?.close();
    },
  };
}
