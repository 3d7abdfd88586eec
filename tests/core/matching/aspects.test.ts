import { describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../../src/core/knowledge/entry.ts';
import { loadKnowledge } from '../../../src/core/knowledge/loader.ts';
import { detectLang } from '../../../src/core/language.ts';
import { AspectReader } from '../../../src/core/matching/aspects.ts';
import { BUILTIN_GLOSSARY } from '../../../src/core/matching/glossary-data.ts';
import { parseAspects } from '../../../src/core/matching/lexicon.ts';
import type { MatchOptions } from '../../../src/core/matching/match-options.ts';
import { Matcher } from '../../../src/core/matching/matcher.ts';
import { ASPECT_PHRASES, STOPWORDS_EN, STOPWORDS_ZH } from '../../../src/core/matching/stopwords.ts';
import { useFolders } from '../../support/core-harness.ts';

const folder = useFolders('interview-bot-aspects-');

function matcherOf(kb: KnowledgeBase, options: Partial<MatchOptions> = {}): Matcher {
  expect(kb.issues).toEqual([]);
  return new Matcher({ entries: kb.entries, glossary: [...BUILTIN_GLOSSARY, ...kb.glossary], stopwordsEn: STOPWORDS_EN, stopwordsZh: STOPWORDS_ZH, options });
}

const best = (m: Matcher, q: string) => m.rank(q, 1)[0]?.entry.id;

describe('aspects: what a question asks about its subject', () => {
  const reader = new AspectReader({ phrases: ASPECT_PHRASES });
  const names = [...ASPECT_PHRASES.keys()];
  const bits = (text: string) => names.filter((_, i) => reader.read(text) & (1 << i));

  it('reads the aspect of English and Chinese questions and headings', () => {
    expect(bits('What is a closure in Go?')).toEqual(['define']);
    expect(bits('为什么会有闭包')).toEqual(['reason']);
    expect(bits('什么是闭包')).toEqual(['define']);
    expect(bits('Disadvantage(s): reverse proxy')).toEqual(['evaluate']);
    expect(bits('When do you use the Sidecar Container Pattern?')).toEqual(['when']);
    expect(bits('yield from 有什么用')).toEqual(['define']);
    expect(bits('索引的底层原理')).toEqual(['internals']);
    expect(bits('cache aside pattern')).toEqual([]);
    // A heading that counts its kinds ("三种方式") answers "有哪几种方式".
    expect(bits('创建索引的三种方式')).toEqual(['kinds']);
    expect(bits('创建索引有哪几种方式？')).toEqual(['kinds']);
  });

  it('reads "what is the difference" and "原理是什么" as the aspect they frame, not as a definition', () => {
    expect(bits('What is the difference between ClusterIP, NodePort and LoadBalancer?')).toEqual(['compare']);
    expect(bits('What are the advantages of Vue?')).toEqual(['evaluate']);
    expect(bits('索引的原理是什么')).toEqual(['internals']);
    expect(bits('MVCC 是什么？')).toEqual(['define']);
  });

  it('matches English phrases as whole words only', () => {
    // "show" holds "how", "whenever" holds "when", "advantageous" is no "advantage": none is an aspect.
    expect(bits('show whenever advantageous')).toEqual([]);
    expect(bits('How come?')).toEqual(expect.arrayContaining(['reason', 'how']));
  });

  it('lowers only a heading that answers other aspects than the one asked', () => {
    const define = reader.defineBit;
    const reason = reader.read('why');
    expect(reader.factor(define, define, 0.1)).toBe(1);
    expect(reader.factor(define, 0, 0.1)).toBe(1);
    expect(reader.factor(define, reason, 0.1)).toBeCloseTo(0.9);
    expect(reader.factor(define | reason, reason, 0.1)).toBe(1);
    // A bare subject asks no aspect: every heading stays as it is.
    expect(reader.factor(0, reason, 0.1)).toBe(1);
    // A heading naming a bare subject ("Kubernetes Namespace") answers what it is: not "why use namespaces".
    expect(reader.factor(reason, 0, 0.1)).toBeCloseTo(0.9);
    expect(reader.factor(define, 0, 0.1)).toBe(1);
  });

  it('reads the aspect file format: a line per aspect, lines may repeat one', () => {
    const parsed = parseAspects('# c\nreason: why, How come\nreason: 为什么\n\ndefine: what is\n');
    expect([...parsed]).toEqual([
      ['reason', ['why', 'how come', '为什么']],
      ['define', ['what is']],
    ]);
    expect(() => parseAspects('why, how come\n')).toThrow(/aspect/);
  });

  it('ranks the heading that answers what was asked above a sibling on the same subject', () => {
    const notes = {
      'go.md':
        '## 为什么会有闭包\n\n闭包让函数带着它定义时的变量走，回调和延迟计算都需要它。\n\n' +
        '## 什么是闭包\n\n闭包是引用了外部函数变量的函数值，变量随闭包一直存活。\n\n' +
        '## Goroutine\n\nA goroutine is a lightweight thread managed by the Go runtime.\n',
    };
    const kb = loadKnowledge(folder(notes));
    const m = matcherOf(kb);
    expect(best(m, 'What is a closure?')).toBe('go#什么是闭包');
    expect(best(m, 'why do closures exist')).toBe('go#为什么会有闭包');
    expect(m.match('What is a closure?', detectLang('What is a closure?')).answer?.id).toBe('go#什么是闭包');
    // Without the aspect the two headings are the same subject to the matcher, and the shorter title wins.
    expect(best(matcherOf(kb, { aspectMismatch: 0 }), 'why do closures exist')).toBe('go#什么是闭包');
  });

  // The problem a thing solves is what it is for: "what problem does ARP solve" asks what
  // "ARP 协议解决了什么问题" answers, not how ARP works.
  it('reads the problem a thing solves as what it is for', () => {
    expect(bits('What problem does the ARP protocol solve?')).toEqual(['define']);
    expect(bits('ARP 协议解决了什么问题？')).toEqual(['define']);
    const notes = {
      'net.md':
        '## ARP 协议的工作原理？\n\n主机广播 ARP 请求询问某个 IP 的 MAC 地址，目标主机单播回复，结果写入 ARP 缓存。\n\n' +
        '## ARP 协议解决了什么问题？\n\nARP 协议把网络层的 IP 地址翻译成链路层的 MAC 地址，帧才能在局域网里送到下一跳。\n\n' +
        '## DNS 的解析过程\n\n浏览器先查本地缓存，再问递归解析器，解析器从根服务器一路查到权威服务器。\n',
    };
    const m = matcherOf(loadKnowledge(folder(notes)));
    expect(best(m, 'What problem does the ARP protocol solve?')).toBe('net#arp-协议解决了什么问题');
  });

  it('takes a heading that names a bare subject as its definition', () => {
    const notes = {
      'proxy.md':
        '## Reverse proxy (web server)\n\nA reverse proxy is a web server that centralises internal services and gives the public one interface.\n\n' +
        '## Disadvantage(s): reverse proxy\n\nIntroducing a reverse proxy adds complexity and can be a single point of failure.\n\n' +
        '## Load balancer\n\nA load balancer spreads requests over servers.\n',
    };
    const kb = loadKnowledge(folder(notes));
    expect(best(matcherOf(kb), 'What is a reverse proxy?')).toBe('proxy#reverse-proxy-web-server');
    expect(best(matcherOf(kb), 'drawbacks of a reverse proxy')).toBe('proxy#disadvantage-s-reverse-proxy');
    expect(best(matcherOf(kb, { aspectMismatch: 0 }), 'What is a reverse proxy?')).toBe('proxy#disadvantage-s-reverse-proxy');
  });

  it('takes a heading that names a bare subject as what it is, not as why to use it', () => {
    const notes = {
      'k8s.md':
        '## Namespaces\n\nA namespace is a virtual cluster inside a Kubernetes cluster: names are unique within it.\n\n' +
        '## Why use namespaces in a cluster?\n\nTo give teams their own space, with quotas and access rules, in one cluster.\n\n' +
        '## What is a pod?\n\nThe smallest unit Kubernetes schedules: one or more containers sharing a network.\n',
    };
    const kb = loadKnowledge(folder(notes));
    expect(best(matcherOf(kb), 'why do we need namespaces')).toBe('k8s#why-use-namespaces-in-a-cluster');
    expect(best(matcherOf(kb), 'what are namespaces')).toBe('k8s#namespaces');
  });
});
