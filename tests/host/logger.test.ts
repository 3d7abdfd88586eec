import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskSecrets } from '../../src/host/logger.ts';

const BOT = 'xoxb-1234567890-abcdefghijklmnop';
const APP = 'xapp-1-A111-222-abcdef0123456789';
const DISCORD = 'MTA5ODc2NTQzMjEwOTg3NjU0MzI.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';
const SECRET = 'signing-secret-8f14e45fceea167a5a36dedd4bea2543';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', pretty: false, destination });
  return { logger, text: () => lines.join('') };
}

describe('logger: secrets never reach a log line', () => {
  it('redacts secret-named fields at the top level and nested', () => {
    const { logger, text } = capture();
    logger.info({ token: DISCORD, botToken: BOT, appToken: APP, signingSecret: SECRET }, 'top level');
    logger.info({ config: { slack: { botToken: BOT, appToken: APP, signingSecret: SECRET }, discord: { token: DISCORD } } }, 'nested config');
    logger.info({ req: { headers: { authorization: `Bot ${DISCORD}` } } }, 'request');
    const out = text();
    for (const secret of [BOT, APP, DISCORD, SECRET]) expect(out).not.toContain(secret);
    expect(out).toContain('[REDACTED]');
    expect(out).toContain('nested config');
  });

  it('masks tokens inside messages and inside logged errors', () => {
    const { logger, text } = capture();
    logger.warn({}, `calling the API with ${BOT} failed`);
    logger.error({ err: new Error(`401 for token ${DISCORD} and ${APP}`) }, 'start-up failed');
    const out = text();
    for (const secret of [BOT, APP, DISCORD]) expect(out).not.toContain(secret);
    expect(out).toContain('start-up failed');
  });

  it('maskSecrets leaves ordinary text alone', () => {
    expect(maskSecrets('what is the GIL? xoxb')).toBe('what is the GIL? xoxb');
    expect(maskSecrets(`a ${BOT} b`)).toBe('a [REDACTED] b');
  });
});
