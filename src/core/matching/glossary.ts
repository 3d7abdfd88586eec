import { normalize, type Analyzer, type Term } from './analyzer.ts';

/** A glossary phrase found in a text: the concept it names and the characters it spans. */
export interface ConceptHit {
  readonly concept: string;
  readonly start: number;
  readonly end: number;
  /** Inside a longer glossary phrase (连接 in 左连接): a weaker, more general reading. */
  readonly nested: boolean;
}

/** The Chinese terms of glossary groups (normalised), which the analyzer keeps whole. */
export function hanTerms(groups: readonly (readonly string[])[]): Set<string> {
  const out = new Set<string>();
  for (const group of groups)
    for (const word of group) {
      const norm = normalize(word).replace(/\s+/g, '');
      if (/^\p{Script=Han}+$/u.test(norm) && norm.length >= 2) out.add(norm);
    }
  return out;
}

/**
 * Links words across languages: each group of the built-in glossary (and the knowledge base's own
 * glossary.yaml) is one concept; a text that names it in any language gets the concept's token,
 * so "decorator" finds a note that only says 装饰器.
 */
export class Glossary {
  /** Stemmed Latin phrase ("garbage collect") → concept tokens. */
  private readonly latin = new Map<string, string[]>();
  /** Chinese term → concept tokens. */
  private readonly han = new Map<string, string[]>();
  /** Chinese terms as a character trie: one walk per position finds every term starting there. */
  private readonly hanTrie: TrieNode = { next: new Map() };
  /** Latin phrases as a word trie. */
  private readonly latinTrie: TrieNode = { next: new Map() };
  /** First characters of the mixed terms that start with a Latin letter or digit (cpu密集型). */
  private readonly mixedStarts = new Set<string>();
  /** The first characters of the Chinese and mixed terms, by UTF-16 code: most characters of a text start none. */
  private readonly firstCodes = new Uint8Array(65536);
  /** Every (stemmed) word of every Latin phrase. */
  private readonly phraseWords = new Set<string>();

  constructor(groups: readonly (readonly string[])[], analyzer: Analyzer) {
    const add = (map: Map<string, string[]>, key: string, concept: string) => {
      const list = map.get(key);
      if (!list) map.set(key, [concept]);
      else if (!list.includes(concept)) list.push(concept);
    };
    groups.forEach((group, index) => {
      const concept = `~${index}`;
      for (const word of group) {
        const norm = normalize(word).trim();
        if (!norm) continue;
        if (/\p{Script=Han}/u.test(norm)) {
          // Chinese, or Chinese mixed with Latin (虚拟dom, cpu密集型): matched character by character,
          // spaces ignored, so "虚拟 DOM" and "CPU 密集型" find them too.
          const han = norm.replace(/\s+/g, '');
          if (han.length >= 2) add(this.han, han, concept);
          continue;
        }
        const words = analyzer.terms(norm).map(t => t.text);
        if (words.length === 0) continue;
        add(this.latin, words.join(' '), concept);
      }
    });
    for (const [term, concepts] of this.han) {
      insert(this.hanTrie, [...term], concepts);
      this.firstCodes[term.charCodeAt(0)] = 1;
      if (isWordChar(term[0]!)) this.mixedStarts.add(term[0]!);
    }
    for (const [phrase, concepts] of this.latin) {
      const words = phrase.split(' ');
      insert(this.latinTrie, words, concepts);
      for (const w of words) this.phraseWords.add(w);
    }
  }

  /** True if the (stemmed) word is part of a glossary phrase: a real word, never a typo to correct ("collection" in "garbage collection"). */
  knowsWord(word: string): boolean {
    return this.phraseWords.has(word);
  }

  /** Single Latin words the glossary knows (for typo correction). */
  latinWords(): string[] {
    return [...this.latin.keys()].filter(k => !k.includes(' '));
  }

  /** Concepts of one Latin word (already stemmed). */
  conceptsOfWord(word: string): readonly string[] {
    return this.latin.get(word) ?? [];
  }

