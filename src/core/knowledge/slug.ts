import { createHash } from 'node:crypto';

/** A URL-safe-ish slug that keeps letters of every script (Chinese titles stay readable). */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'entry'
  );
}

/** The short, stable reference of an entry id used in button actions: 12 hex characters. */
export function entryRef(id: string): string {
  return createHash('sha1').update(id).digest('hex').slice(0, 12);
}
