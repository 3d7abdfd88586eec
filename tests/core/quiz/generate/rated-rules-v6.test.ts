import { describe, expect, it } from 'vitest';
import type { ShortItem } from '../../../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../../../src/core/knowledge/loader.ts';
import { checkAnswer } from '../../../../src/core/quiz/answer-check.ts';
import { cleanInline } from '../../../../src/core/quiz/generate/text.ts';
import { useFolders } from '../../../support/core-harness.ts';
import { kbOf } from './notes-in-memory.ts';

/**
 * Rules from the seventeenth round of blind ratings (283 typed items: a Chinese Java guide, the same
 * guide's networking, database and system-design notes, and Chinese notes on networking and
 * operating systems no rule had been drawn from).
 */
const blanks = (files: Record<string, string>, glossary: string[][] = []) =>
  kbOf(files, glossary)
    .entries.flatMap(e => e.quiz)
    .filter((q): q is ShortItem => q.type === 'short')
    .map(q => q.accept[0]);

const folder = useFolders('interview-bot-rated-v6-');

const section = (title: string, ...sentences: string[]) => ({ 'net/tcp.md': ['# TCP', '', `## ${title}`, '', ...sentences.flatMap(s => [s, ''])].join('\n') });

describe('no blank in a sentence that points at text the prompt does not show', () => {
  it.each([
    ['服务端收到该报文后，就向客户端发送 `ACK` 应答报文，接着服务端进入 `CLOSE_WAIT` 状态。', 'CLOSE_WAIT'],
    ['使用该方法可以在运行时创建一个匿名类，`LambdaMetafactory` 正是用同样的办法生成函数式接口的实现类。', 'LambdaMetafactory'],
    ['如何正确有效的使用这些参数，这就需要理解状态变迁，出现问题时先用 `netstat` 命令查看是哪个阶段出了问题。', 'netstat'],
    ['如果有的话，插入操作就会一直等待，直到拥有间隙锁的事务执行 `COMMIT` 为止。', 'COMMIT'],
    ['如果 `InputStream` 的子类比较少的话，这样做是没问题的，但子类一多就不好维护了。', 'InputStream'],
  ])('%s', (sentence, term) => {
    expect(blanks(section('连接是怎么关闭的？', sentence))).not.toContain(term);
  });

  it('a demonstrative whose noun the sentence (or the title) named before it is no dangling reference', () => {
    const answers = blanks(
      section(
        '半连接队列是什么？',
        '服务端收到客户端发来的连接请求后，内核会把该连接放进 `SYN_QUEUE` 里，等待客户端的第三次握手。',
        '在半连接队列里，这个队列的长度由 `tcp_max_syn_backlog` 参数控制，队列满了以后新的 SYN 会被丢弃。',
      ),
    );
    expect(answers).toEqual(expect.arrayContaining(['SYN_QUEUE', 'tcp_max_syn_backlog']));
  });

  it('after the first clause, a demonstrative that sums up the clauses before it stays', () => {
    expect(blanks(section('Leader 崩溃会怎样？', 'Raft 集群在选举期间不能处理写请求，这个过程通常由 `electionTimeout` 参数决定长短。'))).toContain('electionTimeout');
  });
});

describe('code spans are shown as written', () => {
  it('brackets in code are no link reference: `array[i][j]` stays, while [text][ref] outside code becomes its text', () => {
    expect(cleanInline('形式一用 `array[i][j]` 访问数组元素，详见[缓存一致性][cache]。')).toBe('形式一用 `array[i][j]` 访问数组元素，详见缓存一致性。');
    expect(cleanInline('See [`useEffect`](https://react.dev) and `m[k](x)`.')).toBe('See `useEffect` and `m[k](x)`.');
  });
});

describe("no blank for a name only the note's example gives", () => {
  it('a mail or web address is no term', () => {
    const answers = blanks(section('电子邮件是怎么收发的？', '用户 `<xiaoma@qq.com>` 通过 POP3 或 IMAP 协议从 QQ 邮箱服务器读取邮件，再在客户端里显示出来。', '浏览器访问 `https://example.org/index.html` 时，会先通过 DNS 解析域名拿到服务器的地址。'));
    expect(answers.filter(a => a.includes('@') || a.includes('://'))).toEqual([]);
  });

  it("a member of a one-letter variable (`b.length`) is no term; a member of a named one is", () => {
    const answers = blanks(section('How does read(byte[] b) work?', 'If bytes are available, the call reads at most `b.length` bytes and returns how many it read into the buffer.', 'The call blocks until input is available, so a server usually wraps it with `Thread.interrupt` handling in a worker.'));
    expect(answers).not.toContain('b.length');
    expect(answers).toContain('Thread.interrupt');
  });

  it('the name of a table, column or field of an exercise is no term', () => {
    const answers = blanks(section('删除表', '**描述**：现有一张试卷作答记录表 `exam_record`，其中包含多年来的用户作答试卷记录，需要删掉其中一部分。', 'The table `OrderItems` has a non-null column `prod_id` for the product, and every order lists each of its products once.'));
    expect(answers).not.toContain('exam_record');
    expect(answers).not.toContain('prod_id');
  });
});

