import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nextInRotation, remainingInRotation, type RotationState } from '../../../src/core/daily/daily-rotation.ts';
import { seededRandom } from './daily-fixtures.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`);

function run(eligible: readonly string[], picks: number, seed = 1, start?: RotationState) {
  const random = seededRandom(seed);
  let state = start;
  const out: string[] = [];
  for (let i = 0; i < picks; i++) {
    const pick = nextInRotation(state, eligible, random);
    if (pick === undefined) throw new Error('nothing picked');
    out.push(pick.entryId);
    state = pick.state;
  }
  return { out, state: state! };
}

describe('daily rotation', () => {
  it('posts every eligible entry once before any repeats, then reshuffles', () => {
    const all = ids(7);
    const { out, state } = run(all, 21, 42);
    for (let c = 0; c < 3; c++) expect([...out.slice(c * 7, c * 7 + 7)].sort()).toEqual([...all].sort());
    // a new cycle is a new order, not the same one again
    expect(out.slice(0, 7)).not.toEqual(out.slice(7, 14));
    expect(state.cycle).toBe(3);
  });

  it('never posts the same entry twice in a row across a cycle boundary', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer(), (n, seed) => {
        const { out } = run(ids(n), n * 4, seed);
        for (let i = 1; i < out.length; i++) expect(out[i]).not.toBe(out[i - 1]);
      }),
    );
  });

  it('holds the no-repeat rule for any seed and size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.integer(), (n, seed) => {
        const { out } = run(ids(n), n * 2, seed);
        expect(new Set(out.slice(0, n)).size).toBe(n);
        expect(new Set(out.slice(n)).size).toBe(n);
      }),
    );
  });

  it('is reproducible for the same Random', () => {
    expect(run(ids(10), 10, 7).out).toEqual(run(ids(10), 10, 7).out);
    expect(run(ids(10), 10, 7).out).not.toEqual(run(ids(10), 10, 8).out);
  });

  it('slots an entry added mid-cycle into the current cycle without repeating posted ones', () => {
    const { out: first, state } = run(ids(5), 3, 3);
    const grown = [...ids(5), 'new'];
    const { out: rest } = run(grown, 3, 4, state);
    expect([...first, ...rest].sort()).toEqual([...grown].sort());
  });

  it('drops removed entries and never posts them', () => {
    const { out: first, state } = run(ids(6), 2, 5);
    const shrunk = ids(6).filter((id) => id !== 'id5' && id !== first[0]);
    const { out: rest } = run(shrunk, 6, 6, state);
    expect(rest).not.toContain('id5');
    // the cycle finishes with what is still eligible and not yet posted, then starts over
    const remaining = shrunk.filter((id) => !first.includes(id));
    expect([...rest.slice(0, remaining.length)].sort()).toEqual([...remaining].sort());
    expect(rest).toHaveLength(6);
  });

  it('counts what remains before the rotation repeats', () => {
    const all = ids(4);
    expect(remainingInRotation(undefined, all)).toBe(4);
    const { state } = run(all, 3, 9);
    expect(remainingInRotation(state, all)).toBe(1);
    const { state: done } = run(all, 4, 9);
    expect(remainingInRotation(done, all)).toBe(4); // the next post starts a new cycle
    expect(remainingInRotation(state, [...all, 'x'])).toBe(2);
  });

  it('gives nothing when nothing is eligible', () => {
    expect(nextInRotation(undefined, [], seededRandom(1))).toBeUndefined();
  });
});
