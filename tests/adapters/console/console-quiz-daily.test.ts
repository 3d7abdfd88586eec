import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dailyAnswer, dailyQuestion } from '../../../src/core/daily/daily-content.ts';
import type { QuizItem } from '../../../src/core/knowledge/entry.ts';
import { pick } from '../../../src/core/language.ts';
import { t } from '../../../src/core/messages.ts';
import { driveConsoleChat } from '../../support/console-harness.ts';
import { consoleStartEnv, MINI_DIR, miniKnowledge, MONDAY_0900_UTC, ROOT, until, useChildProcesses, useTempDirs, useTestCores } from '../../support/core-harness.ts';

/**
 * Issue 4 through the console chat: /quiz (letters for multiple choice, typed answers for the rest)
 * and /daily, in-process over the real core with a fake clock (timers fire when the test moves time,
 * nothing sleeps), then through `npm start` with stdin piped.
 */

const knowledge = miniKnowledge();
const MINI = MINI_DIR;
/** Monday 2025-01-06 09:00 UTC, which is 17:00 in Shanghai. */
const START = MONDAY_0900_UTC;

const makeCore = useTestCores();
const tempDir = useTempDirs();
const track = useChildProcesses();

const consoleChat = (options: { terminal?: boolean } = {}) => driveConsoleChat(makeCore, options);

interface AskedQuestion {
  readonly item: QuizItem;
  /** Multiple choice: the letter shown for the right option, and one shown for a wrong one. */
  readonly right?: string;
  readonly wrong?: string;
}

/** The last "Question n/N" printed, looked up in the knowledge to know its answer. */
function lastQuestion(printed: string): AskedQuestion {
  const blocks = printed.split(/^(?=Question \d+\/\d+\n)/m).filter(b => /^Question \d+\/\d+\n/.test(b));
  const block = blocks.at(-1);
  if (block === undefined) throw new Error(`no question in:\n${printed}`);
  const question = block.split('\n')[2]!;
  const item = knowledge.entries.flatMap(e => e.quiz).find(i => pick(i.question, 'en') === question);
  if (item === undefined) throw new Error(`unknown question "${question}"`);
  if (item.type === 'short') return { item };
  const shown = [...block.matchAll(/^\*\*([A-D])\.\*\* (.+)$/gm)].map(m => ({ letter: m[1]!, text: m[2]! }));
  const rightText = pick(item.options['ABCD'.indexOf(item.answer)], 'en');
  return { item, right: shown.find(s => s.text === rightText)!.letter, wrong: shown.find(s => s.text !== rightText)!.letter };
}

