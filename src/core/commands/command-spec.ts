import type { Lang, Localized } from '../language.ts';
import type { Reply } from '../reply/reply.ts';
import type { CoreServices } from '../services.ts';

/**
 * One spec per command (name, options, help), in the core. Adapters derive their slash-command
 * definitions from it (Discord application commands, Slack text arguments, console `/name`).
 */
export interface CommandSpec {
  /** Lowercase, 1–32 characters (Discord's rule). */
  readonly name: string;
  readonly description: Localized;
  /** Usage lines for /help, one per line, e.g. "/quiz [topic] [questions]". */
  readonly usage: readonly string[];
  /** Options when the command has no subcommands. */
  readonly options?: readonly OptionSpec[];
  readonly subcommands?: readonly SubcommandSpec[];
  /** For text platforms: the subcommand used when the first word is not a subcommand name. */
  readonly defaultSubcommand?: string;
  /**
   * Needs the server/workspace "manage" right (Discord: Manage Server, via default member
   * permissions; Slack: workspace admin or owner). Checked again on use by the command itself.
   */
  readonly requiresManage?: boolean;
  /** Which rate limit the dispatcher applies before running it (see {@link RateLimitKind}). */
  readonly rateLimit?: RateLimitKind;
}

/**
 * The dispatcher's limits: `question`, per person (QUESTIONS_PER_MINUTE), counted like a mention or
 * a DM; `quiz` and `channel-post` (an extra daily question), per channel and together
 * (QUIZZES_PER_HOUR): what anyone can make the bot post in a channel, counted only when it happens.
 */
export type RateLimitKind = 'question' | 'quiz' | 'channel-post';

export interface SubcommandSpec {
  readonly name: string;
  readonly description: Localized;
  readonly options: readonly OptionSpec[];
  /** This subcommand needs the manage right (checked on use). */
  readonly requiresManage?: boolean;
  /** Which rate limit applies to this subcommand. */
  readonly rateLimit?: RateLimitKind;
}

export interface OptionSpec {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'boolean';
  readonly description: Localized;
  readonly required?: boolean;
  /** Fixed choices, or 'topics' for the knowledge base's tags. */
  readonly choices?: readonly string[] | 'topics';
  /** Discord autocomplete (e.g. entry titles for /ask). */
  readonly autocomplete?: boolean;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly maxLength?: number;
  /** For text parsing: this string option takes the rest of the text. A boolean option is set by writing its name. */
  readonly rest?: boolean;
}

export type OptionValue = string | number | boolean;

export interface CommandArgs {
  readonly subcommand?: string;
  readonly options: Readonly<Record<string, OptionValue | undefined>>;
}

/** Who invoked something, and where. */
export interface Invocation {
  readonly platform: 'console' | 'slack' | 'discord';
  /** Discord guild id, Slack team id, 'console'; 'dm' for direct messages without one. */
  readonly workspace: string;
  readonly channel: string;
  readonly user: InvocationUser;
  /** The language to answer in when the input itself does not tell (platform locale). */
  readonly lang: Lang;
}

export interface InvocationUser {
  readonly id: string;
  readonly name?: string;
  /** Has the rights the README names for changing schedules (Manage Server / workspace admin). */
  readonly canManage: boolean;
  /**
   * The platform could not say whether this person may manage (a failed lookup): `canManage` is
   * false, and a refusal says that the check failed rather than that they lack the right.
   */
  readonly rightsUnknown?: boolean;
  readonly isBot?: boolean;
}

export interface CommandContext extends Invocation {
  readonly services: CoreServices;
}

/** A command: its spec and what it does. One command a file, `{ spec, execute } satisfies Command`. */
export interface Command {
  readonly spec: CommandSpec;
  execute(context: CommandContext, args: CommandArgs): Promise<readonly Reply[]>;
}
