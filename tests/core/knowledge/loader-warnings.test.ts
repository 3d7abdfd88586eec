import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { emptyHeadings, unclosedFence } from '../../../src/core/knowledge/markdown-sections.ts';
import { useFolders } from '../../support/core-harness.ts';

/**
 * What silently changes how a note is read is reported as a warning (file and line), so `check`
 * shows it: a code fence never closed, front matter without an id, headings with no title.
 */
const folder = useFolders('interview-bot-loader-warnings-');
const warnings = (files: Record<string, string>) =>
  loadKnowledge(folder(files))
    .issues.filter(i => i.severity === 'warning')
    .map(i => `${i.file}:${i.line}: ${i.message}`);

describe('loader warnings', () => {
  it('an unclosed code fence: the file and the line where it opened (the headings after it are lost)', () => {
    const kb = loadKnowledge(folder({ 'a.md': '# Notes\n\n## What is a fence?\n\ntext\n\n```python\nx = 1\n\n## Lost heading\n\nlost text\n' }));
    expect(kb.entries.map(e => e.title)).toEqual(['Notes', 'What is a fence?']);
    expect(kb.issues).toEqual([
      { file: 'a.md', line: 7, severity: 'warning', message: 'this code block (```) is never closed: everything after it, to the end of the file, is read as code, so the headings below it are not entries' },
    ]);
    // After front matter the line is still the file's; a rich entry says what it means there.
    expect(warnings({ 'r.md': '---\nid: r\ntitle: R\n---\n\nbody\n\n~~~\ncode\n' })).toEqual([
      'r.md:8: this code block (```) is never closed: everything after it, to the end of the file, is shown as code',
    ]);
    // Closed fences, longer closers and fences inside other fences are fine.
    expect(warnings({ 'ok.md': '## A\n\n```\ncode\n```\n\n## B\n\n````md\n```\ninner\n```\n````\n\n~~~\nx\n~~~~\n' })).toEqual([]);
  });

  it('front matter without id: says the file is read as plain notes and which fields are ignored', () => {
    expect(warnings({ 'fm.md': '---\ntitle: Not used\naliases: [a]\ntags: [x]\n---\n\n## One\n\nbody\n' })).toEqual([
      'fm.md:1: front matter has no "id", so this file is read as plain notes: each heading becomes an entry of its own and only "tags" applies; "title", "aliases" are ignored. Add an id to make the whole file one entry with these fields',
    ]);
    // Tags alone is the documented way to tag plain notes: nothing to warn about.
    expect(warnings({ 'tags.md': '---\ntags: [x]\n---\n\n## One\n\nbody\n' })).toEqual([]);
  });

  it('headings that can never be found: an empty heading, or one that is only numbering or formatting', () => {
    const kb = loadKnowledge(folder({ 'h.md': '## One\n\nbody\n\n##\n\n### ###\n\n## **  **\n\nbody two\n\n```\n##\n```\n' }));
    expect(kb.entries.map(e => e.title)).toEqual(['One']);
    expect(kb.issues.map(i => `${i.line}: ${i.message}`)).toEqual([
      '5: heading with no title: it can never be found (no entry is made), and its text joins the entry above',
      '7: heading with no title: it can never be found (no entry is made), and its text joins the entry above',
      '9: heading "**  **" has no words once its numbering and formatting are removed: it can never be found (no entry is made)',
    ]);
  });

  it('unclosedFence and emptyHeadings on lines', () => {
    expect(unclosedFence(['a', '```', 'b'])).toBe(1);
    expect(unclosedFence(['a', '```', 'b', '```'])).toBeUndefined();
    expect(unclosedFence(['```'])).toBe(0);
    expect(unclosedFence([])).toBeUndefined();
    expect(emptyHeadings(['#', '# x', '```', '#', '```', '  ## ##'])).toEqual([0, 5]);
  });
});
