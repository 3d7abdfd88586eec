/**
 * Calibrates the matcher's numbers (src/core/matching/match-options.ts) on labelled questions, corpus
 * by corpus: in-scope answered right, in-scope answered WRONG (worse than a "did you mean"), and
 * out-of-scope not answered.
 *
 *   npx tsx scripts/calibrate-matcher.ts            the current options, every corpus
 *   npx tsx scripts/calibrate-matcher.ts --verbose  … with every miss
 *   npx tsx scripts/calibrate-matcher.ts --loco     leave-one-corpus-out: for each corpus, the grid's
 *                                                   best options on all the others, scored on it
 *   --final                                         include the held-out real corpora (measure once, at the end)
 *   --only NAME[,NAME]                              only these corpora
 *
 * Corpora: the project's own (knowledge/, tests/fixtures/calibration/*) and, when rebuilt locally with
 * scripts/real-corpora.ts, real public notes by other people (.corpora/<name>, questions in
 * tests/fixtures/real-corpora/<name>/questions.jsonl, written by people who had not seen the matcher).
 */
import type { MatchOptions } from '../src/core/matching/match-options.ts';
import { DEFAULT_MATCH_OPTIONS } from '../src/core/matching/match-options.ts';
import { corpora, evaluate, fitDecision, line, locoDecision, merit, pct, samples, type Corpus, type Score } from './calibration/corpora.ts';
import { DECISION_FEATURES } from '../src/core/matching/matcher.ts';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const only = (() => {
  const i = args.indexOf('--only');
  return i >= 0 ? new Set(args[i + 1]!.split(',')) : undefined;
})();

/** The values tried for each option, around the defaults. */
const SPACE: Partial<Record<keyof MatchOptions, number[]>> = {
  answerAt: [0.4, 0.45, 0.5, 0.55, 0.6],
  suggestAt: [0.2, 0.25, 0.3, 0.35],
  unknownWeight: [0.4, 0.5, 0.65, 0.8, 1],
  intentWeight: [0.2, 0.3, 0.4, 0.6],
  margin: [0.02, 0.04, 0.06, 0.1],
  wCoverage: [0.4, 0.55, 0.7],
  wTitle: [0.2, 0.3, 0.4, 0.5],
  wReverse: [0.1, 0.15, 0.25, 0.35],
  wBodyLead: [0, 0.05, 0.1, 0.15, 0.2],
  nestedFactor: [0.35, 0.5, 0.6],
  genericShare: [0.1, 0.2, 0.3, 0.5],
  containerFactor: [0.5, 0.75, 0.9],
  nearTie: [0, 0.003, 0.01],
  clearWinnerAt: [0.35, 0.4, 0.45],
  clearWinnerLead: [0.1, 0.15, 0.2, 0.3],
  untitledFactor: [0.7, 0.85, 1],
  commonFactor: [0, 0.4, 0.7, 0.9],
  sure: [0.6, 0.7, 0.8, 1.01],
  answerCoverage: [0, 0.4, 0.5, 0.6, 0.7],
  fuzzyPenalty: [0.7, 0.85, 0.95],
  significantUnitShare: [0.1, 0.15, 0.25],
  bodyOnlyMinUnits: [1, 2, 3],
  unigramWeight: [0.3, 0.5, 0.8],
  k1: [0.8, 1.2, 2],
  aspectMismatch: [0, 0.05, 0.1, 0.15, 0.2, 0.3],
  translationFactor: [0, 0.4, 0.6, 0.8],
};

/** Coordinate descent from the defaults: each option in turn set to its best value on `train`, twice over. */
function fit(train: Corpus[]): { options: Partial<MatchOptions>; merit: number } {
  const total = (o: Partial<MatchOptions>) => train.reduce((sum, c) => sum + merit(evaluate(c, o)), 0);
  let options: Partial<MatchOptions> = {};
  let best = total(options);
  for (let pass = 0; pass < 2; pass++) {
    for (const [key, values] of Object.entries(SPACE) as [keyof MatchOptions, number[]][]) {
      for (const v of values) {
        const candidate = { ...options, [key]: v };
        const m = total(candidate);
        if (m > best + 1e-9) {
          best = m;
          options = candidate;
        }
      }
    }
  }
  return { options, merit: best };
}