  /**
   * Every glossary phrase in a normalised text, given its terms (stop words included). The
   * longest phrase at a position wins (左连接 "left join" over 连接 "connection"; "garbage
   * collection" over "collection"); phrases inside it are reported too, flagged `nested`.
   */
  find(normalized: string, terms: readonly Term[]): ConceptHit[] {
    const hits: ConceptHit[] = [];
    const latin = terms.filter(t => t.script === 'latin' && !t.joined && (!t.part || t.piece));
    let coveredUntil = -1;
    for (let i = 0; i < latin.length; i++) {
      const found: { n: number; concepts: readonly string[] }[] = [];
      let node: TrieNode | undefined = this.latinTrie;
      for (let n = 0; i + n < latin.length; n++) {
        node = node.next.get(latin[i + n]!.text);
        if (!node) break;
        if (node.concepts) found.push({ n, concepts: node.concepts });
      }
      const longest = found.at(-1);
      for (const f of found) {
        const end = latin[i + f.n]!.end;
        const nested = f !== longest || end <= coveredUntil;
        for (const concept of f.concepts) hits.push({ concept, start: latin[i]!.start, end, nested });
      }
      if (longest) coveredUntil = Math.max(coveredUntil, latin[i + longest.n]!.end);
    }
    // Every Chinese or mixed term has a Chinese character: a text without one has none of them.
    if (!terms.some(t => t.script === 'cjk')) return hits;
    let hanCoveredUntil = -1;
    for (let i = 0; i < normalized.length; i++) {
      const code = normalized.charCodeAt(i);
      if (this.firstCodes[code] === 0) continue;
      // Chinese terms start at a CJK character, mixed ones (cpu密集型) also at the start of a Latin word.
      if (code < 0x2e80) {
        if (!isWordCode(code) || (i > 0 && isWordCode(normalized.charCodeAt(i - 1)))) continue;
        if (!this.mixedStarts.has(normalized[i]!)) continue;
      }
      let node = this.hanTrie.next.get(normalized[i]!);
      if (!node) continue;
      const found: { end: number; concepts: readonly string[] }[] = [];
      for (let j = i + 1; node; j++) {
        // A term ending in a Latin letter must end with its word (虚拟dom is not in 虚拟domain).
        if (node.concepts && !(isWordChar(normalized[j - 1]!) && j < normalized.length && isWordChar(normalized[j]!))) found.push({ end: j, concepts: node.concepts });
        while (j < normalized.length && normalized[j] === ' ') j++; // spaces inside a term do not count
        // Nor does a 的 written between its words (进程间的通信 is 进程间通信, 索引的原理 索引原理).
        if (normalized[j] === '的' && !node.next.has('的') && j + 1 < normalized.length) j++;
        if (j >= normalized.length) break;
        node = node.next.get(normalized[j]!);
      }
      const longest = found.at(-1);
      for (const f of found) {
        const inside = f.end <= hanCoveredUntil;
        // A term inside a longer one is a reading of it only as its head or its tail (连接 in 左连接,
        // 垃圾回收 in 垃圾回收器), never from its middle (子类 is not in 鸭子类型).
        if (inside && f.end !== hanCoveredUntil) continue;
        const nested = f !== longest || inside;
        for (const concept of f.concepts) hits.push({ concept, start: i, end: f.end, nested });
      }
      if (longest && longest.end > hanCoveredUntil) hanCoveredUntil = longest.end;
    }
    return hits;
  }
}

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  concepts?: readonly string[];
}

function insert(root: TrieNode, keys: readonly string[], concepts: readonly string[]): void {
  let node = root;
  for (const key of keys) {
    let child = node.next.get(key);
    if (!child) {
      child = { next: new Map() };
      node.next.set(key, child);
    }
    node = child;
  }
  node.concepts = concepts;
}

/** A Latin letter or digit (a character of an English word or number, after normalisation). */
function isWordChar(char: string): boolean {
  return isWordCode(char.charCodeAt(0));
}

function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}
