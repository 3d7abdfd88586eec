/**
 * Splits Markdown into heading sections, the way a person reads notes: ATX headings (`## x`)
 * and setext headings (`x` underlined with `===`/`---`) start sections; lines inside fenced code
 * blocks (``` or ~~~, any length ≥ 3, closed by a fence of the same character at least as long)
 * are code, never headings. A heading that opens a list item (`12. ### What is a closure?`, the
 * layout of many large public question lists) is a heading too, and the item's indented lines are
 * read as its text (see {@link liftListItemHeadings}).
 */
export interface Section {
  /** Heading text as written (trailing #s removed). */
  readonly heading: string;
  readonly level: number;
  /** 1-based line number of the heading. */
  readonly line: number;
  /** Lines after the heading up to the next heading of any level (its own text). */
  readonly ownText: string;
  /** Lines after the heading up to the next heading of the same or a higher level (its full body). */
  readonly body: string;
}

/** `#` to `######`, then nothing or a space and the text (the closing #s are removed by {@link atxText}). */
const ATX = /^ {0,3}(#{1,6})(?:[ \t](.*))?$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;

interface Fence {
  readonly char: string;
  readonly length: number;
}

/** The fence a line opens (a backtick fence's info string may not contain backticks, CommonMark), or undefined. */
function opensFence(line: string): Fence | undefined {
  const m = line.match(FENCE_OPEN);
  return m && !(m[1]![0] === '`' && m[2]!.includes('`')) ? { char: m[1]![0]!, length: m[1]!.length } : undefined;
}

/** The line closes `open`: the same character, at least as long, nothing after it. */
function closesFence(line: string, open: Fence): boolean {
  const close = line.match(/^ {0,3}(`{3,}|~{3,})[ \t]*$/);
  return close !== null && close[1]![0] === open.char && close[1]!.length >= open.length;
}

/** A list marker (`1.`, `12)`, `-`, `*`, `+`) and 1–4 spaces, then an ATX heading. */
const LIST_ITEM_HEADING = /^ {0,3}(?:\d{1,9}[.)]|[-+*])( {1,4})(?=#{1,6}(?:[ \t]|$))/;

/**
 * Lines as they read once a heading that opens a list item is lifted out of its list: the marker is
 * dropped, so `12. ### What is a closure?` reads `### What is a closure?`, and the item's lines
 * indented at least as far as its content are de-indented by that much (CommonMark's container
 * rule), so its paragraphs, code fences and sub-headings (`     #### Reading promises`) read as they
 * would at the top level. The item ends at the next such heading or at a heading at the margin.
 * One line in, one line out: line numbers do not move. Lines in fenced code are left alone.
 */
export function liftListItemHeadings(lines: readonly string[]): string[] {
  const out: string[] = new Array(lines.length);
  let indent = 0; // content indentation of the list item being read, 0 outside one
  let open: Fence | undefined;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] ?? '';
    if (indent > 0 && line.length >= indent && /^ *$/.test(line.slice(0, indent))) line = line.slice(indent);
    if (open) {
      if (closesFence(line, open)) open = undefined;
      out[i] = line;
      continue;
    }
    const item = (lines[i] ?? '').match(LIST_ITEM_HEADING);
    if (item) {
      indent = item[0].length;
      line = (lines[i] ?? '').slice(indent);
    } else if (line === lines[i] && ATX.test(line)) {
      indent = 0; // a heading at the margin ends the item
    }
    open = opensFence(line);
    out[i] = line;
  }
  return out;
}

interface RawHeading {
  readonly index: number; // line index of the heading's first line
  readonly end: number; // index of the first line after the heading (2 lines for setext)
  readonly level: number;
  readonly text: string;
  /** A collapsible question (`<details><summary>…`): the line of its `</details>`, where its text ends. */
  readonly close?: number;
  /** … and the text on its `<summary>` line after `</summary>` (the answer often starts there). */
  readonly lead?: string;
  /** … and the line of its `<details>` when that stands alone above it (the text before ends there). */
  readonly from?: number;
}

/** `<details>` (optional, same line) then `<summary>question</summary>` and whatever follows. */
const SUMMARY = /^ {0,3}(?:<details(?:\s[^>]*)?>\s*)?<summary(?:\s[^>]*)?>(.*?)<\/summary>(.*)$/i;

/** Words that label an answer, as a heading ("##### Answer: 4") or a summary ("<summary>答案</summary>"). */
const ANSWER_WORDS: readonly string[] = Object.freeze(['answer', 'answers', 'solution', 'explanation', '答案', '参考答案', '解析', '答案解析']);

/**
 * Labels of a collapsed answer, not questions: a `<summary>` saying only this stays part of the
 * heading above it (`###### 3. What's the output?` … `<details><summary>Answer</summary>`).
 */
export const ANSWER_LABELS: ReadonlySet<string> = Object.freeze(
  new Set([
    ...ANSWER_WORDS,
    'the answer', 'show answer', 'see answer', 'view answer', 'reveal answer', 'solutions',
    'show solution', 'hint', 'hints', 'output', 'result', 'details', 'more', 'show more', 'read more',
    'expand', 'click to expand', 'click here', 'click to see', 'code', 'example', 'examples',
    '查看答案', '点击查看答案', '展开', '点击展开', '查看', '详情', '提示', '代码', '示例',
  ]),
);

/** A heading that only labels the answer of the question above it ("Answer: 4", "**Solution**", "答案：C"). */
const ANSWER_HEADING = new RegExp(`^(?:\\*\\*)?(?:${ANSWER_WORDS.join('|')})(?:\\*\\*)?\\s*(?:[:：\\-–—]\\s*(?:\\*\\*)?\\S.{0,15})?$`, 'i');

/**
 * A heading that only labels an example of the section above ("#### Example 3: Watching a ref",
 * "示例二", "Example:"), when it is deeper than that section's heading: it illustrates the question
 * above and is part of its answer, never a question of its own.
 */
const EXAMPLE_HEADING = /^(?:\*\*)?(?:examples?|e\.g\.|demo|示例|例子|举例|实例|案例|例)\s*[\d一二三四五六七八九十]*(?:\*\*)?\s*(?:[:：.\-–—)）].*)?$/i;

