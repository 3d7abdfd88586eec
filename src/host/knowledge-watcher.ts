import parcelWatcher from '@parcel/watcher';
import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase, KnowledgeIssue } from '../core/knowledge/entry.ts';
import { GLOSSARY_FILE, loadKnowledge } from '../core/knowledge/loader.ts';
import type { Logger } from '../core/ports.ts';
import { loadKnowledgeInWorker } from './knowledge-load-worker.ts';

/** One file-system change, as the watcher backend reports it (absolute path). */
export interface WatchEvent {
  readonly type: 'create' | 'update' | 'delete';
  readonly path: string;
}

/**
 * How changes are received: @parcel/watcher by default (inotify on Linux, one watch per folder, not
 * per file; it never follows symbolic links, so a link loop costs nothing). Tests pass their own.
 */
export interface WatchBackend {
  subscribe(dir: string, onEvents: (error: Error | null, events: readonly WatchEvent[]) => void, options: { readonly ignore: readonly string[] }): Promise<{ unsubscribe(): Promise<void> }>;
}

export const parcelBackend: WatchBackend = {
  subscribe: (dir, onEvents, options) => parcelWatcher.subscribe(dir, (error, events) => onEvents(error, events), { ignore: [...options.ignore] }),
};

/** Reload pacing, frozen and documented like every threshold. */
export const WATCH_TIMING = Object.freeze({
  /** Changes are gathered for this long after the last one (an editor's save is several events). */
  debounceMs: 300,
  /** …but a folder that never stops changing is still reloaded at least this often. */
  maxWaitMs: 2_000,
  /** Poll mode: how often the folder is scanned. */
  pollMs: 2_000,
});

/** What the watcher needs of the answerer: the knowledge in use, and a way to swap it. */
export interface ReloadTarget {
  knowledge(): KnowledgeBase;
  replace(knowledge: KnowledgeBase): void;
  /** Swaps it in once its index is built without holding the thread (used for reloads when there). */
  replaceInSteps?(knowledge: KnowledgeBase): Promise<boolean>;
}

export interface KnowledgeWatcherOptions {
  readonly dir: string;
  readonly target: ReloadTarget;
  readonly logger: Logger;
  /** Changes are gathered for this long before reloading (an editor's save is several events). */
  readonly debounceMs?: number;
  /** Poll mode: how often the folder is scanned. */
  readonly pollMs?: number;
  /**
   * 'watch': the backend (@parcel/watcher: inotify, one watch per folder), falling back to polling
   * if it fails (e.g. the system's inotify watch limit); 'poll': scan modification times.
   */
  readonly mode?: 'watch' | 'poll';
  /** Called after every reload attempt (tests, diagnostics). */
  readonly onReload?: (result: ReloadResult) => void;
  /** Changes gathered for at most this long (ms) while they keep coming. */
  readonly maxWaitMs?: number;
  /** Where change events come from (default: @parcel/watcher). */
  readonly backend?: WatchBackend;
  /** How a reload loads the folder (default: loadKnowledge in a worker thread). */
  readonly load?: (dir: string) => Promise<KnowledgeBase>;
}

export type ReloadResult =
  | { readonly status: 'reloaded'; readonly entries: number; readonly previous: number }
  | { readonly status: 'kept'; readonly entries: number; readonly errors: readonly KnowledgeIssue[] }
  | { readonly status: 'unchanged' };

/**
 * Hot reload of the notes: watches the knowledge folder and, a moment after it changes, loads it
 * again and swaps it into the answerer (quizzes and daily posts read the answerer's entries, so
 * they follow). A reload that brings new errors (a file that failed to parse and did not before, or
 * a folder that lost every entry) is refused: the previous knowledge stays and the log says why,
 * with file:line. Errors that were already there when the current knowledge loaded (start-up
 * tolerates a broken file and loads the rest) do not block later reloads.
 *
 * Changes come from @parcel/watcher (one inotify watch per folder, so a folder of 100,000 files
 * costs one watch; editor saves that rename a temporary file over the note, deletes and re-creates,
 * new sub-folders are all seen). Bursts are coalesced (debounceMs after the last change, at most
 * maxWaitMs after the first), only changes to Markdown files, glossary.yaml or folders reload, and
 * the folder is loaded in a worker thread: requests are answered from the old knowledge until the
 * new one is swapped in. If watching fails (the system's inotify limit: "too many files"), that is
 * logged once and the folder is polled instead.
 *
 * I/O, not core logic: it uses Node's timers and fs directly.
 */
