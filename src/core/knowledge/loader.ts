import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { detectLang, type Lang } from '../language.ts';
import type { Entry, KnowledgeBase, KnowledgeIssue } from './entry.ts';
import { parseGlossary } from './glossary-file.ts';
import { emptyHeadings, liftListItemHeadings, splitSections, stripNumbering, unclosedFence } from './markdown-sections.ts';
import { validateRichFields } from './rich-entry.ts';
import { prepareQuizzes, type GenerateOptions } from '../quiz/generate/index.ts';
import { withDerivedTopics } from './topics.ts';
import { entryRef, slugify } from './slug.ts';

/** Limits of what the loader reads; documented and frozen like every option object here. */
export const LOADER_LIMITS = Object.freeze({
  /** A larger Markdown file is reported and skipped. */
  maxFileBytes: 5 * 1024 * 1024,
  /** At most this many files are read from one folder tree. */
  maxFiles: 20_000,
});

export const GLOSSARY_FILE = 'glossary.yaml';

/**
 * Why `dir` cannot be a knowledge folder, in one line for a person (missing, not a folder, unreadable,
 * or without a single Markdown file below it); undefined when it can. Start-up (KNOWLEDGE_DIR) and
 * the command-line tools refuse such a path rather than run a bot that declines every question.
 */
export function knowledgeDirProblem(dir: string): string | undefined {
  const shown = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(shown);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return `the knowledge folder ${shown} does not exist`;
    return `the knowledge folder ${shown} cannot be read (${code ?? (error as Error).message})`;
  }
  if (!stat.isDirectory()) return `the knowledge folder ${shown} is a file, not a folder of Markdown notes`;
  try {
    fs.readdirSync(shown);
  } catch (error) {
    return `the knowledge folder ${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (!hasMarkdown(shown)) return `the knowledge folder ${shown} has no Markdown (.md) files`;
  return undefined;
}

/** Whether a `*.md`/`*.markdown` file is somewhere below `dir` (hidden folders and node_modules skipped, as the loader does). */
function hasMarkdown(dir: string, depth = 0): boolean {
  let items: fs.Dirent[];
  try {
    items = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  const visible = items.filter(i => !i.name.startsWith('.') && i.name !== 'node_modules');
  if (visible.some(i => !i.isDirectory() && /\.(md|markdown)$/i.test(i.name))) return true;
  if (depth >= 32) return false;
  return visible.some(i => i.isDirectory() && hasMarkdown(path.join(dir, i.name), depth + 1));
}

/** What a load prepares beyond the entries. */
export interface LoadOptions {
  /**
   * Generate quiz items for entries without hand-written ones (default true). Off for a caller
   * that only answers questions (`ask`): generation is about a fifth of a large folder's load.
   */
  readonly quizzes?: boolean;
  /** Overrides of the generation options (tests and tools: other kinds, other thresholds). */
  readonly generate?: Partial<GenerateOptions>;
}

/** Loads every `*.md` below `dir` (recursively) into entries; problems are reported, never thrown. */
export function loadKnowledge(dir: string, options: LoadOptions = {}): KnowledgeBase {
  const root = path.resolve(dir);
  const issues: KnowledgeIssue[] = [];
  const entries: Entry[] = [];
  const seen = new Map<string, string>();
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
    if (!fs.statSync(realRoot).isDirectory()) throw new Error('not a folder');
  } catch (error) {
    issues.push({ file: dir, line: 0, severity: 'error', message: `cannot read knowledge folder: ${(error as Error).message}` });
    return { dir: root, entries, issues, glossary: [] };
  }
  const folderSwitches: { folder: string; autoquiz: AutoquizSetting }[] = [];
  for (const file of listMarkdown(realRoot, issues)) {
    const rel = path.relative(realRoot, file).split(path.sep).join('/');
    let text: string;
    try {
      const stat = fs.statSync(file);
      if (stat.size > LOADER_LIMITS.maxFileBytes) {
        issues.push({ file: rel, line: 0, severity: 'error', message: `file is ${(stat.size / 1048576).toFixed(1)} MB; the limit is ${LOADER_LIMITS.maxFileBytes / 1048576} MB` });
        continue;
      }
      const buffer = fs.readFileSync(file);
      if (buffer.includes(0)) {
        issues.push({ file: rel, line: 0, severity: 'error', message: 'file is binary (contains NUL bytes), not Markdown' });
        continue;
      }
      text = buffer.toString('utf8');
      if (!isUtf8(buffer)) {
        const at = text.indexOf('\uFFFD');
        const line = at < 0 ? 0 : text.slice(0, at).split('\n').length;
        issues.push({ file: rel, line, severity: 'warning', message: 'file is not valid UTF-8 (saved in another encoding, such as GBK or Latin-1?); unreadable bytes show as \uFFFD' });
      }
    } catch (error) {
      issues.push({ file: rel, line: 0, severity: 'error', message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    // A folder's README or index with `autoquiz: false` (or `choices`) switches generation for the whole folder.
    if (/(^|\/)(readme|index)\.(md|markdown)$/i.test(rel)) {
      const autoquiz = autoquizSetting(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').match(FRONT_MATTER)?.[1]);
      if (autoquiz !== undefined) folderSwitches.push({ folder: rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : '', autoquiz });
    }
    let parsed: Entry[];
    try {
      parsed = parseMarkdownFile(rel, text, issues);
    } catch (error) {
      // Never reached by any input the tests know of; one file must still never stop the others loading.
      issues.push({ file: rel, line: 0, severity: 'error', message: `cannot parse: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    for (const entry of parsed) {
      const other = seen.get(entry.id);
      if (other !== undefined) {
        issues.push({ file: rel, line: entry.source.line, severity: 'error', message: `duplicate id "${entry.id}" (already used in ${other}); this entry is skipped` });
        continue;
      }
      seen.set(entry.id, rel);
      entries.push(entry);
    }
  }
  const glossary = loadGlossary(realRoot, issues);
  // A note's own switch wins over its folder's; a deeper folder's over a shallower one's.
  folderSwitches.sort((a, b) => b.folder.length - a.folder.length);
  const switched = folderSwitches.length === 0
    ? entries
    : entries.map(e => {
        if (e.autoquiz !== undefined) return e;
        const found = folderSwitches.find(s => e.source.file.startsWith(s.folder));
        return found === undefined ? e : { ...e, autoquiz: found.autoquiz };
      });
  // Topics for untagged notes and quiz items for notes without hand-written ones, once, at load.
  if (options.quizzes === false) return { dir: root, entries: withDerivedTopics(switched), issues, glossary };
  return prepareQuizzes({ dir: root, entries: switched, issues, glossary }, options.generate ? { generate: options.generate } : {});
}

