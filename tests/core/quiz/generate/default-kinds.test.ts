import { describe, expect, it } from 'vitest';
import type { Entry, ShortItem } from '../../../../src/core/knowledge/entry.ts';
import { loadKnowledge as loadWithDefaults, type LoadOptions } from '../../../../src/core/knowledge/loader.ts';
import { pick } from '../../../../src/core/language.ts';
import { checkAnswer } from '../../../../src/core/quiz/answer-check.ts';
import { balanced, splitSentences } from '../../../../src/core/quiz/generate/text.ts';
import { useFolders } from '../../../support/core-harness.ts';

/**
 * What a folder of plain notes gets by default: typed items only (fill in a marked term, name the term
 * a "What is X?" section defines). The choice kinds, rated far lower blind, come with `autoquiz: choices`.
 */
const folder = useFolders('interview-bot-default-kinds-');

const CACHING = `# Caching

## What is a CDN?

A CDN is a network of edge servers that keeps copies of static files close to the people who request them.
Browsers then fetch images and scripts from a nearby server instead of the origin.

## How does cache invalidation work?

Every cached object carries a time to live. When it runs out, the next read goes back to the origin.
The \`Expires\` header tells browsers and proxies until when a response may be kept.
The provider's \`purge\` endpoint removes an object before its time is up.
Tags let a whole group of objects be removed at once with **surrogate keys** sent by the origin.

## What is write-through caching?

Write-through caching writes every change to the cache and to the database in the same request.
Reads never miss after a write, but each write pays for two round trips.

## What is a cache stampede?

Many requests miss the same expired key at once and all hit the database together.
A short **request coalescing** window lets one of them rebuild the value while the others wait.
`;

/**
 * The defaults, but for blanks a heading or the glossary must know (`knownTermsOnly`, tested on its
 * own below): the rules here are shown on names the fixtures do not repeat in a heading.
 */
const loadKnowledge = (dir: string, options: LoadOptions = {}) => loadWithDefaults(dir, { ...options, generate: { knownTermsOnly: false, ...options.generate } });

const kinds = (e: Entry) => e.quiz.map(q => q.generated?.kind);
const byTitle = (entries: readonly Entry[], title: string) => entries.find(e => pick(e.title, 'en') === title)!;

