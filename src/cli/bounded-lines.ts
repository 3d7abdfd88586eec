import { StringDecoder } from 'node:string_decoder';

/**
 * Lines of a byte stream (`\n` or `\r\n`), each cut to its first `maxChars` UTF-16 code units
 * (never inside a surrogate pair), with the rest of an over-long line read and thrown away as it
 * arrives. readline keeps a whole line in memory, so one 1 GB line on stdin would take 1 GB (or
 * crash the process); here memory stays bounded by `maxChars` plus one chunk, whatever comes in.
 *
 * Yields `{ text, truncated }`; a last line without a newline is yielded too, an empty input yields
 * nothing.
 */
export async function* boundedLines(
  input: AsyncIterable<Buffer | string>,
  maxChars: number,
): AsyncGenerator<{ readonly text: string; readonly truncated: boolean }> {
  const decoder = new StringDecoder('utf8');
  let line = '';
  let truncated = false;
  let pending = false; // something (even an empty line) has started since the last newline
  const append = (part: string) => {
    pending = true;
    if (truncated) return;
    const room = maxChars - line.length;
    if (part.length <= room) {
      line += part;
      return;
    }
    let cut = room;
    // Do not split a surrogate pair: stop before its high half.
    if (cut > 0 && isHighSurrogate(part.charCodeAt(cut - 1))) cut--;
    line += part.slice(0, cut);
    truncated = true;
  };
  const finish = () => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    const out = { text, truncated };
    line = '';
    truncated = false;
    pending = false;
    return out;
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      append(text.slice(start, nl));
      yield finish();
      start = nl + 1;
    }
    if (start < text.length) append(text.slice(start));
  }
  const rest = decoder.end();
  if (rest) append(rest);
  if (pending) yield finish();
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
