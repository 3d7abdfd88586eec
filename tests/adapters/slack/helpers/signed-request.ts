import crypto from 'node:crypto';

/** A signing secret for tests (32 hex characters, like Slack's). */
export const TEST_SIGNING_SECRET = 'e3b0c44298fc1c149afbf4c8996fb924';

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPostOptions {
  readonly secret?: string;
  /** Seconds since the epoch; now by default. */
  readonly timestamp?: number;
  /** Overrides the computed signature (to send a bad one). */
  readonly signature?: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

export interface SignedResponse {
  readonly status: number;
  readonly body: string;
  /** Milliseconds from sending to the complete response. */
  readonly ms: number;
}

/** POSTs `body` to the bot with Slack's signature headers, like Slack does. */
export async function postSigned(url: string, body: string, options: SignedPostOptions = {}): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const started = Date.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': options.contentType ?? 'application/json',
      'X-Slack-Request-Timestamp': String(timestamp),
      'X-Slack-Signature': options.signature ?? slackSignature(options.secret ?? TEST_SIGNING_SECRET, timestamp, body),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, ms: Date.now() - started };
}

// --- payloads, shaped like Slack's ---

export interface CommandFields {
  readonly command: string;
  readonly text?: string;
  readonly user_id?: string;
  readonly user_name?: string;
  readonly channel_id?: string;
  readonly team_id?: string;
  readonly response_url: string;
}

/** A slash command request body (form-encoded). */
export function commandBody(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: fields.team_id ?? 'T1',
    team_domain: 'fake',
    channel_id: fields.channel_id ?? 'C1',
    channel_name: 'practice',
    user_id: fields.user_id ?? 'U1',
    user_name: fields.user_name ?? 'alice',
    command: fields.command,
    text: fields.text ?? '',
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: '1.2.3',
  }).toString();
}

let eventCounter = 0;

/** A unique event id, like Slack's `Ev…`. */
export function newEventId(): string {
  return `Ev${Date.now().toString(36).toUpperCase()}${(++eventCounter).toString().padStart(4, '0')}`;
}

/** An Events API callback body (JSON). */
export function eventBody(event: Record<string, unknown>, options: { eventId?: string; teamId?: string } = {}): string {
  return JSON.stringify(eventEnvelope(event, options));
}

export function eventEnvelope(event: Record<string, unknown>, options: { eventId?: string; teamId?: string } = {}): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: options.teamId ?? 'T1',
    api_app_id: 'A1',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: options.eventId ?? newEventId(),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: options.teamId ?? 'T1', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

let tsCounter = 0;

/** A message timestamp, unique within the run. */
export function newTs(): string {
  return `${1_700_000_000 + ++tsCounter}.${String(tsCounter).padStart(6, '0')}`;
}

/** An app_mention event: `<@UBOT> text`. */
export function mentionEvent(text: string, fields: { user?: string; channel?: string; ts?: string; thread_ts?: string; botUserId?: string } = {}): Record<string, unknown> {
  const ts = fields.ts ?? newTs();
  return {
    type: 'app_mention',
    user: fields.user ?? 'U1',
    text: `<@${fields.botUserId ?? 'UBOT'}> ${text}`,
    ts,
    channel: fields.channel ?? 'C1',
    ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
  };
}

/** A message event in a channel (`channel`) or a DM (`im`). */
export function messageEvent(
  text: string,
  fields: { user?: string; channel?: string; channel_type?: string; ts?: string; thread_ts?: string; bot_id?: string; subtype?: string } = {},
): Record<string, unknown> {
  return {
    type: 'message',
    channel_type: fields.channel_type ?? 'channel',
    ...(fields.user !== undefined || fields.bot_id === undefined ? { user: fields.user ?? 'U1' } : {}),
    text,
    ts: fields.ts ?? newTs(),
    channel: fields.channel ?? 'C1',
    ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
    ...(fields.bot_id ? { bot_id: fields.bot_id } : {}),
    ...(fields.subtype ? { subtype: fields.subtype } : {}),
  };
}

export interface ButtonClick {
  /** The button's value: the core's encoded action. */
  readonly value: string;
  readonly actionId?: string;
  readonly user?: string;
  readonly userName?: string;
  readonly channel?: string;
  readonly response_url: string;
  readonly messageTs?: string;
  readonly threadTs?: string;
  /** The button was on an ephemeral message (no `message` in the payload). */
  readonly ephemeral?: boolean;
}

/** A block_actions payload for clicking a button, as the form field `payload`. */
export function buttonClickBody(fields: ButtonClick): string {
  return new URLSearchParams({ payload: JSON.stringify(blockActionsPayload(fields)) }).toString();
}

export function blockActionsPayload(fields: ButtonClick): Record<string, unknown> {
  const channel = fields.channel ?? 'C1';
  const messageTs = fields.messageTs ?? newTs();
  return {
    type: 'block_actions',
    user: { id: fields.user ?? 'U1', username: fields.userName ?? 'alice', name: fields.userName ?? 'alice', team_id: 'T1' },
    api_app_id: 'A1',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: channel,
      is_ephemeral: fields.ephemeral ?? false,
      ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}),
    },
    trigger_id: '1.2.3',
    team: { id: 'T1', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'practice' },
    ...(fields.ephemeral ? {} : { message: { type: 'message', ts: messageTs, text: '', ...(fields.threadTs ? { thread_ts: fields.threadTs } : {}) } }),
    state: { values: {} },
    response_url: fields.response_url,
    actions: [
      {
        action_id: fields.actionId ?? 'ib.0',
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: fields.value,
        type: 'button',
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}
