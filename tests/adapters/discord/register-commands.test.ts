import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Args } from '../../../src/cli/args.ts';
import { registerCommandsCli } from '../../../src/cli/register-commands.ts';
import { silentLogger } from '../../../src/core/ports.ts';
import { FakeDiscord, snowflake } from '../../support/fake-discord.ts';
import { FAKE_TOKEN, KNOWLEDGE_MINI } from './harness.ts';

/** `npm run register-commands` (src/cli/register-commands.ts) against the local fake through DISCORD_API_URL. */
describe('register-commands', () => {
  let fake: FakeDiscord;
  const applicationId = snowflake();
  const guildId = snowflake();
  beforeAll(async () => {
    fake = await FakeDiscord.start({ applicationId, bot: { id: applicationId, username: 'InterviewBot', bot: true }, guilds: [] });
  });
  afterAll(async () => {
    await fake?.close();
  });

  const run = async (argv: string[], env: Record<string, string>) => {
    let out = '';
    let err = '';
    const code = await registerCommandsCli(new Args(argv), silentLogger, { KNOWLEDGE_DIR: KNOWLEDGE_MINI, ...env }, { out: t => (out += t), err: t => (err += t) });
    return { code, out, err };
  };
  const env = () => ({ DISCORD_TOKEN: FAKE_TOKEN, DISCORD_APPLICATION_ID: applicationId, DISCORD_API_URL: fake.apiUrl });

  it('PUTs every command to the guild of DISCORD_GUILD_ID (instant), with the bot token, and prints the invite URL', async () => {
    const { code, out } = await run([], { ...env(), DISCORD_GUILD_ID: guildId });
    expect(code).toBe(0);
    const [put] = fake.find('PUT', `/applications/${applicationId}/guilds/${guildId}/commands`);
    expect(put!.headers.authorization).toBe(`Bot ${FAKE_TOKEN}`);
    expect(put!.body.map((c: any) => c.name).sort()).toEqual(['ask', 'daily', 'help', 'quiz', 'topics']);
    const quizTopic = put!.body.find((c: any) => c.name === 'quiz').options[0].options.find((o: any) => o.name === 'topic');
    expect(quizTopic.choices.map((c: any) => c.value)).toContain('language');
    expect(out).toContain('Registered 5 commands');
    expect(out).toContain(`client_id=${applicationId}`);
    expect(out).toContain('scope=bot+applications.commands');
    expect(out).toContain('permissions=274877992000');
    expect(out).not.toContain(FAKE_TOKEN);
  });

  it('--global PUTs to the application commands', async () => {
    const { code } = await run(['--global'], { ...env(), DISCORD_GUILD_ID: guildId });
    expect(code).toBe(0);
    expect(fake.find('PUT', `/applications/${applicationId}/commands`)).toHaveLength(1);
  });

  it('--clear removes the commands of a guild', async () => {
    const { code, out } = await run(['--clear'], { ...env(), DISCORD_GUILD_ID: guildId });
    expect(code).toBe(0);
    expect(fake.find('PUT', `/applications/${applicationId}/guilds/${guildId}/commands`).at(-1)!.body).toEqual([]);
    expect(out).toContain('Removed');
  });

  it('says what is missing, and what Discord refused', async () => {
    const missing = await run([], env());
    expect(missing.code).toBe(78);
    expect(missing.err).toContain('DISCORD_GUILD_ID');
    const noToken = await run(['--global'], {});
    expect(noToken.code).toBe(78);
    expect(noToken.err).toContain('DISCORD_TOKEN');
    const refused = await run(['--global'], { ...env(), DISCORD_APPLICATION_ID: '100000000000000001' });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('missing access');
  });

  it('--dry-run prints the JSON without calling Discord', async () => {
    const before = fake.requests.length;
    const { code, out } = await run(['--dry-run', '--global'], env());
    expect(code).toBe(0);
    expect(JSON.parse(out)).toHaveLength(5);
    expect(fake.requests.length).toBe(before);
  });

  it('--dry-run needs no token, application id or server: it only shows the commands', async () => {
    for (const argv of [['--dry-run'], ['--dry-run', '--global']]) {
      const { code, out, err } = await run(argv, {});
      expect(code, err).toBe(0);
      expect(err).toBe('');
      const body = JSON.parse(out) as { name: string }[];
      expect(body.map(c => c.name).sort()).toEqual(['ask', 'daily', 'help', 'quiz', 'topics']);
    }
  });
});
