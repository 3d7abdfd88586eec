/**
 * Checking a typed quiz answer against an item's accepted answers: lenient but not sloppy.
 *
 * The rules, in order:
 *
 * 1. **Normalisation** (both sides): Unicode NFKC (full-width "ＧＩＬ" becomes "GIL", "？" becomes "?"),
 *    lower case, and every punctuation mark or symbol becomes a space — except `+` and `#`, which
 *    carry meaning in names such as C++ and C#. Spaces are collapsed and trimmed.
 * 2. **Tokens**: runs of letters and digits are words; each CJK character (Han, kana, Hangul) is a token
 *    of its own, so "是GIL吧" reads as 是 · gil · 吧 and an English answer inside a Chinese reply is a
 *    whole word.
 * 3. **Whole words only**: the reply may wrap the answer in filler — "I think it's the GIL", "应该是全局
 *    解释器锁吧", "GIL?" — but every token left over must be filler ({@link FILLER_EN}, {@link FILLER_ZH}),
 *    stripped from the two ends only. So "air" is not found in "chair", and "GIL or mutex" (two guesses)
 *    does not count.
 * 4. **Spacing**: "node js", "nodejs" and "node.js" are the same answer (compared without spaces).
 * 5. **Typos**, for longer answers only, by Damerau–Levenshtein distance on the space-free forms:
 *    Latin answers of 6–10 characters allow 1 edit, 11–20 allow 2, longer 3; CJK answers, whose characters
 *    are words in themselves (浅拷贝 vs 深拷贝), allow 1 edit from 6 characters and 2 from 12. A fuzzy match
 *    must also keep the first character and the same digits, so opposites made by a prefix
 *    ("asynchronous" vs "synchronous", "不可变" vs "可变") and version numbers ("3.12" vs "3.13") are
 *    never accepted as typos.
 * 6. **Either language**: every accepted answer is tried, whatever the quiz language; the first one
 *    (the canonical answer) is what a reveal shows.
 * 7. **Qualified names**: a reply that is a name in code qualified by its namespace is the accepted name
 *    ("Vue.config.keyCodes" for `config.keyCodes`, "window.location.href" for `href`).
 *
 * Known limit (documented choice): a negation inside a Chinese reply ("不是GIL") is not filler, so it is
 * rejected; an English "not the GIL" is rejected the same way ("not" is not filler).
 */

/** The outcome of checking one reply. */
export interface AnswerCheck {
  readonly correct: boolean;
  /** The accepted answer that matched (as written in the item), if correct. */
  readonly matched?: string;
  /** True when the match needed typo tolerance (the reveal then shows the canonical answer). */
  readonly fuzzy: boolean;
}

/** Replies with more tokens than the answer plus this many are not examined (nobody types an essay). */
const MAX_EXTRA_TOKENS = 12;

/** English filler that may surround an answer. */
export const FILLER_EN: readonly string[] = Object.freeze([
  'i', 'think', 'guess', 'believe', 'its', 'it', 's', 'is', 'the', 'a', 'an', 'maybe', 'probably',
  'perhaps', 'answer', 'my', 'that', 'this', 'called', 'um', 'uh', 'hmm', 'er', 'erm', 'would', 'be',
  'should', 'must', 'im', 'm', 'pretty', 'sure', 'right', 'ok', 'okay', 'oh', 'ah', 'yes', 'final',
  'easy', 'lol', 'd', 'say', 'id',
]);

/** Chinese filler phrases (matched on the character tokens at the two ends of a reply). */
export const FILLER_ZH: readonly string[] = Object.freeze([
  '我觉得', '我认为', '我猜', '觉得', '认为', '应该是', '应该', '可能是', '可能', '大概是', '大概', '答案是',
  '答案', '就是', '是不是', '叫做', '叫', '是', '吧', '呢', '啊', '吗', '嘛', '嗯', '呀', '哦', '了', '的',
]);

