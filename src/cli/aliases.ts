import fs from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { PROJECT_ROOT } from '../config.ts';
import type { KnowledgeBase } from '../core/knowledge/entry.ts';
import { loadKnowledge } from '../core/knowledge/loader.ts';
import { AliasRefused, Learning, type CandidateGroup, type FlaggedAlias } from '../core/learning/learning.ts';
import { normaliseQuestion } from '../core/learning/learning-store.ts';
import { SqliteLearningStore } from '../store/sqlite/sqlite-learning-store.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { Args } from './args.ts';

const USAGE = `usage: interview-bot aliases <list|accept|reject|export> [--db FILE] [--knowledge DIR]
  list [--all] [--json]                 candidate aliases grouped by similar question (--all: decided ones too), and flagged ones
  accept <entry-id> "<alias>" [--by NAME]  the matcher uses it at once (the running bot picks it up within seconds)
  reject <entry-id> "<alias>" [--by NAME]  it and questions like it are no longer proposed for that entry
  export [--dry-run]                    write accepted aliases into their notes' front matter (notes with an id)`;

/** Output streams, injectable for tests. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly now: () => number;
}

const systemIo: CliIo = { out: t => process.stdout.write(t), err: t => process.stderr.write(t), now: () => Date.now() };

/** `interview-bot aliases list|accept|reject|export`: a maintainer's view of what the bot learned from its users. */
export function aliasesCli(args: Args, knowledgeDefault: string, io: CliIo = systemIo): number {
  const file = args.value('db') ?? process.env.DATABASE_FILE ?? path.join(PROJECT_ROOT, 'data', 'interview-bot.sqlite');
  const dir = args.value('knowledge') ?? knowledgeDefault;
  const json = args.flag('json');
  const all = args.flag('all');
  const dryRun = args.flag('dry-run');
  const by = args.value('by') ?? process.env.USER ?? 'cli';
  const after = Number(process.env.LEARN_ALIASES_AFTER ?? 0);
  const [command, ...rest] = args.positionals();
  if (!command || !['list', 'accept', 'reject', 'export'].includes(command)) {
    io.err(USAGE + '\n');
    return 2;
  }
  const knowledge = loadKnowledge(dir);
  const store = openSqliteStore(file);
  try {
    const learning = new Learning(new SqliteLearningStore(store.db), { now: io.now, setTimeout: () => ({ cancel() {} }) }, { autoAcceptAfter: Number.isInteger(after) && after > 0 ? after : 0 });
    switch (command) {
      case 'list': {
        const groups = learning.candidates(knowledge);
        const flagged = learning.flagged(knowledge);
        const shown = all ? groups : groups.map(g => ({ ...g, candidates: g.candidates.filter(c => c.status === 'pending' || c.status === 'held') })).filter(g => g.candidates.length > 0);
        io.out(json ? JSON.stringify({ groups: shown, flagged }) + '\n' : renderList(shown, flagged));
        return 0;
      }
      case 'accept':
      case 'reject': {
        const [entryId, ...words] = rest;
        const alias = words.join(' ');
        if (!entryId || !alias.trim()) {
          io.err(USAGE + '\n');
          return 2;
        }
        if (command === 'reject') {
          learning.reject(entryId, alias, by);
          io.out(`rejected for ${entryId}: ${alias}\n`);
          return 0;
        }
        try {
          const d = learning.accept(knowledge, entryId, alias, by);
          io.out(`accepted for ${entryId}: ${d.alias}\n`);
          return 0;
        } catch (error) {
          if (!(error instanceof AliasRefused)) throw error;
          io.err(`not accepted: ${REFUSALS[error.reason]}\n`);
          return 1;
        }
      }
      default:
        return exportAliases(learning, knowledge, dryRun, io);
    }
  } finally {
    store.close();
  }
}

const REFUSALS: Record<AliasRefused['reason'], string> = {
  'unknown-entry': 'no entry has that id (see `interview-bot aliases list` or `npm run check`)',
  empty: 'the alias is empty',
  'too-long': 'the alias is too long to be a way of asking',
  'title-of-another-entry': "it is another entry's title, and an alias never takes a title from its entry",
  'already-known': 'the entry already has that title or alias',
};

