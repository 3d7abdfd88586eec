/**
 * Run by quiz-restart.test.ts in a child process (node --import tsx): starts a quiz on a file-backed
 * store, lets Alice win question 1, prints the quiz id, then waits to be killed with SIGKILL.
 */
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { choice, ctx, entry, harness, letterFor } from './fixtures.ts';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: restart-child.ts <db file>');
const store = openSqliteStore(file);
const h = harness(
  [entry('gil', ['concurrency'], [choice('What does the GIL guarantee?', ['One thread at a time', 'No switches', 'Safety', 'Shared memory'], 'A')]),
   entry('gc', ['memory'], [choice('What frees cycles?', ['The cyclic GC', 'Refcounts', 'The OS', 'Nothing'], 'A')])],
  { store: store.quiz },
);
await h.service.start(ctx('Alice'), { questions: 2 });
await h.advance(1500);
const question = h.poster.last();
const action = question.buttons?.[0]?.action ?? '';
const quiz = action.split(':')[1] ?? '';
await h.service.handleChoice(ctx('Alice'), { quiz, item: 0, choice: letterFor(question, 'One thread') });
process.stdout.write(`${JSON.stringify({ quiz })}\n`);
setInterval(() => {}, 60_000); // mid-quiz, until killed
