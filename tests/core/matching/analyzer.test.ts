import { describe, expect, it } from 'vitest';
import { Analyzer, normalize, normalizeCased, stem } from '../../../src/core/matching/analyzer.ts';
import { BUILTIN_GLOSSARY } from '../../../src/core/matching/glossary-data.ts';
import { Glossary, hanTerms } from '../../../src/core/matching/glossary.ts';
import { createJiebaSegmenter } from '../../../src/core/matching/segmenter.ts';
import { CODE_KEYWORDS, OPERATORS, STOPWORDS_EN, STOPWORDS_ZH } from '../../../src/core/matching/stopwords.ts';

const segmenter = createJiebaSegmenter();
const plain = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, { segmenter: createJiebaSegmenter() });
const withGlossary = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, { keepZh: hanTerms(BUILTIN_GLOSSARY), segmenter });
/** The searchable (non-stop) term texts of a question. */
const words = (a: Analyzer, text: string) => a.terms(normalize(text)).filter(t => !t.stop).map(t => t.text);

describe('normalize', () => {
  it.each([
    ['ＧＩＬ　ｉｓ　ＦＵＬＬ－ｗｉｄｔｈ', 'gil is full-width'],
    ['Ｐｙｔｈｏｎ３．１３', 'python3.13'],
    ['什么是ＧＩＬ？', '什么是gil?'],
    ['C++ vs C#', 'cpp vs csharp'],
    ['Ｃ＋＋', 'cpp'],
    ['.NET runtime', 'dotnet runtime'],
  ])('%j → %j', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('makes full-width and half-width questions give the same terms', () => {
    expect(words(plain, 'ｗｈａｔ ｉｓ ａ ＤＥＣＯＲＡＴＯＲ？')).toEqual(words(plain, 'what is a decorator?'));
    expect(words(plain, 'decorators')).toEqual(['decorator']);
  });
});

describe('stem: forms of one word meet', () => {
  it.each([
    ['threads', 'thread'],
    ['threading', 'thread'],
    ['decorators', 'decorator'],
    ['processes', 'process'],
    ['classes', 'class'],
    ['libraries', 'library'],
    ['queues', 'queue'],
    ['copies', 'copy'],
    ['caching', 'cache'],
    ['cached', 'cache'],
    ['stopped', 'stop'],
    ['hashed', 'hash'],
    ['running', 'run'], // the stemmer's own doc comment: running → runn → run
    ['cookies', 'cookie'], // -ies and -ie meet (they did not: cooky ≠ cooki)
    ['zombies', 'zombie'],
    ['queries', 'query'],
    ['policies', 'policy'],
  ])('%s and %s have the same stem', (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });

  it.each(['process', 'class', 'status', 'analysis', 'gil', 'http2', 'pass'])('leaves %s alone', w => {
    expect(stem(w)).toBe(w);
  });

  it('keeps different words apart', () => {
    expect(stem('thread')).not.toBe(stem('threat'));
    expect(stem('process')).not.toBe(stem('processor'));
    expect(stem('array')).toBe('array'); // y after a vowel stays
  });
});

describe('number words', () => {
  const analyzer = new Analyzer(new Set(['the', 'one', 'way']), new Set());
  const texts = (s: string) => analyzer.terms(s).filter(t => !t.stop).map(t => t.text);
  it('are read as digits, so "three-way" and "3 way" meet; "one" is left alone', () => {
    expect(texts('three-way handshake')).toContain('3');
    expect(texts('3 way handshake')).toEqual(['3', 'handshak']);
    expect(texts('two phase commit')).toEqual(texts('2 phase commit'));
    expect(texts('two phase commit')[0]).toBe('2');
    expect(texts('the one around it')).toEqual(['around', 'it']);
  });
});

describe('Analyzer.terms', () => {
  it('flags English stop words but keeps them (for glossary phrases) and splits digits', () => {
    const terms = plain.terms(normalize('What is the GIL in python3.13 http2'));
    expect(terms.map(t => [t.text, t.stop])).toEqual([
      ['what', true],
      ['is', true],
      ['the', true],
      ['gil', false],
      ['in', true],
      ['python', false],
      ['3.13', false],
      ['http', false],
      ['2', false],
    ]);
    expect(terms.every(t => t.script === 'latin')).toBe(true);
  });

  it('reads snake_case, kebab-case and dotted words as the whole and, as parts, their words', () => {
    const terms = plain.terms(normalize('set_threshold v-if node.js'));
    expect(terms.filter(t => !t.part).map(t => t.text)).toEqual(['setthreshold', 'vif', 'nodej']);
    expect(terms.filter(t => t.part).map(t => t.text)).toEqual(['set', 'threshold', 'v', 'if', 'node', 'js']);
  });

  it('reads camelCase and PascalCase compounds as the whole and, as parts, their words', () => {
    const text = 'BlockingQueue localStorage HashMap';
    const terms = plain.terms(normalize(text), normalizeCased(text));
    expect(terms.filter(t => !t.part).map(t => t.text)).toEqual(['blockingqueu', 'localstorag', 'hashmap']);
    expect(terms.filter(t => t.part).map(t => t.text)).toEqual(['block', 'queu', 'local', 'storag', 'hash', 'map']);
  });

  it('reads operators as words of their own', () => {
    const ops = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, { operators: OPERATORS, segmenter });
    const words = (q: string) => ops.terms(normalize(q)).filter(t => !t.stop).map(t => t.text);
    expect(words('`&&` vs `and`')).toEqual(['&&', 'vs']);
    expect(words(':= 是什么')).toEqual([':=']);
    expect(words('a === b, a ?? b, x?.y, i++')).toEqual(['===', 'b', '??', 'b', 'x', '?.', 'y', '++']);
    // Sentence punctuation glued to a word is no operator: "expected??" and "why..." ask no `??` or `...`.
    expect(words('is that expected?? lol, why... x??y')).toEqual(['expect', 'x', '??', 'y']);
    // Nor after a content word and before the end or a filler word ("… this code ?? thx", "features: ??"),
    // while "what does ?? do" and "foo ?? bar" still ask about `??`.
    expect(words('what is the output of this code ?? thx')).toEqual(['output', 'code']);
    expect(words('key features: ??')).toEqual(['key', 'featur']);
    expect(words('what does ?? do')).toEqual(['??']);
    expect(words('foo ?? bar')).toEqual(['foo', '??', 'bar']);
  });

  it('reads the end of a contraction as filler ("del\'d", "you\'ll", "we\'ve"), not as a letter of its own', () => {
    const plain = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, { segmenter });
    const words = (q: string) => plain.terms(normalize(q)).filter(t => !t.stop).map(t => t.text);
    expect(words("I del'd a huge list, you'll see")).toEqual(['del', 'huge', 'list', 'see']);
    expect(words('what does the D state mean in ps')).toContain('d');
    // Markdown rules and table borders are not operators, nor **bold** markers.
    expect(words('--- | --- |\n**bold** text')).toEqual(['bold', 'text']);
  });

  it('does not turn a content word into a stop word through its stem ("called" is filler, "call" is not)', () => {
    expect(words(plain, 'call stack')).toEqual(['call', 'stack']);
    expect(words(plain, 'what is it called')).toEqual([]);
  });

  it('segments Chinese into dictionary words, long words also giving their bigrams as parts', () => {
    const terms = withGlossary.terms(normalize('什么是垃圾回收器'));
    expect(terms.filter(t => !t.part).map(t => t.text)).toEqual(['垃圾回收器']);
    expect(terms.filter(t => t.part).map(t => t.text)).toEqual(['垃圾', '圾回', '回收', '收器']);
    // One word is one term, not four overlapping bigrams; single-character words are words.
    expect(words(withGlossary, '数据存在哪里').filter(w => w.length === 1)).toEqual([]);
    expect(words(withGlossary, '存 还是 取').sort()).toEqual(['取', '存']);
  });

  it('drops Chinese stop words', () => {
    expect(words(withGlossary, 'GIL 对多线程有什么影响')).toEqual(['gil', '多线程', '多线', '线程']);
    expect(words(withGlossary, 'Spring 启动的时候')).toEqual(['spring', '启动']);
    expect(words(plain, '的是了')).toEqual([]);
    expect(words(plain, '什么是')).toEqual([]);
  });

  it('keeps glossary terms whole even when a stop word is inside them (作用域)', () => {
    expect(words(withGlossary, '作用域是什么')).toContain('作用域');
    expect(words(withGlossary, '变量的作用域')).toContain('作用域');
  });

  it('gives every term its span in the normalised text', () => {
    const text = normalize('GIL 对多线程');
    for (const t of withGlossary.terms(text)) expect(text.slice(t.start, t.end)).toContain(t.text.slice(0, 1));
  });
});

