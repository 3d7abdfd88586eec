import type { Entry, KnowledgeBase } from '../core/knowledge/entry.ts';
import { pick } from '../core/language.ts';
import type { CandidateGroup, FlaggedAlias } from '../core/learning/learning.ts';
import type { MatchResult } from '../core/matching/match-result.ts';
import type { DayActivity, EntryUse, LeaderRow, MissRow, PostRow, ScheduleRow } from './dashboard-data.ts';
import { html, jsonBlock, type Html } from './html.ts';

/** The pages, in the order of the menu. */
export const PAGES = Object.freeze([
  { path: '/', title: 'Overview' },
  { path: '/misses', title: 'Misses' },
  { path: '/try', title: 'Try a question' },
  { path: '/notes', title: 'Notes' },
  { path: '/quizzes', title: 'Quizzes and daily' },
] as const);

/** Fixed notices shown after a POST (the redirect carries only the code, never text). */
export const NOTICES: Readonly<Record<string, string>> = Object.freeze({
  accepted: 'Alias accepted: the bot answers with it from now on.',
  rejected: 'Alias rejected: it and questions like it are no longer proposed for that note.',
  reopened: 'The alias is back up for review and no longer used.',
  'refused-title': "Not accepted: that is another note's title, and an alias never takes a title from its note.",
  'refused-known': 'Not accepted: the note already has that title or alias.',
  'refused-entry': 'Not accepted: that note no longer exists (the notes were reloaded).',
  'refused-other': 'Not accepted: the alias is empty or too long.',
});

/** Questions listed under one group of misses (the rest are counted). */
const MISS_ROWS_SHOWN = 5;

const when = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

/** The frame of every page: menu, notice, content. Scripts and styles are files of this origin only (CSP). */
export function layout(title: string, current: string, body: Html, notice?: string): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${title} · interview-bot</title>
<link rel="stylesheet" href="/assets/uplot.css">
<link rel="stylesheet" href="/assets/dashboard.css">
<script src="/assets/uplot.js" defer></script>
<script src="/assets/dashboard.js" defer></script>
</head>
<body>
<header><strong>interview-bot</strong>
<nav>${PAGES.map(p => html`<a href="${p.path}"${p.path === current ? html` aria-current="page"` : ''}>${p.title}</a>`)}</nav>
</header>
<main>
<h1>${title}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${body}
</main>
</body>
</html>`;
}

/** The page for a request without a valid link (401). */
export function deniedPage(reason: 'missing' | 'invalid' | 'expired'): Html {
  const text =
    reason === 'expired'
      ? 'This link has expired. Print a new one with: npx interview-bot dashboard-link'
      : 'The dashboard needs a signed link. Print one with: npx interview-bot dashboard-link';
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in needed · interview-bot</title><link rel="stylesheet" href="/assets/dashboard.css"></head>
<body><main><h1>${reason === 'expired' ? 'Link expired' : 'Sign-in needed'}</h1><p>${text}</p></main></body></html>`;
}

export interface OverviewModel {
  readonly days: readonly DayActivity[];
  readonly channels: readonly { readonly day: string; readonly channel: string; readonly quizzes: number; readonly dailyPosts: number }[];
}

export function overviewPage(m: OverviewModel): Html {
  const total = (k: keyof Omit<DayActivity, 'day'>) => m.days.reduce((n, d) => n + d[k], 0);
  const summary = [
    `${total('answered') + total('suggested') + total('declined')} questions`,
    `${total('answered')} answered`,
    `${total('suggested')} "did you mean"`,
    `${total('declined')} declined`,
    `${total('up')} helpful`,
    `${total('down')} not helpful`,
    `${total('quizzes')} quizzes`,
    `${total('dailyPosts')} daily posts`,
  ].join(' · ');
  return html`<p>The last ${m.days.length} days (UTC): ${summary}.</p>
<section><h2>Questions a day</h2><div class="chart" id="chart-questions" data-chart="questions"></div></section>
<section><h2>Feedback a day</h2><div class="chart" id="chart-feedback" data-chart="feedback"></div></section>
<section><h2>Quizzes and daily posts a day, by channel</h2><div class="chart" id="chart-channels" data-chart="channels"></div>
${m.channels.length === 0 ? html`<p class="muted">No quiz or daily post in this period.</p>` : ''}</section>
${jsonBlock('overview-data', m)}`;
}

export interface MissesModel {
  readonly candidates: readonly CandidateGroup[];
  readonly flagged: readonly FlaggedAlias[];
  readonly missGroups: readonly { readonly question: string; readonly rows: readonly MissRow[]; readonly teach: readonly Entry[] }[];
  readonly entries: ReadonlyMap<string, Entry>;
  readonly csrf: string;
}

