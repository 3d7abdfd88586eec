import type { Entry, KnowledgeBase } from '../knowledge/entry.ts';
import { allVariants } from '../language.ts';
import type { Clock } from '../ports.ts';
import { normaliseQuestion, type AliasDecision, type LearningSignal, type LearningStore } from './learning-store.ts';
import { featureSimilarity, groupBySimilarQuestion, questionFeatures } from './similarity.ts';

/** How the bot learns aliases from use. Frozen defaults; LEARN_ALIASES_AFTER sets `autoAcceptAfter`. */
export interface LearningOptions {
  /**
   * A candidate alias confirmed (a "did you mean" pick or a 👍) by this many different people, with
   * no 👎 and no rival entry as popular in its group, is accepted without a maintainer. 0: never
   * (the default; a maintainer accepts).
   */
  readonly autoAcceptAfter: number;
  /** Questions at least this alike (Dice over words and Chinese character pairs) are one group. */
  readonly groupSimilarity: number;
  /** A pick or 👍 of an answer the bot already gave with at least this confidence teaches nothing: not proposed. */
  readonly alreadyAnsweredFrom: number;
  /** Picks and votes older than this many days are not read. */
  readonly windowDays: number;
  /** A learned alias is flagged once this many different people gave 👎 to answers it produced. */
  readonly flagAfterDowns: number;
  /** Questions longer than this (characters) are listed but never proposed as an alias. */
  readonly maxAliasChars: number;
}

export const DEFAULT_LEARNING_OPTIONS: LearningOptions = Object.freeze({
  autoAcceptAfter: 0,
  groupSimilarity: 0.6,
  alreadyAnsweredFrom: 0.6,
  windowDays: 90,
  flagAfterDowns: 1,
  maxAliasChars: 120,
});

/** Why a candidate cannot be accepted. */
export type CandidateBlock = 'title-of-another-entry' | 'too-long';

/** A proposed alias: a group of similar questions that people tied to one entry. */
export interface Candidate {
  readonly entryId: string;
  /** The alias that would be added: the group's most asked wording for this entry. */
  readonly alias: string;
  readonly key: string;
  /** Different people who picked the entry or gave its answer 👍 for these questions. */
  readonly confirmations: number;
  /** Different people who gave 👎 to this entry's answer for these questions: the candidate is held. */
  readonly downs: number;
  readonly signals: readonly LearningSignal[];
  /**
   * pending: waiting for a maintainer (or for enough confirmations); held: a 👎 (or a rival entry as
   * popular in the group) keeps it from automatic acceptance; accepted/rejected: decided.
   */
  readonly status: 'pending' | 'held' | 'accepted' | 'rejected';
  readonly decision?: AliasDecision;
  readonly blocked?: CandidateBlock;
  readonly lastAt: number;
}

/** Similar questions and the candidate aliases people's picks and votes made from them. */
export interface CandidateGroup {
  /** A representative question of the group. */
  readonly question: string;
  readonly candidates: readonly Candidate[];
  readonly lastAt: number;
}

/** A learned alias that answers people who then give 👎. */
export interface FlaggedAlias {
  readonly decision: AliasDecision;
  readonly downs: number;
  readonly questions: readonly LearningSignal[];
}

/** Why `accept` refused. */
export class AliasRefused extends Error {
  override readonly name = 'AliasRefused';
  constructor(readonly reason: 'unknown-entry' | 'empty' | CandidateBlock | 'already-known') {
    super(`alias refused: ${reason}`);
  }
}

const DAY_MS = 86_400_000;

/**
 * Learning from use: turns picks and votes (read from the question log through the store) into
 * candidate aliases grouped by similar question, keeps the maintainers' decisions, accepts
 * automatically when configured, flags learned aliases that draw 👎, and gives the knowledge with the
 * accepted aliases added. Never changes the matcher: learned aliases are entry aliases.
 */
export class Learning {
  readonly options: LearningOptions;

  constructor(
    private readonly store: LearningStore,
    private readonly clock: Clock,
    options: Partial<LearningOptions> = {},
  ) {
    this.options = Object.freeze({ ...DEFAULT_LEARNING_OPTIONS, ...options });
  }

  revision(): number {
    return this.store.revision();
  }

  decisions(): readonly AliasDecision[] {
    return this.store.decisions();
  }

  private signals(): readonly LearningSignal[] {
    return this.store.signals(this.clock.now() - this.options.windowDays * DAY_MS);
  }