describe('generated items by default', () => {
  it('are typed items only: fill in a marked term, name a defined term; no choice kinds', () => {
    const kb = loadKnowledge(folder({ 'web/caching.md': CACHING }));
    const all = kb.entries.flatMap(e => e.quiz);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every(q => q.type === 'short')).toBe(true);
    expect(kb.quizCoverage!.items['which-question']).toBe(0);
    expect(kb.quizCoverage!.items['which-answer']).toBe(0);
    expect(kb.quizCoverage!.items['fill-term']).toBeGreaterThan(0);
    expect(kb.quizCoverage!.items['name-term']).toBeGreaterThan(0);
  });

  it('`autoquiz: choices` on a note, or on its folder’s README, adds the choice kinds; a note’s own switch wins', () => {
    // (Separate folders: notes that copy each other's sentences get one item per sentence.)
    const choiceIn = (files: Record<string, string>, file: string) =>
      loadKnowledge(folder(files)).entries.filter(e => e.source.file === file).some(e => e.quiz.some(q => q.type === 'choice'));
    expect(choiceIn({ 'caching.md': `---\nautoquiz: choices\n---\n${CACHING}` }, 'caching.md')).toBe(true);
    expect(choiceIn({ 'b/README.md': '---\nautoquiz: choices\n---\n# Notes\n', 'b/caching.md': CACHING }, 'b/caching.md')).toBe(true);
    expect(choiceIn({ 'caching.md': CACHING }, 'caching.md')).toBe(false);
    const off = loadKnowledge(folder({ 'b/README.md': '---\nautoquiz: choices\n---\n# Notes\n', 'b/off.md': `---\nautoquiz: false\n---\n${CACHING}` }));
    expect(off.entries.filter(e => e.source.file === 'b/off.md').every(e => e.quiz.length === 0)).toBe(true);
    const kb = off;
    expect(kb.issues).toEqual([]);
  });

  it('name the term: the defining first sentence with its subject blanked, the title not shown, the notes’ name shown', () => {
    const kb = loadKnowledge(folder({ 'web/caching.md': CACHING }));
    const cdn = byTitle(kb.entries, 'What is a CDN?');
    const item = cdn.quiz.find(q => q.generated?.kind === 'name-term') as ShortItem;
    const prompt = pick(item.question, 'en');
    expect(prompt).toBe('Name the term (type it, 3 characters), from Caching:\n\n> A ＿＿＿ is a network of edge servers that keeps copies of static files close to the people who request them.');
    expect(prompt).not.toContain('What is a CDN');
    expect(checkAnswer('a CDN', item.accept).correct).toBe(true);
    // "Write-through caching writes … to the cache": the sentence names its answer again, and the
    // notes' name (Caching) would too.
    expect(kinds(byTitle(kb.entries, 'What is write-through caching?'))).not.toContain('name-term');
    // "Many requests miss…": the first sentence does not open with the subject it defines.
    expect(kinds(byTitle(kb.entries, 'What is a cache stampede?'))).not.toContain('name-term');
  });

  it('fill in the term: up to three items an entry, each from its own sentence, each with another answer', () => {
    const kb = loadKnowledge(folder({ 'web/caching.md': CACHING }));
    const invalidation = byTitle(kb.entries, 'How does cache invalidation work?');
    const fills = invalidation.quiz.filter(q => q.generated?.kind === 'fill-term') as ShortItem[];
    // A phrase of two words (surrogate keys) is no typed answer by default: a near wording is as right.
    expect(fills.map(f => f.accept[0])).toEqual(['Expires', 'purge']);
    expect(pick(fills[0]!.question, 'en')).toBe('Fill in the blank (type the missing term, 7 characters), from "How does cache invalidation work?" in Caching:\n\n> The `＿＿＿` header tells browsers and proxies until when a response may be kept.');
    const phrases = loadKnowledge(folder({ 'web/caching.md': CACHING }), { generate: { maxTermWords: 2 } });
    const three = byTitle(phrases.entries, 'How does cache invalidation work?').quiz.filter(q => q.generated?.kind === 'fill-term') as ShortItem[];
    expect(three.map(f => f.accept[0])).toEqual(['Expires', 'purge', 'surrogate keys']);
    const few = loadKnowledge(folder({ 'web/caching.md': CACHING }), { generate: { maxFillItems: 1 } });
    expect(byTitle(few.entries, 'How does cache invalidation work?').quiz.filter(q => q.generated?.kind === 'fill-term')).toHaveLength(1);
  });

  it('name the term from a sentence of the entry that opens with a name and defines it; not from an evaluation or a person', () => {
    const notes = (sentence: string) => `# Networking\n\n## Eight popular protocols in one picture\n\n- ${sentence}\n`;
    const itemOf = (sentence: string) =>
      byTitle(loadKnowledge(folder({ 'net/protocols.md': notes(sentence) })).entries, 'Eight popular protocols in one picture').quiz.find(q => q.generated?.kind === 'name-term') as ShortItem | undefined;
    const http = itemOf('HTTP is a protocol for fetching resources such as HTML documents from a server to the browser.');
    expect(pick(http!.question, 'en')).toBe('Name the term (type it, 4 characters), from Networking:\n\n> ＿＿＿ is a protocol for fetching resources such as HTML documents from a server to the browser.');
    expect(itemOf('Caching is a great approach for boosting the performance of an application under load.')).toBeUndefined();
    expect(itemOf('Bob is a Software Engineer fresh out of college who wants to join a large company soon.')).toBeUndefined();
    expect(itemOf('It is a protocol for fetching resources such as HTML documents from a server to the browser.')).toBeUndefined();
  });

  it('name the term from a title that only names its subject ("Redundancy", "B-Tree", "死锁"), as from "What is X?"', () => {
    const notes = `# Fault tolerance\n\n## Redundancy\n\nRedundancy refers to having additional components or systems that can take over in case of a failure.\n\n## Failover and recovery\n\nTraffic moves to a standby node when the primary stops answering its health checks.\n\n## How do retries work?\n\nA retry repeats a failed call after a pause that grows with every attempt, up to a limit.\n`;
    const kb = loadKnowledge(folder({ 'ft/fault-tolerance.md': notes }));
    const item = byTitle(kb.entries, 'Redundancy').quiz.find(q => q.generated?.kind === 'name-term') as ShortItem;
    expect(pick(item.question, 'en')).toBe('Name the term (type it, 10 characters), from Fault tolerance:\n\n> ＿＿＿ refers to having additional components or systems that can take over in case of a failure.');
    expect(checkAnswer('redundancy', item.accept).correct).toBe(true);
    // A title of more than a name ("Failover and recovery"), or a question, is no bare subject.
    expect(kinds(byTitle(kb.entries, 'Failover and recovery'))).not.toContain('name-term');
    const zh = loadKnowledge(folder({ 'os/lock.md': '# 操作系统\n\n## 死锁\n\n死锁是指两个或多个进程各自持有对方需要的资源并互相等待，谁也无法继续执行下去。\n' }));
    expect((byTitle(zh.entries, '死锁').quiz[0] as ShortItem).accept[0]).toBe('死锁');
  });

  it('a typed prompt says how long its answer is, so a near wording of another length is no second answer', () => {
    // Raters failed typed blanks mostly for a near wording that fits as well: `set -e` for
    // `set -o errexit`, FLUSHDB for FLUSHALL. The prompt now gives the answer's length.
    const prompts = (file: string, text: string, generate = {}) =>
      loadKnowledge(folder({ [file]: text }), { generate }).entries.flatMap(e => e.quiz).map(q => pick(q.question, 'zh') || pick(q.question, 'en'));
    const redis = '# Redis\n\n## How do you empty Redis?\n\nThe `FLUSHALL` command removes every key of every database on the server at once.\n';
    expect(prompts('redis.md', redis)).toEqual(['Fill in the blank (type the missing term, 8 characters), from "How do you empty Redis?" in Redis:\n\n> The `＿＿＿` command removes every key of every database on the server at once.']);
    expect(prompts('web/caching.md', CACHING, { maxTermWords: 2 })).toContain(
      'Fill in the blank (type the missing term, 2 words, 14 characters with the spaces), from "How does cache invalidation work?" in Caching:\n\n> Tags let a whole group of objects be removed at once with **＿＿＿** sent by the origin.',
    );
    const zh = '# 并发\n\n## 怎么避免加锁？\n\n**乐观锁**假设不会冲突，提交时才检查版本号，冲突了就重试整个操作。\n';
    expect(prompts('zh.md', zh)[0]).toMatch(/^填空（输入缺少的术语，3 个字）/);
  });

  it('no typed item whose answer the prompt gives by another ending, by its other half, or by the notes’ name', () => {
    const notes = `# Streams

## What is an observable?

An observable is a function that delivers a stream of values over time to an observer that subscribes.

## How do you decode a URL?

The \`decodeURI()\` function decodes a Uniform Resource Identifier made earlier by \`encodeURI()\` in the page.

## What are Streams?

Streams are sequences of values that arrive one at a time and can be processed as they come in.
`;
    const kb = loadKnowledge(folder({ 'rx/streams.md': notes }));
    // "observer" is "observable" with another ending.
    expect(byTitle(kb.entries, 'What is an observable?').quiz).toEqual([]);
    // `decodeURI()` gives `encodeURI()` away, and the other way round.
    expect(byTitle(kb.entries, 'How do you decode a URL?').quiz).toEqual([]);
    // The prompt says "from Streams": Streams cannot be the answer.
    expect(kinds(byTitle(kb.entries, 'What are Streams?'))).not.toContain('name-term');
  });

  it('no blank for an acronym the sentence spells out, in any order ("used least recently" for LRU)', () => {
    const notes = '# Memory\n\n## How do you cap the memory?\n\nThe **LRU** policies drop the keys that were used least recently, once the cap is reached.\n\n## How do you cap the clients?\n\nThe **LFU** policies drop the keys that are read the fewest times, once the cap is reached.\n';
    const kb = loadKnowledge(folder({ 'cache/memory.md': notes }));
    expect(byTitle(kb.entries, 'How do you cap the memory?').quiz).toEqual([]);
    // Control: an acronym the sentence does not spell out.
    expect(kinds(byTitle(kb.entries, 'How do you cap the clients?'))).toContain('fill-term');
  });

  it('no blank for a list item’s label, a placeholder name, an alternative beside it, or in a sentence leaning on "this is"', () => {
    const blankOf = (sentence: string) => {
      const kb = loadKnowledge(folder({ 'n/notes.md': `# Notes\n\n## How is the server tuned?\n\n${sentence}\n` }));
      return (byTitle(kb.entries, 'How is the server tuned?').quiz[0] as ShortItem | undefined)?.accept[0];
    };
    // A bold label and then its text ("**Faster rendering** The browser downloads…").
    expect(blankOf('**Warm starts** The server loads the saved pages back into memory before clients connect.')).toBeUndefined();
    // A placeholder stands for any name.
    expect(blankOf('With the new syntax, `@Something` on a class is read by the framework at start-up.')).toBeUndefined();
    // Either of two bold terms would fit.
    expect(blankOf('The **pageBuffer** or **rowCache** settings decide how many entries the server keeps in memory.')).toBeUndefined();
    // "this is" stands for something said before.
    expect(blankOf('Today this is rarely done, because the `preload` setting warms the cache much faster at start.')).toBeUndefined();
    // Control: the same kind of sentence, standing alone.
    expect(blankOf('The **pageCache** setting decides how many entries the server keeps in memory at most.')).toBe('pageCache');
  });

  it('a term ending in a kind word is typed without it too ("Proxy" for Proxy object), where answers of two words are made', () => {
    const proxy = { 'n/notes.md': '# Notes\n\n## How do you trap property reads?\n\nA **Proxy object** wraps a target and runs your handler on every property lookup and assignment.\n' };
    expect(byTitle(loadKnowledge(folder(proxy)).entries, 'How do you trap property reads?').quiz).toEqual([]);
    const kb = loadKnowledge(folder(proxy), { generate: { maxTermWords: 2 } });
    const item = byTitle(kb.entries, 'How do you trap property reads?').quiz[0] as ShortItem;
    expect(item.accept).toContain('Proxy');
    // A term in brackets is shown and typed without them.
    const bracketed = loadKnowledge(folder({ 'n/notes.md': '# Notes\n\n## How does a collector end?\n\nThe optional **[finisher]** step turns the accumulated container into the final result of the stream.\n' }));
    expect((byTitle(bracketed.entries, 'How does a collector end?').quiz[0] as ShortItem).accept[0]).toBe('finisher');
    expect(checkAnswer('proxy', item.accept).correct).toBe(true);
  });

  it('no typed item from a section about the code shown under it ("What is the output of below code?")', () => {
    const notes = (title: string) => `# Quirks\n\n## ${title}\n\nEach \`setTimeout\` callback runs after the whole loop has finished, so every call prints the last value.\n\n\`\`\`js\nfor (var i = 0; i < 3; i++) setTimeout(() => console.log(i));\n\`\`\`\n`;
    const quizOf = (title: string) => byTitle(loadKnowledge(folder({ 'js/quirks.md': notes(title) })).entries, title).quiz;
    expect(quizOf('What is the output of below code?')).toEqual([]);
    // Control: the same text under a question of its own.
    expect(quizOf('Why do all the timers print the same value?').map(q => (q as ShortItem).accept[0])).toEqual(['setTimeout']);
  });

  it('a question with text but no sound item is still askable: a daily post may ask it', () => {
    const kb = loadKnowledge(folder({ 'web/caching.md': CACHING }));
    const stampede = byTitle(kb.entries, 'What is write-through caching?');
    expect(stampede.quiz).toEqual([]);
    expect(stampede.askable).toBe(true);
    // A chapter heading asks nothing.
    expect(byTitle(kb.entries, 'Caching').askable).toBeUndefined();
  });
});

