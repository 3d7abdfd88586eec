import path from 'node:path';
import { renderConsole } from '../adapters/console/render-console.ts';
import { KnowledgeAnswerer } from '../core/answering/knowledge-answerer.ts';
import { isUserError } from '../core/errors.ts';
import { knowledgeDirProblem, loadKnowledge } from '../core/knowledge/loader.ts';
import { t } from '../core/messages.ts';
import { detectLang, pick } from '../core/language.ts';
import type { Logger } from '../core/ports.ts';
import { systemClock } from '../host/system-ports.ts';
import type { Args } from './args.ts';
import { boundedLines } from './bounded-lines.ts';

/**
 * The longest question `ask --json`/`--jsonl` matches (characters); longer ones are matched on this
 * prefix and echoed cut. Chat refuses questions over 500 characters, but a script's input is data
 * (a pasted paragraph still names its subject early), so it gets an answer, not an error line.
 */
export const MAX_CLI_QUESTION_CHARS = 2000;

/**
 * `interview-bot ask [--knowledge DIR] [--json | --jsonl] [question]`: the contract tests,
 * benchmarks and the quality checks use. With --jsonl it reads one question a line on stdin and
 * prints one JSON object a line, in order, and nothing else on stdout.
 */
export async function askCli(args: Args, knowledgeDefault: string, logger: Logger): Promise<number> {
  const dir = path.resolve(args.value('knowledge') ?? knowledgeDefault);
  const json = args.flag('json');
  const jsonl = args.flag('jsonl');
  const question = args.positionals().join(' ');
  // A misspelt folder would otherwise decline every question with exit 0: one clear line instead.
  const problem = knowledgeDirProblem(dir);
  if (problem) {
    process.stderr.write(`interview-bot ask: ${problem}\n`);
    return 78;
  }
  // Answering needs no quiz items: not generated (a fifth of a large folder's load).
  const knowledge = loadKnowledge(dir, { quizzes: false });
  for (const issue of knowledge.issues) logger.warn({ file: issue.file, line: issue.line }, issue.message);
  const answerer = new KnowledgeAnswerer({
    knowledge,
    clock: systemClock(),
    logger,
  });
  const asJson = (q: string) => {
    const r = answerer.match(q);
    return JSON.stringify({ query: q, outcome: r.outcome, answer: r.answer, suggestions: r.suggestions });
  };
  if (jsonl) {
    for await (const line of boundedLines(process.stdin, MAX_CLI_QUESTION_CHARS)) {
      if (line.truncated) logger.warn({ keptChars: MAX_CLI_QUESTION_CHARS }, 'ask --jsonl: a question was too long; matched on its beginning');
      if (!process.stdout.write(asJson(line.text) + '\n')) await new Promise(resolve => process.stdout.once('drain', resolve));
    }
    return 0;
  }
  if (!question.trim()) {
    process.stderr.write('usage: interview-bot ask [--knowledge DIR] [--json] "question"  |  ask --jsonl < questions.txt\n');
    return 2;
  }
  if (json) {
    process.stdout.write(JSON.stringify(askJson(answerer, truncate(question))) + '\n');
    return 0;
  }
  const invocation = { platform: 'console', workspace: 'console', channel: 'cli', user: { id: 'cli', canManage: true }, lang: detectLang(question) } as const;
  try {
    for (const reply of answerer.ask(question, invocation)) process.stdout.write(renderConsole(reply, { color: Boolean(process.stdout.isTTY) }) + '\n');
    return 0;
  } catch (error) {
    if (!isUserError(error)) throw error;
    process.stdout.write(t(invocation.lang, `error.${error.code}`, error.params) + '\n');
    return 1;
  }
}

/**
 * What `ask --json` prints: the `--jsonl` object (query, outcome, answer, suggestions with their
 * titles) plus what a script needs to use the answer: its Markdown (in the question's language when
 * the entry has it) and where it comes from. `--jsonl` keeps its own, smaller contract.
 */
export function askJson(answerer: KnowledgeAnswerer, query: string) {
  const r = answerer.match(query);
  const entry = r.answer ? answerer.entryById(r.answer.id) : undefined;
  const markdown = entry ? (entry.body[detectLang(query)] ?? Object.values(entry.body)[0] ?? '') : null;
  return {
    query,
    outcome: r.outcome,
    answer: r.answer,
    suggestions: r.suggestions,
    markdown,
    // A whole-file entry's heading is its title: named in the question's language.
    source: entry ? { file: entry.source.file, heading: entry.source.level === 0 ? pick(entry.title, detectLang(query)) : entry.source.heading, line: entry.source.line } : null,
  };
}

/** `text` cut to {@link MAX_CLI_QUESTION_CHARS}, never inside a surrogate pair. */
function truncate(text: string): string {
  if (text.length <= MAX_CLI_QUESTION_CHARS) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[MAX_CLI_QUESTION_CHARS - 1]!) ? MAX_CLI_QUESTION_CHARS - 1 : MAX_CLI_QUESTION_CHARS;
  return text.slice(0, cut);
}
