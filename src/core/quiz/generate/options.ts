/**
 * The thresholds of quiz generation from plain notes. Frozen data, documented one by one; the
 * generator takes a partial override (tests, tools) and never reads anything else.
 */
/** The kinds of generated items. */
export type GeneratedKind = 'which-question' | 'which-answer' | 'fill-term' | 'name-term';

/** Every kind, for a note or folder that asks for the choice kinds too (`autoquiz: choices`). */
export const ALL_GENERATED_KINDS: readonly GeneratedKind[] = Object.freeze(['which-question', 'which-answer', 'fill-term', 'name-term']);

export interface GenerateOptions {
  /**
   * The kinds made for every entry. Fill-in items passed a blind rating 95 % of the time (57 of 60);
   * "which question does this answer?" items 54 % (65 of 120; most failures options nobody would pick,
   * or an excerpt that names its own answer), so the choice kinds are made only where a note or its
   * folder asks for them (`autoquiz: choices`): notes whose sections are close siblings.
   */
  readonly kinds: readonly GeneratedKind[];
  /** At most this many fill-in items per entry, each from another sentence (a quiz asks
   * every entry once before it asks any twice). */
  readonly maxFillItems: number;
  /** An entry whose own prose (code, tables and links removed) is shorter than this (characters) gets no item. */
  readonly minProseChars: number;
  /** The same for text that is mostly Chinese (a Han character carries more than a Latin letter). */
  readonly minProseCharsZh: number;
  /** An excerpt ("which question does this answer?") is whole sentences of at least … */
  readonly minExcerptChars: number;
  /** … and at most this many characters; a longer first sentence is not cut, the item is not made. */
  readonly maxExcerptChars: number;
  /** A one-sentence summary ("which answer fits?") has at least … */
  readonly minSummaryChars: number;
  /** … and at most this many characters. */
  readonly maxSummaryChars: number;
  /** The same minimums for Chinese text. */
  readonly minExcerptCharsZh: number;
  readonly minSummaryCharsZh: number;
  /** An excerpt whose masked (title) words are more than this share of its words says too little. */
  readonly maxMaskedShare: number;
  /** An excerpt with more masked spans than this is a puzzle, not a quiz item; a summary may have two. */
  readonly maxMaskedSpans: number;
  /** The longest of the four summaries may be at most this many times as long as the right one, and the right one at most this many times as long as the shortest (the longest option is no giveaway). */
  readonly maxSummaryRatio: number;
  /** A fill-in sentence has between these many characters. */
  readonly minBlankSentenceChars: number;
  /** The same minimum for a sentence that is mostly Chinese (a Han character says about what a Latin word does). */
  readonly minBlankSentenceCharsZh: number;
  readonly maxBlankSentenceChars: number;
  /** A blanked term has at most this many characters. */
  readonly maxTermChars: number;
  /**
   * A blanked (typed) term has at most this many words (a run of Chinese characters is one word up to
   * three characters and two from four: 页表方案 is 页表 + 方案). In
   * three blind rounds (442 typed items), answers of two words or more passed 54 % against 73 %
   * ("Proxy object", "prototype chain", "circular references": a near wording is as right and is
   * not accepted), and did worse in every round, the out-of-sample one included (44 % against 70 %).
   */
  readonly maxTermWords: number;
  /** Titles longer than this (characters) are not used as options. */
  readonly maxTitleChars: number;
  /** Two titles or summaries sharing at least this share of their words (Jaccard) are near-duplicates. */
  readonly nearDuplicate: number;
  /** At most this many candidates are examined per entry when picking distractors (keeps load linear). */
  readonly maxCandidates: number;
  /** A choice item needs at least this many of its 3 distractors from the same file or folder. */
  readonly minCloseDistractors: number;
  /**
   * In notes of at least `familyFromEntries` entries, a "which question" item needs this many of its 3
   * distractors from the entry's subject family (titles or answers sharing its rarer words), not only
   * from the sections near it: rated blind, items short of it passed 45 % against 60 % for the others
   * (85 of each from React, Angular, SQL and Vue notes), most failures options nobody would pick.
   */
  readonly minFamilyDistractors: number;
  /** Notes with fewer entries are one subject: the sections near an entry are on it. */
  readonly familyFromEntries: number;
  /** Share of lines that are links (or list items that are only a link) above which a text is a table of contents. */
  readonly contentsShare: number;
  /**
   * A typed blank only for a term the glossary knows (its synonyms are accepted too) or a heading of
   * the notes names: a name nothing else in the notes asks about is most often the example's or the
   * project's own. Names in capitals are exempt (raters passed them as often either way). Drawn from
   * three blind rounds (729 typed items: 84 % against 59 %), then tested on three repositories no
   * rule had been drawn from: 81 % (150 of 186) against 71 % (72 of 102). It halves the items, so a
   * small folder is exempt (see `knownTermsMinItems`).
   */
  readonly knownTermsOnly: boolean;
  /** Notes that would get fewer typed items than this with `knownTermsOnly` get every sound term instead. */
  readonly knownTermsMinItems: number;
}

