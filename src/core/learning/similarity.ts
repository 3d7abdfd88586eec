import { normaliseQuestion } from './learning-store.ts';

const HAN = /\p{Script=Han}/u;

/**
 * The features two questions are compared by: the words of Latin-script text and the pairs of
 * adjacent characters of Chinese (which has no spaces), so "什么是GIL" and "GIL是什么" share most.
 */
export function questionFeatures(text: string): Set<string> {
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
      const chars = [...part];
      if (chars.length === 1) out.add(part);
      for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
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
 * first member.
 */
export function groupBySimilarQuestion<T>(items: readonly T[], questionOf: (item: T) => string, threshold: number): T[][] {
  const groups: { members: T[]; features: Set<string>[] }[] = [];
  const byKey = new Map<string, (typeof groups)[number]>();
  for (const item of items) {
    const text = questionOf(item);
    const key = normaliseQuestion(text);
    const same = byKey.get(key);
    if (same) {
      same.members.push(item);
      continue;
    }
    const features = questionFeatures(text);
    let home = groups.find(g => g.features.some(f => featureSimilarity(f, features) >= threshold));
    if (!home) groups.push((home = { members: [], features: [] }));
    home.members.push(item);
    home.features.push(features);
    byKey.set(key, home);
  }
  return groups.map(g => g.members);
}
