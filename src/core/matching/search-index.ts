import type { Entry } from '../knowledge/entry.ts';
import { allVariants } from '../language.ts';
import { Analyzer, normalize, normalizeCased, stem, type Term } from './analyzer.ts';
import { FuzzyIndex } from './fuzzy.ts';
import { Glossary, hanTerms } from './glossary.ts';
import type { MatchOptions } from './match-options.ts';
import { HomophoneIndex, type HomophoneFix } from './homophones.ts';
import type { Commonness } from './commonness.ts';
import type { Translations } from './translations.ts';
import type { Segmenter } from './segmenter.ts';
import type { AnalysisCache, CacheSession, EntryTerms } from './analysis-cache.ts';

/**
 * A known compound ("os.name", "no-GIL") also stands for its parts at this factor, so that a title
 * naming a part (the os module, the GIL) is found by it (0.3: +2 right, +2 first over all corpora; at
 * 0.5 and 0.7 wrong answers rose).
 */
const PART_FACTOR = 0.3;

/** An alias of up to this many words counts whole; each word of a longer one counts that share of it. */
const ALIAS_WHOLE_WORDS = 1.5;

/**
 * How an index built in steps is cut: after this many entries, after this many postings lists, and
 * a body longer than this many characters is read in pieces of about this size (each step takes a
 * few milliseconds on a small machine).
 */
const STEP_ENTRIES = 25;
/** A word of a title as written, for typo correction (lower case, five letters or more). */
const SURFACE_WORD = /[a-z][a-z0-9]{4,}/g;
const STEP_TERMS = 5_000;
/** Question words are looked up in translation only over notes with at most this share of bilingual entries. */
const TRANSLATION_MAX_BILINGUAL = 0.5;
const BODY_PIECE_CHARS = 20_000;

/** What the index is built with: stop words, intent words, operators, how Chinese is cut, and which entries are chapters. */
export interface IndexLexicon {
  readonly stopEn: ReadonlySet<string>;
  readonly stopZh: ReadonlySet<string>;
  readonly intent?: ReadonlySet<string>;
  readonly operators?: readonly string[];
  /** Stop words that are keywords of code (terms alone in Chinese text or compared with an operator); default: none. */
  readonly codeKeywords?: ReadonlySet<string>;
  /** Phrases after which the question names what its subject is compared with; default: none. */
  readonly referenceMarkers?: readonly string[];
  readonly segmenter?: Segmenter;
  /** How everyday a word is (unknown everyday words weigh less); default: every word counts fully. */
  readonly commonness?: Commonness;
  /** Everyday words of the other language (a question's word the notes use only in translation); default: none. */
  readonly translations?: Translations;
  /** Entry analyses kept from the previous build; default: none (every entry is analysed). */
  readonly cache?: AnalysisCache;
  /**
   * Per entry, 1 for a chapter (a topic heading over sub-headings that answer): it is found by its
   * title and own text, not by its sub-sections' text, which their own entries answer. Default: none.
   */
  readonly chapters?: ArrayLike<number>;
}

/** One term's postings, packed: entry numbers, BM25F pseudo-frequencies, and titleness (1 title, `aliasFactor` alias, 0 body). */
interface Postings {
  readonly docs: Int32Array;
  readonly tf: Float32Array;
  readonly titleness: Float32Array;
}

/** One question word (or phrase part) and the index terms that may stand for it. */
export interface QueryUnit {
  readonly text: string;
  /** Index terms that match this unit, with a factor (1 exact, < 1 typo-corrected). */
  readonly alternatives: readonly { readonly term: string; readonly factor: number }[];
  /** The unit's weight in coverage: its best idf, or the unknown-word weight. */
  readonly weight: number;
  readonly known: boolean;
  /** An intent word (优缺点, internals): tells siblings apart, never alone the subject. */
  readonly intent: boolean;
  /** Used by most entries (`genericShare`): names the field, not a subject ("python" in Python notes). */
  readonly generic: boolean;
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
  /** How many of the question's significant subject units (not intent, not generic) the entry matched. */
  readonly matchedUnits: number;
  /** The question names a word of the entry's title that is not generic. */
  readonly namesSpecific: boolean;
  /** Share of the question's subject weight (intent words left out) found in the entry. */
  readonly subjectCoverage: number;
}

/** Mutable per-query accumulators, reused across questions (one array slot per entry). */
interface Scratch {
  readonly bm25: Float64Array;
  readonly covered: Float64Array;
  readonly titled: Float64Array;
  readonly subject: Float64Array;
  readonly units: Uint16Array;
  readonly seen: Uint32Array;
  readonly unitSeen: Uint32Array;
  readonly bestContribution: Float64Array;
  readonly bestFactor: Float64Array;
  readonly bestTitle: Float64Array;
  stamp: number;
}

