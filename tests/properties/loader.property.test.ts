import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { Entry, KnowledgeIssue } from '../../src/core/knowledge/entry.ts';
import { loadKnowledge, parseMarkdownFile } from '../../src/core/knowledge/loader.ts';
import { entryRef } from '../../src/core/knowledge/slug.ts';
import { hugeText, markdownDoc, nastyText } from './arbitraries.ts';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const nonEmpty = (s: unknown): boolean => typeof s === 'string' && s.trim().length > 0;
const localizedOk = (v: unknown): boolean =>
  nonEmpty(v) ||
  (typeof v === 'object' && v !== null && Object.keys(v).length > 0 && Object.entries(v).every(([k, s]) => (k === 'zh' || k === 'en') && nonEmpty(s)));

/** What every consumer (matcher, quiz, daily, adapters) may rely on in an entry. */
function expectWellFormedEntry(e: Entry, file: string, lineCount: number): void {
  expect(nonEmpty(e.id), 'id').toBe(true);
  expect(e.ref).toBe(entryRef(e.id));
  expect(e.ref).toMatch(/^[0-9a-f]{12}$/);
  expect(localizedOk(e.title), `title ${JSON.stringify(e.title)}`).toBe(true);
  for (const [lang, body] of Object.entries(e.body)) {
    expect(['zh', 'en']).toContain(lang);
    expect(typeof body).toBe('string');
  }
  for (const list of [e.aliases, e.tags]) for (const s of list) expect(nonEmpty(s)).toBe(true);
  for (const q of e.quiz) {
    expect(localizedOk(q.question)).toBe(true);
    if (q.type === 'choice') {
      expect(q.options).toHaveLength(4);
      for (const o of q.options) expect(localizedOk(o)).toBe(true);
      expect(['A', 'B', 'C', 'D']).toContain(q.answer);
    } else {
      expect(q.type).toBe('short');
      expect(q.accept.length).toBeGreaterThan(0);
      for (const a of q.accept) expect(nonEmpty(a)).toBe(true);
    }
  }
  if (e.tip) expect(localizedOk(e.tip.question) && localizedOk(e.tip.answer)).toBe(true);
  expect(e.source.file).toBe(file);
  expect(Number.isInteger(e.source.line)).toBe(true);
  expect(e.source.line).toBeGreaterThanOrEqual(1);
  expect(e.source.line).toBeLessThanOrEqual(lineCount);
  expect(e.source.level).toBeGreaterThanOrEqual(0);
  expect(e.source.level).toBeLessThanOrEqual(6);
}

function expectWellFormedIssue(i: KnowledgeIssue): void {
  expect(typeof i.file).toBe('string');
  expect(Number.isInteger(i.line) && i.line >= 0, `line ${i.line}`).toBe(true);
  expect(['error', 'warning']).toContain(i.severity);
  expect(nonEmpty(i.message)).toBe(true);
}

function expectParsed(text: string, file = 'notes/x.md', budgetMs = 1000): Entry[] {
  const issues: KnowledgeIssue[] = [];
  const started = performance.now();
  const entries = parseMarkdownFile(file, text, issues);
  expect(performance.now() - started, 'parse time (ms)').toBeLessThan(budgetMs);
  const lineCount = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/).length;
  for (const e of entries) expectWellFormedEntry(e, file, lineCount);
  for (const i of issues) {
    expectWellFormedIssue(i);
    expect(i.file).toBe(file);
  }
  // Ids are unique within a file (the loader would otherwise drop one as a duplicate).
  expect(new Set(entries.map(e => e.id)).size, entries.map(e => e.id).join(', ')).toBe(entries.length);
  return entries;
}

