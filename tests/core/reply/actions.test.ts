import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction, type Action } from '../../../src/core/reply/actions.ts';

const token = fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/);
const index = fc.integer({ min: 0, max: 9999 });
const action: fc.Arbitrary<Action> = fc.oneof(
  token.map(ref => ({ type: 'pick', ref }) as const),
  fc.tuple(token, index).map(([ref, part]) => ({ type: 'more', ref, part }) as const),
  fc.tuple(fc.constantFrom('up', 'down' as const), token).map(([vote, question]) => ({ type: 'feedback', vote, question }) as const),
  fc.tuple(token, index, fc.constantFrom('A', 'B', 'C', 'D' as const)).map(([quiz, item, choice]) => ({ type: 'quiz-choice', quiz, item, choice }) as const),
  token.map(post => ({ type: 'daily-reveal', post }) as const),
);

describe('encodeAction / decodeAction', () => {
  it.each<[Action, string]>([
    [{ type: 'pick', ref: '0123456789ab' }, 'pick:0123456789ab'],
    [{ type: 'pick', ref: '0123456789ab', question: '00ff00ff00ff00ff' }, 'pick:0123456789ab:00ff00ff00ff00ff'],
    [{ type: 'more', ref: '0123456789ab', part: 2 }, 'more:0123456789ab:2'],
    [{ type: 'feedback', vote: 'up', question: 'q42' }, 'fb:up:q42'],
    [{ type: 'feedback', vote: 'down', question: 'q42' }, 'fb:down:q42'],
    [{ type: 'quiz-choice', quiz: 'qz-1', item: 3, choice: 'C' }, 'qc:qz-1:3:C'],
    [{ type: 'daily-reveal', post: 'p.7' }, 'dr:p.7'],
  ])('%j ⇄ %s', (a, encoded) => {
    expect(encodeAction(a)).toBe(encoded);
    expect(decodeAction(encoded)).toEqual(a);
  });

  it('round-trips every action and keeps it within Discord’s 100-character custom_id (property)', () => {
    fc.assert(
      fc.property(action, a => {
        const encoded = encodeAction(a);
        expect(encoded.length).toBeLessThanOrEqual(100);
        expect(decodeAction(encoded)).toEqual(a);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    '',
    'pick',
    'pick:',
    'pick:a:b:c',
    'pick:a:',
    'pick:has space',
    'pick:' + 'a'.repeat(41),
    'more:ref',
    'more:ref:',
    'more:ref:x',
    'more:ref:-1',
    'more:ref:1.5',
    'more:ref:12345',
    'more:ref:1:extra',
    'fb:maybe:q1',
    'fb:up',
    'fb:up:',
    'fb:UP:q1',
    'qc:quiz:1',
    'qc:quiz:1:E',
    'qc:quiz:1:a',
    'qc:quiz:x:A',
    'qc::1:A',
    'dr:',
    'dr:bad/post',
    'dr:a:b',
    'nope:abc',
    'PICK:abc',
    ' pick:abc',
    'pick:abc ',
    'pick:abc\n',
    'pick:😀',
    'pick:../../etc',
  ])('rejects the forged or malformed %j', text => {
    expect(decodeAction(text)).toBeUndefined();
  });

  it('rejects truncations that lose a field of a real action', () => {
    for (const a of [
      { type: 'more', ref: '0123456789ab', part: 12 },
      { type: 'feedback', vote: 'down', question: 'question-1' },
      { type: 'quiz-choice', quiz: 'quiz-1', item: 3, choice: 'D' },
    ] as const) {
      const encoded = encodeAction(a);
      const colon = encoded.lastIndexOf(':');
      expect(decodeAction(encoded.slice(0, colon))).toBeUndefined();
      expect(decodeAction(encoded.slice(0, colon + 1))).toBeUndefined();
    }
  });

  it('decodes anything at all without throwing (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), fc.array(fc.oneof(token, fc.constantFrom('pick', 'more', 'fb', 'qc', 'dr', 'up', 'A', '1')), { maxLength: 5 }).map(p => p.join(':'))), text => {
        const decoded = decodeAction(text);
        // Whatever decodes is an action that encodes back to the same string: nothing else gets through.
        if (decoded !== undefined) expect(encodeAction(decoded)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses to encode a field that could not be decoded', () => {
    expect(() => encodeAction({ type: 'pick', ref: 'a:b' })).toThrow();
    expect(() => encodeAction({ type: 'pick', ref: '' })).toThrow();
    expect(() => encodeAction({ type: 'daily-reveal', post: 'x'.repeat(41) })).toThrow();
    expect(() => encodeAction({ type: 'feedback', vote: 'up', question: 'q 1' })).toThrow();
  });
});
