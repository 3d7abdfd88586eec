import type { Outcome } from '../store.ts';

/**
 * One thing a person did that ties a question to an entry: they picked the entry from "did you
 * mean" (`pick`), gave the answer 👍 (`up`) or 👎 (`down`). Read from the question log, which
 * already records questions, picks and votes; nothing is recorded twice.
 */
export interface LearningSignal {
  /** The logged question's id. */
  readonly questionId: string;
  /** The question as asked. */
  readonly query: string;
  /** When the question was asked (pick) or the vote was given (up/down), ms since the epoch. */
  readonly at: number;
  /** Who picked or voted (the asker for a pick). */
  readonly user: string;
  /** The entry the person picked or voted on. */
  readonly entryId: string;
  readonly kind: 'pick' | 'up' | 'down';
  /** What the bot did with the question, the entry it answered with and its confidence. */
  readonly outcome: Outcome;
  readonly answeredEntryId: string | null;
  readonly score: number;
}

/** A maintainer's (or the automatic rule's) decision on a candidate alias. */
export interface AliasDecision {
  readonly entryId: string;
  /** The alias as it will be matched and exported. */
  readonly alias: string;
  /** Its normalised form ({@link normaliseQuestion}): the key of the decision. */
  readonly key: string;
  readonly status: 'accepted' | 'rejected';
  readonly at: number;
  /** `auto` for automatic acceptance (LEARN_ALIASES_AFTER), else who decided (a name, `cli`, `dashboard`). */
  readonly by: string;
}

/**
 * The learning state port: the pairs people made (from the question log) and the decisions on
 * candidate aliases. SQLite implements it (src/store/sqlite/sqlite-learning-store.ts); a server
 * database can implement it for several hosts sharing one state.
 */
export interface LearningStore {
  /** Every pick and vote since `sinceAt` (ms), oldest first. */
  signals(sinceAt: number): readonly LearningSignal[];
  /** Every decision, oldest first. */
  decisions(): readonly AliasDecision[];
  /** Records a decision (replacing an earlier one on the same entry and key). */
  decide(decision: AliasDecision): void;
  /** Forgets the decision on one entry and key (an alias put back up for review). */
  undecide(entryId: string, key: string): void;
  /** A number that changes whenever decisions change, in this process or another one sharing the state. */
  revision(): number;
}

/**
 * A question's normal form, for grouping and for comparing aliases with titles: Unicode-compatible
 * (full width → half width), lower case, punctuation and symbols as spaces (but `+` and `#`, which
 * name languages: C++, C#), spaces collapsed.
 */
export function normaliseQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s+#]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
