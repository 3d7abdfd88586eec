import { pick } from '../language.ts';
import { t } from '../messages.ts';
import type { Command } from './command-spec.ts';

/** /help: what the bot does and every command's usage, from the command specs themselves. */
export const helpCommand = {
  spec: {
    name: 'help',
    description: { en: 'How to use this bot', zh: '使用说明' },
    usage: ['/help'],
    options: [],
  },
  async execute(context) {
    const lang = context.lang;
    const lines = [...context.services.commands.values()].map(
      c => `• ${c.spec.usage.map(u => `\`${u}\``).join(', ')}: ${pick(c.spec.description, lang)}`,
    );
    return [
      {
        kind: 'info',
        lang,
        visibility: 'private',
        title: t(lang, 'help.title'),
        body: [t(lang, 'help.intro'), '', ...lines].join('\n'),
      },
    ];
  },
} satisfies Command;
