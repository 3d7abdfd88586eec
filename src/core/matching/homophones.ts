import { pinyin } from 'pinyin-pro';

/**
 * Chinese typed with a pinyin keyboard misspells by homophone: 线城 for 线程, 多太 for 多态, 借口 for
 * 接口. This index keys the notes' Chinese words (2–4 characters) by their toneless pinyin, so a
 * question's unknown word can be read as the notes' word that sounds the same, as English typos are
 * read through edit distance. Pinyin comes from pinyin-pro, one character at a time (cached per
 * character: the notes' words are built from a few thousand characters), with each character's
 * most common reading; the map is built on the first question that needs it.
 */
export class HomophoneIndex {
  private readonly words = new Map<string, number>();
  private byKey: Map<string, string> | undefined;
  private readonly charPinyin = new Map<string, string>();

  /** A word of the notes, with how many entries use it (the more used wins a tie). */
  add(word: string, df: number): void {
    this.words.set(word, df);
    this.byKey = undefined;
  }

  private keyOf(word: string): string {
    let key = '';
    for (const ch of word) {
      let p = this.charPinyin.get(ch);
      if (p === undefined) {
        p = pinyin(ch, { toneType: 'none', type: 'array' })[0] ?? ch;
        this.charPinyin.set(ch, p);
      }
      key += (key ? ' ' : '') + p;
    }
    return key;
  }

  private map(): Map<string, string> {
    if (!this.byKey) {
      const byKey = new Map<string, string>();
      const best = new Map<string, number>();
      for (const [word, df] of this.words) {
        const key = this.keyOf(word);
        if ((best.get(key) ?? -1) < df) {
          best.set(key, df);
          byKey.set(key, word);
        }
      }
      this.byKey = byKey;
    }
    return this.byKey;
  }

  /**
   * Homophone corrections inside `text[start, end)`: the longest windows (4 down to 2 characters) of
   * Han characters that are not words of the notes but sound like one, without overlaps, and none that
   * starts inside a two-character word of the notes.
   */
  correct(text: string, start: number, end: number, known: (word: string) => boolean): { start: number; end: number; word: string }[] {
    if (this.words.size === 0) return [];
    const map = this.map();
    const fixes: { start: number; end: number; word: string }[] = [];
    let i = start;
    while (i < end) {
      let found = false;
      // A window that starts inside a word of the notes ("由线" of 自由线城, inside 自由) cuts that word: 线城 is the typo.
      const insideKnown = i > 0 && /^\p{Script=Han}{2}$/u.test(text.slice(i - 1, i + 1)) && known(text.slice(i - 1, i + 1));
      for (let len = insideKnown ? 0 : Math.min(4, end - i); len >= 2; len--) {
        const window = text.slice(i, i + len);
        if (!/^\p{Script=Han}+$/u.test(window) || known(window)) continue;
        const word = map.get(this.keyOf(window));
        if (word === undefined || word === window) continue;
        fixes.push({ start: i, end: i + len, word });
        i += len;
        found = true;
        break;
      }
      if (!found) i++;
    }
    return fixes;
  }
}