type AutoquizSetting = NonNullable<Entry['autoquiz']>;

/**
 * What front matter (YAML text) says of generated quiz items: `autoquiz: false` (or off/no) none,
 * `autoquiz: choices` (or all) the choice kinds too; anything else, the default kinds.
 */
function autoquizSetting(yamlText: string | undefined): AutoquizSetting | undefined {
  const value = yamlText === undefined ? undefined : /^autoquiz:[ \t]*([A-Za-z]+)[ \t]*(?:#.*)?$/im.exec(yamlText)?.[1]?.toLowerCase();
  if (value === 'false' || value === 'off' || value === 'no') return false;
  if (value === 'choices' || value === 'all') return 'choices';
  return undefined;
}

/** Markdown files below root in a stable order; symlinks that leave the folder are reported. */
function listMarkdown(root: string, issues: KnowledgeIssue[]): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    let items: fs.Dirent[];
    try {
      items = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      issues.push({ file: path.relative(root, dir) || '.', line: 0, severity: 'error', message: `cannot list folder: ${(error as Error).message}` });
      return;
    }
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      if (item.name.startsWith('.') || item.name === 'node_modules') continue;
      const full = path.join(dir, item.name);
      let target = full;
      let isDir = item.isDirectory();
      let isFile = item.isFile();
      if (item.isSymbolicLink()) {
        // Only Markdown files are notes, whatever a link points at: a link named like an image or a
        // script is no one's note, so it is never an error (folder links are still checked).
        const markdownName = /\.(md|markdown)$/i.test(item.name);
        let stat: fs.Stats;
        try {
          target = fs.realpathSync(full);
          stat = fs.statSync(target);
        } catch (error) {
          const loop = (error as NodeJS.ErrnoException).code === 'ELOOP';
          if (loop || markdownName)
            issues.push({ file: path.relative(root, full), line: 0, severity: 'error', message: loop ? 'symbolic link loop (it leads back to itself); skipped' : 'broken symbolic link' });
          continue;
        }
        if (!stat.isDirectory() && !markdownName) continue;
        if (!isInside(root, target)) {
          issues.push({ file: path.relative(root, full), line: 0, severity: 'error', message: 'symbolic link points outside the knowledge folder; skipped' });
          continue;
        }
        isDir = stat.isDirectory();
        isFile = stat.isFile();
        if (isDir) continue; // a link to a folder inside the tree would be read twice
      }
      if (isDir) visit(full);
      else if (isFile && /\.(md|markdown)$/i.test(item.name)) {
        if (out.length >= LOADER_LIMITS.maxFiles) {
          issues.push({ file: path.relative(root, full), line: 0, severity: 'error', message: `more than ${LOADER_LIMITS.maxFiles} files; the rest are skipped` });
          return;
        }
        out.push(full);
      }
    }
  };
  visit(root);
  return out;
}

