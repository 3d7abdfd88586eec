import { describe, expect, it } from 'vitest';
import type { ShortItem } from '../../../../src/core/knowledge/entry.ts';
import { pick } from '../../../../src/core/language.ts';
import { checkAnswer } from '../../../../src/core/quiz/answer-check.ts';
import { acronymGivenAway, javaReleaseNames } from '../../../../src/core/quiz/generate/generate.ts';
import { kbOf } from './notes-in-memory.ts';

/**
 * Rules from the nineteenth round of blind ratings (205 typed items from five repositories no rule
 * had been drawn from): a right answer written another usual way is accepted.
 */
const items = (files: Record<string, string>, glossary: string[][] = []) =>
  kbOf(files, glossary)
    .entries.flatMap(e => e.quiz)
    .filter((q): q is ShortItem => q.type === 'short');

/** A note's text: its top heading, one section and that section's paragraphs. */
const note = (heading: string, title: string, ...paragraphs: string[]) => [`# ${heading}`, '', `## ${title}`, '', ...paragraphs.flatMap(p => [p, ''])].join('\n');
const section = (title: string, ...sentences: string[]) => ({ 'jvm/jvm.md': note('JVM', title, ...sentences) });

describe('another usual name of the same answer is accepted', () => {
  it('a Java release has four names: JDK1.8, JDK 8, Java 8, Java 1.8 (no "1." from Java 9 on)', () => {
    expect(javaReleaseNames('JDK1.8')).toEqual(expect.arrayContaining(['JDK 8', 'Java 8', 'Java 1.8']));
    expect(javaReleaseNames('Java 11')).toEqual(['JDK 11', 'Java 11']);
    expect(javaReleaseNames('JDK1.9')).toEqual([]);
    expect(javaReleaseNames('Java 2')).toEqual([]);
    expect(javaReleaseNames('JDK')).toEqual([]);
    expect(javaReleaseNames('Java EE')).toEqual([]);
  });

  it('a blank whose answer is JDK1.6 takes "Java 6" and "jdk6"', () => {
    const item = items(section('偏向锁是什么？', '为了进一步降低获取锁的代价，`JDK1.6` 之后 synchronized 还引入了偏向锁和轻量级锁。')).find(q => q.accept[0] === 'JDK1.6');
    expect(item).toBeDefined();
    expect(checkAnswer('Java 6', item!.accept).correct).toBe(true);
    expect(checkAnswer('jdk6', item!.accept).correct).toBe(true);
    expect(checkAnswer('Java 7', item!.accept).correct).toBe(false);
  });

  it('a glossary term written without its space (minorGC) takes its synonyms: Young GC, YGC', () => {
    const item = items(section('对象什么时候进入老年代？', '对象在 Survivor 区每熬过一次 `minorGC` 年龄就加一，年龄达到阈值（默认为 15）后就会被移动到老年代中。'), [['minor gc', 'young gc', 'ygc']]).find(q => q.accept[0] === 'minorGC');
    expect(item).toBeDefined();
    expect(checkAnswer('Young GC', item!.accept).correct).toBe(true);
    expect(checkAnswer('YGC', item!.accept).correct).toBe(true);
    expect(checkAnswer('Full GC', item!.accept).correct).toBe(false);
  });
});

describe('no blank for a thing named only by pointing at text the prompt does not show', () => {
  it('"这里的 `items`" and "后文会提到的 `Kafka`" are what the shown code or later text says; "这里基于 `ReentrantLock`" stays', () => {
    const answers = items(
      section(
        '队列怎么初始化？',
        '很明显这里的 `items` 就是存放数据的数组，在初始化时需要根据容量创建这个数组。',
        '订单服务处理完请求以后，再交给后文会提到的 `Kafka` 异步消费，削峰填谷。',
        '获取和释放资源的方法并没有提供具体实现，因此这里基于 `ReentrantLock` 来画图进行讲解。',
      ),
    ).map(q => q.accept[0]);
    expect(answers).not.toContain('items');
    expect(answers).not.toContain('Kafka');
    expect(answers).toContain('ReentrantLock');
  });
});

describe('no blank in a sentence that goes on from the one before', () => {
  it('"Or use …" and "And so on …" lean on the sentence before them', () => {
    const answers = items({
      'node/modules.md': note('Node.js', 'How do you use ES modules in Node.js?', 'Set `"type": "module"` in `package.json` to load every `.js` file of the package as an ES module.', 'Or use the `.mjs` extension for individual files without changing `package.json` at all.', 'And so on, for every other file that the `require` function still loads as CommonJS.'),
    }).map(q => q.accept[0]);
    expect(answers).not.toContain('.mjs');
    expect(answers).not.toContain('require');
  });
});

