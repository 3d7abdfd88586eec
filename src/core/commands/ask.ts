import type { Command } from './command-spec.ts';

/** /ask <question> [public]: answers a question; only the asker sees it unless `public` is given. */
export const askCommand = {
  spec: {
    name: 'ask',
    description: { en: 'Ask an interview question', zh: '问一个面试题' },
    usage: ['/ask <question> [public]'],
    rateLimit: 'question',
    options: [
      {
        name: 'question',
        type: 'string',
        description: { en: 'Your question, in English or Chinese', zh: '你的问题（中文或英文）' },
        required: true,
        autocomplete: true,
        maxLength: 500,
        rest: true,
      },
      { name: 'public', type: 'boolean', description: { en: 'Show the answer to the whole channel', zh: '让频道里所有人都看到答案' } },
    ],
  },
  async execute(context, args) {
    const question = String(args.options.question ?? '');
    // "/ask hi" or "/ask tell me more" is answered like the same words in a mention.
    const turn = context.services.conversation.respond(question, context);
    const replies = turn?.kind === 'replies' ? turn.replies : context.services.answerer.ask(question, context);
    const visibility = args.options.public === true ? 'public' : 'private';
    return replies.map(r => ({ ...r, visibility }));
  },
} satisfies Command;
