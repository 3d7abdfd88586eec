import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every setting the code reads is documented in .env.example and in the README's configuration
 * table, and nothing documented is unknown to the code; .env itself never reaches git.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');

function settingsReadByTheCode(): string[] {
  const files = ['src/config.ts', 'src/adapters/slack/slack-config.ts', 'src/adapters/discord/discord-config.ts', 'src/store/database-config.ts'];
  const names = new Set<string>();
  for (const file of files) for (const [, name] of read(file).matchAll(/\b(?:str|int)\('([A-Z][A-Z0-9_]+)'/g)) names.add(name!);
  return [...names].sort();
}

describe('configuration documentation', () => {
  const settings = settingsReadByTheCode();

  it('finds the settings (guards the scan itself)', () => {
    expect(settings).toEqual(expect.arrayContaining(['QUESTIONS_PER_MINUTE', 'QUIZZES_PER_HOUR', 'SLACK_BOT_TOKEN', 'DISCORD_TOKEN', 'KNOWLEDGE_DIR']));
    expect(settings.length).toBeGreaterThan(15);
  });

  it('.env.example documents every setting the code reads, with a comment, and nothing else', () => {
    const lines = read('.env.example').split('\n');
    const documented = new Map<string, number>();
    lines.forEach((line, i) => {
      const m = /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(line);
      if (m) documented.set(m[1]!, i);
    });
    expect([...documented.keys()].sort()).toEqual(settings);
    for (const [name, i] of documented) expect(lines.slice(Math.max(0, i - 3), i).some(l => /^#\s+\S/.test(l) && !/^#\s*[A-Z_]+=/.test(l)), `${name} has no comment above it`).toBe(true);
  });

  it("the README's configuration tables name every setting", () => {
    const readme = read('README.md');
    for (const name of settings) expect(readme, name).toContain(`| \`${name}\``);
  });

  it('.env is git-ignored', () => {
    const out = execFileSync('git', ['check-ignore', '.env'], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('.env');
  });
});
