/**
 * Splits Markdown into chunks of at most `max` characters for platforms with message limits.
 * Splits between blocks (blank lines outside code fences) where it can; a fenced code block is
 * never cut in the middle of a line and, when it must be split, each piece is closed and the next
 * reopened with the same fence, so every chunk renders as valid Markdown on its own.
 */
export function splitMarkdown(text: string, max: number): string[] {
  if (max < 40) throw new Error('splitMarkdown needs room for at least 40 characters');
  if (text.length <= max) return [text];
  const chunks: string[] = [];
  let current = '';
  const push = (piece: string) => {
    if (!current) current = piece;
    else if (current.length + 2 + piece.length <= max) current += '\n\n' + piece;
    else {
      chunks.push(current);
      current = piece;
    }
  };
  for (const block of blocks(text)) {
    if (block.length <= max) push(block);
    else for (const piece of splitBlock(block, max)) push(piece);
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Paragraph-level blocks; a fenced code block (with blank lines inside) is one block. */
function blocks(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let cur: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    if (cur.length && cur.some(l => l.trim())) out.push(cur.join('\n'));
    cur = [];
  };
  for (const line of lines) {
    const m = line.match(/^ {0,3}(`{3,}|~{3,})/);
    if (fence === undefined && m) {
      flush();
      fence = m[1]!;
      cur.push(line);
      continue;
    }
    if (fence !== undefined) {
      cur.push(line);
      if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) {
        fence = undefined;
        flush();
      }
      continue;
    }
    if (line.trim() === '') flush();
    else cur.push(line);
  }
  if (fence !== undefined) cur.push(fence); // close an unclosed fence so it cannot swallow what follows
  flush();
  return out;
}

function splitBlock(block: string, max: number): string[] {
  const lines = block.split('\n');
  const open = lines[0]!.match(/^ {0,3}(`{3,}|~{3,})/);
  if (open) {
    // The block's own closing fence may be longer than its opening one (``` … ````).
    // Closed by the same rule as in blocks(): a line that is only a long enough fence of the same character.
    const last = lines.length > 1 ? lines.at(-1)!.match(/^ {0,3}(`{3,}|~{3,})/) : null;
    const closed = last !== null && last[1]![0] === open[1]![0] && last[1]!.length >= open[1]!.length && lines.at(-1)!.trim() === last[1];
    const inner = lines.slice(1, closed ? -1 : undefined);
    // A fence too long to repeat on every piece (a line of 1,000 backticks) is shortened to the
    // shortest one that no line inside the block could close.
    const closer = open[1]!.length <= max / 4 ? open[1]! : shortestFence(open[1]![0]!, inner);
    // The info string (```python) is repeated on every piece, unless it would leave too little room.
    const info = lines[0]!.slice(open[0].length);
    const full = (open[0].slice(0, open[0].length - open[1]!.length) + closer + info).slice(0, 200);
    const opener = max - full.length - closer.length - 2 >= max / 2 ? full : closer;
    const room = Math.max(2, max - opener.length - closer.length - 2);
    const out: string[] = [];
    let cur: string[] = [];
    let size = 0;
    for (const raw of inner) {
      for (const line of hardWrap(raw, room)) {
        if (size + line.length + 1 > room && cur.length) {
          out.push([opener, ...cur, closer].join('\n'));
          cur = [];
          size = 0;
        }
        cur.push(line);
        size += line.length + 1;
      }
    }
    // An empty block (nothing but its fences) stays an empty block rather than vanishing.
    if (cur.length || out.length === 0) out.push([opener, ...cur, closer].join('\n'));
    return out;
  }
  const out: string[] = [];
  let cur = '';
  for (const line of lines.flatMap(l => hardWrap(l, max))) {
    if (cur && cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = line;
    } else cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(cur);
  return out;
}

/** The shortest fence of `char` (at least 3) that none of `lines` would close. */
function shortestFence(char: string, lines: readonly string[]): string {
  let longest = 2;
  for (const line of lines) {
    const run = line.trim();
    if (run.length > longest && run === char.repeat(run.length)) longest = run.length;
  }
  return char.repeat(longest + 1);
}

/** A line that starts like a code fence (what a cut must never leave at the start of a piece). */
const FENCE_START = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Cuts a line longer than `max` (preferring spaces), never splitting a surrogate pair and never
 * starting a piece with ``` or ~~~ (the piece would open or close a code block that the line did not).
 * Pieces that are only whitespace are dropped.
 */
function hardWrap(line: string, max: number): string[] {
  if (line.length <= max) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    const ok = (at: number) => !isHighSurrogate(rest.charCodeAt(at - 1)) && !FENCE_START.test(rest.slice(at, at + 8).replace(/^ /, ''));
    let at = cut;
    while (at > 1 && !ok(at)) at--;
    cut = at > 1 ? at : isHighSurrogate(rest.charCodeAt(cut - 1)) ? cut - 1 : cut;
    const head = rest.slice(0, cut);
    if (head.trim()) out.push(head);
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest.trim()) out.push(rest);
  return out;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