const list = corpora(flag('--final'), only);
if (flag('--fit-decision')) {
  console.log(`decision model, leave-one-corpus-out over ${list.length} corpora (features: ${DECISION_FEATURES.join(', ')})\n`);
  let sumIn = 0, sumOut = 0, sumWrong = 0;
  for (const { corpus, held, p } of locoDecision(list)) {
    sumIn += held.inRight / Math.max(1, held.inTotal);
    sumOut += held.outOk / Math.max(1, held.outTotal);
    sumWrong += held.inWrong / Math.max(1, held.inTotal);
    console.log(`${line(corpus.name, held)}  (threshold ${p})`);
  }
  const n = list.length;
  console.log(`\nheld-out mean: in-scope right ${((100 * sumIn) / n).toFixed(1)}%, wrong ${((100 * sumWrong) / n).toFixed(1)}%, out-of-scope not answered ${((100 * sumOut) / n).toFixed(1)}%`);
  const all = list.filter(c => c.fit !== false).map(samples);
  const { model, p } = fitDecision(all);
  const r = (v: number) => Math.round(v * 1000) / 1000;
  console.log(`\nfitted on all: decision: Object.freeze({ bias: ${r(model.bias)}, weights: Object.freeze([${model.weights.map(r).join(', ')}]) }), answerProbability: ${p},`);
} else if (flag('--sweep')) {
  // Each option alone, the others at their defaults: totals over every corpus (to see what matters).
  const sum = (o: Partial<MatchOptions>) => {
    const t: Score = { inTotal: 0, inRight: 0, inWrong: 0, inSuggested: 0, inTop1: 0, outTotal: 0, outOk: 0 };
    let m = 0;
    for (const c of list) {
      const sc = evaluate(c, o);
      for (const k of Object.keys(t) as (keyof Score)[]) t[k] += sc[k];
      m += merit(sc);
    }
    return `${line('', t).trim()}  merit ${m.toFixed(3)}`;
  };
  console.log(`defaults: ${sum({})}`);
  for (const [key, values] of Object.entries(SPACE) as [keyof MatchOptions, number[]][]) {
    for (const v of values) if (v !== DEFAULT_MATCH_OPTIONS[key]) console.log(`${key}=${v}: ${sum({ [key]: v })}`);
  }
} else if (flag('--loco')) {
  console.log(`leave-one-corpus-out over ${list.length} corpora: options fitted (coordinate descent) on all but one, scored on the one left out\n`);
  let sumIn = 0;
  let sumOut = 0;
  let sumWrong = 0;
  list.forEach((c, k) => {
    const { options } = fit(list.filter((c2, j) => j !== k && c2.fit !== false));
    const held = evaluate(c, options);
    sumIn += held.inRight / Math.max(1, held.inTotal);
    sumOut += held.outOk / Math.max(1, held.outTotal);
    sumWrong += held.inWrong / Math.max(1, held.inTotal);
    console.log(`${line(c.name, held)}   (defaults: ${pct(evaluate(c, {}).inRight, held.inTotal)} in)   fitted: ${JSON.stringify(options)}`);
  });
  const n = list.length;
  console.log(`\nheld-out mean: in-scope right ${((100 * sumIn) / n).toFixed(1)}%, wrong ${((100 * sumWrong) / n).toFixed(1)}%, out-of-scope not answered ${((100 * sumOut) / n).toFixed(1)}%`);
  const all = fit(list.filter(c => c.fit !== false));
  console.log(`fitted on all corpora: ${JSON.stringify(all.options)}`);
} else {
  const misses: string[] = [];
  const total: Score = { inTotal: 0, inRight: 0, inWrong: 0, inSuggested: 0, inTop1: 0, outTotal: 0, outOk: 0 };
  for (const c of list) {
    const s = evaluate(c, DEFAULT_MATCH_OPTIONS, flag('--verbose') ? misses : undefined);
    console.log(line(c.name, s));
    for (const k of Object.keys(total) as (keyof Score)[]) total[k] += s[k];
  }
  console.log(line('total', total));
  if (misses.length) console.log('\n' + misses.join('\n'));
}
