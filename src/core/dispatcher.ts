import { AsyncLocalStorage } from 'node:async_hooks';
import type { CommandArgs, CommandContext, Invocation } from './commands/command-spec.ts';
import { parseCommandText } from './commands/parse-args.ts';
import { isUserError, UserError } from './errors.ts';
import { t, type MessageKey } from './messages.ts';
import type { Logger } from './ports.ts';
import { RateLimiter } from './rate-limit.ts';
import { decodeAction, encodeAction } from './reply/actions.ts';
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

/** The request being handled, so that loggers made with {@link requestScopedLogger} add its id. */
const requestScope = new AsyncLocalStorage<{ readonly req: string }>();

/**
 * A Logger that, while an input is being handled, writes through a child of `base` bound to that
 * input's request id (`req`), and through `base` otherwise (timers, start-up). The composition root
 * gives one to the answerer and the quiz and daily services, so every log line a question causes
 * carries the same `req` as the dispatcher's own lines about it.
 */
export function requestScopedLogger(base: Logger): Logger {
  const children = new WeakMap<object, Logger>();
  const current = (): Logger => {
    const scope = requestScope.getStore();
    if (!scope) return base;
    let child = children.get(scope);
    if (!child) children.set(scope, (child = base.child(scope)));
    return child;
  };
  return {
    debug: (context, message) => current().debug(context, message),
    info: (context, message) => current().info(context, message),
    warn: (context, message) => current().warn(context, message),
    error: (context, message) => current().error(context, message),
    child: bindings => requestScopedLogger(base.child(bindings)),
  };
}

export interface DispatcherOptions {
  /** Per-person limit on questions (addressed messages and /ask); none: no limit. */
  readonly rateLimiter?: RateLimiter;
  /** Per-channel limit on quizzes started (`/quiz`, `/quiz review`) and extra daily questions (`/daily now`), together; none: no limit. */
  readonly channelLimiter?: RateLimiter;
}

/**
 * The one place that turns inputs into replies for every platform. Expected failures (UserError)
 * become a friendly private reply; anything else is logged with context and answered with a
 * short apology, so one bad input never takes the bot down.
 *
 * Each input gets a request id (`req`, from the injected Random plus a counter) carried by a child
 * logger for everything logged about it. {@link close} stops taking inputs and {@link idle} waits
 * for those in flight: a graceful shutdown.
 */
