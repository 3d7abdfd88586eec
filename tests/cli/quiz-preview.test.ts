import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { ALL_GENERATED_KINDS } from '../../src/core/quiz/generate/index.ts';
import { formatPreview, previewItems } from '../../src/cli/quiz-preview.ts';
import { ROOT } from '../support/core-harness.ts';
import { PLAIN_NOTES_DIR } from '../support/plain-notes.ts';

describe('quiz-preview', () => {
  const kb = loadKnowledge(PLAIN_NOTES_DIR);
  /** The same notes with the choice kinds too (as `autoquiz: choices` gives). */
  const every = loadKnowledge(PLAIN_NOTES_DIR, { generate: { kinds: ALL_GENERATED_KINDS } });

  it('shows generated items spread over the entries, one per entry first, then their other items; --topic narrows them', () => {
    const five = previewItems(every.entries, 5);
    expect(new Set(five.map(i => i.entry)).size).toBe(5);
    const all = previewItems(every.entries, 100);
    expect(all.length).toBe(every.entries.reduce((n, e) => n + e.quiz.length, 0));
    expect(new Set(all.map(i => i.id)).size).toBe(all.length);
    const docker = previewItems(kb.entries, 50, 'Docker');
    expect(docker.length).toBeGreaterThan(0);
    expect(docker.every(i => i.file.startsWith('docker/'))).toBe(true);
    expect(() => previewItems(kb.entries, 5, 'cooking')).toThrow('no topic "cooking"');
  });

  it('prints the prompt, the options with the right one marked, or the accepted answers, and where the item comes from', () => {
    const [choice] = previewItems(every.entries, 30).filter(i => i.options !== undefined);
    const text = formatPreview(choice!, 0);
    expect(text).toContain(`${choice!.file}:${choice!.line}`);
    expect(text).toContain(`${choice!.answer}. ${choice!.options!['ABCD'.indexOf(choice!.answer)]}   ✓`);
    const [typed] = previewItems(kb.entries, 30).filter(i => i.accept !== undefined);
    expect(formatPreview(typed!, 1)).toContain(`answer: ${typed!.accept!.join(' | ')}`);
  });

  it('npm run quiz-preview and check over a plain folder (the command line)', () => {
    const cli = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
    const out = cli('quiz-preview', '--knowledge', PLAIN_NOTES_DIR, '--n', '2', '--topic', 'redis');
    expect(out).toMatch(/^\[1\] (fill-term|name-term) · databases\/redis\.md:\d+ · "/);
    const check = cli('check', '--knowledge', PLAIN_NOTES_DIR);
    // Typed items only by default: the sections with a marked term of one word or a definition of their
    // subject (**B+ tree** and **undo log** are phrases: no blank). A folder this small gets every sound
    // term, not only those a heading or the glossary knows.
    expect(check).toContain('quiz: 6 of 21 entries can be quizzed (0 hand-written, 6 generated: 0 which-question, 0 which-answer, 5 fill-in, 1 name-the-term items)');
    expect(check).toContain('; 15 cannot: 4 a heading with no text of its own (a chapter heading); 1 a section that is no question');
    expect(check).toContain('; 10 no sound item');
  });
});
