import type { Lang } from '../language.ts';

/**
 * The one reply model. The core builds Replies; each adapter owns a `render` that turns them into
 * its platform's messages within that platform's limits. `plainText()` (reply/plain-text.ts) is the
 * fallback every platform can show (notifications, the console, logs).
 */
export interface Reply {
  /** What this reply is: adapters may style by kind (e.g. a decline is plain, an answer an embed). */
  readonly kind: ReplyKind;
  readonly lang: Lang;
  /** Short heading, plain text. */
  readonly title?: string;
  /** Markdown (CommonMark subset: paragraphs, lists, **bold**, `code`, fenced code blocks). */
  readonly body: string;
  /** Where an answer comes from. */
  readonly source?: ReplySource;
  /** Small print under the body, plain text (e.g. "confidence 0.93"). */
  readonly footer?: string;
  /** Buttons. Each carries an encoded action (reply/actions.ts) the adapter sends back on click. */
  readonly buttons?: readonly Button[];
  /**
   * The entry an answer shows (which part of how many) and what the conversation may offer next: the
   * logged question it answers and related entries (refs). The core remembers it per person so that
   * "tell me more" continues this answer; adapters ignore it.
   */
  readonly about?: AnswerAbout;
  /** Only the person who asked sees it (Slack ephemeral, Discord ephemeral); else the channel sees it. */
  readonly visibility: 'public' | 'private';
}

export type ReplyKind =
  | 'answer'
  | 'suggest'
  | 'decline'
  | 'info'
  | 'error'
  | 'quiz-question'
  | 'quiz-reveal'
  | 'quiz-summary'
  | 'daily-post'
  | 'daily-answer';

export interface AnswerAbout {
  readonly ref: string;
  /** 0-based part shown, of `parts`. */
  readonly part: number;
  readonly parts: number;
  readonly question?: string;
  /** Refs of entries close to the question (the runners-up of the match), best first. */
  readonly related?: readonly string[];
}

export interface ReplySource {
  readonly file: string;
  readonly heading: string;
  readonly line: number;
}

export interface Button {
  readonly label: string;
  /** An encoded action (see reply/actions.ts); at most 100 characters (Discord's custom_id limit). */
  readonly action: string;
  readonly style?: 'primary' | 'secondary' | 'success' | 'danger';
}

/** A reply with only text, for info and errors. */
export function textReply(lang: Lang, body: string, options: Partial<Omit<Reply, 'lang' | 'body'>> = {}): Reply {
  return { kind: 'info', visibility: 'public', ...options, lang, body };
}
