import type { Invocation } from '../commands/command-spec.ts';
import { UserError } from '../errors.ts';
import type { Entry, QuizItem } from '../knowledge/entry.ts';
import { entryTopics, findTopic, topicCounts } from '../knowledge/topics.ts';
import { t } from '../messages.ts';
import { shuffle, type Clock, type Logger, type Random, type TimerHandle } from '../ports.ts';
import { CHOICE_LETTERS, type ChoiceLetter } from '../reply/actions.ts';
import type { Reply } from '../reply/reply.ts';
import { isOneToOne, type ChannelRef, type Poster } from '../services.ts';
import { answerTokens } from './answer-check.ts';
import { escapeMarkdown, questionCount, QuizSession, type Player, type QuizQuestion } from './quiz-session.ts';
import type { PlayerKey, QuizMode, QuizStore, RelayedChoice, ReviewState } from './quiz-store.ts';

/**
 * What the dispatcher and the /quiz command call. Methods take the Invocation (a CommandContext
 * is one) and return the replies the invoker sees at once; questions, hints, reveals and summaries
 * go to the channel through the Poster.
 */
export interface QuizService {
  /**
   * A chat message in a channel: if a quiz there awaits a typed answer, check it and return replies
   * (possibly []); undefined if not consumed (then the message may be a question for the bot).
   */
  handleMessage(ctx: Invocation, text: string, addressed?: boolean): Promise<readonly Reply[] | undefined>;
  /** A button click (action type 'quiz-choice'): a private acknowledgement for the clicker. */
  handleChoice(ctx: Invocation, action: QuizChoiceAction): Promise<readonly Reply[]>;
  /** Stops every timer (shutdown); running quizzes are recorded as ended by 'shutdown'. */
  shutdown(): void;
  /**
   * At start-up (main.ts, next to the daily service's start): records as 'interrupted' the quizzes
   * that a previous run left open in the channels this process owns, and returns their ids. Quizzes
   * of channels it does not own are left alone: with Discord shards sharing one database, another
   * shard may be running them. Quizzes this process runs are never touched.
   */
  closeInterrupted(owns?: (channel: ChannelRef) => boolean): readonly string[];

  /** `/quiz [topic] [questions] [seconds]`: starts a quiz in the invoker's channel. */
  start(ctx: Invocation, options?: StartOptions): Promise<readonly Reply[]>;
  /** `/quiz review [topic]`: a quiz that asks what the invoker missed (or is due to review) first. */
  review(ctx: Invocation, options?: StartOptions): Promise<readonly Reply[]>;
  /** `/quiz stop`: ends the channel's quiz (its starter or someone with the manage right). */
  stop(ctx: Invocation): Promise<readonly Reply[]>;
  /** `/quiz scores`: the workspace's leaderboard. */
  scores(ctx: Invocation): Promise<readonly Reply[]>;
  /** `/quiz me`: the invoker's record by topic (private). */
  me(ctx: Invocation): Promise<readonly Reply[]>;
  /** Tags that have quiz questions (for the topic option's choices). */
  topics(): readonly string[];
}

export interface QuizChoiceAction {
  readonly quiz: string;
  readonly item: number;
  readonly choice: ChoiceLetter;
}

export interface StartOptions {
  /** A tag; undefined, '', 'all' or 'any' for every topic. */
  readonly topic?: string | undefined;
  readonly questions?: number | undefined;
  readonly seconds?: number | undefined;
}

export interface QuizDefaults {
  /** Questions when /quiz does not say. */
  readonly questions: number;
  /** The most questions one quiz may have. */
  readonly maxQuestions: number;
  /** Time limit per question when /quiz does not say (s); the hint comes at half of it. */
  readonly seconds: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  /** A quiz stops by itself after this many questions in a row with no answer at all. */
  readonly silenceLimit: number;
  /** Points for a right answer; half (rounded up) after the hint. */
  readonly points: number;
  /** Delay before the first question, so the "Quiz started" reply comes first (ms). */
  readonly leadInMs: number;
  /** Delay between a reveal and the next question (ms). */
  readonly pauseMs: number;
  /** Rows in /quiz scores. */
  readonly leaderboardSize: number;
}

export const DEFAULT_QUIZ_SETTINGS: QuizDefaults = Object.freeze({
  questions: 5,
  maxQuestions: 20,
  seconds: 30,
  minSeconds: 10,
  maxSeconds: 300,
  silenceLimit: 2,
  points: 10,
  leadInMs: 1500,
  pauseMs: 3000,
  leaderboardSize: 10,
});

