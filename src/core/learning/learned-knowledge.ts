import type { KnowledgeBase } from '../knowledge/entry.ts';
import type { Logger } from '../ports.ts';
import type { Learning } from './learning.ts';

/** What learned aliases are applied to: the answerer (`KnowledgeAnswerer`). */
export interface KnowledgeTarget {
  replace(knowledge: KnowledgeBase): void;
  /** The notes in use (without the extra aliases, when the target keeps them itself). */
  knowledge?(): KnowledgeBase;
  /**
   * When the target has it: aliases from outside the notes (entry id → phrases) that the target adds
   * to its entries itself and keeps across reloads. Without it, the knowledge given to `replace`
   * carries them.
   */
  setExtraAliases?(aliases: ReadonlyMap<string, readonly string[]>): Promise<boolean>;
}

/**
 * Keeps the answerer on "the notes plus the accepted aliases". It stands between the knowledge
 * watcher and the answerer (`knowledge` and `replace` are the watcher's target): a reload of the
 * notes keeps the aliases, and `refresh` (after an accept or reject here, or on a timer for
 * decisions made by another process such as `interview-bot aliases accept`) rebuilds the index only
 * when the accepted aliases changed. The matcher is not changed: learned aliases are entry aliases.
 */
export class LearnedKnowledge {
  private base: KnowledgeBase;
  /** The accepted aliases the target has now (none: it was built from the notes alone). */
  private applied = '[]';
  private seenRevision: number | undefined;
  private seenKnowledge: KnowledgeBase | undefined;

  constructor(private readonly deps: { readonly learning: Learning; readonly target: KnowledgeTarget; readonly knowledge: KnowledgeBase; readonly logger: Logger }) {
    this.base = deps.knowledge;
  }

  /**
   * The notes as loaded, without learned aliases (what the watcher compares a reload with). A target
   * that keeps extra aliases itself is reloaded directly by the watcher: its notes are the ones.
   */
  knowledge(): KnowledgeBase {
    const { target } = this.deps;
    return target.setExtraAliases && target.knowledge ? target.knowledge() : this.base;
  }

  /** New notes from a reload: used with the accepted aliases. */
  replace(knowledge: KnowledgeBase): void {
    this.base = knowledge;
    const { target, learning } = this.deps;
    if (!target.setExtraAliases) {
      this.applied = this.signature();
      target.replace(learning.apply(knowledge));
      return;
    }
    target.replace(knowledge);
    // The target keeps its extra aliases; a reload that renamed a title may change which apply.
    void this.apply(false).catch(error => this.deps.logger.warn({ err: error }, 'learned aliases could not be applied'));
  }

  /**
   * Accepts automatically what has enough confirmations (when on, unless `autoAccept: false`: that
   * reads every pick and vote, the rest only a counter), then applies the accepted aliases
   * if they changed. Cheap when nothing changed (one read of the store's revision). Resolves to
   * whether the answerer got new aliases.
   */
  async refresh(options: { readonly autoAccept?: boolean } = {}): Promise<boolean> {
    const knowledge = this.knowledge();
    const made = options.autoAccept === false ? [] : this.deps.learning.autoAccept(knowledge);
    for (const d of made) this.deps.logger.info({ entry: d.entryId, alias: d.alias }, 'alias accepted automatically');
    const revision = this.deps.learning.revision();
    // Nothing decided and the same notes (a reload may rename a title an alias must not take): nothing to do.
    if (made.length === 0 && revision === this.seenRevision && knowledge === this.seenKnowledge) return false;
    this.seenRevision = revision;
    this.seenKnowledge = knowledge;
    return this.apply(false);
  }

  private signature(): string {
    const accepted = this.deps.learning.accepted(this.knowledge());
    return JSON.stringify([...accepted].map(([id, ds]) => [id, ds.map(d => d.alias)]).sort());
  }

  private async apply(force: boolean): Promise<boolean> {
    const { learning, target, logger } = this.deps;
    const signature = this.signature();
    if (!force && signature === this.applied) return false;
    this.applied = signature;
    const accepted = learning.accepted(this.knowledge());
    if (target.setExtraAliases) await target.setExtraAliases(new Map([...accepted].map(([id, ds]) => [id, ds.map(d => d.alias)])));
    else target.replace(learning.apply(this.base));
    logger.info({ aliases: [...accepted.values()].reduce((n, ds) => n + ds.length, 0) }, 'learned aliases applied');
    return true;
  }
}