/** Whether `target` is `root` or below it (also for the root `/`, whose children do not start with `//`). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel);
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;
const LANG_MARK = /^[ \t]*<!--\s*lang:\s*(zh|en)\s*-->[ \t]*$/gm;

/** Parses one Markdown file (path relative to the knowledge folder) into entries. */
export function parseMarkdownFile(file: string, rawText: string, issues: KnowledgeIssue[]): Entry[] {
  const text = rawText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fm = text.match(FRONT_MATTER);
  let data: Record<string, unknown> = {};
  let bodyText = text;
  let bodyLine = 1;
  if (fm) {
    const lineCounter = new YAML.LineCounter();
    const doc = YAML.parseDocument(fm[1]!, { prettyErrors: false, lineCounter });
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      // Without prettyErrors the error has no linePos: the line comes from its offset. +1 for the opening ---.
      const line = lineCounter.linePos(err.pos[0]).line + 1;
      issues.push({ file, line, severity: 'error', message: `front matter is not valid YAML: ${err.message.split('\n')[0]}` });
      return [];
    }
    let value: unknown;
    try {
      value = doc.toJS();
    } catch (error) {
      // Valid YAML the library still refuses to build, e.g. an alias bomb ("Excessive alias count").
      issues.push({ file, line: 2, severity: 'error', message: `front matter cannot be read: ${(error as Error).message.split('\n')[0]}` });
      return [];
    }
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      issues.push({ file, line: 2, severity: 'error', message: 'front matter must be a map of fields (id: …, title: …)' });
      return [];
    }
    data = (value ?? {}) as Record<string, unknown>;
    bodyText = text.slice(fm[0].length);
    bodyLine = fm[0].split('\n').length;
  }
  const fileId = file.replace(/\.(md|markdown)$/i, '');
  warnAboutBody(file, bodyText, bodyLine, 'id' in data, issues);
  if (fm && !('id' in data)) {
    // Only tags (and autoquiz) apply to plain notes: say what becomes of the rest.
    const ignored = Object.keys(data).filter(k => k !== 'tags' && k !== 'autoquiz');
    if (ignored.length > 0)
      issues.push({
        file,
        line: 1,
        severity: 'warning',
        message: `front matter has no "id", so this file is read as plain notes: each heading becomes an entry of its own and only "tags" applies; ${ignored.map(k => `"${k}"`).join(', ')} ${ignored.length === 1 ? 'is' : 'are'} ignored. Add an id to make the whole file one entry with these fields`,
      });
  }
  if ('id' in data) {
    const rich = richEntry(file, fileId, data, fm![1]!, bodyText, issues);
    const own = autoquizSetting(fm![1]);
    return own === undefined ? rich : rich.map(e => ({ ...e, autoquiz: own }));
  }
  const autoquiz = autoquizSetting(fm?.[1]);

  // Plain notes: every heading is an entry. Front matter without an id may give tags to all of them.
  const fileTags = Array.isArray(data.tags)
    ? data.tags.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map(t => t.trim().toLowerCase())
    : [];
  const entries: Entry[] = [];
  const used = new Map<string, number>();
  const ids = new Set<string>();
  for (const section of splitSections(bodyText)) {
    const title = stripNumbering(section.heading);
    if (!title) {
      issues.push({ file, line: section.line + bodyLine - 1, severity: 'warning', message: `heading "${section.heading}" has no words once its numbering and formatting are removed: it can never be found (no entry is made)` });
      continue;
    }
    const base = `${fileId}#${slugify(title)}`;
    let n = used.get(base) ?? 0;
    let id: string;
    // A title can slug to another's suffixed id ("x", "x", "x 2" → x, x-2, x-2): the suffix counts on.
    do id = ++n === 1 ? base : `${base}-${n}`;
    while (ids.has(id));
    used.set(base, n);
    ids.add(id);
    const lang = detectLang(title + '\n' + section.ownText.slice(0, 2000), 'en');
    entries.push({
      id,
      ref: entryRef(id),
      title,
      body: { [lang]: section.body },
      ownText: section.ownText,
      aliases: [],
      tags: fileTags,
      quiz: [],
      ...(autoquiz !== undefined ? { autoquiz } : {}),
      source: { file, line: section.line + bodyLine - 1, heading: section.heading, level: section.level },
    });
  }
  return entries;
}

