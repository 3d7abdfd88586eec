import { readBuiltinGlossary } from './lexicon.ts';

/**
 * Built-in bilingual glossary: each group lists words that mean the same thing (English first, then
 * Chinese). The data is `lexicon/glossary.yaml`, in the same format as a knowledge folder's own
 * glossary.yaml; read once when this module is first imported (immutable afterwards).
 */
export const BUILTIN_GLOSSARY: readonly (readonly string[])[] = readBuiltinGlossary();
