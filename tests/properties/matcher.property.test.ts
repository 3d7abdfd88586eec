import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ANSWER_LIMITS, KnowledgeAnswerer } from '../../src/core/answering/knowledge-answerer.ts';
import { UserError } from '../../src/core/errors.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { detectLang } from '../../src/core/language.ts';
import { BUILTIN_GLOSSARY } from '../../src/core/matching/glossary-data.ts';
import type { MatchResult } from '../../src/core/matching/match-result.ts';
import { Matcher } from '../../src/core/matching/matcher.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../../src/core/matching/stopwords.ts';
import { silentLogger } from '../../src/core/ports.ts';
import { hugeText, nastyText } from './arbitraries.ts';

const shipped = loadKnowledge('knowledge');
const matcher = new Matcher({ entries: shipped.entries, glossary: [...BUILTIN_GLOSSARY, ...shipped.glossary], stopwordsEn: STOPWORDS_EN, stopwordsZh: STOPWORDS_ZH });
const known = new Map(shipped.entries.map(e => [e.id, e]));

/** The contract of Matcher.match (match-result.ts) that the answerer, the adapters and `ask --json` rely on. */
function expectConsistent(r: MatchResult, query: string): void {
  expect(r.query).toBe(query);
  expect(['answer', 'suggest', 'decline']).toContain(r.outcome);
  expect(Number.isFinite(r.confidence)).toBe(true);
  expect(r.confidence).toBeGreaterThanOrEqual(0);
  expect(r.confidence).toBeLessThanOrEqual(1);
  expect(r.suggestions.length).toBeLessThanOrEqual(3);
  for (const s of [...r.suggestions, ...(r.answer ? [r.answer] : [])]) {
    expect(known.has(s.id), s.id).toBe(true);
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(1);
    expect(typeof s.title).toBe('string');
  }
  expect(new Set(r.suggestions.map(s => s.id)).size).toBe(r.suggestions.length);
  if (r.outcome === 'answer') {
    expect(r.answer).not.toBeNull();
    expect(r.confidence).toBe(r.answer!.score);
    expect(r.suggestions.map(s => s.id)).not.toContain(r.answer!.id);
  } else {
    expect(r.answer).toBeNull();
  }
  if (r.outcome === 'suggest') {
    expect(r.suggestions.length).toBeGreaterThan(0);
    expect(r.confidence).toBe(r.suggestions[0]!.score);
  }
  if (r.outcome === 'decline') expect(r.suggestions).toEqual([]);
}

function expectMatch(query: string, budgetMs = 1000): void {
  const started = performance.now();
  const r = matcher.match(query, detectLang(query));
  expect(performance.now() - started, 'match time (ms)').toBeLessThan(budgetMs);
  expectConsistent(r, query);
  // The same question gives the same result (no state leaks between questions).
  expect(matcher.match(query, detectLang(query))).toEqual(r);
}

describe('Matcher.match on hostile questions (property)', () => {
  // The dictionary and word lists load once (the bot warms them up at start): not part of a question's time.
  matcher.warmUp();

  it('never throws; confidence in [0, 1]; outcome consistent with answer and suggestions; at most 3 suggestions', () => {
    fc.assert(fc.property(nastyText(30), q => expectMatch(q)), { numRuns: 3000 });
  });

  it('the same for questions made of real words of the notes, mixed with noise', () => {
    const words = [...new Set(shipped.entries.flatMap(e => [...Object.values(typeof e.title === 'string' ? { t: e.title } : e.title), ...e.aliases]).join(' ').split(/\s+/))].filter(Boolean);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...words), nastyText(2)), { maxLength: 12 }), parts => expectMatch(parts.join(' '))),
      { numRuns: 2000 },
    );
  });

  // Reported to the lead: match() picks the best entry by rank (confidence + 0.05 × relative BM25) and
  // checks its lead only against ranked[1], so a runner-up further down with a higher confidence can be
  // listed under an answer that scores lower than it (e.g. answer 0.681, "see also" 0.684).
  it('an answer is never outscored by one of its own suggestions', () => {
    const words = [...new Set(shipped.entries.flatMap(e => [...Object.values(typeof e.title === 'string' ? { t: e.title } : e.title), ...e.aliases]))];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...words), nastyText(2)), { maxLength: 6 }), parts => {
        const q = parts.join(' ');
        const r = matcher.match(q, detectLang(q));
        if (r.outcome === 'answer') for (const s of r.suggestions) expect(s.score, `${q} → ${r.answer!.id} ${r.answer!.score}, ${s.id} ${s.score}`).toBeLessThanOrEqual(r.answer!.score);
      }),
      { numRuns: 2000 },
    );
  });

  it('questions up to the answerer\'s 500-character limit, of every shape (words of at most 40 characters), within a second', () => {
    const question = hugeText(20_000).map(t =>
      t
        .slice(0, ANSWER_LIMITS.maxQuestionChars)
        .replace(/[^\s]{40}/g, w => `${w} `)
        .slice(0, ANSWER_LIMITS.maxQuestionChars),
    );
    fc.assert(fc.property(question, q => expectMatch(q, 1000)), { numRuns: 150 });
  });

  it('100 KB questions are refused by the answerer before matching, quickly', () => {
    const answerer = new KnowledgeAnswerer({ knowledge: shipped, clock: { now: () => 0, setTimeout: () => ({ cancel() {} }) }, logger: silentLogger });
    const invocation = { platform: 'console' as const, workspace: 'console', channel: 'console', user: { id: 'u', canManage: false }, lang: 'en' as const };
    fc.assert(
      fc.property(hugeText(100_000), q => {
        const started = performance.now();
        let replies: unknown;
        try {
          replies = answerer.ask(q, invocation);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect((error as UserError).code).toMatch(/^question-(too-long|empty)$/);
        }
        if (replies !== undefined) expect([...q.trim()].length).toBeLessThanOrEqual(ANSWER_LIMITS.maxQuestionChars);
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  // Reported to the lead (src/core/matching is theirs): FuzzyIndex.lookup builds every double deletion
  // of each question word, n² strings of length n, so one long "word" costs O(n³): 500 characters take
  // 0.3–0.6 s of CPU (the event loop is blocked), 1,000 take 2.4 s, 3,000 over a minute. The answerer caps
  // questions at 500 characters, but `npm run ask --jsonl` (answerer.match) does not cap at all.
  it('a 500-character question that is one long word is matched within a second (the typo index skips words over 30 letters)', () => {
    for (const word of ['x'.repeat(500), 'abcdefghij'.repeat(50), 'decorator'.repeat(55)]) {
      const started = performance.now();
      matcher.match(word, 'en');
      expect(performance.now() - started, `${word.slice(0, 20)}… (${word.length} chars)`).toBeLessThan(1000);
    }
  });
});