/** HTML a summary or a collapsed answer is wrapped in, reduced to its text. */
function htmlText(text: string): string {
  return text
    .replace(/<\/?(?:b|strong|i|em|code|p|br|span|u|kbd|sub|sup)(?:\s[^>]*)?\/?>/gi, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .trim();
}

/** Indices of lines that are inside (or open/close) a fenced code block. */
export function fencedLines(lines: readonly string[]): boolean[] {
  const inFence: boolean[] = new Array(lines.length).fill(false);
  let open: Fence | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (open) {
      inFence[i] = true;
      if (closesFence(line, open)) open = undefined;
      continue;
    }
    open = opensFence(line);
    if (open) inFence[i] = true;
  }
  return inFence;
}

/**
 * The 0-based index of the line that opens a code fence never closed (everything after it, to the
 * end of the text, is code); undefined when every fence is closed.
 */
export function unclosedFence(lines: readonly string[]): number | undefined {
  const inFence = fencedLines(lines);
  if (!inFence[lines.length - 1]) return undefined;
  let i = lines.length - 1;
  while (i > 0 && inFence[i - 1]) i--;
  // The block reaching the end may still be closed on its last line (a closing fence is fenced too).
  const last = lines[lines.length - 1] ?? '';
  const opener = opensFence(lines[i] ?? '');
  if (i < lines.length - 1 && opener !== undefined && closesFence(last, opener)) return undefined;
  return i;
}

/** 0-based indices of ATX heading lines with no text at all (`##`, `### ###`), outside code. */
export function emptyHeadings(lines: readonly string[]): number[] {
  const inFence = fencedLines(lines);
  const out: number[] = [];
  // `#`s, then nothing but blanks and a closing run of `#`s: fails at the first other character.
  const empty = /^ {0,3}#{1,6}(?:[ \t]+#*)?[ \t]*$/;
  lines.forEach((line, i) => {
    if (!inFence[i] && empty.test(line)) out.push(i);
  });
  return out;
}

