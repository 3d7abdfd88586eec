import path from 'node:path';
import { knowledgeDirProblem, loadKnowledge } from '../core/knowledge/loader.ts';
import { NO_QUIZ_REASONS } from '../core/quiz/generate/index.ts';
import type { Args } from './args.ts';

/** `interview-bot check [--knowledge DIR]`: validates a knowledge base; exit 1 on any error. */
export function checkCli(args: Args, knowledgeDefault: string): number {
  const dir = path.resolve(args.value('knowledge') ?? knowledgeDefault);
  args.positionals();
  // A folder that cannot be notes at all (missing, a file, no Markdown) is said in one line first.
  const problem = knowledgeDirProblem(dir);
  if (problem) process.stdout.write(`error: ${problem}\n`);
  const kb = loadKnowledge(dir);
  for (const issue of problem ? kb.issues.filter(i => i.line !== 0 || i.file !== dir) : kb.issues) {
    process.stdout.write(`${issue.severity}: ${issue.file}:${issue.line}: ${issue.message}\n`);
  }
  const errors = kb.issues.filter(i => i.severity === 'error').length;
  const warnings = kb.issues.length - errors;
  const withQuiz = kb.entries.filter(e => e.quiz.length > 0).length;
  const withTip = kb.entries.filter(e => e.tip !== undefined).length;
  const quiz = kb.quizCoverage;
  if (quiz) {
    // How many entries a quiz can ask, and why the others cannot (not an error: a chapter heading has nothing to ask).
    const reasons = Object.entries(quiz.without).filter(([, n]) => n > 0).map(([reason, n]) => `${n} ${NO_QUIZ_REASONS[reason as keyof typeof NO_QUIZ_REASONS]}`);
    const cannot = kb.entries.length - quiz.handWritten - quiz.generated;
    process.stdout.write(
      `quiz: ${quiz.handWritten + quiz.generated} of ${kb.entries.length} entries can be quizzed (${quiz.handWritten} hand-written, ${quiz.generated} generated: ` +
        `${quiz.items['which-question']} which-question, ${quiz.items['which-answer']} which-answer, ${quiz.items['fill-term']} fill-in, ${quiz.items['name-term']} name-the-term items)` +
        (cannot > 0 ? `; ${cannot} cannot: ${reasons.join('; ')}` : '') + '\n',
    );
  }
  // The totals stay the last line (scripts read it).
  process.stdout.write(
    `${dir}: ${kb.entries.length} entries (${withQuiz} with quiz items, ${withTip} with a daily tip), ` +
      `${kb.glossary.length} glossary groups, ${errors} errors, ${warnings} warnings\n`,
  );
  return errors > 0 || kb.entries.length === 0 ? 1 : 0;
}
