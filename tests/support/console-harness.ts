import { PassThrough } from 'node:stream';
import { ConsoleChat } from '../../src/adapters/console/console-chat.ts';
import type { DefaultDailyService } from '../../src/core/daily/daily-service.ts';
import type { KnowledgeBase } from '../../src/core/knowledge/entry.ts';
import type { DefaultQuizService } from '../../src/core/quiz/quiz-service.ts';
import type { Poster } from '../../src/core/services.ts';
import { miniKnowledge, until, type useTestCores } from './core-harness.ts';

/**
 * A console chat over the real core (in-memory SQLite, fake clock), driven through in-memory streams:
 * `type` a line and get what it printed until the next prompt, `advance` the clock to fire quiz and
 * daily timers. Started as main.ts starts the console (interrupted quizzes closed, daily scheduler on).
 */
export function driveConsoleChat(makeCore: ReturnType<typeof useTestCores>, options: { terminal?: boolean; knowledge?: KnowledgeBase } = {}) {
  const knowledge = options.knowledge ?? miniKnowledge();
  const input = Object.assign(new PassThrough(), options.terminal ? { isTTY: true } : {});
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', d => (text += d));
  let chat: ConsoleChat | undefined;
  const poster: Poster = { post: (channel, reply) => chat!.post(channel, reply) };
  const { core, clock } = makeCore({ poster, knowledge });
  chat = new ConsoleChat({ input, output, dispatcher: core.dispatcher, entryCount: knowledge.entries.length, userName: 'Ada' });
  // As main.ts does for the console.
  const owns = () => true;
  core.services.quiz.closeInterrupted(owns);
  core.services.daily.start(owns);
  const done = chat.run();
  /** Every quiz and daily message queued so far has been printed. */
  const settled = async () => {
    await (core.services.quiz as DefaultQuizService).settled();
    await (core.services.daily as DefaultDailyService).idle();
  };
  return {
    chat,
    clock,
    done,
    output: () => text,
    /** Types a line, waits until the chat prompts again, and returns what it printed meanwhile. */
    async type(line: string): Promise<string> {
      const before = text.length;
      input.write(line + '\n');
      await until(() => text.slice(before).includes('\n> ') || chat!.isClosed);
      await settled();
      return text.slice(before);
    },
    /** Moves the clock (firing quiz and daily timers) and returns what was posted meanwhile. */
    async advance(ms: number): Promise<string> {
      const before = text.length;
      clock.advance(ms);
      await settled();
      return text.slice(before);
    },
    async advanceTo(instant: number): Promise<string> {
      return this.advance(instant - clock.now());
    },
    /** Writes keys without Enter. */
    keys: (keys: string) => input.write(keys),
    end: () => input.end(),
  };
}
