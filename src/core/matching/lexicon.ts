import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGlossary } from '../knowledge/glossary-file.ts';

/**
 * The folder of the built-in language data (glossary, stop words, intent words, operators, filler
 * phrases): `lexicon/` at the project's root, the nearest one above this module — found the same
 * way from `src/` (tsx) and from a compiled `dist/` wherever it was built to.
 */
export const LEXICON_DIR = findLexicon(path.dirname(fileURLToPath(import.meta.url)));

function findLexicon(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'lexicon');
    if (fs.existsSync(path.join(candidate, 'glossary.yaml'))) return candidate + path.sep;
    if (path.dirname(dir) === dir) throw new Error(`no lexicon/ folder (the built-in glossary and word lists) above ${from}`);
  }
}

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

/**
 * Aspect lines (`aspect: phrase, phrase, …`; `#` comments) into aspect → phrases, in the order of
 * first appearance; a line may repeat an aspect.
 */
export function parseAspects(text: string): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const line of parsePhraseList(text)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`aspect line without "aspect:": ${line}`);
    const name = line.slice(0, colon).trim();
    const phrases = line.slice(colon + 1).split(',').map(p => p.trim().toLowerCase()).filter(Boolean);
    out.set(name, [...(out.get(name) ?? []), ...phrases]);
  }
  return out;
}

export function readBuiltinAspects(): ReadonlyMap<string, readonly string[]> {
  return parseAspects(read('aspects.txt'));
}