/** Front matter of arbitrary YAML values in the fields the loader reads, plus unknown ones. */
const frontMatter = fc
  .record(
    {
      id: fc.oneof(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/), fc.anything(), nastyText(3)),
      title: fc.oneof(nastyText(4), fc.record({ zh: nastyText(3), en: nastyText(3) }, { requiredKeys: [] }), fc.anything()),
      aliases: fc.oneof(fc.array(nastyText(3), { maxLength: 5 }), fc.anything()),
      tags: fc.oneof(fc.array(nastyText(2), { maxLength: 4 }), fc.anything()),
      quiz: fc.oneof(
        fc.array(
          fc.oneof(
            fc.record({ type: fc.constant('choice'), question: nastyText(3), options: fc.array(nastyText(2), { maxLength: 5 }), answer: fc.oneof(fc.constantFrom('A', 'b', ' C ', 'E'), fc.anything()) }, { requiredKeys: [] }),
            fc.record({ type: fc.constant('short'), question: nastyText(3), accept: fc.oneof(fc.array(nastyText(2), { maxLength: 3 }), fc.anything()) }, { requiredKeys: [] }),
            fc.anything(),
          ),
          { maxLength: 4 },
        ),
        fc.anything(),
      ),
      tip: fc.oneof(fc.record({ question: nastyText(3), answer: nastyText(3) }, { requiredKeys: [] }), fc.anything()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  )
  .map(data => {
    try {
      return { yaml: YAML.stringify(data), hasId: data.id !== undefined };
    } catch {
      return { yaml: 'id: x\n', hasId: true };
    }
  });

/** A file with front matter, and whether that front matter has an id (a rich entry). */
const richCase = fc.tuple(frontMatter, markdownDoc).map(([fm, body]) => ({ text: `---\n${fm.yaml}---\n${body}`, hasId: fm.hasId }));
const richFile = richCase.map(c => c.text);

describe('the knowledge loader on hostile input (property)', () => {
  it('parseMarkdownFile never throws and returns well-formed entries and issues, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(markdownDoc, nastyText(60), fc.string({ unit: 'binary', maxLength: 400 })), text => {
        expectParsed(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('front matter with any YAML values in any field: a rich entry or clear issues, never a throw', () => {
    fc.assert(
      fc.property(richCase, ({ text, hasId }) => {
        const issues: KnowledgeIssue[] = [];
        const entries = parseMarkdownFile('rich.md', text, issues);
        expectParsed(text, 'rich.md');
        // Front matter with an id makes the file one entry, or none with an error saying why.
        if (hasId) {
          expect(entries.length).toBeLessThanOrEqual(1);
          if (entries.length === 0) expect(issues.some(i => i.severity === 'error'), JSON.stringify(issues)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('100 KB files (fewer runs) parse quickly', () => {
    fc.assert(
      fc.property(hugeText(100_000), text => {
        expectParsed(text, 'big.md', 1500);
      }),
      { numRuns: 60 },
    );
  });

  it('a heading line of 200 KB of spaces or brackets does not stall the loader', () => {
    for (const text of ['# a' + ' '.repeat(200_000) + 'x', '## ' + '['.repeat(200_000) + 'x', '# ' + '[a]('.repeat(50_000), 'Title' + ' '.repeat(200_000) + '\n===']) {
      expectParsed(text, 'long-heading.md', 1500);
    }
  });

  it('loadKnowledge on a folder of arbitrary files and names never throws; the rest loads', () => {
    const fileName = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 20 })
      .map(s => s.replace(/[/\\\u0000]/g, '_').replace(/[\uD800-\uDFFF]/g, '_'))
      .filter(s => s !== '.' && s !== '..' && Buffer.byteLength(s) + 3 <= 255);
    const content = fc.oneof(
      markdownDoc.map(s => Buffer.from(s)),
      richFile.map(s => Buffer.from(s)),
      fc.uint8Array({ maxLength: 300 }).map(a => Buffer.from(a)),
      nastyText(20).map(s => Buffer.from(s, 'utf8')),
    );
    const file = fc.record({
      dir: fc.constantFrom('', 'sub/', 'a/b/', '.hidden/', 'node_modules/'),
      name: fileName,
      ext: fc.constantFrom('.md', '.markdown', '.MD', '.txt', ''),
      content,
    });
    const glossary = fc.option(fc.oneof(nastyText(20), fc.anything().map(v => YAML.stringify(v) ?? '')), { nil: undefined });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 8 }), glossary, (files, glossaryText) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-prop-loader-'));
        tempDirs.push(root);
        const written = new Set<string>();
        for (const f of files) {
          const rel = `${f.dir}${f.name}${f.ext}`;
          if (written.has(rel.toLowerCase())) continue;
          written.add(rel.toLowerCase());
          fs.mkdirSync(path.join(root, f.dir), { recursive: true });
          try {
            fs.writeFileSync(path.join(root, rel), f.content);
          } catch {
            continue; // a name the file system refuses
          }
        }
        if (glossaryText !== undefined) fs.writeFileSync(path.join(root, 'glossary.yaml'), glossaryText);
        const kb = loadKnowledge(root);
        expect(new Set(kb.entries.map(e => e.id)).size).toBe(kb.entries.length);
        for (const e of kb.entries) {
          expect(fs.existsSync(path.join(root, e.source.file)), e.source.file).toBe(true);
          expect(e.source.file).not.toMatch(/^\.|\/\.|node_modules/);
          expect(e.source.file).toMatch(/\.(md|markdown)$/i);
          expectWellFormedEntry(e, e.source.file, Number.MAX_SAFE_INTEGER);
        }
        for (const i of kb.issues) expectWellFormedIssue(i);
        for (const g of kb.glossary) {
          expect(g.length).toBeGreaterThanOrEqual(2);
          for (const w of g) expect(nonEmpty(w)).toBe(true);
        }
        fs.rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: 250 },
    );
  });
});