describe('sentences and brackets', () => {
  it('does not end a sentence inside brackets that close later', () => {
    expect(splitSentences('Workers use `fetch()` (the network) and `CacheStorage` (stored responses. It survives restarts) offline. Next one.')).toEqual([
      'Workers use `fetch()` (the network) and `CacheStorage` (stored responses. It survives restarts) offline.',
      'Next one.',
    ]);
    // A stray bracket that never closes does not hold the rest together.
    expect(splitSentences('A smiley (like this. Then more. The end.')).toEqual(['A smiley (like this.', 'Then more.', 'The end.']);
  });

  it('makes no item from a sentence cut inside brackets', () => {
    expect(balanced('Workers use `fetch()` and `CacheStorage` (stored responses.')).toBe(false);
    expect(balanced('主键（Primary Key 唯一标识一行。')).toBe(false);
    expect(balanced('Workers use `fetch()` (the network) and `CacheStorage`.')).toBe(true);
    const notes = '# Offline\n\n## How do service workers work offline?\n\nA service worker answers requests from the `CacheStorage` interface (a store of request and response pairs. The store survives browser restarts) when the network is down.\n';
    const quiz = byTitle(loadKnowledge(folder({ 'web/offline.md': notes })).entries, 'How do service workers work offline?').quiz as ShortItem[];
    expect(quiz.map(q => q.accept[0])).toEqual(['CacheStorage']);
    expect(pick(quiz[0]!.question, 'en')).toContain('(a store of request and response pairs. The store survives browser restarts) when the network is down.');
  });
});

