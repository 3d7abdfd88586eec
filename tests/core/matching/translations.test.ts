import { describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { BUILTIN_GLOSSARY } from '../../../src/core/matching/glossary-data.ts';
import type { MatchOptions } from '../../../src/core/matching/match-options.ts';
import { Matcher } from '../../../src/core/matching/matcher.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../../../src/core/matching/stopwords.ts';
import { createTranslations } from '../../../src/core/matching/translations.ts';
import { useFolders } from '../../support/core-harness.ts';

const folder = useFolders('interview-bot-translations-');
const translations = createTranslations();

function matcherOf(kb: KnowledgeBase, options: Partial<MatchOptions> = {}): Matcher {
  expect(kb.issues).toEqual([]);
  return new Matcher({ entries: kb.entries, glossary: [...BUILTIN_GLOSSARY, ...kb.glossary], stopwordsEn: STOPWORDS_EN, stopwordsZh: STOPWORDS_ZH, translations, options });
}

const best = (m: Matcher, q: string) => m.rank(q, 1)[0]?.entry.id;

describe('translations: everyday words across Chinese and English (CC-CEDICT)', () => {
  it('gives a Chinese word its English words and an English word (any inflection) its Chinese ones', () => {
    expect(translations.of('嵌套')).toEqual(expect.arrayContaining(['nested']));
    expect(translations.of('隔离')).toEqual(expect.arrayContaining(['separate', 'isolate']));
    expect(translations.of('phases')).toContain('阶段');
    expect(translations.of('isolated')).toContain('隔离');
    expect(translations.of('xyzzyq')).toEqual([]);
  });

  it('is not used over bilingual notes: a word they do not use in its own language is a word they do not use', () => {
    const notes = {
      'threads.md':
        '---\nid: share\ntitle:\n  en: How do threads share data?\n  zh: 线程之间怎么共享数据？\n---\n\n<!-- lang: zh -->\n线程共享内存，用锁保护共享状态。\n\n<!-- lang: en -->\nThreads share memory; guard shared state with a lock.\n',
    };
    const kb = loadKnowledge(folder(notes));
    // 股票 is "stock, share": over English notes it could reach "share"; here it reaches nothing.
    expect(translations.of('股票')).toContain('share');
    expect(matcherOf(kb).rank('股票怎么买', 1)).toEqual([]);
  });

  it('reads only plain senses: no pointer ("variant of"), no phrase standing for one of its words', () => {
    // 作为 is "to view as": a reading of "view" only with "as", so it is no translation of "view".
    expect(translations.of('view')).not.toContain('作为');
    // 过期 is "to exceed the time limit": no translation of "time" or "limit".
    expect(translations.of('limit')).not.toContain('过期');
    for (const w of translations.of('合并')) expect(w).not.toMatch(/variant/);
  });

  it('finds the heading of Chinese notes for an English question through an everyday word the notes say in Chinese', () => {
    const notes = {
      'go-gc.md':
        '## Go GC 有几个阶段\n\n一共四个阶段：标记准备、并发标记、标记终止和清理。\n\n' +
        '## GC 的具体过程\n\nGC 从根对象出发扫描并标记存活对象，最后回收没有标记的内存。\n\n' +
        '## 什么是逃逸分析\n\n编译器判断变量是否会在函数返回后继续被使用，决定把它分配在栈上还是堆上。\n',
    };
    const kb = loadKnowledge(folder(notes));
    const q = 'How many phases does a GC have?';
    const withTranslations = matcherOf(kb).rank(q, 2);
    const without = matcherOf(kb, { translationFactor: 0 }).rank(q, 2);
    expect(withTranslations[0]!.entry.id).toBe('go-gc#go-gc-有几个阶段');
    // Without translations "phases" is a word no note uses: both GC headings are only "GC" to the matcher.
    expect(withTranslations[0]!.confidence - withTranslations[1]!.confidence).toBeGreaterThan(0.2);
    expect(Math.abs(without[0]!.confidence - without[1]!.confidence)).toBeLessThan(0.1);
  });

  it('finds the heading of English notes for a Chinese question the same way', () => {
    const notes = {
      'vue.md':
        '## How do you watch for nested data changes?\n\nUse a watcher with the deep option so changes inside nested objects trigger it.\n\n' +
        '## What are props?\n\nProps pass data from a parent component down to a child component.\n\n' +
        '## What is a computed property?\n\nA value derived from reactive data, cached until its dependencies change.\n',
    };
    const kb = loadKnowledge(folder(notes));
    const q = '如何监听嵌套对象的变化？';
    const [withTranslations] = matcherOf(kb).rank(q, 1);
    const [without] = matcherOf(kb, { translationFactor: 0 }).rank(q, 1);
    expect(withTranslations!.entry.id).toBe('vue#how-do-you-watch-for-nested-data-changes');
    // 嵌套 (nested) and 变化 (change) count only through their translations.
    expect(withTranslations!.confidence).toBeGreaterThan((without?.confidence ?? 0) + 0.15);
  });
});