function renderList(groups: readonly CandidateGroup[], flagged: readonly FlaggedAlias[]): string {
  const lines: string[] = [];
  if (groups.length === 0) lines.push('no candidate aliases (they come from "did you mean" picks and 👍 on uncertain answers)');
  for (const g of groups) {
    lines.push(`"${g.question}"`);
    for (const c of g.candidates)
      lines.push(
        `  ${c.status.padEnd(8)} ${c.entryId}  ←  "${c.alias}"  (${c.confirmations} confirmed${c.downs > 0 ? `, ${c.downs} 👎` : ''}${c.blocked ? `, cannot be accepted: ${c.blocked}` : ''}${c.decision ? `, by ${c.decision.by}` : ''})`,
      );
  }
  if (flagged.length > 0) {
    lines.push('', 'flagged (learned aliases whose answers got 👎: reject them if they send people to the wrong note):');
    for (const f of flagged) lines.push(`  ${f.decision.entryId}  ←  "${f.decision.alias}"  (${f.downs} 👎 since accepted)`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Writes every accepted alias into its note's front matter (`aliases:`), so it lives with the notes
 * in git. Entries of plain notes (a heading, no front matter of its own) keep theirs in the state
 * database: they are listed.
 */
function exportAliases(learning: Learning, knowledge: KnowledgeBase, dryRun: boolean, io: CliIo): number {
  const accepted = learning.accepted(knowledge);
  const byFile = new Map<string, { entryId: string; aliases: string[] }>();
  const plain: string[] = [];
  for (const [entryId, decisions] of accepted) {
    const entry = knowledge.entries.find(e => e.id === entryId)!;
    const known = new Set(entry.aliases.map(normaliseQuestion));
    const missing = decisions.map(d => d.alias).filter(a => !known.has(normaliseQuestion(a)));
    if (missing.length === 0) continue;
    if (entry.source.level !== 0) {
      plain.push(...missing.map(a => `  ${entry.source.file}:${entry.source.line} ${entryId}  ←  "${a}"`));
      continue;
    }
    byFile.set(entry.source.file, { entryId, aliases: missing });
  }
  let written = 0;
  for (const [file, { entryId, aliases }] of byFile) {
    const full = path.join(knowledge.dir, file);
    const next = addAliasesToFrontMatter(fs.readFileSync(full, 'utf8'), aliases);
    if (next === undefined) {
      plain.push(...aliases.map(a => `  ${file} ${entryId}  ←  "${a}" (its front matter could not be edited)`));
      continue;
    }
    if (!dryRun) fs.writeFileSync(full, next);
    written += aliases.length;
    io.out(`${dryRun ? 'would write' : 'wrote'} ${aliases.length} alias${aliases.length === 1 ? '' : 'es'} to ${file}: ${aliases.map(a => `"${a}"`).join(', ')}\n`);
  }
  if (plain.length > 0) io.out(`kept in the state database (plain notes have no front matter for one heading):\n${plain.join('\n')}\n`);
  if (written === 0 && plain.length === 0) io.out('nothing to export: every accepted alias is already in its note\n');
  return 0;
}

const FRONT_MATTER = /^---[ \t]*\n([\s\S]*?)\n(---|\.\.\.)[ \t]*(\n|$)/;

/**
 * The note's text with `aliases` appended to its front matter's `aliases` list (created when
 * absent), by a textual edit: every other byte of the note is kept as written (comments, flow maps,
 * quoting). Undefined when the note has no front matter map.
 */
export function addAliasesToFrontMatter(text: string, aliases: readonly string[]): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const source = text.replace(/\r\n/g, '\n');
  const m = FRONT_MATTER.exec(source);
  if (!m) return undefined;
  if (aliases.length === 0) return text;
  const front = m[1]!;
  const doc = parseDocument(front);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const items = aliases.map(flowScalar);
  const node = doc.get('aliases', true) as unknown;
  let edited: string;
  if (node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === ''))) {
    const without = isScalar(node) && node.range ? lineWithout(front, node.range[0]) : front;
    edited = `${without}\naliases: [${items.join(', ')}]`;
  } else if (isSeq(node) && node.range) {
    if (node.flow) {
      const close = front.lastIndexOf(']', node.range[1]);
      if (close < 0) return undefined;
      edited = front.slice(0, close) + (node.items.length > 0 ? ', ' : '') + items.join(', ') + front.slice(close);
    } else {
      const last = node.items[node.items.length - 1] as { range?: [number, number, number] } | undefined;
      if (!last?.range) return undefined;
      const lineStart = front.lastIndexOf('\n', last.range[0]) + 1;
      const indent = /^[ \t]*/.exec(front.slice(lineStart))![0];
      const lineEnd = front.indexOf('\n', last.range[1]);
      const at = lineEnd < 0 ? front.length : lineEnd;
      edited = front.slice(0, at) + items.map(i => `\n${indent}- ${i}`).join('') + front.slice(at);
    }
  } else if (isScalar(node) && node.range && typeof node.value === 'string') {
    edited = front.slice(0, node.range[0]) + `[${[flowScalar(node.value), ...items].join(', ')}]` + front.slice(node.range[1]);
  } else return undefined;
  if (parseDocument(edited).errors.length > 0) return undefined;
  const out = `---\n${edited}\n${m[2]}${m[3]}${source.slice(m[0].length)}`;
  return eol === '\n' ? out : out.replace(/\n/g, eol);
}

/** `front` without the `aliases:` line holding the empty value at `offset`. */
function lineWithout(front: string, offset: number): string {
  const start = front.lastIndexOf('\n', offset) + 1;
  const end = front.indexOf('\n', offset);
  return (front.slice(0, start) + (end < 0 ? '' : front.slice(end + 1))).replace(/\n$/, '');
}

/** A text as an item of a YAML flow list: plain when that is safe, else double-quoted (JSON is valid YAML). */
function flowScalar(text: string): string {
  return /^[\p{L}\p{N}][\p{L}\p{N} ._+#-]*$/u.test(text) && !/ $/.test(text) && !/^(true|false|null|yes|no|on|off|~)$/i.test(text) && !/^[\d.+-]/.test(text)
    ? text
    : JSON.stringify(text);
}
