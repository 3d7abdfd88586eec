import { describe, expect, it } from 'vitest';
import { fencedLines, splitSections, stripNumbering } from '../../../src/core/knowledge/markdown-sections.ts';

const headings = (md: string) => splitSections(md).map(s => [s.level, s.heading, s.line] as const);

describe('splitSections: headings', () => {
  it('finds ATX headings of every level, with their 1-based line, trailing #s removed', () => {
    const md = ['# One', 'text', '## Two ##', '### Three', '#### Four', '##### Five', '###### Six', '####### not a heading'].join('\n');
    expect(headings(md)).toEqual([
      [1, 'One', 1],
      [2, 'Two', 3],
      [3, 'Three', 4],
      [4, 'Four', 5],
      [5, 'Five', 6],
      [6, 'Six', 7],
    ]);
  });

  it('needs a space after the #s and ignores empty headings and 4-space indented lines', () => {
    const md = ['#hashtag', '#', '##   ', '    # indented code', '   # three spaces is fine'].join('\n');
    expect(headings(md)).toEqual([[1, 'three spaces is fine', 5]]);
  });

  it('finds setext headings (=== level 1, --- level 2) after a blank line or at the start', () => {
    const md = ['Title', '=====', '', 'Some text.', '', 'Sub title', '---', 'body of sub'].join('\n');
    expect(headings(md)).toEqual([
      [1, 'Title', 1],
      [2, 'Sub title', 6],
    ]);
    const sub = splitSections(md)[1]!;
    expect(sub.ownText).toBe('body of sub');
  });

  it('does not take a list item, a quote or a paragraph continuation over --- for a setext heading', () => {
    const md = ['- item', '---', '', '> quote', '---', '', 'line one', 'line two', '---', '', '1. first', '==='].join('\n');
    expect(headings(md)).toEqual([]);
  });

  it('does not see headings inside ``` or ~~~ fences (a Python # comment stays code)', () => {
    const md = [
      '# Real',
      '```python',
      '# this comment is not a heading',
      'x = 1',
      '```',
      '~~~',
      '## nor this',
      '~~~',
      '## Also real',
    ].join('\n');
    expect(headings(md)).toEqual([
      [1, 'Real', 1],
      [2, 'Also real', 9],
    ]);
    // The code stays in the body, intact.
    expect(splitSections(md)[0]!.ownText).toContain('# this comment is not a heading');
  });

  it('closes a fence only with the same character, at least as long: shorter or other fences inside are code', () => {
    const md = [
      '# Outer',
      '````markdown',
      '```',
      '# inside a 4-backtick fence',
      '```',
      '~~~',
      '# still inside',
      '````',
      '## After',
      '~~~~',
      '# in tildes',
      '~~~',
      '# still in tildes (the closing fence was shorter)',
      '~~~~~',
      '## Last',
    ].join('\n');
    expect(headings(md).map(h => h[1])).toEqual(['Outer', 'After', 'Last']);
  });

  it('treats everything after an unclosed fence as code', () => {
    const md = ['# Before', '```', '# not a heading', '## nor this', 'Setext inside', '==='].join('\n');
    expect(headings(md)).toEqual([[1, 'Before', 1]]);
    expect(fencedLines(md.split('\n'))).toEqual([false, true, true, true, true, true]);
  });

  it('does not take a backtick line with backticks in its info string for a fence', () => {
    const md = ['# A', '``` not `a` fence', '## B'].join('\n');
    expect(headings(md).map(h => h[1])).toEqual(['A', 'B']);
  });

  it('does not take --- under a fence for a setext underline of the line before', () => {
    const md = ['# A', '', '```', 'code', '```', '---', 'text'].join('\n');
    expect(headings(md).map(h => h[1])).toEqual(['A']);
  });

  it('accepts CRLF line endings', () => {
    expect(headings('# A\r\ntext\r\n## B\r\nmore\r\n')).toEqual([
      [1, 'A', 1],
      [2, 'B', 3],
    ]);
    expect(splitSections('# A\r\ntext\r\n## B\r\nmore\r\n')[0]!.ownText).toBe('text');
  });
});

