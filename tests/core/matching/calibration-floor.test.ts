import { describe, expect, it } from 'vitest';
import { corpora, locoDecision } from '../../../scripts/calibration/corpora.ts';

/**
 * Leave-one-corpus-out on the project's own labelled corpora (the shipped notes and the calibration
 * folders, two of them written by people who had not seen the matcher): for each corpus, the decision
 * model is fitted on all the others and scored on it. The floors guard against a change that only
 * fits the corpora it was tuned on.
 */
/**
 * Per held-out corpus; the means must do better (see the test). The shipped notes' out-of-scope
 * figure is the one that swings most between refits (two of its 67 questions are 3 points: 82 % and
 * 79 % for nearly the same matcher), so the per-corpus floor sits below that swing.
 */
const FLOOR = Object.freeze({ inScopeRight: 0.45, wrong: 0.08, outOfScope: 0.75 });

describe('leave-one-corpus-out calibration (held-out figures of every committed corpus)', () => {
  const committed = corpora(false).filter(c => !c.knowledge.startsWith('.corpora'));

  it('has the committed corpora', () => {
    expect(committed.map(c => c.name)).toEqual(expect.arrayContaining(['shipped', 'notes-en', 'notes-zh', 'mixed-blind', 'heldout-blind']));
  });

  it('keeps every held-out corpus above its floor, and the held-out means above theirs', () => {
    const results = locoDecision(committed);
    let right = 0;
    let wrong = 0;
    let out = 0;
    const lines: string[] = [];
    for (const { corpus, held } of results) {
      const r = held.inRight / held.inTotal;
      const w = held.inWrong / held.inTotal;
      const o = held.outOk / Math.max(1, held.outTotal);
      lines.push(`${corpus.name}: in-scope right ${(100 * r).toFixed(1)}%, wrong ${(100 * w).toFixed(1)}%, out-of-scope not answered ${(100 * o).toFixed(1)}%`);
      right += r;
      wrong += w;
      out += o;
    }
    console.log(lines.join('\n'));
    for (const { corpus, held } of results) {
      expect(held.inRight / held.inTotal, `${corpus.name} in-scope right`).toBeGreaterThanOrEqual(FLOOR.inScopeRight);
      expect(held.inWrong / held.inTotal, `${corpus.name} wrong answers`).toBeLessThanOrEqual(FLOOR.wrong);
      expect(held.outOk / Math.max(1, held.outTotal), `${corpus.name} out-of-scope not answered`).toBeGreaterThanOrEqual(FLOOR.outOfScope);
    }
    const n = results.length;
    expect(right / n).toBeGreaterThanOrEqual(0.75);
    expect(wrong / n).toBeLessThanOrEqual(0.03);
    expect(out / n).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('scores a measure-only corpus (a fresh blind set) without fitting on it: the other corpora score the same with it or without it', () => {
    const measured = committed.filter(c => c.fit === false);
    expect(measured.map(c => c.name)).toContain('shipped-chat2');
    const fitted = committed.filter(c => c.fit !== false).slice(0, 3);
    const alone = locoDecision(fitted).map(r => r.held);
    const withMeasured = locoDecision([...fitted, ...measured]).slice(0, fitted.length).map(r => r.held);
    expect(withMeasured).toEqual(alone);
  }, 120_000);
});

