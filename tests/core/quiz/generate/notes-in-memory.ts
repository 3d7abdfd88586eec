import type { Entry, KnowledgeBase, KnowledgeIssue } from '../../../../src/core/knowledge/entry.ts';
import { parseMarkdownFile } from '../../../../src/core/knowledge/loader.ts';
import { ALL_GENERATED_KINDS, prepareQuizzes } from '../../../../src/core/quiz/generate/index.ts';

/**
 * A knowledge base of Markdown files given as text (file name → text), with generated quiz items of
 * every kind (as a folder with `autoquiz: choices` gets: the rules of the choice kinds are tested
 * here) and no built-in glossary. Typed answers may have up to four words here, and may be names no
 * heading or glossary knows, so that the rules about other things (giveaways, enumerations, glosses)
 * are tested on their own; the defaults are tested in default-kinds.test.ts.
 */
export function kbOf(files: Record<string, string>, glossary: string[][] = []): KnowledgeBase {
  const issues: KnowledgeIssue[] = [];
  const entries = Object.entries(files).flatMap(([file, text]) => parseMarkdownFile(file, text, issues));
  return prepareQuizzes({ dir: '/notes', entries, issues, glossary }, { builtinGlossary: [], generate: { kinds: ALL_GENERATED_KINDS, maxTermWords: 4, knownTermsOnly: false } });
}

/** The entry with this id; fails with the ids there are. */
export function entryOf(kb: KnowledgeBase, id: string): Entry {
  const e = kb.entries.find(x => x.id === id);
  if (!e) throw new Error(`no entry ${id}: ${kb.entries.map(x => x.id).join(', ')}`);
  return e;
}

/** An entry's generated item of one kind (which-question, which-answer, fill-term). */
export const kindOf = (e: Entry, kind: string) => e.quiz.find(q => q.generated?.kind === kind);
