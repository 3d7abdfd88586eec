import {
  ButtonStyle,
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord.js';
import type { Button, Reply, ReplyKind } from '../../core/reply/reply.ts';
import { splitMarkdown } from '../../core/reply/split-markdown.ts';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#create-message). */
export const DISCORD_LIMITS = Object.freeze({
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  /** Title, description, footer… of every embed of one message together. */
  embedsTotal: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
});

/** Our footers are small print; capping them here guarantees that a full description, a title and the footer fit in 6,000. */
const FOOTER_MAX = 1024;

/** Never ping anyone: no @everyone/@here, no user or role mentions, and replies do not ping their author. */
export const NO_MENTIONS = Object.freeze({ parse: [] as [], repliedUser: false as const });

/**
 * One Discord message, in the options shape that `channel.send`, `message.reply`, `editReply` and
 * `followUp` all take (discord.js turns `allowedMentions` into `allowed_mentions`).
 */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  readonly allowedMentions: typeof NO_MENTIONS;
}

/** A message answering an interaction: ephemeral (flag 64) when the reply is private. */
export interface InteractionMessage extends DiscordMessage {
  readonly flags?: MessageFlags.Ephemeral;
}

export interface RenderOptions {
  /** Appended to the footer of quiz questions without buttons (how to type an answer here). */
  readonly typedAnswerHint?: string;
}

/** Renders a reply to an interaction: private replies become ephemeral messages only the user sees. */
export function renderInteraction(reply: Reply, options: RenderOptions = {}): InteractionMessage[] {
  const messages = renderDiscord(reply, options);
  return reply.visibility === 'private' ? messages.map(m => ({ ...m, flags: MessageFlags.Ephemeral })) : messages;
}

const COLORS: Readonly<Record<ReplyKind, number>> = Object.freeze({
  answer: 0x5865f2,
  suggest: 0xfee75c,
  decline: 0x99aab5,
  info: 0x5865f2,
  error: 0xed4245,
  'quiz-question': 0x57f287,
  'quiz-reveal': 0x57f287,
  'quiz-summary': 0x57f287,
  'daily-post': 0xeb459e,
  'daily-answer': 0xeb459e,
});

const STYLES: Readonly<Record<NonNullable<Button['style']>, ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger>> =
  Object.freeze({
    primary: ButtonStyle.Primary,
    secondary: ButtonStyle.Secondary,
    success: ButtonStyle.Success,
    danger: ButtonStyle.Danger,
  });

/**
 * Renders a reply as one or more Discord messages within Discord's limits: a short plain reply as
 * content (≤ 2,000), anything with a title, footer or a long body as embeds: the body split by
 * splitMarkdown into descriptions of ≤ 4,096 (code blocks closed and reopened, never cut mid-line),
 * packed ≤ 10 embeds and ≤ 6,000 characters a message; the title on the first embed, the footer on
 * the last, the buttons (≤ 5 rows of ≤ 5) under the last message. Every message mentions nobody.
 * A channel message is public whatever the reply's visibility: see {@link renderInteraction}.
 */
export function renderDiscord(reply: Reply, options: RenderOptions = {}): DiscordMessage[] {
  const components = buttonRows(reply.buttons ?? []);
  let footer = reply.footer?.trim() ?? '';
  if (options.typedAnswerHint && reply.kind === 'quiz-question' && (reply.buttons ?? []).length === 0) {
    footer = footer ? `${footer} · ${options.typedAnswerHint}` : options.typedAnswerHint;
  }
  const title = reply.title?.trim() ?? '';
  const body = reply.body.trim();

  if (!title && !footer && body.length <= DISCORD_LIMITS.content) {
    return [{ content: body || '\u200b', embeds: [], components, allowedMentions: NO_MENTIONS }];
  }

  const color = COLORS[reply.kind];
  const titleText = truncate(title, DISCORD_LIMITS.embedTitle);
  const footerText = truncate(footer, FOOTER_MAX);
  const chunks = body ? splitMarkdown(body, DISCORD_LIMITS.embedDescription) : [''];
  const messages: APIEmbed[][] = [[]];
  let size = 0;
  chunks.forEach((chunk, index) => {
    const embed: APIEmbed = { color };
    if (index === 0 && titleText) embed.title = titleText;
    if (chunk) embed.description = chunk;
    const cost = (embed.title?.length ?? 0) + chunk.length;
    const current = messages.at(-1)!;
    // Room is kept for the footer in every message, so whichever message ends up last can take it.
    if (current.length > 0 && (current.length >= DISCORD_LIMITS.embedsPerMessage || size + cost > DISCORD_LIMITS.embedsTotal - footerText.length)) {
      messages.push([embed]);
      size = cost;
    } else {
      current.push(embed);
      size += cost;
    }
  });
  if (footerText) messages.at(-1)!.at(-1)!.footer = { text: footerText };
  return messages.map((embeds, i) => ({
    embeds,
    components: i === messages.length - 1 ? components : [],
    allowedMentions: NO_MENTIONS,
  }));
}

/**
 * Buttons in rows of five, at most five rows; labels cut to 80; a custom_id over 100 characters is left
 * out, and so is a repeated one (Discord refuses a message whose buttons share a custom_id).
 */
export function buttonRows(buttons: readonly Button[]): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const seen = new Set<string>();
  const usable = buttons.filter(b => {
    if (b.action.length === 0 || b.action.length > DISCORD_LIMITS.customId || seen.has(b.action)) return false;
    seen.add(b.action);
    return true;
  });
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < usable.length && rows.length < DISCORD_LIMITS.actionRows; i += DISCORD_LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: usable.slice(i, i + DISCORD_LIMITS.buttonsPerRow).map(b => ({
        type: ComponentType.Button,
        style: STYLES[b.style ?? 'secondary'],
        label: truncate(b.label.trim(), DISCORD_LIMITS.buttonLabel) || '…',
        custom_id: b.action,
      })),
    });
  }
  return rows;
}

/** Cuts text to at most `max` UTF-16 units (Discord's count is never higher), with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return text.slice(0, cut) + '…';
}

/** The length a message counts against Discord's 6,000-character embed limit. */
export function embedsLength(embeds: readonly APIEmbed[]): number {
  return embeds.reduce(
    (n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0),
    0,
  );
}
