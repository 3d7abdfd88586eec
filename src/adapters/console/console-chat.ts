import readline from 'node:readline';
import type { Invocation } from '../../core/commands/command-spec.ts';
import type { Dispatcher, Input } from '../../core/dispatcher.ts';
import { detectLang, type Lang } from '../../core/language.ts';
import { t } from '../../core/messages.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { ChannelRef, Poster } from '../../core/services.ts';
import { consoleChoices, renderConsole, type ConsoleChoice } from './render-console.ts';

export const CONSOLE_CHANNEL: ChannelRef = Object.freeze({ platform: 'console', workspace: 'console', channel: 'console' });

export interface ConsoleChatOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  readonly dispatcher: Dispatcher;
  readonly entryCount: number;
  readonly lang?: Lang;
  readonly color?: boolean;
}

/**
 * The console chat: the bot with no chat platform. A person types questions and sees answers;
 * /help, /topics, /quiz, /daily work as slash commands; suggestions are picked by number and
 * quiz options by letter; /quit leaves. It is also the Poster for the console channel, so quiz
 * questions and daily posts appear in the same conversation.
 */
export class ConsoleChat implements Poster {
  private choices: ConsoleChoice[] = [];
  private lang: Lang;
  private closed = false;

  constructor(private readonly options: ConsoleChatOptions) {
    this.lang = options.lang ?? 'en';
  }

  async post(_channel: ChannelRef, reply: Reply): Promise<void> {
    this.print([reply]);
  }

  private print(replies: readonly Reply[]): void {
    for (const reply of replies) {
      const choices = consoleChoices(reply);
      if (choices.length > 0) this.choices = choices;
      this.options.output.write(renderConsole(reply, { color: this.options.color ?? false }) + '\n\n');
    }
  }

  private invocation(): Invocation {
    return { platform: 'console', workspace: 'console', channel: 'console', user: { id: 'console-user', name: 'you', canManage: true }, lang: this.lang };
  }

  /** Turns one typed line into core input; undefined for nothing to do. */
  toInput(line: string): Input | 'quit' | undefined {
    const text = line.trim();
    if (!text) return undefined;
    if (/^\/(quit|exit|q)$/i.test(text)) return 'quit';
    const command = text.match(/^\/(\S+)\s*([\s\S]*)$/);
    if (command) return { kind: 'command-text', name: command[1]!.toLowerCase(), text: command[2]! };
    const choice = this.choices.find(c => c.key.toLowerCase() === text.toLowerCase());
    if (choice) return { kind: 'action', action: choice.action };
    return { kind: 'message', text, addressed: true };
  }

  /** Handles one line; false once the person asked to quit. */
  async handleLine(line: string): Promise<boolean> {
    const input = this.toInput(line);
    if (input === 'quit') return false;
    if (input === undefined) return true;
    if (input.kind === 'message' || input.kind === 'command-text') this.lang = input.kind === 'message' ? detectLang(input.text, this.lang) : this.lang;
    const replies = await this.options.dispatcher.handle(this.invocation(), input);
    this.print(replies);
    return true;
  }

  /** Runs the prompt until /quit or the end of input. */
  async run(): Promise<void> {
    const { input, output } = this.options;
    output.write(t(this.lang, 'console.welcome', { count: this.options.entryCount }) + '\n\n');
    const rl = readline.createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY), prompt: '> ' });
    rl.prompt();
    for await (const line of rl) {
      let keepGoing: boolean;
      try {
        keepGoing = await this.handleLine(line);
      } catch (error) {
        output.write(`${t(this.lang, 'error.internal')}\n`);
        keepGoing = true;
        void error;
      }
      if (!keepGoing) break;
      rl.prompt();
    }
    this.closed = true;
    rl.close();
    output.write(t(this.lang, 'console.bye') + '\n');
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
