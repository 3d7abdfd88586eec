import { UserError } from '../errors.ts';
import type { Command, OptionSpec, OptionValue } from './command-spec.ts';

const MAX_QUESTIONS = 20;

const topicOption: OptionSpec = {
  name: 'topic',
  type: 'string',
  description: { en: 'Only questions with this tag (default: all topics)', zh: '只出这个主题的题（默认：全部主题）' },
  choices: 'topics',
  maxLength: 64,
};

const questionsOption: OptionSpec = {
  name: 'questions',
  type: 'integer',
  description: { en: `How many questions (default 5, at most ${MAX_QUESTIONS})`, zh: `题目数量（默认 5，最多 ${MAX_QUESTIONS}）` },
  minValue: 1,
  maxValue: MAX_QUESTIONS,
};

const secondsOption: OptionSpec = {
  name: 'seconds',
  type: 'integer',
  description: { en: 'Seconds per question (default 30; the hint comes at half time)', zh: '每题秒数（默认 30，过半时给提示）' },
  minValue: 10,
  maxValue: 300,
};

/**
 * /quiz: a quiz in this channel (buttons for multiple choice, typed answers for the rest), its
 * leaderboard, your own record, and a review of what you missed. The work is in QuizService.
 */
export const quizCommand = {
  spec: {
    name: 'quiz',
    description: { en: 'Interview quiz in this channel', zh: '在这个频道里做面试测验' },
    usage: [
      '/quiz [topic] [questions] [seconds]',
      '/quiz stop',
      '/quiz scores',
      '/quiz me',
      '/quiz review [topic] [questions]',
    ],
    defaultSubcommand: 'start',
    subcommands: [
      {
        name: 'start',
        description: { en: 'Start a quiz (one per channel)', zh: '开始一个测验（每个频道同时只能有一个）' },
        options: [topicOption, questionsOption, secondsOption],
        rateLimit: 'quiz',
      },
      { name: 'stop', description: { en: 'Stop the quiz in this channel', zh: '结束这个频道的测验' }, options: [] },
      { name: 'scores', description: { en: 'The leaderboard of this server/workspace', zh: '这个服务器/工作区的排行榜' }, options: [] },
      { name: 'me', description: { en: 'Your own record by topic', zh: '你自己按主题的成绩' }, options: [] },
      {
        name: 'review',
        description: { en: 'A quiz that asks what you missed first (spaced repetition)', zh: '先考你答错过的题（间隔重复）' },
        options: [topicOption, questionsOption],
        rateLimit: 'quiz',
      },
    ],
  },
  async execute(context, args) {
    const quiz = context.services.quiz;
    const { options } = args;
    switch (args.subcommand ?? 'start') {
      case 'start':
        return quiz.start(context, {
          topic: text(options.topic),
          questions: integer(options.questions),
          seconds: integer(options.seconds),
        });
      case 'review':
        return quiz.review(context, { topic: text(options.topic), questions: integer(options.questions) });
      case 'stop':
        return quiz.stop(context);
      case 'scores':
        return quiz.scores(context);
      case 'me':
        return quiz.me(context);
      default:
        throw new UserError('bad-arguments', { detail: `unknown subcommand ${args.subcommand}`, usage: '/quiz [topic] [questions] [seconds]' });
    }
  },
} satisfies Command;

function text(value: OptionValue | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function integer(value: OptionValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}
