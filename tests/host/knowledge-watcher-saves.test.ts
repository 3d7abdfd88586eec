import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeAnswerer } from '../../src/core/answering/knowledge-answerer.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { BUILTIN_GLOSSARY } from '../../src/core/matching/glossary-data.ts';
import { KnowledgeWatcher, type ReloadResult, type WatchBackend, type WatchEvent } from '../../src/host/knowledge-watcher.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { RecordingLogger } from '../support/core-harness.ts';

/**
 * Hot reload that keeps following the notes, with real files and real events: editor saves
 * (a temporary file renamed over the note, vim's backup-and-write, VS Code's write in place),
 * deletes and re-creates, a new sub-folder moved in, a symbolic link loop, a burst of 100 edits,
 * and a folder of 100,000 files (one inotify watch, not one per file). When watching fails (the
 * system's inotify limit), that is said once and polling takes over. Waiting is polling with a
 * bound, as this is I/O, not the core's time.
 */

const dirs: string[] = [];
const watchers: KnowledgeWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const WIDGET = (what: string) => `# What is a widget?\n\nA widget is ${what}.\n`;
const SPROCKET = '# What is a sprocket?\n\nA sprocket is a toothed wheel that drives a chain.\n';

function tempFolder(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-saves-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  return dir;
}

function write(dir: string, name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

async function start(dir: string, options: { backend?: WatchBackend; pollMs?: number; maxWaitMs?: number; debounceMs?: number } = {}) {
  const logger = new RecordingLogger();
  const answerer = new KnowledgeAnswerer({ knowledge: loadKnowledge(dir), clock: new FakeClock(0), logger });
  // As the host does once it is ready: the dictionaries load now, not on the first question that needs them.
  answerer.warmUp();
  const results: ReloadResult[] = [];
  const watcher = new KnowledgeWatcher({ dir, target: answerer, logger, debounceMs: options.debounceMs ?? 100, pollMs: options.pollMs ?? 200, onReload: r => results.push(r), ...(options.backend ? { backend: options.backend } : {}), ...(options.maxWaitMs ? { maxWaitMs: options.maxWaitMs } : {}) });
  watchers.push(watcher);
  watcher.start();
  await watcher.ready();
  const answer = (question: string): string => {
    const result = answerer.match(question);
    return result.outcome === 'answer' ? (answerer.entryById(result.answer!.id)!.body.en ?? '') : result.outcome;
  };
  return { watcher, answerer, logger, results, answer };
}

/** The longest the event loop was held (ms) from `edit` until `seen` holds: a 5-ms ticker's lateness. */
async function longestStallDuring(edit: () => void, seen: () => boolean, what: string): Promise<number> {
  let maxLag = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 5);
    last = now;
  }, 5);
  try {
    edit();
    await until(seen, what, 60_000);
    await new Promise(r => setTimeout(r, 30)); // let the ticker see a stall that ended just now
  } finally {
    clearInterval(ticker);
  }
  return maxLag;
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

