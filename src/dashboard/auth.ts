import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a printed link works (dashboard-link --hours), and the longest it may be made to work. */
export const LINK_LIMITS = Object.freeze({ defaultHours: 24, maxHours: 24 * 30 });

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const sign = (secret: Buffer, text: string) => createHmac('sha256', secret).update(text).digest();

/**
 * A link token: `payload.signature`, the payload saying until when it works (ms since the epoch),
 * signed with HMAC-SHA256 and the state's secret. Nothing else is needed to check it, so the CLI
 * can print links for the running bot.
 */
export function createToken(secret: Buffer, expiresAt: number, nonce: string = randomBytes(9).toString('base64url')): string {
  const payload = b64(JSON.stringify({ exp: expiresAt, n: nonce }));
  return `${payload}.${b64(sign(secret, payload))}`;
}

export type TokenCheck = { readonly ok: true; readonly expiresAt: number } | { readonly ok: false; readonly reason: 'missing' | 'invalid' | 'expired' };

/** Whether `token` was signed with `secret` and has not expired at `now`. */
export function checkToken(secret: Buffer, token: string | undefined, now: number): TokenCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined || token.length > 400) return { ok: false, reason: 'invalid' };
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let exp: unknown;
  try {
    exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'invalid' };
  return exp > now ? { ok: true, expiresAt: exp } : { ok: false, reason: 'expired' };
}

/** The CSRF token of a session: tied to its link token, so it changes with every link. */
export function csrfToken(secret: Buffer, sessionToken: string): string {
  return b64(sign(secret, `csrf|${sessionToken}`));
}

/** Constant-time comparison of two texts. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
