import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { formatPreview, previewItems } from '../../src/cli/quiz-preview.ts';
import { ROOT } from '../support/core-harness.ts';
import { PLAIN_NOTES_DIR } from '../support/plain-notes.ts';

describe('quiz-preview', () => {
  const kb = loadKnowledge(PLAIN_NOTES_DIR);

  it('shows generated items spread over the entries, one per entry first, then their other items; --topic narrows them', () => {
    const five = previewItems(kb.entries, 5);
    expect(new Set(five.map(i => i.entry)).size).toBe(5);
    const all = previewItems(kb.entries, 100);
    expect(all.length).toBe(kb.entries.reduce((n, e) => n + e.quiz.length, 0));
    expect(new Set(all.map(i => i.id)).size).toBe(all.length);
    const docker = previewItems(kb.entries, 50, 'Docker');
    expect(docker.length).toBeGreaterThan(0);
    expect(docker.every(i => i.file.startsWith('docker/'))).toBe(true);
    expect(() => previewItems(kb.entries, 5, 'cooking')).toThrow('no topic "cooking"');
  });

  it('prints the prompt, the options with the right one marked, or the accepted answers, and where the item comes from', () => {
    const [choice] = previewItems(kb.entries, 30).filter(i => i.options !== undefined);
    const text = formatPreview(choice!, 0);
    expect(text).toContain(`${choice!.file}:${choice!.line}`);
    expect(text).toContain(`${choice!.answer}. ${choice!.options!['ABCD'.indexOf(choice!.answer)]}   ✓`);
    const [typed] = previewItems(kb.entries, 30).filter(i => i.accept !== undefined);
    expect(formatPreview(typed!, 1)).toContain(`answer: ${typed!.accept!.join(' | ')}`);
  });

  it('npm run quiz-preview and check over a plain folder (the command line)', () => {
    const cli = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/index.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
    const out = cli('quiz-preview', '--knowledge', PLAIN_NOTES_DIR, '--n', '2', '--topic', 'redis');
    expect(out).toMatch(/^\[1\] (which-question|which-answer|fill-term) · databases\/redis\.md:\d+ · "/);
    expect(out).toContain('[2] ');
    const check = cli('check', '--knowledge', PLAIN_NOTES_DIR);
    // The Dockerfile section ("It lists the build steps…") leans on its heading, and one section's only
    // blank was an unmarked English glossary phrase: no sound item for either.
    expect(check).toContain('quiz: 14 of 21 entries can be quizzed (0 hand-written, 14 generated: ');
    expect(check).toContain('; 7 cannot: 4 a heading with no text of its own (a chapter heading); 1 a section that is no question');
    expect(check).toContain('; 2 no sound item');
  });
});
