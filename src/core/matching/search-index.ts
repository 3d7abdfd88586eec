import type { Entry } from '../knowledge/entry.ts';
import { allVariants } from '../language.ts';
import { Analyzer, normalize, stem, type Term } from './analyzer.ts';
import { FuzzyIndex } from './fuzzy.ts';
import { Glossary, hanTerms } from './glossary.ts';
import type { MatchOptions } from './match-options.ts';

interface Posting {
  readonly doc: number;
  /** BM25F pseudo-frequency (title and body weighted and length-normalised). */
  readonly tf: number;
  /** 1 when the term is in the title (or tags), `aliasFactor` when only in an alias, else 0. */
  readonly titleness: number;
}

/** One question word (or phrase part) and the index terms that may stand for it. */
export interface QueryUnit {
  readonly text: string;
  /** Index terms that match this unit, with a factor (1 exact, < 1 typo-corrected). */
  readonly alternatives: readonly { readonly term: string; readonly factor: number }[];
  /** The unit's weight in coverage: its best idf, or the unknown-word weight. */
  readonly weight: number;
  readonly known: boolean;
}

export interface DocScore {
  readonly doc: number;
  readonly bm25: number;
  /** Share of the question's weight found anywhere in the entry. */
  readonly coverage: number;
  /** Share of the question's weight found in the title or aliases. */
  readonly titleCoverage: number;
  /** Share of the entry's title weight that the question names. */
  readonly reverseTitleCoverage: number;
  /** How many of the question's units the entry matched (anywhere), counting those that carry at least `significantUnitShare` of its weight. */
  readonly matchedUnits: number;
}

/** An inverted index over entries: titles and aliases weighted above bodies, with glossary concepts. */
export class SearchIndex {
  readonly analyzer: Analyzer;
  readonly glossary: Glossary;
  private readonly fuzzy = new FuzzyIndex();
  private readonly postings = new Map<string, Posting[]>();
  /** Per entry: its title's terms with their idf, and their total (for reverse title coverage). */
  private titleTerms: { readonly terms: readonly (readonly [string, number])[]; readonly total: number }[] = [];
  private readonly rawTitleTerms: string[][] = [];
  private readonly n: number;
  private readonly maxIdf: number;

