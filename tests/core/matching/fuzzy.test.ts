import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, FuzzyIndex } from '../../../src/core/matching/fuzzy.ts';

describe('damerauLevenshtein (optimal string alignment)', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['decorator', 'decorater', 1], // substitution
    ['coroutine', 'corutine', 1], // deletion
    ['closure', 'closurre', 1], // insertion
    ['garbage', 'grabage', 1], // adjacent transposition counts once
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['ca', 'abc', 3], // OSA: no edit of a transposed pair (true Damerau would say 2)
    ['线程', '进程', 1], // any characters, not only Latin
  ])('d(%j, %j) = %i', (a, b, d) => {
    expect(damerauLevenshtein(a, b)).toBe(d);
    expect(damerauLevenshtein(b, a)).toBe(d);
  });

  it('gives up at max + 1 once the distance exceeds max', () => {
    expect(damerauLevenshtein('kitten', 'sitting', 1)).toBe(2);
    expect(damerauLevenshtein('kitten', 'sitting', 2)).toBe(3);
    expect(damerauLevenshtein('kitten', 'sitting', 3)).toBe(3);
    expect(damerauLevenshtein('a', 'abcdef', 2)).toBe(3); // length difference alone
    expect(damerauLevenshtein('decorator', 'decorater', 1)).toBe(1);
  });
});

describe('FuzzyIndex', () => {
  const index = new FuzzyIndex();
  for (const w of ['decorator', 'coroutine', 'garbage', 'closure', 'thread', 'threat', 'generator', 'list', 'index', 'lock']) index.add(w);

  it.each([
    ['decorater', 'decorator'],
    ['corutine', 'coroutine'],
    ['grabage', 'garbage'],
    ['closur', 'closure'],
    ['closuree', 'closure'],
    ['genrator', 'generator'],
    ['generatro', 'generator'],
    ['xdecorator', 'decorator'],
  ])('finds the 1-edit typo %j → %j', (typo, word) => {
    expect(index.lookup(typo)).toEqual([{ word, distance: 1 }]);
  });

  it('returns every word at the best distances, closest first, ties alphabetically', () => {
    expect(index.lookup('threas')).toEqual([
      { word: 'thread', distance: 1 },
      { word: 'threat', distance: 1 },
    ]);
  });

  it('does not return the word itself or anything farther than allowed', () => {
    expect(index.lookup('decorator')).toEqual([]);
    expect(index.lookup('thrones')).toEqual([]); // 2 edits from thread/threat, a 7-letter word allows 1
    expect(index.lookup('qwertyuiop')).toEqual([]);
  });

  it('corrects four-letter words only by a swap of neighbouring letters, shorter ones never', () => {
    expect(index.has('list')).toBe(false); // the edit index holds words of five letters and more
    expect(index.has('index')).toBe(true);
    expect(index.lookup('lsit')).toEqual([{ word: 'list', distance: 1 }]); // a swap
    expect(index.lookup('lisr')).toEqual([]); // an edit: "latte" is not "last"
    expect(index.lookup('indx')).toEqual([]); // 4 letters, a deletion from "index": not corrected
    expect(index.lookup('lokc')).toEqual([{ word: 'lock', distance: 1 }]); // a swap too
    expect(index.lookup('lcko')).toEqual([]);
    expect(index.lookup('lsi')).toEqual([]);
  });

  it('allows 2 edits for words of 8 or more letters, as documented', () => {
    expect(index.lookup('decoratr')).toEqual([{ word: 'decorator', distance: 1 }]);
    expect(index.lookup('decoratxr')).toEqual([{ word: 'decorator', distance: 1 }]);
    expect(index.lookup('ecoratorx')).toEqual([{ word: 'decorator', distance: 2 }]); // shares the deletion "ecorator" 
  });

  it.each([
    ['decoratorxy', 'two insertions'],
    ['dacorater', 'two substitutions'],
    ['generatorss', 'two insertions at the end'],
    ['genaretor', 'two substitutions'],
  ])('finds %j (%s) for a word of 8+ letters', (typo, _kind) => {
    const word = typo.startsWith('de') || typo.startsWith('da') ? 'decorator' : 'generator';
    expect(damerauLevenshtein(typo, word)).toBe(2);
    expect(index.lookup(typo)).toEqual([{ word, distance: 2 }]);
  });
});
