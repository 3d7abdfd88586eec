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
import fs from 'node:fs';
import path from 'node:path';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import type { KnowledgeBase } from '../src/core/knowledge/entry.ts';
import { pick, detectLang } from '../src/core/language.ts';
import { BUILTIN_GLOSSARY } from '../src/core/matching/glossary-data.ts';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from '../src/core/matching/match-options.ts';
import { DECISION_FEATURES, Matcher } from '../src/core/matching/matcher.ts';
import { createCommonness } from '../src/core/matching/commonness.ts';
import { createJiebaSegmenter } from '../src/core/matching/segmenter.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../src/core/matching/stopwords.ts';

const root = path.resolve(import.meta.dirname, '..');
const CAL = 'tests/fixtures/calibration';
/** Real corpora kept out of every fit and look until the final measurement. */
export const HELD_OUT = ['system-design', 'devops-k8s'];

interface Corpus {
  name: string;
  knowledge: string;
  questions: string[];
}

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const only = (() => {
  const i = args.indexOf('--only');
  return i >= 0 ? new Set(args[i + 1]!.split(',')) : undefined;
})();

function corpora(final: boolean): Corpus[] {
  const own: Corpus[] = [
    { name: 'shipped', knowledge: 'knowledge', questions: ['../shared/eval/dev-questions.jsonl', `${CAL}/questions-shipped.jsonl`, `${CAL}/questions-shipped-adjacent.jsonl`] },
    { name: 'seed', knowledge: '../shared/seed', questions: ['../shared/eval/dev-questions.jsonl'] },
    { name: 'notes-en', knowledge: `${CAL}/notes-en`, questions: [`${CAL}/questions-en-notes.jsonl`, `${CAL}/questions-en-adjacent.jsonl`] },
    { name: 'notes-zh', knowledge: `${CAL}/notes-zh`, questions: [`${CAL}/questions-zh-notes.jsonl`, `${CAL}/questions-zh-adjacent.jsonl`] },
    { name: 'mixed-blind', knowledge: `${CAL}/notes-mixed`, questions: [`${CAL}/questions-mixed-notes.jsonl`] },
    { name: 'heldout-blind', knowledge: `${CAL}/notes-heldout`, questions: [`${CAL}/questions-heldout.jsonl`] },
  ];
  const realDir = path.join(root, 'tests/fixtures/real-corpora');
  const real: Corpus[] = fs.existsSync(realDir)
    ? fs.readdirSync(realDir).sort().map(name => ({ name, knowledge: `.corpora/${name}`, questions: [`tests/fixtures/real-corpora/${name}/questions.jsonl`] }))
    : [];
  return [...own, ...real]
    .filter(c => final || !HELD_OUT.includes(c.name))
    .filter(c => !only || only.has(c.name))
    .map(c => ({ ...c, questions: c.questions.filter(q => fs.existsSync(path.join(root, q))) }))
    .filter(c => c.questions.length > 0 && fs.existsSync(path.join(root, c.knowledge)));
}

interface Q {
  q: string;
  expect: string | null;
  style?: string;
}

export interface Score {
  inTotal: number;
  inRight: number;
  inWrong: number;
  /** In scope, not answered, the right entry among the suggestions. */
  inSuggested: number;
  /** In scope, the right entry ranked first (whatever was decided). */
  inTop1: number;
  outTotal: number;
  outOk: number;
}

const segmenter = createJiebaSegmenter();
const commonness = createCommonness();
const kbs = new Map<string, KnowledgeBase>();
const loaded = (dir: string) => {
  if (!kbs.has(dir)) kbs.set(dir, loadKnowledge(path.join(root, dir)));
  return kbs.get(dir)!;
};
const questionCache = new Map<string, Q[]>();
const questionsOf = (c: Corpus) => {
  if (!questionCache.has(c.name))
    questionCache.set(c.name, c.questions.flatMap(f => fs.readFileSync(path.join(root, f), 'utf8').trim().split('\n').map(l => JSON.parse(l) as Q)));
  return questionCache.get(c.name)!;
};

/** Options that shape the index (a new index is built for them); the others only decide per question. */
const BUILD_KEYS = new Set<keyof MatchOptions>(['bBody', 'titleWeight', 'aliasFactor', 'chapterMinChildren']);
const built = new Map<string, Matcher>();

