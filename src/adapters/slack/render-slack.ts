import type { types } from '@slack/bolt';
import type { Button, Reply } from '../../core/reply/reply.ts';
import { splitMarkdown } from '../../core/reply/split-markdown.ts';
import { escapeSlack, markdownToMrkdwn } from './slack-text.ts';

/** Block Kit limits the renderer keeps to (https://docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = Object.freeze({
  /** Characters of text in a section block. */
  sectionText: 3000,
  /** Blocks in one message. */
  blocksPerMessage: 50,
  /** Elements in one actions block. */
  elementsPerActions: 25,
  /** Characters of a button's text. */
  buttonText: 75,
  /** Characters of a button's value. */
  buttonValue: 2000,
  /** Characters of a header block's text. */
  headerText: 150,
  /** Characters of a context element's text. */
  contextText: 3000,
  /** The top-level `text`: the notification and screen-reader fallback (Slack truncates long ones). */
  fallbackText: 3000,
});

/** Every button's action_id starts with this; the value carries the core's encoded action. */
export const ACTION_ID_PREFIX = 'ib.';

/** One Slack message: fallback text plus blocks. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

/**
 * A Reply as Slack messages: the title as a header, the Markdown body as mrkdwn sections of at most
 * 3,000 characters (split between paragraphs, never inside a code block), the footer as a context
 * line, and the buttons in actions blocks. Almost always one message; a reply that needs more than
 * 50 blocks continues in further messages, the footer and buttons under the last one.
 */
export function renderSlack(reply: Reply): SlackMessage[] {
  const head: types.KnownBlock[] = [];
  if (reply.title?.trim()) head.push({ type: 'header', text: { type: 'plain_text', text: fitEscaped(reply.title.trim(), SLACK_LIMITS.headerText), emoji: true } });
  const sections: types.KnownBlock[] = mrkdwnChunks(reply.body).map(text => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }));
  const tail: types.KnownBlock[] = [];
  if (reply.footer?.trim()) {
    tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fitEscaped(reply.footer.trim(), SLACK_LIMITS.contextText), verbatim: true }] });
  }
  tail.push(...actionBlocks(reply.buttons ?? []));

  const all = [...head, ...sections, ...tail];
  if (all.length === 0) all.push({ type: 'section', text: { type: 'mrkdwn', text: ' ', verbatim: true } });
  const messages: SlackMessage[] = [];
  for (let i = 0; i < all.length; i += SLACK_LIMITS.blocksPerMessage) {
    const blocks = all.slice(i, i + SLACK_LIMITS.blocksPerMessage);
    messages.push({ text: i === 0 ? fallbackText(reply) : fallbackOf(blocks), blocks });
  }
  return messages;
}

/**
 * Markdown as mrkdwn chunks of at most `max` characters each. Splits the Markdown first (so code
 * fences are closed and reopened per chunk), converts each chunk, and splits again, finer, any
 * chunk that escaping made too long.
 */
export function mrkdwnChunks(markdown: string, max: number = SLACK_LIMITS.sectionText): string[] {
  const out: string[] = [];
  const visit = (md: string, budget: number) => {
    for (const piece of splitMarkdown(md, budget)) {
      const converted = markdownToMrkdwn(piece);
      if (converted.length <= max) {
        if (converted.trim()) out.push(converted);
        continue;
      }
      const smaller = Math.max(40, Math.min(piece.length - 1, Math.floor((piece.length * max * 0.9) / converted.length)));
      visit(piece, smaller);
    }
  };
  if (markdown.trim()) visit(markdown, max);
  return out;
}

function actionBlocks(buttons: readonly Button[]): types.KnownBlock[] {
  const elements: types.Button[] = buttons
    .filter(b => b.action.length > 0 && b.action.length <= SLACK_LIMITS.buttonValue)
    .map((b, i) => {
      const style = b.style === 'primary' || b.style === 'success' ? 'primary' : b.style === 'danger' ? 'danger' : undefined;
      return {
        type: 'button',
        action_id: `${ACTION_ID_PREFIX}${i}`,
        // Slack refuses the whole message (invalid_blocks) for a button without text.
        text: { type: 'plain_text', text: fitEscaped(b.label.trim() || '…', SLACK_LIMITS.buttonText), emoji: true },
        value: b.action,
        ...(style ? { style } : {}),
      };
    });
  const blocks: types.KnownBlock[] = [];
  for (let i = 0; i < elements.length; i += SLACK_LIMITS.elementsPerActions) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + SLACK_LIMITS.elementsPerActions) });
  }
  return blocks;
}

/** The top-level `text` of a reply: title and body as mrkdwn, cut to the fallback limit. */
export function fallbackText(reply: Reply): string {
  const title = reply.title?.trim() ? `*${escapeSlack(reply.title.trim())}*` : '';
  const body = reply.body.trim() ? markdownToMrkdwn(reply.body.trim()) : '';
  const text = [title, body].filter(Boolean).join('\n');
  return cutEscaped(text || escapeSlack(reply.footer ?? '') || ' ', SLACK_LIMITS.fallbackText);
}

function fallbackOf(blocks: readonly types.KnownBlock[]): string {
  for (const b of blocks) if (b.type === 'section' && b.text) return cutEscaped(b.text.text, SLACK_LIMITS.fallbackText);
  return '…';
}

/** Escapes `text` and cuts it (with an ellipsis) so the escaped form fits `max` characters. */
export function fitEscaped(text: string, max: number): string {
  const escaped = escapeSlack(text);
  return escaped.length <= max ? escaped : cutEscaped(escaped, max);
}

/** Cuts already-escaped text to `max` characters with an ellipsis, never inside an entity, a `<link>` or a surrogate pair. */
export function cutEscaped(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const amp = text.lastIndexOf('&', cut);
  if (amp >= 0 && amp > cut - 5 && !text.slice(amp, cut).includes(';')) cut = amp;
  // A link cut before its '>' would leave a raw '<' for Slack to misread: cut before the link instead.
  const link = text.lastIndexOf('<', cut - 1);
  if (link >= 0 && text.lastIndexOf('>', cut - 1) < link) cut = link;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}
