/**
 * What the index learnt about each entry's text (its title, alias and body terms), kept across
 * rebuilds so that a reload analyses only the entries whose text changed: cutting Chinese into
 * words and finding glossary phrases is most of the cost of building an index, and an edit changes
 * one file of many.
 *
 * The analysis depends on the analyzer's words (stop words, the glossary, intent words); a rebuild
 * with other words (a new glossary, a note that writes `this` as code) starts from an empty cache.
 * Each rebuild keeps only the entries it used, so the cache never outgrows the notes.
 */
export interface EntryTerms {
  readonly title: ReadonlyMap<string, number>;
  readonly alias: ReadonlyMap<string, number>;
  readonly body: ReadonlyMap<string, number>;
  /** The title's terms for reverse coverage (glossary concepts whole, no compound parts). */
  readonly titleTerms: readonly string[];
}

/** One rebuild's use of the cache. */
export interface CacheSession {
  get(key: string): EntryTerms | undefined;
  set(key: string, terms: EntryTerms): void;
  /** Ends the rebuild: entries it did not use are forgotten. */
  finish(): void;
}

export class AnalysisCache {
  private signature = '';
  /** Bumped when the analyzer's words change: a rebuild begun before then neither reads nor writes. */
  private epoch = 0;
  private previous = new Map<string, EntryTerms>();
  private current = new Map<string, EntryTerms>();
  /** Entries analysed and reused by the latest rebuild (diagnostics and tests). */
  stats = { analysed: 0, reused: 0 };

  /** A rebuild of `entries` entries that keeps nothing (notes too large to keep their analysis for): all is forgotten. */
  skip(entries: number): void {
    this.forget('');
    this.stats = { analysed: entries, reused: 0 };
  }

  /** Drops every analysis; a rebuild begun before then neither reads nor writes. */
  private forget(signature: string): void {
    this.epoch++;
    this.previous = new Map();
    this.current = new Map();
    this.signature = signature;
  }

  /** Starts a rebuild with the analyzer's words summed up as `signature`. */
  begin(signature: string): CacheSession {
    if (signature !== this.signature) this.forget(signature);
    // What the last rebuild used stays available to this one.
    for (const [k, v] of this.current) this.previous.set(k, v);
    this.current = new Map();
    const stats = { analysed: 0, reused: 0 };
    this.stats = stats;
    const epoch = this.epoch;
    const live = () => epoch === this.epoch;
    return {
      get: key => {
        if (!live()) return undefined;
        const found = this.previous.get(key) ?? this.current.get(key);
        if (found) {
          this.current.set(key, found);
          stats.reused++;
        }
        return found;
      },
      set: (key, terms) => {
        stats.analysed++;
        if (live()) this.current.set(key, terms);
      },
      finish: () => {
        if (live()) this.previous = new Map();
      },
    };
  }
}