describe('splitSections: body and own text', () => {
  const md = [
    'Preamble is not a section.',
    '',
    '# Chapter',
    '',
    'Intro of the chapter.',
    '',
    '## Section one',
    'One.',
    '### Detail',
    'Detail text.',
    '## Section two',
    'Two.',
    '# Next chapter',
    'Next.',
  ].join('\n');
  const byHeading = Object.fromEntries(splitSections(md).map(s => [s.heading, s]));

  it('has no section for text before the first heading', () => {
    expect(splitSections(md).map(s => s.heading)).toEqual(['Chapter', 'Section one', 'Detail', 'Section two', 'Next chapter']);
  });

  it('body runs to the next heading of the same or a higher level (sub-sections included)', () => {
    expect(byHeading['Chapter']!.body).toBe(['Intro of the chapter.', '', '## Section one', 'One.', '### Detail', 'Detail text.', '## Section two', 'Two.'].join('\n'));
    expect(byHeading['Section one']!.body).toBe(['One.', '### Detail', 'Detail text.'].join('\n'));
    expect(byHeading['Detail']!.body).toBe('Detail text.');
    expect(byHeading['Section two']!.body).toBe('Two.');
    expect(byHeading['Next chapter']!.body).toBe('Next.');
  });

  it('ownText runs to the next heading of any level, blank lines trimmed', () => {
    expect(byHeading['Chapter']!.ownText).toBe('Intro of the chapter.');
    expect(byHeading['Section one']!.ownText).toBe('One.');
  });

  it('a heading followed directly by a sub-heading has empty ownText but a full body', () => {
    const s = splitSections('# Only chapter\n## Child\nchild text');
    expect(s[0]!.ownText).toBe('');
    expect(s[0]!.body).toBe('## Child\nchild text');
  });

  it('a fenced block with a # line stays in the section it belongs to', () => {
    const s = splitSections('## Copy\nText.\n\n```python\n# comment\nimport copy\n```\n## Next\nx');
    expect(s.map(x => x.heading)).toEqual(['Copy', 'Next']);
    expect(s[0]!.body).toBe('Text.\n\n```python\n# comment\nimport copy\n```');
  });
});

describe('splitSections: a heading that opens a list item', () => {
  // The layout of large public question lists: each question a numbered list item opening with a heading.
  const LIST = [
    '# Questions', // 1
    '', // 2
    '1. ### What are closures?', // 3
    '', // 4
    '   A closure is a function with the scope it was made in.', // 5
    '', // 6
    '   ```python', // 7
    '   # a comment, not a heading', // 8
    '   def f(): pass', // 9
    '   ```', // 10
    '', // 11
    '   #### Why use one', // 12
    '   To keep state.', // 13
    '', // 14
    '10. ### What is hoisting?', // 15
    '', // 16
    '    Declarations move up.', // 17
    '', // 18
    '    **[Back to top](#questions)**', // 19
  ].join('\n');

  it('is a heading of its own level, the list marker dropped, on its own line number', () => {
    expect(headings(LIST)).toEqual([
      [1, 'Questions', 1],
      [3, 'What are closures?', 3],
      [4, 'Why use one', 12],
      [3, 'What is hoisting?', 15],
    ]);
  });

  it("reads the item's indented lines as its text, de-indented, with code fences kept as code", () => {
    const [, closures, why, hoisting] = splitSections(LIST);
    expect(closures!.ownText).toBe('A closure is a function with the scope it was made in.\n\n```python\n# a comment, not a heading\ndef f(): pass\n```');
    expect(closures!.body).toContain('#### Why use one\nTo keep state.');
    expect(why!.ownText).toBe('To keep state.');
    expect(hoisting!.ownText).toBe('Declarations move up.\n\n**[Back to top](#questions)**');
  });

  it('ends the item at a heading at the margin: what follows is read as written', () => {
    const md = ['- ### Inside', '  text', '## Outside', '  two spaces kept', '    # indented code'].join('\n');
    expect(headings(md)).toEqual([
      [3, 'Inside', 1],
      [2, 'Outside', 3],
    ]);
    expect(splitSections(md)[1]!.ownText).toBe('  two spaces kept\n    # indented code');
  });

  it('is no heading inside a fenced code block, nor without a space after the #s', () => {
    const md = ['## Real', '```md', '1. ### Example in code', '```', '2. #hashtag', '3.### no space after the marker'].join('\n');
    expect(headings(md)).toEqual([[2, 'Real', 1]]);
  });
});

