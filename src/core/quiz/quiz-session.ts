import type { Entry, QuizItem } from '../knowledge/entry.ts';
import { allVariants, pick, type Lang } from '../language.ts';
import { t } from '../messages.ts';
import { shuffle, type Clock, type Logger, type Random, type TimerHandle } from '../ports.ts';
import { CHOICE_LETTERS, encodeAction, type ChoiceLetter } from '../reply/actions.ts';
import type { Reply } from '../reply/reply.ts';
import type { ChannelRef, Poster } from '../services.ts';
import { checkAnswer } from './answer-check.ts';
import type { PlayerKey, QuizEndReason, QuizMode, QuizStore } from './quiz-store.ts';

/** One question of a quiz: an item of an entry, and the topic it counts under. */
export interface QuizQuestion {
  readonly entry: Entry;
  /** Index of the item in `entry.quiz`. */
  readonly itemIndex: number;
  readonly item: QuizItem;
  /** The quiz's topic, else the entry's first tag, else ''. */
  readonly topic: string;
}

/** The timing and scoring of a running quiz. */
export interface SessionSettings {
  /** Time limit per question, seconds. */
  readonly seconds: number;
  /** Points for a right answer before the hint; half (rounded up) after it. */
  readonly points: number;
  /** Questions in a row with no answer at all after which the quiz stops by itself. */
  readonly silenceLimit: number;
  /** Delay between the start and the first question, so "Quiz started" comes first (ms). */
  readonly leadInMs: number;
  /** Delay between a reveal and the next question (ms). */
  readonly pauseMs: number;
}

/** Someone answering: platform id and the name shown on the scoreboard. */
export interface Player {
  readonly id: string;
  readonly name: string;
}

export interface QuizSessionOptions {
  /** Short and safe for button actions ([A-Za-z0-9_-], ≤ 16 characters). */
  readonly id: string;
  readonly channel: ChannelRef;
  /** The language questions are shown in (the starter's). */
  readonly lang: Lang;
  readonly topic: string | null;
  readonly mode: QuizMode;
  readonly startedBy: Player;
  readonly questions: readonly QuizQuestion[];
  readonly settings: SessionSettings;
  /**
   * One player (the console, a DM): the first answer closes the question at once, right or wrong,
   * instead of leaving the time running for others who are not there.
   */
  readonly solo?: boolean;
}

export interface QuizSessionDeps {
  readonly store: QuizStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly poster: Poster;
  readonly logger: Logger;
  /** A person's first answer to a question (for spaced repetition). */
  onFirstAnswer(player: PlayerKey, entryId: string, correct: boolean, at: number): void;
  /** The session has ended (finished, stopped, silent or shut down). */
  onEnd(session: QuizSession): void;
}

export type ChoiceOutcome =
  | { readonly kind: 'closed' }
  | { readonly kind: 'already' }
  | { readonly kind: 'recorded'; readonly choice: ChoiceLetter }
  | { readonly kind: 'correct'; readonly points: number };

export type TextOutcome =
  /** No typed answer is awaited (no question open, or it is multiple choice). */
  | { readonly kind: 'ignored' }
  | { readonly kind: 'wrong' }
  | { readonly kind: 'correct'; readonly points: number };

interface OpenQuestion {
  readonly index: number;
  readonly question: QuizQuestion;
  /** Multiple choice: `order[shown]` is the index in `item.options` shown at letter `shown`. */
  readonly order: readonly number[];
  /** Multiple choice: the letter shown for the right option. */
  readonly correctLetter: ChoiceLetter | undefined;
  hinted: boolean;
  /** Everyone who answered, with whether their first answer was right. */
  readonly answered: Map<string, boolean>;
  attempts: number;
}

interface Win {
  readonly player: Player;
  readonly points: number;
  /** What was typed, when a typo-tolerant match was accepted. */
  readonly fuzzyGiven?: string;
}