function findHeadings(lines: readonly string[]): RawHeading[] {
  const inFence = fencedLines(lines);
  const headings: RawHeading[] = [];
  let level = 0; // of the last Markdown heading: a collapsible question is one level below it
  for (let i = 0; i < lines.length; i++) {
    if (inFence[i]) continue;
    const line = lines[i] ?? '';
    const atx = line.match(ATX);
    if (atx) {
      const text = atxText(atx[2] ?? '');
      // "##### Answer: 4", "### Solution" under a question label its answer: the text stays the question's.
      if (text.length > 0 && headings.length > 0 && ANSWER_HEADING.test(text)) continue;
      // "#### Example 3: …" under "### What is watch()?": the example stays the question's text.
      if (text.length > 0 && headings.length > 0 && atx[1]!.length > level && EXAMPLE_HEADING.test(text)) continue;
      if (text.length > 0) {
        headings.push({ index: i, end: i + 1, level: atx[1]!.length, text });
        level = atx[1]!.length;
      }
      continue;
    }
    // A collapsible question (`<details><summary>What is a Pod?</summary>` … `</details>`), the layout of
    // many large question collections: a heading whose text ends at its `</details>`.
    const summary = /<summary/i.test(line) ? line.match(SUMMARY) : null;
    if (summary) {
      const text = htmlText(summary[1]!);
      if (text.length > 0 && !ANSWER_LABELS.has(text.toLowerCase().replace(/[.:：!！…]+$/, '').trim())) {
        // Its `</details>`, looked for up to the next question or heading (linear on a file of unclosed ones).
        let close = i;
        while (close < lines.length && !(/<\/details>/i.test(close === i ? summary[2]! : lines[close]!) && !inFence[close])) {
          close++;
          const next = lines[close] ?? '';
          if (!inFence[close] && (/<summary/i.test(next) || ATX.test(next))) break;
        }
        const from = i > 0 && /^\s*<details(?:\s[^>]*)?>\s*$/i.test(lines[i - 1]!) ? i - 1 : i;
        headings.push({ index: i, end: i + 1, level: Math.min(6, level + 1), text, close: Math.min(close, lines.length), lead: summary[2]!, from });
      }
      continue;
    }
    // Setext: a paragraph line directly followed by === or ---, not a list item, quote or table row.
    const next = lines[i + 1];
    if (
      next !== undefined &&
      !inFence[i + 1] &&
      SETEXT.test(next) &&
      line.trim().length > 0 &&
      !/^\s{4,}/.test(line) &&
      !/^ {0,3}([-*+>|]|\d+[.)])(\s|$)/.test(line) &&
      (i === 0 || (lines[i - 1] ?? '').trim() === '' || headings.at(-1)?.end === i)
    ) {
      headings.push({ index: i, end: i + 2, level: next.trim().startsWith('=') ? 1 : 2, text: line.trim() });
      level = next.trim().startsWith('=') ? 1 : 2;
      i++;
    }
  }
  return headings;
}

/**
 * An ATX heading's text without its optional closing sequence (`## Title ##`), scanned by hand: the
 * regular expression that did this backtracked quadratically on long runs of spaces (a 200 KB heading
 * line stalled the loader for minutes).
 */
function atxText(raw: string): string {
  const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
  let end = raw.length;
  while (end > 0 && isBlank(raw[end - 1])) end--;
  let hashes = end;
  while (hashes > 0 && raw[hashes - 1] === '#') hashes--;
  if (hashes < end && (hashes === 0 || isBlank(raw[hashes - 1]))) end = hashes;
  return raw.slice(0, end).trim();
}