const KIND_LABEL: Record<MissRow['kind'], string> = { declined: 'declined', 'did-you-mean': 'did you mean', 'down-voted': 'not helpful', 'low-confidence': 'low confidence' };

function entryLabel(entries: ReadonlyMap<string, Entry>, id: string | null): Html {
  if (id === null) return html`<span class="muted">none</span>`;
  const e = entries.get(id);
  return e ? html`<span title="${e.source.file}:${e.source.line}">${pick(e.title, 'en')}</span>` : html`<code>${id}</code>`;
}

function aliasForm(action: 'accept' | 'reject' | 'reopen', entryId: string, alias: string, csrf: string, label: string): Html {
  return html`<form method="post" action="/misses/${action}" class="inline"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="entry" value="${entryId}"><input type="hidden" name="alias" value="${alias}"><button type="submit" class="${action}">${label}</button></form>`;
}

export function missesPage(m: MissesModel): Html {
  const candidateRows = m.candidates.map(
    g => html`<article class="group"><h3>“${g.question}”</h3><table><thead><tr><th>Alias</th><th>For the note</th><th>Confirmed by</th><th>Not helpful</th><th>Status</th><th></th></tr></thead><tbody>
${g.candidates.map(
  c => html`<tr class="candidate" data-status="${c.status}"><td class="alias">${c.alias}</td><td>${entryLabel(m.entries, c.entryId)}</td><td>${c.confirmations} ${c.confirmations === 1 ? 'person' : 'people'}</td><td>${c.downs}</td>
<td>${c.status}${c.decision ? html` <span class="muted">by ${c.decision.by}</span>` : ''}${c.blocked ? html` <span class="warn">cannot be accepted: ${c.blocked === 'too-long' ? 'too long' : "another note's title"}</span>` : ''}</td>
<td>${c.status !== 'accepted' && !c.blocked ? aliasForm('accept', c.entryId, c.alias, m.csrf, 'Accept') : ''}${c.status !== 'rejected' ? aliasForm('reject', c.entryId, c.alias, m.csrf, 'Reject') : ''}</td></tr>`,
)}</tbody></table></article>`,
  );
  const flaggedRows = m.flagged.map(
    f => html`<tr><td class="alias">${f.decision.alias}</td><td>${entryLabel(m.entries, f.decision.entryId)}</td><td>${f.downs}</td><td>${f.questions.map(q => html`<div>${q.query}</div>`)}</td>
<td>${aliasForm('reject', f.decision.entryId, f.decision.alias, m.csrf, 'Reject')}${aliasForm('reopen', f.decision.entryId, f.decision.alias, m.csrf, 'Back to review')}</td></tr>`,
  );
  const missRows = m.missGroups.map(
    g => html`<article class="group miss"><h3>“${g.question}” <span class="muted">${g.rows.length} ${g.rows.length === 1 ? 'time' : 'times'}</span></h3>
<table><thead><tr><th>Asked</th><th>When</th><th>Why listed</th><th>Answered with</th><th>Picked</th><th>Confidence</th></tr></thead><tbody>
${g.rows.slice(0, MISS_ROWS_SHOWN).map(r => html`<tr><td class="query">${r.query}</td><td>${when(r.at)}</td><td>${KIND_LABEL[r.kind]}</td><td>${entryLabel(m.entries, r.entryId)}</td><td>${r.picked ? entryLabel(m.entries, r.picked) : ''}</td><td>${r.score.toFixed(2)}</td></tr>`)}
</tbody></table>
${g.rows.length > MISS_ROWS_SHOWN ? html`<p class="muted">and ${g.rows.length - MISS_ROWS_SHOWN} more</p>` : ''}
${g.teach.length > 0 ? html`<p class="teach">Teach: “${g.question}” means ${g.teach.map(e => aliasForm('accept', e.id, g.question, m.csrf, pick(e.title, 'en')))}</p>` : ''}</article>`,
  );
  return html`<section><h2>Candidate aliases</h2>
<p class="muted">Made from what people picked under “did you mean” and from “helpful” votes on uncertain answers, grouped by similar question. An accepted alias is used at once; a “not helpful” vote holds a candidate for you.</p>
${candidateRows.length > 0 ? candidateRows : html`<p class="muted">No candidates yet.</p>`}</section>
<section><h2>Flagged aliases</h2>
${flaggedRows.length > 0 ? html`<p class="muted">Learned aliases whose answers were voted not helpful since they were accepted.</p><table><thead><tr><th>Alias</th><th>Note</th><th>Not helpful</th><th>Questions</th><th></th></tr></thead><tbody>${flaggedRows}</tbody></table>` : html`<p class="muted">None.</p>`}</section>
<section><h2>Misses of the last 30 days</h2>
<p class="muted">Declined questions, “did you mean” with what was picked, answers voted not helpful and answers given with low confidence, grouped by similar question.</p>
${missRows.length > 0 ? missRows : html`<p class="muted">No misses.</p>`}</section>`;
}

