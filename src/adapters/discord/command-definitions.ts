import {
  ApplicationIntegrationType,
  InteractionContextType,
  Locale,
  PermissionFlagsBits,
  SlashCommandBuilder,
  SlashCommandSubcommandBuilder,
  type ApplicationCommandOptionBase,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandSpec, OptionSpec } from '../../core/commands/command-spec.ts';
import type { Localized } from '../../core/language.ts';
import type { CoreServices } from '../../core/services.ts';

/** Discord allows at most 25 fixed choices; with more topics the option offers them by autocomplete instead. */
export const MAX_CHOICES = 25;

/** The topics offered for an option with `choices: 'topics'`, by command (a quiz offers tags that have quiz items). */
export type TopicsFor = (command: string) => readonly string[];

/** The core's topics: tags that have quiz items for /quiz, every tag of the knowledge base otherwise. */
export function coreTopics(services: Pick<CoreServices, 'quiz' | 'answerer'>): TopicsFor {
  return command => (command === 'quiz' ? services.quiz.topics() : services.answerer.topics().map(t => t.tag));
}

/**
 * One application command per spec (the discord.js guide's `{ data }`), so Discord's slash commands
 * can never drift from the core: descriptions in English with Chinese localizations, subcommands,
 * required options first, 'topics' choices from the knowledge base (autocomplete beyond 25),
 * autocomplete where the spec asks for it, min/max values and lengths.
 *
 * Discord sets permissions per command, not per subcommand: a command with any subcommand that
 * requires the manage right gets `default_member_permissions` Manage Server (server admins may
 * widen it under Server Settings → Integrations) and is offered in servers only; the core checks
 * the right again on use.
 */
export function commandDefinitions(specs: readonly CommandSpec[], topicsFor: TopicsFor): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return specs.map(spec => commandDefinition(spec, topicsFor(spec.name)));
}

export function commandDefinition(spec: CommandSpec, topics: readonly string[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const manage = needsManage(spec);
  const builder = new SlashCommandBuilder()
    .setName(spec.name)
    .setDescription(english(spec.description))
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setContexts(manage ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDM])
    .setDefaultMemberPermissions(manage ? PermissionFlagsBits.ManageGuild : null);
  const zh = chinese(spec.description);
  if (zh) builder.setDescriptionLocalizations(zh);
  if (spec.subcommands?.length) {
    for (const sub of spec.subcommands) {
      builder.addSubcommand(s => {
        s.setName(sub.name).setDescription(english(sub.description));
        const subZh = chinese(sub.description);
        if (subZh) s.setDescriptionLocalizations(subZh);
        addOptions(s, sub.options, topics);
        return s;
      });
    }
  } else {
    addOptions(builder, spec.options ?? [], topics);
  }
  return builder.toJSON();
}

/** A command needs Manage Server by default when it or any of its subcommands does. */
export function needsManage(spec: CommandSpec): boolean {
  return spec.requiresManage === true || (spec.subcommands ?? []).some(s => s.requiresManage === true);
}

/** The spec of an option of a command (and subcommand), for autocomplete. */
export function findOption(spec: CommandSpec, subcommand: string | null, name: string): OptionSpec | undefined {
  const options = subcommand ? spec.subcommands?.find(s => s.name === subcommand)?.options : spec.options;
  return options?.find(o => o.name === name);
}

/** Whether Discord offers this option by autocomplete (asked for, or topics beyond 25 choices). */
export function usesAutocomplete(option: OptionSpec, topics: readonly string[]): boolean {
  return option.autocomplete === true || (option.choices === 'topics' && topics.length > MAX_CHOICES);
}

type OptionHost = Pick<SlashCommandBuilder, 'addStringOption' | 'addIntegerOption' | 'addBooleanOption'> | SlashCommandSubcommandBuilder;

function addOptions(host: OptionHost, options: readonly OptionSpec[], topics: readonly string[]): void {
  // Discord wants required options before optional ones.
  const ordered = [...options.filter(o => o.required), ...options.filter(o => !o.required)];
  for (const option of ordered) {
    switch (option.type) {
      case 'string':
        host.addStringOption(o => {
          describe(o, option);
          if (option.maxLength !== undefined) o.setMaxLength(Math.min(option.maxLength, 6000));
          const choices = option.choices === 'topics' ? topics : option.choices;
          if (usesAutocomplete(option, topics)) o.setAutocomplete(true);
          else if (choices && choices.length > 0) o.addChoices(...choices.slice(0, MAX_CHOICES).map(c => ({ name: c.slice(0, 100), value: c.slice(0, 100) })));
          return o;
        });
        break;
      case 'integer':
        host.addIntegerOption(o => {
          describe(o, option);
          if (option.minValue !== undefined) o.setMinValue(option.minValue);
          if (option.maxValue !== undefined) o.setMaxValue(option.maxValue);
          return o;
        });
        break;
      case 'boolean':
        host.addBooleanOption(o => describe(o, option));
        break;
    }
  }
}

function describe<T extends ApplicationCommandOptionBase>(o: T, option: OptionSpec): T {
  o.setName(option.name).setDescription(english(option.description)).setRequired(option.required === true);
  const zh = chinese(option.description);
  if (zh) o.setDescriptionLocalizations(zh);
  return o;
}

/** Discord descriptions are 1–100 characters. */
function clip(text: string): string {
  const t = text.trim() || '—';
  return t.length <= 100 ? t : t.slice(0, 99) + '…';
}

function english(text: Localized): string {
  return clip(typeof text === 'string' ? text : (text.en ?? text.zh ?? ''));
}

function chinese(text: Localized): Partial<Record<Locale, string>> | undefined {
  if (typeof text === 'string' || !text.zh) return undefined;
  const zh = clip(text.zh);
  return { [Locale.ChineseCN]: zh, [Locale.ChineseTW]: zh };
}