describe('Glossary.find: longest match, nested readings flagged', () => {
  const groups = [
    ['garbage collection', 'gc', '垃圾回收'],
    ['collection', '集合'],
    ['left join', '左连接'],
    ['connection', '连接'],
    ['three way handshake', '三次握手'],
    ['handshake', '握手'],
    ['virtual dom', '虚拟dom'],
    ['cpu bound', 'cpu密集型'],
  ];
  const analyzer = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, { keepZh: hanTerms(groups), segmenter });
  const glossary = new Glossary(groups, analyzer);
  const find = (text: string) => {
    const norm = normalize(text);
    return glossary
      .find(norm, analyzer.terms(norm))
      .map(h => [groups[Number(h.concept.slice(1))]![0], norm.slice(h.start, h.end), h.nested] as const)
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  };

  it('finds terms that mix Chinese and Latin, with or without spaces, and only at word boundaries', () => {
    expect(find('虚拟 DOM 是什么')).toEqual([['virtual dom', '虚拟 dom', false]]);
    expect(find('虚拟DOM')).toEqual([['virtual dom', '虚拟dom', false]]);
    expect(find('什么是 CPU 密集型任务')).toEqual([['cpu bound', 'cpu 密集型', false]]);
    expect(find('虚拟domain')).toEqual([]);
    expect(find('ecpu密集型')).toEqual([]);
  });

  it('reads a Chinese term with a 的 written between its words (进程间的通信 is 进程间通信), never across two', () => {
    const ipc = new Glossary([['ipc', '进程间通信']], new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, { keepZh: hanTerms([['ipc', '进程间通信']]), segmenter }));
    const findIpc = (text: string) => ipc.find(normalize(text), analyzer.terms(normalize(text))).map(h => normalize(text).slice(h.start, h.end));
    expect(findIpc('进程间的通信方式有哪些')).toEqual(['进程间的通信']);
    expect(findIpc('进程间通信')).toEqual(['进程间通信']);
    expect(findIpc('进程间的的通信')).toEqual([]);
    expect(find('垃圾的回收')).toEqual([['garbage collection', '垃圾的回收', false]]);
    expect(find('垃圾的')).toEqual([]);
  });

  it('reads a Latin phrase as its concept and the word inside it as a nested reading', () => {
    expect(find('how does garbage collection work')).toEqual([
      ['collection', 'collection', true],
      ['garbage collection', 'garbage collection', false],
    ]);
    expect(find('a collection of items')).toEqual([['collection', 'collection', false]]);
  });

  it('matches stemmed phrases across stop words written in them ("three way handshake")', () => {
    expect(find('Three-way handshakes')).toEqual([
      ['handshake', 'handshakes', true],
      ['three way handshake', 'three-way handshakes', false],
    ]);
  });

  it('reads the longest Chinese term and flags shorter ones inside it', () => {
    expect(find('左连接和连接池')).toEqual([
      ['connection', '连接', false], // the second, on its own
      ['connection', '连接', true], // the one inside 左连接
      ['left join', '左连接', false],
    ]);
    expect(find('三次握手的过程')).toEqual([
      ['handshake', '握手', true],
      ['three way handshake', '三次握手', false],
    ]);
    expect(find('垃圾回收器')).toEqual([['garbage collection', '垃圾回收', false]]);
  });

  it('links the languages: English and Chinese names of a concept give the same token', () => {
    const concepts = (text: string) => {
      const norm = normalize(text);
      return glossary.find(norm, analyzer.terms(norm)).filter(h => !h.nested).map(h => h.concept);
    };
    expect(concepts('left join')).toEqual(concepts('左连接'));
    expect(concepts('GC')).toEqual(concepts('垃圾回收'));
    expect(concepts('left join')).not.toEqual(concepts('连接'));
  });

  it('lists its single Latin words for typo correction', () => {
    expect(glossary.latinWords().sort()).toEqual(['collection', 'connection', 'gc', 'handshak']);
  });
});

