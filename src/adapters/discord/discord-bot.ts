import { Client, DefaultRestOptions, Events, GatewayIntentBits, Partials, type ClientOptions, type RESTOptions } from 'discord.js';
import { RejectedSettingError } from '../../env.ts';
import type { Core } from '../../core/create-core.ts';
import { t } from '../../core/messages.ts';
import type { Logger } from '../../core/ports.ts';
import type { Reply } from '../../core/reply/reply.ts';
import type { ChannelRef } from '../../core/services.ts';
import { errorContext, safeUrl } from './api-errors.ts';
import { guardGatewayPackets } from './packet-guard.ts';
import { coreTopics } from './command-definitions.ts';
import type { DiscordConfig } from './discord-config.ts';
import { DM_WORKSPACE } from './discord-invocation.ts';
import type { RetryOptions } from './delivery.ts';
import { DiscordPoster } from './discord-poster.ts';
import { InteractionHandler } from './interaction-handler.ts';
import { MessageHandler } from './message-handler.ts';
import { NO_MENTIONS, type RenderOptions } from './render-discord.ts';
import { logNetworkFailures, logRestActivity } from './rest-logging.ts';

export interface DiscordBotOptions {
  readonly config: DiscordConfig;
  readonly core: Core;
  readonly logger: Logger;
  /** Tests shorten the time before an interaction is deferred. */
  readonly deferAfterMs?: number;
  /** Tests shorten the backoff of the poster and of message replies (default 1 s, then 3 s). */
  readonly retry?: RetryOptions;
  /** Tests shorten discord.js's REST timeout (default 15 s) or change its number of retries (3). */
  readonly rest?: Pick<Partial<RESTOptions>, 'timeout' | 'retries'>;
}

/**
 * The intents the bot asks for. Guilds (channels, roles: needed for slash commands in context and
 * for Manage Server), GuildMessages and DirectMessages (mentions and DMs). MessageContent is
 * privileged and only requested when DISCORD_MESSAGE_CONTENT=on.
 */
export function intentsFor(config: Pick<DiscordConfig, 'messageContent'>): GatewayIntentBits[] {
  const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages];
  if (config.messageContent) intents.push(GatewayIntentBits.MessageContent);
  return intents;
}

/** The discord.js Client options: REST base URL from DISCORD_API_URL, never pinging anyone, DMs as partial channels. */
export function clientOptions(config: DiscordConfig): ClientOptions {
  return {
    intents: intentsFor(config),
    // DM channels are not cached until used: without the Channel partial, DMs never reach messageCreate.
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS,
    failIfNotExists: false,
    ...(config.apiUrl ? { rest: { api: config.apiUrl } } : {}),
    ...(config.shardProcess ? { shards: [...config.shardProcess.ids], shardCount: config.shardProcess.count } : {}),
    ...(!config.shardProcess && config.hostShards ? { shards: [...config.hostShards.ids], shardCount: config.hostShards.count } : {}),
  };
}

/** A start-up failure in words a person can act on (the settings involved, where to fix them). */
export function explainLoginError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 'TokenInvalid' || (error as { status?: unknown }).status === 401) {
    return 'DISCORD_TOKEN was not accepted. Reset the token under Developer Portal → your application → Bot, and set it again.';
  }
  if (/disallowed intents|4014/i.test(message) || code === 'DisallowedIntents') {
    return 'Discord refused the Message Content intent. Turn on "Message Content Intent" under Developer Portal → Bot → Privileged Gateway Intents, or set DISCORD_MESSAGE_CONTENT=off.';
  }
  return errorContext(error).message as string;
}

/** Whether a login failure is a setting Discord refused (the token, a privileged intent) rather than an outage. */
export function isRejectedSetting(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  return code === 'TokenInvalid' || (error as { status?: unknown }).status === 401 || code === 'DisallowedIntents' || /disallowed intents|4014|4004/i.test(message);
}