describe('splitSections: a heading that only labels an answer', () => {
  it('("##### Answer: 4", "### Solution") is no heading: its text stays with the question above', () => {
    const md = ['#### 1. What is the output of `[1,2,3].length`?', '', '##### Answer: 3', '', 'An array of three items has length 3.', '', '#### 2. What is hoisting?', '', '### Solution', 'Declarations move to the top of their scope.', '', '### Example: hoisting a function', 'f(); function f() {}'].join('\n');
    expect(headings(md).map(h => h[1])).toEqual(['1. What is the output of `[1,2,3].length`?', '2. What is hoisting?', 'Example: hoisting a function']);
    const [first, second] = splitSections(md);
    expect(first!.ownText).toBe('##### Answer: 3\n\nAn array of three items has length 3.');
    expect(second!.ownText).toContain('Declarations move to the top of their scope.');
  });
});

describe('splitSections: a heading that only labels an example of the section above', () => {
  it('("#### Example 3: …", "#### 示例二") deeper than its question is part of the question\'s text', () => {
    const md = [
      '### What is watch() and how is it used?',
      'watch() runs a callback when a source changes.',
      '#### Example 1: Watching a `ref`',
      'watch(count, n => log(n))',
      '#### Example 3: Watching a reactive object deeply',
      'watch(() => user, log, { deep: true })',
      '### MVCC 的两种读形式',
      '快照读和当前读。',
      '#### 示例二',
      'select ... for update 是当前读。',
      '#### Examples of deep watchers in the wild',
      'A heading that names more than an example label is a section of its own.',
    ].join('\n');
    expect(headings(md).map(h => h[1])).toEqual(['What is watch() and how is it used?', 'MVCC 的两种读形式', 'Examples of deep watchers in the wild']);
    const [watch, mvcc] = splitSections(md);
    expect(watch!.ownText).toContain('{ deep: true }');
    expect(mvcc!.ownText).toContain('是当前读');
  });

  it('at the level of the heading above or higher, is a section of its own', () => {
    const md = ['#### What is hoisting?', 'Declarations move up.', '### Example: hoisting a function', 'f(); function f() {}'].join('\n');
    expect(headings(md).map(h => h[1])).toEqual(['What is hoisting?', 'Example: hoisting a function']);
  });
});

