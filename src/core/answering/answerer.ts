import type { Entry, KnowledgeBase } from '../knowledge/entry.ts';
import type { Lang } from '../language.ts';
import type { Reply } from '../reply/reply.ts';
import type { Invocation } from '../commands/command-spec.ts';
import type { MatchResult } from '../matching/match-result.ts';

/** The answering service: current knowledge, matching, and answers as replies. */
export interface Answerer {
  /** The knowledge in use now (replaced on reload). */
  knowledge(): KnowledgeBase;
  entries(): readonly Entry[];
  entryById(id: string): Entry | undefined;
  entryByRef(ref: string): Entry | undefined;
  /** Tags with how many entries carry each, most first. */
  topics(): readonly { readonly tag: string; readonly count: number }[];
  /** Matches a question (no logging, no validation beyond normalisation). */
  match(query: string): MatchResult;
  /** Validates, matches, logs and formats the answer to a question. Throws UserError on bad input. */
  ask(query: string, invocation: Invocation): readonly Reply[];
  /** Formats part `part` (0-based) of an entry as an answer reply. */
  show(entry: Entry, lang: Lang, part: number, questionId?: string): Reply;
  /** Entry titles for autocomplete, best first. */
  complete(prefix: string, limit: number): readonly { readonly id: string; readonly title: string }[];
  /** Swaps in new knowledge (hot reload); the old stays if the new one has errors. */
  replace(knowledge: KnowledgeBase): void;
  /**
   * Swaps in new knowledge once its index is built in small steps (questions are answered from the
   * current one meanwhile; only changed entries are analysed again). False when a newer replacement
   * was asked for before this one was ready.
   */
  replaceInSteps(knowledge: KnowledgeBase): Promise<boolean>;
  /** Sets aliases added to entries from outside the notes (entry id → phrases), kept across reloads. */
  setExtraAliases(aliases: ReadonlyMap<string, readonly string[]>): Promise<boolean>;
  /** Loads what matching loads on first use (dictionary, word frequencies), so no question waits for it. */
  warmUp(): void;
}