/** Which shard receives a guild's events: (guild_id >> 22) % shard_count; DMs go to shard 0. */
export function shardIdOf(guildId: string, shardCount: number): number {
  if (guildId === DM_WORKSPACE || !/^\d+$/.test(guildId)) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/**
 * One discord.js Client connected to the gateway, wired to the core: interactions and messages in,
 * replies and posts out. In a shard process it runs only its shards (discord.js reads them from
 * the ShardingManager's environment; the config carries the same).
 */
export class DiscordBot {
  readonly client: Client;
  readonly poster: DiscordPoster;
  private readonly logger: Logger;
  private readonly interactions: InteractionHandler;
  private readonly messages: MessageHandler;

  constructor(private readonly options: DiscordBotOptions) {
    const { config, core } = options;
    this.logger = options.logger;
    const base = clientOptions(config);
    const retries = options.rest?.retries ?? DefaultRestOptions.retries;
    this.client = new Client({ ...base, rest: { ...base.rest, ...options.rest, makeRequest: logNetworkFailures(this.logger, () => retries) } });
    const renderOptions = (reply: Reply): RenderOptions =>
      config.messageContent ? {} : { typedAnswerHint: t(reply.lang, 'discord.quiz-mention-hint', { bot: this.client.user?.username ?? 'bot' }) };
    this.poster = new DiscordPoster(this.client, this.logger, renderOptions, options.retry);
    const topicsFor = coreTopics(core.services);
    this.interactions = new InteractionHandler({
      dispatcher: core.dispatcher,
      services: core.services,
      topicsFor,
      logger: this.logger,
      ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    });
    this.messages = new MessageHandler({ dispatcher: core.dispatcher, logger: this.logger, renderOptions, ...(options.retry ? { retry: options.retry } : {}) });
  }

  /** Logs in and resolves once the client is ready (every guild of its shards received). */
  async start(): Promise<void> {
    const { client, logger } = this;
    guardGatewayPackets(client, logger);
    // A handler's unexpected error is logged with what it was handling; the next event is served.
    const unexpected = (what: string, context: object) => (error: unknown) => logger.error({ ...context, err: errorContext(error) }, `discord: ${what} failed unexpectedly`);
    client.on(Events.InteractionCreate, interaction => void this.interactions.handle(interaction).catch(unexpected('an interaction', { interaction: interaction.id })));
    client.on(Events.MessageCreate, message => void this.messages.handle(message).catch(unexpected('a message', { message: message.id, channel: message.channelId })));
    client.on(Events.ShardReady, (id, unavailable) => logger.info({ shard: id, unavailableGuilds: unavailable?.size ?? 0 }, 'discord: shard ready'));
    client.on(Events.ShardReconnecting, id => logger.warn({ shard: id }, 'discord: gateway connection dropped; discord.js is reconnecting'));
    client.on(Events.ShardResume, (id, replayed) => logger.info({ shard: id, replayed }, 'discord: gateway connection resumed'));
    client.on(Events.ShardDisconnect, (event, id) => logger.error({ shard: id, code: event.code }, 'discord: gateway connection closed and will not reconnect'));
    client.on(Events.ShardError, (error, id) => logger.error({ shard: id, err: errorContext(error) }, 'discord: gateway error'));
    client.on(Events.Warn, message => logger.warn({ message: safeUrl(message) }, 'discord: warning'));
    client.on(Events.Error, error => logger.error({ err: errorContext(error) }, 'discord: client error'));
    client.on(Events.GuildCreate, guild => logger.debug({ guild: guild.id }, 'discord: guild available'));
    // discord.js's own waits and retries (429, 5xx, network) are logged; see rest-logging.ts.
    logRestActivity(client.rest, logger);

    const ready = new Promise<void>((resolve, reject) => {
      client.once(Events.ClientReady, () => resolve());
      client.once(Events.ShardDisconnect, event => reject(new Error(`the gateway closed the connection for good (code ${event.code})`)));
    });
    ready.catch(() => {}); // login() may fail first; its error is the one reported
    try {
      await client.login(this.options.config.token);
      await ready;
    } catch (error) {
      const explained = explainLoginError(error);
      await client.destroy();
      // A refused token or intent is a setting to fix: main.ts says it in one line and exits 78.
      if (isRejectedSetting(error)) throw new RejectedSettingError(`Discord: ${explained}`, { cause: error });
      logger.error({ err: errorContext(error) }, `discord: could not connect: ${explained}`);
      throw new Error(`Discord: ${explained}`, { cause: error });
    }
    logger.info(
      { user: client.user?.tag, guilds: client.guilds.cache.size, shards: client.options.shards, messageContent: this.options.config.messageContent },
      'discord: ready',
    );
  }

  /** Whether this process schedules daily posts for a channel ({@link ownsChannel}). */
  owns(channel: ChannelRef): boolean {
    return ownsChannel(this.options.config, channel);
  }

  async stop(): Promise<void> {
    await this.client.destroy();
  }
}

/**
 * Whether a process schedules daily posts for a channel: every Discord channel in one process; in a
 * shard process, or on a host running some of the shards (DISCORD_SHARD_IDS), only the guilds of its
 * shards (and DMs on shard 0); other platforms' channels everywhere but in a shard process (which runs
 * Discord alone).
 */
export function ownsChannel(config: Pick<DiscordConfig, 'shardProcess' | 'hostShards'>, channel: ChannelRef): boolean {
  if (channel.platform !== 'discord') return config.shardProcess === undefined;
  const shards = config.shardProcess ?? config.hostShards;
  if (shards === undefined) return true;
  return shards.ids.includes(shardIdOf(channel.workspace, shards.count));
}