describe('markup is not part of a term', () => {
  it('emphasis inside bold (**_Readme.md_**) is dropped: the term is then a file name, and no blank', () => {
    const all = items({
      'node/basics.md': note('Node.js Basics', 'What can you contribute in this repo?', 'You can contribute some **Learning Resources** in the **_Readme.md_** File.'),
    });
    const accepted = all.flatMap(q => q.accept);
    expect(accepted.length).toBeGreaterThan(0);
    for (const junk of ['_Readme.md_', 'md_', 'Readme.md']) expect(accepted).not.toContain(junk);
  });
});

describe("names an example's code gives, in more languages", () => {
  const graph = (sentence: string) => ({
    'data/graph.md': [
      '# Graph models',
      '',
      '## How do you query a graph with Cypher?',
      '',
      '```',
      "MATCH (person) -[:BORN_IN]-> () -[:WITHIN*0..]-> (us:Location {name:'United States'}),",
      "      (person) -[:LIVES_IN]-> () -[:WITHIN*0..]-> (eu:Location {name:'Europe'})",
      'RETURN person.name',
      '```',
      '',
      sentence,
      '',
    ].join('\n'),
  });

  it('the labels and relationship types of a graph query (LIVES_IN, Location) are no blank; a keyword of the language is', () => {
    expect(items(graph('A person whose `LIVES_IN` edge points to a city is found through the chain of `WITHIN` edges.')).map(q => q.accept[0])).not.toContain('LIVES_IN');
    expect(items(graph('Equivalently, the query could start from the two `Location` vertices and work backwards.')).map(q => q.accept[0])).not.toContain('Location');
    expect(items(graph('The `RETURN` clause says which values of each match the query gives back to the caller.')).map(q => q.accept[0])).toContain('RETURN');
  });

  it('a variable a Python or Ruby example assigns (counts = …) is no blank; a markup attribute (stroke="blue") is no variable', () => {
    const ruby = [
      '# 批处理',
      '',
      '## 用 Ruby 统计页面浏览量',
      '',
      '```',
      'counts = Hash.new(0)',
      'File.open(path).each { |line| counts[line.split[6]] += 1 }',
      '```',
      '',
      '`counts` 是一个存储计数器的哈希表，保存了每个 URL 被浏览的次数，默认为 0。',
      '',
    ].join('\n');
    expect(items({ 'batch/ruby.md': ruby }).map(q => q.accept[0])).not.toContain('counts');
    const svg = [
      '# SVG',
      '',
      '## How do you style SVG?',
      '',
      '```',
      '<circle cx="40" cy="40" r="24"',
      '  stroke="blue" fill="purple" />',
      '```',
      '',
      'Basic coloring can be done by setting two attributes on the node: `fill` and `stroke`, as shown.',
      '',
    ].join('\n');
    expect(items({ 'css/svg.md': svg }).map(q => q.accept[0])).toContain('stroke');
  });
});

describe('an acronym the prompt spells out (twentieth and twenty-first rounds)', () => {
  it('is given away by its words, a capitalised word giving all its letters, or by a longer name that holds it', () => {
    expect(acronymGivenAway('MIME', '`＿＿＿` is an acronym for `Multi-purpose Internet Mail Extensions`.')).toBe(true);
    expect(acronymGivenAway('RUID', 'The ＿＿＿ will be user2 but the EUID of that process will be root (real user ID and effective user ID).')).toBe(true);
    expect(acronymGivenAway('IP', 'From "IPv4 and IPv6": ＿＿＿ is an arbitrary numbering scheme imposed in a hierarchical fashion.')).toBe(true);
    expect(acronymGivenAway("UID's", "From UID/GID: they are mapped into numeric forms (＿＿＿ and GID's respectively).")).toBe(true);
    expect(acronymGivenAway('JSON', '＿＿＿ (JavaScript Object Notation) is a lightweight format for storing and transporting data.')).toBe(true);
  });

  it('is not given away by lower-case words that happen to start with its letters, or by another acronym', () => {
    expect(acronymGivenAway('IP', 'The address ＿＿＿ is present in every packet header and routers read it.')).toBe(false);
    expect(acronymGivenAway('TCP', 'A connection of ＿＿＿ starts with a handshake of three segments over UDP ports.')).toBe(false);
    expect(acronymGivenAway('Redis', 'Redis keeps data in memory.')).toBe(false);
  });

  it('takes the item out: no "name the term" item whose acronym the sentence spells out', () => {
    const answers = items({ 'web/types.md': note('Web', 'Content types', '`MIME` is an acronym for `Multi-purpose Internet Mail Extensions`. It is used as a standardized way to indicate the nature and format of a document.') }).map(q => q.accept[0]);
    expect(answers).not.toContain('MIME');
  });
});