/** An inverted index over entries: titles and aliases weighted above bodies, with glossary concepts. */
export class SearchIndex {
  readonly analyzer: Analyzer;
  readonly glossary: Glossary;
  private readonly fuzzy = new FuzzyIndex();
  /** The English stop words, for misspelt fillers. */
  private readonly stopFuzzy = new FuzzyIndex();
  private readonly stopZh: ReadonlySet<string>;
  /**
   * The words of titles and aliases as written (useTransition, styled, axios), for typos that
   * stemming hides ("stlyed" stems to "stli", "styled" to "style") and typos inside a compound.
   */
  private readonly surfaceFuzzy = new FuzzyIndex();
  private readonly homophones = new HomophoneIndex();
  private readonly postings = new Map<string, Postings>();
  /** Per entry: its title's terms with their idf, how many entries use each, and which are intent words. */
  /**
   * Per entry, packed in flat arrays (one small object per entry cost more than the postings): its
   * title's terms are `titleTerm[titleStart[doc] … titleStart[doc + 1])`, with their idf, how many
   * entries use each, and which are intent words.
   */
  private titleStart = new Int32Array(1);
  private titleTerm: string[] = [];
  private titleIdf = new Float64Array(0);
  private titleDf = new Int32Array(0);
  private titleIntent = new Uint8Array(0);
  private readonly commonness: Commonness | undefined;
  private readonly translations: Translations | undefined;
  /**
   * Whether question words are looked up in translation at all: not over bilingual notes, which say
   * everything in both languages, so that a word they do not use in its own language is a word they
   * do not use ("股票" is no "share" because the English half speaks of sharing data).
   */
  private readonly translate: boolean;
  private readonly n: number;
  private readonly maxIdf: number;
  private scratch: Scratch | undefined;
  private readonly intentConcepts = new Set<string>();
  /** Reference markers as one pattern ("better than|instead of|而不是"), or none. */
  private readonly referenceMarker: RegExp | undefined;
  private readonly signature: string;
  private readonly chapters: ArrayLike<number> | undefined;

  /** Builds the index at once. */
  static create(entries: readonly Entry[], glossaryGroups: readonly (readonly string[])[], lexicon: IndexLexicon, options: MatchOptions): SearchIndex {
    const index = new SearchIndex(entries, glossaryGroups, lexicon, options);
    const steps = index.fill(lexicon.cache);
    while (!steps.next().done);
    return index;
  }

  /**
   * Builds the index in small steps, calling `pause` between them so that whoever shares the thread
   * (a chat bot answering from the previous index) keeps being served while a large one is built.
   */
  static async createInSteps(
    entries: readonly Entry[],
    glossaryGroups: readonly (readonly string[])[],
    lexicon: IndexLexicon,
    options: MatchOptions,
    pause: () => Promise<void>,
  ): Promise<SearchIndex> {
    const index = new SearchIndex(entries, glossaryGroups, lexicon, options);
    await pause();
    for (const _ of index.fill(lexicon.cache)) await pause();
    return index;
  }

  private constructor(
    readonly entries: readonly Entry[],
    glossaryGroups: readonly (readonly string[])[],
    lexicon: IndexLexicon,
    private readonly options: MatchOptions,
  ) {
    const stopEn = withoutCodeWords(lexicon.stopEn, entries);
    this.stopZh = lexicon.stopZh;
    this.analyzer = new Analyzer(stopEn, lexicon.stopZh, {
      keepZh: hanTerms(glossaryGroups),
      ...(lexicon.segmenter ? { segmenter: lexicon.segmenter } : {}),
      ...(lexicon.intent ? { intent: lexicon.intent } : {}),
      ...(lexicon.operators ? { operators: lexicon.operators } : {}),
      ...(lexicon.codeKeywords ? { codeKeywords: lexicon.codeKeywords } : {}),
    });
    this.glossary = new Glossary(glossaryGroups, this.analyzer);
    const markers = (lexicon.referenceMarkers ?? []).map(m => {
      const text = normalize(m).trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
      return /\p{Script=Han}/u.test(m) ? text : `\\b${text}\\b`;
    });
    this.referenceMarker = markers.length > 0 ? new RegExp(markers.join('|'), 'gu') : undefined;
    // A glossary group is an intent concept when most of its words are made of intent words alone
    // (优缺点 = pros and cons), not when one word merely contains one (垃圾回收机制 names GC).
    glossaryGroups.forEach((group, i) => {
      let intent = 0;
      let other = 0;
      for (const w of group) {
        const norm = normalize(w).trim();
        // Chinese words are compared whole (segmenting the glossary would load the dictionary for English notes).
        if (/\p{Script=Han}/u.test(norm)) {
          if (this.analyzer.isIntent(norm)) intent++;
          else other++;
          continue;
        }
        const terms = this.analyzer.terms(norm).filter(t => !t.stop && !t.part);
        if (terms.length === 0) continue;
        if (terms.every(t => t.intent)) intent++;
        else other++;
      }
      if (intent > other) this.intentConcepts.add(`~${i}`);
    });
    this.n = entries.length;
    this.chapters = lexicon.chapters;
    this.maxIdf = this.idfOf(0);
    this.commonness = lexicon.commonness;
    this.translations = lexicon.translations;
    let bilingual = 0;
    for (const e of entries) if ((e.body.zh ?? '').trim() !== '' && (e.body.en ?? '').trim() !== '') bilingual++;
    this.translate = bilingual <= TRANSLATION_MAX_BILINGUAL * entries.length;
    for (const word of lexicon.stopEn) if (/^[a-z]{4,}$/.test(word)) this.stopFuzzy.add(word);
    // What the analysis of a text depends on besides the text (the segmenter's dictionary is fixed).
    this.signature = [
      [...stopEn].join(' '),
      [...lexicon.stopZh].join(' '),
      [...(lexicon.intent ?? [])].join(' '),
      (lexicon.operators ?? []).join(' '),
      [...(lexicon.codeKeywords ?? [])].join(' '),
      glossaryGroups.map(g => g.join('\u0001')).join('\u0002'),
    ].join('\u0000');
  }

