import { describe, expect, it } from 'vitest';
import { answerReply, dailyAnswer, dailyQuestion } from '../../../src/core/daily/daily-content.ts';
import type { KnowledgeIssue } from '../../../src/core/knowledge/entry.ts';
import { parseMarkdownFile } from '../../../src/core/knowledge/loader.ts';
import { ALL_GENERATED_KINDS, prepareQuizzes } from '../../../src/core/quiz/generate/index.ts';
import { decodeAction } from '../../../src/core/reply/actions.ts';
import { miniKnowledge } from '../../support/core-harness.ts';

const NOTES = `# Redis

## How does RDB persistence work?

At intervals the server forks a child process that writes a point-in-time snapshot of the whole dataset to disk.

Restarts are fast, but writes since the last snapshot can be lost.

## What is Redis?

Redis is an in-memory key-value store that answers most reads in well under a millisecond.

## How does AOF persistence work?

Every write command is appended to a log file that is replayed at start-up after a crash.

## What is cache eviction?

When memory is full, the server removes keys according to a policy such as allkeys-lru.
`;

function entries() {
  const issues: KnowledgeIssue[] = [];
  return prepareQuizzes({ dir: '/', entries: parseMarkdownFile('redis.md', NOTES, issues), issues, glossary: [] }, { builtinGlossary: [], generate: { kinds: ALL_GENERATED_KINDS } }).entries;
}

describe('daily posts from plain notes', () => {
  it('ask the title (not a generated item) and reveal the first paragraph, with "Show the whole answer" for the rest', () => {
    const rdb = entries().find(e => e.id === 'redis#how-does-rdb-persistence-work')!;
    expect(rdb.quiz.length).toBeGreaterThan(0); // it has generated items…
    expect(dailyQuestion(rdb, 'en')).toBe('How does RDB persistence work?'); // …but the daily question is its title
    expect(dailyAnswer(rdb, 'en')).toBe('At intervals the server forks a child process that writes a point-in-time snapshot of the whole dataset to disk.');
    const reply = answerReply(rdb, 'en', 'Answer', 'private');
    expect(reply.buttons).toHaveLength(1);
    expect(reply.buttons![0]!.label).toBe('Show the whole answer');
    expect(decodeAction(reply.buttons![0]!.action)).toEqual({ type: 'more', ref: rdb.ref, part: 0 });
    // A one-paragraph answer is whole already: no button.
    const redis = entries().find(e => e.id === 'redis#what-is-redis')!;
    expect(answerReply(redis, 'en', 'Answer', 'private').buttons).toBeUndefined();
  });

  it('keep hand-written items and tips as they were', () => {
    const gil = miniKnowledge().entries.find(e => e.tip !== undefined)!;
    expect(answerReply(gil, 'en', 'Answer', 'private').buttons).toBeUndefined();
    expect(dailyQuestion(gil, 'en')).not.toBe(gil.title);
  });
});
