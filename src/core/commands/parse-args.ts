import { UserError } from '../errors.ts';
import type { CommandArgs, CommandSpec, OptionSpec, OptionValue } from './command-spec.ts';

/**
 * Parses the text after a command name (Slack's `text`, the console's line) with the command's
 * spec: an optional subcommand word, then `name=value` pairs or positional values. Integers fill
 * integer options, a boolean option is set by its name, strings fill string options in order,
 * and a `rest` option takes the remaining text.
 */
export function parseCommandText(spec: CommandSpec, text: string): CommandArgs {
  let words = text.trim().split(/\s+/).filter(Boolean);
  let subcommand: string | undefined;
  let options: readonly OptionSpec[] = spec.options ?? [];
  if (spec.subcommands?.length) {
    const named = spec.subcommands.find(s => s.name === words[0]?.toLowerCase());
    const chosen = named ?? spec.subcommands.find(s => s.name === spec.defaultSubcommand);
    if (!chosen) throw new UserError('bad-arguments', { detail: `expected one of ${spec.subcommands.map(s => s.name).join(', ')}`, usage: spec.usage.join(' | ') });
    if (named) words = words.slice(1);
    subcommand = chosen.name;
    options = chosen.options;
  }
  const values: Record<string, OptionValue | undefined> = {};
  const pending = [...options];
  const take = (option: OptionSpec) => pending.splice(pending.indexOf(option), 1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const kv = word.match(/^([a-z][\w-]*)=(.*)$/i);
    const byName = kv ? pending.find(o => o.name === kv[1]!.toLowerCase()) : undefined;
    if (kv && byName) {
      values[byName.name] = convert(spec, byName, kv[2]!);
      take(byName);
      continue;
    }
    const flag = pending.find(o => o.type === 'boolean' && o.name === word.toLowerCase());
    if (flag) {
      values[flag.name] = true;
      take(flag);
      continue;
    }
    const target =
      (/^-?\d+$/.test(word) ? pending.find(o => o.type === 'integer') : undefined) ??
      pending.find(o => o.type === 'string');
    if (!target) throw new UserError('bad-arguments', { detail: `unexpected "${word}"`, usage: spec.usage.join(' | ') });
    if (target.type === 'string' && target.rest) {
      // The rest of the text, minus boolean flags written at its end ("… public").
      let rest = words.slice(i);
      const trailing = pending.filter(o => o.type === 'boolean' && o.name === rest.at(-1)?.toLowerCase());
      for (const o of trailing) {
        values[o.name] = true;
        take(o);
        rest = rest.slice(0, -1);
      }
      values[target.name] = convert(spec, target, rest.join(' '));
      take(target);
      break;
    }
    values[target.name] = convert(spec, target, word);
    take(target);
  }
  for (const o of options) {
    if (o.required && values[o.name] === undefined)
      throw new UserError('bad-arguments', { detail: `${o.name} is required`, usage: spec.usage.join(' | ') });
  }
  return { ...(subcommand ? { subcommand } : {}), options: values };
}

function convert(spec: CommandSpec, option: OptionSpec, raw: string): OptionValue {
  const usage = spec.usage.join(' | ');
  if (option.type === 'boolean') return /^(1|true|yes|on)$/i.test(raw);
  if (option.type === 'integer') {
    if (!/^-?\d+$/.test(raw)) throw new UserError('bad-arguments', { detail: `${option.name} must be a whole number`, usage });
    const n = Number(raw);
    if ((option.minValue !== undefined && n < option.minValue) || (option.maxValue !== undefined && n > option.maxValue))
      throw new UserError('bad-arguments', { detail: `${option.name} must be between ${option.minValue ?? '-∞'} and ${option.maxValue ?? '∞'}`, usage });
    return n;
  }
  if (option.maxLength !== undefined && [...raw].length > option.maxLength)
    throw new UserError('bad-arguments', { detail: `${option.name} is longer than ${option.maxLength} characters`, usage });
  return raw;
}
