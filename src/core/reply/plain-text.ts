import type { Reply } from './reply.ts';

/** The plain-text fallback of a reply: what any platform (or a notification, or a log) can show. */
export function plainText(reply: Reply): string {
  const parts: string[] = [];
  if (reply.title) parts.push(reply.title);
  if (reply.body) parts.push(reply.body);
  if (reply.footer) parts.push(reply.footer);
  return parts.join('\n\n');
}
