import { describe, expect, it } from 'vitest';
import type { ShortItem } from '../../../../src/core/knowledge/entry.ts';
import { kbOf } from './notes-in-memory.ts';

/**
 * Rules from the fifth round of blind ratings (300 typed items from a Java guide, a DevOps question
 * bank, backend notes and twelve earlier repositories): a blank whose answer is a name the example
 * code chose (a numbered method, a variable of a class type, an element of the example's array)
 * cannot be worked out by a player who does not see the code.
 */
const blanks = (files: Record<string, string>, glossary: string[][] = []) =>
  kbOf(files, glossary)
    .entries.flatMap(e => e.quiz)
    .filter((q): q is ShortItem => q.type === 'short')
    .map(q => q.accept[0]);

describe("no blank for a name an example's code chose", () => {
  const java = [
    '# JVM',
    '',
    '## How are large objects allocated?',
    '',
    '```java',
    'public class GCTest {',
    '    public void method2() {',
    '        Object allocation2 = new byte[4 * 1024 * 1024];',
    '    }',
    '    @Override',
    '    public boolean equals(Object other) { return other == this; }',
    '}',
    '```',
    '',
    'Because the young generation is already full, `allocation2` goes straight into the old generation of the heap.',
    '',
    'The test shows that `method2()` runs after the first minor collection has already moved the survivors.',
    '',
    'Every class that overrides `equals()` must also override hashCode so that hash-based collections keep working.',
    '',
  ].join('\n');

  it('a numbered method or a variable of a class type defined in the code is no blank; an overridden method of the language is', () => {
    const answers = blanks({ 'jvm.md': java });
    expect(answers).not.toContain('allocation2');
    expect(answers).not.toContain('method2()');
    expect(answers).toContain('equals()');
  });

  it("an element of the example's array (dp[i]) is no blank; a type with empty brackets (byte[]) is", () => {
    const dp = [
      '# Dynamic programming',
      '',
      '## How do you rob houses in a row?',
      '',
      'The value `dp[i]` holds the most money from the first houses up to the current one, never two neighbours together.',
      '',
      'Since Java 9 a string stores its characters in a `byte[]` array together with a coder flag, which halves the memory.',
      '',
    ].join('\n');
    const answers = blanks({ 'dp.md': dp });
    expect(answers).not.toContain('dp[i]');
    expect(answers).toContain('byte[]');
  });
});

describe('no blank for a table an SQL example creates or reads', () => {
  const note = (code: string) =>
    ['# SQL 练习', '', '## 删除表', '', '```sql', code, '```', '', '多年来每位用户的试卷作答记录都存放在 `exam_answers` 中，按提交时间排列。', ''].join('\n');

  it('a table named after CREATE TABLE, FROM, JOIN or INTO in the code is no blank; the same name the code does not use is', () => {
    expect(blanks({ 'sql.md': note('SELECT 1;') })).toEqual(['exam_answers']);
    expect(blanks({ 'sql.md': note('CREATE TABLE exam_answers (uid INT, score INT);') })).toEqual([]);
    expect(blanks({ 'sql.md': note('DELETE FROM exam_answers WHERE score < 60;') })).toEqual([]);
  });
});

describe("no blank for a column, field or block the example's data or code names", () => {
  it('a snake_case name in the code or a data table of the entry is no blank; the same name elsewhere is', () => {
    const note = (data: string) =>
      ['# SQL', '', '## Which customers ordered?', '', data, '', 'Join the orders to the customers on their ids and then return `cust_segment` for each matching row.', ''].join('\n');
    expect(blanks({ 'sql.md': note('Orders are kept per customer and per day.') })).toEqual(['cust_segment']);
    expect(blanks({ 'sql.md': note('| cust_id | cust_segment |\n| --- | --- |\n| 1 | Ann |') })).toEqual([]);
    expect(blanks({ 'sql.md': note('```sql\nSELECT cust_segment FROM Customers;\n```') })).toEqual([]);
  });

  it('a sentence that points at the code below or above is no blank', () => {
    const note = (lead: string) => ['# React', '', '## How do you read form input?', '', `${lead} the \`onChange\` handler copies every keystroke of the field into the state of the form.`, ''].join('\n');
    expect(blanks({ 'r.md': note('In a controlled form,') })).toEqual(['onChange']);
    expect(blanks({ 'r.md': note('In the below component,') })).toEqual([]);
  });
});

describe('no blank whose answer a compound name in the prompt spells', () => {
  it('an accepted answer that is a part of a camelCase name in the prompt (random of RandomLoadBalance) gives it away', () => {
    const note = (name: string) =>
      ['# Dubbo', '', '## 负载均衡策略', '', `${name} 是默认的负载均衡策略，按权重设置**随机**概率，调用量越大分布越均匀。`, ''].join('\n');
    const glossary = [['random', '随机']];
    expect(blanks({ 'dubbo.md': note('WeightedPolicy') }, glossary)).toEqual(['随机']);
    expect(blanks({ 'dubbo.md': note('RandomLoadBalance') }, glossary)).toEqual([]);
  });
});