describe('sentences that lean on the one before', () => {
  // "After that …", "Finally, …" say a step of a sequence the prompt does not show, as 然后 and 最后 do.
  it.each([
    'After that define the element’s styles and text in its `connectedCallback` method of the class.',
    'Finally, the element’s styles and text are set in its `connectedCallback` method of the class.',
    'Next, the element’s styles and text are set in its `connectedCallback` method of the class.',
  ])('no blank in "%s"', sentence => {
    const notes = `# Web components\n\n## How do you build a custom element?\n\n${sentence}\n`;
    expect(byTitle(loadKnowledge(folder({ 'web/components.md': notes })).entries, 'How do you build a custom element?').quiz).toEqual([]);
  });

  it('a sentence of its own still gets its blank', () => {
    const notes = '# Web components\n\n## How do you build a custom element?\n\nA custom element sets up its styles and text in its `connectedCallback` method of the class.\n';
    const quiz = byTitle(loadKnowledge(folder({ 'web/components.md': notes })).entries, 'How do you build a custom element?').quiz as ShortItem[];
    expect(quiz.map(q => q.accept[0])).toEqual(['connectedCallback']);
  });
});

describe('names in code', () => {
  it('no blank on a member of a name the example defines (`inputRef.current`, `service.fetch()`)', () => {
    const notes = (sentence: string) =>
      `# Refs\n\n## How do you read a DOM node in a function component?\n\n${sentence}\n\n\`\`\`jsx\nfunction Search() {\n  const inputRef = useRef(null);\n  return <input ref={inputRef} />;\n}\n\`\`\`\n\n\`\`\`ts\nclass Page {\n  constructor(private service: DataService) {}\n}\n\`\`\`\n`;
    const quizOf = (sentence: string) => byTitle(loadKnowledge(folder({ 'react/refs.md': notes(sentence) })).entries, 'How do you read a DOM node in a function component?').quiz as ShortItem[];
    expect(quizOf('The mounted node itself is found at `inputRef.current` in every handler after the first render.')).toEqual([]);
    expect(quizOf('A fresh copy of the data comes from `service.fetch()` in every handler after the first render.')).toEqual([]);
    // Control: a member of a name the example does not define.
    expect(quizOf('The address of the current page is found at `window.location.href` in every handler after the first render.').map(q => q.accept)).toEqual([['window.location.href', 'location.href', 'href']]);
  });
});

