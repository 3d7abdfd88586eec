import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { maskSecrets } from '../../host/logger.ts';

/**
 * A Discord error as a log context that is safe to write: API errors carry their request URL,
 * and the URLs of interaction callbacks and webhooks contain the interaction token; those are cut
 * out. The bot token never appears in a URL (it travels in the Authorization header, which is
 * not part of the error).
 */
export function errorContext(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return { name: error.name, message: maskSecrets(error.message), code: error.code, status: error.status, method: error.method, route: safeUrl(error.url) };
  }
  if (error instanceof HTTPError) {
    return { name: error.name, message: maskSecrets(error.message), status: error.status, method: error.method, route: safeUrl(error.url) };
  }
  if (error instanceof RateLimitError) {
    return { name: error.name, route: error.route, method: error.method, retryAfter: error.retryAfter, global: error.global, scope: error.scope };
  }
  if (error instanceof Error) {
    const context: Record<string, unknown> = { name: error.name, message: maskSecrets(error.message) };
    if (error.stack) context.stack = maskSecrets(safeUrl(error.stack));
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') context.code = code;
    return context;
  }
  return { message: maskSecrets(safeUrl(String(error))) };
}

/** Removes interaction and webhook tokens from a URL (or any text holding one). */
export function safeUrl(url: string): string {
  return url
    .replace(/(\/interactions\/\d+\/)[^/?\s]+/g, '$1:token')
    .replace(/(\/webhooks\/\d+\/)[^/?\s]+/g, '$1:token');
}

/** Whether an error is Discord saying the interaction is gone (expired, or answered elsewhere). */
export function isUnknownInteraction(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === 10062 || error.code === 40060);
}
