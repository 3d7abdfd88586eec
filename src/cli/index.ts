import 'dotenv/config';
import { askCli } from './ask.ts';
import { Args } from './args.ts';
import { checkCli } from './check.ts';
import { createLogger } from '../host/logger.ts';
import { PROJECT_ROOT } from '../config.ts';
import path from 'node:path';

const USAGE = `usage: interview-bot <command>
  start                         run the bot (Discord/Slack when configured, else the console chat)
  ask [--knowledge DIR] [--json|--jsonl] "question"
  check [--knowledge DIR]       validate a knowledge base
  quiz-preview [--knowledge DIR] [--topic T] [--n N] [--jsonl]  the quiz items generated from the notes
  stats [--low N] [--json]      declines, "did you mean" picks, 👎 answers, low-confidence answers
  register-commands [--global | --dry-run]  register the Discord slash commands (--dry-run: print them, no token)
  aliases list|accept|reject|export  aliases learned from "did you mean" picks and 👍/👎 (alone: its usage)
  dashboard-link [--hours N]    a signed link to the dashboard (DASHBOARD_PORT), working for N hours (24)`;

/** The command-line program: `interview-bot <command>` (every command also has an npm script). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const args = new Args(rest);
  const knowledgeDefault = process.env.KNOWLEDGE_DIR ?? path.join(PROJECT_ROOT, 'knowledge');
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  switch (command) {
    case 'ask':
      return askCli(args, knowledgeDefault, logger);
    case 'check':
      return checkCli(args, knowledgeDefault);
    case 'quiz-preview': {
      const { quizPreviewCli } = await import('./quiz-preview.ts');
      return quizPreviewCli(args, knowledgeDefault);
    }
    case 'stats': {
      const { statsCli } = await import('./stats.ts');
      return statsCli(args);
    }
    case 'register-commands': {
      const { registerCommandsCli } = await import('./register-commands.ts');
      return registerCommandsCli(args, logger);
    }
    case 'aliases': {
      const { aliasesCli } = await import('./aliases.ts');
      return aliasesCli(args, knowledgeDefault);
    }
    case 'dashboard-link': {
      const { dashboardLinkCli } = await import('./dashboard-link.ts');
      return dashboardLinkCli(args);
    }
    case 'start': {
      const { main } = await import('../host/main.ts');
      await main();
      return 0;
    }
    default:
      process.stderr.write(USAGE + '\n');
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

runCli(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