export interface TryModel {
  readonly question: string;
  readonly result?: MatchResult;
  readonly units?: readonly { readonly text: string; readonly weight: number; readonly known: boolean; readonly intent: boolean; readonly generic: boolean; readonly alternatives: readonly string[] }[];
  readonly ranked?: readonly { readonly entry: Entry; readonly confidence: number; readonly detail: Readonly<Record<string, number | boolean>> }[];
  readonly decision?: readonly { readonly name: string; readonly value: number }[];
  readonly probability?: number;
  /** Which of the matcher's rules decided, in words. */
  readonly rule?: string;
  readonly tooLong?: boolean;
}

export function tryPage(m: TryModel): Html {
  const r = m.result;
  const detailKeys = ['coverage', 'titleCoverage', 'reverseTitleCoverage', 'subjectCoverage', 'bm25', 'matchedUnits', 'namesSpecific'];
  const fmt = (v: number | boolean | undefined) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v ? 'yes' : 'no');
  return html`<form method="get" action="/try" class="try"><label for="q">Question</label> <input id="q" name="q" value="${m.question}" maxlength="500" autofocus> <button type="submit">Ask</button></form>
${m.tooLong ? html`<p class="warn">That question is longer than 500 characters.</p>` : ''}
${
  r
    ? html`<section class="result"><h2>What the bot does</h2>
<p class="outcome" data-outcome="${r.outcome}">${r.outcome === 'answer' ? html`Answers with <strong>${r.answer!.title}</strong> (confidence ${r.confidence.toFixed(2)})` : r.outcome === 'suggest' ? html`Offers “did you mean” (best confidence ${r.confidence.toFixed(2)})` : html`Declines (best confidence ${r.confidence.toFixed(2)})`}</p>
${r.suggestions.length > 0 ? html`<p>${r.outcome === 'suggest' ? 'Choices' : 'Runners-up'}: ${r.suggestions.map((s, i) => html`${i > 0 ? ' · ' : ''}${s.title} (${s.score.toFixed(2)})`)}</p>` : ''}
</section>
<section><h2>Why: the question's units</h2><table><thead><tr><th>Unit</th><th>Weight</th><th>Kind</th><th>Matches index terms</th></tr></thead><tbody>
${(m.units ?? []).map(u => html`<tr><td>${u.text}</td><td>${u.weight.toFixed(2)}</td><td>${[u.known ? '' : 'unknown', u.intent ? 'intent' : '', u.generic ? 'generic' : ''].filter(Boolean).join(', ') || 'subject'}</td><td>${u.alternatives.join(', ')}</td></tr>`)}
</tbody></table></section>
<section><h2>Why: the best notes and their scores</h2><table><thead><tr><th>Note</th><th>Confidence</th>${detailKeys.map(k => html`<th>${k}</th>`)}</tr></thead><tbody>
${(m.ranked ?? []).map(x => html`<tr><td title="${x.entry.source.file}:${x.entry.source.line}">${pick(x.entry.title, 'en')}</td><td>${x.confidence.toFixed(2)}</td>${detailKeys.map(k => html`<td>${fmt(x.detail[k])}</td>`)}</tr>`)}
</tbody></table></section>
${m.decision || m.rule ? html`<section><h2>Why: the decision</h2>${m.rule ? html`<p class="rule">${m.rule}</p>` : ''}${m.decision ? html`<p>Probability that the best note answers it: ${(m.probability ?? 0).toFixed(2)}, from:</p><table><tbody>${m.decision.map(d => html`<tr><td>${d.name}</td><td>${d.value.toFixed(3)}</td></tr>`)}</tbody></table>` : ''}</section>` : ''}`
    : ''
}`;
}

export interface NotesModel {
  readonly knowledge: KnowledgeBase;
  readonly use: ReadonlyMap<string, EntryUse>;
  readonly learned: ReadonlyMap<string, readonly string[]>;
  readonly filter: string;
  readonly limit: number;
  /** What `check` says of quiz coverage: how many notes can be quizzed, and why the others cannot. */
  readonly coverage?: string;
}

