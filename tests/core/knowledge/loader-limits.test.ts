/**
 * Knowledge files that are not notes (issue 7, "Bad input"): what loader.test.ts does not cover yet.
 * Each is reported with a clear message, the rest of the folder loads, and nothing throws.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../../src/core/knowledge/entry.ts';
import { isInside, LOADER_LIMITS, loadKnowledge, parseMarkdownFile } from '../../../src/core/knowledge/loader.ts';
import { useFolders } from '../../support/core-harness.ts';

const folder = useFolders('interview-bot-limits-');

const ids = (kb: KnowledgeBase) => kb.entries.map(e => e.id);
const messageFor = (kb: KnowledgeBase, file: string) => kb.issues.filter(i => i.file === file).map(i => i.message);
const posix = process.platform !== 'win32';

/** Loads and times it: a bad file must never make loading slow either. */
function timedLoad(dir: string, budgetMs = 3000): KnowledgeBase {
  const started = performance.now();
  const kb = loadKnowledge(dir);
  expect(performance.now() - started, 'load time (ms)').toBeLessThan(budgetMs);
  return kb;
}

describe('loadKnowledge: huge files', () => {
  it('reports a 10 MB file without reading it whole, and loads the rest', () => {
    const dir = folder({ 'ok.md': '# Ok\ntext\n' });
    // Written sparse: the size is what counts, the loader must stop at the stat.
    const fd = fs.openSync(path.join(dir, 'huge.md'), 'w');
    fs.writeSync(fd, '# Huge\n');
    fs.ftruncateSync(fd, 10 * 1024 * 1024);
    fs.closeSync(fd);
    const kb = timedLoad(dir, 1000);
    expect(ids(kb)).toEqual(['ok#ok']);
    expect(kb.issues).toEqual([{ file: 'huge.md', line: 0, severity: 'error', message: 'file is 10.0 MB; the limit is 5 MB' }]);
  });

  it('loads a file just under the limit made of one pathological heading line, quickly', () => {
    const size = LOADER_LIMITS.maxFileBytes - 16;
    const dir = folder({
      'spaces.md': `# a${' '.repeat(size)}x\n`,
      'brackets.md': `## ${'[a]('.repeat(size / 4)}\n`,
      'ok.md': '# Ok\n',
    });
    const kb = timedLoad(dir, 5000);
    expect(ids(kb)).toEqual(expect.arrayContaining(['ok#ok', 'spaces#a-x']));
    expect(kb.issues).toEqual([]);
  });

  it('loads question-list layouts made pathological (a summary never closed, a line of list markers), quickly', () => {
    const size = LOADER_LIMITS.maxFileBytes - 64;
    const dir = folder({
      'summary.md': `# S\n<details><summary>${'a <b>'.repeat(size / 5)}\n`,
      'markers.md': `# M\n${'1. '.repeat(size / 3)}### x\n`,
      'unclosed.md': `# U\n${'<details><summary>Why?</summary>\ntext\n'.repeat(20000)}`,
      'ok.md': '# Ok\n',
    });
    const kb = timedLoad(dir, 5000);
    expect(ids(kb)).toEqual(expect.arrayContaining(['ok#ok', 'summary#s', 'markers#m', 'unclosed#why']));
    expect(kb.entries.filter(e => e.source.file === 'unclosed.md')).toHaveLength(20001);
  });

  it.skipIf(!posix)(`reports the files beyond LOADER_LIMITS.maxFiles (${LOADER_LIMITS.maxFiles}) and keeps the first ones`, () => {
    const dir = folder();
    for (let i = 0; i <= LOADER_LIMITS.maxFiles; i++) fs.writeFileSync(path.join(dir, `n${String(i).padStart(5, '0')}.md`), `# Note ${i}\n`);
    const kb = timedLoad(dir, 15_000);
    expect(kb.entries).toHaveLength(LOADER_LIMITS.maxFiles);
    expect(kb.issues).toEqual([{ file: `n${String(LOADER_LIMITS.maxFiles).padStart(5, '0')}.md`, line: 0, severity: 'error', message: `more than ${LOADER_LIMITS.maxFiles} files; the rest are skipped` }]);
  }, 60_000);
});

