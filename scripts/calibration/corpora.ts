/**
 * Labelled questions over knowledge folders, and what the calibration of the matcher does with them:
 * score a corpus with given options, collect the decision model's inputs, fit the model (a logistic
 * regression) and its threshold, leave-one-corpus-out. Used by scripts/calibrate-matcher.ts and by
 * the calibration-floor test.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase } from '../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { detectLang, pick } from '../../src/core/language.ts';
import { createCommonness } from '../../src/core/matching/commonness.ts';
import { createTranslations } from '../../src/core/matching/translations.ts';
import { BUILTIN_GLOSSARY } from '../../src/core/matching/glossary-data.ts';
import { DEFAULT_MATCH_OPTIONS, type MatchOptions } from '../../src/core/matching/match-options.ts';
import { DECISION_FEATURES, Matcher } from '../../src/core/matching/matcher.ts';
import { createJiebaSegmenter } from '../../src/core/matching/segmenter.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../../src/core/matching/stopwords.ts';

const root = path.resolve(import.meta.dirname, '../..');
const CAL = 'tests/fixtures/calibration';
/** Real corpora kept out of every fit and look until the final measurement. */
export const HELD_OUT = ['system-design', 'devops-k8s'];

export interface Corpus {
  name: string;
  knowledge: string;
  questions: string[];
  /**
   * false: scored, never fitted on (a fresh blind set kept to measure the shipped model and each fold's
   * model on, not to move them).
   */
  fit?: boolean;
}


export function corpora(final: boolean, only?: ReadonlySet<string>): Corpus[] {
  const own: Corpus[] = [
    { name: 'shipped', knowledge: 'knowledge', questions: ['../shared/eval/dev-questions.jsonl', `${CAL}/questions-shipped.jsonl`, `${CAL}/questions-shipped-adjacent.jsonl`] },
    { name: 'seed', knowledge: '../shared/seed', questions: ['../shared/eval/dev-questions.jsonl'] },
    { name: 'notes-en', knowledge: `${CAL}/notes-en`, questions: [`${CAL}/questions-en-notes.jsonl`, `${CAL}/questions-en-adjacent.jsonl`] },
    { name: 'notes-zh', knowledge: `${CAL}/notes-zh`, questions: [`${CAL}/questions-zh-notes.jsonl`, `${CAL}/questions-zh-adjacent.jsonl`] },
    { name: 'mixed-blind', knowledge: `${CAL}/notes-mixed`, questions: [`${CAL}/questions-mixed-notes.jsonl`] },
    { name: 'heldout-blind', knowledge: `${CAL}/notes-heldout`, questions: [`${CAL}/questions-heldout.jsonl`] },
    { name: 'shipped-chat', knowledge: 'knowledge', questions: [`${CAL}/questions-shipped-chat.jsonl`] },
    { name: 'shipped-chat2', knowledge: 'knowledge', questions: [`${CAL}/questions-shipped-chat2.jsonl`], fit: false },
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

export interface Q {
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
const translations = createTranslations();
const kbs = new Map<string, KnowledgeBase>();
export const loaded = (dir: string) => {
  if (!kbs.has(dir)) kbs.set(dir, loadKnowledge(path.join(root, dir)));
  return kbs.get(dir)!;
};
const questionCache = new Map<string, Q[]>();
export const questionsOf = (c: Corpus) => {
  if (!questionCache.has(c.name))
    questionCache.set(c.name, c.questions.flatMap(f => fs.readFileSync(path.join(root, f), 'utf8').trim().split('\n').map(l => JSON.parse(l) as Q)));
  return questionCache.get(c.name)!;
};

/** Options that shape the index (a new index is built for them); the others only decide per question. */
const BUILD_KEYS = new Set<keyof MatchOptions>(['bBody', 'titleWeight', 'aliasFactor', 'chapterMinChildren']);
const built = new Map<string, Matcher>();

/** A matcher for the corpus with these options, sharing the index built for the same index-shaping options. */
export function matcherFor(c: Corpus, options: Partial<MatchOptions>): Matcher {
  const full = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const buildKey = c.name + JSON.stringify([...BUILD_KEYS].map(k => full[k]));
  let base = built.get(buildKey);
  if (!base) {
    const kb = loaded(c.knowledge);
    base = new Matcher({ entries: kb.entries, glossary: [...BUILTIN_GLOSSARY, ...kb.glossary], stopwordsEn: STOPWORDS_EN, stopwordsZh: STOPWORDS_ZH, segmenter, commonness, translations, options: full });
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

export function evaluate(c: Corpus, options: Partial<MatchOptions>, misses?: string[]): Score {
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

/** A wrong answer costs three times a question not answered: it is shown with confidence. */
const WRONG_COST = 3;
/** One corpus's figure of merit: right answers and declines count, a wrong answer costs three times a miss. */
export function merit(s: Score): number {
  return s.inRight / Math.max(1, s.inTotal) + s.outOk / Math.max(1, s.outTotal) - (WRONG_COST * s.inWrong) / Math.max(1, s.inTotal);
}

export const pct = (a: number, b: number) => `${a}/${b} (${((100 * a) / Math.max(1, b)).toFixed(1)}%)`;
export const line = (name: string, s: Score) =>
  `${name.padEnd(14)} in-scope right ${pct(s.inRight, s.inTotal).padEnd(16)} wrong ${pct(s.inWrong, s.inTotal).padEnd(14)} offered ${String(s.inSuggested).padEnd(3)} top1 ${pct(s.inTop1, s.inTotal).padEnd(14)} out-of-scope not answered ${pct(s.outOk, s.outTotal)}`;

export interface Sample {
  x: number[];
  /** 1: the best entry is the right answer. */
  y: number;
  inScope: boolean;
  /** A near-tie: offered, whatever the model says. */
  tie: boolean;
  /** Below suggestAt: declined, whatever the model says. */
  low: boolean;
}

export function samples(c: Corpus): Sample[] {
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

/** Weight of a negative example (a wrong best entry) in training, against 1 for a right one. */
const NEG_WEIGHT = 1;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const predict = (m: { bias: number; weights: number[] }, x: number[]) => sigmoid(x.reduce((z, v, i) => z + v * m.weights[i]!, m.bias));

/** Logistic regression by gradient descent, each corpus weighing the same, wrong answers (negatives) three times. */
export function train(sets: Sample[][]): { bias: number; weights: number[] } {
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

export function scoreDecision(set: Sample[], m: { bias: number; weights: number[] }, p: number): Score {
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

export function fitDecision(sets: Sample[][]): { model: { bias: number; weights: number[] }; p: number } {
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

/** Leave-one-corpus-out: for each corpus, the decision model fitted on all the others, scored on it. */
export function locoDecision(list: readonly Corpus[]): { corpus: Corpus; held: Score; p: number }[] {
  const all = list.map(samples);
  return list.map((corpus, k) => {
    const { model, p } = fitDecision(all.filter((_, j) => j !== k && list[j]!.fit !== false));
    return { corpus, held: scoreDecision(all[k]!, model, p), p };
  });
}
