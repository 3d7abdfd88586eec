import { App, HTTPReceiver, SocketModeReceiver, webApi, type CustomRoute, type Receiver } from '@slack/bolt';
import type { AddressInfo } from 'node:net';
import { RejectedSettingError } from '../../env.ts';
import type { Core } from '../../core/create-core.ts';
import type { Logger } from '../../core/ports.ts';
import type { Poster } from '../../core/services.ts';
import { boltLogger } from './bolt-logger.ts';
import type { SlackDeps } from './deliver-replies.ts';
import { EventDedupe } from './event-dedupe.ts';
import { guardRequestBodies } from './guard-body.ts';
import { USER_LOOKUP_LIMITS, UserDirectory } from './invocation.ts';
import { registerActions } from './register-actions.ts';
import { registerCommands } from './register-commands.ts';
import { registerEvents } from './register-events.ts';
import type { SlackConfig } from './slack-config.ts';
import { errorCode, SlackPoster } from './slack-poster.ts';

/** Knobs for tests and unusual deployments; the defaults are what production wants. */
export interface SlackTuning {
  /** HTTP mode: the interface to listen on (all interfaces by default). */
  readonly host?: string;
  /** Least time between two messages to one channel (ms). */
  readonly minPostIntervalMs?: number;
  /**
   * Web API retries for network errors and 5xx, for every call except the poster's (429s are handled
   * by the poster either way; the poster's client never retries, see below).
   */
  readonly webApiRetries?: number;
  /** The poster's waits before re-sending a message whose answer was lost (see SlackPoster). */
  readonly postRetryDelaysMs?: readonly number[];
  /** Web API request timeout (ms). */
  readonly webApiTimeoutMs?: number;
  /** users.info timeout (ms); USER_LOOKUP_LIMITS.timeoutMs by default. */
  readonly userLookupTimeoutMs?: number;
}

export interface StartSlackOptions {
  readonly config: SlackConfig;
  readonly core: Core;
  /** main.ts's RoutingPoster: the Slack poster is registered on it for quiz and daily posts. */
  readonly poster: { register(platform: 'slack', poster: Poster): void };
  readonly logger: Logger;
  readonly tuning?: SlackTuning;
}

export interface RunningSlack {
  readonly name: 'slack';
  readonly mode: SlackConfig['mode'];
  /** HTTP mode: the port actually listened on (useful with SLACK_PORT=0). */
  readonly port?: number;
  readonly botUserId: string | undefined;
  /** Stops receiving, then waits (up to 5 s) for queued messages to go out. */
  stop(): Promise<void>;
}

/** A clear start-up failure (bad token, Slack unreachable); main.ts prints it and exits. */
export class SlackStartError extends Error {
  override readonly name = 'SlackStartError';
}

/**
 * Starts the Slack adapter: checks the bot token (auth.test), builds the Bolt App with Socket Mode
 * or the HTTP receiver (with `GET /healthz`), registers the command, event and action listeners,
 * and registers the Slack poster for the core's own posts. `SLACK_API_URL` points every Web API
 * call (and Socket Mode's apps.connections.open) elsewhere.
 */
