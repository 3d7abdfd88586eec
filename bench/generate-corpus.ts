import fs from 'node:fs';
import path from 'node:path';
import type { Random } from '../src/core/ports.ts';

/**
 * Writes a synthetic knowledge base of `count` plain-Markdown entries (100 a file), mixing
 * English and Chinese prose built from the glossary's terms plus filler, with code blocks full of
 * `#` lines, so loading, segmentation and matching are measured on realistic shapes.
 */
export function generateCorpus(dir: string, count: number, glossary: readonly (readonly string[])[], random: Random): { titles: string[] } {
  fs.mkdirSync(dir, { recursive: true });
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random.next() * items.length)]!;
  const en = glossary.flatMap(g => g.filter(w => /^[a-z ]+$/i.test(w)));
  const zh = glossary.flatMap(g => g.filter(w => /\p{Script=Han}/u.test(w)));
  const fillerEn = 'the a of to in is that for it as with was on be by this are from or have an they which one you were all we when there can more if out so some time what about into than them only other new'.split(' ');
  const fillerZh = '的 是 在 和 了 有 我们 这个 可以 一个 就是 因为 所以 但是 如果 通过 使用 实现 需要 进行 问题 方法 时候 这样'.split(' ');
  const titles: string[] = [];
  let file = '';
  for (let i = 0; i < count; i++) {
    const chinese = random.next() < 0.5;
    const topic = chinese ? [pick(zh), pick(zh)] : [pick(en), pick(en)];
    const title = chinese ? `${i + 1}、${topic[0]}和${topic[1]}的区别` : `${i + 1}. What is the difference between ${topic[0]} and ${topic[1]}?`;
    titles.push(title.replace(/^\d+[、.]\s*/, ''));
    const words: string[] = [];
    const length = 40 + Math.floor(random.next() * 160); // 40–200 words: the size of a typical note entry
    for (let w = 0; w < length; w++) {
      const r = random.next();
      words.push(r < 0.2 ? pick(topic) : r < 0.35 ? (chinese ? pick(zh) : pick(en)) : chinese ? pick(fillerZh) : pick(fillerEn));
    }
    const body = chinese ? words.join('') : words.join(' ');
    file += `## ${title}\n\n${body}\n\n\`\`\`python\n# ${pick(en)} example\nx = 1  # comment\n# another comment line\n\`\`\`\n\n`;
    if ((i + 1) % 100 === 0 || i === count - 1) {
      fs.writeFileSync(path.join(dir, `notes-${String(Math.floor(i / 100)).padStart(4, '0')}.md`), `# Generated notes ${Math.floor(i / 100)}\n\n${file}`);
      file = '';
    }
  }
  return { titles };
}

import { seededRandom } from '../src/core/ports.ts';
export { seededRandom };