describe('loadKnowledge: malformed files', () => {
  it('reports a YAML alias bomb in front matter instead of throwing', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const dir = folder({ 'bomb.md': `---\nid: bomb\ntitle: Boom\n${levels.join('\n')}\n---\nbody\n`, 'ok.md': '# Ok\n' });
    const kb = timedLoad(dir, 2000);
    expect(ids(kb)).toEqual(['ok#ok']);
    expect(kb.issues).toEqual([{ file: 'bomb.md', line: 2, severity: 'error', message: expect.stringMatching(/^front matter cannot be read: .*alias/i) }]);
  });

  it('reports front matter nested too deeply for the YAML parser', () => {
    const dir = folder({ 'deep.md': `---\nid: deep\ntitle: t\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n---\nbody\n`, 'ok.md': '# Ok\n' });
    const kb = timedLoad(dir);
    expect(ids(kb)).toEqual(['ok#ok']);
    expect(kb.issues).toHaveLength(1);
    expect(kb.issues[0]).toMatchObject({ file: 'deep.md', severity: 'error' });
  });

  it('warns about a file that is not UTF-8 (a GBK note), with the line of the first bad byte, and still loads it', () => {
    // "# 装饰器\n" in UTF-8, then a line in GBK (装饰器 = D7 B0 CA CE C6 F7).
    const gbk = Buffer.concat([Buffer.from('# Decorator\n\nfine line\n'), Buffer.from([0xd7, 0xb0, 0xca, 0xce, 0xc6, 0xf7, 0x0a])]);
    const kb = timedLoad(folder({ 'gbk.md': gbk, 'ok.md': '# Ok\n' }));
    expect(ids(kb)).toEqual(['gbk#decorator', 'ok#ok']);
    expect(kb.issues).toEqual([{ file: 'gbk.md', line: 4, severity: 'warning', message: expect.stringMatching(/not valid UTF-8/) }]);
  });

  it('gives every heading its own id even when a title slugs to another one\'s suffixed id', () => {
    const issues: never[] = [];
    const entries = parseMarkdownFile('dups.md', '# x\n\n# x\n\n# x 2\n\n# x\n', issues);
    expect(entries.map(e => e.id)).toEqual(['dups#x', 'dups#x-2', 'dups#x-2-2', 'dups#x-3']);
    const kb = timedLoad(folder({ 'dups.md': '# x\n\n# x\n\n# x 2\n' }));
    expect(ids(kb)).toHaveLength(3);
    expect(kb.issues).toEqual([]);
  });

  it('drops empty tags given by front matter without an id', () => {
    const kb = timedLoad(folder({ 'tags.md': '---\ntags: ["", "  ", Python, 3]\n---\n# Heading\n' }));
    expect(kb.entries[0]!.tags).toEqual(['python']);
  });
});

