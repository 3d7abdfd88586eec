import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeAnswerer } from '../../../src/core/answering/knowledge-answerer.ts';
import type { KnowledgeBase } from '../../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { silentLogger } from '../../../src/core/ports.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { useFolders } from '../../support/core-harness.ts';

const folder = useFolders('interview-bot-rebuild-');

const NOTES: Record<string, string> = {
  'python.md': [
    '# Python',
    '## What is the GIL?',
    'The global interpreter lock lets one thread run Python bytecode at a time.',
    '## How do generators work?',
    'A generator function returns an iterator; `yield` suspends it and `next()` resumes it.',
    '## What is a decorator?',
    'A decorator wraps a function to add behaviour without changing its code.',
  ].join('\n\n'),
  'databases.md': [
    '# Databases',
    '## 索引的优缺点',
    '索引加快查询，但占用空间，写入时需要维护。',
    '## 索引的使用场景',
    '经常出现在 WHERE 和 JOIN 条件中的列适合建索引。',
    '## What is a transaction?',
    'A unit of work that is atomic, consistent, isolated and durable.',
  ].join('\n\n'),
  'network.md': [
    '# Network',
    '## What happens in the TCP three-way handshake?',
    'SYN, SYN-ACK, ACK: both sides agree on initial sequence numbers.',
    '## HTTP 和 HTTPS 的区别',
    'HTTPS 在 HTTP 之下加了 TLS：加密、认证和完整性。',
  ].join('\n\n'),
};

const QUESTIONS = [
  'what is the gil',
  'how do generators work in python',
  'explain decorators',
  '索引有什么优缺点',
  '什么时候用索引',
  'what is a transaction',
  'tcp handshake',
  'http和https有什么区别',
  'how do I bake bread',
];

function answererOn(knowledge: KnowledgeBase, pause?: () => Promise<void>): KnowledgeAnswerer {
  return new KnowledgeAnswerer({ knowledge, clock: new FakeClock(0), logger: silentLogger, ...(pause ? { pause } : {}) });
}

/** A pause the test releases by hand: the rebuild advances only when told to. */
function manualPause(): { pause: () => Promise<void>; steps: () => number; release: () => void } {
  const waiting: (() => void)[] = [];
  let steps = 0;
  return {
    pause: () =>
      new Promise<void>(resolve => {
        steps++;
        waiting.push(resolve);
      }),
    steps: () => steps,
    release: () => waiting.splice(0).forEach(r => r()),
  };
}

/** Releases pauses until `done` settles (each release lets the rebuild take one more step). */
async function drive(done: Promise<unknown>, control: { release: () => void }): Promise<void> {
  let settled = false;
  void done.finally(() => (settled = true));
  for (let i = 0; i < 100_000 && !settled; i++) {
    control.release();
    await Promise.resolve();
    await new Promise(r => setImmediate(r));
  }
  await done;
}

function outcomes(a: KnowledgeAnswerer) {
  return QUESTIONS.map(q => {
    const r = a.match(q);
    return { q, outcome: r.outcome, answer: r.answer?.id, confidence: r.confidence.toFixed(6), suggestions: r.suggestions.map(s => s.id) };
  });
}