export class KnowledgeWatcher {
  readonly dir: string;
  /** The folder with links resolved: the backend may report paths below it instead. */
  private readonly realDir: string;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly pollMs: number;
  private subscription: Promise<{ unsubscribe(): Promise<void> } | undefined> | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private firstPendingAt: number | undefined;
  private pending: WatchEvent[] = [];
  private running: Promise<void> | undefined;
  private again = false;
  private fingerprint: string | undefined;
  private closed = false;
  private watchFailed = false;
  private modeInUse: 'watch' | 'poll' | 'off' = 'off';

  constructor(private readonly options: KnowledgeWatcherOptions) {
    this.dir = path.resolve(options.dir);
    let real = this.dir;
    try {
      real = fs.realpathSync(this.dir);
    } catch {
      // not there (yet): the loader reports it
    }
    this.realDir = real;
    this.debounceMs = options.debounceMs ?? WATCH_TIMING.debounceMs;
    this.maxWaitMs = Math.max(this.debounceMs, options.maxWaitMs ?? WATCH_TIMING.maxWaitMs);
    this.pollMs = options.pollMs ?? WATCH_TIMING.pollMs;
  }

  /** How changes are noticed now ('off' before start and after close). */
  get mode(): 'watch' | 'poll' | 'off' {
    return this.modeInUse;
  }

  /** Resolves once the backend watches (or polling has taken over); for tests and start-up logs. */
  async ready(): Promise<void> {
    await this.subscription;
  }

  /** Resolves when no reload is running or waiting. */
  async idle(): Promise<void> {
    while (this.running || this.debounce) await (this.running ?? new Promise(resolve => setTimeout(resolve, 10)));
  }

  start(): this {
    if (this.closed || this.modeInUse !== 'off') return this;
    if (this.options.mode === 'poll') this.startPolling();
    else this.startWatching();
    this.options.logger.info({ dir: this.dir, mode: this.modeInUse }, 'watching the knowledge folder for changes');
    return this;
  }

  close(): void {
    this.closed = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    void subscription?.then(s => s?.unsubscribe()).catch(() => undefined);
    if (this.poller) clearInterval(this.poller);
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = undefined;
    this.modeInUse = 'off';
  }

  /**
   * Loads the folder now (on this thread) and swaps it in unless it brings new errors. `force`
   * reloads even when no file's size or modification time changed.
   */
  reload(force = true): ReloadResult {
    const print = fingerprint(this.dir);
    if (!force && print === this.fingerprint) return this.report({ status: 'unchanged' });
    this.fingerprint = print;
    return this.apply(loadKnowledge(this.dir));
  }

  /**
   * Loads the folder again in a worker thread, with everything a load prepares (generated quiz
   * items: most of a large folder's load time), and swaps it in while questions keep being answered.
   * The host starts answering from the notes read without quiz generation and calls this right after.
   */
  async completeInBackground(): Promise<void> {
    const next = await (this.options.load ?? loadKnowledgeInWorker)(this.dir);
    if (this.closed) return;
    await this.applyInSteps(next, 'knowledge completed (quiz items generated)');
  }

  /** Swaps `next` in unless it brings new errors or lost every entry. */
  private apply(next: KnowledgeBase): ReloadResult {
    const refused = this.refusal(next);
    if (refused) return refused;
    const { logger, target } = this.options;
    const current = target.knowledge();
    const started = performance.now();
    target.replace(next);
    logger.info({ dir: this.dir, entries: next.entries.length, previous: current.entries.length, indexMs: Math.round(performance.now() - started) }, 'knowledge reloaded');
    return this.report({ status: 'reloaded', entries: next.entries.length, previous: current.entries.length });
  }

