import fs from 'node:fs';
import path from 'node:path';

const FIXTURE = 'tests/fixtures/knowledge-mini';

/** The GIL entry of the mini fixture, with its tip quoted (an unquoted comma inside `{ … }` splits a YAML flow mapping). */
const GIL = `---
id: test-gil
title:
  zh: 什么是 GIL？
  en: What is the GIL?
aliases: [global interpreter lock, 全局解释器锁]
tags: [concurrency]
quiz:
  - type: choice
    question: { zh: GIL 保证了什么？, en: What does the GIL guarantee? }
    options:
      - { zh: 同一时刻只有一个线程执行字节码, en: One thread runs bytecode at a time }
      - { zh: 线程永不切换, en: Threads never switch }
      - { zh: 进程共享内存, en: Processes share memory }
      - { zh: 代码无需加锁, en: No code needs locks }
    answer: A
    explanation: { zh: GIL 是一把互斥锁。, en: The GIL is a mutex. }
tip:
  question: { zh: CPython 3.13 可以关闭 GIL 吗？, en: Can CPython 3.13 run without the GIL? }
  answer: { zh: "可以，使用实验性的自由线程构建。", en: "Yes, with the experimental free-threaded build." }
---

<!-- lang: zh -->
GIL（全局解释器锁）保证同一时刻只有一个线程执行 Python 字节码。

<!-- lang: en -->
The GIL (global interpreter lock) lets only one thread execute Python bytecode at a time.
`;

/**
 * An answer far longer than one Slack section, with code blocks that must not be cut. Its code is
 * dense with `<`, `>` and `&`, so escaping for Slack makes a 3,000-character page longer than a section.
 */
export function longEntry(): string {
  const paragraphs: string[] = [];
  for (let i = 0; i < 6; i++) {
    paragraphs.push(`Part ${i}: the event loop runs callbacks & coroutines <one at a time>. ${'Await yields control back to the loop so other tasks can run. '.repeat(12)}`);
    paragraphs.push(['```python', ...Array.from({ length: 25 }, (_, j) => `    if a < b && c > d && e < f: x = a & b  # <tag> && </tag> ${i}.${j}`), '```'].join('\n'));
  }
  return `---
id: test-event-loop
title:
  en: How does the asyncio event loop work?
aliases: [event loop, asyncio loop]
tags: [async]
---

<!-- lang: en -->
${paragraphs.join('\n\n')}
`;
}

/**
 * A temp knowledge folder: the mini fixture (GIL tip fixed) plus one very long entry. `tempDir` makes
 * the folder (pass `useTempDirs()` from the test file, which removes it after the file).
 */
export function makeKnowledgeDir(tempDir: (prefix: string) => string): string {
  const dir = tempDir('slack-knowledge-');
  for (const file of fs.readdirSync(FIXTURE)) fs.copyFileSync(path.join(FIXTURE, file), path.join(dir, file));
  fs.writeFileSync(path.join(dir, 'gil.md'), GIL);
  fs.writeFileSync(path.join(dir, 'event-loop.md'), longEntry());
  return dir;
}
