import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

/** Cuts a run of Chinese characters into words. */
export interface Segmenter {
  /** Words of a run of Han characters, in order, covering it exactly. */
  cut(run: string): string[];
  /** The words of several runs in one call (one crossing into the native segmenter per text, not per run). */
  cutMany(runs: readonly string[]): string[][];
  /**
   * Words of a run from the dictionary alone (no guessing of new words): how a question's guessed word
   * that no note uses (表快 of 一张表快一千万行) is read again as the words it is made of (表, 快).
   */
  cutDictionary(run: string): string[];
  /** Words the segmenter must keep whole (glossary terms): added to its dictionary. */
  addWords(words: Iterable<string>): void;
}

/**
 * The dictionary segmenter jieba (through @node-rs/jieba, a maintained native build shipped in the
 * registry package): about a million characters a second. Its dictionary takes about 0.25 s to load,
 * so it is loaded on the first Chinese text, never for notes and questions without any.
 * HMM is on: words outside the dictionary (新词) are still found as words, not single characters.
 */
export function createJiebaSegmenter(): Segmenter {
  let jieba: Jieba | undefined;
  const added = new Set<string>();
  let pending: string[] = [];
  const load = (): Jieba => {
    jieba ??= Jieba.withDict(fs.readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')));
    if (pending.length > 0) {
      // A high frequency, so that a glossary term wins over the dictionary's own cuts (垃圾回收, 线程池).
      jieba.loadDict(Buffer.from(pending.map(w => `${w} 100000`).join('\n') + '\n'));
      pending = [];
    }
    return jieba;
  };
  return {
    cut: run => load().cut(run, true),
    cutDictionary: run => load().cut(run, false),
    cutMany: runs => {
      if (runs.length === 1) return [load().cut(runs[0]!, true)];
      // Runs joined by a line break, which the segmenter never puts inside a word, then split apart again.
      const out: string[][] = [[]];
      for (const word of load().cut(runs.join('\n'), true)) {
        if (word === '\n') out.push([]);
        else out[out.length - 1]!.push(word);
      }
      return out;
    },
    addWords: words => {
      for (const w of words) {
        if (added.has(w) || w.length < 2 || /\s/.test(w)) continue;
        added.add(w);
        pending.push(w);
      }
    },
  };
}
