import path from 'node:path';
import { DiscordBot, type DiscordBotOptions } from '../../../src/adapters/discord/discord-bot.ts';
import type { DiscordConfig } from '../../../src/adapters/discord/discord-config.ts';
import { createCore, type Core } from '../../../src/core/create-core.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import type { Logger, Random } from '../../../src/core/ports.ts';
import { RoutingPoster } from '../../../src/host/routing-poster.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { FaultProxy } from '../../faults/fault-proxy.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { FakeDiscord, snowflake, type FakeGuild, type FakeUser } from '../../support/fake-discord.ts';

export const KNOWLEDGE_MINI = path.resolve('tests/fixtures/knowledge-mini');
/** A syntactically valid token that Discord never issued. */
export const FAKE_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.fake00.not-a-real-token-only-for-the-local-fake';

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly context: Record<string, unknown>;
  readonly message: string | undefined;
}

/** A Logger that keeps every entry (with its child bindings) for assertions. */
export function captureLogger(entries: LogEntry[] = [], bindings: object = {}): Logger & { entries: LogEntry[] } {
  const at = (level: LogEntry['level']) => (context: object, message?: string) => {
    entries.push({ level, context: { ...bindings, ...context } as Record<string, unknown>, message });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b: object) => captureLogger(entries, { ...bindings, ...b }) };
}

import { seededRandom as mulberry32 } from '../../../src/core/ports.ts';

/** A seeded generator (42 by default), so quizzes and rotations are reproducible. */
export function seededRandom(seed = 42): Random {
  return mulberry32(seed);
}

export interface Harness {
  readonly fake: FakeDiscord;
  readonly core: Core;
  readonly clock: FakeClock;
  readonly logger: ReturnType<typeof captureLogger>;
  readonly bot: DiscordBot;
  readonly botUser: FakeUser;
  readonly guild: FakeGuild;
  readonly channelId: string;
  readonly otherChannelId: string;
  readonly dmChannelId: string;
  readonly alice: FakeUser;
  readonly bob: FakeUser;
  readonly applicationId: string;
  /** With `proxy: true`: the fault injector the bot's REST requests go through (the gateway does not). */
  readonly proxy: FaultProxy | undefined;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly messageContent?: boolean;
  readonly deferAfterMs?: number;
  /** 2025-01-06 08:00 UTC, a Monday, unless given. */
  readonly start?: number;
  /** tests/fixtures/knowledge-mini unless given. */
  readonly knowledgeDir?: string;
  /** Intents the fake refuses (close code 4014). */
  readonly disallowedIntents?: number;
  /** Puts a FaultProxy between the bot's REST client and the fake (harness.proxy). */
  readonly proxy?: boolean;
  /** discord.js REST timeout / retries (short timeouts for answers that never come). */
  readonly rest?: DiscordBotOptions['rest'];
  /** Backoff of the bot's poster and message replies (default 1 s, then 3 s). */
  readonly retry?: DiscordBotOptions['retry'];
}

/** The real discord.js Client (through DiscordBot) against the local fake, with a core on the mini knowledge. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const applicationId = snowflake();
  const botUser: FakeUser = { id: applicationId, username: 'InterviewBot', bot: true };
  const alice: FakeUser = { id: snowflake(), username: 'alice', global_name: 'Alice' };
  const bob: FakeUser = { id: snowflake(), username: 'bob', global_name: 'Bob' };
  const channelId = snowflake();
  const otherChannelId = snowflake();
  const dmChannelId = snowflake();
  const guild: FakeGuild = { id: snowflake(), name: 'Interview prep', channels: [{ id: channelId, name: 'general' }, { id: otherChannelId, name: 'quiz' }] };
  const fake = await FakeDiscord.start({ applicationId, bot: botUser, guilds: [guild], dmChannels: [{ id: dmChannelId, recipient: alice }], ...(options.disallowedIntents ? { disallowedIntents: options.disallowedIntents } : {}) });
  const proxy = options.proxy ? await FaultProxy.start(`http://127.0.0.1:${fake.port}`) : undefined;
  const clock = new FakeClock(options.start ?? Date.UTC(2025, 0, 6, 8, 0));
  const logger = captureLogger();
  const poster = new RoutingPoster(logger);
  const store = openSqliteStore(':memory:');
  const core = createCore({ knowledge: loadKnowledge(options.knowledgeDir ?? KNOWLEDGE_MINI), store, clock, random: seededRandom(), logger, poster });
  const config: DiscordConfig = { token: FAKE_TOKEN, applicationId, messageContent: options.messageContent ?? false, apiUrl: proxy ? `${proxy.url}/api` : fake.apiUrl };
  const bot = new DiscordBot({
    config,
    core,
    logger,
    ...(options.deferAfterMs !== undefined ? { deferAfterMs: options.deferAfterMs } : {}),
    ...(options.rest ? { rest: options.rest } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  poster.register('discord', bot.poster);
  try {
    await bot.start();
  } catch (error) {
    core.shutdown();
    store.close();
    await proxy?.close();
    await fake.close();
    throw error;
  }
  return {
    fake,
    core,
    clock,
    logger,
    bot,
    botUser,
    guild,
    channelId,
    otherChannelId,
    dmChannelId,
    alice,
    bob,
    applicationId,
    proxy,
    async close() {
      core.shutdown();
      await bot.stop();
      store.close();
      await proxy?.close();
      await fake.close();
    },
  };
}

/** Every text a message request carries (content, embed titles, descriptions, footers). */
export function textOf(body: any): string {
  const data = body?.data ?? body ?? {};
  const parts: string[] = [data.content ?? ''];
  for (const e of data.embeds ?? []) parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '');
  return parts.filter(Boolean).join('\n');
}

/** The buttons of a message request, flattened. */
export function buttonsOf(body: any): { label: string; custom_id: string; style: number }[] {
  const data = body?.data ?? body ?? {};
  return (data.components ?? []).flatMap((row: any) => row.components ?? []);
}
