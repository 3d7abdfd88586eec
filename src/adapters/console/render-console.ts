import type { Lang } from '../../core/language.ts';
import { decodeAction } from '../../core/reply/actions.ts';
import type { Reply } from '../../core/reply/reply.ts';

/**
 * Renders a reply for a terminal: the title underlined, the Markdown body as is (code blocks
 * stay intact), buttons as numbered choices (suggestions, "show more") or letters (quiz).
 */
export function renderConsole(reply: Reply, options: { color?: boolean } = {}): string {
  const bold = (s: string) => (options.color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string) => (options.color ? `\x1b[2m${s}\x1b[22m` : s);
  const lines: string[] = [];
  if (reply.title) lines.push(bold(reply.title), '─'.repeat(Math.min(60, Math.max(8, [...reply.title].length * 2))));
  const choices = consoleChoices(reply);
  // A "did you mean" body lists the same titles as its numbered choices: show them once.
  if (reply.body && !(reply.kind === 'suggest' && choices.length > 0)) lines.push(reply.body);
  const letters = choices.filter(isQuizChoice);
  const numbered = choices.filter(c => !isQuizChoice(c));
  // Quiz options are already listed in the body ("**A.** …"): one line says which keys to type.
  if (letters.length > 0) lines.push('', `  ${letters.map(c => `[${c.key}]`).join(' ')}  ${TYPE_A_LETTER[reply.lang]}`);
  if (numbered.length > 0) lines.push('', ...numbered.map(c => `  [${c.key}] ${c.label}`));
  if (reply.footer) lines.push('', dim(reply.footer));
  return lines.join('\n');
}

export interface ConsoleChoice {
  /** What the person types: a number for suggestions and "show more", a letter for quiz options. */
  readonly key: string;
  readonly label: string;
  readonly action: string;
  /** A quiz option (picked by letter) rather than a numbered choice. */
  readonly quiz: boolean;
}

const TYPE_A_LETTER: Readonly<Record<Lang, string>> = { en: '(type a letter to answer)', zh: '（输入字母作答）' };

export function isQuizChoice(choice: ConsoleChoice): boolean {
  return choice.quiz;
}

/** The buttons of a reply that a console user can pick by typing their key (feedback is left out). */
export function consoleChoices(reply: Reply): ConsoleChoice[] {
  const out: ConsoleChoice[] = [];
  let n = 0;
  for (const b of reply.buttons ?? []) {
    const action = decodeAction(b.action);
    if (!action || action.type === 'feedback') continue;
    if (action.type === 'quiz-choice') out.push({ key: action.choice, label: b.label, action: b.action, quiz: true });
    else out.push({ key: String(++n), label: b.label, action: b.action, quiz: false });
  }
  return out;
}
