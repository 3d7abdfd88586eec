import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entry, KnowledgeBase } from '../../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { allVariants } from '../../../src/core/language.ts';
import { seededRandom, shuffle } from '../../../src/core/ports.ts';
import { ROOT } from '../../support/core-harness.ts';
import { learningWorld } from './learning-fixtures.ts';

/**
 * Measured 2026-12-06 (one confirmation, half of the misses confirmed): right 326 → 357 of 405
 * in-scope questions; confirmed misses right the next day 31/40 (the other 9: the matcher still
 * prefers another note or offers "did you mean" with the alias in place, or the question is too long
 * to be an alias); unconfirmed misses 0/39 (an alias is one wording: other wordings are not learned);
 * nothing right before was lost; out-of-scope questions answered unchanged (12 → 12 of 256).
 *
 * The measured effect of learning, on the project's own labelled questions (the calibration sets:
 * notes and questions written apart, two of them by people who had not seen the matcher).
 *
 * Day 1: every question is asked once, by a different person. Of the questions the bot missed (not
 * answered with the right note), half (chosen at random, seeded) are confirmed once: the person picks
 * the right note. With LEARN_ALIASES_AFTER=1 these become aliases. Day 2: every question is asked
 * again. Counted: the missed questions now answered right (those confirmed, and those that were not:
 * other wordings), the questions answered right before and wrong now, and the out-of-scope
 * questions now answered.
 */
const CAL = 'tests/fixtures/calibration';
const CORPORA = [
  { name: 'notes-en', knowledge: `${CAL}/notes-en`, questions: [`${CAL}/questions-en-notes.jsonl`, `${CAL}/questions-en-adjacent.jsonl`] },
  { name: 'notes-zh', knowledge: `${CAL}/notes-zh`, questions: [`${CAL}/questions-zh-notes.jsonl`, `${CAL}/questions-zh-adjacent.jsonl`] },
  { name: 'mixed-blind', knowledge: `${CAL}/notes-mixed`, questions: [`${CAL}/questions-mixed-notes.jsonl`] },
  { name: 'heldout-blind', knowledge: `${CAL}/notes-heldout`, questions: [`${CAL}/questions-heldout.jsonl`] },
];
const FRACTION_CONFIRMED = 0.5;

interface Labelled {
  readonly q: string;
  readonly expect: string | null;
}

interface Effect {
  corpus: string;
  inScope: number;
  rightBefore: number;
  missed: number;
  confirmed: number;
  confirmedNowRight: number;
  unconfirmedMissed: number;
  unconfirmedNowRight: number;
  lostRight: number;
  rightAfter: number;
  outOfScope: number;
  outAnsweredBefore: number;
  outAnsweredAfter: number;
  titlesKept: boolean;
}

const titleMatches = (entry: Entry | undefined, expectRe: string) => !!entry && allVariants(entry.title).some(t => new RegExp(expectRe, 'i').test(t));

