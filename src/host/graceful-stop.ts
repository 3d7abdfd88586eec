import type { Logger } from '../core/ports.ts';

/** How long each step of a graceful stop may take (ms); main.ts's SHUTDOWN_LIMITS_MS. */
export interface StopLimits {
  readonly drain: number;
  readonly adapters: number;
}

export interface StopSteps {
  readonly logger: Logger;
  /** The core's drain: no new inputs, the ones in flight finished, queued quiz/daily messages handed to the posters. */
  readonly drain: () => Promise<void>;
  /** The platform adapters (each drains its own send queue). */
  readonly adapters: () => readonly { stop(): Promise<void> }[];
  /** After both: close the database, the health server… */
  readonly close: () => Promise<void>;
}

/**
 * The order of a graceful stop (SIGTERM/SIGINT, the end of the console's input): first the work in
 * flight is finished (up to `limits.drain`), only then do the adapters stop (up to
 * `limits.adapters`; an adapter stopped first would drop the answers still being worked on), and
 * last the database and the rest close. A step past its limit is logged and the stop goes on.
 */
export async function gracefulStop(steps: StopSteps, limits: StopLimits): Promise<void> {
  const { logger } = steps;
  const drain = steps.drain().catch((error: unknown) => logger.error({ err: error }, 'draining the core failed'));
  if (!(await within(limits.drain, drain))) logger.warn({ ms: limits.drain }, 'in-flight work did not finish in time; stopping anyway');
  if (!(await within(limits.adapters, Promise.allSettled(steps.adapters().map(a => a.stop())))))
    logger.warn({ ms: limits.adapters }, 'adapters did not stop in time; stopping anyway');
  await steps.close();
}

/** Whether `work` settled within `ms` (it is not cancelled when it did not). */
export async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>(resolve => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
