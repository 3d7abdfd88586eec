import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPreview, previewItems } from '../../src/cli/quiz-preview.ts';
import { loadKnowledge } from '../../src/core/knowledge/loader.ts';
import { ROOT, useFolders } from '../support/core-harness.ts';

/**
 * The README's "Use your own notes" section shows plain notes (`databases/redis.md`) and the quiz
 * items `quiz-preview --topic redis` prints for them. This test writes those notes to a folder, makes
 * the preview and checks that every item the README shows is what the bot prints, word for word.
 */
const folder = useFolders('interview-bot-readme-quiz-');

function readmeExample(): { notes: string; shown: string } {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('From plain notes such as these in `databases/redis.md`:');
  if (at < 0) throw new Error('README.md no longer shows the databases/redis.md example');
  const notes = /```markdown\n([\s\S]*?)```/.exec(readme.slice(at));
  const shown = /```text\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!notes || !shown) throw new Error('the example needs a ```markdown block and a ```text block after it');
  return { notes: notes[1]!, shown: shown[1]! };
}

describe('the README\'s generated-quiz example', () => {
  it('is what quiz-preview prints for the notes it shows', () => {
    const { notes, shown } = readmeExample();
    const kb = loadKnowledge(folder({ 'databases/redis.md': notes }));
    const printed = previewItems(kb.entries, 10, 'redis').map((item, i) => formatPreview(item, i).trim());
    const items = shown.trim().split(/\n\n(?=\[\d+\] )/);
    expect(items.length).toBeGreaterThanOrEqual(2);
    for (const item of items) expect(printed).toContain(item.trim());
  });
});
