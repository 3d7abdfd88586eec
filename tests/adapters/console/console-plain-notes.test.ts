import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { t } from '../../../src/core/messages.ts';
import { driveConsoleChat } from '../../support/console-harness.ts';
import { useTestCores } from '../../support/core-harness.ts';
import { answerFor, PLAIN_NOTES_DIR } from '../../support/plain-notes.ts';

/** A plain folder of notes, no front matter: /quiz, /quiz review and /daily in the console chat. */
const knowledge = loadKnowledge(PLAIN_NOTES_DIR);
const makeCore = useTestCores();

const consoleChat = () => driveConsoleChat(makeCore, { knowledge });

/** Answers the question just printed (the right letter, or the accepted answer typed). */
async function answerRight(c: ReturnType<typeof consoleChat>, printed: string): Promise<string> {
  const block = printed.slice(printed.lastIndexOf('Question '));
  const how = answerFor(block);
  return c.type(how.letter !== undefined ? how.letter : how.typed!);
}

describe('plain notes in the console chat', () => {
  it('/topics lists folder and file topics; /quiz databases asks generated questions; /quiz review asks the miss first', async () => {
    const c = consoleChat();
    const topics = await c.type('/topics');
    expect(topics).toContain('**databases** (');
    expect(topics).toContain('**docker** (');

    expect(await c.type('/quiz databases 2')).toContain(t('en', 'quiz.started', { questions: '2 questions', topic: ' on databases', seconds: 30 }));
    let printed = await c.advance(1500);
    expect(printed).toMatch(/^Question 1\/2$/m);
    printed = await answerRight(c, printed);
    expect(printed).toContain('Answer to question 1/2');
    expect(printed).toContain(t('en', 'quiz.correct', { user: 'Ada', points: 10 }));
    // Question 2: nobody answers; it is a miss for nobody, and the quiz ends.
    printed = await c.advance(3000);
    expect(printed).toMatch(/^Question 2\/2$/m);
    const second = answerFor(printed.slice(printed.lastIndexOf('Question ')));
    // A wrong answer: a wrong letter or a wrong word.
    const wrong = second.letter !== undefined ? 'ABCD'.split('').find(l => l !== second.letter)! : 'certainly not this';
    printed = await c.type(wrong);
    printed += await c.advance(30_000);
    expect(printed).toContain('Answer to question 2/2');
    expect(printed).toContain(t('en', 'quiz.summary-title'));

    // The review asks the missed entry first.
    printed = await c.type('/quiz review databases 1');
    expect(printed).toContain('Review started: 1 question');
    printed = await c.advance(1500);
    const again = answerFor(printed.slice(printed.lastIndexOf('Question ')));
    const missedEntry = knowledge.entries.find(e => e.quiz.some(q => q.generated?.id === second.item.generated?.id))!;
    expect(missedEntry.quiz.map(q => q.generated?.id)).toContain(again.item.generated?.id);
    c.end();
    await c.done;
  });

  it('/daily now posts a plain note’s title; "Show answer" gives its summary and a button for the whole answer', async () => {
    const c = consoleChat();
    const printed = await c.type('/daily set 09:00 Asia/Shanghai docker');
    expect(printed).toContain('topic: docker');
    const post = await c.type('/daily now');
    expect(post).toContain(t('en', 'daily.post-title'));
    const title = knowledge.entries.filter(e => e.source.file.startsWith('docker/') && (e.quiz.length > 0 || e.askable)).map(e => e.title as string).find(x => post.includes(x));
    expect(title).toBeDefined();
    const answer = await c.type('1');
    expect(answer).toContain(`**${title}**`);
    c.end();
    await c.done;
  });
});
