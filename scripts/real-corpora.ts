/**
 * Rebuilds `.corpora/<name>/` (git-ignored) from public interview notes written by other people, for
 * measuring the matcher on notes it was not tuned on. Each `tests/fixtures/real-corpora/<name>/source.json`
 * names a repository, a commit and the Markdown files taken unchanged; the notes themselves are
 * never committed. The repository must be available as a local git mirror (the path in `mirror`,
 * or MIRRORS_DIR/<owner>+<name>/repo), brought there by whoever measures.
 * Usage: npx tsx scripts/real-corpora.ts [name …]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'tests/fixtures/real-corpora');

interface Source {
  name: string;
  repo: string;
  commit: string;
  mirror: string;
  paths: string[];
}

export function corpusNames(): string[] {
  return fs.existsSync(fixtures) ? fs.readdirSync(fixtures).filter(n => fs.existsSync(path.join(fixtures, n, 'source.json'))).sort() : [];
}

function rebuild(name: string): void {
  const source = JSON.parse(fs.readFileSync(path.join(fixtures, name, 'source.json'), 'utf8')) as Source;
  const mirror = process.env.MIRRORS_DIR ? path.join(process.env.MIRRORS_DIR, source.repo.replace('/', '+'), 'repo') : source.mirror;
  if (!fs.existsSync(mirror)) {
    console.log(`${name}: no mirror of ${source.repo} at ${mirror}; skipped`);
    return;
  }
  const git = (...args: string[]) => execFileSync('git', ['-c', 'core.quotepath=off', '--git-dir', mirror, ...args], { maxBuffer: 1 << 28 });
  const all = git('ls-tree', '-r', '--name-only', source.commit).toString().split('\n').filter(Boolean);
  const files = all.filter(f => source.paths.some(p => f === p || f.startsWith(p.endsWith('/') ? p : `${p}/`)));
  const out = path.join(root, '.corpora', name);
  fs.rmSync(out, { recursive: true, force: true });
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
    fs.writeFileSync(path.join(out, f), git('show', `${source.commit}:${f}`));
  }
  console.log(`${name}: ${files.length} files from ${source.repo}@${source.commit.slice(0, 10)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2);
  for (const name of names.length ? names : corpusNames()) rebuild(name);
}
