import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/core/commands/command-spec.ts';
import { parseCommandText } from '../../../src/core/commands/parse-args.ts';
import { quizCommand } from '../../../src/core/commands/quiz.ts';
import { isUserError } from '../../../src/core/errors.ts';
import type { CoreServices } from '../../../src/core/services.ts';
import { choice, ctx, entry, harness, short } from './fixtures.ts';

const entries = [
  entry('gil', ['concurrency'], [choice('What does the GIL guarantee?', ['One thread at a time', 'No switches', 'Safety', 'Shared memory'], 'A')]),
  entry('gc', ['memory'], [short('What frees cycles?', ['gc'])]),
];

describe('/quiz spec', () => {
  const spec = quizCommand.spec;

  it('has the subcommands, with start as the default and topics as the topic choices', () => {
    expect(spec.name).toBe('quiz');
    expect(spec.defaultSubcommand).toBe('start');
    expect(spec.subcommands?.map((s) => s.name)).toEqual(['start', 'stop', 'scores', 'me', 'review']);
    const start = spec.subcommands!.find((s) => s.name === 'start')!;
    expect(start.options.map((o) => [o.name, o.type])).toEqual([
      ['topic', 'string'],
      ['questions', 'integer'],
      ['seconds', 'integer'],
    ]);
    expect(start.options[0]!.choices).toBe('topics');
    expect(start.options[1]).toMatchObject({ minValue: 1, maxValue: 20 });
  });

  it.each([
    ['', { subcommand: 'start', options: {} }],
    ['concurrency 10', { subcommand: 'start', options: { topic: 'concurrency', questions: 10 } }],
    ['12', { subcommand: 'start', options: { questions: 12 } }],
    ['memory 3 45', { subcommand: 'start', options: { topic: 'memory', questions: 3, seconds: 45 } }],
    ['stop', { subcommand: 'stop', options: {} }],
    ['review memory', { subcommand: 'review', options: { topic: 'memory' } }],
  ])('parses "/quiz %s"', (text, expected) => {
    expect(parseCommandText(spec, text)).toEqual(expected);
  });

  it('refuses more than 20 questions when parsing text', () => {
    let error: unknown;
    try {
      parseCommandText(spec, '21');
    } catch (e) {
      error = e;
    }
    expect(isUserError(error) && error.code).toBe('bad-arguments');
  });
});

describe('/quiz execute', () => {
  it('routes each subcommand to the quiz service', async () => {
    const h = harness(entries);
    const context = (user: string): CommandContext => ({ ...ctx(user), services: { quiz: h.service } as unknown as CoreServices });
    const started = await quizCommand.execute(context('Alice'), { subcommand: 'start', options: { topic: 'memory', questions: 1 } });
    expect(started[0]!.body).toContain('Quiz started: 1 question on memory');
    await h.advance(1500);
    expect(h.poster.last().body).toBe('What frees cycles?');
    await h.service.handleMessage(ctx('Bob'), 'GC!');
    await h.service.settled();
    expect((await quizCommand.execute(context('Bob'), { subcommand: 'scores', options: {} }))[0]!.body).toBe('1. Bob: 10 points (1 won)');
    expect((await quizCommand.execute(context('Bob'), { subcommand: 'me', options: {} }))[0]!.body).toContain('**memory**: 1/1 right, 10 points');
    await quizCommand.execute(context('Alice'), { options: {} }); // no subcommand: start
    expect(h.service.running({ platform: 'discord', workspace: 'g1', channel: 'c1' })).toBeDefined();
    expect((await quizCommand.execute(context('Alice'), { subcommand: 'stop', options: {} }))[0]!.body).toBe('The quiz is stopped.');
    const review = await quizCommand.execute(context('Alice'), { subcommand: 'review', options: { topic: 'concurrency' } });
    expect(review[0]!.body).toContain('Review started: 1 question on concurrency');
  });
});