/** A matcher for the corpus with these options, sharing the index built for the same index-shaping options. */
function matcherFor(c: Corpus, options: Partial<MatchOptions>): Matcher {
  const full = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const buildKey = c.name + JSON.stringify([...BUILD_KEYS].map(k => full[k]));
  let base = built.get(buildKey);
  if (!base) {
    const kb = loaded(c.knowledge);
    base = new Matcher({ entries: kb.entries, glossary: [...BUILTIN_GLOSSARY, ...kb.glossary], stopwordsEn: STOPWORDS_EN, stopwordsZh: STOPWORDS_ZH, segmenter, commonness, options: full });
    built.set(buildKey, base);
  }
  // The same index with other per-question options (calibration only: the product builds one matcher).
  const index = Object.create(base.index) as Matcher['index'];
  Object.defineProperty(index, 'options', { value: Object.freeze(full) });
  const m = Object.create(base) as Matcher;
  Object.defineProperty(m, 'options', { value: Object.freeze(full) });
  Object.defineProperty(m, 'index', { value: index });
  return m;
}

const memo = new Map<string, Score>();

function evaluate(c: Corpus, options: Partial<MatchOptions>, misses?: string[]): Score {
  const key = c.name + JSON.stringify({ ...DEFAULT_MATCH_OPTIONS, ...options });
  if (!misses && memo.has(key)) return memo.get(key)!;
  const kb = loaded(c.knowledge);
  const matcher = matcherFor(c, options);
  const byId = new Map(kb.entries.map(e => [e.id, e]));
  const s: Score = { inTotal: 0, inRight: 0, inWrong: 0, inSuggested: 0, inTop1: 0, outTotal: 0, outOk: 0 };
  for (const { q, expect, style } of questionsOf(c)) {
    const r = matcher.match(q, detectLang(q));
    const entry = r.answer ? byId.get(r.answer.id) : undefined;
    const titles = entry ? [pick(entry.title, 'zh'), pick(entry.title, 'en')] : [];
    const right = expect !== null && titles.some(t => new RegExp(expect, 'i').test(t));
    if (expect === null) {
      s.outTotal++;
      if (!r.answer) s.outOk++;
    } else {
      s.inTotal++;
      if (right) s.inRight++;
      else if (r.answer) s.inWrong++;
      else if (r.suggestions.some(x => new RegExp(expect, 'i').test(x.title))) s.inSuggested++;
      const top = matcher.rank(q, 1)[0];
      if (top && [pick(top.entry.title, 'zh'), pick(top.entry.title, 'en')].some(t => new RegExp(expect, 'i').test(t))) s.inTop1++;
    }
    const ok = expect === null ? !r.answer : right;
    if (misses && !ok) {
      const sug = r.suggestions.map(x => `${x.title.slice(0, 40)}(${x.score})`).join('; ');
      misses.push(`  ${c.name} [${style ?? ''}] ${q} -> ${r.outcome} ${r.answer?.title.slice(0, 60) ?? ''} ${r.confidence} [${sug}] expect ${expect}`);
    }
  }
  memo.set(key, s);
  return s;
}

const WRONG_COST = Number(process.env.WRONG_COST ?? 3);
/** One corpus's figure of merit: right answers and declines count, a wrong answer costs three times a miss. */
export function merit(s: Score): number {
  return s.inRight / Math.max(1, s.inTotal) + s.outOk / Math.max(1, s.outTotal) - (WRONG_COST * s.inWrong) / Math.max(1, s.inTotal);
}

const pct = (a: number, b: number) => `${a}/${b} (${((100 * a) / Math.max(1, b)).toFixed(1)}%)`;
const line = (name: string, s: Score) =>
  `${name.padEnd(14)} in-scope right ${pct(s.inRight, s.inTotal).padEnd(16)} wrong ${pct(s.inWrong, s.inTotal).padEnd(14)} offered ${String(s.inSuggested).padEnd(3)} top1 ${pct(s.inTop1, s.inTotal).padEnd(14)} out-of-scope not answered ${pct(s.outOk, s.outTotal)}`;

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

const list = corpora(flag('--final'));
interface Sample {
  x: number[];
  /** 1: the best entry is the right answer. */
  y: number;
  inScope: boolean;
  /** A near-tie: offered, whatever the model says. */
  tie: boolean;
  /** Below suggestAt: declined, whatever the model says. */
  low: boolean;
}

function samples(c: Corpus): Sample[] {
  const kb = loaded(c.knowledge);
  const matcher = matcherFor(c, {});
  const o = matcher.options;
  return questionsOf(c).map(({ q, expect }) => {
    const { ranked, rival, features } = matcher.decisionInput(q);
    const best = ranked[0];
    const right = expect !== null && best !== undefined && [pick(best.entry.title, 'zh'), pick(best.entry.title, 'en')].some(t => new RegExp(expect, 'i').test(t));
    void kb;
    return {
      x: features ?? new Array(DECISION_FEATURES.length).fill(0),
      y: right ? 1 : 0,
      inScope: expect !== null,
      tie: rival !== undefined && best !== undefined && best.confidence - rival.confidence < o.nearTie,
      low: !best || best.confidence < o.suggestAt,
    };
  });
}

