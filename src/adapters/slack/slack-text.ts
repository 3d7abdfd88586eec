/**
 * Text in and out of Slack.
 *
 * Out: Slack reads `&`, `<` and `>` as control characters (`<!channel>`, `<@U123>`, `<url|label>`),
 * so every text the bot sends has them escaped: whatever a person typed, echoing it can ping nobody
 * and forge no link. The core's Markdown becomes Slack's mrkdwn.
 *
 * In: message and command text arrives with those characters escaped and with mentions and links in
 * angle brackets; {@link fromSlackText} turns that back into what the person wrote.
 */

/** Escapes Slack's three control characters (its documented rule for all text). */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Message or command text as the person wrote it: the bot's own mention removed, other mentions,
 * channel links and special mentions as readable words (`@channel`, `#general`), links as their
 * URL (or label), and `&lt;` `&gt;` `&amp;` decoded.
 */
export function fromSlackText(raw: string, botUserId?: string): string {
  const text = raw.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = splitOnce(inner, '|');
    if (target.startsWith('@')) {
      const id = target.slice(1);
      if (botUserId !== undefined && id === botUserId) return ' ';
      return `@${label ?? id}`;
    }
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!subteam^')) return `@${label?.replace(/^@/, '') ?? 'group'}`;
    if (target.startsWith('!date^')) return label ?? '';
    if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
    return label ?? target;
  });
  return decodeEntities(text).replace(/[ \t]{2,}/g, ' ').trim();
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * The core's Markdown (paragraphs, lists, headings, **bold**, *italic*, `code`, fenced code, links)
 * as Slack mrkdwn, with `&`, `<`, `>` escaped everywhere (inside code too, as Slack requires).
 * Fenced code stays a code block (the language tag is dropped: Slack shows it as text); a table
 * becomes a code block so its columns stay aligned. Line structure is kept, so a Markdown chunk
 * from splitMarkdown maps to one mrkdwn chunk.
 */
export function markdownToMrkdwn(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = FENCE.exec(line);
    if (fence === undefined && marker) {
      fence = marker[1]!;
      out.push('```');
      continue;
    }
    if (fence !== undefined) {
      if (marker && marker[1]![0] === fence[0] && marker[1]!.length >= fence.length && marker[2]!.trim() === '') {
        fence = undefined;
        out.push('```');
      } else out.push(escapeSlack(line));
      continue;
    }
    if (isTableRow(line) && isTableRule(lines[i + 1])) {
      const rows: string[] = [];
      while (i < lines.length && isTableRow(lines[i]!)) rows.push(escapeSlack(lines[i++]!.trim()));
      i--;
      out.push('```', ...rows, '```');
      continue;
    }
    out.push(convertLine(line));
  }
  if (fence !== undefined) out.push('```');
  return out.join('\n');
}

function isTableRow(line: string): boolean {
  return /^\s*\|.*\|\s*$/.test(line);
}

function isTableRule(line: string | undefined): boolean {
  // Trimmed first: two runs of \s* side by side backtracked quadratically on "|---" + 60,000 spaces + "x" (3 s).
  return line !== undefined && /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(line.trim());
}

function convertLine(line: string): string {
  const heading = /^ {0,3}#{1,6}(?:\s(.*))?$/.exec(line);
  if (heading) {
    const inner = convertInline(headingText(heading[1] ?? '').replace(/\*\*|__/g, ''));
    return inner ? `*${inner}*` : '';
  }
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet && !/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return `${bullet[1]}• ${convertInline(bullet[2]!)}`;
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return '───';
  const quote = /^ {0,3}>\s?(.*)$/.exec(line);
  if (quote) return `&gt; ${convertInline(quote[1]!)}`;
  return convertInline(line);
}

/**
 * A heading's text without its closing #s (`## Title ##`), scanned by hand: the regular expression
 * that did this backtracked quadratically on a long heading line ("# a###…", 70 KB: 12 s).
 */
function headingText(raw: string): string {
  const text = raw.trimEnd();
  let hashes = text.length;
  while (hashes > 0 && text[hashes - 1] === '#') hashes--;
  if (hashes < text.length && (hashes === 0 || /\s/.test(text[hashes - 1]!))) return text.slice(0, hashes).trim();
  return text.trim();
}

/** Inline Markdown → mrkdwn outside code spans; code spans are only escaped. */
function convertInline(text: string): string {
  const parts = text.split(/(`+[^`]*?`+)/);
  return parts.map((part, i) => (i % 2 === 1 ? escapeSlack(part) : convertPlain(part))).join('');
}

function convertPlain(text: string): string {
  // Placeholders keep converted pieces from being converted again.
  const held: string[] = [];
  const hold = (s: string) => `\u0000${held.push(s) - 1}\u0000`;
  let s = text.replace(/\u0000/g, '');
  // Backslash escapes: the character itself, never formatting.
  s = s.replace(/\\([\\`*_{}[\]()#+\-.!~|<>&])/g, (_m, c: string) => hold(escapeSlack(c)));
  // Links: [label](url) → <url|label>; bare http(s) URLs → <url>.
  // The label stops at a bracket and the URL at a parenthesis or bracket, so that a line of many "[" or
  // "[a](http://" is scanned once rather than once per bracket (quadratic: 2 s for 50 KB).
  s = s.replace(/\[([^\][\n]+)\]\((https?:\/\/[^\s()[]+)\)/g, (_m, label: string, url: string) =>
    hold(`<${escapeSlack(url).replace(/\|/g, '%7C')}|${escapeSlack(label.replace(/[*_~`]/g, '')).replace(/\|/g, '¦')}>`),
  );
  // A URL stops at a placeholder (\u0000): a link held just before it must not end up inside this one.
  s = s.replace(/https?:\/\/[^\s<>()[\]\u0000]+[^\s<>()[\].,;:!?'"\u0000]/g, url => hold(`<${escapeSlack(url).replace(/\|/g, '%7C')}>`));
  s = escapeSlack(s);
  // Bold (** or __) → *…*; italic (*…*) → _…_; strike (~~) → ~. A span ends at the next delimiter: looking
  // past it for one preceded by a non-space made "x **a x **a …" quadratic (1.4 s for 72 KB).
  s = s.replace(/(\*\*|__)(?=\S)((?:(?!\1)[^\n])*?\S)\1/g, (_m, _d, inner: string) => hold(`*${inner.replace(/\*/g, '')}*`));
  s = s.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, (_m, before: string, inner: string) => `${before}${hold(`_${inner}_`)}`);
  s = s.replace(/~~(?=\S)((?:(?!~~)[^\n])*?\S)~~/g, (_m, inner: string) => hold(`~${inner}~`));
  // Restore (placeholders may nest: bold around a link).
  for (let n = 0; n < 3 && s.includes('\u0000'); n++) s = s.replace(/\u0000(\d+)\u0000/g, (_m, k: string) => held[Number(k)]!);
  return s;
}
