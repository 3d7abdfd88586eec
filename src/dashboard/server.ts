import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Answerer } from '../core/answering/answerer.ts';
import type { Entry, KnowledgeBase } from '../core/knowledge/entry.ts';
import type { LearnedKnowledge } from '../core/learning/learned-knowledge.ts';
import { AliasRefused, type Learning } from '../core/learning/learning.ts';
import { groupBySimilarQuestion } from '../core/learning/similarity.ts';
import { BUILTIN_GLOSSARY } from '../core/matching/glossary-data.ts';
import { NO_QUIZ_REASONS } from '../core/quiz/generate/index.ts';
import { DECISION_FEATURES, Matcher } from '../core/matching/matcher.ts';
import { createJiebaSegmenter, type Segmenter } from '../core/matching/segmenter.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../core/matching/stopwords.ts';
import type { Clock, Logger } from '../core/ports.ts';
import { DASHBOARD_CSS, DASHBOARD_JS } from './assets.ts';
import { checkToken, csrfToken, sameText } from './auth.ts';
import type { DashboardData } from './dashboard-data.ts';
import type { Html } from './html.ts';
import { deniedPage, layout, missesPage, NOTICES, notesPage, overviewPage, PAGES, quizzesPage, tryPage } from './pages.ts';

/** The dashboard's knobs: frozen, documented data. */
export const DASHBOARD_OPTIONS = Object.freeze({
  /** The Overview and the Misses page look back this many days. */
  days: 30,
  /** Answers given with a confidence below this are listed as misses (as `interview-bot stats` does). */
  lowConfidenceBelow: 0.6,
  /** At most this many misses are read for the Misses page, newest first. */
  missLimit: 400,
  /** At most this many notes are listed on the Notes page. */
  noteLimit: 1000,
  /** Leaderboard rows and posts listed. */
  leaderLimit: 200,
  postLimit: 60,
  /** Largest POST body accepted (a form with an alias). */
  bodyLimit: 16_384,
  /** "Teach" buttons offered for one group of misses. */
  teachChoices: 4,
});

/**
 * Strict: nothing inline, nothing from another origin. Scripts and styles are this server's files
 * (uPlot from node_modules included), data comes as a non-executed JSON block.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const COOKIE = 'ib_dashboard';
const DAY_MS = 86_400_000;

export interface DashboardDeps {
  readonly data: DashboardData;
  readonly learning: Learning;
  readonly learned: LearnedKnowledge;
  readonly answerer: Pick<Answerer, 'match' | 'entryById'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

declare module 'fastify' {
  interface FastifyRequest {
    session?: string;
  }
}

/**
 * The dashboard as a fastify app (not listening): every route needs the signed link's session
 * cookie, set by GET /login?t=…; POSTs need the session's CSRF token and a same-origin Origin.
 * The token is never logged (fastify's logger is off; our log lines name no URL).
 */
