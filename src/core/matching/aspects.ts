/**
 * What a question asks about its subject (a definition, a reason, a way, a time, a comparison, an
 * evaluation, the internals, the kinds), and what a heading answers: a set of aspects as bits.
 * "什么是闭包" and "为什么会有闭包" name the same subject; the aspect tells them apart.
 */
export type AspectSet = number;

/** The definition aspect: what a heading naming a bare subject ("Reverse proxy", "Closures") answers. */
export const DEFINE = 'define';

export interface AspectLexicon {
  /** Aspect name → its phrases (`lexicon/aspects.txt`). */
  readonly phrases: ReadonlyMap<string, readonly string[]>;
}

/** Reads aspects from text: one compiled pattern per aspect. */
export class AspectReader {
  private readonly patterns: { readonly bit: number; readonly re: RegExp }[] = [];
  /** The bit of the definition aspect (0 when the lexicon has none). */
  readonly defineBit: number;
  /**
   * "What is the difference", "what are the advantages", "区别是什么", "原理是什么": a definition's words
   * framing another aspect ask that aspect, not a definition; taken out before the definition is read.
   */
  private readonly framing: RegExp | undefined;

  constructor(lexicon: AspectLexicon) {
    let bit = 1;
    let defineBit = 0;
    const otherLatin: string[] = [];
    const otherHan: string[] = [];
    for (const [name, phrases] of lexicon.phrases) {
      if (name !== DEFINE) {
        for (const p of phrases) (/\p{Script=Han}/u.test(p) ? otherHan : otherLatin).push(escape(p));
      }
      const latin = phrases.filter(p => !/\p{Script=Han}/u.test(p)).map(escape);
      const han = phrases.filter(p => /\p{Script=Han}/u.test(p)).map(escape);
      const parts = [...(latin.length ? [`(?<![\\p{L}\\p{N}])(?:${latin.join('|')})(?![\\p{L}\\p{N}])`] : []), ...han];
      if (parts.length === 0) continue;
      this.patterns.push({ bit, re: new RegExp(parts.join('|'), 'iu') });
      if (name === DEFINE) defineBit = bit;
      bit <<= 1;
    }
    this.defineBit = defineBit;
    const framing = [
      ...(otherLatin.length ? [`(?<![\\p{L}\\p{N}])what(?:\\s+is|\\s+are|'s)\\s+(?:the\\s+|some\\s+)?(?:main\\s+|key\\s+|different\\s+)?(?:${otherLatin.join('|')})(?![\\p{L}\\p{N}])`] : []),
      ...(otherHan.length ? [`(?:${otherHan.join('|')})(?:是什么|是啥|有哪些)`] : []),
    ];
    this.framing = framing.length ? new RegExp(framing.join('|'), 'giu') : undefined;
  }

  /** A heading with these aspects answers a question asking `asked`: they share one, or the heading names a bare subject and a definition is asked. */
  answers(asked: AspectSet, title: AspectSet): boolean {
    return (asked & title) !== 0 || (title === 0 && (asked & this.defineBit) !== 0);
  }

  /**
   * How an entry's confidence is weighed by aspect: a heading that answers the aspect the question
   * asks (see {@link answers}) is not touched; any other ("为什么会有闭包" for "什么是闭包", the bare
   * "Kubernetes Namespace" for "为什么要使用命名空间") is × (1 − mismatch). A question that asks no
   * aspect ("cache aside") leaves every heading as it is.
   */
  factor(asked: AspectSet, title: AspectSet, mismatch: number): number {
    return asked === 0 || this.answers(asked, title) ? 1 : 1 - mismatch;
  }

  read(text: string): AspectSet {
    let set = 0;
    const unframed = this.framing ? text.replace(this.framing, m => ` ${m.replace(/^what(?:\s+is|\s+are|'s)|是什么$|是啥$|有哪些$/giu, ' ')} `) : text;
    for (const { bit, re } of this.patterns) if (re.test(bit === this.defineBit ? unframed : text)) set |= bit;
    return set;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}
