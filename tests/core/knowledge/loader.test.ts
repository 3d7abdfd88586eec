import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KnowledgeBase, KnowledgeIssue } from '../../../src/core/knowledge/entry.ts';
import { LOADER_LIMITS, loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { entryRef } from '../../../src/core/knowledge/slug.ts';
import { pick } from '../../../src/core/language.ts';
import { useFolders } from '../../support/core-harness.ts';

const folder = useFolders('interview-bot-loader-');

const ids = (kb: KnowledgeBase) => kb.entries.map(e => e.id);
const errors = (kb: KnowledgeBase) => kb.issues.filter(i => i.severity === 'error');
const issueAt = (kb: KnowledgeBase, file: string): KnowledgeIssue[] => kb.issues.filter(i => i.file === file);

const RICH = (id: string, extra = '') => `---
id: ${id}
title:
  zh: 什么是装饰器？
  en: What is a decorator?
aliases: [decorator, 装饰器]
tags: [Language]${extra}
---

<!-- lang: zh -->
装饰器是一个接收函数并返回新函数的函数。

<!-- lang: en -->
A decorator takes a function and returns a new one.
`;

describe('loadKnowledge: plain notes', () => {
  const notes = `Intro text before any heading is not an entry.

# Python basics

## 1 What is a closure?

A function that remembers the variables of the scope it was defined in.

## 2. Shallow copy

Copies the outer object only.

\`\`\`python
# a comment, not a heading
import copy
import { useFolders } from '../../support/core-harness.ts';
\`\`\`

## Example

First example.

## Example

Second example.

### 3.1 Deep copy

Copies nested objects too.
`;

  it('turns every heading into an entry with id <file>#<slug of the title without numbering>', () => {
    const kb = loadKnowledge(folder({ 'python.md': notes, 'sub/dir/net.md': '# TCP 三次握手\n\n三次握手建立连接。\n' }));
    expect(kb.issues).toEqual([]);
    expect(ids(kb)).toEqual([
      'python#python-basics',
      'python#what-is-a-closure',
      'python#shallow-copy',
      'python#example',
      'python#example-2',
      'python#deep-copy',
      'sub/dir/net#tcp-三次握手',
    ]);
    const closure = kb.entries[1]!;
    expect(closure.title).toBe('What is a closure?');
    expect(closure.ref).toBe(entryRef('python#what-is-a-closure'));
    expect(closure.ref).toMatch(/^[0-9a-f]{12}$/);
    expect(closure.source).toEqual({ file: 'python.md', line: 5, heading: '1 What is a closure?', level: 2 });
    expect(closure.body.en).toBe('A function that remembers the variables of the scope it was defined in.');
    expect(closure.quiz).toEqual([]);
    expect(closure.tags).toEqual([]);
  });

  it('suffixes repeated titles -2, -3 … in file order, keeping each body', () => {
    const kb = loadKnowledge(folder({ 'a.md': '## Intro\none\n## 1 Intro\ntwo\n## 2 Intro\nthree\n' }));
    expect(ids(kb)).toEqual(['a#intro', 'a#intro-2', 'a#intro-3']);
    expect(kb.entries.map(e => e.body.en)).toEqual(['one', 'two', 'three']);
  });

  it('makes an entry of every question of a numbered list whose items open with a heading, with no warning', () => {
    const list = [
      '### Table of Contents',
      '',
      '1. ### What are props?',
      '',
      '   Props pass data from a parent to a child component.',
      '',
      '   ```js',
      "   props: ['title']",
      '   ```',
      '',
      '10. ### What are slots?',
      '',
      '    Slots pass markup into a child component.',
    ].join('\n');
    const kb = loadKnowledge(folder({ 'README.md': list }));
    expect(kb.entries.map(e => pick(e.title, 'en'))).toEqual(['Table of Contents', 'What are props?', 'What are slots?']);
    expect(pick(kb.entries[1]!.body, 'en')).toBe("Props pass data from a parent to a child component.\n\n```js\nprops: ['title']\n```");
    expect(kb.issues).toEqual([]);
  });

  it('generates no quiz items when asked not to (answering only), and still derives topics', () => {
    const section = (t: string, text: string) => `## ${t}\n\n${text}\n`;
    const dir = folder({
      'vuex/basics.md': `# Vuex\n\n${[
        section('What are mutations?', 'Mutations are the only functions allowed to change the state of the store, and they must be synchronous.'),
        section('What are getters?', 'Getters are computed values of the store, cached until the state they read changes again.'),
        section('What are modules?', 'Modules split a large store into parts, each with its own state, mutations, actions and getters.'),
        section('What are plugins?', 'Plugins are functions called with the store when it is created, often used to persist or log state.'),
      ].join('\n')}`,
    });
    const full = loadKnowledge(dir);
    const lean = loadKnowledge(dir, { quizzes: false });
    expect(full.entries.some(e => e.quiz.length > 0)).toBe(true);
    expect(lean.entries.every(e => e.quiz.length === 0)).toBe(true);
    expect(lean.quizCoverage).toBeUndefined();
    expect(lean.entries.map(e => e.topics)).toEqual(full.entries.map(e => e.topics));
    expect(lean.entries.map(e => e.id)).toEqual(full.entries.map(e => e.id));
  });

  it('keeps sub-sections in the parent body but indexes only its own text', () => {
    const kb = loadKnowledge(folder({ 'python.md': notes }));
    const chapter = kb.entries.find(e => e.id === 'python#python-basics')!;
    expect(chapter.ownText).toBe('');
    expect(chapter.body.en).toContain('Copies nested objects too.');
    const shallow = kb.entries.find(e => e.id === 'python#shallow-copy')!;
    expect(shallow.body.en).toContain('# a comment, not a heading'); // the code block stays in its section
  });

  it('detects the language of a plain note from its title and text', () => {
    const kb = loadKnowledge(folder({ 'zh.md': '## 什么是闭包\n\n闭包是引用了外部作用域变量的函数。\n', 'en.md': '## Closures\n\nA closure keeps its scope.\n' }));
    const zh = kb.entries.find(e => e.id === 'zh#什么是闭包')!;
    const en = kb.entries.find(e => e.id === 'en#closures')!;
    expect(Object.keys(zh.body)).toEqual(['zh']);
    expect(Object.keys(en.body)).toEqual(['en']);
  });

  it('keeps ids stable when OTHER files are edited, added or removed', () => {
    const dir = folder({ 'b-python.md': notes, 'a-other.md': '# Other\ntext\n' });
    const before = loadKnowledge(dir).entries.filter(e => e.source.file === 'b-python.md');
    fs.writeFileSync(path.join(dir, 'a-other.md'), '# Example\nsame title as in python.md\n## Intro\n## Example\n# What is a closure?\n');
    fs.writeFileSync(path.join(dir, 'a-new.md'), '# Shallow copy\nanother file, same title\n');
    const after = loadKnowledge(dir);
    expect(after.issues).toEqual([]);
    const python = after.entries.filter(e => e.source.file === 'b-python.md');
    expect(python.map(e => [e.id, e.ref, e.source.line])).toEqual(before.map(e => [e.id, e.ref, e.source.line]));
    // The same titles in other files get their own file's id.
    expect(ids(after)).toContain('a-new#shallow-copy');
    expect(ids(after)).toContain('a-other#example-2');
  });

  it('front matter without an id gives its tags (lower-cased) to every heading and shifts no line', () => {
    const kb = loadKnowledge(folder({ 'tagged.md': '---\ntags: [Concurrency, GIL]\n---\n# Threads\ntext\n## Locks\nmore\n' }));
    expect(kb.issues).toEqual([]);
    expect(kb.entries.map(e => [e.id, e.tags, e.source.line])).toEqual([
      ['tagged#threads', ['concurrency', 'gil'], 4],
      ['tagged#locks', ['concurrency', 'gil'], 6],
    ]);
  });

  it('reads only .md/.markdown files and skips hidden files and node_modules', () => {
    const kb = loadKnowledge(
      folder({
        'a.md': '# A\n',
        'b.markdown': '# B\n',
        'c.txt': '# C\n',
        '.hidden.md': '# Hidden\n',
        '.git/x.md': '# Git\n',
        'node_modules/pkg/readme.md': '# Pkg\n',
      }),
    );
    expect(ids(kb)).toEqual(['a#a', 'b#b']);
  });

  it('reports a folder that does not exist instead of throwing', () => {
    const kb = loadKnowledge(path.join(os.tmpdir(), 'interview-bot-does-not-exist-' + process.pid));
    expect(kb.entries).toEqual([]);
    expect(kb.issues).toHaveLength(1);
    expect(kb.issues[0]!.severity).toBe('error');
    expect(kb.issues[0]!.message).toMatch(/cannot read knowledge folder/);
  });
});

describe('loadKnowledge: rich entries', () => {
  it('reads front matter fields and splits the body into zh and en at <!-- lang --> markers', () => {
    const kb = loadKnowledge(folder({ 'deco.md': RICH('python-decorator') }));
    expect(kb.issues).toEqual([]);
    expect(kb.entries).toHaveLength(1);
    const e = kb.entries[0]!;
    expect(e.id).toBe('python-decorator');
    expect(e.ref).toBe(entryRef('python-decorator'));
    expect(e.title).toEqual({ zh: '什么是装饰器？', en: 'What is a decorator?' });
    expect(e.aliases).toEqual(['decorator', '装饰器']);
    expect(e.tags).toEqual(['language']);
    expect(e.body).toEqual({ zh: '装饰器是一个接收函数并返回新函数的函数。', en: 'A decorator takes a function and returns a new one.' });
    expect(e.body.zh).not.toContain('lang:');
    expect(e.source).toMatchObject({ file: 'deco.md', line: 1, level: 0 });
    expect(e.ownText).toBeUndefined();
  });

  it('keeps headings inside a rich body as part of it (one file, one entry)', () => {
    const kb = loadKnowledge(folder({ 'r.md': '---\nid: r1\ntitle: Rich\n---\n\n## Not an entry\n\n# Nor this\ntext\n' }));
    expect(ids(kb)).toEqual(['r1']);
    expect(kb.entries[0]!.body.en).toBe('## Not an entry\n\n# Nor this\ntext');
  });

  it('puts a body without markers in the language it is written in', () => {
    const kb = loadKnowledge(folder({ 'zh.md': '---\nid: zh-only\ntitle: 闭包\n---\n闭包是引用了外部变量的函数，常用于装饰器。\n' }));
    expect(kb.entries[0]!.body).toEqual({ zh: '闭包是引用了外部变量的函数，常用于装饰器。' });
  });

  it('reads quiz items (choice and short) and the tip', () => {
    const quiz = `
quiz:
  - type: choice
    question: { zh: 装饰器返回什么？, en: What does a decorator return? }
    options: [An int, A function, A module, Nothing]
    answer: b
  - type: short
    question: Which helper keeps the wrapped function's name?
    accept: [functools.wraps, wraps]
    explanation: { en: It copies __name__ and __doc__., zh: 它复制 __name__ 和 __doc__。 }
tip:
  question: { zh: "@d 等价于什么？", en: "What is @d shorthand for?" }
  answer: "f = d(f)"`;
    const kb = loadKnowledge(folder({ 'q.md': RICH('with-quiz', quiz) }));
    expect(kb.issues).toEqual([]);
    const e = kb.entries[0]!;
    expect(e.quiz).toEqual([
      { type: 'choice', question: { zh: '装饰器返回什么？', en: 'What does a decorator return?' }, options: ['An int', 'A function', 'A module', 'Nothing'], answer: 'B' },
      {
        type: 'short',
        question: "Which helper keeps the wrapped function's name?",
        accept: ['functools.wraps', 'wraps'],
        explanation: { en: 'It copies __name__ and __doc__.', zh: '它复制 __name__ 和 __doc__。' },
      },
    ]);
    expect(e.tip).toEqual({ question: { zh: '@d 等价于什么？', en: 'What is @d shorthand for?' }, answer: 'f = d(f)' });
  });

  it('reports malformed YAML with the file and the line of the error; other files still load', () => {
    const broken = '---\nid: broken\ntitle: "unclosed\naliases: [a, b\n---\nbody\n';
    const badIndent = '---\nid: bad-indent\ntitle: ok\ntags:\n  - a\n - b\n---\nbody\n';
    const kb = loadKnowledge(folder({ 'a-good.md': RICH('good-one'), 'b-broken.md': broken, 'c-indent.md': badIndent, 'd-notes.md': '# Still here\ntext\n' }));
    expect(ids(kb)).toEqual(['good-one', 'd-notes#still-here']);
    const [b] = issueAt(kb, 'b-broken.md');
    expect(b).toMatchObject({ file: 'b-broken.md', severity: 'error' });
    expect(b!.message).toMatch(/not valid YAML/);
    // The unclosed quote opens on line 3 of the file; YAML notices it where the front matter ends (line 4).
    expect([3, 4]).toContain(b!.line);
    const [c] = issueAt(kb, 'c-indent.md');
    expect(c).toMatchObject({ file: 'c-indent.md', severity: 'error', line: 6 }); // " - b" is line 6 of the file
    expect(kb.issues).toHaveLength(2);
  });

  it('reports front matter that is not a map', () => {
    const kb = loadKnowledge(folder({ 'list.md': '---\n- a\n- b\n---\nbody\n' }));
    expect(kb.entries).toEqual([]);
    expect(kb.issues).toEqual([expect.objectContaining({ file: 'list.md', line: 2, severity: 'error' })]);
  });

  describe('schema errors point at the line of their key', () => {
    const file = (quizYaml: string) => `---
id: schema
title: Schema test
aliases: [x]
${quizYaml}
---
body
`;
    // Line 5 of the file is the quiz: key (after ---, id, title, aliases).
    it.each([
      ['a choice item without 4 options', 'quiz:\n  - type: choice\n    question: Q?\n    options: [a, b, c]\n    answer: A', /exactly 4 options/],
      ['a choice item with 5 options', 'quiz:\n  - type: choice\n    question: Q?\n    options: [a, b, c, d, e]\n    answer: A', /exactly 4 options/],
      ['a bad answer letter', 'quiz:\n  - type: choice\n    question: Q?\n    options: [a, b, c, d]\n    answer: E', /answer must be one of A, B, C, D/],
      ['a short item without accept', 'quiz:\n  - type: short\n    question: Q?', /needs accept/],
      ['a short item with an empty accept', 'quiz:\n  - type: short\n    question: Q?\n    accept: []', /needs accept/],
      ['an unknown quiz type', 'quiz:\n  - type: essay\n    question: Q?', /"choice" or "short"/],
      ['a quiz item without a question', 'quiz:\n  - type: short\n    accept: [x]', /needs a question/],
    ])('%s', (_name, quizYaml, message) => {
      const kb = loadKnowledge(folder({ 'schema.md': file(quizYaml), 'ok.md': '# Other\ntext\n' }));
      expect(ids(kb)).toEqual(['ok#other']); // the invalid entry is skipped, the rest loads
      const issue = errors(kb).find(i => message.test(i.message));
      expect(issue, JSON.stringify(kb.issues)).toMatchObject({ file: 'schema.md', line: 5, severity: 'error' });
    });

    it('a missing title is an error, a bad id is an error on the id line', () => {
      const kb = loadKnowledge(folder({ 't.md': '---\nid: "has space"\naliases: [x]\n---\nbody\n' }));
      expect(kb.entries).toEqual([]);
      expect(kb.issues).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: 't.md', line: 2, severity: 'error', message: expect.stringMatching(/^id must be/) }),
          expect.objectContaining({ file: 't.md', severity: 'error', message: expect.stringMatching(/title is required/) }),
        ]),
      );
    });

    it('an unknown field is only a warning on its line: the entry still loads', () => {
      const kb = loadKnowledge(folder({ 'u.md': RICH('unknown-field', '\ndifficulty: hard') }));
      expect(ids(kb)).toEqual(['unknown-field']);
      expect(kb.issues).toEqual([{ file: 'u.md', line: 8, severity: 'warning', message: expect.stringMatching(/unknown field "difficulty"/) }]);
    });

    it('a rich entry without a body is an error', () => {
      const kb = loadKnowledge(folder({ 'nobody.md': '---\nid: nobody\ntitle: Empty\n---\n\n<!-- lang: en -->\n\n' }));
      expect(kb.entries).toEqual([]);
      expect(kb.issues).toEqual([expect.objectContaining({ file: 'nobody.md', severity: 'error', message: expect.stringMatching(/no body/) })]);
    });
  });

  it('reports a duplicate id across files as an error on the second file and keeps the first', () => {
    const kb = loadKnowledge(folder({ 'a/first.md': RICH('same-id'), 'b/second.md': RICH('same-id').replace('A decorator takes', 'SECOND takes') }));
    expect(ids(kb)).toEqual(['same-id']);
    expect(kb.entries[0]!.source.file).toBe('a/first.md');
    expect(kb.entries[0]!.body.en).toMatch(/^A decorator takes/);
    expect(kb.issues).toEqual([
      { file: 'b/second.md', line: 1, severity: 'error', message: expect.stringMatching(/duplicate id "same-id".*a\/first\.md/) },
    ]);
  });

  it('reports a rich id that collides with a plain-note id', () => {
    const kb = loadKnowledge(folder({ 'a.md': '# Topic\ntext\n', 'b.md': '---\nid: "a#topic"\ntitle: x\n---\nbody\n' }));
    // "#" is not allowed in a rich id, so the rich entry is rejected, not silently shadowed.
    expect(ids(kb)).toEqual(['a#topic']);
    expect(errors(kb).map(i => i.file)).toEqual(['b.md']);
  });
});

