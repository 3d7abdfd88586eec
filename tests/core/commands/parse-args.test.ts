import { describe, expect, it } from 'vitest';
import { askCommand } from '../../../src/core/commands/ask.ts';
import type { CommandSpec } from '../../../src/core/commands/command-spec.ts';
import { parseCommandText } from '../../../src/core/commands/parse-args.ts';
import { quizCommand } from '../../../src/core/commands/quiz.ts';
import { isUserError, UserError } from '../../../src/core/errors.ts';

const quiz = quizCommand.spec;
const ask = askCommand.spec;

function badArguments(spec: CommandSpec, text: string): UserError {
  try {
    parseCommandText(spec, text);
  } catch (error) {
    expect(isUserError(error)).toBe(true);
    expect((error as UserError).code).toBe('bad-arguments');
    expect(String((error as UserError).params.usage)).toContain(`/${spec.name}`);
    return error as UserError;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('parseCommandText: /quiz (subcommands)', () => {
  it.each([
    ['', { subcommand: 'start', options: {} }],
    ['concurrency 5', { subcommand: 'start', options: { topic: 'concurrency', questions: 5 } }],
    ['concurrency 5 30', { subcommand: 'start', options: { topic: 'concurrency', questions: 5, seconds: 30 } }],
    ['5 concurrency', { subcommand: 'start', options: { questions: 5, topic: 'concurrency' } }],
    ['start memory', { subcommand: 'start', options: { topic: 'memory' } }],
    ['stop', { subcommand: 'stop', options: {} }],
    ['STOP', { subcommand: 'stop', options: {} }],
    ['  scores  ', { subcommand: 'scores', options: {} }],
    ['me', { subcommand: 'me', options: {} }],
    ['review memory 3', { subcommand: 'review', options: { topic: 'memory', questions: 3 } }],
    ['questions=7 topic=memory', { subcommand: 'start', options: { questions: 7, topic: 'memory' } }],
    ['seconds=60 concurrency', { subcommand: 'start', options: { seconds: 60, topic: 'concurrency' } }],
    ['QUESTIONS=2', { subcommand: 'start', options: { questions: 2 } }],
  ])('/quiz %s', (text, expected) => {
    expect(parseCommandText(quiz, text)).toEqual(expected);
  });

  it('checks integer bounds (questions 1–20, seconds 10–300) and whole numbers', () => {
    expect(parseCommandText(quiz, 'questions=1').options.questions).toBe(1);
    expect(parseCommandText(quiz, 'questions=20').options.questions).toBe(20);
    expect(parseCommandText(quiz, 'x 20 10').options).toEqual({ topic: 'x', questions: 20, seconds: 10 });
    expect(parseCommandText(quiz, 'x 1 300').options.seconds).toBe(300);
    expect(badArguments(quiz, '0').params.detail).toMatch(/questions must be between 1 and 20/);
    expect(badArguments(quiz, '21').params.detail).toMatch(/questions must be between 1 and 20/);
    expect(badArguments(quiz, 'x 5 9').params.detail).toMatch(/seconds must be between 10 and 300/);
    expect(badArguments(quiz, 'seconds=301').params.detail).toMatch(/seconds/);
    expect(badArguments(quiz, 'questions=five').params.detail).toMatch(/whole number/);
    expect(badArguments(quiz, 'questions=-3').params.detail).toMatch(/between 1 and 20/);
  });

  it('refuses words it has no place for', () => {
    expect(badArguments(quiz, 'stop now').params.detail).toMatch(/unexpected "now"/);
    expect(badArguments(quiz, 'memory concurrency').params.detail).toMatch(/unexpected "concurrency"/);
    expect(badArguments(quiz, 'memory 5 30 40').params.detail).toMatch(/unexpected "40"/);
  });

  it('refuses a topic longer than its maxLength', () => {
    expect(badArguments(quiz, 'x'.repeat(65)).params.detail).toMatch(/longer than 64/);
    expect(parseCommandText(quiz, 'x'.repeat(64)).options.topic).toHaveLength(64);
  });
});

describe('parseCommandText: /ask (rest text and a trailing flag)', () => {
  it.each([
    ['what is the GIL', { question: 'what is the GIL' }],
    ['what is the GIL public', { question: 'what is the GIL', public: true }],
    ['  what   is  the   GIL  ', { question: 'what is the GIL' }],
    ['public what is the GIL', { public: true, question: 'what is the GIL' }],
    ['什么是 GIL public', { question: '什么是 GIL', public: true }],
    ['question=GIL', { question: 'GIL' }],
    ['public=yes question=GIL', { public: true, question: 'GIL' }],
    ['public=no question=GIL', { public: false, question: 'GIL' }],
    ['is 3 a prime', { question: 'is 3 a prime' }],
    ['x=1 means what', { question: 'x=1 means what' }],
  ])('/ask %s', (text, options) => {
    expect(parseCommandText(ask, text)).toEqual({ options });
  });

  it('needs a question', () => {
    expect(badArguments(ask, '').params.detail).toMatch(/question is required/);
    expect(badArguments(ask, '   ').params.detail).toMatch(/question is required/);
    expect(badArguments(ask, 'public').params.detail).toMatch(/question is required/);
  });

  it('refuses a question over 500 characters', () => {
    expect(parseCommandText(ask, 'q'.repeat(500)).options.question).toHaveLength(500);
    expect(badArguments(ask, 'q'.repeat(501)).params.detail).toMatch(/longer than 500/);
    // Characters, not UTF-16 units: 500 emoji fit.
    expect(parseCommandText(ask, '😀'.repeat(500)).options.question).toBe('😀'.repeat(500));
  });
});

describe('parseCommandText: a spec of every option type', () => {
  const spec: CommandSpec = {
    name: 'demo',
    description: 'demo',
    usage: ['/demo <name> [count] [loud]'],
    options: [
      { name: 'name', type: 'string', description: 'name', required: true },
      { name: 'count', type: 'integer', description: 'count', minValue: -5, maxValue: 5 },
      { name: 'loud', type: 'boolean', description: 'loud' },
    ],
  };

  it('fills integers, strings and flags in any order', () => {
    expect(parseCommandText(spec, 'bob 3 loud')).toEqual({ options: { name: 'bob', count: 3, loud: true } });
    expect(parseCommandText(spec, 'loud -5 bob')).toEqual({ options: { loud: true, count: -5, name: 'bob' } });
    expect(parseCommandText(spec, 'name=7')).toEqual({ options: { name: '7' } });
    expect(parseCommandText(spec, 'bob count=-2 loud=false')).toEqual({ options: { name: 'bob', count: -2, loud: false } });
  });

  it('a number goes to the string when no integer option is left', () => {
    expect(parseCommandText(spec, '3 4')).toEqual({ options: { count: 3, name: '4' } });
  });

  it('reports the required option that is missing and a value out of range', () => {
    expect(badArguments(spec, '3 loud').params.detail).toBe('name is required');
    expect(badArguments(spec, 'bob 6').params.detail).toBe('count must be between -5 and 5');
    expect(badArguments(spec, 'bob -6').params.detail).toBe('count must be between -5 and 5');
    expect(badArguments(spec, 'bob alice').params.detail).toBe('unexpected "alice"');
  });

  it('a name=value for an unknown option is an ordinary word', () => {
    expect(parseCommandText(spec, 'colour=red')).toEqual({ options: { name: 'colour=red' } });
  });
});