describe('code indented by four spaces is code too', () => {
  it('a name declared in an indented block (interface LightningInterface) is no blank; an indented list paragraph declares nothing', () => {
    const note = [
      '# 设计模式',
      '',
      '## 适配器模式怎么实现？',
      '',
      '先定义接口：',
      '',
      '    interface LightningInterface {',
      '        void chargeWithLightning();',
      '    }',
      '',
      '实现方式是实现目标类的接口（`LightningInterface`），然后使用组合的方式，在该适配器中调用被适配对象的方法。',
      '',
      '- 类适配器用继承实现',
      '',
      '    它的 class ThreadPoolExecutor 说明见下文',
      '',
      '使用 `ThreadPoolExecutor` 创建线程池时，核心线程数和最大线程数都要根据任务的类型来设置。',
      '',
    ].join('\n');
    const answers = items({ 'patterns/adapter.md': note }).map(q => q.accept[0]);
    expect(answers).not.toContain('LightningInterface');
    expect(answers).toContain('ThreadPoolExecutor');
  });
});

describe('no blank in a sentence that leans on text the prompt does not show (twenty-first round)', () => {
  it('"it\'s" is "it is"; "like this" points at shown code; 已经讲过 / 不再赘述 at an earlier section', () => {
    const answers = items({
      'js/timers.md': note('JavaScript', 'What will happen?', "Since it's not garbage collected, the `setInterval` callback function will still get invoked every 1000 ms.", 'You can keep chaining `.then` calls like this, where the value is passed on to the next handler in turn.'),
      'java/deque.md': note('ArrayDeque', 'addLast() 怎么实现？', '下标越界的处理方式在`checkIndex()`中已经讲过，不再赘述。'),
    }).map(q => q.accept[0]);
    for (const gone of ['setInterval', '.then', 'checkIndex()']) expect(answers).not.toContain(gone);
  });
});

describe('the prompt names the document, not a section name every file repeats', () => {
  const file = (heading: string) =>
    ['# 总体介绍', '', `${heading}是 Java 集合框架中的一个容器，底层用数组实现，容量不够时自动扩容。`, '', '# 方法剖析', '', '## addLast()', '', '插入完成后再检查空间，如果空间已经用光，则调用 `doubleCapacity()` 把数组的容量扩大为原来的两倍。', ''].join('\n');

  it('a top-level heading shared by files with several of them ("# 方法剖析") gives way to the file name, without its number', () => {
    const prompts = items({ 'markdown/4-Stack and Queue.md': file('ArrayDeque'), 'markdown/2-ArrayList.md': file('ArrayList') }).map(q => pick(q.question, 'zh'));
    expect(prompts.some(p => p.includes('《Stack and Queue》'))).toBe(true);
    expect(prompts.some(p => p.includes('《方法剖析》'))).toBe(false);
  });

  it('a document copied into two folders keeps its title', () => {
    const doc = note('HashMap 底层分析', '遍历方式', '遍历时可以用 `entrySet()` 把 key 和 value 同时取出来，比先取 key 再查 value 的方式效率更高。');
    const prompts = items({ 'docs/hashmap.md': doc, 'MD/HashMap.md': doc }).map(q => pick(q.question, 'zh'));
    expect(prompts.length).toBeGreaterThan(0);
    expect(prompts.every(p => p.includes('《HashMap 底层分析》'))).toBe(true);
  });
});