describe('a name in code glossed by its translation', () => {
  const quizOf = (sentence: string) =>
    byTitle(loadKnowledge(folder({ 'go/locks.md': `# Go 并发\n\n## Go 有哪些锁？\n\n${sentence}\n` })).entries, 'Go 有哪些锁？').quiz as ShortItem[];

  it('no blank for a name in brackets after the glossary’s translation of it (互斥锁 is mutex)', () => {
    expect(quizOf('互斥锁（`sync.Mutex`）是一种最基本的锁，用于保护共享资源的并发访问，同一时刻只有一个goroutine能持有这把锁。')).toEqual([]);
  });

  it('a name in code after a Chinese description that is no translation of it is still asked', () => {
    expect(quizOf('读写锁（`sync.RWMutex`）允许多个goroutine同时获取读锁，实现并发读取共享资源，写锁则互斥。').map(q => q.accept[0])).toEqual(['sync.RWMutex']);
    // 锁 translates lock, but 写锁 is a word of its own: Lock() is knowledge.
    expect(quizOf('写锁（`Lock()`）的获取：当一个goroutine请求写锁时，如果当前没有其他读锁或写锁被持有，则该goroutine可以获取写锁。').map(q => q.accept[0])).toEqual(['Lock()']);
  });
});

describe('counterparts', () => {
  const quizOf = (file: string, title: string, sentence: string) =>
    byTitle(loadKnowledge(folder({ [file]: `# Notes\n\n## ${title}\n\n${sentence}\n` })).entries, title).quiz as ShortItem[];

  it.each([
    ['ng/io.md', 'How do components talk to each other?', 'The parent component passes its data down via `@Input()` and receives the child’s events via `@Output()` bindings.'],
    ['go/closure.md', '闭包是什么？', '创建闭包的常见方式就是在一个函数内部定义另一个函数，**内函数**可以访问**外函数**的局部变量。'],
    ['net/tcp.md', 'Does TCP keep message boundaries?', 'TCP only delivers bytes in order, so one call to `send()` is not matched by exactly one call to `recv()` on the other side.'],
  ])('no blank whose answer the prompt gives by its counterpart (%s)', (file, title, sentence) => {
    expect(quizOf(file, title, sentence)).toEqual([]);
  });

  it('a name with no counterpart in the prompt is still asked', () => {
    expect(quizOf('net/tcp.md', 'Does TCP keep message boundaries?', 'TCP only delivers bytes in order, so one call to `send()` may arrive split across several reads on the other side.').map(q => q.accept[0])).toEqual(['send()']);
  });
});

