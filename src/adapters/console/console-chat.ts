import readline from 'node:readline';
import type { Invocation } from '../../core/commands/command-spec.ts';
import type { Dispatcher, Input } from '../../core/dispatcher.ts';
import { detectLang, type Lang } from '../../core/language.ts';
import { t } from '../../core/messages.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../core/services.ts';
import { decodeAction } from '../../core/reply/actions.ts';
import { consoleChoices, isQuizChoice, renderConsole, type ConsoleChoice } from './render-console.ts';

export const CONSOLE_CHANNEL: ChannelRef = Object.freeze({ platform: 'console', workspace: 'console', channel: 'console' });

export interface ConsoleChatOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly dispatcher: Dispatcher;
  readonly entryCount: number;
  readonly lang?: Lang;
  readonly color?: boolean;
  /** The person's name on quiz scoreboards (main.ts passes the login name); "you" when absent. */
  readonly userName?: string;
}

/**
 * The console chat: the bot with no chat platform. A person types questions and sees answers;
 * /help, /topics, /quiz, /daily work as slash commands; suggestions are picked by number and
 * quiz options by letter; /quit leaves. It is also the Poster for the console channel, so quiz
 * questions and daily posts appear in the same conversation.
 */
export class ConsoleChat implements Poster {
  /**
   * Numbered choices (suggestions, "show more", "Show answer") of the latest reply that had some; a
   * reply to the person's own line without any clears them, so a number never picks a stale list.
   */
  private numbered: ConsoleChoice[] = [];
  /** The 👍/👎 actions of the latest answer, for /good and /bad. */
  private feedback: { up?: string; down?: string } = {};
  /** The letters of the multiple-choice quiz question now open, as far as the printed messages tell. */
  private letters: ConsoleChoice[] = [];
  /**
   * The quiz question in this chat, read from the quiz messages as they are printed: a question with
   * letter buttons opens 'choice' (a later message without buttons is its hint); its reveal makes it
   * 'closed' (a late letter still goes to it and hears "closed"); a question without buttons opens
   * 'typed' and forgets the letters; the summary ends it all.
   */
  private quiz: 'none' | 'choice' | 'closed' | 'typed' = 'none';
  private lang: Lang;
  private closed = false;
  /** Messages posted while a typed line is being handled: shown after its replies. */
  private held: Reply[] | undefined;
  /** The prompt, while it is waiting for the person to type a line. */
  private waiting: readline.Interface | undefined;
  private terminal = false;

  constructor(private readonly options: ConsoleChatOptions) {
    this.lang = options.lang ?? 'en';
  }

  /**
   * A message the core sends by itself (quiz timers, daily posts). If it comes while the prompt
   * waits for input, it goes on its own lines and the prompt is shown again below it (with what the
   * person had typed so far, on a terminal) instead of being glued to the "> ".
   */
  async post(_channel: ChannelRef, reply: Reply): Promise<void> {
    if (this.held !== undefined) {
      this.held.push(reply);
      return;
    }
    const rl = this.waiting;
    if (rl !== undefined) {
      if (this.terminal) {
        readline.clearLine(this.options.output, 0);
        readline.cursorTo(this.options.output, 0);
      } else {
        this.options.output.write('\n');
      }
    }
    this.print([reply]);
    rl?.prompt(true);
  }

  private print(replies: readonly Reply[], own = false): void {
    for (const reply of replies) {
      this.track(reply, own);
      this.options.output.write(renderConsole(reply, { color: this.options.color ?? false }) + '\n\n');
    }
  }

  /**
   * Keeps the choices a typed key can pick in step with what the person has seen: a letter picks an
   * option only while its question is open, so an "a" typed after the reveal (or as the answer to a
   * typed-answer question) is not taken as a click on a closed question.
   */
  private track(reply: Reply, own: boolean): void {
    const choices = consoleChoices(reply);
    const letters = choices.filter(c => isQuizChoice(c));
    const numbered = choices.filter(c => !isQuizChoice(c));
    if (numbered.length > 0 || own) this.numbered = numbered;
    const votes = feedbackActions(reply);
    if (votes.up || votes.down) this.feedback = votes;
    switch (reply.kind) {
      case 'quiz-question':
        if (letters.length > 0) {
          this.quiz = 'choice';
          this.letters = letters;
        } else if (this.quiz !== 'choice') {
          this.quiz = 'typed';
          this.letters = [];
        }
        break;
      case 'quiz-reveal':
        this.quiz = this.quiz === 'choice' ? 'closed' : 'none';
        break;
      case 'quiz-summary':
        this.quiz = 'none';
        this.letters = [];
        break;
      default:
        break;
    }
  }

