import type { Entry } from '../../../src/core/knowledge/entry.ts';
import type { Random } from '../../../src/core/ports.ts';
import type { ChannelRef, Poster } from '../../../src/core/services.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';

/** A reproducible Random (mulberry32). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** A small Entry built directly (no knowledge loader). */
export function entry(id: string, options: Partial<Omit<Entry, 'id'>> = {}): Entry {
  return {
    id,
    ref: id.replace(/[^A-Za-z0-9]/g, '').slice(0, 12).padEnd(12, '0'),
    title: { en: `Title of ${id}`, zh: `${id} 的标题` },
    body: { en: `First paragraph of ${id}.\n\nSecond paragraph.` },
    aliases: [],
    tags: [],
    quiz: [],
    source: { file: `${id}.md`, line: 1, heading: id, level: 0 },
    ...options,
  };
}

/** `count` entries with a tip each, ids e01…, all tagged with `tag`. */
export function tipEntries(count: number, tag = 'python', prefix = 'e'): Entry[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}${String(i + 1).padStart(2, '0')}`;
    return entry(id, {
      tags: [tag],
      tip: { question: { en: `Question ${id}?`, zh: `问题 ${id}？` }, answer: { en: `Answer ${id}.`, zh: `答案 ${id}。` } },
    });
  });
}

export interface Posted {
  readonly channel: ChannelRef;
  readonly reply: Reply;
  /** The fake clock's time when it was posted. */
  readonly at: number;
}

/** A Poster that records what it is asked to post (and can be told to fail). */
export class RecordingPoster implements Poster {
  readonly posts: Posted[] = [];
  fail = false;
  constructor(private readonly now: () => number) {}
  async post(channel: ChannelRef, reply: Reply): Promise<void> {
    if (this.fail) throw new Error('platform down');
    this.posts.push({ channel, reply, at: this.now() });
  }
  ofKind(kind: Reply['kind']): Posted[] {
    return this.posts.filter((p) => p.reply.kind === kind);
  }
}