export function notesPage(m: NotesModel): Html {
  const f = m.filter.toLowerCase();
  const shown = m.knowledge.entries.filter(e => !f || `${pick(e.title, 'en')} ${pick(e.title, 'zh')} ${e.source.file} ${e.tags.join(' ')}`.toLowerCase().includes(f));
  const issues = m.knowledge.issues;
  return html`<form method="get" action="/notes" class="try"><label for="filter">Filter</label> <input id="filter" name="filter" value="${m.filter}"> <button type="submit">Filter</button></form>
<p>${m.knowledge.entries.length} notes${f ? html`, ${shown.length} shown` : ''}${shown.length > m.limit ? html` (the first ${m.limit})` : ''}.</p>
<table class="notes"><thead><tr><th>Note</th><th>Source</th><th>Topics</th><th>Quiz items</th><th>Asked</th><th>Helpful</th><th>Not helpful</th><th>Learned aliases</th></tr></thead><tbody>
${shown.slice(0, m.limit).map(e => {
  const u = m.use.get(e.id);
  const generated = e.quiz.filter(q => q.generated).length;
  const hand = e.quiz.length - generated;
  return html`<tr><td>${pick(e.title, 'en')}</td><td><code>${e.source.file}:${e.source.line}</code></td><td>${(e.tags.length > 0 ? e.tags : (e.topics ?? [])).join(', ')}</td>
<td>${
    e.quiz.length === 0
      ? html`<span class="muted">none</span>`
      : html`<details><summary>${[hand > 0 ? `${hand} hand-written` : '', generated > 0 ? `${generated} generated` : ''].filter(Boolean).join(', ')}</summary><ul>${e.quiz.map(
          q => html`<li>${q.generated ? q.generated.kind : 'hand-written'} · ${q.type === 'choice' ? 'choice' : 'typed'}: ${pick(q.question, 'en')}</li>`,
        )}</ul></details>`
  }</td>
<td>${u?.asked ?? 0}</td><td>${u?.up ?? 0}</td><td>${u?.down ?? 0}</td><td>${(m.learned.get(e.id) ?? []).join(' · ')}</td></tr>`;
})}
</tbody></table>
${m.coverage ? html`<p>Quizzes: ${m.coverage}.</p>` : ''}
<section><h2>Problems of the last load</h2>
${issues.length === 0 ? html`<p class="muted">None.</p>` : html`<ul>${issues.map(i => html`<li class="${i.severity}"><code>${i.file}:${i.line}</code> ${i.severity}: ${i.message}</li>`)}</ul>`}</section>`;
}

export interface QuizzesModel {
  readonly leaders: readonly LeaderRow[];
  readonly schedules: readonly ScheduleRow[];
  readonly posts: readonly PostRow[];
  readonly entries: ReadonlyMap<string, Entry>;
}

export function quizzesPage(m: QuizzesModel): Html {
  const boards = new Map<string, LeaderRow[]>();
  for (const r of m.leaders) boards.set(`${r.platform} · ${r.workspace}`, [...(boards.get(`${r.platform} · ${r.workspace}`) ?? []), r]);
  return html`<section><h2>Leaderboards</h2>
${boards.size === 0 ? html`<p class="muted">No quiz has been played yet.</p>` : ''}
${[...boards].map(([where, rows]) => html`<h3>${where}</h3><table><thead><tr><th>#</th><th>Player</th><th>Points</th><th>Quizzes</th></tr></thead><tbody>${rows.map((r, i) => html`<tr><td>${i + 1}</td><td>${r.name}</td><td>${r.points}</td><td>${r.quizzes}</td></tr>`)}</tbody></table>`)}
</section>
<section><h2>Daily schedules</h2>
${m.schedules.length === 0 ? html`<p class="muted">No daily question is scheduled.</p>` : html`<table><thead><tr><th>Channel</th><th>Time</th><th>Topic</th><th>Set by</th></tr></thead><tbody>${m.schedules.map(s => html`<tr><td>${s.platform} · ${s.workspace} · ${s.channel}</td><td>${s.time} ${s.timeZone}</td><td>${s.topic ?? 'any'}</td><td>${s.setBy}</td></tr>`)}</tbody></table>`}
</section>
<section><h2>Posted</h2>
${m.posts.length === 0 ? html`<p class="muted">Nothing posted yet.</p>` : html`<table><thead><tr><th>When (UTC)</th><th>Channel</th><th>Day</th><th>Question</th><th>Answer shown</th></tr></thead><tbody>${m.posts.map(p => html`<tr><td>${when(p.postedAt)}</td><td>${p.platform} · ${p.workspace} · ${p.channel}</td><td>${p.day ?? 'extra'}</td><td>${entryLabel(m.entries, p.entryId)}</td><td>${p.revealedAt ? when(p.revealedAt) : ''}</td></tr>`)}</tbody></table>`}
</section>`;
}
