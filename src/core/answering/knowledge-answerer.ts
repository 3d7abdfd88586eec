import Fuse from 'fuse.js';
import type { Invocation } from '../commands/command-spec.ts';
import { UserError } from '../errors.ts';
import type { Entry, KnowledgeBase } from '../knowledge/entry.ts';
import { allVariants, detectLang, pick, type Lang } from '../language.ts';
import { BUILTIN_GLOSSARY } from '../matching/glossary-data.ts';
import { AnalysisCache } from '../matching/analysis-cache.ts';
import { Matcher, type MatcherInput } from '../matching/matcher.ts';
import type { MatchOptions } from '../matching/match-options.ts';
import type { MatchResult } from '../matching/match-result.ts';
import { createCommonness, type Commonness } from '../matching/commonness.ts';
import { createTranslations, type Translations } from '../matching/translations.ts';
import { createJiebaSegmenter, type Segmenter } from '../matching/segmenter.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../matching/stopwords.ts';
import { t } from '../messages.ts';
import type { Clock, Logger } from '../ports.ts';
import { encodeAction } from '../reply/actions.ts';
import type { Button, Reply } from '../reply/reply.ts';
import { splitMarkdown } from '../reply/split-markdown.ts';
import type { QuestionLogStore } from '../store.ts';
import type { Answerer } from './answerer.ts';

export const ANSWER_LIMITS = Object.freeze({
  /** A question longer than this (after trimming) is refused with a clear message. */
  maxQuestionChars: 500,
  /** An answer is shown in parts of at most this many characters, with "Show more" between. */
  pageChars: 3000,
});

export interface AnswererDeps {
  readonly knowledge: KnowledgeBase;
  /** The glossary the notes' own is added to; default: the built-in bilingual glossary. */
  readonly builtinGlossary?: readonly (readonly string[])[];
  /** Default: the built-in English and Chinese stop words. */
  readonly stopwordsEn?: ReadonlySet<string>;
  readonly stopwordsZh?: ReadonlySet<string>;
  /** Where questions and feedback are recorded; omitted by tools that only match (ask CLI, bench). */
  readonly questions?: QuestionLogStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly matchOptions?: Partial<MatchOptions>;
  /** How Chinese is cut into words; default: jieba, created once and kept across reloads. */
  readonly segmenter?: Segmenter;
  /**
   * Lets others use the thread between the steps of a rebuild in steps; default: until the event
   * loop has run once (setImmediate where there is one).
   */
  readonly pause?: () => Promise<void>;
}

