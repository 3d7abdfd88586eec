/**
 * What people type to the bot that is not a question for the notes: greetings, thanks and asking for
 * help (small talk), and asking to continue the last answer (follow-ups). Data, not code: a phrase is
 * matched against the whole message once it is lower-cased and stripped of punctuation, emoji and
 * a leading or trailing "bot"; a message with anything more ("tell me more about the GIL") is a question.
 */
export type SmallTalkKind = 'greeting' | 'thanks' | 'help';
export type FollowUpKind = 'more' | 'example';

export const SMALL_TALK: Readonly<Record<SmallTalkKind, readonly string[]>> = Object.freeze({
  greeting: Object.freeze([
    'hi', 'hello', 'hey', 'hiya', 'howdy', 'yo', 'hi there', 'hello there', 'hey there', 'good morning', 'good afternoon', 'good evening', 'morning', 'greetings',
    '你好', '您好', '你好呀', '你好啊', '嗨', '哈喽', '哈啰', '嗨喽', '大家好', '早', '早上好', '早安', '上午好', '中午好', '下午好', '晚上好', '在吗', '在不在', '在么',
  ]),
  thanks: Object.freeze([
    'thanks', 'thank you', 'thanks a lot', 'thank you very much', 'thanks so much', 'many thanks', 'thx', 'ty', 'tysm', 'cheers', 'great thanks', 'ok thanks', 'okay thanks', 'thanks again', 'got it thanks', 'nice thanks', 'perfect thanks',
    '谢谢', '谢谢你', '谢谢您', '多谢', '感谢', '谢了', '谢啦', '好的谢谢', '非常感谢', '太感谢了', '谢谢啦', '明白了谢谢', '懂了谢谢', '收到谢谢',
  ]),
  help: Object.freeze([
    'help', 'help me', 'what can you do', 'what do you do', 'how does this work', 'how do i use this', 'how do i use you', 'how to use', 'how to use this', 'what can i ask', 'what can i ask you', 'usage', 'commands',
    '帮助', '帮忙', '求助', '怎么用', '如何使用', '怎么使用', '使用说明', '你能做什么', '你会什么', '你会做什么', '我能问什么', '能问什么', '你是谁', '命令',
  ]),
});

export const FOLLOW_UPS: Readonly<Record<FollowUpKind, readonly string[]>> = Object.freeze({
  more: Object.freeze([
    'more', 'tell me more', 'more please', 'go on', 'continue', 'keep going', 'next', 'what else', 'anything else', 'and then', 'more details', 'details', 'elaborate', 'explain more', 'say more', 'show more', 'more info',
    '继续', '还有吗', '还有呢', '然后呢', '接着说', '继续说', '更多', '多说点', '多说一点', '详细点', '详细一点', '详细说说', '展开说说', '展开讲讲', '下一页', '再说说', '还有什么',
  ]),
  example: Object.freeze([
    'example', 'examples', 'an example', 'give me an example', 'show me an example', 'any example', 'any examples', 'for example', 'code', 'show me the code', 'code example', 'code examples', 'show code', 'sample code',
    '例子', '举个例子', '举例', '举例子', '有例子吗', '有没有例子', '示例', '代码', '代码示例', '给个例子', '看看代码', '示例代码', '举个栗子',
  ]),
});

/** The message as compared with the phrases: lower case, no punctuation, emoji or "bot", single spaces. */
export function normalizePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/<@[^>]+>/g, ' ') // a mention left in the text
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:bot|机器人)\s+|\s+(?:bot|机器人)$/u, '')
    .replace(/(?<=\p{Script=Han})(?:呀|啊|哈|哦|呢|吧|嘛)$/u, '')
    .trim();
}

const lookup = <K extends string>(table: Readonly<Record<K, readonly string[]>>): ReadonlyMap<string, K> => {
  const map = new Map<string, K>();
  for (const [kind, phrases] of Object.entries(table) as [K, readonly string[]][]) for (const p of phrases) map.set(normalizePhrase(p), kind);
  return map;
};
const SMALL_TALK_LOOKUP = lookup(SMALL_TALK);
const FOLLOW_UP_LOOKUP = lookup(FOLLOW_UPS);

/** The kind of small talk a whole message is, if it is small talk. */
export function smallTalk(text: string): SmallTalkKind | undefined {
  const key = normalizePhrase(text);
  return key === '' ? undefined : SMALL_TALK_LOOKUP.get(key);
}

/** The kind of follow-up a whole message is ("tell me more", "example?", "继续"), if it is one. */
export function followUp(text: string): FollowUpKind | undefined {
  const key = normalizePhrase(text);
  return key === '' ? undefined : FOLLOW_UP_LOOKUP.get(key);
}
