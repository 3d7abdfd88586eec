import { pinyin } from 'pinyin-pro';

/**
 * Chinese typed with a pinyin keyboard misspells by homophone: 线城 for 线程, 多太 for 多态, 借口 for
 * 接口, and, with the fuzzy sounds pinyin keyboards offer for speakers who do not tell them apart,
 * by near-homophone: 内纯 for 内存 (ch typed for c). This index keys
 * the notes' Chinese words (2–4 characters) by their toneless pinyin, so a question's unknown word can
 * be read as the notes' word that sounds the same (or, failing that, nearly the same), as English
 * typos are read through edit distance. Pinyin comes from pinyin-pro, read a word at a time so that a
 * character with two readings is read as the word reads it (调用 is diao yong, not tiao yong); the map
 * is built on the first question that needs it.
 */
export interface HomophoneFix {
  readonly start: number;
  readonly end: number;
  readonly word: string;
  /** Only a near-homophone (a fuzzy sound): weighed as a further typo. */
  readonly fuzzy: boolean;
}

/**
 * The fuzzy sound pinyin keyboards offer most: retroflex and flat initials (zh/z, ch/c, sh/s). A key
 * with these merged. (Merging n/l and the nasal finals as well made every other unknown pair of
 * characters sound like some word of the notes: 子生 like 自身, 先删 like 向上.)
 */
export function fuzzyKey(key: string): string {
  return key
    .split(' ')
    .map(s => s.replace(/^([zcs])h/, '$1'))
    .join(' ');
}

export class HomophoneIndex {
  private readonly words = new Map<string, number>();
  private byKey: { exact: Map<string, string>; fuzzy: Map<string, string> } | undefined;

  /** A word of the notes, with how many entries use it (the more used wins a tie). */
  add(word: string, df: number): void {
    this.words.set(word, df);
    this.byKey = undefined;
  }

  private keyOf(word: string): string {
    return pinyin(word, { toneType: 'none', type: 'array' }).join(' ');
  }

  private maps(): { exact: Map<string, string>; fuzzy: Map<string, string> } {
    if (!this.byKey) {
      const exact = new Map<string, string>();
      const fuzzy = new Map<string, string>();
      const best = new Map<string, number>();
      const bestFuzzy = new Map<string, number>();
      for (const [word, df] of this.words) {
        const key = this.keyOf(word);
        if ((best.get(key) ?? -1) < df) {
          best.set(key, df);
          exact.set(key, word);
        }
        const near = fuzzyKey(key);
        if ((bestFuzzy.get(near) ?? -1) < df) {
          bestFuzzy.set(near, df);
          fuzzy.set(near, word);
        }
      }
      this.byKey = { exact, fuzzy };
    }
    return this.byKey;
  }

  /**
   * Homophone corrections inside `text[start, end)`: the longest windows (4 down to 2 characters) of
   * Han characters that are not words of the notes but sound like one (the same pinyin first, then
   * the same up to fuzzy sounds), without overlaps, and none that starts inside a two-character word
   * of the notes.
   */
  correct(text: string, start: number, end: number, known: (word: string) => boolean): HomophoneFix[] {
    if (this.words.size === 0) return [];
    const { exact, fuzzy } = this.maps();
    // Homophones first, over the whole span; near-homophones only where no homophone was found
    // (是死所: 死所 is 死锁, not 是死 "shi si" like 实时).
    const fixes = this.scan(text, start, end, known, exact, key => key, false);
    const near: HomophoneFix[] = [];
    let from = start;
    for (const f of [...fixes, { start: end, end }]) {
      if (f.start - from >= 2) near.push(...this.scan(text, from, f.start, known, fuzzy, fuzzyKey, true));
      from = f.end;
    }
    return [...fixes, ...near].sort((a, b) => a.start - b.start);
  }

  private scan(text: string, start: number, end: number, known: (word: string) => boolean, map: Map<string, string>, keyed: (key: string) => string, isFuzzy: boolean): HomophoneFix[] {
    const fixes: HomophoneFix[] = [];
    let i = start;
    while (i < end) {
      let found = false;
      // A window that starts inside a word of the notes ("由线" of 自由线城, inside 自由) cuts that word: 线城 is the typo.
      const insideKnown = i > 0 && /^\p{Script=Han}{2}$/u.test(text.slice(i - 1, i + 1)) && known(text.slice(i - 1, i + 1));
      for (let len = insideKnown ? 0 : Math.min(4, end - i); len >= 2; len--) {
        const window = text.slice(i, i + len);
        if (!/^\p{Script=Han}+$/u.test(window) || known(window)) continue;
        const word = map.get(keyed(this.keyOf(window)));
        if (word === undefined || word === window) continue;
        fixes.push({ start: i, end: i + len, word, fuzzy: isFuzzy });
        i += len;
        found = true;
        break;
      }
      if (!found) i++;
    }
    return fixes;
  }
}
