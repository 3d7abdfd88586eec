/**
 * The glossary as quiz generation needs it, and nothing more: the synonyms of a term (both
 * languages) and the glossary terms found in a sentence. Built once per load from glossary groups
 * (the built-in ones and the notes' own `glossary.yaml`).
 */
export interface TermLookup {
  /** Every word of the term's glossary groups (the term itself included), or [] if it is in none. */
  synonyms(term: string): readonly string[];
  /** Glossary terms in a text, as written in the text, longest first where they overlap. */
  find(text: string): readonly string[];
}

const HAN = /\p{Script=Han}/u;

function key(term: string): string {
  return term.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, ' ').trim();
}

export function termLookup(groups: readonly (readonly string[])[]): TermLookup {
  const byTerm = new Map<string, Set<string>>();
  const latin = new Map<string, number>(); // first word → longest term length in words
  const han = new Set<string>();
  const hanLengths = new Map<string, number[]>(); // first character → term lengths (UTF-16), longest first
  for (const group of groups) {
    for (const word of group) {
      const k = key(word);
      if (k === '') continue;
      const set = byTerm.get(k) ?? new Set<string>();
      for (const other of group) set.add(other);
      byTerm.set(k, set);
      if (HAN.test(k)) {
        if (/^\p{Script=Han}+$/u.test(k) && k.length >= 2) {
          han.add(k);
          const lengths = hanLengths.get(k[0]!) ?? [];
          if (!lengths.includes(k.length)) lengths.push(k.length);
          lengths.sort((a, b) => b - a);
          hanLengths.set(k[0]!, lengths);
        }
      } else {
        const words = k.split(' ');
        latin.set(words[0]!, Math.max(latin.get(words[0]!) ?? 0, words.length));
      }
    }
  }
  return {
    synonyms(term) {
      return [...(byTerm.get(key(term)) ?? [])];
    },
    find(text) {
      const found: string[] = [];
      const lower = text.normalize('NFKC');
      // Latin: runs of 1..n words starting at each word.
      const words = [...lower.matchAll(/[A-Za-z][A-Za-z0-9+#]*/g)];
      for (let i = 0; i < words.length; i++) {
        const first = words[i]![0].toLowerCase();
        const n = latin.get(first);
        if (n === undefined) continue;
        for (let len = Math.min(n, words.length - i); len >= 1; len--) {
          const last = words[i + len - 1]!;
          const span = lower.slice(words[i]!.index!, last.index! + last[0].length);
          if (byTerm.has(key(span))) {
            found.push(span);
            i += len - 1;
            break;
          }
        }
      }
      // Han: the longest glossary term at each position (terms indexed by their first character),
      // then the longest spans first, never two overlapping: "大数据结构" is 大 + 数据结构, not 大数据 + 结构.
      const spans: { start: number; len: number }[] = [];
      for (let i = 0; i < lower.length; i++) {
        const lengths = hanLengths.get(lower[i]!);
        if (lengths === undefined) continue;
        for (const len of lengths) {
          if (i + len > lower.length) continue;
          if (han.has(lower.slice(i, i + len))) {
            spans.push({ start: i, len });
            break;
          }
        }
      }
      spans.sort((a, b) => b.len - a.len || a.start - b.start);
      const taken: { start: number; len: number }[] = [];
      for (const span of spans) {
        if (taken.some(t => span.start < t.start + t.len && t.start < span.start + span.len)) continue;
        taken.push(span);
      }
      for (const { start, len } of taken.sort((a, b) => a.start - b.start)) found.push(lower.slice(start, start + len));
      return found;
    },
  };
}
