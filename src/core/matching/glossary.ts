import { normalize, type Analyzer, type Term } from './analyzer.ts';

/** A glossary phrase found in a text: the concept it names and the characters it spans. */
export interface ConceptHit {
  readonly concept: string;
  readonly start: number;
  readonly end: number;
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
  private readonly hanLengths: number[];
  private readonly hanFirstChars = new Set<string>();
  private readonly maxLatinWords: number;

  constructor(groups: readonly (readonly string[])[], analyzer: Analyzer) {
    let maxWords = 1;
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
        if (/\p{Script=Han}/u.test(norm) && !/[a-z0-9]/.test(norm)) {
          const han = norm.replace(/\s+/g, '');
          if (han.length >= 2) add(this.han, han, concept);
          continue;
        }
        const words = analyzer.terms(norm).map(t => t.text);
        if (words.length === 0) continue;
        maxWords = Math.max(maxWords, words.length);
        add(this.latin, words.join(' '), concept);
      }
    });
    this.maxLatinWords = Math.min(maxWords, 5);
    this.hanLengths = [...new Set([...this.han.keys()].map(k => k.length))].sort((a, b) => b - a);
    for (const k of this.han.keys()) this.hanFirstChars.add(k[0]!);
  }

  /** Single Latin words the glossary knows (for typo correction). */
  latinWords(): string[] {
    return [...this.latin.keys()].filter(k => !k.includes(' '));
  }

  /** Concepts of one Latin word (already stemmed). */
  conceptsOfWord(word: string): readonly string[] {
    return this.latin.get(word) ?? [];
  }

  /** Every glossary phrase in a normalised text, given its terms (stop words included). */
  find(normalized: string, terms: readonly Term[]): ConceptHit[] {
    const hits: ConceptHit[] = [];
    // Latin phrases: runs of up to maxLatinWords consecutive Latin terms.
    const latin = terms.filter(t => t.script === 'latin');
    for (let i = 0; i < latin.length; i++) {
      let key = '';
      for (let n = 0; n < this.maxLatinWords && i + n < latin.length; n++) {
        key = n === 0 ? latin[i]!.text : `${key} ${latin[i + n]!.text}`;
        const concepts = this.latin.get(key);
        if (concepts) for (const concept of concepts) hits.push({ concept, start: latin[i]!.start, end: latin[i + n]!.end });
      }
    }
    // Chinese terms: substrings, longest first at each position (segmentation does not matter).
    for (let i = 0; i < normalized.length; i++) {
      if (!this.hanFirstChars.has(normalized[i]!)) continue;
      for (const len of this.hanLengths) {
        const concepts = this.han.get(normalized.slice(i, i + len));
        if (concepts) for (const concept of concepts) hits.push({ concept, start: i, end: i + len });
      }
    }
    return hits;
  }
}
