import { describe, expect, it } from 'vitest';
import { gracefulStop } from '../../src/host/graceful-stop.ts';
import { RecordingLogger } from '../support/core-harness.ts';

/**
 * SIGTERM's order: the work in flight is finished before the adapters stop (an adapter stopped
 * first drops the answers still being worked on), and the database closes last.
 */
describe('gracefulStop', () => {
  it('waits for the work in flight before stopping the adapters, and closes last', async () => {
    const steps: string[] = [];
    let finish!: () => void;
    const inFlight = new Promise<void>(resolve => (finish = resolve));
    const stopping = gracefulStop(
      {
        logger: new RecordingLogger(),
        drain: async () => {
          await inFlight;
          steps.push('in-flight work done');
        },
        adapters: () => [{ stop: async () => void steps.push('adapter stopped') }],
        close: async () => void steps.push('closed'),
      },
      { drain: 5_000, adapters: 1_000 },
    );
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(steps).toEqual([]); // nothing stops while an answer is still being worked on
    finish();
    await stopping;
    expect(steps).toEqual(['in-flight work done', 'adapter stopped', 'closed']);
  });

  it('work that does not finish within its limit is logged and the stop goes on', async () => {
    const logger = new RecordingLogger();
    const steps: string[] = [];
    await gracefulStop(
      {
        logger,
        drain: () => new Promise<void>(() => undefined),
        adapters: () => [{ stop: () => new Promise<void>(() => undefined) }],
        close: async () => void steps.push('closed'),
      },
      { drain: 30, adapters: 30 },
    );
    expect(steps).toEqual(['closed']);
    expect(logger.records.map(r => r.message)).toEqual(['in-flight work did not finish in time; stopping anyway', 'adapters did not stop in time; stopping anyway']);
  });
});
