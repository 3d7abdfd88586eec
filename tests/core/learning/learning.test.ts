import { describe, expect, it } from 'vitest';
import { AliasRefused } from '../../../src/core/learning/learning.ts';
import { normaliseQuestion } from '../../../src/core/learning/learning-store.ts';
import { groupBySimilarQuestion, questionSimilarity } from '../../../src/core/learning/similarity.ts';
import { learningWorld } from './learning-fixtures.ts';

const DECORATOR = 'test-decorator';
const GIL = 'test-gil';

describe('recording pairs', () => {
  it('turns a "did you mean" pick into a candidate alias with one confirmation', async () => {
    const w = learningWorld();
    const { id, result } = w.ask('decorator gil');
    expect(result.outcome).toBe('suggest');
    w.pick(id, DECORATOR);
    const groups = w.learning.candidates(w.knowledge);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.candidates).toMatchObject([{ entryId: DECORATOR, alias: 'decorator gil', confirmations: 1, downs: 0, status: 'pending' }]);
  });

  it('turns a 👍 on a declined question answered by a pick, and on a low-confidence answer, into candidates; a 👍 on a confident answer teaches nothing', async () => {
    const w = learningWorld({ alreadyAnsweredFrom: 0.7 });
    const confident = w.ask('what is a decorator');
    expect(confident.result.confidence).toBeGreaterThanOrEqual(0.7);
    w.vote(confident.id, 'u1', 'up');
    expect(w.learning.candidates(w.knowledge)).toEqual([]);
    const low = w.ask('the lock in cpython');
    expect(low.result.answer?.id).toBe(GIL);
    expect(low.result.confidence).toBeLessThan(0.7);
    w.vote(low.id, 'u2', 'up');
    expect(w.learning.candidates(w.knowledge).flatMap(g => g.candidates)).toMatchObject([{ entryId: GIL, alias: 'the lock in cpython', confirmations: 1 }]);
  });

  it('records a 👎 as the opposite pair: the candidate is held for review', async () => {
    const w = learningWorld();
    const a = w.ask('python threads parallel', 'ann');
    w.pick(a.id, GIL);
    w.vote(a.id, 'bob', 'down');
    const [c] = w.learning.candidates(w.knowledge).flatMap(g => g.candidates);
    expect(c).toMatchObject({ entryId: GIL, confirmations: 1, downs: 1, status: 'held' });
  });
});

describe('grouping by similar question', () => {
  it('puts paraphrases and word-order changes together, in English and Chinese, and keeps different questions apart', async () => {
    expect(questionSimilarity('what is the at sign above def', 'What is the @ sign above a def?')).toBeGreaterThanOrEqual(0.6);
    expect(questionSimilarity('什么是GIL', 'GIL是什么')).toBeGreaterThanOrEqual(0.6);
    expect(questionSimilarity('python threads parallel', 'shallow copy of a list')).toBeLessThan(0.2);
    const groups = groupBySimilarQuestion(['python threads parallel', 'Python threads in parallel?', 'shallow copy of a list', 'PYTHON THREADS PARALLEL'], q => q, 0.6);
    expect(groups).toEqual([['python threads parallel', 'Python threads in parallel?', 'PYTHON THREADS PARALLEL'], ['shallow copy of a list']]);
    // Stop words do not make questions alike.
    expect(questionSimilarity('what is the GIL', 'what is GC')).toBe(0);
    expect(questionSimilarity('什么是GIL', '什么是闭包')).toBe(0);
  });

  it('counts different people in a group once each, and shows the wording asked most as the alias', async () => {
    const w = learningWorld();
    for (const [q, user] of [
      ['python threads parallel', 'ann'],
      ['Python threads parallel?', 'bob'],
      ['python threads in parallel', 'ann'],
    ] as const)
      w.pick(w.ask(q, user).id, GIL);
    const groups = w.learning.candidates(w.knowledge);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.candidates[0]).toMatchObject({ entryId: GIL, alias: 'python threads parallel', confirmations: 2 });
    expect(groups[0]!.candidates[0]!.signals).toHaveLength(3);
  });

  it('holds a group where two entries were picked as often', async () => {
    const w = learningWorld();
    w.pick(w.ask('decorator gil', 'ann').id, DECORATOR);
    w.pick(w.ask('decorator gil', 'bob').id, GIL);
    const [group] = w.learning.candidates(w.knowledge);
    expect(group!.candidates.map(c => c.status)).toEqual(['held', 'held']);
  });
});

