import { describe, expect, it } from 'vitest';
import { EventDedupe } from '../../../src/adapters/slack/event-dedupe.ts';

describe('EventDedupe', () => {
  it('accepts an event id once within its time to live', () => {
    let now = 0;
    const dedupe = new EventDedupe({ ttlMs: 1000, now: () => now });
    expect(dedupe.firstTime('Ev1')).toBe(true);
    expect(dedupe.firstTime('Ev1')).toBe(false);
    expect(dedupe.firstTime('Ev2')).toBe(true);
    now = 999;
    expect(dedupe.firstTime('Ev1')).toBe(false);
    now = 1000;
    expect(dedupe.firstTime('Ev1')).toBe(true);
  });

  it('stays bounded: expired ids are evicted and the oldest go first when full', () => {
    let now = 0;
    const dedupe = new EventDedupe({ ttlMs: 10_000, maxSize: 3, now: () => now });
    for (const id of ['a', 'b', 'c', 'd']) expect(dedupe.firstTime(id)).toBe(true);
    expect(dedupe.size).toBe(3);
    expect(dedupe.firstTime('a')).toBe(true); // evicted as the oldest
    now = 20_000;
    dedupe.firstTime('z');
    expect(dedupe.size).toBe(1);
  });
});