export const GENERATE_OPTIONS: GenerateOptions = Object.freeze({
  kinds: Object.freeze(['fill-term', 'name-term'] as const),
  maxFillItems: 3,
  minProseChars: 60,
  minProseCharsZh: 24,
  minExcerptChars: 50,
  maxExcerptChars: 320,
  minSummaryChars: 40,
  maxSummaryChars: 220,
  minExcerptCharsZh: 20,
  minSummaryCharsZh: 12,
  maxMaskedShare: 0.3,
  maxMaskedSpans: 2,
  maxSummaryRatio: 2.5,
  minBlankSentenceChars: 40,
  minBlankSentenceCharsZh: 28,
  maxBlankSentenceChars: 240,
  maxTermChars: 32,
  maxTermWords: 1,
  maxTitleChars: 90,
  nearDuplicate: 0.5,
  maxCandidates: 40,
  minCloseDistractors: 2,
  minFamilyDistractors: 2,
  familyFromEntries: 60,
  contentsShare: 0.6,
  knownTermsOnly: true,
  knownTermsMinItems: 20,
});

/**
 * Words of a title that ask rather than name ("what is the difference between…"): never masked, never
 * compared. Words that are also names in code (new, make, get, list, key, type, map) are not here.
 */
export const QUESTION_WORDS_EN: ReadonlySet<string> = Object.freeze(
  new Set([
    'what', 'whats', 'why', 'how', 'when', 'where', 'which', 'who', 'is', 'are', 'was', 'were', 'do', 'does', 'did',
    'can', 'could', 'should', 'would', 'will', 'the', 'a', 'an', 'of', 'in', 'on', 'to', 'for', 'and', 'or', 'vs',
    'versus', 'between', 'difference', 'differences', 'explain', 'describe', 'compare', 'with', 'about', 'its', 'it',
    'you', 'your', 'we', 'use', 'used', 'using', 'work', 'works', 'mean', 'means', 'meaning', 'some', 'any', 'there',
    'this', 'that', 'these', 'those', 'be', 'by', 'from', 'as', 'at', 'into', 'than', 'way', 'ways', 'kind', 'kinds',
    'types', 'example', 'examples', 'tell', 'me', 'give', 'name', 'main', 'common', 'i', 'my', 'not', 'no', 'if',
  ]),
);

/** Chinese question words and fillers of titles, removed before the title's terms are looked for. */
export const QUESTION_WORDS_ZH: readonly string[] = Object.freeze([
  '是什么', '什么是', '为什么', '怎么样', '怎么', '如何', '哪些', '有哪些', '什么', '区别', '不同', '介绍', '一下', '谈谈',
  '说说', '简述', '讲讲', '理解', '原理', '作用', '吗', '呢', '和', '与', '及', '以及', '的', '了', '是', '有', '在',
  '对', '中', '怎样', '概念', '请', '你', '常见', '常用', '主要', '分别', '关系', '联系', '优缺点', '特点',
]);

/** Names of sections that are no question: never a distractor, never an item. */
export const NON_QUESTION_TITLES: ReadonlySet<string> = Object.freeze(
  new Set([
    'introduction', 'intro', 'overview', 'summary', 'conclusion', 'references', 'reference', 'resources', 'links',
    'contents', 'table of contents', 'toc', 'further reading', 'see also', 'notes', 'todo', 'changelog', 'license',
    'contributing', 'preface', 'appendix', 'faq', 'index', 'readme', 'acknowledgements', 'credits',
    'example', 'examples', 'demo', 'usage', 'output', 'code', 'answer', 'solution', 'explanation', 'note', 'tips',
    'questions', 'interview questions', 'q&a',
    // About the notes or their author, not the subject.
    'contact', 'contact info', 'contact me', 'about', 'about me', 'author', 'authors', 'sponsors', 'sponsor', 'donate',
    'support', 'feedback', 'disclaimer', 'motivation', 'translations', 'translation', 'under development', 'study guide',
    'anki flashcards', 'how to contribute', 'star history',
    // The headings a project's own README is made of (a generated app's README among the notes).
    'project description', 'tools and technologies', 'technologies used', 'tech stack', 'further help', 'getting started',
    'installation', 'prerequisites', 'development server', 'code scaffolding', 'running unit tests',
    'running end-to-end tests', 'available scripts', 'project structure', 'folder structure', 'screenshots', 'live demo', '联系', '联系我', '联系方式', '关于', '关于作者', '作者', '赞助', '打赏',
    '交流群', '公众号', '免责声明',
    '举例', '举例说明', '示例', '例子', '代码示例', '示例代码', '代码', '输出', '结果', '运行结果', '解释', '注意', '注意事项',
    '答案', '解答', '解析', '面试题', '题目', '问题', '补充',
    '复习建议', '学习建议', '推荐阅读', '学习资料', '学习路线', '写在前面', '后记', '结语', '推荐', 'study tips', 'how to study',
    '目录', '前言', '总结', '小结', '参考', '参考资料', '参考文献', '参考链接', '引言', '概述', '附录', '更新日志', '说明', '致谢',
  ]),
);