export async function startSlack(options: StartSlackOptions): Promise<RunningSlack> {
  const { config, core, logger, tuning = {} } = options;
  const bolt = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    logger: bolt,
    // A 429 reaches our poster, which waits for Retry-After and retries that message only.
    rejectRateLimitedCalls: true,
    timeout: tuning.webApiTimeoutMs ?? 15_000,
    // This client retries 5xx and timeouts by itself (safe for reads such as users.info; the poster
    // uses a client without retries); log each failed try as it happens, so an outage shows in the
    // log at once rather than when the last retry gives up.
    retryConfig: {
      ...(tuning.webApiRetries !== undefined ? { retries: tuning.webApiRetries } : webApi.retryPolicies.tenRetriesInAboutThirtyMinutes),
      onFailedAttempt: (error: { attemptNumber?: number; retriesLeft?: number; message?: string }) => {
        if ((error.retriesLeft ?? 0) > 0)
          logger.warn({ attempt: error.attemptNumber, retriesLeft: error.retriesLeft, error: error.message }, 'Slack Web API call failed; retrying');
      },
    } as webApi.WebClientOptions['retryConfig'],
  };

  // Start-up fails fast (a supervisor restarts the process) instead of retrying for half an hour.
  const probe = new webApi.WebClient(config.botToken, { ...clientOptions, retryConfig: { retries: tuning.webApiRetries ?? 2, maxTimeout: 2_000 } });
  let botUserId: string | undefined;
  let botId: string | undefined;
  try {
    const auth = await probe.auth.test();
    botUserId = auth.user_id;
    botId = auth.bot_id;
    logger.info({ team: auth.team_id, botUserId, botId }, 'Slack bot token accepted');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'invalid_auth' || code === 'not_authed' || code === 'token_revoked' || code === 'account_inactive') {
      // A setting to fix, not an outage: main.ts exits 78 with this one line.
      throw new RejectedSettingError(`Slack did not start: SLACK_BOT_TOKEN was rejected: copy the Bot User OAuth Token (xoxb-…) again after installing the app to the workspace (${code})`);
    }
    throw new SlackStartError(`Slack did not start: could not reach the Slack Web API${config.apiUrl ? ` at SLACK_API_URL ${config.apiUrl}` : ''} (${code})`);
  }

  const receiver: Receiver =
    config.mode === 'http'
      ? httpReceiver(config.signingSecret ?? '', bolt, logger)
      : new SocketModeReceiver({
          appToken: config.appToken ?? '',
          logger: bolt,
          installerOptions: { clientOptions: config.apiUrl ? { slackApiUrl: config.apiUrl } : {} },
        });

  const app = new App({
    token: config.botToken,
    receiver,
    logger: bolt,
    clientOptions,
    tokenVerificationEnabled: false,
    ...(botUserId ? { botUserId } : {}),
    ...(botId ? { botId } : {}),
    convoStore: false,
    ignoreSelf: true,
  });
  app.error(async error => {
    logger.error({ code: (error as { code?: string }).code, message: error.message }, 'Slack listener error');
  });

  // The poster gets a client of its own that never retries: a chat.postMessage whose answer was lost
  // (timeout, reset, 5xx) may have been posted, and re-sending it blindly posts it twice. The poster
  // retries itself, after checking (slack-poster.ts). Every other call keeps app.client's retries.
  const posterClient = new webApi.WebClient(config.botToken, { ...clientOptions, retryConfig: { retries: 0 } });
  const poster = new SlackPoster({
    client: posterClient,
    logger,
    ...(tuning.minPostIntervalMs !== undefined ? { minIntervalMs: tuning.minPostIntervalMs } : {}),
    ...(tuning.postRetryDelaysMs !== undefined ? { retryDelaysMs: tuning.postRetryDelaysMs } : {}),
  });
  const deps: SlackDeps = {
    dispatcher: core.dispatcher,
    // users.info is optional: its own client, bounded by USER_LOOKUP_LIMITS.timeoutMs and never retrying
    // (app.client retries for about 30 minutes, which held every answer up during an outage).
    users: new UserDirectory({
      client: new webApi.WebClient(config.botToken, { ...clientOptions, timeout: tuning.userLookupTimeoutMs ?? USER_LOOKUP_LIMITS.timeoutMs, retryConfig: { retries: 0 } }),
      logger,
      ...(tuning.userLookupTimeoutMs !== undefined ? { timeoutMs: tuning.userLookupTimeoutMs } : {}),
    }),
    poster,
    dedupe: sharedDedupe(new EventDedupe(), core.services.store.events),
    logger,
    botUserId,
    botId,
    commands: [...core.services.commands.keys()],
  };
  registerEvents(app, deps);
  registerCommands(app, deps);
  registerActions(app, deps);

  let port: number | undefined;
  try {
    if (config.mode === 'http') {
      const server = (await app.start({ port: config.port, ...(tuning.host ? { host: tuning.host } : {}) })) as { address(): AddressInfo | string | null };
      const address = server.address();
      port = typeof address === 'object' && address ? address.port : config.port;
      logger.info({ mode: 'http', port, path: '/slack/events' }, 'Slack adapter listening');
    } else {
      await app.start();
      logger.info({ mode: 'socket' }, 'Slack adapter connected (Socket Mode)');
    }
  } catch (error) {
    const code = errorCode(error);
    await Promise.resolve()
      .then(() => app.stop())
      .catch(() => undefined);
    throw new SlackStartError(
      config.mode === 'http'
        ? `Slack did not start: could not listen on SLACK_PORT ${config.port} (${code})`
        : `Slack did not start: Socket Mode could not connect; check SLACK_APP_TOKEN (xapp-… with connections:write) and that Socket Mode is on for the app (${code})`,
    );
  }

  options.poster.register('slack', poster);

  let stopped = false;
  return {
    name: 'slack',
    mode: config.mode,
    ...(port !== undefined ? { port } : {}),
    botUserId,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await app.stop();
      } catch (error) {
        logger.warn({ code: errorCode(error) }, 'Slack receiver did not stop cleanly');
      }
      await Promise.race([poster.drain(), new Promise(resolve => setTimeout(resolve, 5_000).unref())]);
      logger.info({}, 'Slack adapter stopped');
    },
  };
}

/** Bolt's HTTP receiver at `/slack/events`, with `/healthz`, answering a signed body that is not an object with 400. */
function httpReceiver(signingSecret: string, bolt: ReturnType<typeof boltLogger>, logger: Logger): HTTPReceiver {
  const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', customRoutes: [healthRoute()], logger: bolt, processBeforeResponse: false });
  guardRequestBodies(receiver, { signingSecret, endpoints: ['/slack/events'], logger });
  return receiver;
}

/** `GET /healthz` → 200 `ok` on the same server as `/slack/events` (HTTP mode). */
function healthRoute(): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
    },
  };
}

/**
 * This process's memory first (a retry to the same replica costs no database call), then the shared
 * store's, where another replica may have taken the event already (a retry behind a load balancer).
 */
function sharedDedupe(local: EventDedupe, shared: { firstTime(id: string): boolean } | undefined): { firstTime(id: string): boolean } {
  if (!shared) return local;
  return { firstTime: id => local.firstTime(id) && shared.firstTime(id) };
}
