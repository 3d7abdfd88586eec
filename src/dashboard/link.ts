import { createToken, LINK_LIMITS } from './auth.ts';

/**
 * The signed link to the dashboard: GET /login with a token that works until `now + hours`. A
 * dashboard bound to every interface (0.0.0.0, ::) is linked through the loopback address; give
 * `publicUrl` (DASHBOARD_URL) when people reach it by another name (a reverse proxy).
 */
export function dashboardLink(secret: Buffer, where: { readonly host: string; readonly port: number; readonly publicUrl?: string }, now: number, hours: number = LINK_LIMITS.defaultHours): { url: string; expiresAt: number } {
  if (!(hours > 0) || hours > LINK_LIMITS.maxHours) throw new Error(`--hours must be more than 0 and at most ${LINK_LIMITS.maxHours}`);
  const expiresAt = now + Math.round(hours * 3_600_000);
  const host = where.host === '0.0.0.0' || where.host === '::' ? '127.0.0.1' : where.host;
  const base = where.publicUrl?.replace(/\/+$/, '') ?? `http://${host.includes(':') ? `[${host}]` : host}:${where.port}`;
  return { url: `${base}/login?t=${createToken(secret, expiresAt)}`, expiresAt };
}
