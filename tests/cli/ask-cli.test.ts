import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useFolders } from '../support/core-harness.ts';

/**
 * The ask and check commands as the evaluation and a person run them, in a child process.
 * `node --import tsx src/cli/index.ts` starts in about 0.8 s against about 1.3 s for
 * `npm run --silent ask --` (npm itself costs the rest), so most tests use the former; one goes
 * through `npm run --silent ask` exactly as the evaluation does.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const MINI = path.join(ROOT, 'tests/fixtures/knowledge-mini');
const folder = useFolders('interview-bot-cli-');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without anything that could change the result: platform tokens, KNOWLEDGE_DIR, LOG_LEVEL. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|KNOWLEDGE_DIR$|LOG_LEVEL$|DATABASE_FILE$)/.test(k)));
  return { ...env, NO_COLOR: '1', ...extra };
}

function run(command: string, args: readonly string[], input?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d));
    child.on('error', reject);
    child.stdin.on('error', () => undefined); // a child that dies early (the failure under test) must not fail the runner with EPIPE
    child.on('close', code => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const cli = (args: readonly string[], input?: string, env?: Record<string, string>) => run(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], input, env);

interface AskJson {
  query: string;
  outcome: 'answer' | 'suggest' | 'decline';
  answer: { id: string; title: string; score: number } | null;
  suggestions: { id: string; title: string; score: number }[];
}

function expectContract(o: AskJson): void {
  expect(Object.keys(o).sort()).toEqual(['answer', 'outcome', 'query', 'suggestions']);
  expect(['answer', 'suggest', 'decline']).toContain(o.outcome);
  if (o.outcome === 'answer') {
    expect(o.answer).not.toBeNull();
    expect(Object.keys(o.answer!).sort()).toEqual(['id', 'score', 'title']);
  } else expect(o.answer).toBeNull();
  expect(o.suggestions.length).toBeLessThanOrEqual(3);
  if (o.outcome === 'decline') expect(o.suggestions).toEqual([]);
  for (const s of [...(o.answer ? [o.answer] : []), ...o.suggestions]) {
    expect(typeof s.id).toBe('string');
    expect(s.title.length).toBeGreaterThan(0);
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(1);
  }
}

describe('ask --jsonl (the evaluation contract)', () => {
  const questions = [
    'what is a decorator',
    '什么是GIL',
    'GIL 对多线程有什么影响',
    'decorater',
    'how do I bake bread',
    '',
    'qwertyuiop',
    'what is a closure in python',
    '如何减肥',
    'shallow copy vs deep copy',
  ];

  it('through `npm run --silent ask -- --jsonl`: one JSON object per question, in order, nothing else on stdout', async () => {
    const { code, stdout } = await run('npm', ['run', '--silent', 'ask', '--', '--jsonl'], questions.join('\n') + '\n');
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    const lines = stdout.slice(0, -1).split('\n');
    expect(lines).toHaveLength(questions.length);
    const objects = lines.map(l => JSON.parse(l) as AskJson);
    objects.forEach(expectContract);
    expect(objects.map(o => o.query)).toEqual(questions);
    // The shipped knowledge is the default.
    const byQuery = Object.fromEntries(objects.map(o => [o.query, o]));
    expect(byQuery['what is a decorator']!.answer?.id).toBe('python-decorator');
    expect(byQuery['什么是GIL']!.answer?.id).toBe('python-gil');
    expect(byQuery['GIL 对多线程有什么影响']!.outcome).toBe('answer');
    expect(byQuery['decorater']!.answer?.id).toBe('python-decorator');
    expect(byQuery['shallow copy vs deep copy']!.answer?.id).toBe('python-shallow-vs-deep-copy');
    for (const q of ['', 'qwertyuiop', '如何减肥']) expect(byQuery[q]!.outcome, q).toBe('decline');
    // A title in the language of the question.
    expect(byQuery['什么是GIL']!.answer!.title).toMatch(/^什么是 GIL/);
    expect(byQuery['what is a decorator']!.answer!.title).toMatch(/decorator/);
  });

  it('reads CRLF input, a last line without a newline, and many questions, keeping the order', async () => {
    const many = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `what is a decorator ${i}` : i % 3 === 1 ? `装饰器 ${i}` : `zzz${i}`));
    const { code, stdout, stderr } = await cli(['ask', '--jsonl', '--knowledge', MINI], many.join('\r\n'));
    expect(code, stderr).toBe(0);
    const objects = stdout.trimEnd().split('\n').map(l => JSON.parse(l) as AskJson);
    expect(objects.map(o => o.query)).toEqual(many);
    objects.forEach(expectContract);
    expect(objects.filter((_, i) => i % 3 === 0).every(o => o.answer?.id === 'test-decorator')).toBe(true);
    expect(objects.filter((_, i) => i % 3 === 2).every(o => o.outcome === 'decline')).toBe(true);
  });

  it('a 150 MB line does not take 150 MB: matched on its first 2,000 characters in a 64 MB heap, and the next line is answered', async () => {
    const huge = 'what is a decorator ' + 'x'.repeat(150 * 1024 * 1024);
    const input = `${huge}\nwhat is a decorator\n`;
    const { code, stdout, stderr } = await run(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', 'src/cli/index.ts', 'ask', '--jsonl', '--knowledge', MINI], input);
    expect(code, stderr.slice(0, 2000)).toBe(0);
    const objects = stdout.trimEnd().split('\n').map(l => JSON.parse(l) as AskJson);
    expect(objects).toHaveLength(2);
    objects.forEach(expectContract);
    expect(objects[0]!.query).toHaveLength(2000);
    expect(objects[0]!.query.startsWith('what is a decorator x')).toBe(true);
    expect(objects[1]).toMatchObject({ query: 'what is a decorator', outcome: 'answer', answer: { id: 'test-decorator' } });
    expect(stderr).toContain('too long');
  }, 60_000);

  it('keeps stdout clean when the knowledge has problems (they go to stderr)', async () => {
    const dir = folder({ 'a.md': '# Decorators\n\nA decorator wraps a function.\n', 'b.md': '---\nid: [broken\n---\nbody\n' });
    const { code, stdout, stderr } = await cli(['ask', '--jsonl', '--knowledge', dir], 'decorators\nnothing here\n');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ query: 'decorators', outcome: 'answer', answer: { id: 'a#decorators', title: 'Decorators' } });
    expect(JSON.parse(lines[1]!)).toMatchObject({ query: 'nothing here', outcome: 'decline', answer: null });
    expect(stderr).toContain('b.md');
  });
});

describe('ask (one question)', () => {
  it('--json prints exactly one object for the question', async () => {
    const { code, stdout } = await cli(['ask', '--json', '--knowledge', MINI, 'What', 'is', 'the', 'GIL?']);
    expect(code).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const o = JSON.parse(stdout) as AskJson & { markdown: unknown; source: unknown };
    // --json is the --jsonl object plus the answer's Markdown and source (see "ask --json for scripts").
    const { markdown, source, ...contract } = o;
    expect(markdown).toBeTypeOf('string');
    expect(source).toBeTypeOf('object');
    expectContract(contract);
    expect(o).toMatchObject({ query: 'What is the GIL?', outcome: 'answer', answer: { id: 'test-gil', title: 'What is the GIL?' } });
  });

  it('prints a readable answer with its title, body and source; --knowledge DIR chooses the notes', async () => {
    const { code, stdout } = await cli(['ask', '--knowledge', MINI, '什么是装饰器']);
    expect(code).toBe(0);
    expect(stdout).toContain('什么是装饰器？');
    expect(stdout).toContain('装饰器是一个接收函数并返回新函数的函数');
    expect(stdout).toContain('来源：decorator.md');
    expect(stdout).not.toMatch(/\x1b\[/); // no colours when stdout is not a terminal
    const dir = folder({ 'notes.md': '## Flux capacitor\n\nIt makes time travel possible at 88 mph.\n' });
    const own = await cli(['ask', '--knowledge', dir, 'what is a flux capacitor']);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('Flux capacitor');
    expect(own.stdout).toContain('88 mph');
  });

  it('declines readably, refuses a too-long question with exit 1, and wants a question', async () => {
    const declined = await cli(['ask', '--knowledge', MINI, 'how do I bake bread']);
    expect(declined.code).toBe(0);
    expect(declined.stdout).toContain('Sorry, my notes have nothing that answers "how do I bake bread"');
    const long = await cli(['ask', '--knowledge', MINI, 'x'.repeat(501)]);
    expect(long.code).toBe(1);
    expect(long.stdout).toContain('at most 500 characters');
    const none = await cli(['ask', '--knowledge', MINI]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/usage: interview-bot ask/);
  });
});

describe('check', () => {
  it('exits 0 on a valid knowledge folder and summarises it', async () => {
    const { code, stdout } = await cli(['check', '--knowledge', MINI]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/5 entries \(2 with quiz items, 2 with a daily tip\), 0 glossary groups, 0 errors, 0 warnings/);
  });

  it('exits 1 on a broken folder, printing each problem as file:line', async () => {
    const dir = folder({
      'good.md': '# Fine\ntext\n',
      'bad-yaml.md': '---\nid: x\ntitle: ok\ntags: [a, b\nq: 1\n---\nbody\n',
      'sub/bad-quiz.md': '---\nid: quiz-x\ntitle: Q\nquiz:\n  - type: choice\n    question: Q?\n    options: [a, b]\n    answer: A\n---\nbody\n',
      'warn.md': '---\nid: w\ntitle: W\ncolour: blue\n---\nbody\n',
    });
    const { code, stdout } = await cli(['check', '--knowledge', dir]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^error: bad-yaml\.md:[45]: front matter is not valid YAML/m);
    expect(stdout).toMatch(/^error: sub\/bad-quiz\.md:4: a choice item needs exactly 4 options/m);
    expect(stdout).toMatch(/^warning: warn\.md:4: unknown field "colour"/m);
    expect(stdout).toMatch(/2 entries .* 2 errors, 1 warnings\n$/);
  });

  it('exits 0 with warnings only, and 1 for an empty or missing folder', async () => {
    const warnOnly = await cli(['check', '--knowledge', folder({ 'w.md': '---\nid: w\ntitle: W\ncolour: blue\n---\nbody\n' })]);
    expect(warnOnly.code).toBe(0);
    expect(warnOnly.stdout).toMatch(/^warning: w\.md:4:/m);
    const empty = await cli(['check', '--knowledge', folder({ 'readme.txt': 'no notes here' })]);
    expect(empty.code).toBe(1);
    expect(empty.stdout).toMatch(/0 entries/);
  });
});

describe('a knowledge folder that cannot work', () => {
  it('ask, ask --json and ask --jsonl exit non-zero with one clear line on stderr, never a stream of declines', async () => {
    const missing = path.join(folder({}), 'notes-misspelt');
    const empty = folder({ 'readme.txt': 'no notes here' });
    for (const [dir, why] of [
      [missing, 'does not exist'],
      [empty, 'has no Markdown (.md) files'],
    ] as const) {
      for (const args of [['ask', '--knowledge', dir, 'what is the GIL'], ['ask', '--json', '--knowledge', dir, 'what is the GIL'], ['ask', '--jsonl', '--knowledge', dir]]) {
        const { code, stdout, stderr } = await cli(args, 'what is the GIL\nwhat is a decorator\n');
        expect(code, args.join(' ')).toBe(78);
        expect(stdout).toBe('');
        expect(stderr).toBe(`interview-bot ask: the knowledge folder ${dir} ${why}\n`);
      }
    }
    // KNOWLEDGE_DIR is checked the same way as --knowledge.
    const viaEnv = await cli(['ask', '--jsonl'], 'what is the GIL\n', { KNOWLEDGE_DIR: missing });
    expect(viaEnv.code).toBe(78);
    expect(viaEnv.stderr).toContain('does not exist');
  }, 60_000);

  it('check says a folder has no Markdown, or does not exist', async () => {
    const empty = folder({ 'readme.txt': 'no notes here' });
    const r = await cli(['check', '--knowledge', empty]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(`error: the knowledge folder ${empty} has no Markdown (.md) files`);
    const missing = path.join(empty, 'nope');
    const m = await cli(['check', '--knowledge', missing]);
    expect(m.code).toBe(1);
    expect(m.stdout.split('\n')[0]).toBe(`error: the knowledge folder ${missing} does not exist`);
    expect(m.stdout.split('\n').filter(l => l.startsWith('error:'))).toHaveLength(1);
  });
});

describe('ask --json for scripts', () => {
  it("includes the answer's Markdown, its source file and heading, and the suggestions' titles", async () => {
    const answered = JSON.parse((await cli(['ask', '--json', '--knowledge', MINI, 'What is the GIL?'])).stdout) as AskJson & { markdown: string; source: { file: string; heading: string; line: number } };
    expect(answered.markdown).toContain('The GIL (global interpreter lock) lets only one thread execute Python bytecode at a time.');
    expect(answered.source).toEqual({ file: 'gil.md', heading: 'What is the GIL?', line: 1 });
    const suggested = JSON.parse((await cli(['ask', '--json', '--knowledge', MINI, 'decorator or GIL'])).stdout) as AskJson & { markdown: string | null; source: unknown };
    expect(suggested.outcome).toBe('suggest');
    expect(suggested.markdown).toBeNull();
    expect(suggested.source).toBeNull();
    expect(suggested.suggestions.map(s => s.title).sort()).toEqual(['What is a decorator?', 'What is the GIL?']);
  });
});

describe('check: what silently changes how notes are read', () => {
  it('warns about an unclosed fence (file and line), front matter without id, and headings that can never be found; exit 0', async () => {
    const dir = folder({
      'fence.md': '# Notes\n\n## What is a fence?\n\ntext\n\n```python\nx = 1\n\n## Lost heading\n',
      'fm.md': '---\ntitle: Not used\n---\n\n## One\n\nbody\n\n##\n',
    });
    const { code, stdout } = await cli(['check', '--knowledge', dir]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^warning: fence\.md:7: this code block \(```\) is never closed/m);
    expect(stdout).toMatch(/^warning: fm\.md:1: front matter has no "id", so this file is read as plain notes: .*"title" is ignored/m);
    expect(stdout).toMatch(/^warning: fm\.md:9: heading with no title: it can never be found/m);
    expect(stdout).toMatch(/, 0 errors, 3 warnings\n/);
  });
});
