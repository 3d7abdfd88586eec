import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Entry, KnowledgeBase } from '../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import type { Lang, Localized } from '../../src/core/language.ts';

/**
 * Guards the knowledge base the bot ships (`knowledge/`): that it loads cleanly, that every entry is
 * complete in both languages with quiz items and a daily tip, that every Python example runs and
 * prints what its ```output block says, that the dev questions are answered (or declined) as expected,
 * and that the corrections made to the seed notes are still there.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KNOWLEDGE = path.join(ROOT, 'knowledge');
const DEV_QUESTIONS = path.resolve(ROOT, '../shared/eval/dev-questions.jsonl');

const HAN = /\p{Script=Han}/u;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CORE_TAGS = ['concurrency', 'memory', 'language', 'cloud', 'stdlib'];
const MIN_BODY = 80;

const kb: KnowledgeBase = loadKnowledge(KNOWLEDGE);

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Helpers

interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs a command in its own process group; on timeout the whole group is killed. */
function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs: number }): Promise<RunResult> {
  return new Promise(resolve => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.on('error', error => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: stderr + String(error), timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => {}); // a child that exits early must not fail the write
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `tasks` with at most `limit` in flight; results keep the tasks' order. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Both languages of a localized text, or what is missing. */
function bilingual(text: Localized | undefined, what: string, minLength = 1): string[] {
  if (text === undefined) return [`${what} is missing`];
  if (typeof text === 'string') return [`${what} is a plain string, not { zh, en }`];
  const problems: string[] = [];
  for (const lang of ['zh', 'en'] as const) {
    const value = text[lang]?.trim() ?? '';
    if (value.length < minLength) problems.push(`${what}.${lang} is ${value ? `only ${value.length} characters` : 'missing'}`);
  }
  if (text.zh && !HAN.test(text.zh)) problems.push(`${what}.zh has no Chinese characters`);
  return problems;
}

function variants(text: Localized | undefined): string[] {
  if (text === undefined) return [];
  if (typeof text === 'string') return [text];
  return Object.values(text).filter((v): v is string => typeof v === 'string');
}

function textOf(text: Localized | undefined, lang: Lang): string {
  if (text === undefined) return '';
  return typeof text === 'string' ? text : (text[lang] ?? '');
}

/** Statements an entry makes (not questions, not wrong options): bodies, explanations, correct options, tip answers. */
function statements(entry: Entry): string[] {
  const out: string[] = [...variants(entry.body.zh), ...variants(entry.body.en)];
  for (const item of entry.quiz) {
    out.push(...variants(item.explanation));
    if (item.type === 'choice') out.push(...variants(item.options['ABCD'.indexOf(item.answer)]));
  }
  out.push(...variants(entry.tip?.answer));
  return out;
}

/** Splits text into sentences (Chinese and English punctuation, line ends; "3.14" stays whole). */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|[。！？；;\n]/)
    .map(s => s.trim())
    .filter(Boolean);
}

function entryById(id: string): Entry {
  const entry = kb.entries.find(e => e.id === id);
  if (!entry) throw new Error(`entry "${id}" is not in knowledge/ (renamed or removed?); this check guards a fact users rely on`);
  return entry;
}

interface CodeBlock {
  readonly lang: string;
  readonly content: string;
  /** The next block, when only blank lines separate it from this one. */
  followedBy?: CodeBlock;
}

/** Fenced code blocks of a Markdown text (``` or ~~~, any fence length). */
function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: { block: CodeBlock; start: number; end: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j]!)) j++;
    blocks.push({ block: { lang: open[2]!.toLowerCase(), content: lines.slice(i + 1, j).join('\n') }, start: i, end: j });
    i = j;
  }
  for (let k = 0; k + 1 < blocks.length; k++) {
    const between = lines.slice(blocks[k]!.end + 1, blocks[k + 1]!.start);
    if (between.every(l => l.trim() === '')) blocks[k]!.block.followedBy = blocks[k + 1]!.block;
  }
  return blocks.map(b => b.block);
}

const firstLines = (code: string, n = 3): string => code.split('\n').filter(l => l.trim()).slice(0, n).join(' ⏎ ');

// ---------------------------------------------------------------------------------------------

