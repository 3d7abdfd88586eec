import type { CommandArgs, CommandContext, Invocation } from './commands/command-spec.ts';
import { parseCommandText } from './commands/parse-args.ts';
import { isUserError, UserError } from './errors.ts';
import { t, type MessageKey } from './messages.ts';
import { decodeAction } from './reply/actions.ts';
import type { Reply } from './reply/reply.ts';
import type { CoreServices } from './services.ts';

/** What an adapter hands the core: a command, a chat message, or a button click. */
export type Input =
  /** A slash command whose options the platform already parsed (Discord). */
  | { readonly kind: 'command'; readonly name: string; readonly args: CommandArgs }
  /** A slash command with its arguments as text (Slack, the console). */
  | { readonly kind: 'command-text'; readonly name: string; readonly text: string }
  /**
   * A chat message. `addressed` when it was meant for the bot (a mention, a DM, the console);
   * otherwise it may only be a typed quiz answer.
   */
  | { readonly kind: 'message'; readonly text: string; readonly addressed: boolean }
  /** A button click carrying an encoded action. */
  | { readonly kind: 'action'; readonly action: string };

/**
 * The one place that turns inputs into replies for every platform. Expected failures (UserError)
 * become a friendly private reply; anything else is logged with context and answered with a
 * short apology, so one bad input never takes the bot down.
 */
export class Dispatcher {
  constructor(private readonly services: CoreServices) {}

  async handle(invocation: Invocation, input: Input): Promise<readonly Reply[]> {
    const context: CommandContext = { ...invocation, services: this.services };
    try {
      if (invocation.user.isBot) return [];
      return await this.route(context, input);
    } catch (error) {
      return [this.errorReply(context, input, error)];
    }
  }

  private async route(context: CommandContext, input: Input): Promise<readonly Reply[]> {
    const { services } = context;
    switch (input.kind) {
      case 'command':
      case 'command-text': {
        const command = services.commands.get(input.name.replace(/^\//, '').toLowerCase());
        if (!command) throw new UserError('unknown-command', { name: input.name });
        const args = input.kind === 'command' ? input.args : parseCommandText(command.spec, input.text);
        return command.execute(context, args);
      }
      case 'message': {
        const consumed = await services.quiz.handleMessage(context, input.text);
        if (consumed !== undefined) return consumed;
        if (!input.addressed) return [];
        return services.answerer.ask(input.text, context);
      }
      case 'action':
        return this.action(context, input.action);
    }
  }

  private async action(context: CommandContext, encoded: string): Promise<readonly Reply[]> {
    const { services, lang } = context;
    const action = decodeAction(encoded);
    if (!action) throw new UserError('expired');
    switch (action.type) {
      case 'pick':
      case 'more': {
        const entry = services.answerer.entryByRef(action.ref);
        if (!entry) throw new UserError('unknown-entry');
        const reply = services.answerer.show(entry, lang, action.type === 'more' ? action.part : 0);
        return [{ ...reply, visibility: 'private' }];
      }
      case 'feedback': {
        const ok = services.store.questions.feedback(action.question, context.user.id, action.vote, services.clock.now());
        if (!ok) throw new UserError('expired');
        return [{ kind: 'info', lang, visibility: 'private', body: t(lang, 'answer.feedback-thanks') }];
      }
      case 'quiz-choice':
        return services.quiz.handleChoice(context, action);
      case 'daily-reveal':
        return [await services.daily.reveal(context, action.post)];
    }
  }

  private errorReply(context: CommandContext, input: Input, error: unknown): Reply {
    const lang = context.lang;
    if (isUserError(error)) {
      return { kind: 'error', lang, visibility: 'private', body: t(lang, `error.${error.code}` as MessageKey, error.params) };
    }
    this.services.logger.error(
      {
        err: error,
        platform: context.platform,
        workspace: context.workspace,
        channel: context.channel,
        user: context.user.id,
        input: input.kind === 'action' ? { kind: 'action', action: input.action } : { kind: input.kind, name: 'name' in input ? input.name : undefined },
      },
      'unexpected error while handling input',
    );
    return { kind: 'error', lang, visibility: 'private', body: t(lang, 'error.internal') };
  }
}

