import type { Entry } from '../knowledge/entry.ts';
import { allVariants } from '../language.ts';
import { fencedLines } from '../knowledge/markdown-sections.ts';

/**
 * What the shape of the notes says about each entry, before any question is asked:
 * - **duplicates**: real READMEs repeat sections verbatim ("Top questions", then "All questions");
 *   entries whose title and body are the same after normalising whitespace, numbering and Markdown
 *   are one answer (the first), the others are extra places it is written;
 * - **tables of contents**: a section whose own text is mostly links, or a list of other entries'
 *   titles ("questions by difficulty"), is never an answer; nor is a heading with no words under it
 *   and no sub-headings (a separator between parts);
 * - **chapters**: a heading with little text of its own and many sub-headings, or the one H1 that
 *   titles a whole file (with little text, or with many sections whatever its text), is a chapter; a
 *   heading whose answer sits in a few sub-headings
 *   (`### X vs Y`, then `#### X`, `#### Y`) is not: its whole section is its answer.
 */
export interface EntryStructure {
  /** For each entry: the index of the entry it duplicates, or its own index. */
  readonly canonical: Int32Array;
  /** 1 for a table of contents (never an answer). */
  readonly toc: Uint8Array;
  /** 1 for a chapter heading. */
  readonly chapter: Uint8Array;
  /** Sub-headings inside each entry's section. */
  readonly children: Uint16Array;
  /** The heading each entry's heading is under (in the same file), or -1. */
  readonly parent: Int32Array;
}

export interface StructureOptions {
  readonly chapterMinChildren: number;
}

/** Own text this short (characters) is "little text of its own". */
const SHORT_OWN_TEXT = 40;
/** A table of contents: at least this many link or title lines… */
const TOC_MIN_LINES = 3;
/** …making up at least this share of its non-empty lines. */
const TOC_SHARE = 0.6;

export function analyzeStructure(entries: readonly Entry[], options: StructureOptions): EntryStructure {
  const n = entries.length;
  const canonical = new Int32Array(n);
  const toc = new Uint8Array(n);
  const chapter = new Uint8Array(n);
  const children = new Uint16Array(n);
  const parent = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let stackFile = '';
  const byKey = new Map<string, number>();
  const titles = new Set<string>();
  const h1PerFile = new Map<string, number>();
  for (const e of entries) {
    for (const t of allVariants(e.title)) titles.add(plain(t));
    if (e.source.level === 1) h1PerFile.set(e.source.file, (h1PerFile.get(e.source.file) ?? 0) + 1);
  }
  // Only entries titled alike can be duplicates: their bodies are compared, no one else's.
  const titleCount = new Map<string, number>();
  const titleOf = entries.map(e => allVariants(e.title).map(plain).join('|'));
  for (const t of titleOf) titleCount.set(t, (titleCount.get(t) ?? 0) + 1);
  entries.forEach((e, i) => {
    if (e.source.file !== stackFile) {
      stack.length = 0;
      stackFile = e.source.file;
    }
    if (e.source.level > 0) {
      while (stack.length > 0 && entries[stack.at(-1)!]!.source.level >= e.source.level) stack.pop();
      if (stack.length > 0) parent[i] = stack.at(-1)!;
      stack.push(i);
    }
    const body = Object.values(e.body).join('\n');
    canonical[i] = i;
    if (titleCount.get(titleOf[i]!)! > 1) {
      const key = `${titleOf[i]}\n${plain(body)}`;
      const first = byKey.get(key);
      if (first !== undefined) canonical[i] = first;
      else byKey.set(key, i);
    }
    children[i] = Math.min(65535, countHeadings(body));
    const own = e.ownText;
    if (own === undefined) return; // a whole-file rich entry
    if (isToc(own, titles)) toc[i] = 1;
    if (children[i] === 0 && wordless(own)) toc[i] = 1;
    const little = own.trim().length < SHORT_OWN_TEXT;
    const fileTitle = e.source.level === 1 && h1PerFile.get(e.source.file) === 1 && children[i]! > 0;
    const many = children[i]! >= options.chapterMinChildren;
    // The H1 of a file of many sections titles them all, whatever its own lines say (a project's
    // badges, "click ★ if you like it", a welcome).
    if ((little && (fileTitle || many)) || (fileTitle && many)) chapter[i] = 1;
  });
  return { canonical, toc, chapter, children, parent };
}

