/**
 * Typo tolerance for single words: a symmetric-delete index (the SymSpell idea) finds vocabulary
 * words within Damerau–Levenshtein distance 1 (2 for long words) of a misspelled query word in a
 * few map look-ups, instead of comparing against the whole vocabulary.
 * Written here because fuse.js scores whole strings by Bitap (linear in the vocabulary per query)
 * and no maintained library offers a deletion index we could feed our own vocabulary cheaply.
 */
/** Shorter words are corrected by a swap of two neighbouring letters only ("waht", "axoi" for "axio"), never by an edit: "latte" is not a typo of "last". */
const MIN_LENGTH = 5;
const MIN_SWAP_LENGTH = 4;
const MAX_LENGTH = 30;

export class FuzzyIndex {
  private readonly deletes = new Map<string, string[]>();
  private readonly words = new Set<string>();
  /** Long words by first letter, for the distance-2 scan the deletion index cannot reach. */
  private readonly longByInitial = new Map<string, string[]>();

  /** Words of four letters, reachable by a swap of neighbouring letters only. */
  private readonly short = new Set<string>();

  add(word: string): void {
    if (word.length === MIN_SWAP_LENGTH) this.short.add(word);
    if (word.length < MIN_LENGTH || this.words.has(word)) return;
    this.words.add(word);
    if (word.length >= 6) {
      const list = this.longByInitial.get(word[0]!);
      if (list) list.push(word);
      else this.longByInitial.set(word[0]!, [word]);
    }
    for (const d of deletions(word)) {
      const list = this.deletes.get(d);
      if (list) list.push(word);
      else this.deletes.set(d, [word]);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Words of the vocabulary closest to `word` (distance ≤ 1, or ≤ 2 for words of 8+ letters; words of 5+ letters only). */
  lookup(word: string): { word: string; distance: number }[] {
    if (word.length === MIN_SWAP_LENGTH) {
      const out: { word: string; distance: number }[] = [];
      for (let i = 0; i + 1 < word.length; i++) {
        const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        if (swapped !== word && this.short.has(swapped)) out.push({ word: swapped, distance: 1 });
      }
      return out.sort((a, b) => a.word.localeCompare(b.word));
    }
    // Nobody misspells a 40-letter word; generating its deletions would only cost time.
    if (word.length < MIN_LENGTH || word.length > MAX_LENGTH) return [];
    const max = word.length >= 8 ? 2 : 1;
    const candidates = new Set<string>();
    // Deletions of the question's word meet deletions stored for the vocabulary: one level on each
    // side reaches distance 2 for substitutions; a second level on the question's side reaches two
    // insertions or a substitution plus an insertion for long words.
    const keys = new Set<string>([word, ...deletions(word)]);
    if (max >= 2) for (const d of deletions(word)) for (const dd of deletions(d)) keys.add(dd);
    for (const key of keys) {
      for (const w of this.deletes.get(key) ?? []) candidates.add(w);
      if (this.words.has(key)) candidates.add(key);
    }
    // Two substitutions need deletions on both sides at two places; rather than store every
    // double deletion of the vocabulary, scan the long words sharing the first letter.
    if (max >= 2) {
      for (const w of this.longByInitial.get(word[0]!) ?? []) if (Math.abs(w.length - word.length) <= 2) candidates.add(w);
    }
    const out: { word: string; distance: number }[] = [];
    for (const c of candidates) {
      if (c === word) continue;
      const d = damerauLevenshtein(word, c, max);
      if (d <= max) out.push({ word: c, distance: d });
    }
    return out.sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Optimal-string-alignment distance, giving up (returning max + 1) once it exceeds `max`. */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let cur = new Array<number>(cols).fill(0);
  for (let i = 1; i < rows; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[cols - 1]!;
}
