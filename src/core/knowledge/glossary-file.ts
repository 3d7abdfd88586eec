import YAML from 'yaml';

/** A problem in a glossary file, with the 1-based line it is on. */
export interface GlossaryProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Reads a glossary file: a YAML list of groups, each a list of at least two words that mean the same
 * thing (`- [decorator, 装饰器]`). The usual layout, one flow list a line, is read by a small line
 * parser (the YAML library takes about a second for the built-in glossary's 1,300 lines on these
 * machines); anything else falls back to the YAML library, so every valid YAML glossary still loads.
 */
export function parseGlossary(text: string): { groups: string[][]; problems: GlossaryProblem[] } {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return parseLines(clean) ?? parseYaml(clean);
}

/** One flow list a line (`- [a, b, "c, d"]`), comments and blank lines between; undefined when the file is laid out otherwise. */
function parseLines(text: string): { groups: string[][]; problems: GlossaryProblem[] } | undefined {
  const groups: string[][] = [];
  const problems: GlossaryProblem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^-\s*\[(.*)\]\s*(?:#.*)?$/.exec(line);
    if (!m) return undefined;
    const words = splitFlow(m[1]!);
    if (!words) return undefined;
    if (words.length < 2 || words.some(w => !w)) {
      problems.push({ line: i + 1, message: `group ${groups.length + problems.length + 1} must be a list of at least two words` });
      continue;
    }
    groups.push(words);
  }
  return { groups, problems };
}

/** The items of a flow list's inside: plain words or double/single-quoted strings; undefined for anything fancier. */
function splitFlow(inner: string): string[] | undefined {
  const out: string[] = [];
  const item = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^,"'[\]{}#&*!|>%@`]+?))\s*(?:,|$)/y;
  let pos = 0;
  while (pos < inner.length) {
    item.lastIndex = pos;
    const m = item.exec(inner);
    if (!m || m[0].length === 0) return undefined;
    pos = item.lastIndex;
    if (m[1] !== undefined) out.push(JSON.parse(`"${m[1]}"`) as string);
    else if (m[2] !== undefined) out.push(m[2].replace(/''/g, "'"));
    else {
      const word = m[3]!.trim();
      // YAML would read these as other types (null, booleans, numbers): leave them to the library.
      if (/^(null|~|true|false|yes|no|on|off|[-+]?\d[\d_.eE+-]*)$/i.test(word) || word.includes(': ')) return undefined;
      out.push(word);
    }
  }
  return out.map(w => w.trim());
}

function parseYaml(text: string): { groups: string[][]; problems: GlossaryProblem[] } {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    return { groups: [], problems: [{ line: lineCounter.linePos(err.pos[0]).line, message: `not valid YAML: ${err.message.split('\n')[0]}` }] };
  }
  const value: unknown = doc.toJS();
  if (!Array.isArray(value)) return { groups: [], problems: [{ line: 1, message: 'the glossary must be a list of groups, e.g. - [decorator, 装饰器]' }] };
  const groups: string[][] = [];
  const problems: GlossaryProblem[] = [];
  // The line of each group as written (comments and multi-line groups make it differ from its index).
  const items = YAML.isSeq(doc.contents) ? doc.contents.items : [];
  const lineOfGroup = (i: number): number => {
    const offset = (items[i] as { range?: [number, number, number] } | undefined)?.range?.[0];
    return offset === undefined ? i + 1 : lineCounter.linePos(offset).line;
  };
  value.forEach((group, i) => {
    if (!Array.isArray(group) || group.length < 2 || group.some(w => typeof w !== 'string' || !w.trim())) {
      problems.push({ line: lineOfGroup(i), message: `group ${i + 1} must be a list of at least two words` });
      return;
    }
    groups.push(group.map(w => String(w).trim()));
  });
  return { groups, problems };
}