/**
 * Text with no word in it once HTML tags are removed ("<br/>"): under a heading with no sub-headings
 * ("## # 7. REACT HOOKS" before the questions of that part, or a question left unanswered) it only
 * separates parts and has nothing to answer with.
 */
export function wordless(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text.replace(/<[^<>]*>/g, ''));
}

/** Whether an entry answers nothing: no words of its own and no sub-headings (see {@link wordless}). */
export function answersNothing(entry: Entry): boolean {
  return entry.ownText !== undefined && wordless(entry.ownText) && countHeadings(Object.values(entry.body).join('\n')) === 0;
}

/** A title reduced to what makes two titles the same (for "did you mean" lists without twins). */
export function titleKey(title: string): string {
  return plain(title).replace(/[?？!！.。:：,，;；、()（）"'“”‘’\s]/g, '');
}

/**
 * A title or question reduced to how it is worded, forgiving only what does not change the question:
 * case, punctuation, Markdown, articles (a, an, the), is/are and a plural -s. "What is a closure?" and
 * "what are closures" share a key; "Why do you need a promise" and "What is a promise" do not.
 */
export function wordingKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\[([^\][]*)\]\([^()]*\)/g, '$1')
    .replace(/[`*]+/g, '')
    // Punctuation that ends a word or opens a quote (full-width forms are ASCII after NFKC); an
    // operator standing alone (`?.`, `:=`, `==`) stays.
    .replace(/(?<=[\p{L}\p{N}])[?!.:,;"')\]]+(?=\s|$|\p{Script=Han})|(?<=^|\s|\p{Script=Han})["'(\[]+(?=[\p{L}\p{N}])|[。、“”‘’]/gu, ' ')
    .split(/\s+/)
    .filter(w => w !== '' && w !== 'a' && w !== 'an' && w !== 'the')
    .map(w => (w === 'are' ? 'is' : w === 'were' ? 'was' : /^[a-z]{4,}s$/.test(w) && !w.endsWith('ss') ? w.slice(0, -1) : w))
    .join('');
}

/** Text reduced to what makes two sections the same: no Markdown, numbering, case or spacing. */
function plain(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^\s*(?:#{1,6}\s*)?(?:[-*+]\s+)?(?:\d+(?:\.\d+)*[.、)）:：]?\s+|q\d+[.:：]?\s*)?/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>|~\-=[\]()!]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function countHeadings(body: string): number {
  if (!body.includes('#') && !/\n[=-]{2,}/.test(body)) return 0;
  const lines = body.split('\n');
  const fenced = fencedLines(lines);
  let count = 0;
  for (let i = 0; i < lines.length; i++) if (!fenced[i] && /^ {0,3}#{1,6}[ \t]+\S/.test(lines[i]!)) count++;
  return count;
}

/** A line that is a link: alone, as a list item, or as a table row whose cells hold one (`| 12 | [Title](#title) |`). */
const LINK_LINE = /^\s*(?:(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*)?\[[^\]]+\]\([^)]*\)|\|(?:[^|\n]*\|)*\s*(?:\*\*)?\[[^\]]+\]\([^)]*\))/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.+)$/;

/** Mostly links, or a list of other entries' titles. */
function isToc(own: string, titles: ReadonlySet<string>): boolean {
  const lines = own.split('\n').filter(l => l.trim() !== '');
  if (lines.length < TOC_MIN_LINES) return false;
  let links = 0;
  let titled = 0;
  for (const line of lines) {
    if (LINK_LINE.test(line)) links++;
    const item = LIST_ITEM.exec(line);
    if (item && titles.has(plain(item[1]!))) titled++;
  }
  const share = Math.max(links, titled);
  return share >= TOC_MIN_LINES && share >= TOC_SHARE * lines.length;
}