describe('keywords of code in Chinese text', () => {
  const coded = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, { segmenter, codeKeywords: CODE_KEYWORDS, operators: OPERATORS });

  it('lists only keywords that are English stop words (any other keyword is a term anyway)', () => {
    expect([...CODE_KEYWORDS].filter(w => !plain.isStop(w))).toEqual([]);
  });

  it('a keyword that is an English stop word, standing alone in Chinese text, is a term', () => {
    expect(words(coded, 'is 和 == 有什么区别')).toContain('is');
    expect(words(coded, 'python 的 for 循环和 while 循环')).toEqual(expect.arrayContaining(['for', stem('while')]));
    expect(words(coded, '什么时候用 with 语句')).toContain('with');
  });

  it('compared with an operator ("is and ==", "&& vs and"), it is a term in English text too', () => {
    expect(words(coded, 'difference between is and == in python')).toContain('is');
    expect(words(coded, '&& vs and in javascript')).toContain('and');
    expect(words(coded, 'x is none and y == 2')).not.toContain('is');
  });

  it('in English text, or next to a Latin word, it stays a stop word; so do words that are no keyword (lol, thanks)', () => {
    expect(words(coded, 'what is the difference between is and equals')).not.toContain('is');
    expect(words(coded, '主从延迟太大了怎么解决啊 lol')).not.toContain('lol');
    expect(words(coded, '记录金额用什么字段类型比较好 thanks!')).not.toContain('thanks');
    expect(words(coded, '这个 bug is so weird')).not.toContain('is');
  });
});
