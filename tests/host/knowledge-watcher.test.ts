import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeAnswerer } from '../../src/core/answering/knowledge-answerer.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import type { Logger } from '../../src/core/ports.ts';
import { KnowledgeWatcher, type ReloadResult } from '../../src/host/knowledge-watcher.ts';
import { FakeClock } from '../support/fake-clock.ts';

/**
 * Hot reload with real files and real fs events: a note is edited, added and deleted in a temp
 * folder and the answers follow within seconds; a broken file keeps the previous knowledge. Waiting
 * is polling with a bound (10 s), as this is I/O, not the core's time.
 */

interface Line {
  readonly level: string;
  readonly context: Record<string, unknown>;
  readonly message?: string;
}

function recordingLogger(lines: Line[]): Logger {
  const add = (level: string) => (context: object, message?: string) => void lines.push({ level, context: { ...context }, ...(message !== undefined ? { message } : {}) });
  const logger: Logger = { debug: add('debug'), info: add('info'), warn: add('warn'), error: add('error'), child: () => logger };
  return logger;
}

const dirs: string[] = [];
const watchers: KnowledgeWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setup(mode: 'watch' | 'poll', files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-watch-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) write(dir, name, text);
  const lines: Line[] = [];
  const logger = recordingLogger(lines);
  const answerer = new KnowledgeAnswerer({
    knowledge: loadKnowledge(dir),
    clock: new FakeClock(0),
    logger,
  });
  const results: ReloadResult[] = [];
  const watcher = new KnowledgeWatcher({ dir, target: answerer, logger, mode, debounceMs: 100, pollMs: 200, onReload: r => results.push(r) });
  watchers.push(watcher);
  watcher.start();
  /** The answer's text for a question, or the outcome when it is not answered. */
  const answer = (question: string): string => {
    const result = answerer.match(question);
    if (result.outcome !== 'answer') return result.outcome;
    return answerer.entryById(result.answer!.id)!.body.en ?? '';
  };
  return { dir, answerer, watcher, lines, results, answer };
}

function write(dir: string, name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<number> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
  return Date.now() - start;
}

const WIDGET = '# What is a widget?\n\nA widget is a small gadget that sits on a panel.\n';
const SPROCKET = '# What is a sprocket?\n\nA sprocket is a toothed wheel that drives a chain.\n';
const BROKEN = '---\nid: broken\ntitle: [unclosed\n---\n\nbody\n';

describe('KnowledgeWatcher (@parcel/watcher)', () => {
  it('reloads after an edit, an added note and a deleted note, and keeps the previous knowledge when a file breaks', async () => {
    const kb = setup('watch', { 'widget.md': WIDGET });
    expect(kb.watcher.mode).toBe('watch');
    await kb.watcher.ready();
    expect(kb.answer('what is a widget')).toMatch(/small gadget/);

    write(kb.dir, 'widget.md', WIDGET.replace('small gadget', 'tiny control'));
    const editMs = await until(() => /tiny control/.test(kb.answer('what is a widget')), 'the edit');

    write(kb.dir, 'parts/sprocket.md', SPROCKET); // in a new sub-folder
    await until(() => /toothed wheel/.test(kb.answer('what is a sprocket')), 'the new note');

    fs.rmSync(path.join(kb.dir, 'widget.md'));
    await until(() => !/tiny control/.test(kb.answer('what is a widget')), 'the deletion');
    expect(kb.answerer.entries()).toHaveLength(1);
    expect(kb.lines.filter(l => l.message === 'knowledge reloaded').at(-1)!.context).toMatchObject({ entries: 1, previous: 2 });

    // A broken file: the reload is refused, the answers stay, the log names file:line.
    write(kb.dir, 'broken.md', BROKEN);
    write(kb.dir, 'parts/sprocket.md', SPROCKET.replace('toothed wheel', 'cog'));
    await until(() => kb.results.some(r => r.status === 'kept'), 'the refused reload');
    expect(kb.answer('what is a sprocket')).toMatch(/toothed wheel/);
    const why = kb.lines.find(l => l.level === 'warn' && l.context.where === 'broken.md:3')!;
    expect(why.message).toMatch(/^knowledge reload: front matter is not valid YAML/);
    expect(kb.lines.some(l => l.level === 'warn' && /keeping the previous knowledge/.test(l.message ?? ''))).toBe(true);

    // Fixed: the next change reloads (with the edit made while it was broken).
    fs.rmSync(path.join(kb.dir, 'broken.md'));
    await until(() => /cog/.test(kb.answer('what is a sprocket')), 'the reload after the fix');
    expect(editMs).toBeLessThan(10_000);
  });

  it('ignores hidden files (editor swap files, .git) and changes that leave every note as it was', async () => {
    const kb = setup('watch', { 'widget.md': WIDGET });
    await kb.watcher.ready();
    write(kb.dir, '.widget.md.swp', 'junk');
    write(kb.dir, '.git/index', 'junk');
    write(kb.dir, 'image.png', 'not a note'); // an event, but no file the loader reads changed
    await new Promise(r => setTimeout(r, 600));
    expect(kb.results.length).toBeGreaterThan(0); // the .png woke it up…
    expect(kb.results.every(r => r.status === 'unchanged')).toBe(true); // …but nothing was reloaded
  });
});

