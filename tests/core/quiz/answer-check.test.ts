import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  answerTokens,
  checkAnswer,
  damerauLevenshtein,
  normalizeAnswer,
  typoBudget,
} from '../../../src/core/quiz/answer-check.ts';

const GIL = ['GIL', 'global interpreter lock', '全局解释器锁'];

describe('normalizeAnswer', () => {
  it.each([
    ['  GIL  ', 'gil'],
    ['ＧＩＬ', 'gil'],
    ['Global-Interpreter_Lock!!', 'global interpreter lock'],
    ['“GIL”？', 'gil'],
    ['C++', 'c++'],
    ['C#.', 'c#'],
    ['全局解释器锁。', '全局解释器锁'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });

  it('splits CJK characters from Latin words', () => {
    expect(answerTokens('是GIL吧')).toEqual(['是', 'gil', '吧']);
  });
});

describe('checkAnswer', () => {
  it.each([
    // case, width, punctuation, spaces
    ['gil', GIL, 'GIL'],
    ['  GiL  ', GIL, 'GIL'],
    ['ＧＩＬ', GIL, 'GIL'],
    ['GIL?!', GIL, 'GIL'],
    ['"global interpreter lock".', GIL, 'global interpreter lock'],
    // either language, whatever the quiz's language
    ['全局解释器锁', GIL, '全局解释器锁'],
    ['Global Interpreter Lock', GIL, 'global interpreter lock'],
    // filler around the answer
    ["I think it's the GIL", GIL, 'GIL'],
    ['是GIL吧', GIL, 'GIL'],
    ['应该是全局解释器锁吧', GIL, '全局解释器锁'],
    ['GIL I guess', GIL, 'GIL'],
    // spacing and an article in the accepted answer
    ['nodejs', ['Node.js'], 'Node.js'],
    ['node js', ['Node.js'], 'Node.js'],
    ['GIL', ['the GIL'], 'the GIL'],
    ['C++', ['C++'], 'C++'],
  ])('accepts %j', (reply, accepted, matched) => {
    const check = checkAnswer(reply, accepted);
    expect(check).toEqual({ correct: true, matched, fuzzy: false });
  });

  it.each([
    ['chair', ['air']],
    ['airplane', ['air']],
    ['GILs and locks', GIL],
    ['GIL or mutex', GIL],
    ['not the GIL', GIL],
    ['不是GIL', GIL],
    ['mutex', GIL],
    ['', GIL],
    ['   ', GIL],
    ['?!', GIL],
    ['C', ['C++']],
    ['C#', ['C++']],
    ['解释器', GIL],
  ])('rejects %j', (reply, accepted) => {
    expect(checkAnswer(reply, accepted).correct).toBe(false);
  });

  it('tolerates small typos in longer answers and reports the match as fuzzy', () => {
    expect(checkAnswer('global interpeter lock', GIL)).toEqual({
      correct: true,
      matched: 'global interpreter lock',
      fuzzy: true,
    });
    expect(checkAnswer('semaphor', ['semaphore'])).toMatchObject({ correct: true, fuzzy: true });
    expect(checkAnswer('smeaphore', ['semaphore'])).toMatchObject({ correct: true, fuzzy: true }); // transposition
    expect(checkAnswer('decorators', ['decorator'])).toMatchObject({ correct: true, fuzzy: true });
    expect(checkAnswer('全局解释锁', GIL)).toMatchObject({ correct: true, matched: '全局解释器锁', fuzzy: true });
  });

  it('never tolerates typos in short answers', () => {
    expect(checkAnswer('GIT', GIL).correct).toBe(false);
    expect(checkAnswer('mutes', ['mutex']).correct).toBe(false);
    expect(checkAnswer('heat', ['heap']).correct).toBe(false);
    expect(checkAnswer('深拷贝', ['浅拷贝']).correct).toBe(false);
  });

  it('does not take opposites or other versions for typos', () => {
    expect(checkAnswer('asynchronous', ['synchronous']).correct).toBe(false);
    expect(checkAnswer('synchronous', ['asynchronous']).correct).toBe(false);
    expect(checkAnswer('immutable', ['mutable']).correct).toBe(false);
    expect(checkAnswer('python 3.12', ['Python 3.13']).correct).toBe(false);
    expect(checkAnswer('不可变对象', ['可变对象']).correct).toBe(false);
  });

  it('limits typos by length', () => {
    expect(checkAnswer('semaphr', ['semaphore']).correct).toBe(false); // 2 edits in 9 letters
    expect(checkAnswer('globl interpeter lock', GIL).correct).toBe(true); // 2 edits in 21 letters
    expect(checkAnswer('glbl intrpeter lock', GIL).correct).toBe(false); // 4 edits
  });

  it('prefers an exact match over an earlier fuzzy one', () => {
    expect(checkAnswer('threads', ['thread', 'threads'])).toEqual({ correct: true, matched: 'threads', fuzzy: false });
  });

  it('accepts a name in code qualified by its namespace, not a different name', () => {
    expect(checkAnswer('Vue.config.keyCodes', ['config.keyCodes', 'keyCodes'])).toMatchObject({ correct: true, matched: 'config.keyCodes', fuzzy: false });
    expect(checkAnswer('window.location.href', ['href'])).toMatchObject({ correct: true, matched: 'href' });
    expect(checkAnswer('React.memo()', ['memo'])).toMatchObject({ correct: true });
    expect(checkAnswer('config.keyAliases', ['config.keyCodes', 'keyCodes']).correct).toBe(false);
    expect(checkAnswer('config.keyCodes.length', ['config.keyCodes', 'keyCodes']).correct).toBe(false);
    // Not a name in code: prose is checked word by word as before.
    expect(checkAnswer('the global interpreter lock', ['lock']).correct).toBe(false);
  });

  it('ignores a reply far longer than the answer', () => {
    expect(checkAnswer(`GIL ${'really '.repeat(20)}`, GIL).correct).toBe(false);
  });
});

describe('typoBudget', () => {
  it.each([
    ['gil', 0],
    ['mutex', 0],
    ['thread', 1],
    ['semaphore', 1],
    ['globalinterpreterlock', 3],
    ['浅拷贝', 0],
    ['全局解释器锁', 1],
  ])('%j → %d', (answer, budget) => {
    expect(typoBudget(answer)).toBe(budget);
  });
});

describe('damerauLevenshtein', () => {
  const d = (a: string, b: string) => damerauLevenshtein([...a], [...b]);
  it('counts insertions, deletions, substitutions and transpositions', () => {
    expect(d('kitten', 'sitting')).toBe(3);
    expect(d('ab', 'ba')).toBe(1);
    expect(d('', 'abc')).toBe(3);
    expect(d('全局解释器锁', '全局解释锁')).toBe(1);
  });

  it('is symmetric and zero only for equal strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const ab = d(a, b);
        expect(d(b, a)).toBe(ab);
        expect(ab === 0).toBe(a === b);
      }),
    );
  });

  it('stops early at the limit without under-reporting', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), fc.nat(4), (a, b, limit) => {
        const full = d(a, b);
        const capped = damerauLevenshtein([...a], [...b], limit);
        expect(capped).toBe(full <= limit ? full : limit + 1);
      }),
    );
  });
});
