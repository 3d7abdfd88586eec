import { describe, expect, it } from 'vitest';
import { Analyzer, normalize, stem } from '../../../src/core/matching/analyzer.ts';
import { BUILTIN_GLOSSARY } from '../../../src/core/matching/glossary-data.ts';
import { Glossary, hanTerms } from '../../../src/core/matching/glossary.ts';
import { STOPWORDS_EN, STOPWORDS_ZH } from '../../../src/core/matching/stopwords.ts';

const plain = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH);
const withGlossary = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, hanTerms(BUILTIN_GLOSSARY));
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
  const analyzer = new Analyzer(new Set(['the', 'one']), new Set());
  const texts = (s: string) => analyzer.terms(s).filter(t => !t.stop).map(t => t.text);
  it('are read as digits, so "three-way" and "3 way" meet; "one" is left alone', () => {
    expect(texts('three-way handshake')).toEqual(texts('3 way handshake'));
    expect(texts('two phase commit')).toEqual(texts('2 phase commit'));
    expect(texts('two phase commit')[0]).toBe('2');
    expect(texts('the one around it')).toEqual(['around', 'it']);
  });
});

describe('Analyzer.terms', () => {
  it('flags English stop words but keeps them (for glossary phrases) and splits digits and underscores', () => {
    const terms = plain.terms(normalize('What is the GIL in python3.13 http2 snake_case'));
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
      ['snak', false],
      ['case', false],
    ]);
    expect(terms.every(t => t.script === 'latin')).toBe(true);
  });

  it('cuts Chinese into overlapping bigrams', () => {
    expect(words(plain, '多线程')).toEqual(['多线', '线程']);
    expect(words(plain, '单例模式')).toEqual(['单例', '例模', '模式']);
  });

  it('drops Chinese stop words and starts a new run after each, so no bigram crosses one', () => {
    const terms = withGlossary.terms(normalize('什么是装饰器'));
    expect(terms.map(t => t.text)).toEqual(['装饰', '饰器']);
    expect(words(withGlossary, 'GIL 对多线程有什么影响')).toEqual(['gil', '多线', '线程']);
    // 时 alone is a stop word; 时候 must go whole, not leave a stray 候 behind.
    expect(words(withGlossary, 'Spring 启动的时候')).toEqual(['spring', '启动']);
    const terms2 = withGlossary.terms(normalize('多线程和多进程的区别'));
    expect(terms2.map(t => t.text)).toEqual(['多线', '线程', '多进', '进程']);
    // 多线程 and 多进程 are separate runs: 程和/和多 would be junk bigrams.
    const runOf = (text: string) => terms2.find(t => t.text === text)!.run;
    expect(runOf('多线')).toBe(runOf('线程'));
    expect(runOf('多进')).toBe(runOf('进程'));
    expect(runOf('线程')).not.toBe(runOf('多进'));
  });

  it('keeps a lone Han character as a unigram and a run of stop words as nothing', () => {
    expect(words(plain, '快')).toEqual(['快']);
    expect(words(plain, '的是了')).toEqual([]);
    expect(words(plain, '什么是')).toEqual([]);
  });

  it('keeps glossary terms whole even when a stop word is inside them (作用域, 有效期)', () => {
    // Without the glossary, 作用 and 有 are stop words and eat the term.
    expect(words(plain, '作用域是什么')).toEqual(['域']);
    expect(words(plain, '有效期')).toEqual(['效期']);
    const keep = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, new Set(['作用域', '有效期']));
    expect(words(keep, '作用域是什么')).toEqual(['作用', '用域']);
    expect(words(keep, '变量的作用域')).toEqual(['变量', '作用', '用域']);
    expect(words(keep, '有效期')).toEqual(['有效', '效期']);
    expect(words(withGlossary, '作用域是什么')).toEqual(['作用', '用域']);
  });

  it('gives every term its span in the normalised text', () => {
    const text = normalize('GIL 对多线程');
    for (const t of withGlossary.terms(text)) expect(text.slice(t.start, t.end).replace(/_.*/, '')).toContain(t.text.slice(0, 2));
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
  const analyzer = new Analyzer(STOPWORDS_EN, STOPWORDS_ZH, hanTerms(groups));
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