describe('/quiz in the console chat (in-process, fake clock)', () => {
  it('/quiz 2 alone: each answer is revealed at once (right or wrong), hint at half time, summary, /quiz scores and /quiz me', async () => {
    const c = consoleChat();
    expect(await c.type('/quiz 2')).toContain(t('en', 'quiz.started', { questions: '2 questions', topic: '', seconds: 30 }));

    // Question 1 comes after the lead-in, with its four options and the letters to type.
    let printed = await c.advance(1500);
    expect(printed).toMatch(/^Question 1\/2\n─+\n/m);
    expect(printed).toMatch(/^\*\*A\.\*\* .+\n\*\*B\.\*\* .+\n\*\*C\.\*\* .+\n\*\*D\.\*\* .+$/m);
    expect(printed).toContain('  [A] [B] [C] [D]  (type a letter to answer)');
    const q1 = lastQuestion(printed);
    expect(q1.item.type).toBe('choice');

    // The right letter, typed in lower case: one player, so the reveal comes at once (no 30 s wait).
    printed = await c.type(q1.right!.toLowerCase());
    expect(printed).toContain('Answer to question 1/2');
    expect(printed).toContain(t('en', 'quiz.correct', { user: 'Ada', points: 10 }));
    expect(printed).not.toContain(t('en', 'quiz.ack-correct', { points: 10 })); // the reveal says it; no echo
    expect(c.clock.pendingCount()).toBe(1); // only the short pause before question 2
    // A letter typed after the reveal is a late click on that question, not a question for the bot.
    expect(await c.type(q1.wrong!)).toContain(t('en', 'quiz.ack-closed'));

    // Question 2: half time brings a hint that rules out two wrong letters and halves the points.
    printed = await c.advance(3000);
    expect(printed).toMatch(/^Question 2\/2\n/m);
    const q2 = lastQuestion(printed);
    expect(q2.item.type).toBe('choice');
    expect(await c.advance(14_999)).toBe('');
    printed = await c.advance(1);
    expect(printed).toContain('💡 Hint (question 2/2)');
    const ruledOut = printed.match(/It is neither ([A-D]) nor ([A-D])\./);
    expect(ruledOut).not.toBeNull();
    expect([ruledOut![1], ruledOut![2]]).not.toContain(q2.right);
    expect(printed).toContain(t('en', 'quiz.hint-footer', { points: 5, seconds: 15 }));

    // A wrong letter: revealed at once with the right option and its explanation, then the summary.
    printed = await c.type(q2.wrong!);
    expect(printed).not.toContain(t('en', 'quiz.ack-recorded', { choice: q2.wrong! }));
    expect(printed).toContain('Answer to question 2/2');
    expect(printed).toContain(t('en', 'quiz.solo-missed'));
    expect(printed).not.toContain(t('en', 'quiz.timeout'));
    expect(printed).toContain(`Answer: **${q2.right}. ${pick(q2.item.type === 'choice' ? q2.item.options['ABCD'.indexOf(q2.item.answer)] : '', 'en')}**`);
    expect(printed).toContain(pick(q2.item.explanation, 'en'));
    expect(printed).toContain(t('en', 'quiz.summary-title'));
    expect(printed).toContain(t('en', 'quiz.summary-line', { rank: 1, user: 'Ada', points: 10 }));
    expect(printed).toContain(t('en', 'quiz.summary-asked', { asked: '2 questions' }));
    expect(printed.indexOf('Answer to question 2/2')).toBeLessThan(printed.indexOf(t('en', 'quiz.summary-title')));
    expect(c.clock.pendingCount()).toBe(0);

    // The quiz is over: a letter is no longer an answer to anything.
    expect(await c.type('b')).not.toContain(t('en', 'quiz.ack-closed'));

    // Messages that arrive while the prompt waits go on their own lines, with the prompt again below.
    for (const title of ['Question 1/2', 'Question 2/2', '💡 Hint (question 2/2)']) {
      expect(c.output()).toContain(`\n> \n${title}\n`);
    }
    expect(c.output().trimEnd().endsWith('\n\n>')).toBe(true);

    printed = await c.type('/quiz scores');
    expect(printed).toContain(t('en', 'quiz.scores-title'));
    expect(printed).toContain(t('en', 'quiz.scores-line', { rank: 1, user: 'Ada', points: 10, wins: 1 }));
    printed = await c.type('/quiz me');
    expect(printed).toContain(t('en', 'quiz.me-title'));
    expect(printed).toContain(t('en', 'quiz.me-total', { correct: 1, answered: 2, points: 10 }));
    expect(printed).toContain(t('en', 'quiz.me-review', { due: 1 })); // the miss is due for review
    c.end();
    await c.done;
  });

  it('during a multiple-choice question, the text of an option picks it; anything else asks for a letter and is never answered from the notes', async () => {
    const c = consoleChat();
    // Only the decorator entry is tagged "language": its multiple-choice item comes first.
    await c.type('/quiz language 1');
    const q1 = lastQuestion(await c.advance(1500));
    expect(q1.item.type).toBe('choice');
    // A question for the notes mid-quiz would show the note that holds the answer: it only asks for a letter.
    let printed = await c.type('what is a decorator');
    expect(printed).toContain(t('en', 'quiz.pick-a-letter'));
    expect(printed).not.toContain('What is a decorator?\n────');
    expect(printed).not.toContain('Answer to question 1/1');
    // The option's own words, in another case and without its punctuation, count as picking it.
    const rightText = pick(q1.item.type === 'choice' ? q1.item.options['ABCD'.indexOf(q1.item.answer)] : '', 'en');
    printed = await c.type(`  ${rightText.toUpperCase().replace(/[.!]$/, '')} `);
    expect(printed).toContain('Answer to question 1/1');
    expect(printed).toContain(t('en', 'quiz.correct', { user: 'Ada', points: 10 }));
    c.end();
    await c.done;
  });

  it('a typed-answer question takes a typed line as the try (even "a" or "1"), and alone it is revealed at once', async () => {
    const c = consoleChat();
    await c.type('/quiz language 2');
    const q1 = lastQuestion(await c.advance(1500));
    expect(q1.item.type).toBe('choice');
    expect(await c.type(q1.wrong!)).toContain(t('en', 'quiz.solo-missed'));

    let printed = await c.advance(3000);
    expect(printed).toMatch(/^Question 2\/2\n/m);
    const q2 = lastQuestion(printed);
    expect(q2.item.type).toBe('short');
    expect(printed).not.toContain('[A]');
    expect(printed).toContain(t('en', 'quiz.footer-short', { seconds: 30, points: 10 }));

    // A daily post arriving now brings a numbered "Show answer", but "1" is still the try at the quiz question.
    printed = await c.type('/daily now');
    expect(printed).toContain('  [1] Show answer');
    printed = await c.type('1');
    expect(printed).toContain(t('en', 'quiz.solo-missed'));
    expect(printed).toContain(t('en', 'quiz.answer', { answer: 'functools.wraps' }));
    expect(printed).not.toContain(t('en', 'daily.answer-private-title'));

    // With the quiz over, "1" picks the daily post's "Show answer" again.
    printed = await c.type('1');
    expect(printed).toContain(t('en', 'daily.answer-private-title'));
    c.end();
    await c.done;
  });

  it('an accepted typed answer after the hint gets half the points; the letters of an earlier question are forgotten', async () => {
    const c = consoleChat();
    await c.type('/quiz language 2');
    const q1 = lastQuestion(await c.advance(1500));
    await c.type(q1.right!);
    const q2 = lastQuestion(await c.advance(3000));
    expect(q2.item.type).toBe('short');
    // The hint shows the shape of the first accepted answer.
    let printed = await c.advance(15_000);
    expect(printed).toContain('💡 Hint (question 2/2)');
    expect(printed).toContain(t('en', 'quiz.hint-short', { mask: '`f________._____`' }));
    // Any accepted answer counts, whatever its case; the reveal shows the canonical one.
    printed = await c.type('  WRAPS ');
    expect(printed).toContain(t('en', 'quiz.correct', { user: 'Ada', points: 5 }));
    expect(printed).toContain(t('en', 'quiz.answer', { answer: 'functools.wraps' }));
    expect(printed).toContain(t('en', 'quiz.summary-line', { rank: 1, user: 'Ada', points: 15 }));
    // "a" on a typed-answer question is a try, not a click on question 1's letters.
    await c.type('/quiz language 2');
    const again = lastQuestion(await c.advance(1500));
    await c.type(again.right!);
    await c.advance(3000);
    printed = await c.type('a');
    expect(printed).toContain(t('en', 'quiz.solo-missed'));
    expect(printed).not.toContain(t('en', 'quiz.ack-closed'));
    c.end();
    await c.done;
  });

  it('/quiz stop ends the quiz with its summary; a silent chat stops a quiz by itself; no timer is left behind', async () => {
    const c = consoleChat();
    await c.type('/quiz 3');
    await c.advance(1500);
    let printed = await c.type('/quiz stop');
    expect(printed).toContain(t('en', 'quiz.stopped'));
    expect(printed).toContain(t('en', 'quiz.ended-stopped', { user: 'Ada' }));
    expect(printed).toContain(t('en', 'quiz.summary-none'));
    expect(c.clock.pendingCount()).toBe(0);
    expect(await c.type('/quiz stop')).toContain(t('en', 'error.no-active-quiz'));
    // The stopped question's letters went with it.
    expect(await c.type('a')).not.toContain(t('en', 'quiz.ack-closed'));

    await c.type('/quiz 3');
    printed = await c.advance(1500 + 30_000 + 3000 + 30_000);
    expect(printed).toMatch(/^Question 2\/3\n/m);
    expect(printed).not.toMatch(/^Question 3\/3\n/m);
    expect(printed).toContain(t('en', 'quiz.ended-silence', { count: 2 }));
    expect(c.clock.pendingCount()).toBe(0);
    c.end();
    await c.done;
  });
});