describe('another spelling of the same name is accepted', () => {
  it("a call's name is looked up in the glossary without its brackets: MASTER_POS_WAIT for `SOURCE_POS_WAIT()`, but no translation", () => {
    const items = kbOf(section('读写分离怎么保证读到最新数据？', '在 MySQL 8 中，从库可以调用 `SOURCE_POS_WAIT()` 函数等待自己追上主库指定的 binlog 位置，再处理读请求。', '调用 `sync()` 会把内核缓冲区里所有修改过的页写回磁盘，但并不等待写操作真正完成。'), [['SOURCE_POS_WAIT', 'MASTER_POS_WAIT'], ['sync', '同步']])
      .entries.flatMap(e => e.quiz)
      .filter((q): q is ShortItem => q.type === 'short');
    expect(items.find(q => q.accept[0] === 'SOURCE_POS_WAIT()')?.accept).toContain('MASTER_POS_WAIT');
    expect(items.find(q => q.accept[0] === 'sync()')?.accept).not.toContain('同步');
  });

  it('an array type is listed and accepted without its brackets (byte for `byte[]`): the answer shown says so', () => {
    const item = kbOf({ 'notes/string.md': '# Notes\n\n## String 为什么不可变？\n\n`String` 类被声明为 final，内部保存字符的数组也是私有且不可修改的。\n\n在 Java 9 之后，String 的实现改用 `byte[]` 数组存储字符串，节省了不少空间。\n' })
      .entries.flatMap(e => e.quiz)
      .find((q): q is ShortItem => q.type === 'short' && q.accept[0] === 'byte[]');
    expect(item).toBeDefined();
    expect(item!.accept).toContain('byte');
    expect(checkAnswer('byte', item!.accept).correct).toBe(true);
  });

  it('the TCP state SYN_RCVD is also typed SYN_RECV, as Linux tools spell it (built-in glossary)', () => {
    const dir = folder({ 'net/tcp.md': '# TCP\n\n## 三次握手的过程是怎样的？\n\n当服务端收到客户端的第一次握手后，就会回 SYN-ACK 报文给客户端，此时服务端会进入 `SYN_RCVD` 状态。\n' });
    const item = loadKnowledge(dir).entries.flatMap(e => e.quiz).find((q): q is ShortItem => q.type === 'short' && q.accept[0] === 'SYN_RCVD');
    expect(item).toBeDefined();
    expect(checkAnswer('syn_recv', item!.accept).correct).toBe(true);
  });
});

describe('giveaways and leftovers', () => {
  it('no blank whose counterpart the prompt names (park for unpark, end for start)', () => {
    const answers = blanks(section('LockSupport 怎么用？', '主线程先调用 `park` 方法阻塞自己，子线程在睡眠 5 秒后调用 `unpark` 方法唤醒主线程，使它继续执行。', '用户可以通过可选的 `start` 参数和 `end` 参数指定 BITPOS 命令要检测的字节范围。'));
    expect(answers).not.toContain('unpark');
    expect(answers).not.toContain('start');
  });

  it('no sentence with a stray quotation mark left from the text around it', () => {
    const note = (tail: string) => section('ORDER BY 是怎么执行的？', `当结果集大小在 \`sort_buffer_size\` 以内时，排序在内存中完成；超出则借助临时磁盘文件。${tail}`);
    expect(blanks(note(''))).toEqual(['sort_buffer_size']);
    expect(blanks(note('"'))).toEqual([]);
  });

  it('no name in code right after the glossary translation of its words (可重入锁 `ReentrantLock`); after another word it stays', () => {
    const note = (said: string) => section('PriorityBlockingQueue 有什么特点？', `由于要对队列中的元素排序并保证线程安全，并发控制采用的是${said} \`ReentrantLock\`，因此性能会有所降低。`);
    const glossary = [['reentrant lock', '可重入锁']];
    expect(blanks(note('独占锁'), glossary)).toEqual(['ReentrantLock']);
    expect(blanks(note('可重入锁'), glossary)).toEqual([]);
  });
});

describe("names an example made up, wherever in the file it was shown", () => {
  it('a made-up name (with an underscore or a digit) that code in another section of the file declares is no blank there', () => {
    const notes = [
      '# Loading data',
      '',
      '## Example: reading the rows',
      '',
      '```python',
      'def fetch_batch(path):',
      '    return list(csv.reader(open(path)))',
      '```',
      '',
      '## Why is the second call slow?',
      '',
      'Calling `fetch_batch` again reads the whole file from disk, because nothing keeps the rows between the calls.',
      '',
      'Wrapping the reader with `functools.lru_cache` keeps the rows of the last paths in memory for the next calls.',
      '',
    ].join('\n');
    const answers = blanks({ 'load.md': notes });
    expect(answers).not.toContain('fetch_batch');
    expect(answers).toContain('functools.lru_cache');
  });

  it('a variable numbered as examples are (allocation2), or declared in a list of a primitive type, is no blank', () => {
    const gc = section('对象是怎么分配内存的？', '给 `allocation2` 分配内存的时候 Eden 区内存几乎已经被分配完了，于是触发一次 Minor GC。', '设置了 `PretenureSizeThreshold` 之后，超过这个大小的大对象会直接进入老年代。');
    expect(blanks(gc)).toEqual(['PretenureSizeThreshold']);
  });

  it('a snake_case name ending as a column does (inserted_by, cust_name) is no blank; a setting (sync_binlog) is', () => {
    const answers = blanks(section('How does MVCC work?', 'Every row has an `inserted_by` field that holds the id of the transaction that wrote it.', 'Setting `sync_binlog` to a larger value lets the server flush the binary log less often under heavy load.'));
    expect(answers).toEqual(['sync_binlog']);
  });
});
