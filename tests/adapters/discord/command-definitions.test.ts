import { describe, expect, it } from 'vitest';
import { commandDefinition, commandDefinitions, MAX_CHOICES } from '../../../src/adapters/discord/command-definitions.ts';
import { COMMANDS } from '../../../src/core/create-core.ts';

const specs = COMMANDS.map(c => c.spec);
const topics = (command: string) => (command === 'quiz' ? ['language', 'concurrency'] : ['language', 'concurrency', 'cloud']);

describe('slash commands from the core command specs', () => {
  const defs = commandDefinitions(specs, topics);
  const byName = new Map(defs.map(d => [d.name, d] as const));

  it('gives /ask /quiz /daily /topics /help with English descriptions and Chinese localizations', () => {
    expect([...byName.keys()].sort()).toEqual(['ask', 'daily', 'help', 'quiz', 'topics']);
    for (const def of defs) {
      expect(def.description.length).toBeGreaterThan(0);
      expect(def.description.length).toBeLessThanOrEqual(100);
      expect(def.description_localizations?.['zh-CN']).toBeTruthy();
    }
  });

  it('/ask: a required question with autocomplete and max length, then an optional public flag', () => {
    const ask = byName.get('ask')!;
    expect(ask.options).toMatchObject([
      { name: 'question', type: 3, required: true, autocomplete: true, max_length: 500 },
      { name: 'public', type: 5, required: false },
    ]);
    expect(ask.default_member_permissions).toBeNull();
    expect(ask.contexts).toEqual([0, 1]);
  });

  it('/quiz: subcommands; the topic offers the quiz topics as choices; integers keep their bounds', () => {
    const quiz = byName.get('quiz')!;
    const start = quiz.options!.find(o => o.name === 'start') as any;
    expect(start.type).toBe(1);
    const topic = start.options.find((o: any) => o.name === 'topic');
    expect(topic.choices).toEqual([
      { name: 'language', value: 'language' },
      { name: 'concurrency', value: 'concurrency' },
    ]);
    expect(start.options.find((o: any) => o.name === 'questions')).toMatchObject({ type: 4, min_value: 1, max_value: 20 });
    expect(quiz.default_member_permissions).toBeNull();
  });

  it('/daily defaults to Manage Server (Discord sets permissions per command) and is offered in servers only', () => {
    const daily = byName.get('daily')!;
    expect(daily.default_member_permissions).toBe('32');
    expect(daily.contexts).toEqual([0]);
    const set = daily.options!.find(o => o.name === 'set') as any;
    expect(set.options[0]).toMatchObject({ name: 'time', required: true });
    expect(set.options.find((o: any) => o.name === 'topic').choices).toHaveLength(3);
  });

  it('beyond 25 topics the option switches to autocomplete', () => {
    const many = Array.from({ length: MAX_CHOICES + 1 }, (_, i) => `topic-${i}`);
    const quiz = commandDefinition(specs.find(s => s.name === 'quiz')!, many);
    const topic = (quiz.options!.find(o => o.name === 'start') as any).options.find((o: any) => o.name === 'topic');
    expect(topic.autocomplete).toBe(true);
    expect(topic.choices).toBeUndefined();
  });
});