describe('messages that arrive while the person is typing (a terminal)', () => {
  it('clear the half-typed line, print above it and redraw the prompt with what was typed', async () => {
    const c = consoleChat({ terminal: true });
    c.keys('/quiz language 1\n');
    await until(() => c.output().includes('Quiz started'));
    c.keys('/to');
    await until(() => c.output().endsWith('/to'));
    const printed = await c.advance(1500);
    // The line is cleared, the question printed in its place, and the prompt redrawn with "/to".
    expect(printed.startsWith('\x1b[2K\x1b[1GQuestion 1/1\n')).toBe(true);
    expect(printed).toMatch(/\n\n\x1b\[1G\x1b\[0J> \/to\x1b\[6G$/);
    // What was typed before is still there: the line sent is "/topics".
    const before = c.output().length;
    c.keys('pics\n');
    await until(() => /> \x1b\[3G$/.test(c.output().slice(before)));
    expect(c.output().slice(before)).toContain(t('en', 'topics.title'));
    c.end();
    await c.done;
  });
});

describe('/daily in the console chat (in-process, fake clock)', () => {
  /** The entry whose daily question is in `printed` (the last daily post in it). */
  function postedEntry(printed: string) {
    const post = printed.split('📅 Question of the day').at(-1)!;
    const question = post.split('\n')[2]!;
    const found = knowledge.entries.find(e => dailyQuestion(e, 'en') === question);
    if (found === undefined) throw new Error(`no entry asks "${question}"`);
    return found;
  }

  it('/daily now prints a post with its "Show answer" choice; picking it shows the answer', async () => {
    const c = consoleChat();
    const printed = await c.type('/daily now');
    expect(printed).toContain(`${t('en', 'daily.post-title')}\n────`);
    expect(printed).toContain(`  [1] ${t('en', 'daily.show-answer')}`);
    const entry = postedEntry(printed);
    const answer = await c.type('1');
    expect(answer).toContain(`${t('en', 'daily.answer-private-title')}\n────`);
    expect(answer).toContain(dailyAnswer(entry, 'en'));
    c.end();
    await c.done;
  });

  it('/daily set 09:00 Asia/Shanghai posts in the console at the next 09:00 in Shanghai, then daily with the previous answer', async () => {
    const c = consoleChat();
    let printed = await c.type('/daily set 09:00 Asia/Shanghai');
    // 17:00 in Shanghai now: the next post is tomorrow morning there.
    expect(printed).toContain('Done: one question a day in this channel at 09:00 (Asia/Shanghai). Next: 2025-01-07 09:00.');
    expect(await c.type('/daily status')).toContain('Next post: 2025-01-07 09:00.');

    const nineInShanghai = Date.UTC(2025, 0, 7, 1); // 09:00 +08:00
    expect(await c.advanceTo(nineInShanghai - 1)).toBe('');
    printed = await c.advanceTo(nineInShanghai);
    expect(printed).toContain(t('en', 'daily.post-title'));
    expect(printed).toContain(t('en', 'daily.reveal-next'));
    expect(c.output()).toContain('\n> \n📅 Question of the day\n');
    const first = postedEntry(printed);
    expect(await c.type('1')).toContain(dailyAnswer(first, 'en'));
    expect(await c.type('/daily status')).toContain('Next post: 2025-01-08 09:00.');

    // Nothing more that day; the next morning the answer comes first, then a new question.
    expect(await c.advanceTo(nineInShanghai + 24 * 3600_000 - 1)).toBe('');
    printed = await c.advanceTo(nineInShanghai + 24 * 3600_000);
    const answerAt = printed.indexOf(t('en', 'daily.answer-title', { day: '2025-01-07' }));
    expect(answerAt).toBeGreaterThanOrEqual(0);
    expect(printed.indexOf(t('en', 'daily.post-title'))).toBeGreaterThan(answerAt);
    expect(printed).toContain(dailyAnswer(first, 'en'));
    expect(postedEntry(printed).id).not.toBe(first.id);
    c.end();
    await c.done;
  });
});

describe('npm start with no platform: /quiz and /daily, and a restart on the same database', () => {
  function startBot(databaseFile: string, extraEnv: Record<string, string> = {}) {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true, // its own process group: npm, tsx and node are stopped together
      stdio: ['pipe', 'pipe', 'pipe'],
      env: consoleStartEnv({ knowledgeDir: MINI, databaseFile }, { USER: 'ada', ...extraEnv }),
    });
    track(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve => child.on('exit', (code, signal) => resolve({ code, signal })));
    const prompts = () => stdout.split('\n> ').length - 1 + (stdout.startsWith('> ') ? 1 : 0);
    return {
      child,
      exited,
      stdout: () => stdout,
      stderr: () => stderr,
      ready: () => until(() => /\n\n> /.test(stdout), 20_000),
      /** Types a line and returns what was printed until the next prompt. */
      async send(line: string): Promise<string> {
        const before = stdout.length;
        const n = prompts();
        child.stdin.write(line + '\n');
        await until(() => prompts() > n, 20_000);
        return stdout.slice(before);
      },
      waitFor: (text: string | RegExp, from = 0) => until(() => (typeof text === 'string' ? stdout.slice(from).includes(text) : text.test(stdout.slice(from))), 20_000),
    };
  }

  it('/daily now and a quiz question answered in a real process; after a crash, the next run keeps the score and the schedule and closes the quiz', async () => {
    const dir = tempDir('interview-bot-console-quiz-');
    const file = path.join(dir, 'data', 'bot.sqlite'); // the folder does not exist yet: the first run creates it

    const first = startBot(file);
    await first.ready();
    expect(await first.send('/daily set 09:00 Asia/Shanghai')).toContain('Done: one question a day in this channel at 09:00 (Asia/Shanghai).');
    const post = await first.send('/daily now');
    expect(post).toContain(`${t('en', 'daily.post-title')}\n────`);
    expect(post).toContain(`  [1] ${t('en', 'daily.show-answer')}`);
    expect(await first.send('1')).toContain(`${t('en', 'daily.answer-private-title')}\n────`);

    // A real quiz: the first question comes after the lead-in (real time, about 1.5 s).
    const mark = first.stdout().length;
    await first.send('/quiz 2');
    await first.waitFor(/Question 1\/2\n[\s\S]*\n\n/, mark);
    const question = lastQuestion(first.stdout().slice(mark));
    const reply = await first.send(question.item.type === 'choice' ? question.right! : question.item.accept[0]!);
    await first.waitFor(t('en', 'quiz.correct', { user: 'ada', points: 10 }), mark);
    // Alone at the console, the answer is revealed at once: the reveal is the reply to the line.
    expect(reply).toContain('Answer to question 1/2');

    // The process dies mid-quiz (before question 2).
    process.kill(-first.child.pid!, 'SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    // QUIZZES_PER_HOUR=1 would refuse the second extra question in a channel; the console is one
    // person practising alone, so it has no channel allowance.
    const second = startBot(file, { QUIZZES_PER_HOUR: '1' });
    await second.ready();
    expect(await second.send('/quiz scores')).toContain(t('en', 'quiz.scores-line', { rank: 1, user: 'ada', points: 10, wins: 1 }));
    expect(await second.send('/daily status')).toContain('Daily question: every day at 09:00 (Asia/Shanghai).');
    expect(await second.send('/daily now')).toContain(`  [1] ${t('en', 'daily.show-answer')}`);
    expect(await second.send('/daily now')).toContain(`  [1] ${t('en', 'daily.show-answer')}`);
    second.child.stdin.write('/quit\n');
    const exit = await Promise.race([second.exited, new Promise<'timeout'>(r => setTimeout(() => r('timeout'), 20_000))]);
    expect(exit, second.stderr()).toEqual({ code: 0, signal: null });
    expect(second.stdout().trimEnd().endsWith(t('en', 'console.bye'))).toBe(true);

    // The second run closed the quiz the first left open. The file is in WAL mode.
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT end_reason FROM quiz_runs').pluck().all()).toEqual(['interrupted']);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  }, 60_000);
});
