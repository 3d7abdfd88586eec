/**
 * Button actions, encoded as short strings so that every platform can carry them
 * (Discord custom_id: at most 100 characters; Slack action value: 2,000).
 */
export type Action =
  /**
   * A "did you mean" suggestion (or a related entry) was picked: answer with that entry. `question`,
   * when set, is the logged question it answers, so the pick is recorded (stats) and 👍/👎 count for it.
   */
  | { readonly type: 'pick'; readonly ref: string; readonly question?: string }
  /** "Show more": the next part of a long answer. */
  | { readonly type: 'more'; readonly ref: string; readonly part: number }
  /** 👍/👎 on an answer; `question` is the id of the logged question. */
  | { readonly type: 'feedback'; readonly vote: 'up' | 'down'; readonly question: string }
  /** A multiple-choice quiz answer. */
  | { readonly type: 'quiz-choice'; readonly quiz: string; readonly item: number; readonly choice: ChoiceLetter }
  /** "Show answer" under a daily post. */
  | { readonly type: 'daily-reveal'; readonly post: string };

export type ChoiceLetter = 'A' | 'B' | 'C' | 'D';
export const CHOICE_LETTERS: readonly ChoiceLetter[] = Object.freeze(['A', 'B', 'C', 'D']);

const SAFE = /^[A-Za-z0-9_.-]{1,40}$/;

function safe(value: string): string {
  if (!SAFE.test(value)) throw new Error(`action field ${JSON.stringify(value)} is not a short [A-Za-z0-9_.-] token`);
  return value;
}

export function encodeAction(action: Action): string {
  switch (action.type) {
    case 'pick':
      return action.question === undefined ? `pick:${safe(action.ref)}` : `pick:${safe(action.ref)}:${safe(action.question)}`;
    case 'more':
      return `more:${safe(action.ref)}:${action.part}`;
    case 'feedback':
      return `fb:${action.vote}:${safe(action.question)}`;
    case 'quiz-choice':
      return `qc:${safe(action.quiz)}:${action.item}:${action.choice}`;
    case 'daily-reveal':
      return `dr:${safe(action.post)}`;
  }
}

/** Decodes an action string; anything malformed (forged, truncated, old format) gives undefined. */
export function decodeAction(text: string): Action | undefined {
  const parts = text.split(':');
  const [tag, a, b, c] = parts;
  const ok = (v: string | undefined): v is string => v !== undefined && SAFE.test(v);
  const int = (v: string | undefined): number | undefined =>
    v !== undefined && /^\d{1,4}$/.test(v) ? Number(v) : undefined;
  switch (tag) {
    case 'pick':
      if (parts.length === 3 && ok(a) && ok(b)) return { type: 'pick', ref: a, question: b };
      return parts.length === 2 && ok(a) ? { type: 'pick', ref: a } : undefined;
    case 'more': {
      const part = int(b);
      return parts.length === 3 && ok(a) && part !== undefined ? { type: 'more', ref: a, part } : undefined;
    }
    case 'fb':
      return parts.length === 3 && (a === 'up' || a === 'down') && ok(b)
        ? { type: 'feedback', vote: a, question: b }
        : undefined;
    case 'qc': {
      const item = int(b);
      return parts.length === 4 && ok(a) && item !== undefined && (c === 'A' || c === 'B' || c === 'C' || c === 'D')
        ? { type: 'quiz-choice', quiz: a, item, choice: c }
        : undefined;
    }
    case 'dr':
      return parts.length === 2 && ok(a) ? { type: 'daily-reveal', post: a } : undefined;
    default:
      return undefined;
  }
}
