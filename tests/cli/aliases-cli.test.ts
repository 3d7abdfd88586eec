import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAliasesToFrontMatter, aliasesCli } from '../../src/cli/aliases.ts';
import { Args } from '../../src/cli/args.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { MINI_DIR, MONDAY_0900_UTC, useFolders } from '../support/core-harness.ts';

/** `interview-bot aliases list|accept|reject|export` over a state file and a copy of the mini notes. */
const folder = useFolders('aliases-cli-');

function setUp() {
  const dir = folder(Object.fromEntries(fs.readdirSync(MINI_DIR).map(f => [f, fs.readFileSync(path.join(MINI_DIR, f))])));
  const db = path.join(folder(), 'state.sqlite');
  const store = openSqliteStore(db);
  const ask = (query: string, user: string, outcome: 'suggest' | 'decline', minute: number) =>
    store.questions.record({ at: MONDAY_0900_UTC + minute * 60_000, platform: 'slack', workspace: 'T', channel: 'C', user, query, outcome, entryId: null, score: 0.3 });
  store.questions.picked(ask('python threads parallel', 'ann', 'suggest', 1), 'test-gil', MONDAY_0900_UTC);
  store.questions.picked(ask('Python threads in parallel?', 'bob', 'suggest', 2), 'test-gil', MONDAY_0900_UTC);
  store.questions.picked(ask('copy a list without its items', 'cy', 'suggest', 3), 'plain-notes#shallow-copy', MONDAY_0900_UTC);
  store.close();
  const run = (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = aliasesCli(new Args([...argv, '--db', db, '--knowledge', dir]), dir, { out: t => (out += t), err: t => (err += t), now: () => MONDAY_0900_UTC + 3_600_000 });
    return { code, out, err };
  };
  return { dir, db, run };
}

describe('interview-bot aliases', () => {
  it('lists candidates grouped by similar question, with how many people confirmed them', () => {
    const { run } = setUp();
    const r = run('list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('"python threads parallel"');
    expect(r.out).toMatch(/pending\s+test-gil\s+←\s+"python threads parallel"\s+\(2 confirmed\)/);
    expect(r.out).toMatch(/pending\s+plain-notes#shallow-copy\s+←\s+"copy a list without its items"\s+\(1 confirmed\)/);
    const json = JSON.parse(run('list', '--json').out) as { groups: { candidates: { entryId: string }[] }[] };
    expect(json.groups.flatMap(g => g.candidates.map(c => c.entryId)).sort()).toEqual(['plain-notes#shallow-copy', 'test-gil']);
  });

  it('accepts and rejects; decided candidates leave the default list and show with --all', () => {
    const { run } = setUp();
    expect(run('accept', 'test-gil', 'python threads parallel', '--by', 'maintainer')).toMatchObject({ code: 0, out: 'accepted for test-gil: python threads parallel\n' });
    expect(run('reject', 'plain-notes#shallow-copy', 'copy a list without its items')).toMatchObject({ code: 0 });
    expect(run('list').out).toContain('no candidate aliases');
    const all = run('list', '--all').out;
    expect(all).toMatch(/accepted\s+test-gil\s+←\s+"python threads parallel".*by maintainer/);
    expect(all).toMatch(/rejected\s+plain-notes#shallow-copy/);
  });

  it("refuses another entry's title, with the reason, and exits 1", () => {
    const { run } = setUp();
    const r = run('accept', 'test-decorator', 'What is the GIL?');
    expect(r.code).toBe(1);
    expect(r.err).toContain("another entry's title");
  });

  it('exports accepted aliases into the front matter of notes with an id; plain-note entries stay in the database', () => {
    const { run, dir } = setUp();
    run('accept', 'test-gil', 'python threads parallel');
    run('accept', 'plain-notes#shallow-copy', 'copy a list without its items');
    const before = fs.readFileSync(path.join(dir, 'gil.md'), 'utf8');
    const dry = run('export', '--dry-run');
    expect(dry.out).toContain('would write 1 alias to gil.md: "python threads parallel"');
    expect(fs.readFileSync(path.join(dir, 'gil.md'), 'utf8')).toBe(before);
    const r = run('export');
    expect(r.out).toContain('wrote 1 alias to gil.md');
    expect(r.out).toMatch(/kept in the state database[^\n]*\n\s+plain-notes\.md:\d+ plain-notes#shallow-copy\s+←\s+"copy a list without its items"/);
    const after = fs.readFileSync(path.join(dir, 'gil.md'), 'utf8');
    expect(after).toContain('aliases: [global interpreter lock, 全局解释器锁, python threads parallel]');
    // The rest of the note is as it was.
    expect(after.split('\n').slice(7).join('\n')).toBe(before.split('\n').slice(7).join('\n'));
    const gil = loadKnowledge(dir).entries.find(e => e.id === 'test-gil')!;
    expect(gil.aliases).toEqual(['global interpreter lock', '全局解释器锁', 'python threads parallel']);
    expect(run('export').out).toContain('kept in the state database');
    expect(run('export').out).not.toContain('gil.md');
  });

  it('prints usage and exits 2 for an unknown subcommand', () => {
    const { run } = setUp();
    expect(run('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('usage: interview-bot aliases') });
  });
});

describe('addAliasesToFrontMatter', () => {
  it('creates the list when absent and keeps comments, CRLF line ends and the body', () => {
    const note = '---\r\nid: x\r\n# the title\r\ntitle: X\r\n---\r\n\r\nBody with --- inside\r\n';
    const out = addAliasesToFrontMatter(note, ['a: b', 'c'])!;
    expect(out).toBe('---\r\nid: x\r\n# the title\r\ntitle: X\r\naliases: ["a: b", c]\r\n---\r\n\r\nBody with --- inside\r\n');
    expect(addAliasesToFrontMatter('# no front matter\n', ['a'])).toBeUndefined();
  });

  it('appends to a block list at its indentation, and to a single alias written as text', () => {
    expect(addAliasesToFrontMatter('---\nid: x\naliases:\n    - one # first\n    - two\ntags: [a]\n---\nbody\n', ['three'])).toBe(
      '---\nid: x\naliases:\n    - one # first\n    - two\n    - three\ntags: [a]\n---\nbody\n',
    );
    expect(addAliasesToFrontMatter('---\nid: x\naliases: only one\n---\nbody\n', ['true'])).toBe('---\nid: x\naliases: [only one, "true"]\n---\nbody\n');
  });
});