export class Dispatcher {
  private readonly requestPrefix: string;
  private requests = 0;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly services: CoreServices,
    private readonly options: DispatcherOptions = {},
  ) {
    // A random prefix tells apart processes (Discord shards) that log to the same place.
    this.requestPrefix = Math.floor(services.random.next() * 36 ** 4)
      .toString(36)
      .padStart(4, '0');
  }

  async handle(invocation: Invocation, input: Input): Promise<readonly Reply[]> {
    if (this.closed) return [];
    const work = this.handleOne(invocation, input);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** Stops taking inputs: from now on every input is ignored (shutdown). */
  close(): void {
    this.closed = true;
  }

  /** Resolves when no input is being handled. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async handleOne(invocation: Invocation, input: Input): Promise<readonly Reply[]> {
    const req = `${this.requestPrefix}-${(++this.requests).toString(36)}`;
    const log = this.services.logger.child({ req });
    const context: CommandContext = { ...invocation, services: this.services };
    try {
      if (invocation.user.isBot) return [];
      const replies = await requestScope.run({ req }, () => this.route(context, input, log));
      // What the person was shown: the answer "tell me more" continues, the suggestions a number picks.
      this.services.conversation.remember(invocation, replies);
      return replies;
    } catch (error) {
      return [this.errorReply(context, input, error, log)];
    }
  }

  private async route(context: CommandContext, input: Input, log: Logger): Promise<readonly Reply[]> {
    const { services } = context;
    switch (input.kind) {
      case 'command':
      case 'command-text': {
        const command = services.commands.get(input.name.replace(/^\//, '').toLowerCase());
        if (!command) throw new UserError('unknown-command', { name: input.name });
        const args = input.kind === 'command' ? input.args : parseCommandText(command.spec, input.text);
        const subcommand = args.subcommand ?? command.spec.defaultSubcommand;
        const limit = command.spec.subcommands?.find(s => s.name === subcommand)?.rateLimit ?? command.spec.rateLimit;
        // A slash command must be answered (Discord shows "did not respond" otherwise): every refusal says why.
        if (limit === 'question' && !this.allowQuestion(context, log, true)) return [];
        if (limit === 'quiz' || limit === 'channel-post') return this.limitChannel(limit, context, log, () => command.execute(context, args));
        return command.execute(context, args);
      }
      case 'message': {
        const consumed = await services.quiz.handleMessage(context, input.text, input.addressed);
        if (consumed !== undefined) return consumed;
        if (!input.addressed) return [];
        if (!this.allowQuestion(context, log)) return [];
        // Small talk, "tell me more", a suggestion's number: not a question for the notes.
        const turn = services.conversation.respond(input.text, context);
        if (turn?.kind === 'pick') return this.action(context, encodeAction(turn.action));
        if (turn) return turn.replies;
        return services.answerer.ask(input.text, context);
      }
      case 'action':
        return this.action(context, input.action);
    }
  }

  /**
   * Counts a question against the asker's rate limit. Over it, the first refusal throws
   * `rate-limited` (one short notice with the seconds to wait), so the person always learns why;
   * later messages of the same burst return false (no notice per message in a channel). With
   * `always` (a slash command, which must be answered) every refusal gives the notice.
   */
  private allowQuestion(context: CommandContext, log: Logger, always = false): boolean {
    const limiter = this.options.rateLimiter;
    if (!limiter) return true;
    const decision = limiter.take(RateLimiter.key(context.platform, context.workspace, context.user.id));
    if (decision.allowed) return true;
    const seconds = Math.ceil(decision.retryAfterMs / 1000);
    // Logged once per burst (at the notice); the silent refusals after it only at debug level.
    log[decision.notify ? 'info' : 'debug']({ platform: context.platform, workspace: context.workspace, user: context.user.id, retryAfterSeconds: seconds }, 'question rate-limited');
    if (decision.notify || always) throw new UserError('rate-limited', { seconds });
    return false;
  }

  /**
   * Runs `start` (a quiz start, an extra daily question) under the channel's limit. Over it, each
   * person who tries gets one private notice with the minutes to wait (then silence until the window
   * frees); the channel sees nothing. A start that fails (a quiz is already running, no items) gives
   * its slot back.
   */
  private async limitChannel(
    kind: 'quiz' | 'channel-post',
    context: CommandContext,
    log: Logger,
    start: () => Promise<readonly Reply[]>,
  ): Promise<readonly Reply[]> {
    const limiter = this.options.channelLimiter;
    if (!limiter) return start();
    const key = RateLimiter.key(context.platform, context.workspace, context.channel);
    const decision = limiter.take(key, context.user.id);
    if (!decision.allowed) {
      const minutes = Math.ceil(decision.retryAfterMs / 60_000);
      log[decision.notify ? 'info' : 'debug'](
        { platform: context.platform, workspace: context.workspace, channel: context.channel, user: context.user.id, retryAfterMinutes: minutes },
        kind === 'quiz' ? 'quiz start rate-limited' : 'extra daily question rate-limited',
      );
      if (decision.notify) throw new UserError(kind === 'quiz' ? 'quiz-rate-limited' : 'channel-post-rate-limited', { limit: limiter.options.limit, minutes });
      return [];
    }
    try {
      return await start();
    } catch (error) {
      limiter.refund(key);
      throw error;
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
        // A picked suggestion answers the logged question: the pick is recorded (stats) and 👍/👎 count for it.
        const question = action.type === 'pick' ? action.question : undefined;
        if (question !== undefined) services.store.questions.picked(question, entry.id, services.clock.now());
        const reply = services.answerer.show(entry, lang, action.type === 'more' ? action.part : 0, question);
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

  private errorReply(context: CommandContext, input: Input, error: unknown, log: Logger): Reply {
    const lang = context.lang;
    if (isUserError(error)) {
      return { kind: 'error', lang, visibility: 'private', body: t(lang, `error.${error.code}` as MessageKey, error.params) };
    }
    log.error(
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

