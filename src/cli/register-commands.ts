import { DiscordAPIError, REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import path from 'node:path';
import { commandDefinitions, coreTopics } from '../adapters/discord/command-definitions.ts';
import { parseDiscordConfig } from '../adapters/discord/discord-config.ts';
import { inviteUrl } from '../adapters/discord/invite.ts';
import { errorContext } from '../adapters/discord/api-errors.ts';
import { PROJECT_ROOT } from '../config.ts';
import type { Env } from '../env.ts';
import { COMMANDS, createCore } from '../core/create-core.ts';
import { loadKnowledge } from '../core/knowledge/loader.ts';
import { silentLogger, type Logger } from '../core/ports.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { systemClock, systemRandom } from '../host/system-ports.ts';
import type { Args } from './args.ts';

const USAGE = `usage: npm run register-commands -- [--global] [--guild ID] [--knowledge DIR] [--dry-run] [--clear]
  --dry-run prints the commands as JSON and needs no token.
  Registers the slash commands (/ask /quiz /daily /topics /help) with Discord:
  to one server (DISCORD_GUILD_ID or --guild; instant, for trying the bot) or, with --global,
  everywhere the bot is installed. Run it again after changing the knowledge base's topics.
  --clear removes the commands there instead (e.g. a test server's copies once they are global).
  Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; honours DISCORD_API_URL.`;

export interface RegisterOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/**
 * `interview-bot register-commands [--global] [--guild ID] [--dry-run]`: the discord.js guide's
 * deploy-commands script. PUTs the whole command list (so removed commands disappear) to
 * applications/{id}/guilds/{guild}/commands or applications/{id}/commands through @discordjs/rest
 * (which honours rate limits), with topic choices from the knowledge base; `--clear` PUTs an
 * empty list. Exit 0 on success,
 * 1 when Discord refuses, 2 on bad usage, 78 on missing settings.
 */
export async function registerCommandsCli(
  args: Args,
  logger: Logger,
  env: Env = process.env,
  io: RegisterOutput = { out: t => process.stdout.write(t), err: t => process.stderr.write(t) },
): Promise<number> {
  let global: boolean;
  let guildArg: string | undefined;
  let knowledgeDir: string;
  let dryRun: boolean;
  let clear: boolean;
  try {
    global = args.flag('global');
    clear = args.flag('clear');
    dryRun = args.flag('dry-run');
    guildArg = args.value('guild');
    knowledgeDir = path.resolve(args.value('knowledge') ?? env.KNOWLEDGE_DIR ?? path.join(PROJECT_ROOT, 'knowledge'));
    if (args.positionals().length > 0) throw new Error('unexpected arguments');
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }

  // --dry-run only shows what would be registered: no token, no Discord, nothing but the notes needed.
  if (dryRun) {
    io.out(JSON.stringify(commandBody(knowledgeDir, clear), null, 2) + '\n');
    return 0;
  }

  const problems: string[] = [];
  const config = parseDiscordConfig(env, problems);
  if (!config && problems.length === 0) problems.push('DISCORD_TOKEN is missing (Developer Portal → your application → Bot → Reset Token)');
  const guildId = guildArg ?? config?.guildId;
  if (guildArg !== undefined && !/^\d{17,20}$/.test(guildArg)) problems.push(`--guild must be a numeric server id (got "${guildArg}")`);
  if (!global && guildId === undefined) problems.push('set DISCORD_GUILD_ID (or pass --guild ID) to register to one server, or pass --global');
  if (!config || problems.length > 0) {
    io.err(`Cannot register the commands:\n${problems.map(p => `  - ${p}`).join('\n')}\n`);
    return 78;
  }

  const body = commandBody(knowledgeDir, clear);
  const where = global ? 'globally' : `to server ${guildId}`;
  const rest = new REST(config.apiUrl ? { api: config.apiUrl } : {}).setToken(config.token);
  const route = global ? Routes.applicationCommands(config.applicationId) : Routes.applicationGuildCommands(config.applicationId, guildId!);
  try {
    const result = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
    if (clear) {
      io.out(`Removed the commands registered ${where}.\n`);
      return 0;
    }
    io.out(`Registered ${result.length} commands ${where}: ${result.map(c => `/${c.name}`).join(' ')}\n`);
    io.out(global ? 'Global commands can take a moment to show up in every server.\n' : 'They are usable in that server now.\n');
    io.out(`Invite the bot with: ${inviteUrl(config.applicationId)}\n`);
    return 0;
  } catch (error) {
    logger.error({ err: errorContext(error), where }, 'register-commands: Discord refused');
    io.err(`Discord refused to register the commands ${where}: ${explain(error)}\n`);
    return 1;
  }
}

/** The command list PUT to Discord (empty for --clear), with the topic choices of the notes in `knowledgeDir`. */
function commandBody(knowledgeDir: string, clear: boolean) {
  if (clear) return [];
  const knowledge = loadKnowledge(knowledgeDir);
  const store = openSqliteStore(':memory:');
  const core = createCore({ knowledge, store, clock: systemClock(), random: systemRandom(), logger: silentLogger, poster: { post: async () => {} } });
  try {
    return commandDefinitions(COMMANDS.map(c => c.spec), coreTopics(core.services));
  } finally {
    core.shutdown();
    store.close();
  }
}

function explain(error: unknown): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) return 'DISCORD_TOKEN was not accepted (401). Reset the token in the Developer Portal and set it again.';
    if (error.code === 50001) return 'missing access (50001): is the bot in that server, invited with the applications.commands scope?';
    if (error.status === 403) return `forbidden (${error.code}): DISCORD_APPLICATION_ID may not belong to this token.`;
    return `${error.message} (HTTP ${error.status}, code ${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