describe('the shipped knowledge base (knowledge/)', () => {
  it('loads with no errors, and `npm run check` exits 0', async () => {
    const errors = kb.issues.filter(i => i.severity === 'error').map(i => `${i.file}:${i.line}: ${i.message}`);
    expect(errors, `load errors:\n${errors.join('\n')}`).toEqual([]);
    const r = await run('npm', ['run', '--silent', 'check', '--', '--knowledge', KNOWLEDGE], { cwd: ROOT, timeoutMs: 30_000 });
    expect(r.code, `npm run check exited ${r.code}${r.timedOut ? ' (timed out)' : ''}:\n${r.stdout}\n${r.stderr}`).toBe(0);
  });

  it('has 25–40 entries, one per file, with unique kebab-case ids', () => {
    expect(kb.entries.length, 'number of entries').toBeGreaterThanOrEqual(25);
    expect(kb.entries.length, 'number of entries').toBeLessThanOrEqual(40);
    const problems: string[] = [];
    const ids = kb.entries.map(e => e.id);
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`duplicate id ${id}`);
    // The loader keeps the first of two entries with one id and reports the other.
    for (const issue of kb.issues.filter(i => /duplicate id/.test(i.message))) problems.push(`${issue.file}: ${issue.message}`);
    for (const id of ids.filter(id => !KEBAB.test(id))) problems.push(`id "${id}" is not kebab-case`);
    // Every entry is a rich one (a whole file): a file without front matter would split into heading entries.
    for (const e of kb.entries.filter(e => e.source.level !== 0)) problems.push(`${e.id} (${e.source.file}) is not a rich entry`);
    expect(problems).toEqual([]);
  });

  it('every entry has a bilingual title and body, aliases in both scripts and a core tag', () => {
    const problems: string[] = [];
    for (const e of kb.entries) {
      const p = (msg: string): void => void problems.push(`${e.id}: ${msg}`);
      bilingual(e.title, 'title').forEach(p);
      bilingual(e.body, 'body', MIN_BODY).forEach(p);
      if (!e.aliases.some(a => HAN.test(a))) p('no alias with Chinese characters');
      if (!e.aliases.some(a => a.trim() && !HAN.test(a))) p('no alias without Chinese characters');
      if (!e.tags.some(t => CORE_TAGS.includes(t))) p(`no tag from ${CORE_TAGS.join('/')} (has ${e.tags.join(', ') || 'none'})`);
    }
    expect(problems).toEqual([]);
  });

  it('every entry has ≥ 3 well-formed quiz items (≥ 1 choice, ≥ 1 short) and a bilingual tip', () => {
    const problems: string[] = [];
    for (const e of kb.entries) {
      const p = (msg: string): void => void problems.push(`${e.id}: ${msg}`);
      if (e.quiz.length < 3) p(`${e.quiz.length} quiz items, want ≥ 3`);
      if (!e.quiz.some(q => q.type === 'choice')) p('no choice quiz item');
      if (!e.quiz.some(q => q.type === 'short')) p('no short quiz item');
      e.quiz.forEach((q, n) => {
        const at = `quiz[${n}] (${q.type})`;
        bilingual(q.question, `${at} question`).forEach(p);
        if (q.type === 'choice') {
          if (q.options.length !== 4) p(`${at} has ${q.options.length} options, want 4`);
          if (!/^[A-D]$/.test(q.answer)) p(`${at} answer "${q.answer}" is not a letter A–D`);
          bilingual(q.explanation, `${at} explanation`).forEach(p);
          for (const lang of ['zh', 'en'] as const) {
            const texts = q.options.map(o => textOf(o, lang).trim().toLowerCase());
            if (texts.some(t => !t)) p(`${at} has an option without ${lang} text`);
            if (new Set(texts).size !== texts.length) p(`${at} options are not distinct in ${lang}: ${texts.join(' | ')}`);
          }
        } else {
          if (q.accept.length === 0 || q.accept.some(a => !a.trim())) p(`${at} accepts nothing or an empty answer`);
          // What the content does: every short item accepts at least one answer without Han characters
          // (often only language-neutral identifiers such as `asyncio.run` or `PEP 703`), so an English
          // speaker can always answer. Not every item lists a Chinese answer too, so that is not asserted.
          if (!q.accept.some(a => a.trim() && !HAN.test(a))) p(`${at} accepts only answers with Chinese characters: ${q.accept.join(', ')}`);
        }
      });
      if (!e.tip) p('no tip');
      else {
        bilingual(e.tip.question, 'tip question').forEach(p);
        bilingual(e.tip.answer, 'tip answer').forEach(p);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every ```python example runs with python3 and prints its ```output block', { timeout: 60_000 }, async () => {
    interface Example {
      readonly code: string;
      readonly ids: Set<string>;
      readonly expected: Map<string, Set<string>>; // expected output -> entry ids
    }
    const examples = new Map<string, Example>();
    for (const e of kb.entries) {
      for (const lang of ['zh', 'en'] as const) {
        for (const block of codeBlocks(e.body[lang] ?? '')) {
          if (block.lang !== 'python' && block.lang !== 'py') continue;
          const ex = examples.get(block.content) ?? { code: block.content, ids: new Set<string>(), expected: new Map<string, Set<string>>() };
          examples.set(block.content, ex);
          ex.ids.add(e.id);
          if (block.followedBy?.lang === 'output') {
            const want = block.followedBy.content.replace(/\r\n?/g, '\n');
            ex.expected.set(want, (ex.expected.get(want) ?? new Set<string>()).add(`${e.id} (${lang})`));
          }
        }
      }
    }
    expect(examples.size, 'no python examples found at all').toBeGreaterThan(0);

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'interview-bot-examples-'));
    tempDirs.push(root);
    // The example alone decides what runs: no inherited PYTHON* settings (PYTHONPATH, PYTHONSTARTUP …).
    const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PYTHON')));
    Object.assign(env, { PYTHONHASHSEED: '0', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' });

    const list = [...examples.values()];
    const results = await pool(
      list.map((ex, n) => async () => {
        const cwd = fs.mkdtempSync(path.join(root, `ex${n}-`));
        fs.writeFileSync(path.join(cwd, 'example.py'), ex.code + '\n');
        return run('python3', ['example.py'], { cwd, env, timeoutMs: 10_000 });
      }),
      4,
    );

    const failures: string[] = [];
    list.forEach((ex, n) => {
      const r = results[n]!;
      const where = `${[...ex.ids].join(', ')}: «${firstLines(ex.code)}»`;
      if (r.timedOut) failures.push(`${where}\n  timed out after 10 s`);
      else if (r.code !== 0) failures.push(`${where}\n  exited ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join('\n  ')}`);
      if (r.timedOut || r.code !== 0) return;
      const got = r.stdout.replace(/\r\n?/g, '\n').trim();
      for (const [want, owners] of ex.expected) {
        if (got !== want) failures.push(`${[...owners].join(', ')}: «${firstLines(ex.code)}»\n  printed:\n${got}\n  the output block says:\n${want}`);
      }
    });
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it.skipIf(!fs.existsSync(DEV_QUESTIONS))(
    `answers the dev questions through the ask contract${fs.existsSync(DEV_QUESTIONS) ? '' : ' (skipped: ../shared/eval/dev-questions.jsonl not found)'}`,
    { timeout: 60_000 },
    async () => {
      const questions = fs
        .readFileSync(DEV_QUESTIONS, 'utf8')
        .split('\n')
        .filter(l => l.trim())
        .map(l => JSON.parse(l) as { q: string; expect: string | null });
      expect(questions.length).toBeGreaterThan(0);
      const r = await run('npm', ['run', '--silent', 'ask', '--', '--knowledge', KNOWLEDGE, '--jsonl'], {
        cwd: ROOT,
        input: questions.map(q => q.q).join('\n') + '\n',
        timeoutMs: 50_000,
      });
      expect(r.code, `the ask command exited ${r.code}${r.timedOut ? ' (timed out)' : ''}:\n${r.stderr}`).toBe(0);
      const answers = r.stdout
        .trim()
        .split('\n')
        .filter(l => l.startsWith('{'))
        .map(l => JSON.parse(l) as { answer: { title: string } | null });
      expect(answers.length, 'one answer line per question').toBe(questions.length);
      const misses: string[] = [];
      questions.forEach(({ q, expect: want }, i) => {
        const title = answers[i]!.answer?.title ?? null;
        if (want === null ? title !== null : title === null || !new RegExp(want, 'i').test(title)) {
          misses.push(`${q} -> ${title ?? '(declined)'}; want ${want === null ? 'declined' : `/${want}/i`}`);
        }
      });
      expect(misses, misses.join('\n')).toEqual([]);
    },
  );

  it('keeps the corrections of the seed notes', () => {
    const problems: string[] = [];

    // pymalloc: the small-object threshold is 512 bytes, not "256K/265K".
    const pymalloc = entryById('python-pymalloc');
    for (const lang of ['zh', 'en'] as const) {
      if (!sentences(pymalloc.body[lang] ?? '').some(s => /\b512\b/.test(s) && /bytes?|字节/i.test(s))) {
        problems.push(`python-pymalloc: the ${lang} body does not give 512 bytes as the threshold`);
      }
    }
    for (const item of pymalloc.quiz) {
      if (item.type !== 'choice') continue;
      const i512 = item.options.findIndex(o => variants(o).some(v => /\b512\b/.test(v)));
      if (i512 >= 0 && 'ABCD'[i512] !== item.answer) problems.push(`python-pymalloc: a choice item offers 512 but its answer is ${item.answer}`);
    }
    const SIZE_256K = /\b2(?:56|65)\s*K(?:i?B)?\b/i;
    const THRESHOLD = /threshold|阈值|limit|上限|under|below|less than|smaller than|小于|以下|以内|small[- ]object|小对象|内存池|memory pool|use the pool/i;
    const REFUTED = /wrong|incorrect|\bnot\b|isn't|myth|misconception|mistaken|actually|不对|错|误|不是|并非|其实/i;
    for (const e of kb.entries) {
      for (const s of statements(e).flatMap(sentences)) {
        if (SIZE_256K.test(s) && THRESHOLD.test(s) && !REFUTED.test(s)) problems.push(`${e.id}: seems to give 256K/265K as the small-object threshold: «${s}»`);
      }
    }

    // Free-threading: PEP 703, experimental in 3.13.
    const ft = entryById('python-free-threading');
    for (const lang of ['zh', 'en'] as const) {
      const body = ft.body[lang] ?? '';
      if (!/PEP\s*703/i.test(body)) problems.push(`python-free-threading: the ${lang} body does not mention PEP 703`);
      if (!/\b3\.13\b/.test(body)) problems.push(`python-free-threading: the ${lang} body does not mention 3.13`);
    }

    // Generational GC: the incremental collector of 3.14 (and its revert) is mentioned.
    const gc = entryById('python-generational-gc');
    for (const [lang, word] of [['zh', /增量/], ['en', /incremental/i]] as const) {
      if (!(gc.body[lang] ?? '').split('\n').some(l => /\b3\.14/.test(l) && word.test(l))) {
        problems.push(`python-generational-gc: the ${lang} body does not mention the 3.14 incremental collector`);
      }
    }

    // Coroutines vs threads: native coroutines are stackless, not "each with its own stack".
    const cvt = entryById('python-coroutines-vs-threads');
    if (!/stackless/i.test(cvt.body.en ?? '')) problems.push('python-coroutines-vs-threads: the en body does not say native coroutines are stackless');
    if (!/无栈/.test(cvt.body.zh ?? '')) problems.push('python-coroutines-vs-threads: the zh body does not say native coroutines are stackless (无栈)');
    const OWN_STACK = /own (?:call )?stack|separate stack|独立的?(?:调用)?栈|自己的.{0,4}栈/i;
    const COROUTINE = /coroutine|协程|async def/i;
    const QUALIFIED = /stackful|有栈|greenlet|gevent|goroutine|stackless|无栈|\bnot?\b|n't|不|没有|没/i;
    for (const e of kb.entries) {
      for (const s of statements(e).flatMap(sentences)) {
        if (OWN_STACK.test(s) && COROUTINE.test(s) && !QUALIFIED.test(s)) problems.push(`${e.id}: seems to say coroutines each have their own stack: «${s}»`);
      }
    }
    for (const item of cvt.quiz) {
      if (item.type !== 'choice' || !variants(item.question).some(v => /stackful|有栈/i.test(v))) continue;
      const right = variants(item.options['ABCD'.indexOf(item.answer)]).join(' ');
      if (/async def|native|原生/i.test(right)) problems.push(`python-coroutines-vs-threads: the stackful-coroutine quiz item gives a native coroutine as the answer: ${right}`);
    }

    expect(problems).toEqual([]);
  });

  it('keeps the corrections of the fact-check against the CPython sources', () => {
    const problems: string[] = [];
    /** Each language's body must have a line (a paragraph or list item) matching every pattern of `all`, and none of `none`. */
    const says = (id: string, what: string, all: Record<Lang, readonly RegExp[]>, none: readonly RegExp[] = []): void => {
      const entry = entryById(id);
      for (const lang of ['zh', 'en'] as const) {
        const body = entry.body[lang] ?? '';
        if (!body.split('\n').some(line => all[lang].every(re => re.test(line)))) problems.push(`${id} (${lang}): does not say ${what}`);
        for (const re of none) if (re.test(body)) problems.push(`${id} (${lang}): still says ${re}`);
      }
    };
    // Only PyMem_Malloc moved to pymalloc in 3.6; PyObject_Malloc has used it since 2.3.
    says('python-memory-layers', 'PyObject_Malloc uses pymalloc since 2.3', { zh: [/PyObject_Malloc/, /\b2\.3\b/], en: [/PyObject_Malloc/, /\b2\.3\b/] }, [
      /both pymalloc by default since 3\.6/,
      /3\.6 起默认都走/,
    ]);
    says('python-memory-layers', 'PyMem_Malloc moved to pymalloc in 3.6', { zh: [/PyMem_Malloc/, /\b3\.6\b/], en: [/PyMem_Malloc/, /\b3\.6\b/] });
    // 256 KiB arenas are still what 32-bit builds use, not only "older versions".
    says('python-memory-layers', '256 KiB arenas are still used on 32-bit builds', { zh: [/256 KiB/, /32 位/], en: [/256 KiB/, /32-bit/] }, [/in older versions\./, /旧版本一个 arena/]);
    // faulthandler is off by default and can do nothing for SIGKILL or os._exit().
    says('python-thread-exception', 'faulthandler is off by default', { zh: [/faulthandler/, /默认是关闭/], en: [/faulthandler/, /off by default/] });
    says('python-thread-exception', 'faulthandler cannot help with SIGKILL or os._exit()', { zh: [/SIGKILL/, /os\._exit/], en: [/SIGKILL/, /os\._exit/] });
    // Since 3.9 one empty arena is kept (bpo-37257); glibc's 128 KiB mmap threshold is only where it starts.
    says('python-memory-release-to-os', 'one empty arena is kept since 3.9', { zh: [/3\.9/, /bpo-37257/], en: [/3\.9/, /bpo-37257/] });
    says('python-memory-release-to-os', "glibc's mmap threshold moves", { zh: [/128 KiB/, /动态/], en: [/128 KiB/, /dynamically/] }, [/128 KiB and up by default/]);
    // pycore_obmalloc.h exists from 3.12 (Objects/obmalloc.c before).
    says('python-pymalloc', 'where the figures live before and since 3.12', { zh: [/pycore_obmalloc\.h/, /3\.12/, /obmalloc\.c/], en: [/pycore_obmalloc\.h/, /3\.12/, /obmalloc\.c/] });
    // Weak references are cleared before __del__ runs (then a resurrection check), not after.
    says('python-cycle-collector', 'weak references are cleared before the finalizers run', { zh: [/弱引用/, /然后/, /__del__/, /复活/], en: [/weak references/, /then/i, /__del__/, /resurrect/] }, [
      /finalizers \(`__del__`\) run and weak references are dealt with/,
      /调用终结器（`__del__`）并处理弱引用/,
    ]);
    // A NumPy slice is a new array object sharing the data (a view), not "nothing copied".
    says('python-slice-shallow-copy', 'a NumPy slice is a new array object that shares the data', { zh: [/NumPy/, /新的数组对象/, /视图/], en: [/NumPy/, /new array object/, /view/] }, [/copy nothing at all/, /连外层都不复制/]);
    // gc.get_threshold() is (2000, 10, 0) on 3.14.0–3.14.4.
    says('python-generational-gc', 'the thresholds of 3.14.0–3.14.4', { zh: [/3\.14\.0–3\.14\.4/, /\(2000, 10, 0\)/], en: [/3\.14\.0–3\.14\.4/, /\(2000, 10, 0\)/] });
    // The free-threaded build has no plain ob_refcnt field.
    says('python-reference-counting', 'the free-threaded build splits the count', { zh: [/ob_ref_local/, /ob_ref_shared/, /自由线程/], en: [/ob_ref_local/, /ob_ref_shared/, /free-threaded/] });
    expect(problems).toEqual([]);
  });
});
