import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGlossary } from '../knowledge/glossary-file.ts';

/**
 * The folder of the built-in language data (glossary, stop words, intent words, operators, filler
 * phrases): `lexicon/` at the project's root, found from this module both in `src/` (tsx) and in the
 * compiled `dist/`, which sit at the same depth.
 */
export const LEXICON_DIR = fileURLToPath(new URL('../../../lexicon/', import.meta.url));

function read(name: string): string {
  return fs.readFileSync(LEXICON_DIR + name, 'utf8');
}

/** Words of a word-list file: separated by spaces or lines; `#` starts a comment. */
export function parseWordList(text: string): string[] {
  return text
    .split('\n')
    .map(line => line.replace(/(^|\s)#.*$/, ''))
    .flatMap(line => line.split(/\s+/))
    .filter(Boolean);
}

/** Lines of a phrase-list file (one phrase a line; `#` comments). */
export function parsePhraseList(text: string): string[] {
  return text
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
}

/** The built-in glossary file's groups; a problem in it is a bug of the release, so it throws. */
export function readBuiltinGlossary(): readonly (readonly string[])[] {
  const { groups, problems } = parseGlossary(read('glossary.yaml'));
  if (problems.length > 0) throw new Error(`lexicon/glossary.yaml:${problems[0]!.line}: ${problems[0]!.message}`);
  return Object.freeze(groups.map(g => Object.freeze(g)));
}

export function readBuiltinWords(name: string): ReadonlySet<string> {
  return new Set(parseWordList(read(name)));
}

export function readBuiltinPhrases(name: string): readonly string[] {
  return Object.freeze(parsePhraseList(read(name)));
}