  /** As apply, but the index is built in steps while the previous knowledge keeps answering. */
  private async applyInSteps(next: KnowledgeBase, done = 'knowledge reloaded'): Promise<void> {
    const { logger, target } = this.options;
    if (!target.replaceInSteps) {
      this.apply(next);
      return;
    }
    if (this.refusal(next)) return;
    const current = target.knowledge();
    const started = performance.now();
    if (!(await target.replaceInSteps(next))) return; // a newer one was asked for meanwhile
    logger.info({ dir: this.dir, entries: next.entries.length, previous: current.entries.length, indexMs: Math.round(performance.now() - started) }, done);
    this.report({ status: 'reloaded', entries: next.entries.length, previous: current.entries.length });
  }

  /** The result of refusing `next` (new errors, or every entry lost), or undefined when it may be used. */
  private refusal(next: KnowledgeBase): ReloadResult | undefined {
    const { logger, target } = this.options;
    const current = target.knowledge();
    const errors = next.issues.filter(i => i.severity === 'error');
    const knownBad = new Set(current.issues.filter(i => i.severity === 'error').map(i => i.file));
    const fresh = errors.filter(i => !knownBad.has(i.file));
    const emptied = next.entries.length === 0 && current.entries.length > 0;
    if (fresh.length > 0 || emptied) {
      for (const issue of fresh) logger.warn({ file: issue.file, line: issue.line, where: `${issue.file}:${issue.line}` }, `knowledge reload: ${issue.message}`);
      logger.warn(
        { dir: this.dir, errors: fresh.length, entries: next.entries.length, kept: current.entries.length },
        emptied && fresh.length === 0
          ? 'knowledge reload found no entries; keeping the previous knowledge'
          : 'knowledge reload has errors; keeping the previous knowledge until they are fixed (npm run check)',
      );
      return this.report({ status: 'kept', entries: current.entries.length, errors: fresh.length > 0 ? fresh : errors });
    }
    for (const issue of next.issues) logger.warn({ file: issue.file, line: issue.line }, issue.message);
    return undefined;
  }

  private report(result: ReloadResult): ReloadResult {
    this.options.onReload?.(result);
    return result;
  }

  private startWatching(): void {
    this.modeInUse = 'watch';
    const backend = this.options.backend ?? parcelBackend;
    this.subscription = backend
      .subscribe(
        this.dir,
        (error, events) => {
          if (this.closed) return;
          if (error) return this.watchFailure(error);
          this.collect(events);
        },
        { ignore: ['node_modules', '.git'] },
      )
      .catch((error: unknown) => {
        this.watchFailure(error);
        return undefined;
      });
  }

  /** The backend failed: said once (naming the inotify limit when that is the cause), then polling. */
  private watchFailure(error: unknown): void {
    if (this.watchFailed || this.closed) return;
    this.watchFailed = true;
    const message = error instanceof Error ? error.message : String(error);
    const tooMany = /ENOSPC|EMFILE|no space left|too many/i.test(message);
    this.options.logger.warn(
      { dir: this.dir, err: message },
      tooMany
        ? 'too many files or folders to watch (the system inotify limit, fs.inotify.max_user_watches); polling for changes instead'
        : 'cannot watch the knowledge folder; polling for changes instead',
    );
    const subscription = this.subscription;
    this.subscription = Promise.resolve(undefined);
    void subscription?.then(s => s?.unsubscribe()).catch(() => undefined);
    this.startPolling();
  }

  private startPolling(): void {
    if (this.poller) return;
    this.modeInUse = 'poll';
    this.fingerprint ??= fingerprint(this.dir);
    this.poller = setInterval(() => {
      if (this.closed || this.running) return;
      const print = fingerprint(this.dir);
      if (print === this.fingerprint) return;
      this.fingerprint = print;
      this.run();
    }, this.pollMs);
    this.poller.unref();
  }

