/**
 * Every number the matcher decides with, in one documented, frozen object. The thresholds were
 * calibrated with `scripts/calibrate-matcher.ts` on labelled questions (in-scope, paraphrased,
 * misspelled, cross-language and out-of-scope) against two knowledge bases; see the README.
 */
export interface MatchOptions {
  /** BM25 saturation. */
  readonly k1: number;
  /** BM25 length normalisation of the body field. */
  readonly bBody: number;
  /** Weight of a term in the title or an alias against one in the body. */
  readonly titleWeight: number;
  /** A word found only in an alias (not the title) counts this much towards title coverage. */
  readonly aliasFactor: number;
  /** Weight of a question word the notes never use, as a fraction of the highest idf. */
  readonly unknownWeight: number;
  /** A typo-corrected word counts this much of an exact one. */
  readonly fuzzyPenalty: number;
  /** A concept read from inside a longer glossary phrase (连接 in 左连接) counts this much. */
  readonly nestedFactor: number;
  /** A lone Chinese character (快, 锁), or the lone letter of a joined word no note uses (the f of f-strings), is weak evidence: its weight is multiplied by this. */
  readonly unigramWeight: number;
  /** Confidence × this when the question names no word of the entry's title (body or alias only). */
  readonly untitledFactor: number;
  /**
   * To answer from a body alone (the question names nothing of the entry's title, and its aliases
   * cover less than `significantUnitShare` of the question), the entry must match at least this many
   * of the question's significant words: one word a note mentions in passing ("JWT" in a note on
   * cookies) is a "did you mean", not an answer.
   */
  readonly bodyOnlyMinUnits: number;
  /** A question word counts towards `bodyOnlyMinUnits` only if it carries this share of the question's weight ("is" next to "pickle" does not). */
  readonly significantUnitShare: number;
  /** A chapter heading with (almost) no text of its own is rarely the answer: confidence × this. */
  readonly containerFactor: number;
  /** Confidence = coverage·wCoverage + titleCoverage·wTitle + reverseTitleCoverage·wReverse. */
  readonly wCoverage: number;
  readonly wTitle: number;
  readonly wReverse: number;
  /**
   * Among the entries a question names nothing of the title of (found by their bodies alone), the one
   * whose body is most about the question gains this much times its BM25 lead over the next one
   * (1 − second ÷ best). Coverage alone cannot tell a note about the question's words from one that uses
   * them in passing. A lone body match gains nothing, so a question the notes do not cover is not pushed
   * over the line by the one note that mentions its word. Fitted on the labelled corpora: 0.05, 0.1 and
   * 0.15 gave 81.8 / 2.1 / 94.8, 82.7 / 2.1 / 94.7 and 82.5 / 2.3 / 94.4 leave-one-corpus-out, against
   * 81.8 / 2.2 / 94.3 without.
   */
  readonly wBodyLead: number;
  /** At or above: answer, unless the runner-up is within `margin` and the best is below `sure`. */
  readonly answerAt: number;
  /**
   * Below `answerAt`, still an answer at or above this confidence when the question names the
   * entry's title and leads the runner-up by `clearWinnerLead`: there is nothing else it could mean.
   */
  readonly clearWinnerAt: number;
  readonly clearWinnerLead: number;
  /** Below `answerAt` and at or above this: "did you mean". Below: decline. */
  readonly suggestAt: number;
  readonly margin: number;
  /** To answer, the entry must also cover at least this share of the question (else "did you mean"). */
  readonly answerCoverage: number;
  readonly sure: number;
  /** At most this many suggestions. */
  readonly maxSuggestions: number;
  /** An intent word (优缺点, internals, use cases) weighs this much of a subject word of the same idf. */
  readonly intentWeight: number;
  /**
   * A word after a reference marker ("better than", "instead of", 而不是: `lexicon/reference-markers.txt`),
   * up to the end of its clause, names what the subject is compared with and weighs this much.
   */
  readonly referenceFactor: number;
  /**
   * A term used by at least this share of the entries names the field, not a subject ("python" in
   * Python notes): it never alone makes an entry "named" or a body match significant…
   */
  readonly genericShare: number;
  /** …in notes of at least this many entries (in a handful of entries every word is common). */
  readonly genericMinEntries: number;
  /**
   * Notes of more entries than this are analysed afresh on every rebuild: the analysis kept for reuse
   * (every entry's term counts, about 5.5 MB a thousand entries) would outweigh the index at 100,000
   * entries, and a rebuild runs stepwise without holding up an answer.
   */
  readonly analysisCacheMaxEntries: number;
  /** The best leads the runner-up by less than this: a coin toss, so both are offered, never answered. */
  readonly nearTie: number;
  /** A heading with at least this many sub-headings and little text of its own is a chapter. */
  readonly chapterMinChildren: number;
  /** An unknown word weighs `unknownWeight` × (1 − commonFactor × how everyday it is): chat words count less than unknown terms. */
  readonly commonFactor: number;
  /** …in questions of at least this many content words (in a shorter one every word is the subject). */
  readonly chatMinWords: number;
  /**
   * A heading that answers only aspects other than the one the question asks ("为什么会有闭包" for
   * "what is a closure"; `lexicon/aspects.txt`): confidence × (1 − aspectMismatch), when another
   * heading the question names answers the aspect asked.
   */
  readonly aspectMismatch: number;
  /**
   * A question's word the notes use only in the other language ("phases" against Chinese notes that
   * say 阶段): its dictionary translations the notes use stand for it at this factor (0 turns it off).
   */
  readonly translationFactor: number;
  /**
   * The fitted decision model: a logistic regression over `DECISION_FEATURES` (matcher.ts) giving the
   * probability that the best entry is the right answer; fitted with `scripts/calibrate-matcher.ts
   * --fit-decision` on labelled questions of every calibration corpus.
   */
  readonly decision: { readonly bias: number; readonly weights: readonly number[] };
  /** Answer when the decision model's probability is at least this (else "did you mean" or decline). */
  readonly answerProbability: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = Object.freeze({
  k1: 1.2,
  bBody: 0.75,
  titleWeight: 3,
  aliasFactor: 0.8,
  unknownWeight: 0.65,
  fuzzyPenalty: 0.85,
  nestedFactor: 0.6,
  unigramWeight: 0.5,
  containerFactor: 0.75,
  bodyOnlyMinUnits: 2,
  significantUnitShare: 0.15,
  untitledFactor: 1,
  wCoverage: 0.55,
  wTitle: 0.3,
  wReverse: 0.15,
  wBodyLead: 0.1,
  answerAt: 0.45,
  suggestAt: 0.25,
  clearWinnerAt: 0.4,
  clearWinnerLead: 0.2,
  margin: 0.04,
  answerCoverage: 0,
  sure: 0.6,
  maxSuggestions: 3,
  intentWeight: 0.4,
  referenceFactor: 0.3,
  genericShare: 0.2,
  genericMinEntries: 30,
  analysisCacheMaxEntries: 20_000,
  nearTie: 0.01,
  chapterMinChildren: 4,
  commonFactor: 0.7,
  chatMinWords: 3,
  aspectMismatch: 0.15,
  translationFactor: 0.6,
  decision: Object.freeze({ bias: -3.619, weights: Object.freeze([2.198, 1.334, 0.358, 2.676, 0.692, 0.328, 0.435, 1.262, -1.786, -0.414, 0.41, -1.27, 1.238]) }),
  answerProbability: 0.675,
});
