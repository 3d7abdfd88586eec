import { entryTopics, topicCounts } from '../knowledge/topics.ts';
import { pick } from '../language.ts';
import { t } from '../messages.ts';
import type { Command } from './command-spec.ts';

/** /topics: the topics of the knowledge base (tags; folder, file and H1 names of plain notes) with a few example titles each. */
export const topicsCommand = {
  spec: {
    name: 'topics',
    description: { en: 'What I can answer', zh: '我能回答哪些主题' },
    usage: ['/topics'],
    options: [],
  },
  async execute(context) {
    const lang = context.lang;
    const answerer = context.services.answerer;
    const entries = answerer.entries();
    const lines = topicCounts(entries).map(({ tag, count }) => {
      const examples = entries.filter(e => entryTopics(e).includes(tag)).slice(0, 3).map(e => pick(e.title, lang));
      return `• ${t(lang, 'topics.line', { topic: tag, count, examples: examples.join(' · ') })}`;
    });
    const untagged = entries.filter(e => entryTopics(e).length === 0);
    if (untagged.length > 0) {
      lines.push(
        `• ${t(lang, 'topics.line', { topic: t(lang, 'topics.untagged'), count: untagged.length, examples: untagged.slice(0, 3).map(e => pick(e.title, lang)).join(' · ') })}`,
      );
    }
    return [{ kind: 'info', lang, visibility: 'private', title: t(lang, 'topics.title'), body: lines.join('\n') }];
  },
} satisfies Command;
