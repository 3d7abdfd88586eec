import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { topicCounts } from '../../src/core/knowledge/topics.ts';

/**
 * The README's section on the shipped notes counts entries per topic. Those counts must be the ones
 * the bot itself gives (`/topics` groups by tag, with `topicCounts`), and the total the one it greets
 * with, so a reader who types /topics sees the same numbers.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function shippedNotesSection(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /\n## The shipped notes\n([\s\S]*?)\n## /.exec(readme);
  if (!section) throw new Error('README.md has no "## The shipped notes" section');
  return section[1]!;
}

describe("the README's counts of the shipped notes", () => {
  const kb = loadKnowledge(path.join(ROOT, 'knowledge'));
  const section = shippedNotesSection();

  it('give the number of entries the bot loads', () => {
    const total = /(\d+) entries/.exec(section);
    expect(total, 'no "N entries" in the section').not.toBeNull();
    expect(Number(total![1])).toBe(kb.entries.length);
    // The opening paragraph names the same number.
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.slice(0, readme.indexOf('```'))).toContain(`ships with ${kb.entries.length} `);
  });

  it('give, for every topic, the count /topics shows', () => {
    const shown = [...section.matchAll(/^- \*\*([\w-]+) \((\d+)\)\*\*/gm)].map(m => ({ tag: m[1]!, count: Number(m[2]) }));
    const bot = topicCounts(kb.entries).map(({ tag, count }) => ({ tag, count }));
    expect(shown.sort((a, b) => a.tag.localeCompare(b.tag))).toEqual(bot.sort((a, b) => a.tag.localeCompare(b.tag)));
  });
});
