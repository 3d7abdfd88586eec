/**
 * Asks every heading of a notes folder back as a question and counts how often the bot answers with
 * that heading's own note: a measure that needs no labelled questions, for notes nobody has written
 * questions for. Headings with no answer under them (no words, no sub-headings) are skipped, as are
 * one-word English titles. Styles:
 *   plain  the title as written
 *   chat   wrapped in chat ("hey <@U12345> quick q, <title in lower case>?? thx 🙏")
 *   zhchat wrapped in Chinese chat ("大佬们问一下，<title>？求解答，谢谢！")
 *   typo   the first two letters of the first word of four letters or more swapped
 * An answer with another note of the same title (a question asked twice in the notes) counts as right.
 * Usage: npx tsx scripts/title-recall.ts --knowledge DIR [--style plain|chat|zhchat|typo] [--show N]
 */
import { Args } from '../src/cli/args.ts';
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import { detectLang, pick } from '../src/core/language.ts';
import { answersNothing } from '../src/core/matching/entry-structure.ts';
import { BUILTIN_GLOSSARY } from '../src/core/matching/glossary-data.ts';
import { Matcher } from '../src/core/matching/matcher.ts';
import { createJiebaSegmenter } from '../src/core/matching/segmenter.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../src/core/matching/stopwords.ts';

const STYLES: Record<string, (title: string) => string> = {
  plain: t => t,
  chat: t => `hey <@U12345> quick q, ${t.toLowerCase().replace(/[?？]/g, '')}?? thx 🙏`,
  zhchat: t => `大佬们问一下，${t.replace(/[?？]/g, '')}？求解答，谢谢！`,
  typo: t => t.replace(/\b([a-z])([a-z])([a-z]{2,})/i, (_m, a: string, b: string, rest: string) => b + a + rest),
};

const args = new Args(process.argv.slice(2));
const dir = args.value('knowledge');
const style = args.value('style') ?? 'plain';
const show = Number(args.value('show') ?? 10);
if (!dir || !STYLES[style]) {
  console.error(`usage: npx tsx scripts/title-recall.ts --knowledge DIR [--style ${Object.keys(STYLES).join('|')}] [--show N]`);
  process.exit(2);
}
const kb = loadKnowledge(dir, { quizzes: false }); // matching only: no quiz items to generate
const matcher = new Matcher({ entries: kb.entries, glossary: [...BUILTIN_GLOSSARY, ...kb.glossary], stopwordsEn: STOPWORDS_EN, stopwordsZh: STOPWORDS_ZH, segmenter: createJiebaSegmenter() });
const key = (s: string) => s.toLowerCase().replace(/[\s\p{P}]+/gu, ' ').trim();
const titleOf = (e: (typeof kb.entries)[number]) => pick(e.title, 'en') || pick(e.title, 'zh');
const counts = { asked: 0, right: 0, wrong: 0, suggest: 0, decline: 0 };
const misses: string[] = [];
for (const e of kb.entries) {
  const title = titleOf(e);
  if (answersNothing(e) || title.length < 8 || (!/\p{Script=Han}/u.test(title) && !/\s/.test(title))) continue;
  const question = STYLES[style]!(title);
  counts.asked++;
  const r = matcher.match(question, detectLang(question));
  if (!r.answer) {
    counts[r.suggestions.length > 0 ? 'suggest' : 'decline']++;
    misses.push(`${r.outcome.padEnd(7)} ${question}`);
    continue;
  }
  const answered = kb.entries.find(x => x.id === r.answer!.id)!;
  if (answered.id === e.id || key(titleOf(answered)) === key(title)) counts.right++;
  else {
    counts.wrong++;
    misses.push(`wrong   ${question} -> ${titleOf(answered)}`);
  }
}
const pct = (n: number) => `${((100 * n) / Math.max(1, counts.asked)).toFixed(1)} %`;
console.log(`${dir} (${style}): ${kb.entries.length} entries, ${counts.asked} titles asked: right ${counts.right} (${pct(counts.right)}), wrong ${counts.wrong} (${pct(counts.wrong)}), did you mean ${counts.suggest}, declined ${counts.decline}`);
for (const m of misses.slice(0, show)) console.log(`  ${m.slice(0, 200)}`);