describe('KnowledgeWatcher (polling modification times)', () => {
  it('notices an edit by polling', async () => {
    const kb = setup('poll', { 'widget.md': WIDGET });
    expect(kb.watcher.mode).toBe('poll');
    write(kb.dir, 'widget.md', WIDGET.replace('small gadget', 'tiny control'));
    await until(() => /tiny control/.test(kb.answer('what is a widget')), 'the polled edit');
    expect(kb.lines.some(l => l.message === 'knowledge reloaded' && l.context.entries === 1)).toBe(true);
  });
});

describe('KnowledgeWatcher.reload()', () => {
  it('does not let an error that was there at start block later reloads, and refuses a folder that lost every entry', () => {
    const kb = setup('poll', { 'widget.md': WIDGET, 'broken.md': BROKEN });
    kb.watcher.close();
    expect(kb.answerer.knowledge().issues).toHaveLength(1);
    write(kb.dir, 'sprocket.md', SPROCKET);
    expect(kb.watcher.reload()).toMatchObject({ status: 'reloaded', entries: 2, previous: 1 });

    fs.rmSync(path.join(kb.dir, 'widget.md'));
    fs.rmSync(path.join(kb.dir, 'sprocket.md'));
    expect(kb.watcher.reload()).toMatchObject({ status: 'kept', entries: 2 });
    expect(kb.answerer.entries()).toHaveLength(2);
    expect(kb.lines.some(l => l.message === 'knowledge reload found no entries; keeping the previous knowledge')).toBe(true);
  });
});

describe('KnowledgeWatcher.completeInBackground()', () => {
  it('answers from notes read without quiz generation, then swaps in the generated items from a worker thread', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-complete-'));
    dirs.push(dir);
    const topics = ['widget', 'sprocket', 'flange', 'gasket', 'bearing', 'bushing'];
    for (const t of topics) {
      write(dir, `parts/${t}.md`, `# What is a ${t}?\n\nA ${t} is a machine part that engineers fit between two other parts so that they wear less and run smoothly for years. Every ${t} is sized to its shaft.\n\n## How is a ${t} made?\n\nA ${t} is cast from bronze, machined on a lathe to a tolerance of a few microns and then polished by hand before it ships. Each ${t} batch is then checked on a **CMM** in a quality lab.\n`);
    }
    const lines: Line[] = [];
    const logger = recordingLogger(lines);
    const answerer = new KnowledgeAnswerer({ knowledge: loadKnowledge(dir, { quizzes: false }), clock: new FakeClock(0), logger });
    const watcher = new KnowledgeWatcher({ dir, target: answerer, logger, mode: 'poll', pollMs: 60_000 });
    watchers.push(watcher);
    // Answering needs no quiz item: it works before any is generated.
    expect(answerer.entries().every(e => e.quiz.length === 0)).toBe(true);
    expect(answerer.match('what is a flange').answer?.title).toBe('What is a flange?');
    const pending = watcher.completeInBackground();
    expect(answerer.match('how is a gasket made').answer?.title).toBe('How is a gasket made?');
    await pending;
    const generated = answerer.entries().filter(e => e.quiz.length > 0);
    expect(generated.length).toBeGreaterThan(0);
    expect(generated.length).toBe(loadKnowledge(dir).entries.filter(e => e.quiz.length > 0).length);
    expect(answerer.match('what is a flange').answer?.title).toBe('What is a flange?');
    expect(lines.some(l => l.message === 'knowledge completed (quiz items generated)')).toBe(true);
    expect(lines.some(l => l.message === 'knowledge reloaded')).toBe(false);
  });
});
