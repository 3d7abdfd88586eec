import path from 'node:path';
import { PROJECT_ROOT } from '../src/config.ts';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import { pick } from '../src/core/language.ts';
import type { Random } from '../src/core/ports.ts';

/** Out-of-scope and free-form questions mixed into every load (declines and typos cost differently). */
const EXTRA = ['how do I bake bread', '如何减肥', 'qwertyuiop', 'what is the best laptop', 'decorater', 'GIL 对多线程有什么影响', 'python gc generations'];

/**
 * Questions in the styles people ask: 10 % out of scope or free-form, 30 % titles, 30 % "what is"
 * paraphrases of a title's end, 30 % titles with a typo.
 */
export function questionsFor(titles: readonly string[], random: Random, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = random.next();
    const title = titles[Math.floor(random.next() * titles.length)] ?? 'GIL';
    if (r < 0.1) out.push(EXTRA[Math.floor(random.next() * EXTRA.length)]!);
    else if (r < 0.4) out.push(title);
    else if (r < 0.7) out.push(`what is ${title.split(/\s+/).slice(-3).join(' ')}`);
    else out.push(title.replace(/[aeiou]/, 'x'));
  }
  return out;
}

export const SHIPPED_KNOWLEDGE = path.join(PROJECT_ROOT, 'knowledge');

/** Both titles (Chinese and English) of every entry of a knowledge folder. */
export function titlesOf(dir: string): string[] {
  return loadKnowledge(dir).entries.flatMap(e => [pick(e.title, 'zh'), pick(e.title, 'en')]);
}

/** A realistic mix of `n` questions about the shipped knowledge. */
export function shippedQuestions(random: Random, n: number): string[] {
  return questionsFor(titlesOf(SHIPPED_KNOWLEDGE), random, n);
}