/**
 * One running quiz in one channel. Time comes from the injected Clock: each question is posted,
 * a hint follows at half time (halving the points), and the answer is revealed when someone is
 * right or time runs out; then the next question follows after a short pause. Points are written
 * to the store the moment they are won (durable, keyed by quiz + question + person).
 *
 * State changes are synchronous; messages to the channel go out in order through one promise
 * chain (see {@link settled}), so a slow platform never reorders a reveal and the next question.
 */
export class QuizSession {
  readonly id: string;
  readonly channel: ChannelRef;
  readonly lang: Lang;
  readonly topic: string | null;
  readonly mode: QuizMode;
  readonly startedBy: Player;
  readonly questions: readonly QuizQuestion[];
  readonly settings: SessionSettings;
  readonly solo: boolean;

  private phase: 'waiting' | 'open' | 'between' | 'ended' = 'waiting';
  private current: OpenQuestion | undefined;
  private timers: TimerHandle[] = [];
  private silentInARow = 0;
  private asked = 0;
  private readonly scores = new Map<string, { name: string; points: number }>();
  private outbox: Promise<void> = Promise.resolve();

  constructor(
    options: QuizSessionOptions,
    private readonly deps: QuizSessionDeps,
  ) {
    this.id = options.id;
    this.channel = options.channel;
    this.lang = options.lang;
    this.topic = options.topic;
    this.mode = options.mode;
    this.startedBy = options.startedBy;
    this.questions = options.questions;
    this.settings = options.settings;
    this.solo = options.solo ?? false;
    if (this.questions.length === 0) throw new Error('a quiz needs at least one question');
  }

  /** Schedules the first question. */
  start(): void {
    if (this.phase !== 'waiting') return;
    this.schedule(this.settings.leadInMs, () => this.ask(0));
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }

  /** The 0-based index of the open question, if one is open. */
  get openIndex(): number | undefined {
    return this.phase === 'open' ? this.current?.index : undefined;
  }

  /** The kind of answer the open question wants, if one is open. */
  get awaiting(): 'choice' | 'short' | undefined {
    return this.phase === 'open' ? this.current?.question.item.type : undefined;
  }

  /** Points won in this quiz so far, by user id. */
  pointsByUser(): ReadonlyMap<string, number> {
    return new Map([...this.scores].map(([id, s]) => [id, s.points]));
  }

  /** A button click: only the person's first click on a question counts. */
  answerChoice(player: Player, item: number, choice: ChoiceLetter): ChoiceOutcome {
    const open = this.current;
    if (this.phase !== 'open' || open === undefined || open.index !== item || open.question.item.type !== 'choice') {
      return { kind: 'closed' };
    }
    if (open.answered.has(player.id)) return { kind: 'already' };
    open.attempts++;
    const correct = choice === open.correctLetter;
    this.recordFirst(open, player, correct);
    if (!correct) {
      if (this.solo) this.close(open, undefined, player);
      return { kind: 'recorded', choice };
    }
    return { kind: 'correct', points: this.win(open, { player, points: this.pointsNow(open) }) };
  }

  /** A typed message while a short-answer question is open: several tries are allowed. */
  answerText(player: Player, text: string): TextOutcome {
    const open = this.current;
    if (this.phase !== 'open' || open === undefined || open.question.item.type !== 'short') return { kind: 'ignored' };
    open.attempts++;
    const check = checkAnswer(text, open.question.item.accept);
    if (!open.answered.has(player.id)) this.recordFirst(open, player, check.correct);
    else if (check.correct) this.recordAnswer(open, player, true);
    if (!check.correct) {
      if (this.solo) this.close(open, undefined, player);
      return { kind: 'wrong' };
    }
    const win: Win = {
      player,
      points: this.pointsNow(open),
      ...(check.fuzzy ? { fuzzyGiven: text.trim() } : {}),
    };
    return { kind: 'correct', points: this.win(open, win) };
  }