describe('rules from the twenty-second round (274 typed items from four repositories no rule had been drawn from)', () => {
  it('a list number written inside the bold ("**①gRPC**") is not part of the answer', () => {
    const item = items(section('流行的 RPC 框架有哪些？', '**①gRPC** 是 Google 公布的开源软件，基于最新的 HTTP2.0 协议，并支持常见的众多编程语言。')).find(q => /gRPC/.test(q.accept[0]!));
    expect(item).toBeDefined();
    expect(item!.accept[0]).toBe('gRPC');
    expect(pick(item!.question, 'zh')).not.toContain('①');
    expect(pick(item!.question, 'zh')).toContain('4 个字符');
    expect(checkAnswer('grpc', item!.accept).correct).toBe(true);
  });

  it('上述 / 可以看到 / 下一章 / 这四个 / 此成员变量 point at text the prompt does not show; a sentence that names its noun stays', () => {
    const answers = items(
      section(
        '反射为什么慢？',
        '注意：上述的 `HMAC256` 加密算法为单秘钥的形式，一旦泄露后果非常的危险。',
        '可以看到一个 `supportsParameter()` 方法和一个 `resolveArgument()` 方法，和之前的例子一模一样。',
        '在下一章将会详细分析各类 `Executor` 的作用及其实现，这里只需要知道它们的入口。',
        '由于测试的这四个方法最终调用的都是 `native` 方法，所以无法进一步跟踪下去。',
        '进入的都是同一个单例的 `Controller` 对象，并对此成员变量的值进行修改操作，因此会互相影响。',
        '每次反射调用都要经过 `Method.invoke` 做参数检查和装箱，因此比直接调用慢得多。',
      ),
    ).map(q => q.accept[0]);
    for (const gone of ['HMAC256', 'resolveArgument()', 'supportsParameter()', 'Executor', 'native', 'Controller']) expect(answers).not.toContain(gone);
    expect(answers).toContain('Method.invoke');
  });

  it('a plain English word in brackets after the Chinese word it translates ("过滤器（`filter`）") is no blank; a name in code ("读写锁（`RWMutex`）") stays', () => {
    const answers = items(
      section(
        '过滤器是什么？',
        '过滤器（`filter`）是输送介质管道上不可缺少的一种装置，通常安装在减压阀和泄压阀的进口端。',
        'Go 标准库的读写锁（`RWMutex`）允许多个读者同时持有锁，但写者持有锁时其他人都要等待。',
      ),
    ).map(q => q.accept[0]);
    expect(answers).not.toContain('filter');
    expect(answers).toContain('RWMutex');
  });

  it('an acronym spelt out in Chinese brackets after it, or a lower-case command spelt out in capitals, is given away', () => {
    const answers = items({
      'net/routing.md': note('路由协议', '常见的路由协议有哪些？', '**OSPF**（开放式最短路径优先）是一种路由协议，可在各种类型的路由器上实施，适合大型网络。'),
      'linux/commands.md': note('Linux 命令', '常用的目录命令有哪些？', '`pwd` 是 `Print Working Directory` 的缩写，也就是显示目前所在目录的命令，常和 `cd` 一起使用。'),
    }).map(q => q.accept[0]);
    expect(answers).not.toContain('OSPF');
    expect(answers).not.toContain('pwd');
    expect(acronymGivenAway('pwd', 'is short for Print Working Directory')).toBe(true);
    expect(acronymGivenAway('pwd', 'prints the working directory')).toBe(false);
  });
});

describe('rules from the twenty-third round (300 typed items from three repositories no rule had been drawn from)', () => {
  it('a name the sentence calls a table or queue ("a `payments` table", "the `analytics` queue") is the example\'s; a `Debezium` connector is no example', () => {
    const answers = items({
      'kafka/cdc.md': note(
        'Change Data Capture',
        'How do you stream database changes to Kafka?',
        'You have a Debezium connector streaming changes from a PostgreSQL `payments` table to Kafka without any downtime.',
        'At nine in the morning the small Spark jobs were all submitted to the `analytics` queue of the shared cluster by mistake.',
        'You can stream changes from PostgreSQL to Kafka without downtime with a `Debezium` connector and a replication slot.',
      ),
    }).map(q => q.accept[0]);
    expect(answers).not.toContain('payments');
    expect(answers).not.toContain('analytics');
    expect(answers).toContain('Debezium');
  });

  it('a case study, a war story or a problem statement, and a sentence that opens a scenario, give no blank; a quick-fire answer does', () => {
    const answers = items({
      'bq/cases.md': [
        '# BigQuery',
        '',
        '## Case Study 1: The Dashboard That Cost a Fortune',
        '',
        'Every tile of the dashboard queried the raw `fct_sales` table with generated SQL that scanned all of its partitions.',
        '',
        '## How do you cut the cost of a dashboard?',
        '',
        '**Scenario:** Your user activity data has null `email` values and duplicate rows from upstream retries every day.',
        '',
        'Partition the table by date and cluster it on the filtered columns, then let `Looker` cache the small aggregated results.',
        '',
        '## Problem Description',
        '',
        'Given the string `road` of potholes and smooth parts, and the integer `budget`, return how many potholes can be fixed.',
        '',
      ].join('\n'),
    }).map(q => q.accept[0]);
    expect(answers).not.toContain('fct_sales');
    expect(answers).not.toContain('email');
    expect(answers).not.toContain('budget');
    expect(answers).toContain('Looker');
  });

  it('bold that ends in a full stop ("**Context.** A bank migrated…", "**A:** **Yes.** Atomic…") is no term', () => {
    const answers = items(
      section(
        'How did the migration go?',
        '**Context.** A bank migrated a sixty node Hadoop cluster with eight hundred terabytes of data to the cloud in nine months.',
        '**A:** **Yes.** Atomic operations rely directly on hardware instructions such as compare-and-swap, with no lock at all.',
      ),
    ).map(q => q.accept[0]);
    expect(answers).not.toContain('Context.');
    expect(answers).not.toContain('Yes.');
  });
});