describe('loadKnowledge: files that are not notes', () => {
  it('reports a binary file (NUL bytes) and skips it', () => {
    const kb = loadKnowledge(folder({ 'image.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]), 'ok.md': '# Ok\n' }));
    expect(ids(kb)).toEqual(['ok#ok']);
    expect(kb.issues).toEqual([{ file: 'image.md', line: 0, severity: 'error', message: expect.stringMatching(/binary/) }]);
  });

  it('reports a file over LOADER_LIMITS.maxFileBytes and skips it', () => {
    const big = Buffer.alloc(LOADER_LIMITS.maxFileBytes + 1, 'a');
    big.write('# Huge\n');
    const kb = loadKnowledge(folder({ 'huge.md': big, 'ok.md': '# Ok\n' }));
    expect(ids(kb)).toEqual(['ok#ok']);
    expect(kb.issues).toEqual([{ file: 'huge.md', line: 0, severity: 'error', message: expect.stringMatching(/limit is 5 MB/) }]);
    // Exactly at the limit is still read.
    const edge = Buffer.alloc(LOADER_LIMITS.maxFileBytes, ' ');
    edge.write('# Edge\n');
    expect(ids(loadKnowledge(folder({ 'edge.md': edge })))).toEqual(['edge#edge']);
  });

  it.skipIf(process.platform === 'win32')('reports and skips a symlink that leaves the folder; a link inside it is read', () => {
    const outside = folder({ 'secret.md': '# Secret\nnot part of the knowledge\n' });
    const dir = folder({ 'ok.md': '# Ok\n', 'sub/inner.md': '# Inner\n' });
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(dir, 'escape.md'));
    fs.symlinkSync(outside, path.join(dir, 'escape-dir'));
    fs.symlinkSync(path.join(dir, 'sub', 'inner.md'), path.join(dir, 'alias.md'));
    fs.symlinkSync(path.join(dir, 'missing.md'), path.join(dir, 'dangling.md'));
    const kb = loadKnowledge(dir);
    expect(ids(kb)).toEqual(['alias#inner', 'ok#ok', 'sub/inner#inner']);
    expect(kb.entries.some(e => /Secret/.test(String(e.title)))).toBe(false);
    const byFile = Object.fromEntries(kb.issues.map(i => [i.file, i.message]));
    expect(byFile['escape.md']).toMatch(/outside the knowledge folder/);
    expect(byFile['escape-dir']).toMatch(/outside the knowledge folder/);
    expect(byFile['dangling.md']).toMatch(/broken symbolic link/);
    expect(kb.issues).toHaveLength(3);
  });

  it('reads CRLF files and files starting with a BOM like any other', () => {
    const crlfRich = RICH('crlf-rich').replace(/\n/g, '\r\n');
    const bomRich = '\uFEFF' + RICH('bom-rich');
    const crlfNotes = '\uFEFF# Title one\r\n\r\nBody one.\r\n\r\n## Title two\r\nBody two.\r\n';
    const kb = loadKnowledge(folder({ 'a.md': crlfRich, 'b.md': bomRich, 'c.md': crlfNotes }));
    expect(kb.issues).toEqual([]);
    expect(ids(kb)).toEqual(['crlf-rich', 'bom-rich', 'c#title-one', 'c#title-two']);
    for (const e of kb.entries.slice(0, 2)) {
      expect(e.title).toEqual({ zh: '什么是装饰器？', en: 'What is a decorator?' });
      expect(e.body).toEqual({ zh: '装饰器是一个接收函数并返回新函数的函数。', en: 'A decorator takes a function and returns a new one.' });
    }
    expect(kb.entries[2]!.body.en).toBe('Body one.\n\n## Title two\nBody two.');
    expect(kb.entries[2]!.title).toBe('Title one');
    expect(kb.entries[3]!.source.line).toBe(5);
    for (const e of kb.entries) expect(JSON.stringify(e)).not.toMatch(/\\r|\\ufeff|\uFEFF/);
  });
});

describe('loadKnowledge: glossary.yaml', () => {
  it('reads extra groups from glossary.yaml at the top of the folder', () => {
    const kb = loadKnowledge(folder({ 'glossary.yaml': '# words that mean the same\n- [decorator, 装饰器, 修饰器]\n- [ "  shallow copy ", 浅拷贝]\n', 'a.md': '# A\n' }));
    expect(kb.issues).toEqual([]);
    expect(kb.glossary).toEqual([
      ['decorator', '装饰器', '修饰器'],
      ['shallow copy', '浅拷贝'],
    ]);
  });

  it('has no glossary groups without the file', () => {
    expect(loadKnowledge(folder({ 'a.md': '# A\n' })).glossary).toEqual([]);
  });

  it('reports bad groups with their line and keeps the good ones', () => {
    const yaml = ['- [decorator, 装饰器]', '- [lonely]', '- not a list', '- [ok, fine]', '- [word, 42]', '- [word, ""]'].join('\n');
    const kb = loadKnowledge(folder({ 'glossary.yaml': yaml, 'a.md': '# A\n' }));
    expect(kb.glossary).toEqual([
      ['decorator', '装饰器'],
      ['ok', 'fine'],
    ]);
    expect(kb.issues.map(i => [i.file, i.line, i.severity])).toEqual([
      ['glossary.yaml', 2, 'error'],
      ['glossary.yaml', 3, 'error'],
      ['glossary.yaml', 5, 'error'],
      ['glossary.yaml', 6, 'error'],
    ]);
    expect(kb.issues[0]!.message).toMatch(/at least two words/);
  });

  it('points at the real line of a bad group when comments and multi-line groups come first', () => {
    const yaml = ['# Team glossary', '# each group: words that mean the same', '- [decorator, 装饰器]', '- - shallow copy', '  - 浅拷贝', '- [lonely]'].join('\n');
    const kb = loadKnowledge(folder({ 'glossary.yaml': yaml, 'a.md': '# A\n' }));
    expect(kb.glossary).toHaveLength(2);
    expect(kb.issues.map(i => [i.file, i.line])).toEqual([['glossary.yaml', 6]]);
  });

  it('reports a glossary that is not valid YAML or not a list, and entries still load', () => {
    const invalid = loadKnowledge(folder({ 'glossary.yaml': '# comment\n- [ok, fine]\n- [a, b\n- [c, d]\n', 'a.md': '# A\n' }));
    expect(ids(invalid)).toEqual(['a#a']);
    expect(invalid.glossary).toEqual([]);
    expect(invalid.issues).toEqual([expect.objectContaining({ file: 'glossary.yaml', severity: 'error', message: expect.stringMatching(/not valid YAML/) })]);
    // The unclosed group is on line 3; YAML notices it there or on the next line.
    expect([3, 4]).toContain(invalid.issues[0]!.line);
    const map = loadKnowledge(folder({ 'glossary.yaml': 'decorator: 装饰器\n', 'a.md': '# A\n' }));
    expect(map.issues).toEqual([expect.objectContaining({ file: 'glossary.yaml', line: 1, message: expect.stringMatching(/list of groups/) })]);
  });
});
