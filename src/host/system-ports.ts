import type { Clock, Random } from '../core/ports.ts';

/** The real clock: wall time and Node's timers. */
export function systemClock(): Clock {
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      // Node timers overflow above 2^31-1 ms (~24.8 days): re-arm in steps.
      const MAX = 2_147_483_647;
      let handle: NodeJS.Timeout;
      const due = Date.now() + ms;
      const arm = () => {
        const left = due - Date.now();
        handle = setTimeout(left > MAX ? arm : callback, Math.max(0, Math.min(left, MAX)));
      };
      arm();
      return { cancel: () => clearTimeout(handle) };
    },
  };
}

export function systemRandom(): Random {
  return { next: () => Math.random() };
}