const DAY = 24 * 60 * 60 * 1000;

/**
 * Spaced repetition (Leitner boxes): a miss puts an entry in box 0, due at once, so the next
 * /quiz review asks it first; each right answer moves it up a box and further away.
 */
export const REVIEW_INTERVALS_MS: readonly number[] = Object.freeze([1, 3, 7, 16, 35].map((days) => days * DAY));

const QUIZ_USAGE = '/quiz [topic] [questions] [seconds] | /quiz stop | /quiz scores | /quiz me | /quiz review [topic]';
const ALL_TOPICS = new Set(['', 'all', 'any', '*', '全部']);
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export interface QuizServiceDeps {
  readonly store: QuizStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly poster: Poster;
  readonly logger: Logger;
  /** The knowledge in use now (read at each start, so a reload applies to the next quiz). */
  readonly entries: () => readonly Entry[];
  readonly defaults?: Partial<QuizDefaults>;
}

/** The next spaced-repetition state after a person's first answer to a question on an entry. */
export function nextReviewState(
  previous: ReviewState | undefined,
  player: PlayerKey,
  entryId: string,
  correct: boolean,
  at: number,
): ReviewState {
  const base = { platform: player.platform, workspace: player.workspace, user: player.user, entryId, lastAt: at };
  const hits = (previous?.hits ?? 0) + (correct ? 1 : 0);
  const misses = (previous?.misses ?? 0) + (correct ? 0 : 1);
  if (!correct) return { ...base, box: 0, dueAt: at, hits, misses };
  const box = Math.min((previous?.box ?? 0) + 1, REVIEW_INTERVALS_MS.length);
  return { ...base, box, dueAt: at + REVIEW_INTERVALS_MS[box - 1]!, hits, misses };
}

/**
 * Orders entries for a review: due misses first (oldest first), then other due entries (lowest box
 * first), then entries never answered (shuffled), then the rest by when they fall due.
 */
export function reviewOrder(
  entries: readonly Entry[],
  states: ReadonlyMap<string, ReviewState>,
  now: number,
  random: Random,
): Entry[] {
  const rank = (e: Entry): number => {
    const s = states.get(e.id);
    if (s === undefined) return 2;
    if (s.dueAt > now) return 3;
    return s.box === 0 ? 0 : 1;
  };
  const shuffled = shuffle(entries, random);
  const position = new Map(shuffled.map((e, i) => [e, i]));
  return shuffled.slice().sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    if (ra !== rb) return ra - rb;
    const sa = states.get(a.id);
    const sb = states.get(b.id);
    if (sa !== undefined && sb !== undefined) return sa.box - sb.box || sa.dueAt - sb.dueAt || a.id.localeCompare(b.id);
    return position.get(a)! - position.get(b)!;
  });
}

/** How often a host running quizzes collects the clicks other hosts relayed to it (several hosts only). */
export const RELAY_POLL_MS = 250;

/** The service: at most one quiz per channel; clicks find their quiz by id. */
export class DefaultQuizService implements QuizService {
  readonly defaults: QuizDefaults;
  private readonly byChannel = new Map<string, QuizSession>();
  private readonly byId = new Map<string, QuizSession>();
  /** Ended sessions whose last messages may still be on their way. */
  private readonly draining = new Set<QuizSession>();
  /** The poll for clicks relayed from other hosts (several hosts only). */
  private relayTimer: TimerHandle | undefined;

  constructor(private readonly deps: QuizServiceDeps) {
    this.defaults = Object.freeze({ ...DEFAULT_QUIZ_SETTINGS, ...deps.defaults });
  }

  closeInterrupted(owns: (channel: ChannelRef) => boolean = () => true): readonly string[] {
    try {
      const interrupted = this.deps.store.endUnfinished(
        this.deps.clock.now(),
        (run) => !this.byId.has(run.id) && owns({ platform: run.platform as ChannelRef['platform'], workspace: run.workspace, channel: run.channel }),
      );
      if (interrupted.length > 0) {
        this.deps.logger.warn({ quizzes: interrupted }, 'quizzes interrupted by a restart; their awarded points are kept');
      }
      return interrupted;
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not close quizzes left open by a restart');
      return [];
    }
  }

  async start(ctx: Invocation, options: StartOptions = {}): Promise<readonly Reply[]> {
    return this.begin(ctx, options, 'quiz');
  }

