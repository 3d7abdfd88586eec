import type { Logger } from '../core/ports.ts';

/**
 * When an unexpected error escaping every handler means the process state is unknown: more than
 * `maxPerWindow` uncaught exceptions within `windowMs` (one bad packet is logged and served past; a
 * stream of them is a broken process that a supervisor should restart). Frozen and documented.
 */
export const LAST_RESORT_LIMITS = Object.freeze({ maxPerWindow: 10, windowMs: 60_000 });

/** What {@link installLastResort} listens on: `process` in production, an EventEmitter in tests. */
export interface ProcessEvents {
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  off(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  off(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface LastResortOptions {
  readonly events: ProcessEvents;
  readonly logger: Logger;
  /** Milliseconds since the epoch (the injected clock). */
  readonly now: () => number;
  /** Called once when the state is unknown: stop gracefully and exit non-zero for the supervisor. */
  readonly onFatal: (reason: string) => void;
  readonly limits?: Partial<typeof LAST_RESORT_LIMITS>;
}

/**
 * The last-resort handler: an error that escaped every handler (a malformed platform packet deep in
 * a library, a bug) is logged with its context (stack, where it came from) and the bot keeps
 * serving; only a burst of them (see {@link LAST_RESORT_LIMITS}) calls `onFatal`. Returns the
 * uninstaller.
 */
export function installLastResort(options: LastResortOptions): () => void {
  const limits = { ...LAST_RESORT_LIMITS, ...options.limits };
  const recent: number[] = [];
  let fatal = false;
  const count = (): number => {
    const now = options.now();
    recent.push(now);
    while (recent.length > 0 && now - recent[0]! > limits.windowMs) recent.shift();
    return recent.length;
  };
  const onException = (error: Error, origin: string) => {
    const n = count();
    options.logger.error({ err: error, origin, recent: n }, 'unexpected error outside any handler; logged, and the bot keeps serving');
    if (n > limits.maxPerWindow && !fatal) {
      fatal = true;
      options.logger.error({ recent: n, windowMs: limits.windowMs }, 'too many unexpected errors: the process state is unknown; stopping so the supervisor restarts it');
      options.onFatal('unexpected errors');
    }
  };
  const onRejection = (reason: unknown) => {
    options.logger.error({ err: reason }, 'unhandled promise rejection; logged, and the bot keeps serving');
  };
  options.events.on('uncaughtException', onException);
  options.events.on('unhandledRejection', onRejection);
  return () => {
    options.events.off('uncaughtException', onException);
    options.events.off('unhandledRejection', onRejection);
  };
}
