import type { Answerer } from '../answering/answerer.ts';
import type { Invocation } from '../commands/command-spec.ts';
import { UserError } from '../errors.ts';
import type { Entry } from '../knowledge/entry.ts';
import { fencedLines } from '../knowledge/markdown-sections.ts';
import { detectLang, pick, type Lang } from '../language.ts';
import { t } from '../messages.ts';
import type { Clock } from '../ports.ts';
import { decodeAction, encodeAction, type Action } from '../reply/actions.ts';
import type { AnswerAbout, Reply } from '../reply/reply.ts';
import { followUp, smallTalk, type FollowUpKind } from './phrases.ts';

/** How long the bot remembers a person's last answer and pending suggestions, and for how many people. */
export interface ConversationOptions {
  /** After this long without a new answer, "tell me more" no longer continues the old one (ms). */
  readonly ttlMs: number;
  /** At most this many conversations are kept; the least recently active are forgotten first. */
  readonly maxKeys: number;
  /** Related entries offered when an answer has nothing more to show. */
  readonly maxRelated: number;
  /** The code examples shown for "example?" are cut at about this many characters. */
  readonly maxExampleChars: number;
}

export const DEFAULT_CONVERSATION_OPTIONS: ConversationOptions = Object.freeze({ ttlMs: 30 * 60_000, maxKeys: 10_000, maxRelated: 3, maxExampleChars: 3000 });

/** What a message meant to the conversation: replies to show, or a suggestion picked by its number. */
export type ConversationTurn = { readonly kind: 'replies'; readonly replies: readonly Reply[] } | { readonly kind: 'pick'; readonly action: Action };

interface State {
  /** The last answer shown to the person, and in which language. */
  last?: { readonly about: AnswerAbout; readonly lang: Lang };
  /** The suggestions of the last "did you mean" (or related entries) still open to a number. */
  pending?: readonly Extract<Action, { type: 'pick' }>[];
  at: number;
}

export interface ConversationDeps {
  readonly clock: Clock;
  readonly answerer: Answerer;
  readonly options?: Partial<ConversationOptions>;
}

/**
 * What the bot remembers of each person's conversation (per platform, workspace, channel and user,
 * in memory, expiring on the injected clock): the last answer, so that "tell me more", "example?",
 * "继续" or "还有吗" continue it (its next part, its code examples, or related entries), and the
 * suggestions a bare number picks. Also answers small talk ("hi", "thanks", "谢谢", "help") with a
 * short friendly line in the person's language instead of searching the notes.
 */
export class Conversation {
  readonly options: ConversationOptions;
  private readonly states = new Map<string, State>();

  constructor(private readonly deps: ConversationDeps) {
    this.options = Object.freeze({ ...DEFAULT_CONVERSATION_OPTIONS, ...deps.options });
  }

  /** Small talk, a follow-up or a bare number; undefined when the message is a question for the notes. */
  respond(text: string, who: Invocation): ConversationTurn | undefined {
    const lang = detectLang(text, who.lang);
    const small = smallTalk(text);
    if (small) return replies({ kind: 'info', lang, visibility: 'public', body: t(lang, `smalltalk.${small}`) });
    const number = /^\s*#?(\d{1,3})\s*[.)、。]?\s*$/.exec(text)?.[1];
    if (number !== undefined) return this.pickByNumber(Number(number), who, lang);
    const kind = followUp(text);
    if (kind) return this.continue(kind, who, lang);
    return undefined;
  }

  /** Keeps what the person was just shown: an answer (for follow-ups) and open suggestions (for numbers). */
  remember(who: Invocation, shown: readonly Reply[]): void {
    const key = keyOf(who);
    for (const reply of shown) {
      const picks = reply.kind === 'suggest' ? (reply.buttons ?? []).map(b => decodeAction(b.action)).filter((a): a is Extract<Action, { type: 'pick' }> => a?.type === 'pick') : [];
      if (!reply.about && picks.length === 0 && reply.kind !== 'decline') continue;
      const state = this.state(key) ?? { at: 0 };
      if (reply.about) {
        state.last = { about: reply.about, lang: reply.lang };
        delete state.pending;
      } else if (picks.length > 0) state.pending = picks;
      else delete state.pending; // a decline: nothing to pick any more
      state.at = this.deps.clock.now();
      this.states.delete(key);
      this.states.set(key, state);
    }
    while (this.states.size > this.options.maxKeys) this.states.delete(this.states.keys().next().value!);
  }

  /** How many conversations are kept (tests of the memory bound). */
  get size(): number {
    return this.states.size;
  }

  private state(key: string): State | undefined {
    const state = this.states.get(key);
    if (state && this.deps.clock.now() - state.at > this.options.ttlMs) {
      this.states.delete(key);
      return undefined;
    }
    return state;
  }

