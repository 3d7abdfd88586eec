/**
 * Ports: what the core needs from the outside world. `src/host/main.ts` builds the real ones
 * (pino, the system clock, Math.random, SQLite); tests pass fakes. The core never reaches
 * for globals such as `Date.now()`, `Math.random()` or `console`.
 */

/** Structured logger (pino's shape): context object first, then a message. */
export interface Logger {
  debug(context: object, message?: string): void;
  info(context: object, message?: string): void;
  warn(context: object, message?: string): void;
  error(context: object, message?: string): void;
  child(bindings: object): Logger;
}

/** A timer handle returned by {@link Clock.setTimeout}. */
export interface TimerHandle {
  cancel(): void;
}

/** Time, injected so that quiz timers and the daily scheduler are tested without waiting. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds of this clock's time. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
}

/** Randomness, injected so that shuffles and picks are reproducible in tests. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
}

/** A logger that drops everything: for tests and tools that want silence. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
});

/** Fisher–Yates shuffle with an injected random source; returns a new array. */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A reproducible Random (mulberry32) for tests and benchmarks that want real, repeatable shuffles. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