describe('accepting and rejecting', () => {
  it('an accepted alias answers the question at once (no restart), and survives a reload of the notes', async () => {
    const w = learningWorld();
    const q = "what's the at sign above def";
    const first = w.ask(q);
    expect(first.result.outcome).toBe('decline');
    w.learning.accept(w.knowledge, DECORATOR, q, 'maintainer');
    expect(await w.learned.refresh()).toBe(true);
    expect(w.answerer.match(q)).toMatchObject({ outcome: 'answer', answer: { id: DECORATOR } });
    // Nothing changed: no rebuild.
    expect(await w.learned.refresh()).toBe(false);
    // The watcher reloads the notes: the alias is applied to the new knowledge too.
    w.learned.replace({ ...w.knowledge });
    expect(w.answerer.match(q).answer?.id).toBe(DECORATOR);
    expect(w.learned.knowledge().entries.find(e => e.id === DECORATOR)!.aliases).not.toContain(q);
  });

  it('a rejected candidate, and questions like it, are no longer proposed for that entry', async () => {
    const w = learningWorld();
    w.pick(w.ask('python threads parallel', 'ann').id, GIL);
    w.learning.reject(GIL, 'python threads parallel', 'maintainer');
    expect(w.learning.candidates(w.knowledge).flatMap(g => g.candidates)).toMatchObject([{ entryId: GIL, status: 'rejected' }]);
    w.pick(w.ask('Python threads in parallel', 'bob').id, GIL);
    expect(w.learning.candidates(w.knowledge).flatMap(g => g.candidates).map(c => c.status)).toEqual(['rejected']);
    expect(w.learning.accepted(w.knowledge).size).toBe(0);
  });

  it('an alias never takes an exact title from its entry', async () => {
    const w = learningWorld();
    // Refused outright: the alias is another entry's title (in any language, any case or punctuation).
    expect(() => w.learning.accept(w.knowledge, DECORATOR, 'what is the gil', 'maintainer')).toThrow(AliasRefused);
    expect(() => w.learning.accept(w.knowledge, DECORATOR, '什么是 GIL', 'maintainer')).toThrow(/title-of-another-entry/);
    // Even written into the state behind the service's back, it is not applied.
    w.learningStore.decide({ entryId: DECORATOR, alias: 'What is the GIL?', key: normaliseQuestion('What is the GIL?'), status: 'accepted', at: 1, by: 'sql' });
    // An alias that contains the title's words and more is allowed, and the title still wins.
    w.learning.accept(w.knowledge, DECORATOR, 'what is the gil decorator trick', 'maintainer');
    await w.learned.refresh();
    expect(w.learning.accepted(w.knowledge).get(DECORATOR)!.map(d => d.alias)).toEqual(['what is the gil decorator trick']);
    expect(w.learning.apply(w.knowledge).entries.find(e => e.id === DECORATOR)!.aliases).toEqual(['decorator', '装饰器', '@ syntax', 'what is the gil decorator trick']);
    for (const entry of w.knowledge.entries)
      for (const title of typeof entry.title === 'string' ? [entry.title] : Object.values(entry.title))
        expect(w.answerer.match(title!), title).toMatchObject({ outcome: 'answer', answer: { id: entry.id } });
  });

  it('refuses an alias the entry already has, and one for an entry that does not exist', async () => {
    const w = learningWorld();
    expect(() => w.learning.accept(w.knowledge, GIL, 'Global Interpreter Lock', 'm')).toThrow(/already-known/);
    expect(() => w.learning.accept(w.knowledge, 'nope', 'anything', 'm')).toThrow(/unknown-entry/);
  });
});

describe('automatic acceptance (LEARN_ALIASES_AFTER)', () => {
  const confirm = (w: ReturnType<typeof learningWorld>, users: readonly string[]) => {
    for (const u of users) w.pick(w.ask('python threads parallel', u).id, GIL);
  };

  it('is off by default, however many people confirm', async () => {
    const w = learningWorld();
    confirm(w, ['a', 'b', 'c', 'd']);
    expect(w.learning.autoAccept(w.knowledge)).toEqual([]);
    expect(await w.learned.refresh()).toBe(false);
    expect(w.answerer.match('python threads parallel').outcome).toBe('decline');
  });

  it('needs N different people: one person confirming N times is not enough', async () => {
    const w = learningWorld({ autoAcceptAfter: 2 });
    confirm(w, ['ann', 'ann', 'ann']);
    expect(await w.learned.refresh()).toBe(false);
    confirm(w, ['bob']);
    expect(await w.learned.refresh()).toBe(true);
    expect(w.learning.decisions()).toMatchObject([{ entryId: GIL, status: 'accepted', by: 'auto' }]);
    expect(w.answerer.match('python threads parallel').answer?.id).toBe(GIL);
  });

  it('a 👎 from anyone holds the alias for a maintainer', async () => {
    const w = learningWorld({ autoAcceptAfter: 2 });
    confirm(w, ['ann', 'bob']);
    const q = w.ask('python threads parallel', 'cy');
    w.pick(q.id, GIL);
    w.vote(q.id, 'dan', 'down');
    expect(w.learning.autoAccept(w.knowledge)).toEqual([]);
    expect(w.learning.candidates(w.knowledge)[0]!.candidates[0]!.status).toBe('held');
  });
});

describe('flagging a learned alias that draws 👎', () => {
  it('flags the alias once an answer it produced gets a 👎, and not for 👎 before it was accepted or on other questions', async () => {
    const w = learningWorld();
    w.learning.accept(w.knowledge, GIL, 'python threads parallel', 'maintainer');
    await w.learned.refresh();
    const other = w.ask('what is a decorator', 'x');
    w.vote(other.id, 'x', 'down');
    expect(w.learning.flagged(w.knowledge)).toEqual([]);
    const bad = w.ask('Python threads parallel?', 'eve');
    expect(bad.result.answer?.id).toBe(GIL);
    w.vote(bad.id, 'eve', 'down');
    const flagged = w.learning.flagged(w.knowledge);
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ decision: { entryId: GIL, alias: 'python threads parallel' }, downs: 1 });
    // Reopened: no longer applied, back to review.
    w.learning.reopen(GIL, 'python threads parallel');
    await w.learned.refresh();
    expect(w.answerer.match('python threads parallel').outcome).not.toBe('answer');
  });
});