export function splitSections(markdown: string): Section[] {
  const lines = liftListItemHeadings(markdown.replace(/\r\n?/g, '\n').split('\n'));
  const headings = findHeadings(lines);
  return headings.map((h, k) => {
    const nextAny = headings[k + 1]?.from ?? headings[k + 1]?.index ?? lines.length;
    let nextSame = lines.length;
    for (let j = k + 1; j < headings.length; j++) {
      if (headings[j]!.level <= h.level) {
        nextSame = headings[j]!.from ?? headings[j]!.index;
        break;
      }
    }
    if (h.close !== undefined) {
      const text = collapsedAnswer(h, lines, Math.min(nextAny, h.close + 1));
      return { heading: h.text, level: h.level, line: h.index + 1, ownText: text, body: text };
    }
    return {
      heading: h.text,
      level: h.level,
      line: h.index + 1,
      ownText: trimBlankLines(lines.slice(h.end, nextAny)),
      body: trimBlankLines(lines.slice(h.end, nextSame)),
    };
  });
}

/**
 * The text of a collapsible question: from after `</summary>` to its `</details>`, without the
 * wrapping tags people put around answers (`<br><b>` … `</b></details>`).
 */
function collapsedAnswer(h: RawHeading, lines: readonly string[], end: number): string {
  const body = [h.lead ?? '', ...lines.slice(h.end, end)];
  const last = body.length - 1;
  if (h.close !== undefined && h.close < end) body[h.close === h.index ? 0 : last] = body[h.close === h.index ? 0 : last]!.replace(/<\/details>.*$/i, '');
  const unwrapped = body.map(line => line.replace(/^\s*(?:<\/?(?:b|p|br|strong)\s*\/?>\s*)+|(?:\s*<\/?(?:b|p|br|strong)\s*\/?>)+\s*$/gi, ''));
  return trimBlankLines(unwrapped);
}

function trimBlankLines(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end).join('\n');
}

/**
 * Numbering prefixes people put before headings are not part of what anyone searches for:
 * "12 ", "3.1 ", "1、", "Q. ", "Q12: ", "一、", "（二）", "第3题 ", "问题1：".
 */
export function stripNumbering(heading: string): string {
  let text = heading.trim();
  // A stray heading marker written twice ("## # 10. JAVA STRINGS") is not part of the title.
  const marker = text.replace(/^#+\s+/, '');
  if (marker.trim().length > 0) text = marker;
  const patterns = [
    /^(?:Q|Question|问题|题目|面试题)\s*\d*\s*[.:：、)）-]?\s+/i, // Q. / Q12: / 问题1：
    /^(?:Q|问题|题目)\s*\d+\s*[.:：、)）-]?\s*/i,
    /^第\s*[\d一二三四五六七八九十百]+\s*[题章节条部分篇]\s*[.:：、]?\s*/,
    /^[（(]\s*[\d一二三四五六七八九十]+\s*[)）]\s*/,
    /^[一二三四五六七八九十百]+\s*[、.．:：]\s*/,
    // A number that is a value, not a place in a list, stays: 99.9% availability, 0.1 + 0.2 != 0.3
    // (a digit or a per cent after it, or an operator and a number).
    /^\d+(?:\.\d+)*\s*[.、:：)）．-]?\s+(?!%|[-+*/=<>!^&|]{1,2}\s*\d)/, // 12 / 3.1 / 1) / 2.
    /^\d+(?:\.\d+)*\s*[.、:：)）．](?![\d%])\s*/, // 12.x / 1、x (no space)
    /^\d+(?=\p{Script=Han})/u, // 1装饰器 → 装饰器: a number directly followed by Chinese ("1Python…" keeps its 1)
  ];
  for (const p of patterns) {
    const stripped = text.replace(p, '');
    if (stripped !== text && stripped.trim().length > 0) {
      text = stripped.trim();
      break;
    }
  }
  // Markdown decoration in headings: **bold**, `code`, [links](…).
  return text
    // Brackets and parentheses are excluded inside, so a heading of 100,000 "[" is scanned once, not once per "[".
    .replace(/\[([^\][]*)\]\([^()]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]*)`/g, '$1')
    .trim();
}
