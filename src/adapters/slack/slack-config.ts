import type { Env } from '../../env.ts';

/** How the bot receives Slack's requests. */
export type SlackMode = 'socket' | 'http';

export interface SlackConfig {
  /** `socket`: outbound WebSocket with SLACK_APP_TOKEN (no public URL). `http`: Slack POSTs to `/slack/events`. */
  readonly mode: SlackMode;
  /** `xoxb-…`, the bot token from OAuth & Permissions. */
  readonly botToken: string;
  /** `xapp-…` with `connections:write` (Socket Mode only). */
  readonly appToken?: string;
  /** From Basic Information → App Credentials (HTTP mode only). */
  readonly signingSecret?: string;
  /** HTTP mode: the port for `/slack/events` and `/healthz` (0 = any free port, logged at start). */
  readonly port: number;
  /** Web API base URL ending in `/api/` (GovSlack, a proxy, or a local fake in tests); Slack's when absent. */
  readonly apiUrl?: string;
}

export const DEFAULT_SLACK_PORT = 3000;

/** The settings that make the Slack adapter start; any one of them set means "the operator wants Slack". */
const SLACK_KEYS = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_PORT', 'SLACK_API_URL'] as const;

/**
 * Reads the SLACK_* settings. Returns undefined when none is set (Slack is off). Otherwise pushes
 * every missing, malformed or contradictory setting onto `problems` (config.ts reports them all in
 * one start-up error) and returns what it could read. Values are never put into a problem text:
 * a pasted token must not end up in a terminal or a log.
 */
export function parseSlackConfig(env: Env, problems: string[]): SlackConfig | undefined {
  const str = (name: (typeof SLACK_KEYS)[number]) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  if (SLACK_KEYS.every(k => str(k) === undefined)) return undefined;

  const botToken = str('SLACK_BOT_TOKEN');
  const appToken = str('SLACK_APP_TOKEN');
  const signingSecret = str('SLACK_SIGNING_SECRET');
  const rawPort = str('SLACK_PORT');
  const rawApiUrl = str('SLACK_API_URL');
  const set = SLACK_KEYS.filter(k => str(k) !== undefined).join(', ');

  if (!botToken) {
    problems.push(`SLACK_BOT_TOKEN is missing (${set} ${set.includes(',') ? 'are' : 'is'} set): copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page`);
  } else if (!botToken.startsWith('xoxb-')) {
    problems.push('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-" (OAuth & Permissions → Bot User OAuth Token)');
  }
  if (appToken && !appToken.startsWith('xapp-')) {
    problems.push('SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (Basic Information → App-Level Tokens, scope connections:write)');
  }
  if (signingSecret && !/^[0-9a-f]{16,}$/i.test(signingSecret)) {
    problems.push('SLACK_SIGNING_SECRET does not look like a signing secret (hex characters, from Basic Information → App Credentials)');
  }
  if (appToken && signingSecret) {
    problems.push(
      'SLACK_APP_TOKEN and SLACK_SIGNING_SECRET are both set: choose one way to receive events. Socket Mode (no public URL): keep SLACK_APP_TOKEN and remove SLACK_SIGNING_SECRET. HTTP mode (/slack/events): keep SLACK_SIGNING_SECRET and remove SLACK_APP_TOKEN',
    );
  } else if (!appToken && !signingSecret) {
    problems.push(
      'Slack needs SLACK_APP_TOKEN (Socket Mode, no public URL: the usual choice) or SLACK_SIGNING_SECRET (HTTP mode, Slack POSTs to /slack/events)',
    );
  }

  let port = DEFAULT_SLACK_PORT;
  if (rawPort !== undefined) {
    const n = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || n > 65_535) problems.push(`SLACK_PORT must be a whole number from 0 to 65535 (got "${rawPort}")`);
    else port = n;
    if (appToken && !signingSecret) problems.push('SLACK_PORT is only used in HTTP mode (SLACK_SIGNING_SECRET); Socket Mode opens no port: remove SLACK_PORT');
  }

  let apiUrl: string | undefined;
  if (rawApiUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(rawApiUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
      problems.push('SLACK_API_URL must be an http(s) URL of the Web API, such as https://slack-gov.com/api/');
    } else {
      apiUrl = url.href.endsWith('/') ? url.href : `${url.href}/`;
    }
  }

  return {
    mode: signingSecret && !appToken ? 'http' : 'socket',
    botToken: botToken ?? '',
    ...(appToken ? { appToken } : {}),
    ...(signingSecret ? { signingSecret } : {}),
    port,
    ...(apiUrl ? { apiUrl } : {}),
  };
}
