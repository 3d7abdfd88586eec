import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeAnswerer } from '../../src/core/answering/knowledge-answerer.ts';
import { LearnedKnowledge } from '../../src/core/learning/learned-knowledge.ts';
import { Learning } from '../../src/core/learning/learning.ts';
import type { Outcome } from '../../src/core/store.ts';
import { createToken } from '../../src/dashboard/auth.ts';
import { escapeHtml, html, jsonBlock } from '../../src/dashboard/html.ts';
import { dashboardLink } from '../../src/dashboard/link.ts';
import { buildDashboard, CONTENT_SECURITY_POLICY } from '../../src/dashboard/server.ts';
import { SqliteDashboardData } from '../../src/store/sqlite/sqlite-dashboard-data.ts';
import { SqliteLearningStore } from '../../src/store/sqlite/sqlite-learning-store.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { miniKnowledge, MONDAY_0900_UTC, RecordingLogger } from '../support/core-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';

const stores: SqliteStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const HOSTILE = `<script>alert(1)</script><img src=x onerror="alert(2)">`;

function world() {
  const store = openSqliteStore(':memory:');
  stores.push(store);
  const clock = new FakeClock(MONDAY_0900_UTC);
  const logger = new RecordingLogger();
  const knowledge = miniKnowledge();
  const learning = new Learning(new SqliteLearningStore(store.db), clock);
  const answerer = new KnowledgeAnswerer({ knowledge, clock, logger });
  const learned = new LearnedKnowledge({ learning, target: answerer, knowledge, logger });
  const data = new SqliteDashboardData(store.db, () => clock.now());
  const app = buildDashboard({ data, learning, learned, answerer, clock, logger });
  const ask = (query: string, user = 'u1') => {
    clock.advance(60_000);
    const r = answerer.match(query);
    return store.questions.record({ at: clock.now(), platform: 'slack', workspace: 'T1', channel: 'C1', user, query, outcome: r.outcome as Outcome, entryId: r.answer?.id ?? null, score: r.confidence });
  };
  const secret = data.signingSecret();
  const token = createToken(secret, clock.now() + 3_600_000);
  /** Signs in with a fresh link and returns the session cookie. */
  const signIn = async () => {
    const res = await app.inject({ method: 'GET', url: `/login?t=${token}` });
    expect(res.statusCode).toBe(303);
    return String(res.headers['set-cookie']).split(';')[0]!;
  };
  const csrfOf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)![1]!;
  return { store, clock, logger, learning, answerer, app, ask, secret, token, signIn, csrfOf, data };
}

