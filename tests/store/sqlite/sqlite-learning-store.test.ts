import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteLearningStore } from '../../../src/store/sqlite/sqlite-learning-store.ts';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';

const opened: SqliteStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});
const open = (file = ':memory:') => {
  const s = openSqliteStore(file);
  opened.push(s);
  return s;
};
const question = (query: string, outcome: 'answer' | 'suggest' | 'decline', entryId: string | null, at: number, user = 'asker') =>
  ({ at, platform: 'slack', workspace: 'T', channel: 'C', user, query, outcome, entryId, score: 0.5 }) as const;

describe('SqliteLearningStore', () => {
  it('reads picks and votes from the question log: a vote on a picked suggestion is about the picked entry', () => {
    const s = open();
    const store = new SqliteLearningStore(s.db);
    const suggested = s.questions.record(question('gil or gc', 'suggest', null, 100));
    s.questions.picked(suggested, 'gc', 101);
    s.questions.feedback(suggested, 'voter', 'up', 102);
    const answered = s.questions.record(question('what is a mutex', 'answer', 'gil', 200));
    s.questions.feedback(answered, 'other', 'down', 201);
    s.questions.record(question('bread', 'decline', null, 300));
    expect(store.signals(0)).toEqual([
      { questionId: suggested, query: 'gil or gc', at: 100, user: 'asker', entryId: 'gc', kind: 'pick', outcome: 'suggest', answeredEntryId: null, score: 0.5 },
      { questionId: suggested, query: 'gil or gc', at: 102, user: 'voter', entryId: 'gc', kind: 'up', outcome: 'suggest', answeredEntryId: null, score: 0.5 },
      { questionId: answered, query: 'what is a mutex', at: 201, user: 'other', entryId: 'gil', kind: 'down', outcome: 'answer', answeredEntryId: 'gil', score: 0.5 },
    ]);
    expect(store.signals(150).map(x => x.kind)).toEqual(['down']);
  });

  it('keeps one decision per entry and alias, bumps the revision on every change, and shares both with another connection', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'learning-store-'));
    try {
      const file = path.join(dir, 'state.sqlite');
      const a = new SqliteLearningStore(open(file).db);
      const b = new SqliteLearningStore(open(file).db);
      expect(a.revision()).toBe(0);
      a.decide({ entryId: 'gil', alias: 'Python threads parallel', key: 'python threads parallel', status: 'accepted', at: 1, by: 'ann' });
      a.decide({ entryId: 'gil', alias: 'python threads parallel', key: 'python threads parallel', status: 'rejected', at: 2, by: 'bob' });
      expect(b.decisions()).toEqual([{ entryId: 'gil', alias: 'python threads parallel', key: 'python threads parallel', status: 'rejected', at: 2, by: 'bob' }]);
      expect(b.revision()).toBe(2);
      b.undecide('gil', 'python threads parallel');
      b.undecide('gil', 'python threads parallel');
      expect(a.decisions()).toEqual([]);
      expect(a.revision()).toBe(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