describe('rebuilding the index in steps after an edit', () => {
  it('analyses only the entries whose text changed, and answers exactly as a fresh build does', async () => {
    const dir = folder(NOTES);
    const answerer = answererOn(loadKnowledge(dir));
    const all = answerer.rebuildStats().analysed;
    expect(all).toBe(11); // eight questions and three file titles
    expect(answerer.rebuildStats().reused).toBe(0);

    fs.writeFileSync(path.join(dir, 'python.md'), NOTES['python.md']!.replace('add behaviour', 'add logging, caching or checks'));
    const edited = loadKnowledge(dir);
    expect(await answerer.replaceInSteps(edited)).toBe(true);
    // One text changed: the decorator's entry. The file's H1 is a chapter, found by its own text, not
    // by its sections' text: it and the other nine entries are as before.
    expect(answerer.rebuildStats()).toEqual({ analysed: 1, reused: all - 1 });
    expect(outcomes(answerer)).toEqual(outcomes(answererOn(edited)));
    expect(answerer.match('decorator caching').answer?.id).toMatch(/decorator/);
  });

  it('keeps no analysis for notes larger than analysisCacheMaxEntries: every rebuild analyses all, and answers the same', async () => {
    const dir = folder(NOTES);
    const small = new KnowledgeAnswerer({ knowledge: loadKnowledge(dir), clock: new FakeClock(0), logger: silentLogger, matchOptions: { analysisCacheMaxEntries: 5 } });
    fs.writeFileSync(path.join(dir, 'python.md'), NOTES['python.md']!.replace('add behaviour', 'add logging, caching or checks'));
    const edited = loadKnowledge(dir);
    expect(await small.replaceInSteps(edited)).toBe(true);
    expect(small.rebuildStats()).toEqual({ analysed: 11, reused: 0 });
    expect(outcomes(small)).toEqual(outcomes(answererOn(edited)));
  });

  it('keeps answering from the previous knowledge until the new index is ready', async () => {
    const dir = folder(NOTES);
    const control = manualPause();
    const answerer = answererOn(loadKnowledge(dir), control.pause);
    fs.writeFileSync(path.join(dir, 'cooking.md'), '# Cooking\n\n## How do I bake bread?\n\nFlour, water, salt and yeast; knead, prove, bake at 230 °C.\n');
    const done = answerer.replaceInSteps(loadKnowledge(dir));
    await Promise.resolve();
    expect(answerer.match('how do I bake bread').outcome).toBe('decline'); // the old index, not a half-built one
    expect(answerer.match('what is the gil').outcome).toBe('answer');
    await drive(done, control);
    expect(await done).toBe(true);
    expect(control.steps()).toBeGreaterThan(1); // it did give the thread back between steps
    expect(answerer.match('how do I bake bread').answer?.id).toMatch(/cooking/);
  });

  it('drops a rebuild overtaken by a newer one: the newest knowledge wins', async () => {
    const dir = folder(NOTES);
    const control = manualPause();
    const answerer = answererOn(loadKnowledge(dir), control.pause);
    fs.writeFileSync(path.join(dir, 'cooking.md'), '# Cooking\n\n## How do I bake bread?\n\nFlour, water, salt and yeast.\n');
    const first = answerer.replaceInSteps(loadKnowledge(dir));
    fs.rmSync(path.join(dir, 'cooking.md'));
    fs.writeFileSync(path.join(dir, 'garden.md'), '# Garden\n\n## How do I grow tomatoes?\n\nSun, water and a stake to climb.\n');
    const second = answerer.replaceInSteps(loadKnowledge(dir));
    await drive(Promise.all([first, second]), control);
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(answerer.match('how do I grow tomatoes').answer?.id).toMatch(/garden/);
    expect(answerer.match('how do I bake bread').outcome).toBe('decline');
  });

  it('reads a very long note a piece at a time, and finds words at its very end', async () => {
    const filler = Array.from({ length: 4000 }, (_, i) => `Paragraph ${i} says something about records and fields.`).join('\n\n');
    const dir = folder({ ...NOTES, 'manual.md': `# Manual\n\n## The storage manual\n\n${filler}\n\nThe last paragraph mentions zeppelins.\n` });
    const answerer = answererOn(loadKnowledge(dir));
    expect(answerer.match('zeppelins storage manual').answer?.id).toMatch(/manual/);
    const control = manualPause();
    const stepped = answererOn(loadKnowledge(folder(NOTES)), control.pause);
    const done = stepped.replaceInSteps(loadKnowledge(dir));
    await drive(done, control);
    // About 220 kB of body: at least ten pieces, each a step of its own.
    expect(control.steps()).toBeGreaterThanOrEqual(10);
    expect(outcomes(stepped)).toEqual(outcomes(answerer));
    expect(stepped.match('zeppelins storage manual').answer?.id).toMatch(/manual/);
  });

  it('analyses everything again when the words it analyses with change (a new glossary)', async () => {
    const dir = folder(NOTES);
    const answerer = answererOn(loadKnowledge(dir));
    fs.writeFileSync(path.join(dir, 'glossary.yaml'), '- [decorator, wrapper function]\n');
    expect(await answerer.replaceInSteps(loadKnowledge(dir))).toBe(true);
    expect(answerer.rebuildStats()).toEqual({ analysed: 11, reused: 0 });
    expect(answerer.match('what is a wrapper function').answer?.id).toMatch(/decorator/);
  });
});

describe('aliases added from outside the notes', () => {
  it('are used at once, analyse only the entries they change, and survive a reload', async () => {
    const dir = folder(NOTES);
    const answerer = answererOn(loadKnowledge(dir));
    const question = 'why does my eight-core box sit idle';
    expect(answerer.match(question).outcome).toBe('decline');
    const gil = answerer.entries().find(e => /gil/.test(e.id))!;
    expect(await answerer.setExtraAliases(new Map([[gil.id, [question]]]))).toBe(true);
    expect(answerer.rebuildStats()).toEqual({ analysed: 1, reused: 10 });
    expect(answerer.match(question).answer?.id).toBe(gil.id);
    // The notes themselves are unchanged: the alias is not written into them.
    expect(answerer.entryById(gil.id)!.aliases).toEqual([]);

    fs.writeFileSync(path.join(dir, 'network.md'), NOTES['network.md']! + '\n\n## What is DNS?\n\nIt turns names into addresses.\n');
    await answerer.replaceInSteps(loadKnowledge(dir));
    expect(answerer.match(question).answer?.id).toBe(gil.id);
    expect(answerer.match('what is dns').answer?.id).toMatch(/dns/);
  });
});
