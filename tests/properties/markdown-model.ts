/**
 * The fence model splitMarkdown works with (its own documented one): a line starting with up to 3
 * spaces and ``` or ~~~ (3 or more) opens a block; the block is closed by a line that is only a fence
 * of the same character, at least as long; every other line inside is code.
 */
const OPEN = /^ {0,3}(`{3,}|~{3,})/;

interface Line {
  readonly text: string;
  /** An opening or closing fence line (not content). */
  readonly fence: boolean;
}

function classify(text: string): { lines: Line[]; open: string | undefined } {
  let fence: string | undefined;
  const lines: Line[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const m = line.match(OPEN);
    if (fence === undefined) {
      if (m) fence = m[1]!;
      lines.push({ text: line, fence: m !== null });
    } else if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) {
      fence = undefined;
      lines.push({ text: line, fence: true });
    } else lines.push({ text: line, fence: false });
  }
  return { lines, open: fence };
}

/** The fence still open at the end of `text` (undefined when every block is closed). */
export function openFenceAtEnd(text: string): string | undefined {
  return classify(text).open;
}

/** What a reader sees of Markdown, whatever the chunking: no fence lines (nor info strings), no whitespace. */
export function visibleContent(text: string): string {
  return classify(text)
    .lines.filter(l => !l.fence)
    .map(l => l.text)
    .join('')
    .replace(/\s+/g, '');
}