describe('sentences that state no fact, and names of the example', () => {
  const quizOf = (sentence: string, code = '') =>
    byTitle(loadKnowledge(folder({ 'cpp/notes.md': `# C++ notes\n\n## How do pointers work?\n\n${sentence}\n${code}` })).entries, 'How do pointers work?').quiz as ShortItem[];
  const example = '\n```cpp\ndouble price = 9.5;\ndouble* price_ptr = &price;\nint& ref = count;\n```\n';

  it.each([
    // A question, a task, the writer's own taste: as many answers as opinions or made-up names.
    'Why can a pointer hold `nullptr` while a valid reference to an object never can?',
    'Implement a `StoreData` class that adds key and value pairs and tells listeners when a value changes.',
    'I mostly prefer the `forEach` method for arrays, though the right loop depends on the job at hand.',
    '大多数情况下，我更喜欢用`forEach`方法遍历数组，但这取决于你想要做什么。',
    // "Both" stands for things said before.
    'Both are `double` values of the same unit, so the compiler cannot stop a caller from mixing them up.',
    // A placeholder type.
    'The operator returns `ClassName&` so that the assignments of the object can be chained in one line.',
  ])('no blank in "%s"', sentence => {
    expect(quizOf(sentence)).toEqual([]);
  });

  it('no blank for a variable the example declares, even behind * or &', () => {
    expect(quizOf('Dereferencing with `*price_ptr` reads the object that the pointer addresses in memory.', example)).toEqual([]);
    expect(quizOf('After the assignment through the reference, `price` holds the new value in the whole program.', example)).toEqual([]);
  });

  it('a statement of fact with the same term is still asked', () => {
    expect(quizOf('A pointer that points nowhere holds `nullptr` since C++11, which replaces the old NULL macro.').map(q => q.accept[0])).toEqual(['nullptr']);
    expect(quizOf('我们通常用`forEach`方法遍历数组里的每个元素，并对每个元素执行一次回调函数。').map(q => q.accept[0])).toEqual(['forEach']);
  });
});

describe('names the note gives a term', () => {
  it('accepts another name the note gives the term ("It is also called …"), and drops a blank whose sentence says it', () => {
    const notes = '# Virtualization\n\n## What is a hypervisor?\n\nA hypervisor is a software layer that makes virtualization possible on one physical host. It is also called Virtual Machine Monitor. It divides the host and gives each virtual environment its own share of the hardware.\n\n## How do you start a container?\n\nThe `dockerd` process, also known as the Docker daemon, creates the container from its image when the client asks it to.\n';
    const kb = loadKnowledge(folder({ 'infra/virtualization.md': notes }));
    const item = byTitle(kb.entries, 'What is a hypervisor?').quiz[0] as ShortItem;
    expect(item.accept).toContain('Virtual Machine Monitor');
    expect(checkAnswer('virtual machine monitor', item.accept).correct).toBe(true);
    // The other name is in the prompt itself: the blank is given away.
    expect(byTitle(kb.entries, 'How do you start a container?').quiz).toEqual([]);
  });
});

