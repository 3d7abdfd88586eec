import type { Entry } from './entry.ts';

/**
 * Topics: what `/quiz <topic>`, `/daily set … <topic>` and `/topics` work with. The one place
 * that decides an entry's topics:
 * - an entry with front-matter tags (a rich note, or a plain note whose front matter gives tags)
 *   has its tags as topics, as before;
 * - any other entry has topics derived from where it lives: each folder name on its path, its
 *   file name, and its file's H1 title when the file has exactly one H1 (a document title; a file
 *   that uses H1 for every question has no title topic).
 * Names become short slugs ("System Design" → system-design, "01-docker.md" → docker); generic
 * names (README, index, docs, notes…) and names longer than {@link TOPIC_RULES.maxLength} are no topics.
 */
export const TOPIC_RULES = Object.freeze({
  /** A derived topic longer than this (characters) is dropped: it is a sentence, not a topic. */
  maxLength: 24,
  /** An H1 title of more than this many words is not a topic. */
  maxTitleWords: 3,
  /** File and folder names that say nothing about the subject. */
  generic: Object.freeze(
    new Set([
      'readme', 'index', 'docs', 'doc', 'notes', 'note', 'src', 'content', 'contents', 'md', 'markdown', 'misc',
      'other', 'others', 'images', 'img', 'assets', 'summary', 'introduction', 'intro', 'toc', 'draft', 'drafts',
      '目录', '笔记', '文档', '其他', '总结', '汇总', '面试题', '面试', '简介', '介绍',
    ]),
  ) as ReadonlySet<string>,
});

/** The topics of an entry (its tags when it has any, else the derived ones). */
export function entryTopics(entry: Entry): readonly string[] {
  return entry.tags.length > 0 ? entry.tags : (entry.topics ?? []);
}

/** A topic name as typed or as found in a path: lower case, dashes for spaces, no numbering prefix. */
export function topicSlug(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\.(md|markdown)$/i, '')
    .replace(/^\d+(?:\.\d+)*[\s._、-]*(?=\S)/u, '')
    .replace(/[\s_]+/g, '-')
    .replace(/[^\p{L}\p{N}+#.-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

function usable(slug: string): boolean {
  return slug !== '' && [...slug].length <= TOPIC_RULES.maxLength && !TOPIC_RULES.generic.has(slug) && /\p{L}/u.test(slug);
}

/**
 * Sets `topics` on the entries that have no tags (returns new objects for those; the others as they
 * are). Linear in the number of entries; entries of one file are expected together, in file order.
 */
export function withDerivedTopics(entries: readonly Entry[]): Entry[] {
  const h1ByFile = new Map<string, string[]>();
  for (const e of entries) {
    if (e.source.level !== 1) continue;
    const list = h1ByFile.get(e.source.file) ?? [];
    list.push(typeof e.title === 'string' ? e.title : (e.title.en ?? e.title.zh ?? ''));
    h1ByFile.set(e.source.file, list);
  }
  const cache = new Map<string, readonly string[]>();
  const topicsOf = (file: string): readonly string[] => {
    const known = cache.get(file);
    if (known) return known;
    const parts = file.split('/');
    const names = [...parts.slice(0, -1), parts.at(-1)!];
    const h1 = h1ByFile.get(file);
    if (h1?.length === 1 && h1[0]!.trim().split(/\s+/).length <= TOPIC_RULES.maxTitleWords) names.push(h1[0]!);
    const out = [...new Set(names.map(topicSlug).filter(usable))];
    cache.set(file, out);
    return out;
  };
  return entries.map(e => (e.tags.length > 0 ? e : { ...e, topics: topicsOf(e.source.file) }));
}

/** Every topic with how many entries it has, most first (ties by name). */
export function topicCounts(entries: readonly Entry[], filter: (e: Entry) => boolean = () => true): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (!filter(e)) continue;
    for (const tag of entryTopics(e)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

/** The topic a person meant (case, spacing and dashes forgiven), or undefined. */
export function findTopic(known: Iterable<string>, wanted: string): string | undefined {
  const w = wanted.trim().toLowerCase();
  const slug = topicSlug(wanted);
  for (const topic of known) if (topic.toLowerCase() === w || topic === slug) return topic;
  return undefined;
}
