import { describe, expect, it } from 'vitest';
import type { ShortItem } from '../../../../src/core/knowledge/entry.ts';
import { cleanInline } from '../../../../src/core/quiz/generate/text.ts';
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
