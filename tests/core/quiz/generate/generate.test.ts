import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChoiceItem, Entry, KnowledgeBase, KnowledgeIssue, QuizItem, ShortItem } from '../../../../src/core/knowledge/entry.ts';
import { loadKnowledge, parseMarkdownFile } from '../../../../src/core/knowledge/loader.ts';
import { pick } from '../../../../src/core/language.ts';
import { checkAnswer } from '../../../../src/core/quiz/answer-check.ts';
import { isUsable } from '../../../../src/core/quiz/quiz-service.ts';
import { ALL_GENERATED_KINDS, generateQuizzes, termLookup } from '../../../../src/core/quiz/generate/index.ts';
import { BLANK, containsTerm, endsLikeSentence } from '../../../../src/core/quiz/generate/text.ts';
import { ROOT, useFolders } from '../../../support/core-harness.ts';
import { kbOf } from './notes-in-memory.ts';

const PLAIN = path.join(ROOT, 'tests/fixtures/plain-notes');
/** Every kind of item (a folder with `autoquiz: choices`): most rules here are those of the choice kinds. */
const EVERY_KIND = { generate: { kinds: ALL_GENERATED_KINDS } };
const folder = useFolders('quizgen-');

/** Entries of in-memory files (path → Markdown), with topics and generated items, as the loader makes them. */

const generated = (e: Entry) => e.quiz.filter(q => q.generated !== undefined);
const byKind = (kb: KnowledgeBase, kind: string) => kb.entries.flatMap(e => e.quiz.filter(q => q.generated?.kind === kind).map(q => ({ e, q })));

/** Four sibling questions with enough text each: every kind can be made. */
const FOUR = `# Go

## What is a goroutine?

A goroutine is a function running concurrently with others, scheduled by the Go runtime. Starting one costs a few kilobytes of stack.

## What is a channel?

Channels carry values between concurrent functions and can synchronise them. A send on an unbuffered channel waits for a receiver.

## What does defer do?

A deferred call runs when the surrounding function returns, in last-in-first-out order. It is the usual way to release a **mutex** or close a file.

## What is a slice?

Slices are views over an underlying array with a length and a capacity. Appending beyond the capacity allocates a new, larger array.
`;

