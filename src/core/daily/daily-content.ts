import type { Entry, QuizItem } from '../knowledge/entry.ts';
import { pick, type Lang } from '../language.ts';
import { t } from '../messages.ts';
import { encodeAction } from '../reply/actions.ts';
import type { Reply } from '../reply/reply.ts';

/**
 * What a daily post shows, from an entry:
 * - question: the tip's question; else the first hand-written quiz item's question; else the
 *   entry's title (a plain note's items are generated: its title is the better daily question);
 * - answer: the tip's answer; else that quiz item's answer (with its explanation); else the first
 *   paragraph of the body (the summary), with "Show the whole answer" for the rest.
 */
export function dailyQuestion(entry: Entry, lang: Lang): string {
  if (entry.tip !== undefined) return pick(entry.tip.question, lang);
  const item = handWritten(entry);
  if (item !== undefined) return pick(item.question, lang);
  return pick(entry.title, lang);
}

/** The first hand-written quiz item (generated ones are for quizzes, not for the daily post). */
function handWritten(entry: Entry): QuizItem | undefined {
  const item = entry.quiz[0];
  return item === undefined || item.generated !== undefined ? undefined : item;
}

/** Whether the daily answer is the summary of a longer body (then a button shows the whole of it). */
export function answerIsSummary(entry: Entry, lang: Lang): boolean {
  if (entry.tip !== undefined || handWritten(entry) !== undefined) return false;
  return firstParagraph(bodyOf(entry, lang)).length < bodyOf(entry, lang).trim().length;
}

function bodyOf(entry: Entry, lang: Lang): string {
  return entry.body[lang] ?? entry.body[lang === 'zh' ? 'en' : 'zh'] ?? Object.values(entry.body)[0] ?? '';
}

export function dailyAnswer(entry: Entry, lang: Lang): string {
  if (entry.tip !== undefined) return pick(entry.tip.answer, lang);
  const item = handWritten(entry);
  if (item !== undefined) {
    let answer: string;
    if (item.type === 'choice') {
      const index = item.answer.charCodeAt(0) - 'A'.charCodeAt(0);
      answer = `**${item.answer}.** ${pick(item.options[index], lang)}`;
    } else {
      answer = `**${item.accept[0] ?? ''}**`;
    }
    const explanation = pick(item.explanation, lang);
    return explanation === '' ? answer : `${answer}\n\n${explanation}`;
  }
  const body = entry.body[lang] ?? entry.body[lang === 'zh' ? 'en' : 'zh'] ?? Object.values(entry.body)[0] ?? '';
  return firstParagraph(body) || pick(entry.title, lang);
}

/**
 * The first paragraph of a Markdown body: the first run of non-blank lines. A fenced code block is
 * kept whole (blank lines inside it do not end the paragraph).
 */
export function firstParagraph(markdown: string): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) fence = marker;
    else if (fence !== undefined && marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) {
      out.push(line);
      fence = undefined;
      continue;
    }
    if (fence === undefined && line.trim() === '') {
      if (out.length > 0) break;
      continue;
    }
    out.push(line);
  }
  return out.join('\n').trim();
}

/** The public post: the question with a "Show answer" button. */
export function postReply(entry: Entry, postId: string, lang: Lang, footer: string): Reply {
  return {
    kind: 'daily-post',
    lang,
    visibility: 'public',
    title: t(lang, 'daily.post-title'),
    body: dailyQuestion(entry, lang),
    footer,
    buttons: [
      {
        label: t(lang, 'daily.show-answer'),
        action: encodeAction({ type: 'daily-reveal', post: postId }),
        style: 'primary',
      },
    ],
  };
}

/** The answer, public (the reveal in the channel) or private (the button). */
export function answerReply(entry: Entry, lang: Lang, title: string, visibility: Reply['visibility']): Reply {
  return {
    kind: 'daily-answer',
    lang,
    visibility,
    title,
    body: `**${dailyQuestion(entry, lang)}**\n\n${dailyAnswer(entry, lang)}`,
    source: { file: entry.source.file, heading: entry.source.heading, line: entry.source.line },
    ...(answerIsSummary(entry, lang)
      ? { buttons: [{ label: t(lang, 'daily.show-whole'), action: encodeAction({ type: 'more', ref: entry.ref, part: 0 }) }] }
      : {}),
  };
}