describe('no blank for an acronym the sentence spells out, a word giving more than its initial', () => {
  it('UUID is given away by "Universally Unique Identifier" (ID of Identifier); an acronym the sentence does not spell is asked', () => {
    const note = (rest: string) => ['# IDs', '', '## What is a UUID?', '', `A **UUID** is a 128-bit label ${rest}, so that two machines never pick the same one.`, ''].join('\n');
    expect(blanks({ 'ids.md': note('made from random bits and a timestamp') })).toEqual(['UUID']);
    expect(blanks({ 'ids.md': note('whose name says it: a Universally Unique Identifier') })).toEqual([]);
  });
});

describe('a configuration key is typed whole', () => {
  it('a lower-case dotted key accepts no tail ("poll.interval.ms" is no setting); a member of a known root does', () => {
    const kb = kbOf({
      'kafka.md': ['# Kafka', '', '## Why is my consumer kicked out of the group?', '', 'When processing one batch takes longer than `max.poll.interval.ms` allows, the broker drops the consumer from its group and rebalances.', ''].join('\n'),
      'web.md': ['# Browser', '', '## Where is the current address?', '', 'The address of the current page is found at `window.location.href` in every handler after the first render.', ''].join('\n'),
    });
    const accepts = kb.entries.flatMap(e => e.quiz).filter((q): q is ShortItem => q.type === 'short').map(q => q.accept);
    expect(accepts).toContainEqual(['max.poll.interval.ms']);
    expect(accepts).toContainEqual(['window.location.href', 'location.href', 'href']);
  });
});

describe('name the term: rules from the blind rating of 110 name-the-term items', () => {
  const named = (files: Record<string, string>) =>
    kbOf(files)
      .entries.flatMap(e => e.quiz)
      .filter((q): q is ShortItem => q.generated?.kind === 'name-term')
      .map(q => q.accept[0]);

  it('a Chinese term whose last two characters follow its first in the sentence is given away (的锁进行消除 for 锁消除)', () => {
    const note = (rest: string) => `# Java 并发\n\n## 锁消除\n\n锁消除是指虚拟机即时编译器在运行时，${rest}。\n`;
    expect(named({ 'jvm.md': note('对被检测出不可能存在共享数据竞争的同步代码块直接去掉同步') })).toEqual(['锁消除']);
    expect(named({ 'jvm.md': note('对被检测出不可能存在竞争的共享数据的锁进行消除') })).toEqual([]);
  });

  it('a name whose translation is a part of a compound name in the sentence is no answer here either (sharding of ShardingSphere)', () => {
    const glossary = [['sharding', '分片']];
    const note = (tail: string) => `# 数据库\n\n## 什么是分片？\n\n分片是指把数据按键拆到多个节点上，${tail}就是为它而生的工具。\n`;
    const named2 = (files: Record<string, string>) => kbOf(files, glossary).entries.flatMap(e => e.quiz).filter((q): q is ShortItem => q.generated?.kind === 'name-term').map(q => q.accept[0]);
    expect(named2({ 'db.md': note('常见的数据库中间件') })).toEqual(['分片']);
    expect(named2({ 'db.md': note('ShardingSphere 这类中间件') })).toEqual([]);
  });

  it('"The executable is…" refers to a thing of the text, not a term; a name the example code defines is no answer', () => {
    expect(named({ 'c.md': `# Toolchain\n\n## Compiling\n\nThe executable is a separate file from the source code that the compiler writes next to the objects.\n` })).toEqual([]);
    expect(named({ 'c.md': `# Toolchain\n\n## Linking\n\nA linker is a program that joins the object files of a build into one executable file or library.\n` })).toEqual(['linker']);
    const lvalue = '# C++\n\n## Lvalues\n\n```cpp\ndouble price = 9.5;\n```\n\n`price` is an lvalue because it names an object that lives at an address in memory.\n';
    expect(named({ 'l.md': lvalue })).toEqual([]);
  });
});

describe('no blank in a sentence that points at a figure, in traditional Chinese too', () => {
  it('"以 圖 3-5 為例" points at a figure as "以图 3-5 为例" does', () => {
    const note = (lead: string) => ['# 儲存', '', '## 如何在段檔案中查找鍵？', '', `${lead}稀疏索引只記錄部分鍵的偏移量，查找時先找到最近的鍵，再從那裡掃描 \`SSTable\` 檔案。`, ''].join('\n');
    expect(blanks({ 's.md': note('') })).toEqual(['SSTable']);
    expect(blanks({ 's.md': note('以 圖 3-5 為例：') })).toEqual([]);
  });
});
