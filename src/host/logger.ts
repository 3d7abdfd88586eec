import { pino } from 'pino';
import type { Logger } from '../core/ports.ts';

/** Paths whose values never reach a log: tokens, secrets, signatures, authorization headers. */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
  'config.discord.token',
]);

/** Tokens that look like Slack or Discord credentials, masked wherever they appear in a message. */
const SECRET_PATTERNS: readonly RegExp[] = [/xox[abposr]-[A-Za-z0-9-]{8,}/g, /xapp-[A-Za-z0-9-]{8,}/g, /[MNO][A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}/g];

export function maskSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((s, p) => s.replace(p, '[REDACTED]'), text);
}

export interface LoggerOptions {
  readonly level: string;
  /** Pretty output for a person at a terminal; JSON lines otherwise. */
  readonly pretty?: boolean;
  /** Where logs go; stderr by default so stdout stays clean for `ask --jsonl`. */
  readonly destination?: pino.DestinationStream;
}

/** The real logger: pino, secrets redacted, to stderr. */
export function createLogger(options: LoggerOptions): Logger & pino.Logger {
  const pretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const base: pino.LoggerOptions = {
    level: options.level,
    redact: { paths: [...REDACT_PATHS], censor: '[REDACTED]' },
    // An error's message or stack can quote a token (a failed API call's URL or body): mask them.
    serializers: {
      err: (error: unknown) => {
        const plain = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
        for (const key of ['message', 'stack']) if (typeof plain[key] === 'string') plain[key] = maskSecrets(plain[key] as string);
        return plain;
      },
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map(a => (typeof a === 'string' ? maskSecrets(a) : a));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(base, pino.destination(2));
}