  /** Candidate aliases, grouped by similar question, the group with the newest activity first. */
  candidates(knowledge: KnowledgeBase): readonly CandidateGroup[] {
    const entries = new Map(knowledge.entries.map(e => [e.id, e]));
    const titles = titleOwners(knowledge.entries);
    const decisions = this.store.decisions();
    const o = this.options;
    // What teaches nothing: an entry gone since, a question that is already its title or alias, a
    // confident answer confirmed.
    const useful = this.signals().filter(s => {
      const entry = entries.get(s.entryId);
      if (!entry) return false;
      if (knownWordings(entry).has(normaliseQuestion(s.query))) return false;
      if (s.kind !== 'down' && s.outcome === 'answer' && s.answeredEntryId === s.entryId && s.score >= o.alreadyAnsweredFrom) return false;
      return normaliseQuestion(s.query) !== '';
    });
    const groups: CandidateGroup[] = [];
    for (const members of groupBySimilarQuestion(useful, s => s.query, o.groupSimilarity)) {
      const byEntry = new Map<string, LearningSignal[]>();
      for (const s of members) byEntry.set(s.entryId, [...(byEntry.get(s.entryId) ?? []), s]);
      const drafts = [...byEntry].map(([entryId, signals]) => {
        const positive = signals.filter(s => s.kind !== 'down');
        const confirmations = new Set(positive.map(s => s.user)).size;
        const downs = new Set(signals.filter(s => s.kind === 'down').map(s => s.user)).size;
        const alias = mostAsked(positive.length > 0 ? positive : signals);
        const key = normaliseQuestion(alias);
        const keys = new Set(signals.map(s => normaliseQuestion(s.query)));
        const features = questionFeatures(alias);
        const decision = latest(decisions.filter(d => d.entryId === entryId && (keys.has(d.key) || featureSimilarity(questionFeatures(d.key), features) >= o.groupSimilarity)));
        const owner = titles.get(key);
        const blocked: CandidateBlock | undefined =
          owner !== undefined && owner !== entryId ? 'title-of-another-entry' : [...alias].length > o.maxAliasChars ? 'too-long' : undefined;
        return { entryId, alias, key, confirmations, downs, signals, decision, blocked, lastAt: Math.max(...signals.map(s => s.at)) };
      });
      const candidates: Candidate[] = drafts
        .filter(d => d.confirmations > 0 || d.decision !== undefined)
        .map(d => {
          // A rival entry confirmed at least as often in the same group: people disagree, a maintainer decides.
          const rival = drafts.some(r => r !== d && r.confirmations >= d.confirmations && r.confirmations > 0);
          const status: Candidate['status'] = d.decision ? d.decision.status : d.downs > 0 || rival ? 'held' : 'pending';
          return {
            entryId: d.entryId,
            alias: d.decision?.status === 'accepted' ? d.decision.alias : d.alias,
            key: d.decision?.status === 'accepted' ? d.decision.key : d.key,
            confirmations: d.confirmations,
            downs: d.downs,
            signals: d.signals,
            status,
            ...(d.decision ? { decision: d.decision } : {}),
            ...(d.blocked ? { blocked: d.blocked } : {}),
            lastAt: d.lastAt,
          };
        })
        .sort((a, b) => b.confirmations - a.confirmations || b.lastAt - a.lastAt);
      if (candidates.length === 0) continue;
      groups.push({ question: mostAsked(members), candidates, lastAt: Math.max(...members.map(s => s.at)) });
    }
    return groups.sort((a, b) => b.lastAt - a.lastAt);
  }

  /**
   * Accepts `alias` for the entry: the matcher uses it once the knowledge is rebuilt (see
   * LearnedKnowledge). Refused when the alias is another entry's title (an alias never takes a
   * title from its entry) or already the entry's title or alias.
   */
  accept(knowledge: KnowledgeBase, entryId: string, alias: string, by: string): AliasDecision {
    const reason = this.refusal(knowledge, entryId, alias);
    if (reason) throw new AliasRefused(reason);
    const text = alias.trim().replace(/\s+/g, ' ');
    const decision: AliasDecision = { entryId, alias: text, key: normaliseQuestion(text), status: 'accepted', at: this.clock.now(), by };
    this.store.decide(decision);
    return decision;
  }

  /** Why `accept` would refuse this alias for the entry; undefined when it would accept it. */
  refusal(knowledge: KnowledgeBase, entryId: string, alias: string): AliasRefused['reason'] | undefined {
    const entry = knowledge.entries.find(e => e.id === entryId);
    if (!entry) return 'unknown-entry';
    const text = alias.trim().replace(/\s+/g, ' ');
    const key = normaliseQuestion(text);
    if (!key) return 'empty';
    if ([...text].length > this.options.maxAliasChars) return 'too-long';
    const owner = titleOwners(knowledge.entries).get(key);
    if (owner !== undefined && owner !== entryId) return 'title-of-another-entry';
    if (knownWordings(entry).has(key)) return 'already-known';
    return undefined;
  }