  constructor(
    readonly entries: readonly Entry[],
    glossaryGroups: readonly (readonly string[])[],
    stopEn: ReadonlySet<string>,
    stopZh: ReadonlySet<string>,
    private readonly options: MatchOptions,
  ) {
    this.analyzer = new Analyzer(withoutCodeWords(stopEn, entries), stopZh, hanTerms(glossaryGroups));
    this.glossary = new Glossary(glossaryGroups, this.analyzer);
    this.n = entries.length;
    this.maxIdf = this.idfOf(0);
    const bodyLengths: number[] = [];
    const docs: { title: Map<string, number>; alias: Map<string, number>; body: Map<string, number> }[] = [];
    for (const entry of entries) {
      const title = this.termCounts([...allVariants(entry.title), ...entry.tags].join('\n'));
      const alias = this.termCounts(entry.aliases.join('\n'));
      const body = this.termCounts(entry.ownText ?? Object.values(entry.body).join('\n'));
      docs.push({ title, alias, body });
      this.rawTitleTerms.push([...this.termCounts(allVariants(entry.title).join('\n'), true).keys()]);
      let len = 0;
      for (const c of body.values()) len += c;
      bodyLengths.push(len);
    }
    const avgBody = Math.max(1, bodyLengths.reduce((a, b) => a + b, 0) / Math.max(1, bodyLengths.length));
    docs.forEach((d, doc) => {
      const norm = 1 - options.bBody + (options.bBody * bodyLengths[doc]!) / avgBody;
      const add = (term: string) => {
        const t = d.title.get(term) ?? 0;
        const a = d.alias.get(term) ?? 0;
        const b = d.body.get(term) ?? 0;
        // Title fields are short and of similar length: no length normalisation there.
        const tf = options.titleWeight * Math.min(t + a, 3) + b / norm;
        const posting = { doc, tf, titleness: t > 0 ? 1 : a > 0 ? options.aliasFactor : 0 };
        const list = this.postings.get(term);
        if (list) list.push(posting);
        else {
          this.postings.set(term, [posting]);
          if (/^[a-z][a-z0-9]{3,}$/.test(term)) this.fuzzy.add(term);
        }
      };
      for (const term of d.body.keys()) add(term);
      for (const term of d.title.keys()) if (!d.body.has(term)) add(term);
      for (const term of d.alias.keys()) if (!d.body.has(term) && !d.title.has(term)) add(term);
    });
    this.titleTerms = this.rawTitleTerms.map(terms => {
      const withIdf = terms.map(t => [t, this.idf(t) ?? 0] as const);
      return { terms: withIdf, total: withIdf.reduce((sum, [, w]) => sum + w, 0) };
    });
    this.rawTitleTerms.length = 0;
    for (const word of this.glossary.latinWords()) if (/^[a-z][a-z0-9]{3,}$/.test(word)) this.fuzzy.add(word);
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  idf(term: string): number | undefined {
    const list = this.postings.get(term);
    return list ? this.idfOf(list.length) : undefined;
  }

  /**
   * Index terms of a text with counts: words, bigrams and glossary concepts. With `conceptsOnly`,
   * words inside a glossary phrase are represented by the phrase's concept alone (a title naming
   * the GIL as "GIL" and as 全局解释器锁 names one thing, not eight).
   */
  termCounts(text: string, conceptsOnly = false): Map<string, number> {
    const norm = normalize(text);
    const terms = this.analyzer.terms(norm);
    const hits = this.glossary.find(norm, terms);
    const counts = new Map<string, number>();
    const outer = conceptsOnly ? hits.filter(h => !h.nested) : [];
    for (const t of terms) {
      if (t.stop) continue;
      if (outer.some(h => h.start <= t.start && t.end <= h.end)) continue;
      counts.set(t.text, (counts.get(t.text) ?? 0) + 1);
    }
    for (const hit of conceptsOnly ? outer : hits) counts.set(hit.concept, (counts.get(hit.concept) ?? 0) + 1);
    return counts;
  }

  /** The question as weighted units, each with the index terms that can stand for it. */
  queryUnits(query: string): QueryUnit[] {
    let norm = normalize(query);
    let terms = this.analyzer.terms(norm);
    // Typos first: a misspelled word is replaced by its closest known word before glossary phrases
    // are looked for, so "grabage collection" is read as the phrase "garbage collection".
    const corrected = new Map<string, number>();
    const fixes: { start: number; end: number; word: string }[] = [];
    for (const t of terms) {
      if (t.script !== 'latin' || t.stop || this.postings.has(t.text) || this.glossary.knowsWord(t.text)) continue;
      if (stem(norm.slice(t.start, t.end)) !== t.text) continue; // a part of a_b_c: leave it
      const best = this.fuzzy.lookup(t.text)[0];
      if (!best) continue;
      fixes.push({ start: t.start, end: t.end, word: best.word });
      corrected.set(best.word, this.options.fuzzyPenalty ** best.distance);
    }
    if (fixes.length > 0) {
      for (const f of fixes.reverse()) norm = norm.slice(0, f.start) + f.word + norm.slice(f.end);
      terms = this.analyzer.terms(norm);
    }
    const hits = this.glossary.find(norm, terms);
    const units: QueryUnit[] = [];
    const seen = new Set<string>();
    const nested = this.options.nestedFactor;
    /** Concepts of glossary phrases overlapping a span, with a lower factor for nested readings. */
    const conceptsIn = (start: number, end: number) =>
      hits.filter(h => h.start < end && start < h.end).map(h => [h.concept, h.nested ? nested : 1] as const);
    const addConcepts = (alts: Map<string, number>, start: number, end: number) => {
      for (const [c, f] of conceptsIn(start, end)) if ((alts.get(c) ?? 0) < f) alts.set(c, f);
    };
    const unit = (text: string, alternatives: Map<string, number>, scale = 1): void => {
      if (seen.has(text)) return;
      seen.add(text);
      const alts = [...alternatives].map(([term, factor]) => ({ term, factor }));
      const idfs = alts.map(a => (this.idf(a.term) ?? -1) * a.factor).filter(v => v >= 0);
      const known = idfs.length > 0;
      const weight = known ? Math.max(...idfs) : this.options.unknownWeight * this.maxIdf;
      units.push({ text, alternatives: alts, weight: weight * scale, known });
    };
    // Latin words: exact or typo-corrected (at a lower factor), with their glossary concepts.
    for (const t of terms) {
      if (t.script !== 'latin' || t.stop) continue;
      const alternatives = new Map<string, number>([[t.text, 1]]);
      addConcepts(alternatives, t.start, t.end);
      const factor = corrected.get(t.text);
      if (factor !== undefined) for (const [term, f] of alternatives) alternatives.set(term, f * factor);
      unit(t.text, alternatives);
    }
    // Chinese runs: bigrams the notes know are units; characters no known bigram covers are
    // grouped into unknown words (减肥, 手机), so boundary-crossing junk bigrams do not count.
    const runs = new Map<number, Term[]>();
    for (const t of terms) if (t.script === 'cjk') runs.set(t.run!, [...(runs.get(t.run!) ?? []), t]);
    for (const run of runs.values()) {
      const start = run[0]!.start;
      const end = run.at(-1)!.end;
      const covered = new Array<boolean>(end - start).fill(false);
      const knownTerms: { t: Term; alts: Map<string, number> }[] = [];
      for (const t of run) {
        const alts = new Map<string, number>([[t.text, 1]]);
        addConcepts(alts, t.start, t.end);
        if ([...alts.keys()].some(a => this.postings.has(a))) {
          knownTerms.push({ t, alts });
          for (let i = t.start; i < t.end; i++) covered[i - start] = true;
        }
      }
      for (const { t, alts } of knownTerms) unit(t.text, alts, t.text.length === 1 && alts.size === 1 ? this.options.unigramWeight : 1);
      let i = 0;
      while (i < covered.length) {
        if (covered[i]) {
          i++;
          continue;
        }
        let j = i;
        while (j < covered.length && !covered[j]) j++;
        const text = norm.slice(start + i, start + j);
        const alts = new Map<string, number>([[text, 1]]);
        addConcepts(alts, start + i, start + j);
        unit(text, alts);
        i = j;
      }
    }
    return units;
  }

  /** Scores every entry that shares at least one term with the question. */
  score(units: readonly QueryUnit[]): DocScore[] {
    const total = units.reduce((s, u) => s + u.weight, 0);
    if (total === 0) return [];
    const perDoc = new Map<number, { bm25: number; covered: number; titled: number; units: number }>();
    const queryTerms = new Set<string>();
    units.forEach(unit => {
      const best = new Map<number, { contribution: number; factor: number; titleFactor: number }>();
      for (const { term, factor } of unit.alternatives) {
        queryTerms.add(term);
        const list = this.postings.get(term);
        if (!list) continue;
        const idf = this.idfOf(list.length) * factor;
        for (const p of list) {
          const contribution = (idf * p.tf * (this.options.k1 + 1)) / (p.tf + this.options.k1);
          const prev = best.get(p.doc);
          if (!prev) best.set(p.doc, { contribution, factor, titleFactor: factor * p.titleness });
          else {
            if (contribution > prev.contribution) prev.contribution = contribution;
            if (factor > prev.factor) prev.factor = factor;
            if (factor * p.titleness > prev.titleFactor) prev.titleFactor = factor * p.titleness;
          }
        }
      }
      for (const [doc, b] of best) {
        const acc = perDoc.get(doc) ?? { bm25: 0, covered: 0, titled: 0, units: 0 };
        acc.bm25 += b.contribution;
        acc.covered += unit.weight * b.factor;
        acc.titled += unit.weight * b.titleFactor;
        if (unit.weight >= this.options.significantUnitShare * total) acc.units++;
        perDoc.set(doc, acc);
      }
    });
    const out: DocScore[] = [];
    for (const [doc, acc] of perDoc) {
      const title = this.titleTerms[doc]!;
      const titleWeight = title.total;
      let named = 0;
      for (const [term, w] of title.terms) if (queryTerms.has(term)) named += w;
      out.push({
        doc,
        bm25: acc.bm25,
        coverage: Math.min(1, acc.covered / total),
        titleCoverage: Math.min(1, acc.titled / total),
        reverseTitleCoverage: titleWeight > 0 ? named / titleWeight : 0,
        matchedUnits: acc.units,
      });
    }
    return out;
  }
}

/**
 * The stop words minus those the notes' headings, titles or aliases write as code (`this`, `new`,
 * `with`, `is`): in notes that have "Explain the `this` keyword", "this" is the subject of a
 * question, not filler. Everywhere else it stays a stop word, and where it is kept its idf (it is in
 * most bodies) keeps it light except in the title that names it.
 */
export function withoutCodeWords(stopEn: ReadonlySet<string>, entries: readonly Entry[]): ReadonlySet<string> {
  const code = new Set<string>();
  for (const entry of entries) {
    for (const text of [entry.source.heading, ...allVariants(entry.title), ...entry.aliases]) {
      if (!text.includes('`')) continue;
      for (const [, span] of text.matchAll(/`([^`\n]{1,40})`/g)) {
        for (const word of span!.toLowerCase().match(/[a-z]+/g) ?? []) if (stopEn.has(word)) code.add(word);
      }
    }
  }
  if (code.size === 0) return stopEn;
  return new Set([...stopEn].filter(w => !code.has(w)));
}