export function buildDashboard(deps: DashboardDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: DASHBOARD_OPTIONS.bodyLimit, disableRequestLogging: true });
  const secret = deps.data.signingSecret();
  const require = createRequire(import.meta.url);
  // uPlot comes from node_modules (a dependency): no CDN, no build step.
  const files: Record<string, { body: string | Buffer; type: string }> = {
    '/assets/dashboard.js': { body: DASHBOARD_JS, type: 'text/javascript; charset=utf-8' },
    '/assets/dashboard.css': { body: DASHBOARD_CSS, type: 'text/css; charset=utf-8' },
    '/assets/uplot.js': { body: fs.readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js')), type: 'text/javascript; charset=utf-8' },
    '/assets/uplot.css': { body: fs.readFileSync(require.resolve('uplot/dist/uPlot.min.css')), type: 'text/css; charset=utf-8' },
  };
  let segmenter: Segmenter | undefined;
  const explainers = new WeakMap<KnowledgeBase, { signature: string; matcher: Matcher }>();

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on the dashboard's own POSTs.
    reply.header('Referrer-Policy', 'same-origin');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cache-Control', 'no-store');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    const route = request.url.split('?')[0];
    if (route === '/login' || route === '/assets/dashboard.css') return;
    const check = checkToken(secret, cookie(request, COOKIE), deps.clock.now());
    if (!check.ok) {
      reply.code(401).type('text/html; charset=utf-8').send(deniedPage(check.reason === 'missing' ? 'missing' : check.reason).value);
      return reply;
    }
    request.session = cookie(request, COOKIE);
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST') return;
    const origin = request.headers.origin;
    const body = (request.body ?? {}) as Record<string, string>;
    const sameOrigin = origin === undefined || origin === `http://${request.headers.host}` || origin === `https://${request.headers.host}`;
    if (!sameOrigin || typeof body.csrf !== 'string' || !sameText(body.csrf, csrfToken(secret, request.session!))) {
      reply.code(403).type('text/plain; charset=utf-8').send('Forbidden: this form is out of date or did not come from the dashboard. Reload the page and try again.');
      return reply;
    }
  });

  /** GET /login?t=…: the signed link. The token moves into an HttpOnly cookie and leaves the address bar. */
  app.get('/login', async (request, reply) => {
    const token = (request.query as Record<string, unknown>).t;
    const check = checkToken(secret, typeof token === 'string' ? token : undefined, deps.clock.now());
    if (!check.ok) return reply.code(401).type('text/html; charset=utf-8').send(deniedPage(check.reason).value);
    const maxAge = Math.max(1, Math.floor((check.expiresAt - deps.clock.now()) / 1000));
    reply.header('Set-Cookie', `${COOKIE}=${token as string}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Strict`);
    return reply.redirect('/', 303);
  });

  for (const [url, asset] of Object.entries(files))
    app.get(url, async (_request, reply) => reply.type(asset.type).header('Cache-Control', 'private, max-age=300').send(asset.body));

  const page = (reply: FastifyReply, route: string, body: Html, request: FastifyRequest) => {
    const notice = NOTICES[String((request.query as Record<string, unknown>).notice ?? '')];
    const title = PAGES.find(p => p.path === route)!.title;
    return reply.type('text/html; charset=utf-8').send(layout(title, route, body, notice).value);
  };
  const knowledge = () => deps.learned.knowledge();
  /**
   * A matcher over the notes with the accepted aliases, for the "why" of Try a question and the notes
   * a missed question may mean (ranked below the answer threshold too). Built once per knowledge.
   */
  const explainer = (): Matcher => {
    const base = knowledge();
    const signature = JSON.stringify([...deps.learning.accepted(base)].map(([id, ds]) => [id, ds.map(d => d.alias)]));
    const cached = explainers.get(base);
    if (cached?.signature === signature) return cached.matcher;
    const kb = deps.learning.apply(base);
    segmenter ??= createJiebaSegmenter();
    const matcher = new Matcher({ entries: kb.entries, glossary: [...BUILTIN_GLOSSARY, ...kb.glossary], stopwordsEn: STOPWORDS_EN, stopwordsZh: STOPWORDS_ZH, segmenter });
    explainers.set(base, { signature, matcher });
    return matcher;
  };
  const entryMap = () => new Map(knowledge().entries.map(e => [e.id, e]));

  app.get('/', async (request, reply) => {
    const now = deps.clock.now();
    const from = Math.floor(now / DAY_MS) * DAY_MS - (DASHBOARD_OPTIONS.days - 1) * DAY_MS;
    return page(reply, '/', overviewPage({ days: deps.data.activity(from, now), channels: deps.data.channelActivity(from, now) }), request);
  });

  app.get('/misses', async (request, reply) => {
    const kb = knowledge();
    const entries = entryMap();
    const rows = deps.data.misses(deps.clock.now() - DASHBOARD_OPTIONS.days * DAY_MS, DASHBOARD_OPTIONS.lowConfidenceBelow, DASHBOARD_OPTIONS.missLimit);
    // The groups missed most first (then the most recent).
    const grouped = groupBySimilarQuestion(rows, r => r.query, deps.learning.options.groupSimilarity).sort((a, b) => b.length - a.length || b[0]!.at - a[0]!.at);
    const missGroups = grouped.map(group => {
      const question = group[0]!.query;
      // What the maintainer may want it to mean: what was picked or answered, and what the bot would offer now.
      const ids = [...group.map(r => r.picked), ...group.map(r => r.entryId), ...explainer().rank(question, DASHBOARD_OPTIONS.teachChoices).map(r => r.entry.id)];
      // Only the notes it could be taught for (not a wording the note already has, not another note's title).
      const teach = [...new Set(ids.filter((id): id is string => id !== null))]
        .map(id => entries.get(id))
        .filter((e): e is Entry => e !== undefined && deps.learning.refusal(kb, e.id, question) === undefined);
      return { question, rows: group, teach: teach.slice(0, DASHBOARD_OPTIONS.teachChoices) };
    });
    const csrf = csrfToken(secret, request.session!);
    return page(reply, '/misses', missesPage({ candidates: deps.learning.candidates(kb), flagged: deps.learning.flagged(kb), missGroups, entries, csrf }), request);
  });

  app.post('/misses/:action', async (request, reply) => {
    const { action } = request.params as { action: string };
    const body = request.body as Record<string, string>;
    const entryId = String(body.entry ?? '');
    const alias = String(body.alias ?? '');
    let notice: string;
    if (action === 'accept') {
      try {
        const d = deps.learning.accept(knowledge(), entryId, alias, 'dashboard');
        deps.logger.info({ entry: d.entryId, alias: d.alias }, 'alias accepted on the dashboard');
        notice = 'accepted';
      } catch (error) {
        if (!(error instanceof AliasRefused)) throw error;
        notice = error.reason === 'title-of-another-entry' ? 'refused-title' : error.reason === 'already-known' ? 'refused-known' : error.reason === 'unknown-entry' ? 'refused-entry' : 'refused-other';
      }
    } else if (action === 'reject') {
      deps.learning.reject(entryId, alias, 'dashboard');
      notice = 'rejected';
    } else if (action === 'reopen') {
      deps.learning.reopen(entryId, alias);
      notice = 'reopened';
    } else return reply.code(404).send('Not found');
    // Used at once: the answerer is rebuilt with the accepted aliases before the page comes back.
    await deps.learned.refresh();
    return reply.redirect(`/misses?notice=${notice}`, 303);
  });

  app.get('/try', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).q;
    const question = typeof raw === 'string' ? raw.trim() : '';
    if (!question) return page(reply, '/try', tryPage({ question: '' }), request);
    if ([...question].length > 500) return page(reply, '/try', tryPage({ question: question.slice(0, 500), tooLong: true }), request);
    const result = deps.answerer.match(question);
    const kb = deps.learning.apply(knowledge());
    const matcher = explainer();
    const glossary = [...BUILTIN_GLOSSARY, ...kb.glossary];
    const conceptName = (term: string) => (term.startsWith('~') ? `~${glossary[Number(term.slice(1))]?.[0] ?? term}` : term);
    const { units, ranked } = matcher.analyse(question, 5);
    const decision = matcher.decisionInput(question);
    const o = matcher.options;
    const best = decision.ranked[0];
    const probability = decision.features ? matcher.answerProbability(decision.features) : 0;
    // Which rule decided, in the order the matcher applies them.
    const rule = !best
      ? 'Nothing in the notes shares a word with the question.'
      : best.confidence < o.suggestAt
        ? `Declined: the best note's confidence ${best.confidence.toFixed(2)} is below the floor for "did you mean" (${o.suggestAt}).`
        : decision.rival && best.confidence - decision.rival.confidence < o.nearTie
          ? `A near tie with another note (within ${o.nearTie}): offered, never answered.`
          : result.outcome === 'answer'
            ? `Answered: the decision model gives ${probability.toFixed(2)} (answers from ${o.answerProbability}) and the note covers enough of the question.`
            : result.outcome === 'suggest'
              ? `"Did you mean": the decision model gives ${probability.toFixed(2)} (answers from ${o.answerProbability}), or the note covers too little of the question; notes whose title the question names are offered.`
              : `Declined: a weak match (below ${o.answerAt}) whose title the question does not name.`;
    return page(
      reply,
      '/try',
      tryPage({
        question,
        result,
        units: units.map(u => ({ text: u.text, weight: u.weight, known: u.known, intent: u.intent, generic: u.generic, alternatives: u.alternatives.map(a => `${conceptName(a.term)}${a.factor < 1 ? ` ×${a.factor.toFixed(2)}` : ''}`) })),
        ranked: ranked.map(r => ({ entry: r.entry, confidence: r.confidence, detail: r.detail as unknown as Record<string, number | boolean> })),
        rule,
        ...(decision.features ? { decision: decision.features.map((value, i) => ({ name: String(DECISION_FEATURES[i] ?? `feature ${i}`), value })), probability } : {}),
      }),
      request,
    );
  });

  app.get('/notes', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).filter;
    const filter = typeof raw === 'string' ? raw.slice(0, 200) : '';
    const kb = knowledge();
    const learned = new Map([...deps.learning.accepted(kb)].map(([id, ds]) => [id, ds.map(d => d.alias)]));
    const use = new Map(deps.data.entryUse().map(u => [u.entryId, u]));
    const quiz = kb.quizCoverage;
    const cannot = quiz ? kb.entries.length - quiz.handWritten - quiz.generated : 0;
    const coverage = quiz
      ? `${quiz.handWritten + quiz.generated} of ${kb.entries.length} notes can be quizzed (${quiz.handWritten} hand-written, ${quiz.generated} generated)` +
        (cannot > 0
          ? `; ${cannot} cannot: ${Object.entries(quiz.without)
              .filter(([, n]) => n > 0)
              .map(([reason, n]) => `${n} ${NO_QUIZ_REASONS[reason as keyof typeof NO_QUIZ_REASONS]}`)
              .join('; ')}`
          : '')
      : undefined;
    return page(reply, '/notes', notesPage({ knowledge: kb, use, learned, filter, limit: DASHBOARD_OPTIONS.noteLimit, ...(coverage ? { coverage } : {}) }), request);
  });

  app.get('/quizzes', async (request, reply) =>
    page(reply, '/quizzes', quizzesPage({ leaders: deps.data.leaderboards(DASHBOARD_OPTIONS.leaderLimit), schedules: deps.data.schedules(), posts: deps.data.posts(DASHBOARD_OPTIONS.postLimit), entries: entryMap() }), request),
  );

  app.setNotFoundHandler((_request, reply) => reply.code(404).type('text/plain; charset=utf-8').send('Not found'));
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    deps.logger.error({ err: error, route: request.routeOptions?.url ?? 'unknown', method: request.method }, 'dashboard request failed');
    return reply.code(error.statusCode && error.statusCode < 500 ? error.statusCode : 500).type('text/plain; charset=utf-8').send(error.statusCode && error.statusCode < 500 ? 'Bad request' : 'Internal error (logged)');
  });
  return app;
}

function cookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface RunningDashboard {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the dashboard on host:port (DASHBOARD_HOST, default 127.0.0.1; DASHBOARD_PORT). */
export async function startDashboard(deps: DashboardDeps, where: { readonly host: string; readonly port: number }): Promise<RunningDashboard> {
  const app = buildDashboard(deps);
  await app.listen({ host: where.host, port: where.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : where.port;
  return { host: where.host, port, close: () => app.close() };
}