const FILLER_PHRASES: readonly (readonly string[])[] = [
  ...FILLER_EN.map((w) => [w]),
  ...FILLER_ZH.map((p) => [...p]),
];

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ALL = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
/** Punctuation and symbols other than + and #. */
const PUNCTUATION = /[^\P{P}#]|[^\P{S}+]/gu;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/** A name in code: dotted parts, a trailing "()" allowed. */
const CODE_NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?$/;

/** NFKC, lower case, punctuation and symbols (but + and #) to spaces, spaces collapsed and trimmed. */
export function normalizeAnswer(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim();
}

/** The tokens of a normalised text: words, and single CJK characters. */
export function answerTokens(text: string): string[] {
  return normalizeAnswer(text).match(TOKEN) ?? [];
}

/** Checks `reply` against the accepted answers; the first match (in the item's order) wins. */
export function checkAnswer(reply: string, accepted: readonly string[]): AnswerCheck {
  const replyTokens = answerTokens(reply);
  if (replyTokens.length === 0) return { correct: false, fuzzy: false };
  // A name qualified by its namespace is the same name ("Vue.config.keyCodes" for config.keyCodes,
  // "window.location.href" for location.href).
  const typed = reply.trim().replace(/\(\)$/, '');
  if (CODE_NAME.test(typed) && typed.includes('.')) {
    const parts = typed.toLowerCase().split('.');
    for (let i = 1; i < parts.length; i++) {
      const tail = parts.slice(i).join('.');
      const match = accepted.find(a => CODE_NAME.test(a) && a.replace(/\(\)$/, '').toLowerCase() === tail);
      if (match !== undefined) return { correct: true, matched: match, fuzzy: false };
    }
  }
  const answers = accepted
    .map((original) => ({ original, tokens: answerTokens(original) }))
    .filter((a) => a.tokens.length > 0);
  // A reply longer than every answer plus the filler allowance cannot match: stop before building
  // its filler-trimmed cores (quadratic in the reply's length).
  const longest = Math.max(0, ...answers.map((a) => a.tokens.length));
  if (replyTokens.length > longest + MAX_EXTRA_TOKENS) return { correct: false, fuzzy: false };
  const cores = replyCores(replyTokens);
  // Exact matches first, so that a typo-tolerant match against one answer never hides an exact one.
  for (const answer of answers) {
    if (replyTokens.length > answer.tokens.length + MAX_EXTRA_TOKENS) continue;
    const forms = answerForms(answer.tokens);
    if (cores.some((core) => forms.includes(core))) return { correct: true, matched: answer.original, fuzzy: false };
  }
  for (const answer of answers) {
    if (replyTokens.length > answer.tokens.length + MAX_EXTRA_TOKENS) continue;
    const target = answer.tokens.join('');
    const budget = typoBudget(target);
    if (budget === 0) continue;
    for (const core of cores) {
      if (fuzzyEqual(core, target, budget)) return { correct: true, matched: answer.original, fuzzy: true };
    }
  }
  return { correct: false, fuzzy: false };
}

/**
 * The edits a typo may cost for this (space-free, normalised) answer: none for short answers,
 * scaled with length for longer ones; CJK characters count as words, so they get less.
 */
export function typoBudget(answer: string): number {
  const cjk = answer.match(CJK_ALL)?.length ?? 0;
  if (cjk > 0) return cjk >= 12 ? 2 : cjk >= 6 ? 1 : 0;
  const length = [...answer].length;
  return length <= 5 ? 0 : length <= 10 ? 1 : length <= 20 ? 2 : 3;
}

/** The answer compared without spaces, and also without a leading English article ("the GIL" ~ "GIL"). */
function answerForms(tokens: readonly string[]): string[] {
  const forms = [tokens.join('')];
  if (tokens.length > 1 && (tokens[0] === 'the' || tokens[0] === 'a' || tokens[0] === 'an')) {
    forms.push(tokens.slice(1).join(''));
  }
  return forms;
}

/**
 * Every way to read the reply once filler is taken off its two ends, as space-free strings: for
 * "i think it s the gil" that includes "ithinkitsthegil", "thegil" and "gil".
 */
function replyCores(tokens: readonly string[]): string[] {
  const n = tokens.length;
  // prefix[i]: tokens[0..i) is a sequence of filler phrases; suffix[j]: tokens[j..n) is.
  const prefix = new Array<boolean>(n + 1).fill(false);
  prefix[0] = true;
  for (let i = 0; i < n; i++) {
    if (!prefix[i]) continue;
    for (const phrase of FILLER_PHRASES) if (startsWith(tokens, i, phrase)) prefix[i + phrase.length] = true;
  }
  const suffix = new Array<boolean>(n + 1).fill(false);
  suffix[n] = true;
  for (let j = n; j > 0; j--) {
    if (!suffix[j]) continue;
    for (const phrase of FILLER_PHRASES) {
      const start = j - phrase.length;
      if (start >= 0 && startsWith(tokens, start, phrase)) suffix[start] = true;
    }
  }
  const cores = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (!prefix[i]) continue;
    for (let j = n; j > i; j--) if (suffix[j]) cores.add(tokens.slice(i, j).join(''));
  }
  return [...cores];
}

function startsWith(tokens: readonly string[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > tokens.length) return false;
  for (let k = 0; k < phrase.length; k++) if (tokens[at + k] !== phrase[k]) return false;
  return true;
}

/** A typo-level match: within `budget` edits, same first character, same digits. */
function fuzzyEqual(candidate: string, target: string, budget: number): boolean {
  const a = [...candidate];
  const b = [...target];
  if (a.length === 0 || a[0] !== b[0]) return false;
  if (Math.abs(a.length - b.length) > budget) return false;
  if (digits(candidate) !== digits(target)) return false;
  // A CJK answer matched by a Latin-only reply (or the reverse) is never a typo.
  if (CJK.test(candidate) !== CJK.test(target)) return false;
  return damerauLevenshtein(a, b, budget) <= budget;
}

function digits(text: string): string {
  return text.replace(/\D+/g, '');
}

/**
 * Optimal-string-alignment Damerau–Levenshtein distance between two code-point arrays
 * (insertions, deletions, substitutions, adjacent transpositions), stopping early once every
 * path exceeds `limit` (the result is then `limit + 1`).
 */
export function damerauLevenshtein(a: readonly string[], b: readonly string[], limit = Number.POSITIVE_INFINITY): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const row = new Array<number>(m + 1);
    row[0] = i;
    let best = row[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[m] > limit ? limit + 1 : prev[m];
}
