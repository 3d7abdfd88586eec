import path from 'node:path';
import type { QuizItem } from '../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { pick } from '../../src/core/language.ts';
import { ROOT } from './core-harness.ts';

/** A folder of plain Markdown notes (no front matter, no quiz items written by hand). */
export const PLAIN_NOTES_DIR = path.join(ROOT, 'tests/fixtures/plain-notes');

/**
 * How to answer a generated question, from the text a platform showed: the letter of the right
 * option (the options are found in the text) or an accepted answer to type.
 */
export function answerFor(shown: string): { item: QuizItem; letter?: string; typed?: string } {
  const kb = loadKnowledge(PLAIN_NOTES_DIR);
  const flat = shown.replace(/[*_`>\\]/g, '');
  for (const e of kb.entries) {
    for (const item of e.quiz) {
      if (item.type === 'choice') {
        const options = item.options.map(o => pick(o, 'en').replace(/[*_`]/g, ''));
        // Items of one file can share their four titles: the prompt tells them apart.
        const prompt = pick(item.question, 'en').split('\n').at(-1)!.replace(/[*_`>\\]/g, '').trim();
        if (!options.every(o => flat.includes(o)) || !flat.includes(prompt)) continue;
        const right = options['ABCD'.indexOf(item.answer)]!;
        const line = flat.split('\n').find(l => l.includes(right) && /[A-D]\./.test(l))!;
        return { item, letter: /([A-D])\./.exec(line)![1]! };
      }
      const sentence = pick(item.question, 'en').split('\n').at(-1)!.replace(/[*_`>\\]/g, '').trim();
      if (flat.includes(sentence)) return { item, typed: item.accept[0]! };
    }
  }
  throw new Error(`no generated item shown in:\n${shown}`);
}
