import { DefaultRestOptions, RESTEvents, type REST, type RESTOptions } from 'discord.js';
import type { Logger } from '../../core/ports.ts';
import { errorContext, safeUrl } from './api-errors.ts';

type MakeRequest = RESTOptions['makeRequest'];

/**
 * Makes discord.js's REST layer visible in our logs. discord.js retries on its own — a 429 after
 * waiting, a 5xx or a network timeout/reset at once, up to its `retries` option (3) — and says
 * nothing; a request that finally succeeds would leave no trace of Discord having been unwell.
 *
 * Logged: rate-limit waits (debug), every 429 and every 5xx response Discord sent (warn: method,
 * route, status, which try, whether discord.js tries again), too many invalid requests (warn).
 * Never headers (the Authorization header holds the bot token) nor bodies; routes with an
 * interaction or webhook token are masked.
 *
 * Network failures produce no `response` event: see {@link logNetworkFailures}.
 */
export function logRestActivity(rest: REST, logger: Logger): void {
  // discord.js waits out rate limits itself: a wait it foresaw is routine, a 429 Discord sent is worth a warning.
  rest.on(RESTEvents.RateLimited, info =>
    logger.debug({ route: info.route, method: info.method, timeToReset: info.timeToReset, global: info.global, scope: info.scope }, 'discord: waiting for a rate limit'),
  );
  rest.on(RESTEvents.Response, (request, response) => {
    if (response.status === 429) {
      logger.warn(
        { method: request.method, route: safeUrl(request.route), retries: request.retries, retryAfter: response.headers.get('retry-after'), scope: response.headers.get('x-ratelimit-scope') },
        'discord: rate limited (429); discord.js waits and retries',
      );
    } else if (response.status >= 500 && response.status < 600) {
      // `retries` counts the tries before this one; discord.js tries again while it is below its limit.
      const willRetry = request.retries < rest.options.retries;
      logger.warn(
        { method: request.method, route: safeUrl(request.route), status: response.status, try: request.retries + 1, willRetry },
        willRetry ? `discord: Discord answered ${response.status}; discord.js retries` : `discord: Discord answered ${response.status}; discord.js gives up`,
      );
    }
  });
  rest.on(RESTEvents.InvalidRequestWarning, info => logger.warn({ count: info.count, remainingTime: info.remainingTime }, 'discord: many invalid requests'));
}

/**
 * A REST `makeRequest` (the option through which @discordjs/rest sends every HTTP request) that
 * logs each network failure — a timeout, a reset or refused connection — before discord.js decides
 * what to do with it. @discordjs/rest 2.6 retries a timeout (AbortError) or an ECONNRESET at once,
 * silently: it emits no event and no debug line for it (`makeNetworkRequest` returns null and
 * `runRequest` recurses), so wrapping `makeRequest` is the only way to see those retries.
 *
 * The try number is counted per request through the headers object, which @discordjs/rest passes
 * unchanged to every try of one request (an internal detail: should it change, every try is logged
 * as try 1, nothing worse).
 */
export function logNetworkFailures(logger: Logger, retries: () => number, inner: MakeRequest = DefaultRestOptions.makeRequest): MakeRequest {
  const tries = new WeakMap<object, number>();
  return async (url, init) => {
    const key = typeof init.headers === 'object' && init.headers !== null ? (init.headers as object) : undefined;
    const n = (key ? (tries.get(key) ?? 0) : 0) + 1;
    if (key) tries.set(key, n);
    try {
      return await inner(url, init);
    } catch (error) {
      const willRetry = retriedByDiscordJs(error) && n <= retries();
      // The stack would only show undici's internals; whoever called gets the error, stack included.
      const { stack: _stack, ...err } = errorContext(error);
      logger.warn(
        { method: init.method ?? 'GET', route: routeOf(url), try: n, willRetry, err },
        willRetry ? 'discord: request failed on the network; discord.js retries' : 'discord: request failed on the network',
      );
      throw error;
    }
  };
}

/** What @discordjs/rest 2.6 retries by itself (its `shouldRetry`): a timeout (AbortError) or ECONNRESET. */
function retriedByDiscordJs(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'AbortError') return true;
  return (error as { code?: unknown }).code === 'ECONNRESET' || error.message.includes('ECONNRESET');
}

/** The path of a REST URL without the API base and version, tokens masked (`/channels/1/messages`). */
function routeOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url;
  }
  return safeUrl(path.replace(/^.*?\/v\d+(?=\/)/, ''));
}