const NEG_WEIGHT = Number(process.env.NEG_WEIGHT ?? 1);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const predict = (m: { bias: number; weights: number[] }, x: number[]) => sigmoid(x.reduce((z, v, i) => z + v * m.weights[i]!, m.bias));

/** Logistic regression by gradient descent, each corpus weighing the same, wrong answers (negatives) three times. */
function train(sets: Sample[][]): { bias: number; weights: number[] } {
  const d = DECISION_FEATURES.length;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const lambda = 1e-3;
  for (let it = 0; it < 3000; it++) {
    const gw = new Array<number>(d).fill(0);
    let gb = 0;
    let norm = 0;
    for (const set of sets) {
      const per = 1 / set.length;
      for (const sm of set) {
        const weight = per * (sm.y ? 1 : NEG_WEIGHT);
        const err = (predict({ bias: b, weights: w }, sm.x) - sm.y) * weight;
        for (let i = 0; i < d; i++) gw[i]! += err * sm.x[i]!;
        gb += err;
        norm += weight;
      }
    }
    const lr = 2;
    for (let i = 0; i < d; i++) w[i] = w[i]! - lr * (gw[i]! / norm + lambda * w[i]!);
    b -= (lr * gb) / norm;
  }
  return { bias: b, weights: w };
}

function scoreDecision(set: Sample[], m: { bias: number; weights: number[] }, p: number): Score {
  const s: Score = { inTotal: 0, inRight: 0, inWrong: 0, inSuggested: 0, inTop1: 0, outTotal: 0, outOk: 0 };
  for (const sm of set) {
    const answered = !sm.tie && !sm.low && predict(m, sm.x) >= p;
    if (sm.inScope) {
      s.inTotal++;
      if (sm.y) s.inTop1++;
      if (answered && sm.y) s.inRight++;
      if (answered && !sm.y) s.inWrong++;
    } else {
      s.outTotal++;
      if (!answered) s.outOk++;
    }
  }
  return s;
}

function fitDecision(sets: Sample[][]): { model: { bias: number; weights: number[] }; p: number } {
  const model = train(sets);
  let bestP = 0.5;
  let bestM = -Infinity;
  for (let p = 0.2; p <= 0.95; p += 0.025) {
    const m = sets.reduce((sum, set) => sum + merit(scoreDecision(set, model, p)), 0);
    if (m > bestM) {
      bestM = m;
      bestP = p;
    }
  }
  return { model, p: Math.round(bestP * 1000) / 1000 };
}

if (flag('--fit-decision')) {
  const all = list.map(samples);
  console.log(`decision model, leave-one-corpus-out over ${list.length} corpora (features: ${DECISION_FEATURES.join(', ')})\n`);
  let sumIn = 0, sumOut = 0, sumWrong = 0;
  list.forEach((c, k) => {
    const { model, p } = fitDecision(all.filter((_, j) => j !== k));
    const held = scoreDecision(all[k]!, model, p);
    sumIn += held.inRight / Math.max(1, held.inTotal);
    sumOut += held.outOk / Math.max(1, held.outTotal);
    sumWrong += held.inWrong / Math.max(1, held.inTotal);
    console.log(`${line(c.name, held)}  (threshold ${p})`);
  });
  const n = list.length;
  console.log(`\nheld-out mean: in-scope right ${((100 * sumIn) / n).toFixed(1)}%, wrong ${((100 * sumWrong) / n).toFixed(1)}%, out-of-scope not answered ${((100 * sumOut) / n).toFixed(1)}%`);
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
    const { options } = fit(list.filter((_, j) => j !== k));
    const held = evaluate(c, options);
    sumIn += held.inRight / Math.max(1, held.inTotal);
    sumOut += held.outOk / Math.max(1, held.outTotal);
    sumWrong += held.inWrong / Math.max(1, held.inTotal);
    console.log(`${line(c.name, held)}   (defaults: ${pct(evaluate(c, {}).inRight, held.inTotal)} in)   fitted: ${JSON.stringify(options)}`);
  });
  const n = list.length;
  console.log(`\nheld-out mean: in-scope right ${((100 * sumIn) / n).toFixed(1)}%, wrong ${((100 * sumWrong) / n).toFixed(1)}%, out-of-scope not answered ${((100 * sumOut) / n).toFixed(1)}%`);
  const all = fit(list);
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
