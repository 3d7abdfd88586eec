import type { KnowledgeBase } from '../../knowledge/entry.ts';
import { withDerivedTopics } from '../../knowledge/topics.ts';
import { BUILTIN_GLOSSARY } from '../../matching/glossary-data.ts';
import { generateQuizzes } from './generate.ts';
import type { GenerateOptions } from './options.ts';
import { termLookup } from './terms.ts';

export { generateQuizzes, NO_QUIZ_REASONS } from './generate.ts';
export { ALL_GENERATED_KINDS, GENERATE_OPTIONS, type GeneratedKind, type GenerateOptions } from './options.ts';
export { termLookup, type TermLookup } from './terms.ts';

/**
 * What the loader does after reading a folder: topics for entries without tags, then generated quiz
 * items for entries without hand-written ones. `builtinGlossary` defaults to the bot's own glossary
 * (the only place this module depends on it: the synonyms a typed answer may use).
 */
export function prepareQuizzes(
  kb: KnowledgeBase,
  options: { builtinGlossary?: readonly (readonly string[])[]; generate?: Partial<GenerateOptions> } = {},
): KnowledgeBase {
  const terms = termLookup([...(options.builtinGlossary ?? BUILTIN_GLOSSARY), ...kb.glossary]);
  const { entries, coverage } = generateQuizzes(withDerivedTopics(kb.entries), { terms, ...(options.generate ? { options: options.generate } : {}) });
  return { ...kb, entries, quizCoverage: coverage };
}