  /** Keeps the events that can change what the loader reads, and (re)arms the coalescing timer. */
  private collect(events: readonly WatchEvent[]): void {
    let woken = false;
    for (const event of events) {
      const rel = [this.dir, this.realDir].map(root => path.relative(root, event.path)).find(r => r !== '' && r !== '..' && !r.startsWith('..' + path.sep) && !path.isAbsolute(r));
      if (rel === undefined || isIgnored(rel)) continue;
      woken = true;
      this.pending.push(event);
    }
    if (!woken) return;
    const now = Date.now();
    this.firstPendingAt ??= now;
    if (this.debounce) clearTimeout(this.debounce);
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstPendingAt + this.maxWaitMs - now));
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.firstPendingAt = undefined;
      this.run();
    }, wait);
    this.debounce.unref();
  }

  /** One reload at a time; changes made meanwhile cause one more after it. */
  private run(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const events = this.pending;
    this.pending = [];
    this.running = this.reloadInBackground(events)
      .catch((error: unknown) => {
        this.options.logger.error({ dir: this.dir, err: error }, 'knowledge reload failed; keeping the previous knowledge');
      })
      .finally(() => {
        this.running = undefined;
        // Changes made during the reload: one more, after the usual pause (not at once, so a burst
        // of edits still costs about one reload per maxWaitMs).
        if (this.again && !this.closed && !this.debounce) {
          this.again = false;
          this.debounce = setTimeout(() => {
            this.debounce = undefined;
            this.firstPendingAt = undefined;
            this.run();
          }, this.debounceMs);
          this.debounce.unref();
        }
      });
  }

  private async reloadInBackground(events: readonly WatchEvent[]): Promise<void> {
    // From the watcher: reload only if a note, the glossary or a folder changed (a .png did not).
    if (this.modeInUse === 'watch' && !(await someRelevant([this.dir, this.realDir], events))) {
      this.report({ status: 'unchanged' });
      return;
    }
    const next = await (this.options.load ?? loadKnowledgeInWorker)(this.dir);
    if (this.closed) return;
    await this.applyInSteps(next);
  }
}

/** Whether any event is about a Markdown file, the root glossary.yaml, or a folder (made or removed). */
async function someRelevant(roots: readonly string[], events: readonly WatchEvent[]): Promise<boolean> {
  for (const event of events) {
    const name = path.basename(event.path);
    if (/\.(md|markdown)$/i.test(name)) return true;
    if (name === GLOSSARY_FILE && roots.includes(path.dirname(event.path))) return true;
    try {
      if ((await fs.promises.lstat(event.path)).isDirectory()) return true;
    } catch {
      // Gone: a removed folder (it had no extension) may have held notes.
      if (!name.includes('.')) return true;
    }
  }
  return false;
}

/** Hidden files and folders (editor swap files, .git) never make a reload. */
function isIgnored(file: string): boolean {
  return file.split(/[\\/]/).some(part => part.startsWith('.') || part === 'node_modules');
}

/**
 * Size and modification time of every file the loader reads (Markdown and glossary.yaml), in a
 * stable order: equal prints mean nothing the loader sees has changed.
 */
function fingerprint(root: string): string {
  const parts: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (depth > 64) return;
    let items: fs.Dirent[];
    try {
      items = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      parts.push(`!${dir}`);
      return;
    }
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      if (item.name.startsWith('.') || item.name === 'node_modules') continue;
      const full = path.join(dir, item.name);
      if (item.isDirectory()) {
        visit(full, depth + 1);
        continue;
      }
      if (!(/\.(md|markdown)$/i.test(item.name) || (dir === root && item.name === GLOSSARY_FILE))) continue;
      try {
        const stat = fs.statSync(full);
        parts.push(`${path.relative(root, full)}\u0000${stat.size}\u0000${stat.mtimeMs}`);
      } catch {
        parts.push(`${path.relative(root, full)}\u0000gone`);
      }
    }
  };
  visit(root, 0);
  return parts.join('\n');
}