  /**
   * The letter of the open multiple-choice option whose text `text` is (case, spaces and punctuation
   * aside, in any language the option has); undefined when it is none of them, or more than one.
   */
  optionLetter(text: string): ChoiceLetter | undefined {
    const open = this.current;
    if (this.phase !== 'open' || open === undefined || open.question.item.type !== 'choice') return undefined;
    const item = open.question.item;
    const norm = (s: string) => s.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
    const typed = norm(text);
    if (typed === '') return undefined;
    const letters = CHOICE_LETTERS.filter((_, shown) => allVariants(item.options[open.order[shown]!]).some(o => norm(o) === typed));
    return letters.length === 1 ? letters[0] : undefined;
  }

  /** Ends the quiz now and posts the summary (`/quiz stop`). */
  stop(by: Player): void {
    if (this.phase === 'ended') return;
    this.finish('stopped', t(this.lang, 'quiz.ended-stopped', { user: escapeMarkdown(by.name) }));
  }

  /** Ends the quiz silently (process shutdown): timers stop, nothing is posted. */
  dispose(): void {
    if (this.phase === 'ended') return;
    this.finish('shutdown', undefined, false);
  }

  /** Resolves once every message queued so far has been handed to the Poster. */
  async settled(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.outbox) {
      seen = this.outbox;
      await seen;
    }
  }

  // --- the question cycle ---

  private ask(index: number): void {
    if (this.phase === 'ended') return;
    const question = this.questions[index]!;
    const item = question.item;
    const order = item.type === 'choice' ? shuffle([0, 1, 2, 3], this.deps.random) : [];
    const correctLetter =
      item.type === 'choice' ? CHOICE_LETTERS[order.indexOf(CHOICE_LETTERS.indexOf(item.answer))] : undefined;
    const open: OpenQuestion = { index, question, order, correctLetter, hinted: false, answered: new Map(), attempts: 0 };
    this.current = open;
    this.phase = 'open';
    this.post(this.questionReply(open));
    const ms = this.settings.seconds * 1000;
    this.schedule(Math.floor(ms / 2), () => this.hint(open));
    this.schedule(ms, () => this.close(open, undefined));
  }

  private hint(open: OpenQuestion): void {
    if (this.phase !== 'open' || this.current !== open) return;
    open.hinted = true;
    this.post(this.hintReply(open));
  }

  private win(open: OpenQuestion, win: Win): number {
    const { player, points } = win;
    const { question } = open;
    // Durable before anything else: a crash after this line keeps the point, a replay adds nothing.
    const awarded = this.deps.store.award({
      ...this.key(player),
      quizId: this.id,
      item: open.index,
      name: player.name,
      entryId: question.entry.id,
      topic: question.topic,
      points,
      at: this.deps.clock.now(),
    });
    if (awarded) {
      const score = this.scores.get(player.id) ?? { name: player.name, points: 0 };
      this.scores.set(player.id, { name: player.name, points: score.points + points });
    }
    this.close(open, win);
    return points;
  }

  /** Reveals the open question: won by `win`, missed by the only player (`missedBy`, solo), or timed out. */
  private close(open: OpenQuestion, win: Win | undefined, missedBy?: Player): void {
    if (this.phase !== 'open' || this.current !== open) return;
    this.cancelTimers();
    this.phase = 'between';
    this.asked++;
    this.silentInARow = open.attempts === 0 ? this.silentInARow + 1 : 0;
    this.post(this.revealReply(open, win, missedBy));
    if (this.silentInARow >= this.settings.silenceLimit) {
      this.finish('silence', t(this.lang, 'quiz.ended-silence', { count: this.silentInARow }));
    } else if (open.index + 1 >= this.questions.length) {
      this.finish('finished');
    } else {
      this.schedule(this.settings.pauseMs, () => this.ask(open.index + 1));
    }
  }

  private finish(reason: QuizEndReason, note?: string, announce = true): void {
    if (this.phase === 'ended') return;
    this.cancelTimers();
    if (this.phase === 'open') this.asked++; // stopped while a question was up: it was asked all the same
    this.phase = 'ended';
    this.current = undefined;
    try {
      this.deps.store.endQuiz(this.id, this.deps.clock.now(), reason);
    } catch (error) {
      this.deps.logger.error({ err: error, quiz: this.id }, 'could not record the end of a quiz');
    }
    if (announce) this.post(this.summaryReply(note));
    this.deps.onEnd(this);
  }

  // --- records ---

  private pointsNow(open: OpenQuestion): number {
    return open.hinted ? Math.ceil(this.settings.points / 2) : this.settings.points;
  }

  private recordFirst(open: OpenQuestion, player: Player, correct: boolean): void {
    open.answered.set(player.id, correct);
    this.recordAnswer(open, player, correct);
    try {
      this.deps.onFirstAnswer(this.key(player), open.question.entry.id, correct, this.deps.clock.now());
    } catch (error) {
      this.deps.logger.error({ err: error, quiz: this.id }, 'could not update the review history');
    }
  }

  private recordAnswer(open: OpenQuestion, player: Player, correct: boolean): void {
    try {
      this.deps.store.recordAnswer({
        ...this.key(player),
        quizId: this.id,
        item: open.index,
        name: player.name,
        entryId: open.question.entry.id,
        topic: open.question.topic,
        correct,
        at: this.deps.clock.now(),
      });
    } catch (error) {
      // The answer record feeds /quiz me only; the quiz goes on.
      this.deps.logger.error({ err: error, quiz: this.id }, 'could not record an answer');
    }
  }

  private key(player: Player): PlayerKey {
    return { platform: this.channel.platform, workspace: this.channel.workspace, user: player.id };
  }

  // --- replies ---

  private questionReply(open: OpenQuestion): Reply {
    const { lang } = this;
    const item = open.question.item;
    const title = t(lang, 'quiz.question-title', { n: open.index + 1, total: this.questions.length });
    const footerParams = { seconds: this.settings.seconds, points: this.settings.points };
    if (item.type === 'short') {
      return {
        kind: 'quiz-question',
        lang,
        visibility: 'public',
        title,
        body: pick(item.question, lang),
        footer: t(lang, 'quiz.footer-short', footerParams),
      };
    }
    const lines = CHOICE_LETTERS.map((letter, shown) => `**${letter}.** ${pick(item.options[open.order[shown]!], lang)}`);
    return {
      kind: 'quiz-question',
      lang,
      visibility: 'public',
      title,
      body: `${pick(item.question, lang)}\n\n${lines.join('\n')}`,
      footer: t(lang, 'quiz.footer-choice', footerParams),
      buttons: CHOICE_LETTERS.map((letter) => ({
        label: letter,
        action: encodeAction({ type: 'quiz-choice', quiz: this.id, item: open.index, choice: letter }),
        style: 'primary' as const,
      })),
    };
  }

  private hintReply(open: OpenQuestion): Reply {
    const { lang } = this;
    const item = open.question.item;
    let body: string;
    if (item.type === 'short') {
      body = t(lang, 'quiz.hint-short', { mask: `\`${maskAnswer(item.accept[0] ?? '')}\`` });
    } else {
      const wrong = shuffle(
        CHOICE_LETTERS.filter((l) => l !== open.correctLetter),
        this.deps.random,
      )
        .slice(0, 2)
        .sort();
      body = t(lang, 'quiz.hint-choice', { a: wrong[0]!, b: wrong[1]! });
    }
    const seconds = this.settings.seconds - Math.floor(this.settings.seconds / 2);
    return {
      kind: 'quiz-question',
      lang,
      visibility: 'public',
      title: t(lang, 'quiz.hint-title', { n: open.index + 1, total: this.questions.length }),
      body,
      footer: t(lang, 'quiz.hint-footer', { points: this.pointsNow(open), seconds }),
    };
  }

  private revealReply(open: OpenQuestion, win: Win | undefined, missedBy?: Player): Reply {
    const { lang } = this;
    const item = open.question.item;
    const lines: string[] = [];
    if (win === undefined) lines.push(t(lang, missedBy ? 'quiz.solo-missed' : 'quiz.timeout'));
    else if (win.fuzzyGiven !== undefined) {
      lines.push(
        t(lang, 'quiz.correct-fuzzy', {
          user: escapeMarkdown(win.player.name),
          given: escapeMarkdown(win.fuzzyGiven),
          points: win.points,
        }),
      );
    } else lines.push(t(lang, 'quiz.correct', { user: escapeMarkdown(win.player.name), points: win.points }));
    const answer =
      item.type === 'short'
        ? (item.accept[0] ?? '')
        : `${open.correctLetter}. ${pick(item.options[CHOICE_LETTERS.indexOf(item.answer)], lang)}`;
    lines.push(t(lang, 'quiz.answer', { answer }));
    const explanation = pick(item.explanation, lang).trim();
    if (explanation !== '') lines.push('', explanation);
    return {
      kind: 'quiz-reveal',
      lang,
      visibility: 'public',
      title: t(lang, 'quiz.reveal-title', { n: open.index + 1, total: this.questions.length }),
      body: lines.join('\n'),
    };
  }

  private summaryReply(note: string | undefined): Reply {
    const { lang } = this;
    const ranked = [...this.scores.values()]
      .filter((s) => s.points > 0)
      .sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
    const lines: string[] = [];
    if (note !== undefined) lines.push(note, '');
    if (ranked.length === 0) lines.push(t(lang, 'quiz.summary-none'));
    else {
      for (const s of ranked) {
        // Equal points share a rank ("1, 1, 3").
        const rank = ranked.findIndex((r) => r.points === s.points) + 1;
        lines.push(t(lang, 'quiz.summary-line', { rank, user: escapeMarkdown(s.name), points: s.points }));
      }
      const best = ranked[0]!.points;
      const winners = ranked.filter((s) => s.points === best).map((s) => escapeMarkdown(s.name));
      lines.push('', t(lang, 'quiz.summary-winners', { users: winners.join(', ') }));
    }
    return {
      kind: 'quiz-summary',
      lang,
      visibility: 'public',
      title: t(lang, 'quiz.summary-title'),
      body: lines.join('\n'),
      footer: t(lang, 'quiz.summary-asked', { asked: questionCount(lang, this.asked) }),
    };
  }

  // --- plumbing ---

  private post(reply: Reply): void {
    this.outbox = this.outbox
      .then(() => this.deps.poster.post(this.channel, reply))
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error, quiz: this.id, kind: reply.kind }, 'could not post a quiz message');
      });
  }

  private schedule(ms: number, run: () => void): void {
    const handle = this.deps.clock.setTimeout(() => {
      this.timers = this.timers.filter((h) => h !== handle);
      try {
        run();
      } catch (error) {
        this.deps.logger.error({ err: error, quiz: this.id }, 'quiz timer failed');
      }
    }, ms);
    this.timers.push(handle);
  }

  private cancelTimers(): void {
    for (const handle of this.timers) handle.cancel();
    this.timers = [];
  }
}

/**
 * A hint that shows the shape of an answer: the first character of each word of 3+ characters,
 * blanks for the other letters, digits and CJK characters, punctuation and spaces as they are.
 * "global interpreter lock" → "g_____ i__________ l___", "全局解释器锁" → "全_____".
 */
export function maskAnswer(answer: string): string {
  const words = answer.replace(/`/g, "'").split(/(\s+)/);
  return words
    .map((word) => {
      if (/^\s+$/.test(word)) return word;
      const chars = [...word];
      const letters = chars.filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
      // Words of one or two characters would be given away by their first one: all blanks.
      let firstShown = letters < 3;
      return chars
        .map((c) => {
          if (!/[\p{L}\p{N}]/u.test(c)) return c;
          if (!firstShown) {
            firstShown = true;
            return c;
          }
          return '_';
        })
        .join('');
    })
    .join('');
}

/** "1 question", "5 questions", "5 道题". */
export function questionCount(lang: Lang, count: number): string {
  return count === 1 ? t(lang, 'quiz.count-one') : t(lang, 'quiz.count-many', { count });
}

/** Backslash-escapes the Markdown characters that would change how a name or typed text looks. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]~|<>])/g, '\\$1');
}