async function measure(corpus: (typeof CORPORA)[number]): Promise<Effect> {
  const knowledge: KnowledgeBase = loadKnowledge(path.join(ROOT, corpus.knowledge));
  const w = learningWorld({ autoAcceptAfter: 1 }, knowledge);
  const labelled = corpus.questions.flatMap(f =>
    fs
      .readFileSync(path.join(ROOT, f), 'utf8')
      .trim()
      .split('\n')
      .map(l => JSON.parse(l) as Labelled),
  );
  const random = seededRandom(20261206);
  const day = shuffle(labelled, random);
  const isRight = (q: Labelled, entryId: string | undefined) => q.expect !== null && titleMatches(entryId ? w.answerer.entryById(entryId) : undefined, q.expect);
  // Day 1.
  const before = day.map((q, i) => {
    const { id, result } = w.ask(q.q, `person-${i}`);
    return { q, id, result, right: isRight(q, result.answer?.id) };
  });
  const inScope = before.filter(b => b.q.expect !== null);
  const missed = inScope.filter(b => !b.right);
  const confirmed = new Set<string>();
  for (const b of missed) {
    if (random.next() >= FRACTION_CONFIRMED) continue;
    // The right note: offered in "did you mean" if it was, else the first whose title fits the label.
    const offered = b.result.suggestions.map(s => w.answerer.entryById(s.id)).find(e => titleMatches(e, b.q.expect!));
    const right = offered ?? knowledge.entries.find(e => titleMatches(e, b.q.expect!));
    if (!right) continue;
    w.pick(b.id, right.id);
    confirmed.add(b.q.q);
  }
  await w.learned.refresh();
  if (process.env.LEARNING_DEBUG)
    for (const b of missed.filter(b => confirmed.has(b.q.q))) {
      const r = w.answerer.match(b.q.q);
      if (!isRight(b.q, r.answer?.id)) {
        const c = w.learning.candidates(knowledge).flatMap(g => g.candidates).filter(c => c.signals.some(s => s.query === b.q.q));
        console.log(corpus.name, JSON.stringify(b.q), r.outcome, r.answer?.title, r.suggestions.map(s => s.title).join(' | '), JSON.stringify(c.map(c => [c.entryId, c.alias, c.status, c.blocked])));
      }
    }
  // Day 2.
  const after = new Map(day.map(q => [q, isRight(q, w.answerer.match(q.q).answer?.id)]));
  const answered = (q: string) => w.answerer.match(q).outcome === 'answer';
  const out = day.filter(q => q.expect === null);
  const outAnsweredAfter = out.filter(q => answered(q.q)).length;
  // Every title the notes alone answer with its own entry still does, with the learned aliases.
  const titlesKept = knowledge.entries.every(e => allVariants(e.title).every(t => w.answerer.match(t).answer?.id === e.id || baseTitleMiss(knowledge, e, t)));
  return {
    corpus: corpus.name,
    inScope: inScope.length,
    rightBefore: inScope.length - missed.length,
    missed: missed.length,
    confirmed: confirmed.size,
    confirmedNowRight: missed.filter(b => confirmed.has(b.q.q) && after.get(b.q)).length,
    unconfirmedMissed: missed.filter(b => !confirmed.has(b.q.q)).length,
    unconfirmedNowRight: missed.filter(b => !confirmed.has(b.q.q) && after.get(b.q)).length,
    lostRight: inScope.filter(b => b.right && !after.get(b.q)).length,
    rightAfter: inScope.filter(b => after.get(b.q)).length,
    outOfScope: out.length,
    outAnsweredBefore: before.filter(b => b.q.expect === null && b.result.outcome === 'answer').length,
    outAnsweredAfter,
    titlesKept,
  };
}

/** Titles the notes alone do not answer with their own entry (duplicates, chapters) are not the aliases' doing. */
const baseAnswerers = new Map<KnowledgeBase, ReturnType<typeof learningWorld>>();
function baseTitleMiss(knowledge: KnowledgeBase, entry: Entry, title: string): boolean {
  let base = baseAnswerers.get(knowledge);
  if (!base) baseAnswerers.set(knowledge, (base = learningWorld({}, knowledge)));
  return base.answerer.match(title).answer?.id !== entry.id;
}

describe('the measured effect of learning from one confirmation', () => {
  it('answers right most confirmed misses the next day and loses almost nothing', async () => {
    const effects: Effect[] = [];
    for (const c of CORPORA) effects.push(await measure(c));
    const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
    const lines = effects.map(
      e =>
        `${e.corpus}: ${e.inScope} in-scope questions, right ${e.rightBefore} → ${e.rightAfter} (${pct(e.rightBefore, e.inScope)} → ${pct(e.rightAfter, e.inScope)}); ` +
        `missed ${e.missed}, confirmed once ${e.confirmed}: now right ${e.confirmedNowRight}/${e.confirmed}, unconfirmed misses now right ${e.unconfirmedNowRight}/${e.unconfirmedMissed}; ` +
        `right before, wrong now ${e.lostRight}; out-of-scope answered ${e.outAnsweredBefore} → ${e.outAnsweredAfter} of ${e.outOfScope}`,
    );
    const sum = (k: keyof Effect) => effects.reduce((n, e) => n + (e[k] as number), 0);
    lines.push(
      `all: right ${sum('rightBefore')} → ${sum('rightAfter')} of ${sum('inScope')}; confirmed misses now right ${sum('confirmedNowRight')}/${sum('confirmed')}; ` +
        `unconfirmed misses now right ${sum('unconfirmedNowRight')}/${sum('unconfirmedMissed')}; lost ${sum('lostRight')}; out-of-scope answered ${sum('outAnsweredBefore')} → ${sum('outAnsweredAfter')}`,
    );
    console.log(lines.join('\n'));
    for (const e of effects) {
      expect(e.titlesKept, `${e.corpus}: every title still answers its own note`).toBe(true);
      expect(e.confirmedNowRight / Math.max(1, e.confirmed), `${e.corpus}: confirmed misses now right`).toBeGreaterThanOrEqual(0.6);
      expect(e.lostRight, `${e.corpus}: right before, wrong now`).toBeLessThanOrEqual(Math.ceil(0.02 * e.rightBefore));
      expect(e.outAnsweredAfter - e.outAnsweredBefore, `${e.corpus}: out-of-scope questions newly answered`).toBeLessThanOrEqual(1);
    }
    expect(sum('rightAfter')).toBeGreaterThan(sum('rightBefore'));
  }, 120_000);
});