  /** One entry's terms: from the cache when its text was analysed before with the same words. */
  private *analyseEntry(entry: Entry, doc: number, cache: CacheSession | undefined): Generator<void, EntryTerms> {
    const variants = allVariants(entry.title);
    const phrases = [...entry.aliases, ...entry.tags];
    const bodyText = indexedBody(entry, this.chapters?.[doc] === 1);
    const key = cache ? `${variants.join('\u0001')}\u0000${phrases.join('\u0001')}\u0000${bodyText}` : '';
    const cached = cache?.get(key);
    if (cached) return cached;
    const titleText = this.read(variants.join('\n'));
    const title = this.countsOf(titleText.terms, titleText.hits, false);
    // An alias is a phrase: one word of a long one ("pizza" of "pizza as a service analogy") says less
    // than a short alias said whole, so each alias term weighs by how much of its alias it is.
    const alias = new Map<string, number>();
    for (const phrase of phrases) {
      const { terms, hits } = this.read(phrase);
      const counts = this.countsOf(terms, hits, false);
      // Its words: a compound's parts and pieces (os, name of os.name) and intent words (区别) are not more words.
      let words = 0;
      for (const t of terms) if (!t.stop && !t.part && !t.piece && !t.intent) words++;
      const strength = Math.min(1, ALIAS_WHOLE_WORDS / Math.max(1, words));
      // A part or piece alone (set of gc.set_threshold) names less than the alias's words: half as much.
      // So does a glossary term read only inside such a part (the set concept of app.set).
      const whole = new Set<string>();
      for (const t of terms) if (!t.part && !t.piece) whole.add(t.text);
      for (const h of hits) if (terms.some(t => !t.stop && !t.part && !t.piece && h.start <= t.start && t.end <= h.end)) whole.add(h.concept);
      for (const term of counts.keys()) {
        const s = whole.has(term) ? strength : strength / 2;
        alias.set(term, Math.max(alias.get(term) ?? 0, s));
      }
    }
    // A long body is read a few paragraphs at a time (a 5 MB note must not hold the thread for
    // seconds); paragraphs are where no word, compound or glossary phrase runs across.
    let body: Map<string, number>;
    if (bodyText.length <= BODY_PIECE_CHARS) body = this.termCounts(bodyText);
    else {
      body = new Map();
      for (const piece of pieces(bodyText, BODY_PIECE_CHARS)) {
        for (const [term, count] of this.termCounts(piece)) body.set(term, (body.get(term) ?? 0) + count);
        yield;
      }
    }
    const terms: EntryTerms = { title, alias, body, titleTerms: [...this.countsOf(titleText.terms, titleText.hits, true).keys()] };
    cache?.set(key, terms);
    return terms;
  }

  /** The expensive part of building: every entry's terms, then the postings. Yields now and then. */
  private *fill(cache: AnalysisCache | undefined): Generator<void, void> {
    const { entries, options } = this;
    const session = entries.length <= options.analysisCacheMaxEntries ? cache?.begin(this.signature) : (cache?.skip(entries.length), undefined);
    const bodyLengths = new Float64Array(entries.length);
    const docs: EntryTerms[] = [];
    for (let i = 0; i < entries.length; i++) {
      for (const text of [...allVariants(entries[i]!.title), ...entries[i]!.aliases])
        for (const word of normalize(text).match(SURFACE_WORD) ?? []) this.surfaceFuzzy.add(word);
      const terms = yield* this.analyseEntry(entries[i]!, i, session);
      docs.push(terms);
      let len = 0;
      for (const c of terms.body.values()) len += c;
      bodyLengths[i] = len;
      if (i % STEP_ENTRIES === STEP_ENTRIES - 1) yield;
    }
    session?.finish();
    let sum = 0;
    for (const l of bodyLengths) sum += l;
    const avgBody = Math.max(1, sum / Math.max(1, entries.length));
    // Two passes: count each term's entries, then fill packed arrays of exactly that size.
    const lists = new Map<string, { docs: number[]; tf: number[]; titleness: number[] }>();
    for (let doc = 0; doc < docs.length; doc++) {
      const d = docs[doc]!;
      if (doc % STEP_ENTRIES === STEP_ENTRIES - 1) yield;
      const norm = 1 - options.bBody + (options.bBody * bodyLengths[doc]!) / avgBody;
      const add = (term: string) => {
        const t = d.title.get(term) ?? 0;
        const a = d.alias.get(term) ?? 0;
        const b = d.body.get(term) ?? 0;
        // Title fields are short and of similar length: no length normalisation there.
        const tf = options.titleWeight * Math.min(t + a, 3) + b / norm;
        let list = lists.get(term);
        if (!list) {
          list = { docs: [], tf: [], titleness: [] };
          lists.set(term, list);
        }
        list.docs.push(doc);
        list.tf.push(tf);
        // A part of a compound (set in set_threshold) counts half: it names less than the whole.
        list.titleness.push(t > 0 ? Math.min(1, t) : a > 0 ? options.aliasFactor * a : 0);
      };
      for (const term of d.body.keys()) add(term);
      for (const term of d.title.keys()) if (!d.body.has(term)) add(term);
      for (const term of d.alias.keys()) if (!d.body.has(term) && !d.title.has(term)) add(term);
    }
    yield;
    let step = 0;
    for (const [term, l] of lists) {
      if (++step % STEP_TERMS === 0) yield;
      this.postings.set(term, { docs: Int32Array.from(l.docs), tf: Float32Array.from(l.tf), titleness: Float32Array.from(l.titleness) });
      // Typos are corrected towards words people ask about: those of a title or alias, or used by two
      // entries or more (a word one body uses once is rarely what a question misspells).
      if ((l.docs.length >= 2 || l.titleness.some(t => t > 0)) && /^[a-z][a-z0-9]{3,}$/.test(term)) this.fuzzy.add(term);
      if (!term.startsWith('~') && /^\p{Script=Han}{2,4}$/u.test(term)) this.homophones.add(term, l.docs.length);
    }
    lists.clear();
    yield;
    let count = 0;
    for (const d of docs) count += d.titleTerms.length;
    const start = new Int32Array(docs.length + 1);
    const flat: string[] = new Array(count);
    const idf = new Float64Array(count);
    const df = new Int32Array(count);
    const intent = new Uint8Array(count);
    // One string for each distinct title term (each entry's analysis made its own copies).
    const interned = new Map<string, string>();
    let at = 0;
    for (let doc = 0; doc < docs.length; doc++) {
      start[doc] = at;
      for (const t of docs[doc]!.titleTerms) {
        let term = interned.get(t);
        if (term === undefined) interned.set(t, (term = t));
        flat[at] = term;
        idf[at] = this.idf(term) ?? 0;
        df[at] = this.postings.get(term)?.docs.length ?? 0;
        intent[at] = this.isIntentTerm(term) ? 1 : 0;
        at++;
      }
    }
    start[docs.length] = at;
    this.titleStart = start;
    this.titleTerm = flat;
    this.titleIdf = idf;
    this.titleDf = df;
    this.titleIntent = intent;
    for (const word of this.glossary.latinWords()) if (/^[a-z][a-z0-9]{3,}$/.test(word)) this.fuzzy.add(word);
  }