describe('quiz items generated from plain notes', () => {
  it('gives every entry with enough text items of each kind, usable by the quiz, in the note’s language', () => {
    const kb = loadKnowledge(PLAIN, EVERY_KIND);
    const redis = kb.entries.find(e => e.id === 'databases/redis#what-is-redis')!;
    // A which-question item; its glossary phrase "key-value store" is not marked, so it is no blank.
    expect(generated(redis).length).toBeGreaterThanOrEqual(1);
    for (const e of kb.entries) for (const q of e.quiz) expect(isUsable(q)).toBe(true);
    expect(byKind(kb, 'which-question').length).toBeGreaterThan(10);
    expect(byKind(kb, 'which-answer').length).toBeGreaterThan(2); // siblings only: fewer, sounder
    // Marked terms only in English ("**B+ tree**"): an unmarked glossary phrase is no blank.
    expect(byKind(kb, 'fill-term').length).toBeGreaterThanOrEqual(2);
    // Chinese notes get Chinese prompts; English notes English ones.
    const zh = kb.entries.find(e => e.source.file === 'databases/事务.md' && e.quiz.length > 0)!;
    for (const q of zh.quiz) expect(pick(q.question, 'en')).toMatch(/这段话回答的是哪个问题|哪个回答对应这个问题|填空|说出这个术语/);
    for (const q of redis.quiz) expect(pick(q.question, 'zh')).toMatch(/^(Which question does this answer|Which answer fits this question|Fill in the blank|Name the term)/);
    // Every section with text of its own gets an item of some kind but one: the transaction section,
    // whose only marked term is a phrase of two words (**undo log**), not typed back as one answer.
    expect(kb.quizCoverage).toMatchObject({ handWritten: 0, generated: 15, without: expect.objectContaining({ 'no-sound-item': 1 }) });
    expect(kb.entries.find(e => e.id === 'databases/mysql#what-is-a-transaction')!.quiz).toEqual([]);
  });

  it('is deterministic: the same notes give the same items and ids; an item’s id changes with its content', () => {
    const a = kbOf({ 'go.md': FOUR });
    const b = kbOf({ 'go.md': FOUR });
    expect(b.entries).toEqual(a.entries);
    const ids = a.entries.flatMap(e => e.quiz.map(q => q.generated!.id));
    expect(new Set(ids).size).toBe(ids.length);
    const changed = kbOf({ 'go.md': FOUR.replace('scheduled by the Go runtime', 'scheduled by the runtime of Go') });
    const before = a.entries.find(e => e.id === 'go#what-is-a-goroutine')!.quiz.map(q => q.generated!.id);
    const after = changed.entries.find(e => e.id === 'go#what-is-a-goroutine')!.quiz.map(q => q.generated!.id);
    expect(after.some(id => !before.includes(id))).toBe(true);
    // Entries whose text did not change keep their ids.
    const slice = (kb: KnowledgeBase) => kb.entries.find(e => e.id === 'go#what-is-a-slice')!.quiz.find(q => q.generated!.kind === 'fill-term');
    expect(slice(changed)?.generated?.id).toBe(slice(a)?.generated?.id);
  });

  it('which-question: the excerpt masks the title’s words; four different titles, the right one once; distractors from the same file', () => {
    const kb = kbOf({ 'go.md': FOUR });
    const items = byKind(kb, 'which-question');
    expect(items.length).toBe(4);
    for (const { e, q } of items) {
      const item = q as ChoiceItem;
      const options = item.options.map(o => pick(o, 'en'));
      expect(new Set(options).size).toBe(4);
      expect(options.filter(o => o === pick(e.title, 'en'))).toHaveLength(1);
      expect(options['ABCD'.indexOf(item.answer)]).toBe(pick(e.title, 'en'));
      expect(options.every(o => kb.entries.some(x => x.source.file === 'go.md' && pick(x.title, 'en') === o))).toBe(true);
    }
    const goroutine = items.find(({ e }) => e.id === 'go#what-is-a-goroutine')!.q;
    expect(pick(goroutine.question, 'en')).toContain(`A ${BLANK} is a function running concurrently`);
    expect(pick(goroutine.question, 'en')).not.toMatch(/goroutine/i);
  });

  it('never a distractor that is the same entry, a duplicate or a near-duplicate of the right title, nor one the excerpt also names', () => {
    const notes = `# Locks

## What is a mutex?

A mutex lets one goroutine at a time into a critical section; the others wait until it is unlocked.

## What is a mutex

Mutual exclusion locks protect shared state from being changed by two goroutines at once.

## Mutex

The zero value is an unlocked lock that is ready to use without any set-up at all.

## What is an RWMutex?

A reader-writer lock admits many readers at once or a single writer, never both together.

## What is a WaitGroup?

It waits until a counted number of goroutines have finished before the caller moves on.

## What is a semaphore?

It limits how many goroutines may use a resource at the same time by counting permits.

## What is an atomic counter?

It increments a shared integer without any lock, using a single instruction of the processor.

## What is a condition variable?

It lets goroutines sleep until another goroutine signals that some state they wait for has changed.
`;
    const kb = kbOf({ 'locks.md': notes });
    const mutex = kb.entries.find(e => e.id === 'locks#what-is-a-mutex')!;
    const item = mutex.quiz.find(q => q.generated?.kind === 'which-question') as ChoiceItem;
    expect(item).toBeDefined();
    const wrong = item.options.filter((_, i) => 'ABCD'[i] !== item.answer).map(o => pick(o, 'en'));
    // Not the other "mutex" entries (duplicate title, near-duplicate, a word inside RWMutex).
    for (const w of wrong) expect(w).not.toMatch(/mutex/i);
    // The excerpt mentions goroutines and sections: no distractor whose subject it names.
    for (const w of wrong) expect(w).not.toMatch(/critical section/i);
  });

  it('which-answer: four one-sentence summaries, none naming its own subject, the right one once', () => {
    const kb = loadKnowledge(PLAIN, EVERY_KIND);
    const items = byKind(kb, 'which-answer');
    expect(items.length).toBeGreaterThan(0);
    for (const { e, q } of items) {
      const item = q as ChoiceItem;
      const options = item.options.map(o => pick(o, 'en'));
      expect(new Set(options).size).toBe(4);
      expect(pick(item.question, 'en')).toContain(pick(e.title, 'en'));
      // Each option is a whole sentence.
      for (const o of options) expect(o).toMatch(/[.!?。！？]$/);
      const right = options['ABCD'.indexOf(item.answer)]!;
      expect(e.ownText).toContain(right);
      // The right summary does not name the subject of the title (no giveaway).
      expect(containsTerm(right, pick(e.title, 'en').replace(/^(What|How) (is|are|does|do) (an? )?|\?$/g, ''))).toBe(false);
    }
  });

  it('fill-term: a **bold**, `code` or glossary term blanked, answered by typing the term, its case and width variants or its glossary synonyms', () => {
    const kb = kbOf({ 'go.md': FOUR }, [['mutex', 'mutual exclusion lock', '互斥锁']]);
    const defer = kb.entries.find(e => e.id === 'go#what-does-defer-do')!;
    const item = defer.quiz.find(q => q.generated?.kind === 'fill-term') as ShortItem;
    expect(pick(item.question, 'en')).toContain(`release a **${BLANK}** or close a file`);
    expect(item.accept).toEqual(['mutex', 'mutual exclusion lock', '互斥锁']);
    for (const typed of ['mutex', 'MUTEX', 'ｍｕｔｅｘ', 'a mutex', '互斥锁', 'mutual exclusion lock']) {
      expect(checkAnswer(typed, item.accept).correct, typed).toBe(true);
    }
    expect(checkAnswer('channel', item.accept).correct).toBe(false);
  });

  it('never a blank whose answer appears elsewhere in the prompt (the title or the rest of the sentence), nor an enumeration', () => {
    const notes = `# Go

## What does defer do?

Use **defer** to close a file: a deferred call runs when defer's function returns, in reverse order.

## What is a slice?

Slices are views over an array: \`len\`, \`cap\`, \`append\` and \`copy\` are the functions you use on them every day.

## What is a goroutine?

A goroutine is a function running concurrently with others, scheduled by the runtime of Go.
`;
    const kb = kbOf({ 'go.md': notes });
    expect(kb.entries.find(e => e.id === 'go#what-does-defer-do')!.quiz.some(q => q.generated?.kind === 'fill-term')).toBe(false);
    expect(kb.entries.find(e => e.id === 'go#what-is-a-slice')!.quiz.some(q => q.generated?.kind === 'fill-term')).toBe(false);
    // Over every generated blank of the fixture notes: no accepted answer is left in the prompt.
    for (const { q } of byKind(loadKnowledge(PLAIN, EVERY_KIND), 'fill-term')) {
      const item = q as ShortItem;
      const prompt = pick(item.question, 'en').replace(/^[^\n]*\n/, ''); // the lead-in names the title: checked below
      for (const a of item.accept) expect(containsTerm(prompt, a), `${a} in ${prompt}`).toBe(false);
    }
  });

  it('never an excerpt cut inside a code block or a sentence', () => {
    const notes = `# Py

## How does a with statement work?

\`\`\`python
with open(path) as f:  # the file is closed. Even on errors.
    data = f.read()
\`\`\`

The context manager's exit method runs when the block ends, even when the block raises. So the file is closed on every path, e.g. on a return in the middle of the block.

## What is a generator?

A generator function returns an iterator that produces values lazily, one per next call. It keeps its local state between the calls.

## What is a decorator?

A decorator takes a function and returns another one that wraps it with extra behaviour. The @ syntax applies it where the function is defined.

## What is a closure?

A closure is an inner function that remembers the variables of the scope it was defined in. It keeps them alive after that scope ends.
`;
    const kb = kbOf({ 'py.md': notes });
    for (const e of kb.entries) {
      for (const q of e.quiz) {
        const text = pick(q.question, 'en');
        expect(text).not.toContain('```');
        expect(text).not.toContain('data = f.read()');
        const quoted = text.split('\n').filter(l => l.startsWith('> ')).join(' ');
        if (quoted) expect(quoted).toMatch(/[.!?。！？](\*\*)?$/);
        expect((text.match(/`/g) ?? []).length % 2).toBe(0);
      }
    }
    const withItem = kb.entries.find(e => e.id === 'py#how-does-a-with-statement-work')!.quiz.find(q => q.generated?.kind === 'which-question')!;
    expect(pick(withItem.question, 'en')).toContain("The context manager's exit method runs when the block ends, even when the block raises.");
  });

  it('no item from an entry too short to say anything, a chapter heading, a table of contents or a reference list', () => {
    const kb = loadKnowledge(PLAIN, EVERY_KIND);
    const none = (id: string) => expect(kb.entries.find(e => e.id === id)!.quiz, id).toEqual([]);
    none('docker/containers#docker'); // a chapter heading with no text of its own
    none('databases/mysql#contents'); // a table of contents
    const short = kbOf({ 'x.md': '# X\n\n## What is Y?\n\nSee above.\n\n## References\n\nThe official documentation has a full list of every option there is to set.\n' });
    expect(short.entries.every(e => e.quiz.length === 0)).toBe(true);
    expect(short.quizCoverage!.without).toMatchObject({ 'too-short': 1, 'not-a-question': 1 });
  });

  it('hand-written items always win; `autoquiz: false` turns generation off for a note, and in a README/index for its folder', () => {
    const rich = `---\nid: gil\ntitle: What is the GIL?\nquiz:\n  - type: short\n    question: Which lock?\n    accept: [GIL]\n---\nThe global interpreter lock lets one thread run Python bytecode at a time, even on many cores.\n`;
    const dir = folder({
      'go.md': FOUR,
      'gil.md': rich,
      'off.md': `---\nautoquiz: false\n---\n${FOUR.replace('# Go', '# Go again')}`,
      'cheatsheets/README.md': '---\nautoquiz: false\n---\n# Cheat sheets\n',
      'cheatsheets/go.md': FOUR.replace('# Go', '# Go sheet'),
    });
    const kb = loadKnowledge(dir);
    const gil = kb.entries.find(e => e.id === 'gil')!;
    expect(gil.quiz).toHaveLength(1);
    expect(gil.quiz[0]!.generated).toBeUndefined();
    expect(kb.entries.filter(e => e.source.file === 'go.md').some(e => e.quiz.length > 0)).toBe(true);
    expect(kb.entries.filter(e => e.source.file === 'off.md').every(e => e.quiz.length === 0)).toBe(true);
    expect(kb.entries.filter(e => e.source.file === 'cheatsheets/go.md').every(e => e.quiz.length === 0)).toBe(true);
    expect(kb.quizCoverage!.handWritten).toBe(1);
    expect(kb.quizCoverage!.without['turned-off']).toBe(11); // off.md 5, cheatsheets/go.md 5, its README 1
    expect(kb.issues).toEqual([]);
  });

  it('a bilingual rich note without quiz items gets items in both languages', () => {
    const note = (id: string, en: string, zh: string, bodyEn: string, bodyZh: string) =>
      `---\nid: ${id}\ntitle:\n  en: ${en}\n  zh: ${zh}\ntags: [net]\n---\n<!-- lang: en -->\n${bodyEn}\n\n<!-- lang: zh -->\n${bodyZh}\n`;
    const kb = kbOf({
      'tcp.md': note('tcp', 'What is TCP?', '什么是 TCP？', 'A reliable, ordered byte stream between two hosts, with retransmission of lost segments.', '两台主机之间建立连接后传输可靠、有序的字节流，丢失的报文段会被重传。'),
      'udp.md': note('udp', 'What is UDP?', '什么是 UDP？', 'Datagrams sent without a connection, with no delivery or ordering guarantee at all.', '无需建立连接就直接发送数据报，既不保证送达，也不保证到达的顺序。'),
      'dns.md': note('dns', 'What is DNS?', '什么是 DNS？', 'The directory that turns host names into IP addresses, cached at many levels.', '把主机名解析成 IP 地址的分布式目录系统，结果在很多层级都有缓存。'),
      'arp.md': note('arp', 'What is ARP?', '什么是 ARP？', 'It finds the hardware address that belongs to an IP address on the local network.', '在同一个局域网里广播询问，找出某个 IP 地址对应的硬件地址。'),
    });
    const tcp = kb.entries.find(e => e.id === 'tcp')!;
    const item = tcp.quiz.find(q => q.generated?.kind === 'which-question') as ChoiceItem;
    expect(typeof item.question).toBe('object');
    expect(pick(item.question, 'en')).toContain('Which question does this answer?');
    expect(pick(item.question, 'zh')).toContain('这段话回答的是哪个问题？');
    expect(pick(item.options['ABCD'.indexOf(item.answer)], 'zh')).toBe('什么是 TCP？');
    expect(pick(item.options['ABCD'.indexOf(item.answer)], 'en')).toBe('What is TCP?');
  });

  it('generation is linear: 5,000 entries in well under the time a quadratic search would take', () => {
    const files: Record<string, string> = {};
    for (let f = 0; f < 50; f++) {
      files[`topic${f % 10}/file${f}.md`] = Array.from({ length: 100 }, (_, i) =>
        `## How does feature${f}x${i} handle case ${i}?\n\nThe component number ${i} of file ${f} keeps its own **cache${f}x${i}** and flushes it to disk once a minute. Reads never wait for a flush to finish.\n`,
      ).join('\n');
    }
    const issues: KnowledgeIssue[] = [];
    const entries = Object.entries(files).flatMap(([file, text]) => parseMarkdownFile(file, text, issues));
    const started = performance.now();
    // Every blank here is a made-up name: asked all the same, to time the search of every entry.
    const { entries: out } = generateQuizzes(entries, { terms: termLookup([]), options: { kinds: ALL_GENERATED_KINDS, knownTermsOnly: false } });
    const ms = performance.now() - started;
    expect(out.filter(e => e.quiz.length > 0).length).toBeGreaterThan(4000);
    // About 2 s alone on a 2-core machine (more when other test files share it); comparing every pair
    // of 5,000 entries would take minutes.
    expect(ms).toBeLessThan(30_000);
  });
});

describe('rules found by rating real notes', () => {
  it('a glossary term inside a longer one is not blanked on its own ("大数据结构" is 大 + 数据结构)', () => {
    const terms = termLookup([['big data', '大数据'], ['data structure', '数据结构']]);
    expect(terms.find('对于大对象或大数据结构，传指针可以节省内存。')).toEqual(['数据结构']);
    expect(terms.find('大数据平台每天处理很多日志。')).toEqual(['大数据']);
  });

  it('no excerpt made of lines of a list without bullets, or that refers to "the above"', () => {
    const notes = `# K8s

## Disadvantages of Kubernetes

Kubernetes dashboard isn't as useful as it ought to be
Security isn't viable and the setup takes a long time for small teams.

## What are the cloud storage levels?

Each of the above data levels is associated with a certain type of technical interface in the provider.

## What is a pod?

A pod is the smallest deployable unit: one or more containers that share a network namespace and volumes.

## What is a node?

A node is a worker machine that runs pods, managed by the control plane through its kubelet agent.

## What is a namespace?

Namespaces divide the resources of one cluster between several users, teams or projects at once.
`;
    const kb = kbOf({ 'k.md': notes });
    const which = (id: string) => kb.entries.find(e => e.id === id)!.quiz.find(q => q.generated?.kind === 'which-question');
    expect(which('k#disadvantages-of-kubernetes')).toBeUndefined();
    expect(which('k#what-are-the-cloud-storage-levels')).toBeUndefined();
    expect(which('k#what-is-a-pod')).toBeDefined();
  });

  it('no sentence cut where a numbered list starts ("…的是集合中 1."), no expression as a blank, no excerpt opening with "以上"', () => {
    expect(endsLikeSentence('但和列表不同的是集合中 1.')).toBe(false);
    expect(endsLikeSentence('Version 1.')).toBe(false);
    expect(endsLikeSentence('It was released in 2024.')).toBe(true);
    const notes = `# MySQL

## 索引下推的例子

MySQL 会将 \`name LIKE 'A%'\` 下推给 InnoDB 存储引擎层，在读取整行之前先做过滤。

## 使用悲观锁

以上这条 SQL 语句会锁定表中所有符合检索条件的记录，直到事务结束才释放。

## 什么是乐观锁？

乐观锁假设冲突很少发生，更新时用版本号检查数据在读取之后有没有被别人改过。

## 什么是行锁？

行锁只锁住被访问的那些行，并发度高，但加锁的开销比表锁更大一些。

## 什么是表锁？

表锁一次锁住整张表，开销小、加锁快，但并发度最低，写操作会阻塞所有读。
`;
    const kb = kbOf({ 'm.md': notes });
    const itemsOf = (id: string) => kb.entries.find(e => e.id === id)!.quiz;
    expect(itemsOf('m#索引下推的例子').some(q => q.generated?.kind === 'fill-term')).toBe(false);
    expect(itemsOf('m#使用悲观锁').some(q => q.generated?.kind === 'which-question')).toBe(false);
    expect(itemsOf('m#什么是乐观锁').some(q => q.generated?.kind === 'which-question')).toBe(true);
  });

  it('no narrative ("我们会对这三个过程进行谈论"), no numbered sub-point title ("区别 3：…"), no blank for a word as general as 数据库', () => {
    const notes = `# 复制

## 主从复制的三个阶段

每一段都有自己的内部工作流程，那么我们会对这三个过程进行谈论。

## 区别 3：回表路径不同

联合索引已经包含 name 和 age 两个字段，不需要回表过滤第二个字段，减少大量的随机 I/O。

## MySQL 事务的原子性

事务作为一个整体被执行，包含在其中的对数据库的操作要么全部被执行，要么都不执行。
`;
    const kb = kbOf({ 'c.md': notes }, [['database', '数据库']]);
    const itemsOf = (id: string) => kb.entries.find(e => e.id === id)!.quiz;
    expect(itemsOf('c#主从复制的三个阶段')).toEqual([]);
    expect(itemsOf('c#区别-3-回表路径不同')).toEqual([]);
    expect(itemsOf('c#mysql-事务的原子性').some(q => q.generated?.kind === 'fill-term')).toBe(false);
  });

  it('never blanks a list item’s label ("**Data Source**: …") or an enumeration ("**可靠性、完整性**")', () => {
    const notes = `# React

## Stateful and stateless components?

**Data Source**: stateful components keep internal state through the useState hook and also read their props.

## What does TCP suit?

TCP 更适合那些对数据**可靠性、完整性**要求高的应用，比如网页浏览和文件传输。
`;
    const kb = kbOf({ 'r.md': notes });
    expect(kb.entries.flatMap(e => e.quiz).filter(q => q.generated?.kind === 'fill-term')).toEqual([]);
  });

  it('no item from the numbered parts of an answer ("示例一", "Step 2"), no excerpt that talks about the text ("回答这个问题…") or points back ("这是…")', () => {
    // (示例一 follows a heading of its own level: a section of its own, though no question; one deeper
    // than the heading above is that heading's text, see markdown-sections.)
    const notes = `# 锁

## 行锁

行锁只锁住被访问的那些行，其他事务仍然可以修改同一张表里的其他行，并发度比表锁高得多。

## 示例一

两个事务同时更新同一行时，后来的那个事务会等待前一个事务提交或者回滚之后才能继续执行。

## 隔离级别与锁的关系

回答这个问题，可以先阐述四种隔离级别，再阐述它们的实现原理。

## 联合索引的排序

这是 InnoDB 固定行为，无法修改顺序，也不能通过配置改变。

## 什么是间隙锁？

间隙锁锁住索引记录之间的间隙，防止其他事务在范围内插入新行，从而避免幻读。

## 什么是意向锁？

意向锁是表级锁，表示事务稍后要对表中的行加共享锁或排他锁。

## 什么是死锁？

两个事务各自持有对方需要的锁并互相等待，谁也无法继续执行下去。
`;
    const kb = kbOf({ 'locks.md': notes });
    const itemsOf = (id: string) => kb.entries.find(e => e.id === id)!.quiz;
    expect(itemsOf('locks#示例一')).toEqual([]);
    expect(itemsOf('locks#隔离级别与锁的关系').some(q => q.generated?.kind === 'which-question')).toBe(false);
    expect(itemsOf('locks#联合索引的排序').some(q => q.generated?.kind === 'which-question')).toBe(false);
    expect(itemsOf('locks#什么是间隙锁').some(q => q.generated?.kind === 'which-question')).toBe(true);
  });
});

describe('distractors of large notes come from the entry\'s subject, not only from its neighbourhood', () => {
  // Made-up words, distinct per section: no two isolated sections share a rarer word.
  const syllables = ['ka', 'lo', 'mi', 'nu', 'pe', 'ro', 'sa', 'ti', 'vo', 'ze'];
  const word = (i: number, salt: number) => `${syllables[(i + salt) % 10]}${syllables[Math.floor(i / 10) % 10]}${syllables[(i * 3 + salt) % 10]}x`;
  const isolated = (i: number) =>
    `## What is the ${word(i, 1)} protocol?\n\nEach ${word(i, 2)} frame travels between ${word(i, 3)} nodes, and every ${word(i, 4)} counter stays in order so that ${word(i, 5)} readers never see a gap.\n`;
  const family = ['leader', 'quorum', 'chain', 'witness'].map(
    kind =>
      `## What is ${kind} replication?\n\nCopies of the data live on several servers, and a ${kind === 'quorum' ? 'majority vote' : kind === 'leader' ? 'single primary' : kind === 'chain' ? 'line of nodes' : 'tie-breaking observer'} decides which copy accepts writes and how the others catch up after a failover.\n`,
  );
  const notes = (isolatedCount: number) => `# Protocols\n\n${family.join('\n')}\n${Array.from({ length: isolatedCount }, (_, i) => isolated(i)).join('\n')}`;
  const whichOf = (kb: KnowledgeBase, title: string) => byKind(kb, 'which-question').find(({ e }) => pick(e.title, 'en') === title)?.q as ChoiceItem | undefined;

  it('in notes of 60 entries or more, a section with no subject family gets no "which question" item; a family still does', () => {
    const kb = kbOf({ 'protocols.md': notes(64) });
    expect(kb.entries.length).toBeGreaterThanOrEqual(60);
    expect(whichOf(kb, `What is the ${word(10, 1)} protocol?`)).toBeUndefined();
    const quorum = whichOf(kb, 'What is quorum replication?');
    expect(quorum).toBeDefined();
    expect(quorum!.options.map(o => pick(o, 'en')).filter(o => o.endsWith('replication?')).length).toBeGreaterThanOrEqual(3);
  });

  it('in small notes (one subject) the sections near an entry are its distractors, as before', () => {
    const kb = kbOf({ 'protocols.md': notes(20) });
    expect(whichOf(kb, `What is the ${word(10, 1)} protocol?`)).toBeDefined();
  });
});

describe('quiz items from the questions the quiz renders', () => {
  it('every generated item of the fixture notes is a valid quiz item (4 options and a letter, or a typed answer)', () => {
    const items: QuizItem[] = loadKnowledge(PLAIN, EVERY_KIND).entries.flatMap(e => e.quiz);
    expect(items.length).toBeGreaterThan(15);
    for (const q of items) expect(isUsable(q)).toBe(true);
  });
});