describe.skipIf(!posix)('loadKnowledge: links and special files', () => {
  it('reports a directory symlink loop (a → b → a) and a self-link as loops; a link back to the root is not followed', () => {
    const dir = folder({ 'ok.md': '# Ok\n', 'sub/inner.md': '# Inner\n' });
    fs.symlinkSync(path.join(dir, 'b'), path.join(dir, 'a'));
    fs.symlinkSync(path.join(dir, 'a'), path.join(dir, 'b'));
    fs.symlinkSync(path.join(dir, 'self.md'), path.join(dir, 'self.md'));
    fs.symlinkSync(dir, path.join(dir, 'sub', 'root-again'));
    fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
    const kb = timedLoad(dir, 2000);
    expect(ids(kb)).toEqual(['ok#ok', 'sub/inner#inner']);
    expect(messageFor(kb, 'a')).toEqual([expect.stringMatching(/symbolic link loop/)]);
    expect(messageFor(kb, 'b')).toEqual([expect.stringMatching(/symbolic link loop/)]);
    expect(messageFor(kb, 'self.md')).toEqual([expect.stringMatching(/symbolic link loop/)]);
    expect(kb.issues).toHaveLength(3);
  });

  it('reports a link that leaves the folder through another link inside it', () => {
    const outside = folder({ 'secret.md': '# Secret\n' });
    const dir = folder({ 'ok.md': '# Ok\n' });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'hop1.md'));
    fs.symlinkSync(path.join(dir, 'hop1.md'), path.join(dir, 'hop2.md'));
    fs.symlinkSync(path.join(outside), path.join(dir, 'hop-dir'));
    fs.symlinkSync(path.join(dir, 'hop-dir'), path.join(dir, 'hop-dir-2'));
    const kb = timedLoad(dir);
    expect(ids(kb)).toEqual(['ok#ok']);
    for (const f of ['hop1.md', 'hop2.md', 'hop-dir', 'hop-dir-2']) expect(messageFor(kb, f)).toEqual([expect.stringMatching(/outside the knowledge folder/)]);
  });

  it('a link named like an image or a script is not a note: never an error, wherever it points or whether it resolves', () => {
    const outside = folder({ 'photo.png': 'PNG', 'run.sh': 'echo hi' });
    const dir = folder({ 'ok.md': '# Ok\n' });
    fs.symlinkSync(path.join(outside, 'photo.png'), path.join(dir, 'photo.png'));
    fs.symlinkSync(path.join(outside, 'run.sh'), path.join(dir, 'run'));
    fs.symlinkSync(path.join(outside, 'gone.png'), path.join(dir, 'gone.png'));
    fs.symlinkSync(path.join(outside, 'photo.png'), path.join(dir, 'photo.md'));
    const kb = timedLoad(dir);
    expect(ids(kb)).toEqual(['ok#ok']);
    // The Markdown-named link that leaves the folder is still reported; the others are not.
    expect(kb.issues.map(i => i.file)).toEqual(['photo.md']);
  });

  it('knows what is inside the root folder `/` (check / must not call every link on the machine "outside")', () => {
    expect(isInside('/', '/usr/lib/x.md')).toBe(true);
    expect(isInside('/', '/')).toBe(true);
    expect(isInside('/notes', '/notes/a/b.md')).toBe(true);
    expect(isInside('/notes', '/notes-old/b.md')).toBe(false);
    expect(isInside('/notes', '/elsewhere/b.md')).toBe(false);
    expect(isInside('/notes', '/notes/..hidden.md')).toBe(true);
  });

  it('loads through a knowledge folder that is itself a symlink', () => {
    const real = folder({ 'ok.md': '# Ok\n', 'sub/inner.md': '# Inner\n' });
    const parent = folder();
    fs.symlinkSync(real, path.join(parent, 'knowledge'));
    const kb = timedLoad(path.join(parent, 'knowledge'));
    expect(ids(kb)).toEqual(['ok#ok', 'sub/inner#inner']);
    expect(kb.issues).toEqual([]);
  });

  it('does not block on a named pipe called notes.md (nor on a link to it)', () => {
    const dir = folder({ 'ok.md': '# Ok\n' });
    execFileSync('mkfifo', [path.join(dir, 'pipe.md')]);
    fs.symlinkSync(path.join(dir, 'pipe.md'), path.join(dir, 'pipe-link.md'));
    const kb = timedLoad(dir, 2000);
    expect(ids(kb)).toEqual(['ok#ok']);
  });

  it('keeps loading past a folder it may not list', () => {
    const dir = folder({ 'ok.md': '# Ok\n', 'locked/secret.md': '# Secret\n' });
    fs.chmodSync(path.join(dir, 'locked'), 0o000);
    try {
      const kb = timedLoad(dir);
      expect(ids(kb)).toContain('ok#ok');
      // Root reads anything; everyone else gets the folder reported.
      if (process.getuid?.() !== 0) expect(messageFor(kb, 'locked')).toEqual([expect.stringMatching(/cannot list folder/)]);
    } finally {
      fs.chmodSync(path.join(dir, 'locked'), 0o755);
    }
  });

  it('reports a dangling .md link and a .md folder without stopping', () => {
    const dir = folder({ 'ok.md': '# Ok\n', 'folder.md/inner.md': '# Inner\n' });
    fs.symlinkSync(path.join(dir, 'gone.md'), path.join(dir, 'dangling.md'));
    const kb = timedLoad(dir);
    expect(ids(kb)).toEqual(['folder.md/inner#inner', 'ok#ok']);
    expect(messageFor(kb, 'dangling.md')).toEqual(['broken symbolic link']);
  });
});