describe('splitSections: collapsible questions (<details><summary>)', () => {
  const MD = [
    '## Kubernetes 101', // 1
    '', // 2
    '<details>', // 3
    '<summary>What is a <code>Pod</code>?</summary><br><b>', // 4
    '', // 5
    'The smallest deployable unit: one or more containers sharing a network namespace.', // 6
    '', // 7
    '</b></details>', // 8
    '', // 9
    '<details><summary>Why NOT use Kubernetes?</summary><br><b>A small team with a dozen containers does not need it.</b></details>', // 10
    '', // 11
    '###### 3. What is the output?', // 12
    '```js', // 13
    'console.log(1 + "1")', // 14
    '```', // 15
    '<details><summary><b>Answer</b></summary>', // 16
    '<p>"11": the number is converted to a string.</p>', // 17
    '</details>', // 18
  ].join('\n');

  it('is a heading one level below the heading it follows, its text ending at </details>', () => {
    expect(headings(MD)).toEqual([
      [2, 'Kubernetes 101', 1],
      [3, 'What is a Pod?', 4],
      [3, 'Why NOT use Kubernetes?', 10],
      [6, '3. What is the output?', 12],
    ]);
    const [chapter, pod, why] = splitSections(MD);
    expect(pod!.ownText).toBe('The smallest deployable unit: one or more containers sharing a network namespace.');
    expect(pod!.body).toBe(pod!.ownText);
    expect(why!.ownText).toBe('A small team with a dozen containers does not need it.');
    expect(chapter!.ownText).toBe('');
  });

  it('keeps a summary that only labels a collapsed answer ("Answer") in the question above it', () => {
    const output = splitSections(MD)[3]!;
    expect(output.ownText).toContain('<details><summary><b>Answer</b></summary>');
    expect(output.ownText).toContain('"11": the number is converted to a string.');
  });

  it('sees no summary inside a code fence', () => {
    expect(headings('## Html\n```html\n<details><summary>Click</summary>x</details>\n```')).toEqual([[2, 'Html', 1]]);
  });
});

describe('stripNumbering', () => {
  it.each([
    ['12 GIL', 'GIL'],
    ['3.1 Shallow copy', 'Shallow copy'],
    ['1.2.3 Deep nesting', 'Deep nesting'],
    ['2. Closures', 'Closures'],
    ['1) Generators', 'Generators'],
    ['Q. What is a closure?', 'What is a closure?'],
    ['Q12: What is a closure?', 'What is a closure?'],
    ['Q3 What is a thread?', 'What is a thread?'],
    ['Question 4: Why GIL?', 'Why GIL?'],
    ['一、装饰器', '装饰器'],
    ['十二、进程与线程', '进程与线程'],
    ['（二）深拷贝', '深拷贝'],
    ['(3) 浅拷贝', '浅拷贝'],
    ['第3题 什么是闭包', '什么是闭包'],
    ['第十二章 并发', '并发'],
    ['问题1：什么是协程', '什么是协程'],
    ['1、生成器', '生成器'],
    ['1装饰器的原理', '装饰器的原理'],
    ['**bold** title', 'bold title'],
    ['`code` title', 'code title'],
    ['12 **GIL** and `threading`', 'GIL and threading'],
    ['[Link text](https://example.com)', 'Link text'],
    ['1.2 == 和 equals() 的区别', '== 和 equals() 的区别'], // an operator that begins the title is no arithmetic
    ['# 10. JAVA STRINGS', 'JAVA STRINGS'], // "## # 10. JAVA STRINGS": a heading marker typed twice
  ])('%j → %j', (input, expected) => {
    expect(stripNumbering(input)).toBe(expected);
  });

  it.each([
    ['Python 3.13 features', 'Python 3.13 features'],
    ['HTTP2 vs HTTP3', 'HTTP2 vs HTTP3'],
    ['2FA', '2FA'],
    ['3D打印', '3D打印'],
    ['99.9% availability - three 9s', '99.9% availability - three 9s'], // a value, not numbering
    ['99.99% availability', '99.99% availability'],
    ['0.1 + 0.2 != 0.3', '0.1 + 0.2 != 0.3'],
    ['404 page', 'page'], // a leading number followed by a space is numbering, by the documented rule
    ['Queue basics', 'Queue basics'],
    ['Q', 'Q'],
    ['12', '12'],
    ['#include guards', '#include guards'],
    ['C# basics', 'C# basics'],
  ])('keeps what is not numbering: %j → %j', (input, expected) => {
    expect(stripNumbering(input)).toBe(expected);
  });

  it('never strips a heading down to nothing', () => {
    for (const h of ['1.', 'Q1:', '一、', '（二）', '第3题', '问题1：']) expect(stripNumbering(h).length).toBeGreaterThan(0);
  });
});