  /** Rejects the alias for the entry: it (and questions like it) are no longer proposed for that entry. */
  reject(entryId: string, alias: string, by: string): AliasDecision {
    const text = alias.trim().replace(/\s+/g, ' ');
    const decision: AliasDecision = { entryId, alias: text, key: normaliseQuestion(text), status: 'rejected', at: this.clock.now(), by };
    this.store.decide(decision);
    return decision;
  }

  /** Puts a decided alias back up for review (a flagged alias the maintainer wants to look at again). */
  reopen(entryId: string, alias: string): void {
    this.store.undecide(entryId, normaliseQuestion(alias));
  }

  /**
   * Accepts every pending candidate with enough confirmations from different people, when automatic
   * acceptance is on. Returns the decisions made.
   */
  autoAccept(knowledge: KnowledgeBase): readonly AliasDecision[] {
    const after = this.options.autoAcceptAfter;
    if (after <= 0) return [];
    const made: AliasDecision[] = [];
    for (const group of this.candidates(knowledge))
      for (const c of group.candidates) {
        if (c.status !== 'pending' || c.blocked || c.confirmations < after) continue;
        try {
          made.push(this.accept(knowledge, c.entryId, c.alias, 'auto'));
        } catch (error) {
          if (!(error instanceof AliasRefused)) throw error;
        }
      }
    return made;
  }

  /** The accepted aliases of entries that exist, by entry id (never another entry's title). */
  accepted(knowledge: KnowledgeBase): ReadonlyMap<string, readonly AliasDecision[]> {
    const ids = new Set(knowledge.entries.map(e => e.id));
    const titles = titleOwners(knowledge.entries);
    const out = new Map<string, AliasDecision[]>();
    for (const d of this.store.decisions()) {
      if (d.status !== 'accepted' || !ids.has(d.entryId)) continue;
      const owner = titles.get(d.key);
      if (owner !== undefined && owner !== d.entryId) continue;
      out.set(d.entryId, [...(out.get(d.entryId) ?? []), d]);
    }
    return out;
  }

  /** Learned aliases that people answered through them gave 👎 since they were accepted. */
  flagged(knowledge: KnowledgeBase): readonly FlaggedAlias[] {
    const signals = this.signals().filter(s => s.kind === 'down');
    const out: FlaggedAlias[] = [];
    for (const decisions of this.accepted(knowledge).values())
      for (const d of decisions) {
        const features = questionFeatures(d.alias);
        const hits = signals.filter(s => s.entryId === d.entryId && s.at >= d.at && featureSimilarity(questionFeatures(s.query), features) >= this.options.groupSimilarity);
        const downs = new Set(hits.map(s => s.user)).size;
        if (downs >= this.options.flagAfterDowns) out.push({ decision: d, downs, questions: hits });
      }
    return out;
  }

  /** The knowledge with every accepted alias added to its entry's aliases (entries without any are kept as they are). */
  apply(knowledge: KnowledgeBase): KnowledgeBase {
    return withLearnedAliases(knowledge, this.accepted(knowledge));
  }
}

/** `knowledge` with `aliases` (by entry id) added to its entries; the same object when there are none. */
export function withLearnedAliases(knowledge: KnowledgeBase, aliases: ReadonlyMap<string, readonly AliasDecision[]>): KnowledgeBase {
  if (aliases.size === 0) return knowledge;
  const entries = knowledge.entries.map(e => {
    const learned = aliases.get(e.id);
    if (!learned) return e;
    const known = knownWordings(e);
    const extra = learned.map(d => d.alias).filter(a => !known.has(normaliseQuestion(a)));
    return extra.length === 0 ? e : { ...e, aliases: [...e.aliases, ...extra] };
  });
  return { ...knowledge, entries };
}

/** Normalised title (every language) → the entry it belongs to. */
function titleOwners(entries: readonly Entry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) for (const t of allVariants(e.title)) if (!out.has(normaliseQuestion(t))) out.set(normaliseQuestion(t), e.id);
  return out;
}

function knownWordings(entry: Entry): Set<string> {
  return new Set([...allVariants(entry.title), ...entry.aliases].map(normaliseQuestion));
}

/** The wording asked most (by normal form), the earliest on a tie, as first typed. */
function mostAsked(signals: readonly LearningSignal[]): string {
  const counts = new Map<string, { n: number; text: string; at: number }>();
  for (const s of signals) {
    const key = normaliseQuestion(s.query);
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { n: 1, text: s.query.trim().replace(/\s+/g, ' '), at: s.at });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n || a.at - b.at)[0]!.text;
}

function latest(decisions: readonly AliasDecision[]): AliasDecision | undefined {
  return decisions.reduce<AliasDecision | undefined>((best, d) => (!best || d.at >= best.at ? d : best), undefined);
}