  private invocation(): Invocation {
    const name = this.options.userName?.trim() || 'you';
    return { platform: 'console', workspace: 'console', channel: 'console', user: { id: 'console-user', name, canManage: true }, lang: this.lang };
  }

  /** Turns one typed line into core input; undefined for nothing to do. */
  toInput(line: string): Input | 'quit' | 'nothing-to-rate' | undefined {
    const text = line.trim();
    if (!text) return undefined;
    if (/^\/(quit|exit|q)$/i.test(text)) return 'quit';
    // 👍/👎 on the last answer, stored like a platform's buttons.
    const vote = /^\/(good|bad)$/i.exec(text)?.[1]?.toLowerCase();
    if (vote) {
      const action = vote === 'good' ? this.feedback.up : this.feedback.down;
      return action ? { kind: 'action', action } : 'nothing-to-rate';
    }
    const command = text.match(/^\/(\S+)\s*([\s\S]*)$/);
    if (command) return { kind: 'command-text', name: command[1]!.toLowerCase(), text: command[2]! };
    // While a typed-answer question is open, every line is a try at it (even "a" or "1").
    if (this.quiz !== 'typed') {
      const choice = [...this.letters, ...this.numbered].find(c => c.key.toLowerCase() === text.toLowerCase());
      if (choice) return { kind: 'action', action: choice.action };
    }
    return { kind: 'message', text, addressed: true };
  }

  /** Handles one line; false once the person asked to quit. */
  async handleLine(line: string): Promise<boolean> {
    const input = this.toInput(line);
    if (input === 'quit') return false;
    if (input === undefined) return true;
    if (input === 'nothing-to-rate') {
      this.print([{ kind: 'info', lang: this.lang, visibility: 'private', body: t(this.lang, 'console.nothing-to-rate') }]);
      return true;
    }
    if (input.kind === 'message' || input.kind === 'command-text') this.lang = input.kind === 'message' ? detectLang(input.text, this.lang) : this.lang;
    // What the line causes in the channel (a reveal after a right answer) comes after the
    // person's own replies (the "Correct!"), as on a chat platform.
    const held: Reply[] = [];
    this.held = held;
    try {
      const replies = await this.options.dispatcher.handle(this.invocation(), input);
      // /help lists the commands; the console adds what else it accepts (numbers, /good, /quit …).
      const isHelp = input.kind === 'command-text' && input.name === 'help';
      this.print(isHelp ? [...replies, { kind: 'info', lang: this.lang, visibility: 'private', body: t(this.lang, 'console.help') }] : replies, true);
    } finally {
      this.held = undefined;
      this.print(held);
    }
    return true;
  }

  /** Runs the prompt until /quit or the end of input. */
  async run(): Promise<void> {
    const { input, output } = this.options;
    output.write(t(this.lang, 'console.welcome', { count: this.options.entryCount }) + '\n\n');
    this.terminal = Boolean((input as { isTTY?: boolean }).isTTY);
    const rl = readline.createInterface({ input, output, terminal: this.terminal, prompt: '> ' });
    const prompt = () => {
      rl.prompt();
      this.waiting = rl;
    };
    prompt();
    for await (const line of rl) {
      this.waiting = undefined;
      let keepGoing: boolean;
      try {
        keepGoing = await this.handleLine(line);
      } catch (error) {
        output.write(`${t(this.lang, 'error.internal')}\n`);
        keepGoing = true;
        void error;
      }
      if (!keepGoing) break;
      prompt();
    }
    this.waiting = undefined;
    this.closed = true;
    rl.close();
    output.write(t(this.lang, 'console.bye') + '\n');
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

/** The 👍/👎 button actions of a reply (an answer to a logged question), for /good and /bad. */
function feedbackActions(reply: Reply): { up?: string; down?: string } {
  const out: { up?: string; down?: string } = {};
  for (const b of reply.buttons ?? []) {
    const action = decodeAction(b.action);
    if (action?.type === 'feedback') out[action.vote] = b.action;
  }
  return out;
}
