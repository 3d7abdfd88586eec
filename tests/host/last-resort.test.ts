import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installLastResort, LAST_RESORT_LIMITS, type ProcessEvents } from '../../src/host/last-resort.ts';
import { RecordingLogger } from '../support/core-harness.ts';

describe('the last-resort handler', () => {
  it('logs an escaped error with its context and keeps serving; only a burst within the window is fatal', () => {
    const events = new EventEmitter();
    const logger = new RecordingLogger();
    let now = 0;
    const fatal: string[] = [];
    const uninstall = installLastResort({ events: events as unknown as ProcessEvents, logger, now: () => now, onFatal: reason => fatal.push(reason) });
    const boom = new TypeError("Cannot read properties of undefined (reading 'bot')");
    events.emit('uncaughtException', boom, 'uncaughtException');
    events.emit('unhandledRejection', new Error('rejected'));
    expect(logger.records.map(r => [r.level, r.context.err])).toEqual([
      ['error', boom],
      ['error', expect.objectContaining({ message: 'rejected' })],
    ]);
    expect(fatal).toEqual([]);
    // Spread out: never fatal.
    for (let i = 0; i < 3 * LAST_RESORT_LIMITS.maxPerWindow; i++) {
      now += LAST_RESORT_LIMITS.windowMs / LAST_RESORT_LIMITS.maxPerWindow + 1;
      events.emit('uncaughtException', boom, 'uncaughtException');
    }
    expect(fatal).toEqual([]);
    // A burst: the state is unknown, stop once.
    for (let i = 0; i < LAST_RESORT_LIMITS.maxPerWindow + 5; i++) events.emit('uncaughtException', boom, 'uncaughtException');
    expect(fatal).toEqual(['unexpected errors']);
    uninstall();
    expect(events.listenerCount('uncaughtException') + events.listenerCount('unhandledRejection')).toBe(0);
  });
});