  async review(ctx: Invocation, options: StartOptions = {}): Promise<readonly Reply[]> {
    return this.begin(ctx, options, 'review');
  }

  async stop(ctx: Invocation): Promise<readonly Reply[]> {
    const session = this.byChannel.get(channelKey(ctx));
    if (session === undefined) throw new UserError('no-active-quiz');
    if (session.startedBy.id !== ctx.user.id && !ctx.user.canManage) throw new UserError(ctx.user.rightsUnknown ? 'rights-unknown' : 'quiz-stop-not-allowed');
    session.stop(player(ctx));
    return [{ kind: 'info', lang: ctx.lang, visibility: 'private', body: t(ctx.lang, 'quiz.stopped') }];
  }

  async scores(ctx: Invocation): Promise<readonly Reply[]> {
    const { lang } = ctx;
    const rows = this.deps.store.leaderboard(ctx.platform, ctx.workspace, this.defaults.leaderboardSize);
    const body =
      rows.length === 0
        ? t(lang, 'quiz.scores-empty')
        : rows
            .map((row) => {
              const rank = rows.findIndex((r) => r.points === row.points) + 1;
              return t(lang, 'quiz.scores-line', { rank, user: escapeMarkdown(row.name), points: row.points, wins: row.wins });
            })
            .join('\n');
    return [{ kind: 'info', lang, visibility: 'public', title: t(lang, 'quiz.scores-title'), body }];
  }

  async me(ctx: Invocation): Promise<readonly Reply[]> {
    const { lang } = ctx;
    const key = playerKey(ctx);
    const records = this.deps.store.personalRecord(key);
    // Only the person sees /quiz me: "Your quiz record", never "you's quiz record".
    const title = t(lang, 'quiz.me-title');
    if (records.length === 0) {
      return [{ kind: 'info', lang, visibility: 'private', title, body: t(lang, 'quiz.me-empty') }];
    }
    const lines = records.map((r) =>
      '• ' + t(lang, 'quiz.me-line', {
        topic: r.topic === '' ? t(lang, 'topics.untagged') : r.topic,
        correct: r.correct,
        answered: r.answered,
        points: r.points,
      }),
    );
    const sum = (pick: (r: (typeof records)[number]) => number) => records.reduce((n, r) => n + pick(r), 0);
    lines.push(
      '',
      t(lang, 'quiz.me-total', { correct: sum((r) => r.correct), answered: sum((r) => r.answered), points: sum((r) => r.points) }),
    );
    const known = new Set(this.deps.entries().map((e) => e.id));
    const now = this.deps.clock.now();
    const due = this.deps.store.reviewStates(key).filter((s) => s.dueAt <= now && known.has(s.entryId)).length;
    if (due > 0) lines.push(t(lang, 'quiz.me-review', { due }));
    return [{ kind: 'info', lang, visibility: 'private', title, body: lines.join('\n') }];
  }

  topics(): readonly string[] {
    // Tags of rich notes; folder, file and H1 topics of plain ones (knowledge/topics.ts).
    return topicCounts(this.deps.entries(), (entry) => entry.quiz.some(isUsable)).map(({ tag }) => tag);
  }

