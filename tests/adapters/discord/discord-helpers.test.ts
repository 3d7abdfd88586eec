import { describe, expect, it } from 'vitest';
import { safeUrl } from '../../../src/adapters/discord/api-errors.ts';
import { DiscordBot, intentsFor, shardIdOf } from '../../../src/adapters/discord/discord-bot.ts';
import { langOf } from '../../../src/adapters/discord/discord-invocation.ts';
import { BOT_PERMISSIONS, inviteUrl } from '../../../src/adapters/discord/invite.ts';
import { stripMentions } from '../../../src/adapters/discord/message-handler.ts';
import { FAKE_TOKEN } from './harness.ts';

describe('Discord adapter helpers', () => {
  it('shardIdOf follows Discord: (guild_id >> 22) % shards; DMs on shard 0', () => {
    expect(shardIdOf('41771983423143937', 1)).toBe(0);
    expect(shardIdOf(String((5n << 22n) | 123n), 2)).toBe(1);
    expect(shardIdOf(String((6n << 22n) | 123n), 4)).toBe(2);
    expect(shardIdOf('dm', 8)).toBe(0);
  });

  it('a shard process schedules only its guilds, and nothing of other platforms', () => {
    const make = (shardProcess?: { ids: number[]; count: number }) =>
      new DiscordBot({ config: { token: FAKE_TOKEN, applicationId: '1', messageContent: false, ...(shardProcess ? { shardProcess } : {}) }, core: fakeCore(), logger: silent });
    const onShard1 = { platform: 'discord' as const, workspace: String(5n << 22n), channel: 'c' };
    const slack = { platform: 'slack' as const, workspace: 'T1', channel: 'C1' };
    const single = make();
    expect(single.owns(onShard1)).toBe(true);
    expect(single.owns(slack)).toBe(true);
    const shard0 = make({ ids: [0], count: 2 });
    expect(shard0.owns(onShard1)).toBe(false);
    expect(shard0.owns({ ...onShard1, workspace: 'dm' })).toBe(true);
    expect(shard0.owns(slack)).toBe(false);
    expect(make({ ids: [1], count: 2 }).owns(onShard1)).toBe(true);
    for (const bot of [single, shard0]) void bot.client.destroy();
  });

  it('asks for Message Content only when the setting is on', () => {
    expect(intentsFor({ messageContent: false })).not.toContain(1 << 15);
    expect(intentsFor({ messageContent: true })).toContain(1 << 15);
  });

  it('strips mentions of the bot (user, nickname and its role) but keeps others', () => {
    expect(stripMentions('<@123> what is <@!123> the GIL <@&77>? <@456>', '123', ['77'])).toBe('what is the GIL ? <@456>');
  });

  it('removes interaction and webhook tokens from URLs', () => {
    expect(safeUrl('https://discord.com/api/v10/interactions/1/aW50ZXJhY3Rpb246/callback')).toBe('https://discord.com/api/v10/interactions/1/:token/callback');
    expect(safeUrl('/webhooks/9/tok.en-x/messages/@original')).toBe('/webhooks/9/:token/messages/@original');
  });

  it('reply language from the Discord locale', () => {
    expect(langOf('zh-CN')).toBe('zh');
    expect(langOf('zh-TW')).toBe('zh');
    expect(langOf('en-GB')).toBe('en');
    expect(langOf(undefined, 'zh')).toBe('zh');
  });

  it('the invite URL asks for bot + applications.commands and exactly the permissions the README lists', () => {
    expect(BOT_PERMISSIONS.toArray().sort()).toEqual(['AddReactions', 'EmbedLinks', 'ReadMessageHistory', 'SendMessages', 'SendMessagesInThreads', 'ViewChannel']);
    const url = new URL(inviteUrl('100000000000000000'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('permissions')).toBe('274877992000');
  });
});

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

function fakeCore(): any {
  return { dispatcher: {}, services: { quiz: { topics: () => [] }, answerer: { topics: () => [] } } };
}

describe('start-up failures', () => {
  it('a refused Message Content intent says which setting and where to turn it on', async () => {
    const { startHarness } = await import('./harness.ts');
    await expect(startHarness({ messageContent: true, disallowedIntents: 1 << 15 })).rejects.toThrow(/Message Content Intent.*DISCORD_MESSAGE_CONTENT=off/);
  });

  it('a refused token says to reset DISCORD_TOKEN', async () => {
    const { explainLoginError } = await import('../../../src/adapters/discord/discord-bot.ts');
    expect(explainLoginError(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' }))).toMatch(/DISCORD_TOKEN was not accepted/);
  });
});