  /** Index terms of the other language's words for `surface` (a question word written in one script), those the notes use. */
  private translated(surface: string): string[] {
    const han = /\p{Script=Han}/u.test(surface);
    if (!this.translate || (!han && !/^[a-z][a-z-]*$/.test(surface))) return [];
    const out: string[] = [];
    for (const word of this.translations!.of(surface)) {
      const terms = this.analyzer.terms(word).filter(t => !t.stop && !t.part);
      // A translation the index reads as one term (阶段, "nest"), not a phrase of several.
      if (terms.length !== 1 || (terms[0]!.script === 'cjk') === han) continue;
      const term = terms[0]!.text;
      if (this.postings.has(term) && !out.includes(term)) out.push(term);
    }
    return out;
  }

  /** Loads the segmenter's dictionary and the word frequencies now rather than on the first question that needs them. */
  warmUp(): void {
    this.analyzer.terms('预热');
    this.commonness?.of('warm');
    this.commonness?.of('预热');
    if (this.translate) this.translations?.of('预热');
    this.homophones.correct('预热', 0, 2, () => false);
  }

  private idfOf(df: number): number {
    return Math.log(1 + (this.n - df + 0.5) / (df + 0.5));
  }

  idf(term: string): number | undefined {
    const list = this.postings.get(term);
    return list ? this.idfOf(list.docs.length) : undefined;
  }

  /** An intent word or concept (优缺点, internals, ~pros-and-cons). */
  private isIntentTerm(term: string): boolean {
    return term.startsWith('~') ? this.intentConcepts.has(term) : this.analyzer.isIntent(term);
  }

  /** A term most entries use: it names the field the notes are about, not a question's subject. */
  private isGeneric(term: string): boolean {
    const list = this.postings.get(term);
    return list !== undefined && this.isGenericDf(list.docs.length);
  }

  private isGenericDf(df: number): boolean {
    return this.n >= this.options.genericMinEntries && df >= this.options.genericShare * this.n;
  }

  /**
   * Index terms of a text with counts: words, parts of compounds (at half weight), glossary
   * concepts. With `conceptsOnly` (titles, for reverse coverage), words inside a glossary phrase are
   * represented by the phrase's concept alone (a title naming the GIL as "GIL" and as 全局解释器锁
   * names one thing, not eight) and parts of compounds are left out.
   */
  termCounts(text: string, conceptsOnly = false): Map<string, number> {
    const { terms, hits } = this.read(text);
    return this.countsOf(terms, hits, conceptsOnly);
  }

  /** A text's terms and glossary phrases. */
  private read(text: string): { terms: Term[]; hits: ReturnType<Glossary['find']> } {
    const cased = normalizeCased(text);
    const norm = cased.toLowerCase();
    const terms = this.analyzer.terms(norm, cased);
    return { terms, hits: this.glossary.find(norm, terms) };
  }

  private countsOf(terms: readonly Term[], hits: ReturnType<Glossary['find']>, conceptsOnly: boolean): Map<string, number> {
    const counts = new Map<string, number>();
    const outer = conceptsOnly ? hits.filter(h => !h.nested) : [];
    for (const t of terms) {
      if (t.stop) continue;
      if (t.part && conceptsOnly) continue;
      if (outer.length > 0 && outer.some(h => h.start <= t.start && t.end <= h.end)) continue;
      counts.set(t.text, (counts.get(t.text) ?? 0) + (t.part ? 0.5 : 1));
    }
    for (const hit of conceptsOnly ? outer : hits) counts.set(hit.concept, (counts.get(hit.concept) ?? 0) + 1);
    return counts;
  }

