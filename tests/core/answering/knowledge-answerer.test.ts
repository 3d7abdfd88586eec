import { describe, expect, it } from 'vitest';
import { KnowledgeAnswerer } from '../../../src/core/answering/knowledge-answerer.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { silentLogger } from '../../../src/core/ports.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { useFolders } from '../../support/core-harness.ts';

const folder = useFolders('interview-bot-answerer-');
const LONG = 'Why does a Python dictionary keep insertion order since version 3.7, and what did it cost';

describe('KnowledgeAnswerer.show: the source line', () => {
  const answerer = () => new KnowledgeAnswerer({ knowledge: loadKnowledge(folder({ 'dicts.md': `## ${LONG}\n\nThe compact dict keeps an index array and a dense entries array.\n` })), clock: new FakeClock(0), logger: silentLogger });

  it('names the heading in full, never cut with "…"', () => {
    const a = answerer();
    const reply = a.show(a.entries()[0]!, 'en', 0, undefined, 0.91);
    expect(reply.footer).toBe(`Source: dicts.md · ${LONG} · confidence 0.91`);
    expect(reply.footer).not.toContain('…');
  });

  it('shows no confidence for an entry the person chose (a picked suggestion), not "confidence —"', () => {
    const a = answerer();
    const reply = a.show(a.entries()[0]!, 'en', 0);
    expect(reply.footer).toBe(`Source: dicts.md · ${LONG}`);
    expect(a.show(a.entries()[0]!, 'zh', 0).footer).toBe(`来源：dicts.md · ${LONG}`);
  });
});