/**
 * What silently changes how a file is read: a code fence never closed (the rest of the file becomes
 * one code block, its headings no entries) and headings with no title (never an entry; their text
 * joins the entry above). Warnings, since the file still loads.
 */
function warnAboutBody(file: string, bodyText: string, bodyLine: number, rich: boolean, issues: KnowledgeIssue[]): void {
  const lines = liftListItemHeadings(bodyText.split('\n'));
  const open = unclosedFence(lines);
  if (open !== undefined) {
    issues.push({
      file,
      line: open + bodyLine,
      severity: 'warning',
      message: rich
        ? 'this code block (```) is never closed: everything after it, to the end of the file, is shown as code'
        : 'this code block (```) is never closed: everything after it, to the end of the file, is read as code, so the headings below it are not entries',
    });
  }
  if (rich) return;
  for (const i of emptyHeadings(lines)) {
    issues.push({ file, line: i + bodyLine, severity: 'warning', message: 'heading with no title: it can never be found (no entry is made), and its text joins the entry above' });
  }
}

function richEntry(file: string, fileId: string, data: Record<string, unknown>, yamlText: string, bodyText: string, issues: KnowledgeIssue[]): Entry[] {
  const lineOf = (key: string): number => {
    const i = yamlText.split('\n').findIndex(l => l.startsWith(`${key}:`));
    return i >= 0 ? i + 2 : 2;
  };
  const { fields, problems, warnings } = validateRichFields(data);
  for (const w of warnings) issues.push({ file, line: lineOf(w.key), severity: 'warning', message: w.message });
  for (const p of problems) issues.push({ file, line: lineOf(p.key), severity: 'error', message: p.message });
  if (!fields) return [];
  const body = splitLanguages(bodyText);
  if (Object.keys(body).length === 0) {
    issues.push({ file, line: 1, severity: 'error', message: 'the entry has no body: write the answer below the front matter' });
    return [];
  }
  void fileId;
  const title = typeof fields.title === 'string' ? fields.title : (fields.title.zh ?? fields.title.en ?? '');
  return [
    {
      id: fields.id,
      ref: entryRef(fields.id),
      title: fields.title,
      body,
      aliases: fields.aliases,
      tags: fields.tags,
      quiz: fields.quiz,
      ...(fields.tip ? { tip: fields.tip } : {}),
      source: { file, line: 1, heading: title, level: 0 },
    },
  ];
}

/** Splits a body by `<!-- lang: xx -->` markers; text before the first marker is in its detected language. */
export function splitLanguages(text: string): Partial<Record<Lang, string>> {
  const out: Partial<Record<Lang, string>> = {};
  const marks = [...text.matchAll(LANG_MARK)];
  const add = (lang: Lang, chunk: string) => {
    const trimmed = chunk.trim();
    if (trimmed) out[lang] = out[lang] ? `${out[lang]}\n\n${trimmed}` : trimmed;
  };
  const head = text.slice(0, marks[0]?.index ?? text.length);
  if (head.trim()) add(detectLang(head), head);
  marks.forEach((m, k) => {
    const end = marks[k + 1]?.index ?? text.length;
    add(m[1] as Lang, text.slice(m.index! + m[0].length, end));
  });
  return out;
}

function loadGlossary(root: string, issues: KnowledgeIssue[]): string[][] {
  const file = path.join(root, GLOSSARY_FILE);
  if (!fs.existsSync(file)) return [];
  try {
    const { groups, problems } = parseGlossary(fs.readFileSync(file, 'utf8'));
    for (const p of problems) issues.push({ file: GLOSSARY_FILE, line: p.line, severity: 'error', message: p.message });
    return groups;
  } catch (error) {
    issues.push({ file: GLOSSARY_FILE, line: 0, severity: 'error', message: `cannot read: ${(error as Error).message}` });
    return [];
  }
}
