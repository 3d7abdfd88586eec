/**
 * Shows how the matcher sees a question: its units (weights, alternatives) and the top entries
 * with coverage figures. Usage: npx tsx scripts/explain-match.ts --knowledge DIR "question" …
 */
import { loadKnowledge } from '../src/core/knowledge/loader.ts';
import { pick } from '../src/core/language.ts';
import { BUILTIN_GLOSSARY } from '../src/core/matching/glossary-data.ts';
import { Matcher } from '../src/core/matching/matcher.ts';
import { FILLER_PHRASES, STOPWORDS_EN, STOPWORDS_ZH } from '../src/core/matching/stopwords.ts';
import { cleanQuestion } from '../src/core/matching/question-text.ts';

const args = process.argv.slice(2);
const k = args.indexOf('--knowledge');
const dir = k >= 0 ? args.splice(k, 2)[1]! : 'knowledge';
const kb = loadKnowledge(dir);
const glossary = [...BUILTIN_GLOSSARY, ...kb.glossary];
const matcher = new Matcher({ entries: kb.entries, glossary, stopwordsEn: STOPWORDS_EN, stopwordsZh: STOPWORDS_ZH });
const conceptName = (t: string) => (t.startsWith('~') ? `~${glossary[Number(t.slice(1))]?.[0]}` : t);
for (const q of args) {
  console.log(`\n${q}`);
  // The units of the question as the matcher reads it: mentions, links and filler phrases taken out.
  for (const u of matcher.index.queryUnits(cleanQuestion(q, FILLER_PHRASES)))
    console.log(`  unit ${u.text} w=${u.weight.toFixed(2)} ${u.known ? '' : 'UNKNOWN'} ${u.intent ? 'INTENT ' : ''}${u.generic ? 'GENERIC ' : ''}alts=${u.alternatives.map(a => `${conceptName(a.term)}${a.factor < 1 ? '*' + a.factor.toFixed(2) : ''}`).join(',')}`);
  for (const r of matcher.rank(q, 5))
    console.log(`  ${r.confidence.toFixed(3)} ${pick(r.entry.title, 'en')} cov=${r.detail.coverage.toFixed(2)} title=${r.detail.titleCoverage.toFixed(2)} rev=${r.detail.reverseTitleCoverage.toFixed(2)} bm25=${r.detail.bm25.toFixed(2)} units=${r.detail.matchedUnits} specific=${r.detail.namesSpecific} subj=${r.detail.subjectCoverage.toFixed(2)}`);
  const m = matcher.match(q);
  console.log(`  => ${m.outcome} ${m.answer?.title ?? ''}`);
}
