import { STOPWORDS_EN, STOPWORDS_ZH } from '../matching/stopwords.ts';
import { normaliseQuestion } from './learning-store.ts';

const HAN = /\p{Script=Han}/u;

/**
 * The features two questions are compared by: the words of Latin-script text and the pairs of
 * adjacent characters of Chinese (which has no spaces), so "什么是GIL" and "GIL是什么" share most.
 * Stop words ("what", "is", 什么) are left out, so "what is the GIL" and "what is GC" are not alike;
 * a question of stop words only keeps them.
 */
export function questionFeatures(text: string): Set<string> {
  const all = rawFeatures(text);
  const topical = new Set([...all].filter(f => !STOPWORDS_EN.has(f) && !STOPWORDS_ZH.has(f)));
  return topical.size > 0 ? topical : all;
}

function rawFeatures(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of normaliseQuestion(text).split(' ')) {
    if (!token) continue;
    if (!HAN.test(token)) {
      out.add(token);
      continue;
    }
    // A run of Chinese (maybe with Latin words in it): Latin parts as words, Chinese as character pairs.
    const parts = token.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? [];
    for (const part of parts) {
      if (!HAN.test(part)) {
        out.add(part);
        continue;
      }
      // Chinese stop words (什么, 如何 …) cut the run: pairs across them would be noise.
      for (const piece of part.split(chineseStopwords())) {
        const chars = [...piece];
        if (chars.length === 1) out.add(piece);
        for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
      }
    }
  }
  return out;
}

let zhStopPattern: RegExp | undefined;
/** The Chinese stop words of two or more characters, longest first, as one pattern. */
function chineseStopwords(): RegExp {
  if (!zhStopPattern) {
    const words = [...STOPWORDS_ZH].filter(w => [...w].length >= 2 && HAN.test(w)).sort((a, b) => b.length - a.length);
    zhStopPattern = words.length > 0 ? new RegExp(words.map(w => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu') : /$^/u;
  }
  return zhStopPattern;
}

/** Dice's coefficient of two feature sets: 1 for the same question, 0 for nothing in common. */
export function featureSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const f of a) if (b.has(f)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** How alike two questions are, in [0, 1]. */
export function questionSimilarity(a: string, b: string): number {
  return featureSimilarity(questionFeatures(a), questionFeatures(b));
}

/**
 * Groups items by similar question, greedily in the order given: an item joins the first group
 * with a member at least `threshold` alike, else starts a group. Groups keep the order of their
 * first member. Members are found through the features they share (an inverted index), so a long
 * log is not compared pair by pair.
 */
export function groupBySimilarQuestion<T>(items: readonly T[], questionOf: (item: T) => string, threshold: number): T[][] {
  const groups: T[][] = [];
  const groupOfKey = new Map<string, number>();
  const members: { readonly group: number; readonly size: number }[] = [];
  const postings = new Map<string, number[]>();
  for (const item of items) {
    const text = questionOf(item);
    const key = normaliseQuestion(text);
    const same = groupOfKey.get(key);
    if (same !== undefined) {
      groups[same]!.push(item);
      continue;
    }
    const features = questionFeatures(text);
    const shared = new Map<number, number>();
    for (const f of features) for (const m of postings.get(f) ?? []) shared.set(m, (shared.get(m) ?? 0) + 1);
    let home = -1;
    for (const [m, n] of shared) {
      const member = members[m]!;
      if ((2 * n) / (features.size + member.size) >= threshold && (home < 0 || member.group < home)) home = member.group;
    }
    if (home < 0) home = groups.push([]) - 1;
    groups[home]!.push(item);
    groupOfKey.set(key, home);
    const index = members.push({ group: home, size: features.size }) - 1;
    for (const f of features) {
      const list = postings.get(f);
      if (list) list.push(index);
      else postings.set(f, [index]);
    }
  }
  return groups;
}