describe('Chinese terms of two words', () => {
  const quizOf = (sentence: string, generate = {}) =>
    byTitle(loadKnowledge(folder({ 'os/memory.md': `# 操作系统\n\n## 早期的内存管理是怎样的？\n\n${sentence}\n` }), { generate }).entries, '早期的内存管理是怎样的？').quiz as ShortItem[];

  it('counts a run of four Chinese characters or more as two words: no blank by default (块式管理 had 固定分区 as right)', () => {
    const sentence = '**块式管理**是早期计算机操作系统使用的一种连续内存管理方式，会产生严重的内存碎片问题。';
    expect(quizOf(sentence)).toEqual([]);
    expect(quizOf(sentence, { maxTermWords: 2 }).map(q => q.accept[0])).toEqual(['块式管理']);
  });

  it('a term of three characters is one word and is asked when the glossary knows it, its synonyms accepted', () => {
    const items = quizOf('数据库更新时先读版本号，提交时再比较版本号，这种做法叫**乐观锁**，冲突时由应用重试整个操作。');
    expect(items.map(q => q.accept[0])).toEqual(['乐观锁']);
    expect(items[0]!.accept).toContain('optimistic lock');
  });

  it('accepts the glossary’s Chinese synonyms as long as the term (the prompt gives its length)', () => {
    const items = quizOf('取堆顶元素的时间复杂度是 O(1)，这里用的是**小顶堆**，每次都能拿到当前最小的那个元素。');
    expect(items.map(q => q.accept[0])).toEqual(['小顶堆']);
    expect(items[0]!.accept).toEqual(expect.arrayContaining(['最小堆', '小根堆', 'min heap']));
  });

  // Raters found a bolded everyday word (默认, 注意, 重新, 坏处) had one of the same length as right
  // (缺省, 提示, 再次, 缺点): a short Chinese word the glossary does not know is no blank.
  it('a bold Chinese word of three characters or fewer that the glossary does not know is no blank', () => {
    expect(quizOf('配置文件里的超时时间**默认**是三秒，网络不好的时候可以把它调大一点再重试。')).toEqual([]);
    expect(quizOf('进程之间留下的无法再分配的小块空闲内存叫作**外碎片**，是连续分配方式的主要问题。')).toEqual([]);
  });
});

describe('by default a blank is only for a term the glossary knows, a heading names, or a name in capitals', () => {
  const NOTES = `# Redis

## How does RDB persistence work?

A forked child process writes a point-in-time snapshot of the whole dataset to disk. The \`BGSAVE\`
command takes one on demand, without blocking the clients.

## What is cache eviction?

When memory is full, the server removes keys by the configured policy, so that new writes still fit.
The \`volatile-lru\` policy only evicts keys that have an expiry set on them.
Memory is allocated through \`jemalloc\`, which keeps fragmentation low for the many small values a cache holds.
`;
  // As in a folder large enough to keep the rule (see the last test).
  const answers = (files: Record<string, string>, knownTermsMinItems = 0) =>
    loadWithDefaults(folder(files), { generate: { knownTermsMinItems } })
      .entries.flatMap(e => e.quiz)
      .map(q => (q as ShortItem).accept?.[0]);

  it('asks a name in capitals; not a name nothing else in the notes asks about', () => {
    const got = answers({ 'db/redis.md': NOTES });
    expect(got).toContain('BGSAVE');
    expect(got).not.toContain('volatile-lru');
    expect(got).not.toContain('jemalloc');
  });

  it('asks a name another heading of the notes asks about', () => {
    const got = answers({ 'db/redis.md': `${NOTES}\n## When does volatile-lru fit?\n\nWhen only some keys are a cache, give those an expiry: the others are then never evicted.\n` });
    expect(got).toContain('volatile-lru');
    expect(got).not.toContain('jemalloc');
  });

  it('asks a name the notes\' glossary knows, and takes its synonyms', () => {
    const kb = loadWithDefaults(folder({ 'db/redis.md': NOTES, 'glossary.yaml': '- [jemalloc, 内存分配器]\n' }), { generate: { knownTermsMinItems: 0 } });
    const item = kb.entries.flatMap(e => e.quiz).find(q => (q as ShortItem).accept?.[0] === 'jemalloc') as ShortItem | undefined;
    expect(item).toBeDefined();
    expect(checkAnswer('内存分配器', item!.accept).correct).toBe(true);
  });

  it('lets a folder that would get fewer than twenty items this way have every sound term', () => {
    const got = answers({ 'db/redis.md': NOTES }, 20);
    expect(got).toEqual(expect.arrayContaining(['BGSAVE', 'volatile-lru', 'jemalloc']));
  });
});
