import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import { topicCounts } from '../src/core/knowledge/topics.ts';

/**
 * The README is the product page a team lead reads first. It speaks about the product (not about how
 * it was built), keeps the test command CI reads, leaves the benchmark tables to docs/benchmarks.md,
 * and its counts are the bot's own.
 *
 * The README's section on the shipped notes counts entries per topic. Those counts must be the ones
 * the bot itself gives (`/topics` groups by tag, with `topicCounts`), and the total the one it greets
 * with, so a reader who types /topics sees the same numbers.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

describe('the README as a product page', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('does not talk about how it was built: no issue numbers, sessions, other engineers or ../shared', () => {
    // Its own words, not the notes and outputs it quotes in code blocks ("a session store").
    const prose = readme.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '');
    const found = [
      /\bissues? #?\d+/i,
      /\(issue\b/i,
      /where the issues? (?:were|was) silent/i,
      /\bsessions?\b(?! (?:cookie|storage|token))/i,
      /other engineers/i,
      /\.\.\/shared/,
      /\bhelpers?\b/i,
    ]
      .map(re => re.exec(prose))
      .filter((m): m is RegExpExecArray => m !== null)
      .map(m => `«${prose.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\n/g, ' ')}»`);
    expect(found).toEqual([]);
  });

  it('keeps `npm install && npm start` and `npm test` in its first code block after the transcript', () => {
    const blocks = [...readme.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)].map(m => m[1]!);
    expect(blocks[0]).toMatch(/^npm install && npm start\b/m);
    expect(blocks[0]).toMatch(/^npm test\b/m);
  });

  it('leaves the benchmark tables to docs/benchmarks.md and links it', () => {
    expect(readme).toContain('(docs/benchmarks.md)');
    expect(fs.existsSync(path.join(ROOT, 'docs/benchmarks.md'))).toBe(true);
    // A table with a p99 column is a benchmark table.
    expect(readme).not.toMatch(/^\|[^\n]*\bp99\b[^\n]*\|$/m);
    const benchmarks = fs.readFileSync(path.join(ROOT, 'docs/benchmarks.md'), 'utf8');
    expect(benchmarks).toMatch(/^\|[^\n]*\bp99\b[^\n]*\|$/m);
  });
});