  /**
   * `addressed`: the message was meant for the bot (a mention, a DM, the console). During a
   * multiple-choice question such a message is never a question for the notes (the note would give
   * the answer away): the text of an option counts as picking it, anything else hears "pick a letter".
   */
  async handleMessage(ctx: Invocation, text: string, addressed = false): Promise<readonly Reply[] | undefined> {
    if (ctx.user.isBot) return undefined;
    const session = this.byChannel.get(channelKey(ctx));
    const trimmed = text.trim();
    if (session === undefined) return trimmed === '' || trimmed.startsWith('/') ? undefined : this.relayText(ctx, trimmed);
    if (trimmed === '' || trimmed.startsWith('/')) return undefined;
    if (session.awaiting === 'choice') {
      // A letter typed instead of clicked (the console has no buttons), or the text of an option.
      const letter = /^([a-d])\s*[.)。）]?$/i.exec(trimmed)?.[1]?.toUpperCase() ?? session.optionLetter(trimmed);
      const item = session.openIndex;
      if (item === undefined) return undefined;
      if (letter === undefined) {
        if (!addressed && !session.solo) return undefined; // people chatting in the channel
        return [{ kind: 'info', lang: ctx.lang, visibility: 'private', body: t(ctx.lang, 'quiz.pick-a-letter') }];
      }
      return this.handleChoice(ctx, { quiz: session.id, item, choice: letter as ChoiceLetter });
    }
    const outcome = session.answerText(player(ctx), trimmed);
    switch (outcome.kind) {
      case 'ignored':
        return undefined;
      case 'wrong':
        // Alone, the question closes at once and its reveal says so; in a channel, try again.
        return session.solo ? [] : [{ kind: 'info', lang: ctx.lang, visibility: 'private', body: t(ctx.lang, 'quiz.wrong') }];
      case 'correct':
        return []; // the reveal goes to the whole channel
    }
  }

  async handleChoice(ctx: Invocation, action: QuizChoiceAction): Promise<readonly Reply[]> {
    const { lang } = ctx;
    const ack = (body: string): Reply[] => [{ kind: 'info', lang, visibility: 'private', body }];
    const session = this.byId.get(action.quiz);
    if (session === undefined && CHOICE_LETTERS.includes(action.choice) && this.relayElsewhere(ctx, action)) return ack(t(lang, 'quiz.ack-relayed'));
    if (session === undefined || channelKey(session.channel) !== channelKey(ctx) || !CHOICE_LETTERS.includes(action.choice)) {
      return ack(t(lang, 'quiz.ack-closed'));
    }
    const outcome = session.answerChoice(player(ctx), action.item, action.choice);
    // Alone, the reveal that follows at once says right or wrong: no "wait for the reveal".
    if (session.solo && (outcome.kind === 'recorded' || outcome.kind === 'correct')) return [];
    switch (outcome.kind) {
      case 'closed':
        return ack(t(lang, 'quiz.ack-closed'));
      case 'already':
        return ack(t(lang, 'quiz.ack-already'));
      case 'recorded':
        return ack(t(lang, 'quiz.ack-recorded', { choice: outcome.choice }));
      case 'correct':
        return ack(t(lang, 'quiz.ack-correct', { points: outcome.points }));
    }
  }

  /** A click for a quiz this host does not run: kept for the host that runs it, if one does. */
  private relayElsewhere(ctx: Invocation, action: QuizChoiceAction): boolean {
    const relay = this.deps.store.relay;
    if (!relay) return false;
    const who = player(ctx);
    try {
      return relay.forward({ quizId: action.quiz, item: action.item, choice: action.choice, platform: ctx.platform, workspace: ctx.workspace, channel: ctx.channel, user: who.id, name: who.name, at: this.deps.clock.now() });
    } catch (error) {
      this.deps.logger.warn({ err: error, quiz: action.quiz }, 'quiz: a click for another host could not be relayed');
      return false;
    }
  }

  /**
   * A message in a channel where this host runs no quiz: when another host runs one there, it goes to
   * that host as a typed answer (consumed here, with no reply: the quiz's host posts the reveal).
   */
  private relayText(ctx: Invocation, text: string): readonly Reply[] | undefined {
    const relay = this.deps.store.relay;
    if (!relay) return undefined;
    const who = player(ctx);
    try {
      const kept = relay.forward({ quizId: '', item: -1, choice: '', text, platform: ctx.platform, workspace: ctx.workspace, channel: ctx.channel, user: who.id, name: who.name, at: this.deps.clock.now() });
      return kept ? [] : undefined;
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'quiz: a typed answer for another host could not be relayed');
      return undefined;
    }
  }

  /** A relayed answer, counted as if given here: a typed letter or option text picks it, other text is a typed answer. */
  private applyRelayed(session: QuizSession, answer: RelayedChoice): void {
    const who = { id: answer.user, name: answer.name };
    if (answer.text === undefined) {
      if (CHOICE_LETTERS.includes(answer.choice as ChoiceLetter)) session.answerChoice(who, answer.item, answer.choice as ChoiceLetter);
      return;
    }
    if (session.awaiting === 'choice') {
      const letter = /^([a-d])\s*[.)。）]?$/i.exec(answer.text)?.[1]?.toUpperCase() ?? session.optionLetter(answer.text);
      const item = session.openIndex;
      if (letter !== undefined && item !== undefined) session.answerChoice(who, item, letter as ChoiceLetter);
      return;
    }
    session.answerText(who, answer.text);
  }

  /**
   * While this host runs quizzes and the store relays (several hosts), it collects the clicks that
   * reached other hosts every {@link RELAY_POLL_MS} and counts them as if clicked here: each person's
   * first answer counts, wherever it arrived.
   */
  private armRelay(): void {
    const relay = this.deps.store.relay;
    if (!relay || this.relayTimer !== undefined) return;
    const poll = () => {
      this.relayTimer = undefined;
      if (this.byId.size === 0) return;
      try {
        for (const answer of relay.take([...this.byId.keys()])) {
          const session = this.byId.get(answer.quizId);
          if (session === undefined || channelKey(session.channel) !== channelKey(answer)) continue;
          this.applyRelayed(session, answer);
        }
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'quiz: relayed answers could not be read; trying again');
      }
      this.armRelay();
    };
    this.relayTimer = this.deps.clock.setTimeout(poll, RELAY_POLL_MS);
  }

  shutdown(): void {
    this.relayTimer?.cancel();
    this.relayTimer = undefined;
    for (const session of [...this.byChannel.values()]) session.dispose();
    this.byChannel.clear();
    this.byId.clear();
  }

  /** The running quiz in a channel, if any (for tests and diagnostics). */
  running(channel: ChannelRef): QuizSession | undefined {
    return this.byChannel.get(channelKey(channel));
  }

  /** Resolves once every channel message queued so far has been handed to the Poster (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.byChannel.values(), ...this.draining].map((s) => s.settled()));
  }

  // --- starting ---

  private begin(ctx: Invocation, options: StartOptions, mode: QuizMode): readonly Reply[] {
    const { lang } = ctx;
    const key = channelKey(ctx);
    if (this.byChannel.has(key)) throw new UserError('quiz-already-running');
    const count = options.questions ?? this.defaults.questions;
    if (!Number.isInteger(count) || count < 1 || count > this.defaults.maxQuestions) {
      throw new UserError('bad-arguments', { detail: t(lang, 'quiz.bad-questions', { max: this.defaults.maxQuestions }), usage: QUIZ_USAGE });
    }
    const seconds = options.seconds ?? this.defaults.seconds;
    if (!Number.isInteger(seconds) || seconds < this.defaults.minSeconds || seconds > this.defaults.maxSeconds) {
      throw new UserError('bad-arguments', {
        detail: t(lang, 'quiz.bad-seconds', { min: this.defaults.minSeconds, max: this.defaults.maxSeconds }),
        usage: QUIZ_USAGE,
      });
    }

    const entries = this.deps.entries();
    const topic = this.resolveTopic(entries, options.topic);
    const usable = entries.filter((e) => e.quiz.some(isUsable) && (topic === null || entryTopics(e).includes(topic)));
    const topicSuffix = topic === null ? '' : t(lang, 'quiz.topic-suffix', { topic });
    if (usable.length === 0) throw new UserError('no-quiz-items', { topic: topicSuffix });

    const invoker = playerKey(ctx);
    const now = this.deps.clock.now();
    let ordered: Entry[];
    let due = 0;
    if (mode === 'review') {
      const states = new Map(this.deps.store.reviewStates(invoker).map((s) => [s.entryId, s]));
      ordered = reviewOrder(usable, states, now, this.deps.random);
      due = usable.filter((e) => (states.get(e.id)?.dueAt ?? Number.POSITIVE_INFINITY) <= now).length;
    } else {
      ordered = shuffle(usable, this.deps.random);
    }
    const questions = this.pickQuestions(ordered, count, topic);
    const id = this.newQuizId(ctx, lang, topic, mode, questions.length);

    const session = new QuizSession(
      {
        id,
        channel: { platform: ctx.platform, workspace: ctx.workspace, channel: ctx.channel },
        lang,
        topic,
        mode,
        startedBy: player(ctx),
        questions,
        solo: isOneToOne(ctx),
        settings: {
          seconds,
          points: this.defaults.points,
          silenceLimit: this.defaults.silenceLimit,
          leadInMs: this.defaults.leadInMs,
          pauseMs: this.defaults.pauseMs,
        },
      },
      {
        store: this.deps.store,
        clock: this.deps.clock,
        random: this.deps.random,
        poster: this.deps.poster,
        logger: this.deps.logger,
        onFirstAnswer: (who, entryId, correct, at) => {
          const next = nextReviewState(this.deps.store.reviewState(who, entryId), who, entryId, correct, at);
          this.deps.store.saveReview(next);
        },
        onEnd: (ended) => this.forget(ended),
      },
    );
    this.byChannel.set(key, session);
    this.byId.set(id, session);
    session.start();
    this.armRelay();
    this.deps.logger.info({ quiz: id, mode, topic, questions: questions.length, seconds, ...invoker }, 'quiz started');

    const body =
      mode === 'review'
        ? t(lang, due > 0 ? 'quiz.review-started' : 'quiz.review-started-none-due', {
            questions: questionCount(lang, questions.length),
            topic: topicSuffix,
            seconds,
            due: Math.min(due, questions.length),
            user: escapeMarkdown(player(ctx).name),
          })
        : t(lang, 'quiz.started', { questions: questionCount(lang, questions.length), topic: topicSuffix, seconds });
    return [{ kind: 'info', lang, visibility: 'public', body }];
  }

  /** The tag the person meant (case-insensitive), null for all topics; unknown tags are an error. */
  private resolveTopic(entries: readonly Entry[], wanted: string | undefined): string | null {
    const topic = wanted?.trim() ?? '';
    if (ALL_TOPICS.has(topic.toLowerCase())) return null;
    const found = findTopic(new Set(entries.flatMap((e) => entryTopics(e))), topic);
    if (found === undefined) throw new UserError('unknown-topic', { topic, topics: this.topics().join(', ') });
    return found;
  }

  /**
   * Up to `count` questions from entries in the given order: one item per entry first (a random
   * one of its items), then second items, and so on, so that a quiz covers as many entries as it can.
   */
  private pickQuestions(ordered: readonly Entry[], count: number, topic: string | null): QuizQuestion[] {
    const pools = ordered.map((entry) =>
      shuffle(
        entry.quiz.map((item, itemIndex) => ({ item, itemIndex })).filter(({ item }) => isUsable(item)),
        this.deps.random,
      ).map(({ item, itemIndex }): QuizQuestion => ({ entry, itemIndex, item, topic: topic ?? entryTopics(entry)[0] ?? '' })),
    );
    const out: QuizQuestion[] = [];
    for (let round = 0; out.length < count; round++) {
      let any = false;
      for (const pool of pools) {
        const question = pool[round];
        if (question === undefined) continue;
        any = true;
        out.push(question);
        if (out.length === count) break;
      }
      if (!any) break;
    }
    return out;
  }

  /** A short id for button actions: the start time in base 36 and four random characters. */
  private newQuizId(ctx: Invocation, lang: Invocation['lang'], topic: string | null, mode: QuizMode, questions: number): string {
    const startedAt = this.deps.clock.now();
    for (let attempt = 0; attempt < 8; attempt++) {
      let suffix = '';
      for (let i = 0; i < 4; i++) suffix += ID_ALPHABET[Math.floor(this.deps.random.next() * ID_ALPHABET.length)];
      // A repeat (same millisecond and same draw: a poor random source) gets the attempt appended.
      const id = `${Math.max(0, Math.floor(startedAt)).toString(36)}${suffix}${attempt === 0 ? '' : attempt}`.slice(-16);
      const fresh = this.deps.store.beginQuiz({
        id,
        platform: ctx.platform,
        workspace: ctx.workspace,
        channel: ctx.channel,
        lang,
        topic,
        mode,
        startedBy: ctx.user.id,
        startedAt,
        questions,
      });
      if (fresh) return id;
    }
    throw new Error('could not find an unused quiz id');
  }

  private forget(session: QuizSession): void {
    const key = channelKey(session.channel);
    if (this.byChannel.get(key) === session) this.byChannel.delete(key);
    if (this.byId.get(session.id) === session) this.byId.delete(session.id);
    this.draining.add(session);
    void session.settled().then(() => this.draining.delete(session));
    const points = Object.fromEntries(session.pointsByUser());
    this.deps.logger.info({ quiz: session.id, points }, 'quiz ended');
  }
}

/** An item a quiz can ask: four options and a valid letter, or at least one non-empty accepted answer. */
export function isUsable(item: QuizItem): boolean {
  if (item.type === 'choice') return item.options.length === 4 && CHOICE_LETTERS.includes(item.answer);
  return item.accept.some((a) => answerTokens(a).length > 0);
}

function channelKey(ref: { readonly platform: string; readonly workspace: string; readonly channel: string }): string {
  return `${ref.platform}\u0000${ref.workspace}\u0000${ref.channel}`;
}

function player(ctx: Invocation): Player {
  return { id: ctx.user.id, name: ctx.user.name ?? ctx.user.id };
}

function playerKey(ctx: Invocation): PlayerKey {
  return { platform: ctx.platform, workspace: ctx.workspace, user: ctx.user.id };
}