function defaultPause(): Promise<void> {
  return new Promise(resolve => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

interface Indexed {
  readonly knowledge: KnowledgeBase;
  readonly matcher: Matcher;
  readonly byId: ReadonlyMap<string, Entry>;
  readonly byRef: ReadonlyMap<string, Entry>;
  /** The autocomplete index, built on the first autocomplete (it is of no use to a host without one). */
  titles(): Fuse<{ id: string; titles: string[] }>;
}

/** The answering service over one knowledge base, swappable at run time (hot reload). */
export class KnowledgeAnswerer implements Answerer {
  private current: Indexed;
  private readonly segmenter: Segmenter;
  private readonly commonness: Commonness = createCommonness();
  /** Read once (on the first question that needs it, or at warm-up), kept across reloads. */
  private readonly translations: Translations = createTranslations();
  /** Entry analyses kept across rebuilds: a rebuild analyses only the entries whose text changed. */
  private readonly analysis = new AnalysisCache();
  /** Aliases added to entries from outside the notes (learned from use), by entry id. */
  private extraAliases: ReadonlyMap<string, readonly string[]> = new Map();
  /** The knowledge most recently asked for, and the number of that request (a newer one wins). */
  private wanted: KnowledgeBase;
  private generation = 0;

  constructor(private readonly deps: AnswererDeps) {
    this.segmenter = deps.segmenter ?? createJiebaSegmenter();
    this.wanted = deps.knowledge;
    this.current = this.finish(deps.knowledge, new Matcher(this.matcherInput(deps.knowledge)));
  }

  private matcherInput(knowledge: KnowledgeBase): MatcherInput {
    const extra = this.extraAliases;
    const entries =
      extra.size === 0
        ? knowledge.entries
        : knowledge.entries.map(e => {
            const more = extra.get(e.id)?.filter(a => !e.aliases.includes(a));
            return more && more.length > 0 ? { ...e, aliases: [...e.aliases, ...more] } : e;
          });
    return {
      entries,
      glossary: [...(this.deps.builtinGlossary ?? BUILTIN_GLOSSARY), ...knowledge.glossary],
      stopwordsEn: this.deps.stopwordsEn ?? STOPWORDS_EN,
      stopwordsZh: this.deps.stopwordsZh ?? STOPWORDS_ZH,
      segmenter: this.segmenter,
      commonness: this.commonness,
      translations: this.translations,
      cache: this.analysis,
      ...(this.deps.matchOptions ? { options: this.deps.matchOptions } : {}),
    };
  }

  private finish(knowledge: KnowledgeBase, matcher: Matcher): Indexed {
    // fuse.js suits short strings typed as you go: titles and aliases for autocomplete. Its index
    // takes about 6 MB a 10,000 entries, so it is made when first asked for.
    let fuse: Fuse<{ id: string; titles: string[] }> | undefined;
    const titles = () =>
      (fuse ??= new Fuse(
        knowledge.entries.map(e => ({ id: e.id, titles: [...allVariants(e.title), ...e.aliases] })),
        { keys: ['titles'], threshold: 0.4, ignoreLocation: true, includeScore: true },
      ));
    return {
      knowledge,
      matcher,
      byId: new Map(knowledge.entries.map(e => [e.id, e])),
      byRef: new Map(knowledge.entries.map(e => [e.ref, e])),
      titles,
    };
  }

  knowledge(): KnowledgeBase {
    return this.current.knowledge;
  }

  entries(): readonly Entry[] {
    return this.current.knowledge.entries;
  }

  entryById(id: string): Entry | undefined {
    return this.current.byId.get(id);
  }

  entryByRef(ref: string): Entry | undefined {
    return this.current.byRef.get(ref);
  }

  topics(): readonly { tag: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const e of this.entries()) for (const tag of e.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
  }

  match(query: string): MatchResult {
    const text = query.trim();
    return this.current.matcher.match(text, detectLang(text));
  }

  ask(query: string, invocation: Invocation): readonly Reply[] {
    const text = query.trim();
    if (!text) throw new UserError('question-empty');
    if ([...text].length > ANSWER_LIMITS.maxQuestionChars)
      throw new UserError('question-too-long', { max: ANSWER_LIMITS.maxQuestionChars });
    const lang = detectLang(text, invocation.lang);
    const result = this.current.matcher.match(text, lang);
    const questionId = this.deps.questions?.record({
      at: this.deps.clock.now(),
      platform: invocation.platform,
      workspace: invocation.workspace,
      channel: invocation.channel,
      user: invocation.user.id,
      query: text,
      outcome: result.outcome,
      entryId: result.answer?.id ?? null,
      score: result.confidence,
    });
    this.deps.logger.info(
      { question: questionId, outcome: result.outcome, entry: result.answer?.id, score: result.confidence, platform: invocation.platform },
      'question answered',
    );
    if (result.outcome === 'answer') {
      const entry = this.entryById(result.answer!.id)!;
      const reply = this.show(entry, lang, 0, questionId, result.confidence);
      const related = result.suggestions.map(s => this.entryById(s.id)?.ref).filter((r): r is string => r !== undefined && r !== entry.ref);
      return [{ ...reply, about: { ...reply.about!, related } }];
    }
    if (result.outcome === 'suggest') {
      const entries = result.suggestions.map(s => this.entryById(s.id)!).filter(Boolean);
      return [
        {
          kind: 'suggest',
          lang,
          visibility: 'public',
          title: t(lang, 'suggest.title'),
          body: entries.map((e, i) => `${i + 1}. ${pick(e.title, lang)}`).join('\n'),
          footer: t(lang, 'suggest.pick-hint'),
          // The question's id rides along, so the log learns which suggestion was picked.
          buttons: entries.map(e => ({ label: truncate(pick(e.title, lang), 80), action: encodeAction({ type: 'pick', ref: e.ref, ...(questionId !== undefined ? { question: questionId } : {}) }) })),
        },
      ];
    }
    return [{ kind: 'decline', lang, visibility: 'public', body: t(lang, 'decline.body', { query: truncate(text, 80) }) }];
  }

  show(entry: Entry, lang: Lang, part: number, questionId?: string, confidence?: number): Reply {
    const bodyLang: Lang = entry.body[lang] !== undefined ? lang : lang === 'zh' ? 'en' : 'zh';
    const parts = splitMarkdown(entry.body[bodyLang] ?? '', ANSWER_LIMITS.pageChars);
    const index = Math.max(0, Math.min(part, parts.length - 1));
    const buttons: Button[] = [];
    if (index + 1 < parts.length)
      buttons.push({ label: t(lang, 'answer.show-more'), action: encodeAction({ type: 'more', ref: entry.ref, part: index + 1 }), style: 'primary' });
    if (questionId !== undefined && index === 0) {
      buttons.push({ label: t(lang, 'answer.helpful'), action: encodeAction({ type: 'feedback', vote: 'up', question: questionId }) });
      buttons.push({ label: t(lang, 'answer.not-helpful'), action: encodeAction({ type: 'feedback', vote: 'down', question: questionId }) });
    }
    const title = pick(entry.title, lang);
    // A rich entry's "heading" is its title: named in the reply's language, and in full (the source
    // line is where a person looks the entry up). An entry the person chose (a suggestion, "more")
    // has no confidence to show.
    const source = { file: entry.source.file, heading: entry.source.level === 0 ? title : entry.source.heading };
    const footer = confidence === undefined ? t(lang, 'answer.footer-chosen', source) : t(lang, 'answer.footer', { ...source, score: confidence.toFixed(2) });
    return {
      kind: 'answer',
      lang,
      visibility: 'public',
      title: index === 0 ? title : `${title} ${t(lang, 'answer.part', { part: index + 1, parts: parts.length })}`,
      body: parts[index] ?? '',
      source: { file: entry.source.file, heading: entry.source.heading, line: entry.source.line },
      footer,
      buttons,
      about: { ref: entry.ref, part: index, parts: parts.length, ...(questionId !== undefined ? { question: questionId } : {}) },
    };
  }

  complete(prefix: string, limit: number): readonly { id: string; title: string }[] {
    const text = prefix.trim();
    const lang = detectLang(text, 'en');
    const entries = text
      ? this.current.titles().search(text.slice(0, 100), { limit }).map(r => this.entryById(r.item.id)!)
      : this.entries().slice(0, limit);
    return entries.map(e => ({ id: e.id, title: pick(e.title, lang) }));
  }

  warmUp(): void {
    this.current.matcher.warmUp();
  }

  /** Swaps in new knowledge at once (the thread is busy until its index is built). */
  replace(knowledge: KnowledgeBase): void {
    this.wanted = knowledge;
    this.generation++;
    this.current = this.finish(knowledge, new Matcher(this.matcherInput(knowledge)));
  }

  /**
   * Builds the index of new knowledge in small steps and swaps it in when it is ready; meanwhile
   * questions are answered from the current one. Only entries whose text changed are analysed
   * again. When a newer rebuild is asked for meanwhile, this one is dropped (resolves false).
   */
  async replaceInSteps(knowledge: KnowledgeBase): Promise<boolean> {
    this.wanted = knowledge;
    const generation = ++this.generation;
    const matcher = await Matcher.createInSteps(this.matcherInput(knowledge), this.deps.pause ?? defaultPause);
    if (generation !== this.generation) return false;
    this.current = this.finish(knowledge, matcher);
    return true;
  }

  /**
   * Sets the aliases added to entries from outside the notes (entry id → phrases), kept across
   * reloads, and rebuilds in steps: only the entries whose aliases changed are analysed again.
   */
  async setExtraAliases(aliases: ReadonlyMap<string, readonly string[]>): Promise<boolean> {
    this.extraAliases = new Map(aliases);
    return this.replaceInSteps(this.wanted);
  }

  /** How many entries the latest rebuild analysed and how many it took from the previous one. */
  rebuildStats(): { readonly analysed: number; readonly reused: number } {
    return { ...this.analysis.stats };
  }
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
