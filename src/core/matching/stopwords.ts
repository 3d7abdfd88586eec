import { readBuiltinAspects, readBuiltinPhrases, readBuiltinWords } from './lexicon.ts';

/** Words that carry no topic in a question: fillers of how people ask (`lexicon/stopwords-en.txt`). */
export const STOPWORDS_EN: ReadonlySet<string> = readBuiltinWords('stopwords-en.txt');

/** Chinese stop words (`lexicon/stopwords-zh.txt`). */
export const STOPWORDS_ZH: ReadonlySet<string> = readBuiltinWords('stopwords-zh.txt');

/**
 * Words that tell sibling entries apart (优缺点 / 原理 / 使用场景, advantages / internals / use cases):
 * searched for, but lighter than a subject word (`lexicon/intent-words.txt`).
 */
export const INTENT_WORDS: ReadonlySet<string> = readBuiltinWords('intent-words.txt');

/** Operators and symbols read as words (`lexicon/operators.txt`). */
export const OPERATORS: readonly string[] = [...readBuiltinWords('operators.txt')];

/** Keywords of code that are also English stop words: terms alone in Chinese text or compared with an operator (`lexicon/code-keywords.txt`). */
export const CODE_KEYWORDS: ReadonlySet<string> = readBuiltinWords('code-keywords.txt');

/** Conversational phrases removed from a question before matching (`lexicon/filler-phrases.txt`). */
export const FILLER_PHRASES: readonly string[] = readBuiltinPhrases('filler-phrases.txt');

/** What a question asks about its subject and what a heading answers (`lexicon/aspects.txt`). */
export const ASPECT_PHRASES: ReadonlyMap<string, readonly string[]> = readBuiltinAspects();

/** Phrases after which a question names what it compares its subject with (`lexicon/reference-markers.txt`). */
export const REFERENCE_MARKERS: readonly string[] = readBuiltinPhrases('reference-markers.txt');
