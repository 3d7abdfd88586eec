import Database from 'better-sqlite3';
import type { Invocation } from '../../../src/core/commands/command-spec.ts';
import type { ChoiceItem, Entry, QuizItem, ShortItem } from '../../../src/core/knowledge/entry.ts';
import type { Lang, Localized } from '../../../src/core/language.ts';
import { silentLogger, type Random } from '../../../src/core/ports.ts';
import type { ChoiceLetter } from '../../../src/core/reply/actions.ts';
import type { Reply } from '../../../src/core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../../src/core/services.ts';
import { DefaultQuizService, type QuizDefaults } from '../../../src/core/quiz/quiz-service.ts';
import type { QuizStore } from '../../../src/core/quiz/quiz-store.ts';
import { migrate } from '../../../src/store/sqlite/migrations.ts';
import { QUIZ_MIGRATIONS } from '../../../src/store/sqlite/quiz-migrations.ts';
import { SqliteQuizStore } from '../../../src/store/sqlite/sqlite-quiz-store.ts';
import { FakeClock } from '../../support/fake-clock.ts';

/** An Entry built directly (the shipped knowledge is not needed). */
export function entry(id: string, tags: readonly string[], quiz: readonly QuizItem[]): Entry {
  return {
    id,
    ref: id.replace(/[^a-z0-9]/gi, '').slice(0, 12).padEnd(12, '0'),
    title: { en: id },
    body: { en: `About ${id}.` },
    aliases: [],
    tags,
    quiz,
    source: { file: `${id}.md`, line: 1, heading: id, level: 0 },
  };
}

export function choice(question: Localized, options: readonly Localized[], answer: ChoiceLetter, explanation?: Localized): ChoiceItem {
  return { type: 'choice', question, options, answer, ...(explanation !== undefined ? { explanation } : {}) };
}

export function short(question: Localized, accept: readonly string[], explanation?: Localized): ShortItem {
  return { type: 'short', question, accept, ...(explanation !== undefined ? { explanation } : {}) };
}

/** A Poster that records what the core posts. */
export class RecordingPoster implements Poster {
  readonly posts: { channel: ChannelRef; reply: Reply }[] = [];

  async post(channel: ChannelRef, reply: Reply): Promise<void> {
    this.posts.push({ channel, reply });
  }

  get replies(): Reply[] {
    return this.posts.map((p) => p.reply);
  }

  last(): Reply {
    const reply = this.posts.at(-1)?.reply;
    if (reply === undefined) throw new Error('nothing was posted');
    return reply;
  }

  kinds(): string[] {
    return this.posts.map((p) => p.reply.kind);
  }
}

/** Random that always returns the top of its range: `shuffle` keeps the order, ids end in "zzzz". */
export const identityRandom: Random = { next: () => 0.999999 };

import { seededRandom } from '../../../src/core/ports.ts';
export { seededRandom };

export function memoryQuizStore(): SqliteQuizStore {
  const db = new Database(':memory:');
  migrate(db, QUIZ_MIGRATIONS);
  return new SqliteQuizStore(db);
}

export interface Harness {
  readonly service: DefaultQuizService;
  readonly store: QuizStore;
  readonly clock: FakeClock;
  readonly poster: RecordingPoster;
  /** Moves the clock and lets queued posts reach the poster. */
  advance(ms: number): Promise<void>;
}

export function harness(
  entries: readonly Entry[],
  options: { random?: Random; defaults?: Partial<QuizDefaults>; store?: QuizStore; clock?: FakeClock } = {},
): Harness {
  const clock = options.clock ?? new FakeClock(Date.UTC(2025, 0, 6, 9, 0, 0));
  const poster = new RecordingPoster();
  const store = options.store ?? memoryQuizStore();
  const service = new DefaultQuizService({
    store,
    clock,
    random: options.random ?? identityRandom,
    poster,
    logger: silentLogger,
    entries: () => entries,
    ...(options.defaults ? { defaults: options.defaults } : {}),
  });
  return {
    service,
    store,
    clock,
    poster,
    async advance(ms: number) {
      clock.advance(ms);
      await service.settled();
    },
  };
}

/** An invocation by `user` in channel `channel` of workspace g1 on Discord. */
export function ctx(
  user: string,
  options: { channel?: string; lang?: Lang; canManage?: boolean; workspace?: string; isBot?: boolean } = {},
): Invocation {
  return {
    platform: 'discord',
    workspace: options.workspace ?? 'g1',
    channel: options.channel ?? 'c1',
    lang: options.lang ?? 'en',
    user: {
      id: user.toLowerCase(),
      name: user,
      canManage: options.canManage ?? false,
      ...(options.isBot ? { isBot: true } : {}),
    },
  };
}

/** The letter shown for the option whose text starts with `text`, read from a posted question. */
export function letterFor(question: Reply, text: string): ChoiceLetter {
  const line = question.body.split('\n').find((l) => /^\*\*[A-D]\.\*\* /.test(l) && l.slice(7).startsWith(text));
  if (line === undefined) throw new Error(`no option ${text} in ${question.body}`);
  return line[2] as ChoiceLetter;
}