describe('rules from the twenty-fourth round (250 typed items from three repositories no rule had been drawn from)', () => {
  it('two sentences under the same heading of the same notes that differ only in the marked name make no blank; a second name kept in the sentence tells them apart', () => {
    const slice = (reducer: string) => ['# Tests for Slices', '', `## Initial State Tests`, '', `**Initial State**: Ensures that the \`${reducer}\` returns the initial state when no action is provided to it.`, ''].join('\n');
    const answers = items({ 'login/test.md': slice('loginReducer'), 'profile/test.md': slice('profileReducer') }).map(q => q.accept[0]);
    expect(answers).not.toContain('loginReducer');
    expect(answers).not.toContain('profileReducer');
    const alone = items({ 'login/test.md': slice('loginReducer') }).map(q => q.accept[0]);
    expect(alone).toContain('loginReducer');
    const lifecycle = items(
      section(
        'Bean 的生命周期了解么？',
        '如果 Bean 实现了 `InitializingBean` 接口，容器会执行 `afterPropertiesSet` 方法完成初始化。',
        '如果 Bean 实现了 `DisposableBean` 接口，容器会执行 `destroy` 方法完成销毁工作。',
      ),
    ).map(q => q.accept[0]);
    expect(lifecycle).toEqual(expect.arrayContaining(['afterPropertiesSet']));
  });

  it('a camelCase local variable that another section of the file declares (int insertPos = 0) is no blank; a field with a modifier (final boolean accessOrder) stays', () => {
    const file = [
      '# Two Pointers',
      '',
      '## Move zeroes to the end',
      '',
      '```java',
      'int insertPos = 0;',
      'for (int n : nums) if (n != 0) nums[insertPos++] = n;',
      '```',
      '',
      '## Algorithm',
      '',
      'After the loop, fill the remaining positions from `insertPos` to the end of the array with zeroes.',
      '',
      '## LinkedHashMap fields',
      '',
      '```java',
      'final boolean accessOrder;',
      '```',
      '',
      '## How does LinkedHashMap iterate?',
      '',
      'When the `accessOrder` flag of the constructor is true, every get moves the entry to the tail of the list.',
      '',
    ].join('\n');
    const answers = items({ 'algo/two-pointers.md': file }).map(q => q.accept[0]);
    expect(answers).not.toContain('insertPos');
    expect(answers).toContain('accessOrder');
  });
});

describe('rules from the twenty-fifth round (288 typed items from three repositories no rule had been drawn from)', () => {
  it('a bold label after other labels or marks ("**Analogy:** **VI**:", "💡 **Follow-up**:") and a cross-reference ("See **Q12**") are no terms', () => {
    const answers = items(
      section(
        'How do you find the top k words?',
        '**Analogy:** **VI**: the tree is a perfect binary tree, so every level holds twice the nodes of the one above.',
        '💡 **Follow-up**: for streaming data keep a min-heap of size k updated instead of sorting every word again.',
        'See **Q12** for a fully manual doubly linked list and hash map implementation of the same cache.',
        'A **min-heap** of size k keeps the k most frequent words seen so far at the cost of log k per word.',
      ),
    ).map(q => q.accept[0]);
    for (const gone of ['VI', 'Follow-up', 'Q12']) expect(answers).not.toContain(gone);
    expect(answers).toContain('min-heap');
  });
});
