import type { ChoiceLetter } from '../reply/actions.ts';
import type { Lang, Localized } from '../language.ts';

/** One question-and-answer unit of knowledge: what the matcher finds, quizzes ask and daily posts show. */
export interface Entry {
  /** Stable id: from front matter, or `<file without .md>#<title slug>` for plain notes. */
  readonly id: string;
  /** A short hash of the id (12 hex characters), used where space is tight (button actions). */
  readonly ref: string;
  readonly title: Localized;
  /** Markdown body per language; plain notes have one language (the one they are written in). */
  readonly body: Readonly<Partial<Record<Lang, string>>>;
  /**
   * For plain notes: the heading's own text, without its sub-sections (they are entries of their
   * own). The matcher indexes this instead of the full body so a chapter heading does not match
   * every question its chapter answers.
   */
  readonly ownText?: string;
  /** Text the entry is indexed by beyond title and body: aliases in any language. */
  readonly aliases: readonly string[];
  readonly tags: readonly string[];
  /**
   * Topics derived from where a note lives, for entries without front-matter tags: its folder
   * names, its file name and its file's H1 title (see `entryTopics` in topics.ts, the one place
   * that decides an entry's topics). Not indexed by the matcher, unlike tags.
   */
  readonly topics?: readonly string[];
  /** Hand-written items, or (when there are none) items generated from the note at load. */
  readonly quiz: readonly QuizItem[];
  /**
   * Front matter's switch for generated items (on the note, or its folder's README/index): false turns
   * generation off, 'choices' adds the choice kinds to the default fill-in items.
   */
  readonly autoquiz?: false | 'choices';
  readonly tip?: Tip;
  /**
   * Set by quiz generation on a plain note's question whose text gave no sound quiz item: it still
   * asks something, so a daily post may ask its title and reveal its text.
   */
  readonly askable?: true;
  readonly source: EntrySource;
}

export interface EntrySource {
  /** Path relative to the knowledge folder, with forward slashes. */
  readonly file: string;
  /** 1-based line of the heading (or of the front matter for rich entries). */
  readonly line: number;
  /** The heading text as written (for plain notes), else the title. */
  readonly heading: string;
  /** Heading level (1–6) for plain notes; 0 for a whole-file rich entry. */
  readonly level: number;
}

export type QuizItem = ChoiceItem | ShortItem;

/** What a generated item carries: a stable id (from the entry and the item's content) and its kind. */
export interface GeneratedInfo {
  readonly id: string;
  readonly kind: 'which-question' | 'which-answer' | 'fill-term' | 'name-term';
}

export interface ChoiceItem {
  readonly type: 'choice';
  /** Set on items generated from the note (absent on hand-written ones). */
  readonly generated?: GeneratedInfo;
  readonly question: Localized;
  /** Exactly four options, A to D. */
  readonly options: readonly Localized[];
  readonly answer: ChoiceLetter;
  readonly explanation?: Localized;
}

export interface ShortItem {
  readonly type: 'short';
  readonly generated?: GeneratedInfo;
  readonly question: Localized;
  /** Accepted answers, any language; the first is the canonical one shown on reveal. */
  readonly accept: readonly string[];
  readonly explanation?: Localized;
}

export interface Tip {
  readonly question: Localized;
  readonly answer: Localized;
}

/** A problem found while loading knowledge: the file and line, and what is wrong. */
export interface KnowledgeIssue {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** The result of loading a folder: what loaded, and what did not. */
export interface KnowledgeBase {
  readonly dir: string;
  readonly entries: readonly Entry[];
  readonly issues: readonly KnowledgeIssue[];
  /** Extra glossary groups from `glossary.yaml` in the folder. */
  readonly glossary: readonly (readonly string[])[];
  /** Which entries a quiz can ask, and why the others cannot (set by the loader's quiz generation). */
  readonly quizCoverage?: QuizCoverage;
}

/** Why an entry has no quiz items. */
export type NoQuizReason = 'turned-off' | 'no-text' | 'too-short' | 'contents' | 'code-only' | 'not-a-question' | 'exercise' | 'no-sound-item';

export interface QuizCoverage {
  readonly handWritten: number;
  readonly generated: number;
  /** Generated items by kind. */
  readonly items: Readonly<Record<GeneratedInfo['kind'], number>>;
  /** Entries without any item, by reason. */
  readonly without: Readonly<Record<NoQuizReason, number>>;
}