describe('access', () => {
  it('answers 401 to every page and script without the signed link', async () => {
    const w = world();
    for (const url of ['/', '/misses', '/try?q=gil', '/notes', '/quizzes', '/assets/dashboard.js', '/assets/uplot.js']) {
      const res = await w.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.body).toContain('dashboard-link');
    }
    expect((await w.app.inject({ method: 'GET', url: '/', headers: { cookie: 'ib_dashboard=forged.token' } })).statusCode).toBe(401);
  });

  it('turns the link into an HttpOnly, SameSite=Strict cookie and takes the token out of the address', async () => {
    const w = world();
    const res = await w.app.inject({ method: 'GET', url: `/login?t=${w.token}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toMatch(/^ib_dashboard=[^;]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Strict$/);
    const page = await w.app.inject({ method: 'GET', url: '/', headers: { cookie: await w.signIn() } });
    expect(page.statusCode).toBe(200);
  });

  it('refuses an expired link, and a session whose link has expired since', async () => {
    const w = world();
    const expired = createToken(w.secret, w.clock.now() - 1);
    const res = await w.app.inject({ method: 'GET', url: `/login?t=${expired}` });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Link expired');
    const cookie = await w.signIn();
    w.clock.advance(3_600_001);
    expect((await w.app.inject({ method: 'GET', url: '/', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses a link signed with another key (another state file)', async () => {
    const w = world();
    const other = createToken(Buffer.alloc(32, 7), w.clock.now() + 3_600_000);
    expect((await w.app.inject({ method: 'GET', url: `/login?t=${other}` })).statusCode).toBe(401);
  });

  it('sends a strict Content-Security-Policy and no-store on every response', async () => {
    const w = world();
    const cookie = await w.signIn();
    for (const url of ['/', '/misses', '/try?q=gil', '/notes', '/quizzes']) {
      const res = await w.app.inject({ method: 'GET', url, headers: { cookie } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body.match(/<script>|style="|\son\w+="/g) ?? [], url).toEqual([]);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|http|\*/);
  });

  it('never logs the token', async () => {
    const w = world();
    const cookie = await w.signIn();
    await w.app.inject({ method: 'GET', url: `/try?q=${encodeURIComponent('gil')}`, headers: { cookie } });
    await w.app.inject({ method: 'GET', url: '/nope', headers: { cookie } });
    expect(JSON.stringify(w.logger.records)).not.toContain(w.token.split('.')[1]!);
  });
});

describe('hostile text', () => {
  it('shows a question with <script> and <img onerror> as text on the Misses and Try pages', async () => {
    const w = world();
    w.ask(HOSTILE);
    const cookie = await w.signIn();
    const misses = await w.app.inject({ method: 'GET', url: '/misses', headers: { cookie } });
    expect(misses.body).toContain(escapeHtml(HOSTILE));
    expect(misses.body).not.toContain('<script>alert');
    expect(misses.body).not.toContain('<img src=x');
    const tried = await w.app.inject({ method: 'GET', url: `/try?q=${encodeURIComponent(HOSTILE)}`, headers: { cookie } });
    expect(tried.body).toContain(`value="${escapeHtml(HOSTILE)}"`);
    expect(tried.body).not.toContain('<img src=x');
  });

  it('escapes every interpolated value and keeps JSON data from closing its block', () => {
    expect(html`<p title="${'"><b>'}">${'<i>&'}</p>`.value).toBe('<p title="&quot;&gt;&lt;b&gt;">&lt;i&gt;&amp;</p>');
    expect(jsonBlock('d', { q: '</script><script>x()</script>' }).value).not.toContain('</script><script>');
  });
});

describe('teaching from the Misses page', () => {
  it('lists a "did you mean" pick as a candidate; Accept (with the CSRF token) makes the bot answer it', async () => {
    const w = world();
    const q = 'decorator gil';
    const id = w.ask(q, 'ann');
    w.store.questions.picked(id, 'test-decorator', w.clock.now());
    const cookie = await w.signIn();
    const page = (await w.app.inject({ method: 'GET', url: '/misses', headers: { cookie } })).body;
    expect(page).toContain('<td class="alias">decorator gil</td>');
    const form = { csrf: w.csrfOf(page), entry: 'test-decorator', alias: q };
    // Without the token, or from another origin: refused, nothing changes.
    const noCsrf = await w.app.inject({ method: 'POST', url: '/misses/accept', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...form, csrf: 'x' }).toString() });
    expect(noCsrf.statusCode).toBe(403);
    const crossSite = await w.app.inject({ method: 'POST', url: '/misses/accept', headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
    expect(crossSite.statusCode).toBe(403);
    const noSession = await w.app.inject({ method: 'POST', url: '/misses/accept', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
    expect(noSession.statusCode).toBe(401);
    expect(w.learning.decisions()).toEqual([]);
    expect(w.answerer.match(q).outcome).toBe('suggest');
    const ok = await w.app.inject({ method: 'POST', url: '/misses/accept', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/misses?notice=accepted');
    expect(w.learning.decisions()).toMatchObject([{ entryId: 'test-decorator', alias: q, status: 'accepted', by: 'dashboard' }]);
    expect(w.answerer.match(q)).toMatchObject({ outcome: 'answer', answer: { id: 'test-decorator' } });
    const after = (await w.app.inject({ method: 'GET', url: '/misses?notice=accepted', headers: { cookie } })).body;
    expect(after).toContain('Alias accepted');
    expect(after).toMatch(/data-status="accepted"/);
  });

  it("offers Teach buttons for a declined question and refuses another note's title with a notice", async () => {
    const w = world();
    w.ask('what is the GIL decorator');
    w.ask('python threads parallel');
    const cookie = await w.signIn();
    const page = (await w.app.inject({ method: 'GET', url: '/misses', headers: { cookie } })).body;
    expect(page).toContain('Teach: “python threads parallel” means');

    const res = await w.app.inject({
      method: 'POST',
      url: '/misses/accept',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ csrf: w.csrfOf(page), entry: 'test-decorator', alias: 'What is the GIL?' }).toString(),
    });
    expect(res.headers.location).toBe('/misses?notice=refused-title');
  });
});

describe('Teach buttons', () => {
  it('are offered only for notes an alias would teach something: not for a wording that is a title', async () => {
    const w = world();
    w.store.questions.feedback(w.ask('What is the GIL?'), 'u2', 'down', w.clock.now());
    w.store.questions.feedback(w.ask('the lock in cpython'), 'u2', 'down', w.clock.now());
    const page = (await w.app.inject({ method: 'GET', url: '/misses', headers: { cookie: await w.signIn() } })).body;
    expect(page).toContain('<td class="query">What is the GIL?</td>');
    expect(page).not.toContain('Teach: “What is the GIL?”');
    expect(page).toMatch(/Teach: “the lock in cpython” means <form[^>]*>.*?value="test-gil"/);
  });
});

describe('pages', () => {
  it('Overview carries 30 days of counts for the plots', async () => {
    const w = world();
    w.ask('what is the gil');
    w.ask('how do I bake bread');
    const body = (await w.app.inject({ method: 'GET', url: '/', headers: { cookie: await w.signIn() } })).body;
    const data = JSON.parse(/<script type="application\/json" id="overview-data">(.*?)<\/script>/s.exec(body)![1]!) as { days: { day: string; answered: number; declined: number }[] };
    expect(data.days).toHaveLength(30);
    expect(data.days.at(-1)).toMatchObject({ day: '2025-01-06', answered: 1, declined: 1 });
    expect(body).toContain('2 questions');
  });

  it('Try a question shows the outcome, the units and the scores', async () => {
    const w = world();
    const body = (await w.app.inject({ method: 'GET', url: '/try?q=what+is+the+gil', headers: { cookie: await w.signIn() } })).body;
    expect(body).toContain('data-outcome="answer"');
    expect(body).toContain('Answers with <strong>What is the GIL?</strong>');
    expect(body).toMatch(/<td>gil<\/td><td>\d\.\d\d<\/td>/);
    expect(body).toContain('Probability that the best note answers it');
    expect(body).toMatch(/<p class="rule">Answered: the decision model gives [01]\.\d\d \(answers from 0\.\d+\)/);
    const declined = (await w.app.inject({ method: 'GET', url: '/try?q=how+do+I+bake+bread', headers: { cookie: await w.signIn() } })).body;
    expect(declined).toContain('data-outcome="decline"');
    expect(declined).toMatch(/<p class="rule">(Declined|Nothing in the notes)/);
  });

  it('Notes lists every note with its source, quiz items and use; Quizzes and daily renders empty state', async () => {
    const w = world();
    w.ask('what is the gil');
    const cookie = await w.signIn();
    const notes = (await w.app.inject({ method: 'GET', url: '/notes', headers: { cookie } })).body;
    expect(notes).toContain('<code>gil.md:1</code>');
    expect(notes).toContain('5 notes');
    expect(notes).toMatch(/<summary>2 hand-written<\/summary><ul><li>hand-written · choice: What does the GIL guarantee\?<\/li>/);
    expect(notes).toMatch(/Quizzes: \d+ of 5 notes can be quizzed/);
    const quizzes = (await w.app.inject({ method: 'GET', url: '/quizzes', headers: { cookie } })).body;
    expect(quizzes).toContain('No quiz has been played yet.');
  });
});

describe('dashboardLink', () => {
  it('links /login with a token that expires after the hours asked, through loopback for 0.0.0.0', () => {
    const secret = Buffer.alloc(32, 1);
    const { url, expiresAt } = dashboardLink(secret, { host: '0.0.0.0', port: 8470 }, 1_000, 2);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:8470\/login\?t=[\w-]+\.[\w-]+$/);
    expect(expiresAt).toBe(1_000 + 7_200_000);
    expect(() => dashboardLink(secret, { host: '127.0.0.1', port: 1 }, 0, 0)).toThrow(/hours/);
  });
});
