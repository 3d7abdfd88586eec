import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_EVENTS, BOT_SCOPES } from '../../../src/adapters/slack/slack-app-spec.ts';
import { COMMANDS } from '../../../src/core/create-core.ts';
import { pick } from '../../../src/core/language.ts';

const manifest = parse(fs.readFileSync('manifest.yml', 'utf8'));

describe('manifest.yml', () => {
  it('asks for exactly the scopes and events the adapter uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(Object.keys(BOT_SCOPES).sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it('declares one slash command per core command, described and hinted from its spec', () => {
    const commands = manifest.features.slash_commands as { command: string; description: string; usage_hint?: string }[];
    expect(commands.map(c => c.command)).toEqual(COMMANDS.map(c => `/${c.spec.name}`));
    for (const { spec } of COMMANDS) {
      const declared = commands.find(c => c.command === `/${spec.name}`)!;
      expect(declared.description).toBe(pick(spec.description, 'en'));
      const hint = spec.usage.map(u => u.replace(new RegExp(`^/${spec.name}\\s*`), '')).filter(Boolean).join(' | ');
      expect(declared.usage_hint ?? '').toBe(hint);
    }
  });

  it('enables what the adapter needs: buttons, DMs to the bot, and Socket Mode by default', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
  });
});
