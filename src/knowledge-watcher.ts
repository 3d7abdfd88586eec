import fs from 'node:fs';
import path from 'node:path';
import type { KnowledgeBase, KnowledgeIssue } from './core/knowledge/entry.ts';
import { GLOSSARY_FILE, loadKnowledge } from './core/knowledge/loader.ts';
import type { Logger } from './core/ports.ts';

/** What the watcher needs of the answerer: the knowledge in use, and a way to swap it. */
export interface ReloadTarget {
  knowledge(): KnowledgeBase;
  replace(knowledge: KnowledgeBase): void;
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
   * 'watch': fs.watch (recursive, inotify on Linux; Node 20 supports it there), falling back to
   * polling if the watcher fails (e.g. the inotify watch limit); 'poll': scan modification times.
   */
  readonly mode?: 'watch' | 'poll';
  /** Called after every reload attempt (tests, diagnostics). */
  readonly onReload?: (result: ReloadResult) => void;
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
 * I/O, not core logic: it uses Node's timers and fs directly.
 */
export class KnowledgeWatcher {
  readonly dir: string;
  private readonly debounceMs: number;
  private readonly pollMs: number;
  private watcher: fs.FSWatcher | undefined;
  private poller: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private fingerprint: string;
  private closed = false;
  private modeInUse: 'watch' | 'poll' | 'off' = 'off';

  constructor(private readonly options: KnowledgeWatcherOptions) {
    this.dir = path.resolve(options.dir);
    this.debounceMs = options.debounceMs ?? 300;
    this.pollMs = options.pollMs ?? 2_000;
    this.fingerprint = fingerprint(this.dir);
  }

  /** How changes are noticed now ('off' before start and after close). */
  get mode(): 'watch' | 'poll' | 'off' {
    return this.modeInUse;
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
    this.watcher?.close();
    this.watcher = undefined;
    if (this.poller) clearInterval(this.poller);
    if (this.debounce) clearTimeout(this.debounce);
    this.modeInUse = 'off';
  }

  /**
   * Loads the folder now and swaps it in unless it brings new errors. `force` reloads even when no
   * file's size or modification time changed.
   */
  reload(force = true): ReloadResult {
    const print = fingerprint(this.dir);
    if (!force && print === this.fingerprint) return this.report({ status: 'unchanged' });
    this.fingerprint = print;
    const { logger, target } = this.options;
    const current = target.knowledge();
    const next = loadKnowledge(this.dir);
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
    target.replace(next);
    logger.info({ dir: this.dir, entries: next.entries.length, previous: current.entries.length }, 'knowledge reloaded');
    return this.report({ status: 'reloaded', entries: next.entries.length, previous: current.entries.length });
  }

  private report(result: ReloadResult): ReloadResult {
    this.options.onReload?.(result);
    return result;
  }

  private startWatching(): void {
    try {
      this.watcher = fs.watch(this.dir, { recursive: true, persistent: false }, (_event, file) => {
        if (typeof file === 'string' && isIgnored(file)) return;
        this.schedule();
      });
      this.watcher.on('error', error => {
        this.options.logger.warn({ dir: this.dir, err: error }, 'knowledge watcher failed; polling for changes instead');
        this.watcher?.close();
        this.watcher = undefined;
        if (!this.closed) this.startPolling();
      });
      this.modeInUse = 'watch';
    } catch (error) {
      this.options.logger.warn({ dir: this.dir, err: error }, 'cannot watch the knowledge folder; polling for changes instead');
      this.startPolling();
    }
  }

  private startPolling(): void {
    this.modeInUse = 'poll';
    this.poller = setInterval(() => this.safeReload(false), this.pollMs);
    this.poller.unref();
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.safeReload(false), this.debounceMs);
    this.debounce.unref();
  }

  private safeReload(force: boolean): void {
    if (this.closed) return;
    try {
      this.reload(force);
    } catch (error) {
      this.options.logger.error({ dir: this.dir, err: error }, 'knowledge reload failed; keeping the previous knowledge');
    }
  }
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