/**
 * Words after "X is a/the" that make the sentence an evaluation or about a person, not a definition of X
 * ("Caching is a great approach", "JavaScript is the main focus", "Java is a decent choice", "Bob is a
 * Software Engineer fresh out of college"): no "name the term" item from it. Read within the three
 * words after "is".
 */
export const NOT_DEFINING_WORDS: ReadonlySet<string> = Object.freeze(
  new Set([
    'great', 'good', 'bad', 'nice', 'decent', 'huge', 'big', 'main', 'core', 'key', 'leader', 'slow', 'fast', 'foundational', 'important',
    'complex', 'common', 'popular', 'best', 'worst', 'most', 'major', 'simple', 'powerful', 'critical', 'crucial', 'useful', 'better', 'worse',
    'hard', 'easy', 'difficult', 'first', 'second', 'last', 'only', 'same', 'heart', 'focus', 'part', 'way', 'must',
    'engineer', 'developer', 'company', 'person', 'student', 'candidate', 'interviewer', 'choice',
  ]),
);

/** Words that open a sentence as its subject without being a term ("It is a …", "This is the …", "The answer is …"). */
export const DEFINITION_NOT_SUBJECTS: ReadonlySet<string> = Object.freeze(
  new Set([
    'it', 'this', 'that', 'there', 'these', 'those', 'here', 'what', 'which', 'one', 'each', 'every', 'some', 'such', 'they', 'he', 'she', 'we',
    'you', 'i', 'another', 'other', 'both', 'all', 'most', 'many', 'none', 'below', 'above', 'following', 'result', 'output', 'answer',
    'example', 'solution', 'idea', 'goal', 'reason', 'problem', 'difference',
  ]),
);

/**
 * Roots of a qualified name written all in lower case whose last parts are names of their own
 * (`window.location.href` is typed "location.href" or "href"). Other lower-case dotted names are
 * configuration keys (`max.poll.interval.ms`, `replication.factor`), whose tails raters found were no
 * setting at all ("poll.interval.ms", "factor"): only the whole key is accepted. A name with a capital
 * (`Vue.config.keyCodes`, `Array.prototype.map`) or a call keeps its tails.
 */
export const QUALIFIER_ROOTS: ReadonlySet<string> = Object.freeze(
  new Set(['window', 'document', 'navigator', 'location', 'history', 'process', 'console', 'globalThis', 'self', 'this', 'os', 'sys', 'math', 'json', 'event', 'e', 'req', 'res', 'module', 'exports']),
);

/**
 * Counterparts: a blank whose answer is one side of a pair, in a prompt that names the other side
 * with the same rest ("@Output()" for @Input(), 内函数 for 外函数, "recv()" for send(), "compile time"
 * for runtime), is given away. Raters failed such items as trivial in five blind rounds (@Input() beside
 * @Output() in three, 外函数 beside 内函数 in two, send() beside recv() and runtime beside compile-time in
 * one each). Latin sides are matched at word or camelCase boundaries, Chinese ones anywhere in the term.
 */
export const COUNTERPARTS: readonly (readonly [string, string])[] = Object.freeze(
  (
    [
      ['input', 'output'], ['send', 'recv'], ['send', 'receive'], ['encode', 'decode'], ['inner', 'outer'],
      ['read', 'write'], ['get', 'set'], ['push', 'pop'], ['request', 'response'], ['client', 'server'],
      ['open', 'close'], ['start', 'stop'], ['start', 'end'], ['begin', 'end'], ['park', 'unpark'], ['before', 'after'], ['min', 'max'],
      ['upper', 'lower'], ['runtime', 'compile-time'], ['sync', 'async'], ['producer', 'consumer'], ['parent', 'child'],
      ['master', 'slave'], ['import', 'export'], ['serialize', 'deserialize'], ['mount', 'unmount'],
      ['subscribe', 'unsubscribe'], ['lock', 'unlock'], ['enqueue', 'dequeue'], ['increment', 'decrement'],
      ['show', 'hide'], ['enable', 'disable'], ['head', 'tail'], ['first', 'last'], ['left', 'right'],
      ['内', '外'], ['上', '下'], ['前', '后'], ['左', '右'], ['读', '写'], ['主', '从'], ['入', '出'], ['父', '子'],
      ['发送', '接收'], ['同步', '异步'], ['生产者', '消费者'], ['加锁', '解锁'], ['编码', '解码'], ['序列化', '反序列化'],
      ['乐观', '悲观'], ['共享', '独占'], ['客户端', '服务端'], ['请求', '响应'], ['正向', '反向'], ['最大', '最小'],
    ] as const
  ).map(pair => Object.freeze(pair)),
);

/**
 * How the names of an example's columns and fields end (shift_id, cust_name, inserted_by, order_idx,
 * exam_record): a snake_case name ending so is the example's, not a setting or a function of a system
 * (sync_binlog, epoll_wait). In the rated rounds, all eleven such blanks failed, most as unanswerable.
 */
export const EXAMPLE_COLUMN_ENDINGS: ReadonlySet<string> = Object.freeze(new Set(['id', 'name', 'by', 'idx', 'record', 'route', 'at', 'date', 'no']));