/** inotify watches this process holds (Linux: /proc/self/fdinfo). */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fdinfo')) {
    try {
      n += (fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

const linux = process.platform === 'linux';

describe('editor saves keep being followed', () => {
  it('a temporary file renamed over the note, again and again: every save is seen', async () => {
    const dir = tempFolder({ 'widget.md': WIDGET('a small gadget') });
    const kb = await start(dir);
    for (const what of ['a tiny control', 'a knob', 'a dial']) {
      write(dir, 'widget.md.tmp~', WIDGET(what));
      fs.renameSync(path.join(dir, 'widget.md.tmp~'), path.join(dir, 'widget.md'));
      await until(() => kb.answer('what is a widget').includes(what), `the save with "${what}"`);
    }
    // A later plain edit of the renamed-over note is still seen.
    write(dir, 'widget.md', WIDGET('a lever'));
    await until(() => kb.answer('what is a widget').includes('a lever'), 'the plain edit after the renames');
  });

  it('vim (probe file, backup by rename, write, remove backup) and VS Code (write in place): then later edits too', async () => {
    const dir = tempFolder({ 'widget.md': WIDGET('a small gadget') });
    const kb = await start(dir);
    const note = path.join(dir, 'widget.md');
    // vim with backupcopy=no: the 4913 probe, the note renamed to its backup, a new note written, the backup removed.
    write(dir, '4913', '');
    fs.rmSync(path.join(dir, '4913'));
    fs.renameSync(note, `${note}~`);
    write(dir, 'widget.md', WIDGET('a vim save'));
    fs.rmSync(`${note}~`);
    await until(() => kb.answer('what is a widget').includes('a vim save'), 'the vim save');
    // VS Code: truncate and write the same file.
    const fd = fs.openSync(note, 'r+');
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, WIDGET('a code save'), 0);
    fs.closeSync(fd);
    await until(() => kb.answer('what is a widget').includes('a code save'), 'the VS Code save');
    write(dir, 'widget.md', WIDGET('a third save'));
    await until(() => kb.answer('what is a widget').includes('a third save'), 'the edit after both');
  });

  it('a deleted and re-created note, and a sub-folder of notes moved in', async () => {
    const dir = tempFolder({ 'widget.md': WIDGET('a small gadget'), 'keep.md': SPROCKET });
    const kb = await start(dir);
    fs.rmSync(path.join(dir, 'widget.md'));
    await until(() => !kb.answer('what is a widget').includes('small gadget'), 'the deletion');
    write(dir, 'widget.md', WIDGET('back again'));
    await until(() => kb.answer('what is a widget').includes('back again'), 'the re-created note');
    const outside = tempFolder({ 'gears/cog.md': '# What is a cog?\n\nA cog is a tooth on a gear wheel.\n' });
    fs.renameSync(path.join(outside, 'gears'), path.join(dir, 'gears'));
    await until(() => kb.answer('what is a cog').includes('tooth on a gear'), 'the moved-in sub-folder');
    write(dir, 'gears/cog.md', '# What is a cog?\n\nA cog is an edited tooth.\n');
    await until(() => kb.answer('what is a cog').includes('edited tooth'), 'an edit inside the moved-in sub-folder');
  });

  it.skipIf(!linux)('a symbolic link loop does not turn off reloading of sub-folders', async () => {
    const dir = tempFolder({ 'widget.md': WIDGET('a small gadget'), 'deep/er/note.md': SPROCKET });
    fs.symlinkSync(dir, path.join(dir, 'deep', 'loop'));
    fs.symlinkSync(path.join(dir, 'deep', 'er'), path.join(dir, 'deep', 'er', 'self'));
    const kb = await start(dir);
    write(dir, 'deep/er/note.md', SPROCKET.replace('toothed wheel', 'ring of teeth'));
    await until(() => kb.answer('what is a sprocket').includes('ring of teeth'), 'the edit below the loop');
    write(dir, 'deep/new/fresh.md', '# What is a flange?\n\nA flange is a projecting rim.\n');
    await until(() => kb.answer('what is a flange').includes('projecting rim'), 'a note in a new sub-folder below the loop');
    expect(kb.watcher.mode).toBe('watch');
  });

  it('100 edits in 10 s: the last content wins and the reloads are coalesced', { timeout: 30_000 }, async () => {
    const dir = tempFolder({ 'widget.md': WIDGET('version 0') });
    // The quiet time (300 ms) is well above the gap between edits (100 ms), so only maxWaitMs ends a wait:
    // a debounce equal to the gap made the count depend on how late each timer fired.
    const kb = await start(dir, { maxWaitMs: 1_000, debounceMs: 300 });
    for (let i = 1; i <= 100; i++) {
      write(dir, 'widget.md', WIDGET(`version ${i}`));
      await new Promise(r => setTimeout(r, 100));
    }
    await until(() => kb.answer('what is a widget').includes('version 100'), 'the last edit');
    await kb.watcher.idle();
    const reloads = kb.results.filter(r => r.status === 'reloaded').length;
    expect(reloads).toBeGreaterThanOrEqual(1);
    expect(reloads).toBeLessThanOrEqual(25); // about one per maxWaitMs (10 s of edits), not one per edit
    expect(kb.answer('what is a widget')).toContain('version 100');
  });
});

describe('large folders and the inotify limit', () => {
  it.skipIf(!linux)('a folder of 100,000 files costs one watch, and an edit in it is seen without stalling requests', { timeout: 120_000 }, async () => {
    const dir = tempFolder({ 'widget.md': WIDGET('a small gadget') });
    const big = path.join(dir, 'attachments');
    fs.mkdirSync(big);
    for (let i = 0; i < 100_000; i++) fs.writeFileSync(path.join(big, `scan-${i}.png`), '');
    const before = inotifyWatches();
    const kb = await start(dir);
    const watches = inotifyWatches() - before;
    expect(watches).toBeLessThanOrEqual(2); // the folder and its one sub-folder

    // Event-loop lag while an edit is picked up and reloaded.
    const maxLag = await longestStallDuring(
      () => write(dir, 'widget.md', WIDGET('found among many files')),
      () => kb.answer('what is a widget').includes('found among many files'),
      'the edit',
    );
    console.log(`100,000-file folder: ${watches} inotify watches; longest event-loop stall during the reload ${Math.round(maxLag)} ms`);
    // Before: 2.6 s of stall for one edit (every file stat-ed and the folder read on the event loop).
    // Alone this is well under 200 ms; the bound leaves room for a loaded 2-core machine.
    expect(maxLag).toBeLessThan(1_000);
  });

  it('a folder with a large note: an edit, of it or of another note, is picked up without stalling requests', { timeout: 120_000 }, async () => {
    // About 1 MB of mixed English and Chinese prose in one note: analysed on the event loop in one go, it held every
    // request for seconds at each reload.
    const words = BUILTIN_GLOSSARY.flat();
    const paragraphs = Array.from({ length: 12_000 }, (_, i) => {
      const w = (k: number) => words[(i * 7 + k * 13) % words.length];
      return `Part ${i}: ${w(0)} and ${w(1)} compared, 以及${w(2)}和${w(3)}的区别, with \`${w(4)}\` (${w(5)}).`;
    });
    const handbook = (extra: string) => `# The storage handbook\n\n${paragraphs.join('\n\n')}\n\n${extra}\n`;
    const dir = tempFolder({ 'widget.md': WIDGET('a small gadget'), 'handbook.md': handbook('It ends here.') });
    const kb = await start(dir);
    const small = await longestStallDuring(() => write(dir, 'widget.md', WIDGET('edited beside a big note')), () => kb.answer('what is a widget').includes('edited beside'), 'the small edit');
    // The handbook did not change: its analysis is reused, only the widget note is read again.
    expect(kb.answerer.rebuildStats().analysed).toBe(1);
    const large = await longestStallDuring(
      () => write(dir, 'handbook.md', handbook('The last line names the zeppelin archive.')),
      () => kb.answerer.match('zeppelin archive handbook').outcome === 'answer',
      'the large edit',
    );
    console.log(`${Math.round(fs.statSync(path.join(dir, 'handbook.md')).size / 1e3)} kB note: longest event-loop stall ${Math.round(small)} ms (another note edited), ${Math.round(large)} ms (the note itself edited)`);
    // Before: the whole index was rebuilt on the event loop, seconds per reload (1.1 s here with the
    // analyses kept but the index built in one go); alone this is 100–200 ms, the bound leaves room
    // for a loaded 2-core machine.
    expect(small).toBeLessThan(800);
    expect(large).toBeLessThan(800);
  });

  it('watching fails for lack of inotify watches: said once, not per folder, and polling takes over', async () => {
    const dir = tempFolder({ 'widget.md': WIDGET('a small gadget') });
    let report: ((error: Error | null, events: readonly WatchEvent[]) => void) | undefined;
    const failing: WatchBackend = {
      async subscribe(_dir, onEvents) {
        report = onEvents;
        return { unsubscribe: async () => undefined };
      },
    };
    const kb = await start(dir, { backend: failing });
    expect(kb.watcher.mode).toBe('watch');
    for (let i = 0; i < 800; i++) report!(new Error(`inotify_add_watch on '${dir}/f${i}' failed: No space left on device`), []);
    const said = kb.logger.records.filter(r => r.level === 'warn' && /too many files or folders to watch/.test(r.message ?? ''));
    expect(said).toHaveLength(1);
    expect(kb.watcher.mode).toBe('poll');
    write(dir, 'widget.md', WIDGET('seen by polling'));
    await until(() => kb.answer('what is a widget').includes('seen by polling'), 'the polled edit');
  });

  it('a backend that cannot start at all: polling from the start, said once', async () => {
    const dir = tempFolder({ 'widget.md': WIDGET('a small gadget') });
    const refusing: WatchBackend = { subscribe: async () => Promise.reject(new Error('inotify_init: Too many open files (EMFILE)')) };
    const kb = await start(dir, { backend: refusing });
    expect(kb.watcher.mode).toBe('poll');
    expect(kb.logger.records.filter(r => r.level === 'warn' && /polling for changes instead/.test(r.message ?? ''))).toHaveLength(1);
    write(dir, 'widget.md', WIDGET('seen by polling'));
    await until(() => kb.answer('what is a widget').includes('seen by polling'), 'the polled edit');
  });
});
