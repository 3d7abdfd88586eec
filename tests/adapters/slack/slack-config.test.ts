import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { parseSlackConfig } from '../../../src/adapters/slack/slack-config.ts';

const BOT = 'xoxb-1111-2222-abcdefABCDEF';
const APP = 'xapp-1-A111-2222-abcdef';
const SECRET = 'e3b0c44298fc1c149afbf4c8996fb924';

function parse(env: Record<string, string>) {
  const problems: string[] = [];
  const config = parseSlackConfig(env, problems);
  return { config, problems };
}

describe('parseSlackConfig', () => {
  it('is off when no SLACK_* setting is present', () => {
    expect(parse({})).toEqual({ config: undefined, problems: [] });
    expect(parse({ SLACK_BOT_TOKEN: '  ' })).toEqual({ config: undefined, problems: [] });
  });

  it('reads Socket Mode from a bot token and an app token', () => {
    const { config, problems } = parse({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP });
    expect(problems).toEqual([]);
    expect(config).toEqual({ mode: 'socket', botToken: BOT, appToken: APP, port: 3000 });
  });

  it('reads HTTP mode from a bot token and a signing secret, with SLACK_PORT and SLACK_API_URL', () => {
    const { config, problems } = parse({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_PORT: '0', SLACK_API_URL: 'http://127.0.0.1:9999/api' });
    expect(problems).toEqual([]);
    expect(config).toEqual({ mode: 'http', botToken: BOT, signingSecret: SECRET, port: 0, apiUrl: 'http://127.0.0.1:9999/api/' });
  });

  it('names a missing bot token and a missing way to receive events', () => {
    const { problems } = parse({ SLACK_PORT: '3000' });
    expect(problems.join('\n')).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(problems.join('\n')).toMatch(/SLACK_APP_TOKEN \(Socket Mode.*SLACK_SIGNING_SECRET \(HTTP mode/);
  });

  it('refuses both modes at once, and SLACK_PORT with Socket Mode', () => {
    expect(parse({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_SIGNING_SECRET: SECRET }).problems.join('\n')).toMatch(/both set/);
    expect(parse({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP, SLACK_PORT: '3000' }).problems.join('\n')).toMatch(/SLACK_PORT is only used in HTTP mode/);
  });

  it('names malformed tokens, port and URL without echoing the secret values', () => {
    const env = { SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_APP_TOKEN: 'xoxb-wrong-kind', SLACK_PORT: '70000', SLACK_API_URL: 'ftp://example' };
    const { problems } = parse(env);
    const text = problems.join('\n');
    expect(text).toMatch(/SLACK_BOT_TOKEN must be a bot token/);
    expect(text).toMatch(/SLACK_APP_TOKEN must be an app-level token/);
    expect(text).toMatch(/SLACK_PORT must be a whole number/);
    expect(text).toMatch(/SLACK_API_URL must be an http\(s\) URL/);
    expect(text).not.toContain('xoxp-user-token-secret');
    expect(text).not.toContain('xoxb-wrong-kind');
  });

  it('reports every problem in one start-up error through loadConfig', () => {
    let error: unknown;
    try {
      loadConfig({ SLACK_APP_TOKEN: 'nope', SLACK_SIGNING_SECRET: 'zz' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/SLACK_BOT_TOKEN is missing/);
    expect(message).toMatch(/SLACK_APP_TOKEN must be/);
    expect(message).toMatch(/SLACK_SIGNING_SECRET does not look like/);
    expect(message).toMatch(/both set/);
  });
});
