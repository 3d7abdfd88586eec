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
    const closer = open[1]!;
    // The info string (```python) is repeated on every piece, unless it would leave too little room.
    const full = lines[0]!.slice(0, 200);
    const opener = max - full.length - closer.length - 2 >= max / 2 ? full : open[0];
    // The block's own closing fence may be longer than its opening one (``` … ````).
    const last = lines.length > 1 ? lines.at(-1)!.match(/^ {0,3}(`{3,}|~{3,})[ \t]*$/) : null;
    const closed = last !== null && last[1]![0] === closer[0] && last[1]!.length >= closer.length;
    const inner = lines.slice(1, closed ? -1 : undefined);
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
    if (cur.length) out.push([opener, ...cur, closer].join('\n'));
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

/** Cuts a line longer than `max` (preferring spaces), never splitting a surrogate pair. */
function hardWrap(line: string, max: number): string[] {
  if (line.length <= max) return [line];
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut--;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  if (rest) out.push(rest);
  return out;
}