  private pickByNumber(n: number, who: Invocation, lang: Lang): ConversationTurn {
    const pending = this.state(keyOf(who))?.pending;
    if (!pending || pending.length === 0) return replies({ kind: 'info', lang, visibility: 'private', body: t(lang, 'conversation.nothing-to-pick', { n }) });
    const action = pending[n - 1];
    if (!action) return replies({ kind: 'info', lang, visibility: 'private', body: t(lang, 'conversation.no-such-choice', { n, count: pending.length }) });
    return { kind: 'pick', action };
  }

  private continue(kind: FollowUpKind, who: Invocation, lang: Lang): ConversationTurn {
    const last = this.state(keyOf(who))?.last;
    if (!last) return replies({ kind: 'info', lang, visibility: 'private', body: t(lang, 'conversation.nothing-to-continue') });
    const entry = this.deps.answerer.entryByRef(last.about.ref);
    if (!entry) throw new UserError('unknown-entry');
    const title = pick(entry.title, lang);
    if (kind === 'more' && last.about.part + 1 < last.about.parts) {
      return replies(this.deps.answerer.show(entry, lang, last.about.part + 1, last.about.question));
    }
    const out: Reply[] = [];
    if (kind === 'example') {
      const code = codeExamples(entry, lang, this.options.maxExampleChars);
      if (code) {
        return replies({
          kind: 'answer',
          lang,
          visibility: 'public',
          title: t(lang, 'conversation.examples-title', { title }),
          body: code,
          source: { file: entry.source.file, heading: entry.source.heading, line: entry.source.line },
          footer: t(lang, 'answer.footer-chosen', { file: entry.source.file, heading: entry.source.level === 0 ? title : entry.source.heading }),
        });
      }
      out.push({ kind: 'info', lang, visibility: 'public', body: t(lang, 'conversation.no-examples', { title }) });
    }
    const related = this.related(entry, last.about);
    if (related.length === 0) {
      if (out.length === 0) out.push({ kind: 'info', lang, visibility: 'public', body: t(lang, 'conversation.no-more', { title }) });
      return { kind: 'replies', replies: out };
    }
    out.push({
      kind: 'suggest',
      lang,
      visibility: 'public',
      title: t(lang, kind === 'more' ? 'conversation.related-title' : 'conversation.related-title-short', { title }),
      body: related.map((e, i) => `${i + 1}. ${pick(e.title, lang)}`).join('\n'),
      footer: t(lang, 'suggest.pick-hint'),
      buttons: related.map(e => ({ label: cut(pick(e.title, lang), 80), action: encodeAction({ type: 'pick', ref: e.ref }) })),
    });
    return { kind: 'replies', replies: out };
  }

  /** The runners-up of the question's match, else the entry's neighbours in its file, else entries sharing its first tag. */
  private related(entry: Entry, about: AnswerAbout): Entry[] {
    const { answerer } = this.deps;
    const found = new Map<string, Entry>();
    const add = (e: Entry | undefined) => {
      if (e && e.ref !== entry.ref && found.size < this.options.maxRelated) found.set(e.ref, e);
    };
    for (const ref of about.related ?? []) add(answerer.entryByRef(ref));
    if (found.size === 0) {
      const all = answerer.entries();
      for (const e of all) if (e.source.file === entry.source.file) add(e);
      const tag = entry.tags[0];
      if (found.size === 0 && tag !== undefined) for (const e of all) if (e.tags.includes(tag)) add(e);
    }
    return [...found.values()];
  }
}

const replies = (...list: Reply[]): ConversationTurn => ({ kind: 'replies', replies: list });

function keyOf(who: Invocation): string {
  return `${who.platform}\u0000${who.workspace}\u0000${who.channel}\u0000${who.user.id}`;
}

/** The fenced code blocks of an entry's body (in `lang` when it has it), up to about `max` characters. */
export function codeExamples(entry: Entry, lang: Lang, max: number): string | undefined {
  const body = entry.body[lang] ?? entry.body[lang === 'zh' ? 'en' : 'zh'] ?? '';
  const lines = body.split('\n');
  const fenced = fencedLines(lines);
  const blocks: string[] = [];
  let current: string[] = [];
  lines.forEach((line, i) => {
    if (fenced[i]) current.push(line);
    else if (current.length > 0) {
      blocks.push(current.join('\n'));
      current = [];
    }
  });
  if (current.length > 0) blocks.push(current.join('\n'));
  const kept: string[] = [];
  let size = 0;
  for (const block of blocks) {
    if (kept.length > 0 && size + block.length > max) break;
    kept.push(block);
    size += block.length;
  }
  return kept.length > 0 ? kept.join('\n\n') : undefined;
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
