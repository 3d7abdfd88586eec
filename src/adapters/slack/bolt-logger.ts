import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/ports.ts';

/**
 * Bolt's and the Web API client's logging into the injected logger (pino with redaction), so they
 * never print to the console on their own. Bolt logs strings; errors become their code and message.
 * Its debug output (request bodies, already token-redacted by the client) stays at debug.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let name = 'bolt';
  const text = (msg: unknown[]) =>
    msg
      .map(m => (m instanceof Error ? `${(m as { code?: string }).code ?? m.name}: ${m.message}` : typeof m === 'string' ? m : safeJson(m)))
      .join(' ');
  return {
    debug: (...msg) => logger.debug({ lib: name }, text(msg)),
    info: (...msg) => logger.info({ lib: name }, text(msg)),
    warn: (...msg) => logger.warn({ lib: name }, text(msg)),
    error: (...msg) => logger.error({ lib: name }, text(msg)),
    setLevel: l => {
      level = l;
    },
    getLevel: () => level,
    setName: n => {
      name = n;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