  /** The question as weighted units, each with the index terms that can stand for it. */
  queryUnits(query: string): QueryUnit[] {
    let cased = normalizeCased(query);
    let norm = cased.toLowerCase();
    const guessed = (word: string) => !this.postings.has(word) && !this.glossary.knowsWord(word);
    let terms = this.analyzer.terms(norm, cased, guessed);
    // Typos first: a misspelled word is replaced by its closest known word before glossary phrases
    // are looked for, so "grabage collection" is read as the phrase "garbage collection". Chinese
    // typed with a pinyin keyboard misspells by homophone (线城 for 线程): corrected through pinyin.
    const corrected = new Map<string, number>();
    const fixes: { start: number; end: number; word: string }[] = [];
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if (t.script !== 'latin' || t.stop || this.postings.has(t.text) || this.glossary.knowsWord(t.text)) continue;
      const surface = norm.slice(t.start, t.end);
      // A part of a compound is corrected as a word of its own ("key-vlaue store" is "key-value
      // store"), when it is a word (not a letter of a_b_c) of five letters or more.
      if (t.part && (t.end - t.start < 5 || !/^[a-z]+$/.test(surface))) continue;
      // A compound (nextTick, v-if) is not a misspelling of another word: its parts speak for it,
      // unless it is a title's compound misspelt as a whole (useTransiton).
      if (!t.part && terms[i + 1]?.part) {
        const written = this.writtenFix(surface);
        if (written) {
          fixes.push({ start: t.start, end: t.end, word: written.word });
          corrected.set(written.term, this.options.fuzzyPenalty ** written.distance);
        }
        continue;
      }
      if (stem(surface) !== t.text) continue; // a part of a_b_c: leave it
      const best = this.fuzzy.lookup(t.text)[0];
      // A misspelt filler word ("waht", "expalin") is filler, not an unknown subject.
      const stop = this.stopFuzzy.lookup(surface)[0];
      if (stop && (!best || stop.distance <= best.distance)) {
        fixes.push({ start: t.start, end: t.end, word: stop.word });
        continue;
      }
      if (!best) {
        const written = this.writtenFix(surface);
        if (written) {
          fixes.push({ start: t.start, end: t.end, word: written.word });
          corrected.set(written.term, this.options.fuzzyPenalty ** written.distance);
        }
        continue;
      }
      fixes.push({ start: t.start, end: t.end, word: best.word });
      corrected.set(best.word, this.options.fuzzyPenalty ** best.distance);
    }
    for (const fix of this.homophoneFixes(norm, terms)) {
      fixes.push(fix);
      // A near-homophone (a fuzzy sound) is one typo further than a homophone.
      corrected.set(fix.word, this.options.fuzzyPenalty ** (fix.fuzzy ? 2 : 1));
    }
    if (fixes.length > 0) {
      fixes.sort((a, b) => a.start - b.start);
      for (const f of fixes.reverse()) {
        norm = norm.slice(0, f.start) + f.word + norm.slice(f.end);
        cased = cased.slice(0, f.start) + f.word + cased.slice(f.end);
      }
      terms = this.analyzer.terms(norm, cased, guessed);
    }
    const hits = this.glossary.find(norm, terms);
    // What the question compares its subject with ("… better than a push CDN", "… instead of globally"):
    // from a reference marker to the end of its clause, words weigh `referenceFactor`.
    const references: { start: number; end: number }[] = [];
    if (this.referenceMarker && this.options.referenceFactor !== 1) {
      for (const m of norm.matchAll(this.referenceMarker)) {
        const from = m.index + m[0].length;
        const stop = norm.slice(from).search(/[,.;:?!，。；：？！、\n]/u);
        references.push({ start: from, end: stop < 0 ? norm.length : from + stop });
      }
    }
    const scaleAt = (t: Term) => (references.some(r => t.start >= r.start && t.end <= r.end) ? this.options.referenceFactor : 1);
    const units: QueryUnit[] = [];
    const seen = new Set<string>();
    const nested = this.options.nestedFactor;
    // Glossary phrases the question spells in two or more words (phantom read), as opposed to a word and
    // its synonym said twice (tuple … 元组).
    const phrases = new Set<string>();
    for (const h of hits) {
      if (h.nested) continue;
      let words = 0;
      for (const t of terms) if (!t.stop && !t.part && t.start >= h.start && t.end <= h.end) words++;
      if (words >= 2) phrases.add(h.concept);
    }
    const addConcepts = (alts: Map<string, number>, start: number, end: number, whole = false) => {
      for (const h of hits) {
        if (!(h.start < end && start < h.end)) continue;
        // A joined word (sync.Pool) is read as a glossary phrase only if the phrase covers all of it.
        if (whole && !(h.start <= start && h.end >= end)) continue;
        const f = h.nested ? nested : 1;
        if ((alts.get(h.concept) ?? 0) < f) alts.set(h.concept, f);
      }
    };
    // Known through a word or a whole glossary phrase, not only through a reading nested inside it
    // (进程间通信 is not known because 进程 is).
    const whole = (factor: number) => factor > nested;
    const knownAny = (alts: Map<string, number>) => {
      for (const [term, factor] of alts) if (whole(factor) && this.postings.has(term)) return true;
      return false;
    };
    // In a short question every word is what it is about ("best pizza in town"); filler comes with
    // longer chat messages, so everyday words are discounted only from `chatMinWords` content words on.
    let contentWords = 0;
    for (const t of terms) if (!t.stop && !t.part) contentWords++;
    // In a Chinese question an English word is a term ("Go 的垃圾回收"), never everyday filler.
    const chinese = terms.some(t => t.script === 'cjk');
    const discount = contentWords >= this.options.chatMinWords ? this.options.commonFactor : 0;
    const discountOf = (surface: string) => (chinese && !/\p{Script=Han}/u.test(surface) ? 0 : discount);
    /** Known index terms of each unit so far: a question word whose known terms another already stands for is the same unit. */
    const knownTerms: Set<string>[] = [];
    const unit = (text: string, intentWord: boolean, alternatives: Map<string, number>, scale = 1, surface = text): void => {
      if (seen.has(text)) return;
      seen.add(text);
      const alts = [...alternatives].map(([term, factor]) => ({ term, factor }));
      let best = -1;
      const knownHere = new Set<string>();
      for (const a of alts) {
        const idf = this.idf(a.term);
        if (idf === undefined) continue;
        if (whole(a.factor)) knownHere.add(a.term);
        if (idf * a.factor > best) best = idf * a.factor;
      }
      // A word the notes use only in the other language ("phases" in Chinese notes that say 阶段, 嵌套
      // in English ones that say "nested"): its translations the notes use stand for it, at a discount.
      if (best < 0 && !intentWord && this.translations && this.options.translationFactor > 0) {
        for (const term of this.translated(surface)) {
          const idf = this.idf(term);
          if (idf === undefined || alts.some(a => a.term === term)) continue;
          alts.push({ term, factor: this.options.translationFactor });
          if (idf * this.options.translationFactor > best) best = idf * this.options.translationFactor;
        }
      }
      const known = best >= 0;
      const intent = intentWord || alts.some(a => a.factor === 1 && this.intentConcepts.has(a.term));
      // An intent word no note uses tells nothing apart: it is left out, not counted against. So is
      // a lone Latin letter no note uses (chat's "q", "u", "y"): an abbreviation, never a subject.
      if (!known && (intent || /^[a-z]$/.test(surface))) return;
      // A word no note uses counts against every entry, an everyday one (wondering, 懵) less than a technical one.
      const unknown = () => this.options.unknownWeight * this.maxIdf * (1 - discountOf(surface) * (this.commonness?.of(surface) ?? 0));
      const weight = (known ? best : unknown()) * scale * (intent ? this.options.intentWeight : 1);
      // Two words of the question that stand for the same index term (分区表 and 分区, both "partition") are one unit.
      const same = known ? knownTerms.findIndex(k => [...knownHere].some(t => k.has(t))) : -1;
      if (same >= 0) {
        const prev = units[same]!;
        // The one unit is what the words share (phantom read: the phrase) and the rarer word (phantom);
        // the commoner word alone names only part of it, so "How to read an EXPLAIN plan" does not cover
        // "phantom read", while a note on "cloud" still covers "cloud computing".
        const shared = knownTerms[same]!;
        const phrase = [...knownHere].some(t => shared.has(t) && phrases.has(t));
        // Which word is rarer is read from its own terms, not from the phrase both stand for.
        const own = (list: readonly { term: string; factor: number }[]) => {
          let top = 0;
          for (const a of list) if (!(shared.has(a.term) && knownHere.has(a.term))) top = Math.max(top, (this.idf(a.term) ?? 0) * a.factor);
          return top;
        };
        const newLeads = own(alts) > own(prev.alternatives);
        const keep = (term: string, lead: boolean, factor: number) => (!phrase || lead || (shared.has(term) && knownHere.has(term)) ? factor : factor * PART_FACTOR);
        const merged = new Map(prev.alternatives.map(a => [a.term, keep(a.term, !newLeads, a.factor)] as const));
        for (const a of alts) {
          const factor = keep(a.term, newLeads, a.factor);
          if ((merged.get(a.term) ?? 0) < factor) merged.set(a.term, factor);
        }
        units[same] = { ...prev, alternatives: [...merged].map(([term, factor]) => ({ term, factor })), weight: Math.max(prev.weight, weight) };
        for (const t of knownHere) knownTerms[same]!.add(t);
        return;
      }
      const generic = alts.some(a => a.factor === 1 && this.isGeneric(a.term));
      units.push({ text, alternatives: alts, weight, known, intent, generic });
      knownTerms.push(knownHere);
    };
    const alternativesOf = (t: Term) => {
      const alts = new Map<string, number>([[t.text, 1]]);
      addConcepts(alts, t.start, t.end, t.joined === true);
      const factor = corrected.get(t.text);
      if (factor !== undefined) for (const [term, f] of alts) alts.set(term, f * factor);
      return alts;
    };
    const unknownWeightOf = (t: Term) => (t.script === 'cjk' && t.text.length === 1 ? this.options.unigramWeight : 1);
    // A term of two or more English words that the glossary knows and no note uses ("service worker" in
    // notes on thread pools, "virtual environment" in notes on memory) is a subject the notes do not
    // cover: an unknown unit of its own, whatever its words match one by one.
    for (const h of hits) {
      if (h.nested || !phrases.has(h.concept) || this.intentConcepts.has(h.concept) || this.postings.has(h.concept)) continue;
      const surface = norm.slice(h.start, h.end);
      if (/\p{Script=Han}/u.test(surface)) continue;
      unit(`~${surface}`, false, new Map([[h.concept, 1]]), 1, surface);
    }
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      if (t.stop || t.part) continue;
      const alts = alternativesOf(t);
      const parts: Term[] = [];
      for (let j = i + 1; j < terms.length && terms[j]!.part; j++) parts.push(terms[j]!);
      const usefulPart = (p: Term) => !p.stop && p.text.length >= 2 && this.postings.has(p.text);
      if (knownAny(alts) || parts.length === 0 || !parts.some(usefulPart)) {
        // A known compound also stands for its parts, at a part's weight ("os.name" names the os
        // module, "no-GIL" the GIL): a title that names a part is found by it.
        if (t.script === 'latin' && knownAny(alts)) {
          for (const p of parts) {
            if (!usefulPart(p) || p.intent) continue;
            for (const [term, f] of alternativesOf(p)) if ((alts.get(term) ?? 0) < f * PART_FACTOR) alts.set(term, f * PART_FACTOR);
          }
        }
        unit(t.text, t.intent === true, alts, unknownWeightOf(t) * scaleAt(t), t.script === 'latin' && !t.joined ? norm.slice(t.start, t.end) : t.text);
        continue;
      }
      // An unknown whole whose parts the notes use (BlockingQueue → blocking, queue; 垃圾回收器 → 垃圾,
      // 回收): the known parts are units, and what no known part covers stays unknown (布隆 in
      // 布隆过滤器, hyper in HyperLogLog), so a question about something else is not read as its parts.
      if (t.script === 'cjk') {
        const covered = new Uint8Array(t.text.length);
        for (const p of parts) {
          if (!this.postings.has(p.text)) continue;
          unit(p.text, false, alternativesOf(p), scaleAt(p));
          for (let k = p.start - t.start; k < p.end - t.start; k++) covered[k] = 1;
        }
        // What no known part covers is an unknown word of its own (布隆 in 布隆过滤器): a lone character counts half.
        let rest = '';
        for (let k = 0; k < covered.length; k++) if (!covered[k]) rest += t.text[k];
        if (rest) unit(t.text, false, new Map([[t.text, 1]]), Math.min(1, rest.length / 2) * scaleAt(t), rest);
        continue;
      }
      for (const p of parts) {
        if (p.stop) continue;
        // A letter of a joined word no note uses (the f of f-strings) is what sets the word apart from
        // its other pieces: an unknown unit of the whole word, not dropped as chat's "q" or "u" is.
        if (p.text.length < 2) {
          if (/^[a-z]$/.test(p.text)) unit(t.text, false, new Map([[t.text, 1]]), this.options.unigramWeight * scaleAt(t), norm.slice(t.start, t.end));
          continue;
        }
        unit(p.text, p.intent === true, alternativesOf(p), scaleAt(p));
      }
    }
    // What a question asks about its subject may be said in stop words alone ("what is it used for",
    // "how does it work"): a glossary phrase of an intent concept made of them is a unit too.
    for (const h of hits) {
      if (h.nested || !this.intentConcepts.has(h.concept)) continue;
      if (units.some(u => u.alternatives.some(a => a.term === h.concept))) continue;
      if (!terms.every(t => t.end <= h.start || t.start >= h.end || t.stop)) continue;
      unit(h.concept, true, new Map([[h.concept, 1]]));
    }
    return units;
  }

  /** Chinese words of the question the notes do not use, read as a homophone of one they do (线城 → 线程). */
  /** A title's or alias's word as written that `surface` misspells, with the index term it stands for. */
  private writtenFix(surface: string): { word: string; term: string; distance: number } | undefined {
    for (const candidate of this.surfaceFuzzy.lookup(surface)) {
      const term = this.analyzer.terms(candidate.word).find(t => !t.part && !t.stop);
      if (term && this.postings.has(term.text)) return { word: candidate.word, term: term.text, distance: candidate.distance };
    }
    return undefined;
  }

  /**
   * Whether a Chinese stop word of two or three characters ends (side -1) or starts (side +1) at `at`
   * in the text (还是 before 先删): a window would cut it. A lone character (用 of 掉用) may be half of
   * the typo.
   */
  private stopWordBeside(text: string, at: number, side: -1 | 1): boolean {
    for (let k = 2; k <= 3; k++) {
      const from = side < 0 ? at - k : at;
      if (from >= 0 && from + k <= text.length && this.stopZh.has(text.slice(from, from + k))) return true;
    }
    return false;
  }

  private homophoneFixes(norm: string, terms: readonly Term[]): HomophoneFix[] {
    const fixes: HomophoneFix[] = [];
    // Spans of consecutive Chinese words the index does not know (single characters included).
    const cjk = terms.filter(t => t.script === 'cjk' && !t.part);
    let i = 0;
    while (i < cjk.length) {
      if (this.postings.has(cjk[i]!.text) && cjk[i]!.text.length > 1) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < cjk.length && cjk[j + 1]!.start === cjk[j]!.end && !(this.postings.has(cjk[j + 1]!.text) && cjk[j + 1]!.text.length > 1)) j++;
      // Neighbouring known words can hold half of the typo (线城池: 线 + 城池; 存储过成: 存储 + 过成):
      // widen by the neighbouring word each side (up to two characters), or by one character.
      const before = cjk[i - 1];
      const after = cjk[j + 1];
      // Not into a stop word (还是先删: 是先 is no typo of 实现).
      const s0 = cjk[i]!.start;
      const e0 = cjk[j]!.end;
      const start = before && before.end === s0 ? Math.max(before.start, s0 - 2) : this.stopWordBeside(norm, s0, -1) ? s0 : Math.max(s0 - 1, 0);
      const end = after && after.start === e0 ? Math.min(after.end, e0 + 2) : this.stopWordBeside(norm, e0, 1) ? e0 : Math.min(e0 + 1, norm.length);
      fixes.push(...this.homophones.correct(norm, start, end, w => this.postings.has(w)));
      i = j + 1;
    }
    return fixes;
  }

  private ensureScratch(): Scratch {
    if (!this.scratch) {
      const n = this.n;
      this.scratch = {
        bm25: new Float64Array(n),
        covered: new Float64Array(n),
        titled: new Float64Array(n),
        subject: new Float64Array(n),
        units: new Uint16Array(n),
        seen: new Uint32Array(n),
        unitSeen: new Uint32Array(n),
        bestContribution: new Float64Array(n),
        bestFactor: new Float64Array(n),
        bestTitle: new Float64Array(n),
        stamp: 0,
      };
    }
    return this.scratch;
  }

  /**
   * Scores every entry that shares at least one term with the question, calling `visit` for each
   * (scores are computed into reused typed arrays: nothing per entry is allocated unless visited).
   */
  score(units: readonly QueryUnit[], visit: (score: DocScore) => void): void {
    let total = 0;
    let subjectTotal = 0;
    for (const u of units) {
      total += u.weight;
      if (!u.intent) subjectTotal += u.weight;
    }
    if (total === 0) return;
    const s = this.ensureScratch();
    if (s.stamp > 0xfffff000) {
      s.seen.fill(0);
      s.unitSeen.fill(0);
      s.stamp = 0;
    }
    const queryStamp = ++s.stamp;
    const touched: number[] = [];
    const queryTerms = new Set<string>();
    const k1 = this.options.k1;
    const unitDocs: number[] = [];
    // Words of the field and intent words (python in Python notes, 区别) are in most entries: when the
    // question has a subject word the notes know, they only add to the entries it found, rather than
    // bringing in every entry of the field (what makes a question's cost follow its subject, not its filler).
    // A field word in a title still brings its entry in: "os module common functions" is about the
    // entry titled "os module", whose words are all words of the field.
    const leads = (u: QueryUnit) => !u.intent && !u.generic;
    const ordered = [...units.filter(leads), ...units.filter(u => !leads(u))];
    const pruned = units.some(u => leads(u) && u.known);
    for (const unit of ordered) {
      const unitStamp = ++s.stamp;
      unitDocs.length = 0;
      const onlySeen = pruned && !leads(unit);
      const titlesToo = onlySeen && !unit.intent;
      for (const { term, factor } of unit.alternatives) {
        queryTerms.add(term);
        const list = this.postings.get(term);
        if (!list) continue;
        const idf = this.idfOf(list.docs.length) * factor;
        const { docs, tf, titleness } = list;
        for (let k = 0; k < docs.length; k++) {
          const doc = docs[k]!;
          if (onlySeen && s.seen[doc] !== queryStamp && !(titlesToo && titleness[k]! > 0)) continue;
          const f = tf[k]!;
          const contribution = (idf * f * (k1 + 1)) / (f + k1);
          const titleFactor = factor * titleness[k]!;
          if (s.unitSeen[doc] !== unitStamp) {
            s.unitSeen[doc] = unitStamp;
            s.bestContribution[doc] = contribution;
            s.bestFactor[doc] = factor;
            s.bestTitle[doc] = titleFactor;
            unitDocs.push(doc);
          } else {
            if (contribution > s.bestContribution[doc]!) s.bestContribution[doc] = contribution;
            if (factor > s.bestFactor[doc]!) s.bestFactor[doc] = factor;
            if (titleFactor > s.bestTitle[doc]!) s.bestTitle[doc] = titleFactor;
          }
        }
      }
      const significant = !unit.intent && !unit.generic && unit.weight >= this.options.significantUnitShare * total;
      for (const doc of unitDocs) {
        if (s.seen[doc] !== queryStamp) {
          s.seen[doc] = queryStamp;
          s.bm25[doc] = 0;
          s.covered[doc] = 0;
          s.titled[doc] = 0;
          s.subject[doc] = 0;
          s.units[doc] = 0;
          touched.push(doc);
        }
        s.bm25[doc] += s.bestContribution[doc]!;
        s.covered[doc] += unit.weight * s.bestFactor[doc]!;
        s.titled[doc] += unit.weight * s.bestTitle[doc]!;
        if (!unit.intent) s.subject[doc] += unit.weight * s.bestFactor[doc]!;
        if (significant) s.units[doc]++;
      }
    }
    const intentWeight = this.options.intentWeight;
    for (const doc of touched) {
      let named = 0;
      let titleTotal = 0;
      let namesSpecific = false;
      for (let i = this.titleStart[doc]!, end = this.titleStart[doc + 1]!; i < end; i++) {
        const w = this.titleIntent[i] ? this.titleIdf[i]! * intentWeight : this.titleIdf[i]!;
        titleTotal += w;
        if (!queryTerms.has(this.titleTerm[i]!)) continue;
        named += w;
        if (!this.titleIntent[i] && !this.isGenericDf(this.titleDf[i]!)) namesSpecific = true;
      }
      visit({
        doc,
        bm25: s.bm25[doc]!,
        coverage: Math.min(1, s.covered[doc]! / total),
        titleCoverage: Math.min(1, s.titled[doc]! / total),
        reverseTitleCoverage: titleTotal > 0 ? Math.min(1, named / titleTotal) : 0,
        matchedUnits: s.units[doc]!,
        namesSpecific,
        subjectCoverage: subjectTotal > 0 ? Math.min(1, s.subject[doc]! / subjectTotal) : 0,
      });
    }
  }
}

/** `text` cut at blank lines into pieces of about `size` characters (a piece longer than that has no blank line). */
function* pieces(text: string, size: number): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = start + size;
    if (end >= text.length) end = text.length;
    else {
      const blank = text.indexOf('\n\n', end);
      end = blank < 0 ? text.length : blank;
    }
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * The text an entry is found by besides its title: its own text; for a heading whose own text is
 * (almost) empty and whose answer sits in a few sub-headings (`### X vs Y` then `#### X`, `#### Y`),
 * its whole section, since that section is its answer; a chapter, only its own text (its sections
 * answer for themselves).
 */
function indexedBody(entry: Entry, chapter: boolean): string {
  const full = Object.values(entry.body).join('\n');
  if (entry.ownText === undefined) return full;
  if (chapter || entry.ownText.trim().length >= 40) return entry.ownText;
  return full;
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

