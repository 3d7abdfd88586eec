import type { Lang } from './language.ts';
import type { UserErrorCode } from './errors.ts';

/**
 * Every user-facing string, in Chinese and English. Templates use `{name}` placeholders.
 * Keep keys grouped by feature; adapters and commands never hard-code a sentence.
 */
const CATALOG = {
  // --- errors (one per UserErrorCode) ---
  'error.question-empty': { zh: '请输入一个问题，例如：什么是 GIL？', en: 'Please type a question, e.g. "What is the GIL?"' },
  'error.question-too-long': { zh: '问题太长了（最多 {max} 个字符），请精简后再问。', en: 'That question is too long (at most {max} characters). Please shorten it.' },
  'error.unknown-command': { zh: '没有这个命令：{name}。输入 /help 查看可用命令。', en: 'There is no command {name}. Type /help to see the commands.' },
  'error.bad-arguments': { zh: '参数不对：{detail}\n用法：{usage}', en: 'Those arguments do not fit: {detail}\nUsage: {usage}' },
  'error.not-allowed': { zh: '只有拥有“管理服务器/工作区管理员”权限的人才能这样做。', en: 'Only people who can manage this server/workspace can do that.' },
  'error.no-active-quiz': { zh: '这个频道现在没有进行中的测验。用 /quiz 开始一个。', en: 'There is no quiz running in this channel. Start one with /quiz.' },
  'error.quiz-already-running': { zh: '这个频道已经有一个测验在进行了；用 /quiz stop 结束它。', en: 'A quiz is already running in this channel; end it with /quiz stop.' },
  'error.no-quiz-items': { zh: '没有可用的测验题{topic}。', en: 'There are no quiz questions{topic}.' },
  'error.unknown-topic': { zh: '没有这个主题：{topic}。可选：{topics}', en: 'Unknown topic: {topic}. Choose from: {topics}' },
  'error.bad-time': { zh: '时间格式应为 HH:MM（24 小时制），例如 09:30。', en: 'The time must be HH:MM (24-hour), e.g. 09:30.' },
  'error.bad-timezone': { zh: '不认识这个时区：{zone}。请使用 IANA 时区名，例如 Asia/Shanghai。', en: 'Unknown time zone: {zone}. Use an IANA name such as America/New_York.' },
  'error.daily-not-set': { zh: '这个频道还没有设置每日一题。用 /daily set HH:MM 设置。', en: 'No daily question is set for this channel. Set one with /daily set HH:MM.' },
  'error.nothing-to-post': { zh: '知识库里没有可以发布的题目{topic}。', en: 'The knowledge base has nothing to post{topic}.' },
  'error.rate-limited': { zh: '你问得太快了，请稍等 {seconds} 秒再问。', en: 'You are asking faster than I can keep up; please wait {seconds} s.' },
  'error.quiz-rate-limited': {
    zh: '这个频道一小时内已经开过 {limit} 个测验了，歇一会儿吧：{minutes} 分钟后可以再开。',
    en: 'This channel has had {limit} quizzes in the last hour; take a breather: the next one can start in {minutes} min.',
  },
  'error.channel-post-rate-limited': {
    zh: '这个频道一小时内的测验和加题已经有 {limit} 次了：{minutes} 分钟后可以再加一道题。',
    en: 'This channel has had {limit} quizzes and extra questions in the last hour; the next extra question can come in {minutes} min.',
  },
  'error.unknown-entry': { zh: '找不到这条内容了（知识库可能已更新）。', en: 'That entry no longer exists (the knowledge may have been updated).' },
  'error.expired': { zh: '这个选项已经过期了。', en: 'That choice has expired.' },
  'error.state-busy': { zh: '数据暂时被占用（另一个程序正在写入），请几秒后再试。', en: 'My saved data is busy just now (another program is writing to it); please try again in a few seconds.' },
  'error.state-unavailable': { zh: '暂时连不上保存数据的数据库，我正在重连，请稍后再试。', en: "I can't reach my database just now; I'm reconnecting, please try again in a little while." },
  'error.rights-unknown': { zh: '暂时无法确认你是否是管理员（平台查询失败），所以没有做这项更改。请稍后再试。', en: 'I could not check whether you are an admin just now (the platform lookup failed), so I did not make that change. Please try again in a moment.' },
  'error.internal': { zh: '抱歉，出了点问题，已经记录下来了。请稍后再试。', en: 'Sorry, something went wrong on my side; it has been logged. Please try again later.' },

  // --- answering ---
  'answer.footer': { zh: '来源：{file} · {heading} · 置信度 {score}', en: 'Source: {file} · {heading} · confidence {score}' },
  'answer.footer-chosen': { zh: '来源：{file} · {heading}', en: 'Source: {file} · {heading}' },
  'answer.show-more': { zh: '显示更多', en: 'Show more' },
  'answer.part': { zh: '（续 {part}/{parts}）', en: '(continued {part}/{parts})' },
  'answer.helpful': { zh: '👍 有帮助', en: '👍 Helpful' },
  'answer.not-helpful': { zh: '👎 没帮助', en: '👎 Not helpful' },
  'answer.feedback-thanks': { zh: '谢谢反馈！', en: 'Thanks for the feedback!' },
  'suggest.title': { zh: '你是不是想问：', en: 'Did you mean:' },
  'suggest.pick-hint': { zh: '点一个按钮（或在控制台输入序号）查看答案。', en: 'Pick one (or type its number in the console) to see the answer.' },
  'decline.body': { zh: '抱歉，我的笔记里没有能回答“{query}”的内容。输入 /topics 看看我能回答哪些主题。', en: 'Sorry, my notes have nothing that answers "{query}". Type /topics to see what I can answer.' },

  // --- help and topics ---
  'help.title': { zh: '面试助手：命令一览', en: 'Interview bot: commands' },
  'help.intro': { zh: '直接问我面试题（中文或英文），或者使用这些命令：', en: 'Ask me an interview question (English or Chinese), or use these commands:' },
  'topics.title': { zh: '我能回答的主题', en: 'Topics I can answer' },
  'topics.line': { zh: '**{topic}**（{count} 条）：{examples}', en: '**{topic}** ({count} entries): {examples}' },
  'topics.untagged': { zh: '其他', en: 'other' },

  // --- console ---
  'console.welcome': { zh: '面试助手已就绪（{count} 条知识）。输入问题，或 /help 查看命令，/quit 退出。', en: 'Interview bot ready ({count} entries). Type a question, /help for commands, /quit to leave.' },
  'console.bye': { zh: '再见，面试顺利！', en: 'Bye, and good luck with the interview!' },
  'console.help': {
    zh: '在这个控制台里还可以：\n• 输入序号（1、2、3）选择“你是不是想问”里的一项\n• 答完后说“继续”“还有吗”“举个例子”接着看这个答案\n• /good 或 /bad 评价上一个答案\n• 测验中输入字母（A–D）作答\n• /quit 退出',
    en: 'In this console you can also:\n• type a number (1, 2, 3) to pick a "did you mean" suggestion\n• after an answer, say "tell me more" or "example?" to continue it\n• /good or /bad to rate the last answer\n• in a quiz, type a letter (A–D) to answer\n• /quit to leave',
  },
  'console.nothing-to-rate': { zh: '还没有可以评价的答案：先问一个问题，再用 /good 或 /bad。', en: 'There is no answer to rate yet: ask a question first, then /good or /bad.' },

  // --- conversation: small talk and follow-ups ---
  'smalltalk.greeting': { zh: '你好！直接问我面试题就行（中文或英文），比如“什么是 GIL？”。输入 /topics 看看我的笔记有哪些主题。', en: 'Hi! Ask me an interview question, in English or Chinese, such as "What is the GIL?". Type /topics to see what my notes cover.' },
  'smalltalk.thanks': { zh: '不客气！还有问题随时问我。', en: 'You are welcome! Ask me anything else whenever you like.' },
  'smalltalk.help': {
    zh: '用自己的话问我面试题就行，比如“什么是 GIL？”或“what is a decorator”。答完后说“继续”或“举个例子”可以接着看。输入 /help 查看命令，/topics 查看主题。',
    en: 'Ask me an interview question in your own words, in English or Chinese, such as "What is the GIL?". After an answer, "tell me more" or "example?" continues it. Type /help for the commands and /topics for what my notes cover.',
  },
  'conversation.nothing-to-pick': { zh: '现在没有可以选的选项。请直接输入你的问题。', en: 'There is nothing to pick right now. Type your question instead.' },
  'conversation.no-such-choice': { zh: '没有第 {n} 项：请选 1 到 {count} 之间的序号。', en: 'There is no suggestion {n}: pick a number from 1 to {count}.' },
  'conversation.nothing-to-continue': { zh: '还没有可以接着讲的答案：先问一个问题吧，然后说“继续”或“举个例子”。', en: 'There is no answer to continue yet: ask a question first, then say "tell me more" or "example?".' },
  'conversation.examples-title': { zh: '{title}：代码示例', en: '{title}: code examples' },
  'conversation.no-examples': { zh: '关于“{title}”的笔记里没有代码示例。', en: 'My note on "{title}" has no code example.' },
  'conversation.no-more': { zh: '关于“{title}”，我的笔记就这么多了。输入 /topics 看看其他主题。', en: 'That is all my notes say about "{title}". Type /topics to see other topics.' },
  'conversation.related-title': { zh: '关于“{title}”就这些了。相关的内容：', en: 'That is all on "{title}". Related entries:' },
  'conversation.related-title-short': { zh: '相关的内容：', en: 'Related entries:' },

  // --- daily ---
  'daily.post-title': { zh: '📅 每日一题', en: '📅 Question of the day' },
  'daily.show-answer': { zh: '显示答案', en: 'Show answer' },
  'daily.reveal-next': { zh: '答案会和下一道每日一题一起公布；选“显示答案”可以先看（只有你能看到）。', en: 'The answer comes with the next daily question; choose "Show answer" to see it now (only you will see it).' },
  'daily.reveal-later': { zh: '答案将于 {time} 公布；选“显示答案”可以先看（只有你能看到）。', en: 'The answer will be posted at {time}; choose "Show answer" to see it now (only you will see it).' },
  'daily.reveal-button': { zh: '选“显示答案”查看答案（只有你能看到）。', en: 'Choose "Show answer" to see the answer (only you will see it).' },
  'daily.answer-title': { zh: '✅ {day} 每日一题的答案', en: '✅ Answer to the question of {day}' },
  'daily.answer-private-title': { zh: '✅ 答案', en: '✅ Answer' },
  'daily.topic-suffix': { zh: '（主题：{topic}）', en: ' (topic: {topic})' },
  'daily.set': { zh: '已设置：每天 {time}（{zone}）在这个频道发布一道题{topic}。下一次：{next}。', en: 'Done: one question a day in this channel at {time} ({zone}){topic}. Next: {next}.' },
  'daily.off': { zh: '已关闭这个频道的每日一题。', en: 'The daily question is now off for this channel.' },
  'daily.status': { zh: '每日一题：每天 {time}（{zone}）{topic}。\n下一次发布：{next}。\n本轮还剩 {remaining}/{total} 道题，之后重新洗牌。', en: 'Daily question: every day at {time} ({zone}){topic}.\nNext post: {next}.\n{remaining} of {total} questions left before the rotation repeats.' },

  // --- quiz ---
  'error.quiz-stop-not-allowed': { zh: '只有发起测验的人或能管理这个服务器/工作区的人才能结束它。', en: 'Only the person who started the quiz, or someone who can manage this server/workspace, can stop it.' },
  'quiz.count-one': { zh: '1 道题', en: '1 question' },
  'quiz.count-many': { zh: '{count} 道题', en: '{count} questions' },
  'quiz.started': { zh: '测验开始：{questions}{topic}，每题 {seconds} 秒。选择题选一个字母作答（只算第一次），其他题直接输入答案。', en: 'Quiz started: {questions}{topic}, {seconds} s each. Pick a letter for multiple choice (your first pick counts); type your answer for the others.' },
  'quiz.review-started-none-due': { zh: '复习开始：{questions}{topic}，每题 {seconds} 秒。{user} 目前没有到期的题，先练新题。', en: 'Review started: {questions}{topic}, {seconds} s each. Nothing is due for {user} yet, so these are new questions.' },
  'quiz.review-started': { zh: '复习开始：{questions}{topic}，每题 {seconds} 秒；{user} 答错过或到期的 {due} 道排在前面。', en: 'Review started: {questions}{topic}, {seconds} s each. First up: {due} for {user} to review (missed before or due now).' },
  'quiz.topic-suffix': { zh: '（主题：{topic}）', en: ' on {topic}' },
  'quiz.question-title': { zh: '第 {n}/{total} 题', en: 'Question {n}/{total}' },
  'quiz.footer-choice': { zh: '⏱ {seconds} 秒 · {points} 分 · 选一个字母作答，只算第一次', en: '⏱ {seconds} s · {points} points · pick a letter; your first pick counts' },
  'quiz.footer-short': { zh: '⏱ {seconds} 秒 · {points} 分 · 直接输入答案', en: '⏱ {seconds} s · {points} points · type your answer' },
  'quiz.hint-title': { zh: '💡 提示（第 {n}/{total} 题）', en: '💡 Hint (question {n}/{total})' },
  'quiz.hint-short': { zh: '答案的样子：{mask}', en: 'The answer looks like: {mask}' },
  'quiz.hint-choice': { zh: '不是 {a}，也不是 {b}。', en: 'It is neither {a} nor {b}.' },
  'quiz.hint-footer': { zh: '现在答对得 {points} 分，还剩 {seconds} 秒', en: 'Now worth {points} points · {seconds} s left' },
  'quiz.reveal-title': { zh: '第 {n}/{total} 题的答案', en: 'Answer to question {n}/{total}' },
  'quiz.correct': { zh: '✅ {user} 答对了！+{points} 分', en: '✅ {user} got it! +{points} points' },
  'quiz.correct-fuzzy': { zh: '✅ {user} 答对了（“{given}”算作正确）！+{points} 分', en: '✅ {user} got it ("{given}" counts)! +{points} points' },
  'quiz.timeout': { zh: '⏰ 时间到，没有人答对。', en: "⏰ Time's up: nobody got it." },
  'quiz.answer': { zh: '答案：**{answer}**', en: 'Answer: **{answer}**' },
  'quiz.summary-title': { zh: '🏁 测验结束', en: '🏁 Quiz over' },
  'quiz.summary-line': { zh: '{rank}. {user}：{points} 分', en: '{rank}. {user}: {points} points' },
  'quiz.summary-winners': { zh: '🏆 冠军：{users}', en: '🏆 Winner: {users}' },
  'quiz.summary-none': { zh: '这次没有人得分。', en: 'Nobody scored this time.' },
  'quiz.summary-asked': { zh: '共 {asked}。用 /quiz scores 查看排行榜，/quiz review 复习答错的题。', en: '{asked} asked. See the leaderboard with /quiz scores; go over your misses with /quiz review.' },
  'quiz.ended-stopped': { zh: '测验被 {user} 结束了。', en: 'Stopped by {user}.' },
  'quiz.ended-silence': { zh: '连续 {count} 道题没有人作答，测验自动结束。', en: 'Stopped: nobody answered {count} questions in a row.' },
  'quiz.stopped': { zh: '测验已结束。', en: 'The quiz is stopped.' },
  'quiz.ack-recorded': { zh: '已记录你的答案：{choice}。等揭晓吧！', en: 'Your answer {choice} is recorded. Wait for the reveal!' },
  'quiz.ack-correct': { zh: '🎉 答对了！+{points} 分', en: '🎉 Correct! +{points} points' },
  'quiz.ack-already': { zh: '这道题你已经答过了（只算第一次）。', en: 'You already answered this question (only your first answer counts).' },
  'quiz.ack-closed': { zh: '这道题已经结束了。', en: 'This question is closed.' },
  'quiz.ack-relayed': { zh: '收到你的答案了，等揭晓吧！（只算第一次）', en: 'Got your answer; wait for the reveal! (Only your first answer counts.)' },
  'quiz.wrong': { zh: '❌ 不对，再想想。', en: '❌ Not it; try again.' },
  'quiz.pick-a-letter': { zh: '这是选择题：输入字母 A、B、C 或 D 作答（也可以输入选项的原文）。', en: 'This is multiple choice: type A, B, C or D (or the text of an option) to answer.' },
  'quiz.solo-missed': { zh: '❌ 这题没答对。', en: '❌ Not this one.' },
  'quiz.scores-title': { zh: '🏆 测验排行榜', en: '🏆 Quiz leaderboard' },
  'quiz.scores-line': { zh: '{rank}. {user}：{points} 分（答对 {wins} 题）', en: '{rank}. {user}: {points} points ({wins} won)' },
  'quiz.scores-empty': { zh: '这里还没有人得分。用 /quiz 开始一个测验吧。', en: 'No quiz scores here yet. Start a quiz with /quiz.' },
  'quiz.me-title': { zh: '你的测验记录', en: 'Your quiz record' },
  'quiz.me-line': { zh: '**{topic}**：答对 {correct}/{answered}，{points} 分', en: '**{topic}**: {correct}/{answered} right, {points} points' },
  'quiz.me-total': { zh: '合计：答对 {correct}/{answered}，{points} 分。', en: 'Total: {correct}/{answered} right, {points} points.' },
  'quiz.me-review': { zh: '有 {due} 道题该复习了：/quiz review', en: '{due} to review now: /quiz review' },
  'quiz.me-empty': { zh: '你还没有答过测验题。用 /quiz 开始一个吧。', en: 'You have not answered any quiz questions yet. Start one with /quiz.' },
  'quiz.bad-questions': { zh: '题目数量应在 1 到 {max} 之间', en: 'the number of questions must be between 1 and {max}' },
  'quiz.bad-seconds': { zh: '每题时间应在 {min} 到 {max} 秒之间', en: 'the time per question must be between {min} and {max} seconds' },
  // --- quiz items generated from plain notes ---
  'quizgen.which-question': { zh: '这段话回答的是哪个问题？\n\n> {excerpt}', en: 'Which question does this answer?\n\n> {excerpt}' },
  'quizgen.which-answer': { zh: '哪个回答对应这个问题？\n\n**{title}**', en: 'Which answer fits this question?\n\n**{title}**' },
  'quizgen.name-term': { zh: '说出这个术语（输入它，{shape}）：\n\n> {sentence}', en: 'Name the term (type it, {shape}):\n\n> {sentence}' },
  'quizgen.name-term-in': { zh: '说出这个术语（输入它，{shape}）——出自《{context}》：\n\n> {sentence}', en: 'Name the term (type it, {shape}), from {context}:\n\n> {sentence}' },
  'quizgen.fill-term-in': { zh: '填空（输入缺少的术语，{shape}）——出自《{context}》的“{title}”：\n\n> {sentence}', en: 'Fill in the blank (type the missing term, {shape}), from "{title}" in {context}:\n\n> {sentence}' },
  'quizgen.fill-term': { zh: '填空（输入缺少的术语，{shape}）——出自“{title}”：\n\n> {sentence}', en: 'Fill in the blank (type the missing term, {shape}), from "{title}":\n\n> {sentence}' },
  'quizgen.shape-chars': { zh: '{n} 个字符', en: '{n} characters' },
  'quizgen.shape-han': { zh: '{n} 个字', en: '{n} Chinese characters' },
  'quizgen.shape-words': { zh: '{w} 个词，连空格 {n} 个字符', en: '{w} words, {n} characters with the spaces' },
  'daily.show-whole': { zh: '查看完整答案', en: 'Show the whole answer' },
  // --- discord ---
  'discord.quiz-mention-hint': { zh: '作答方式：“@{bot} 你的答案”', en: 'answer as "@{bot} your answer"' },
} as const satisfies Record<string, Readonly<Record<Lang, string>>>;

export type MessageKey = keyof typeof CATALOG | `error.${UserErrorCode}`;

/** The catalog's text for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const entry = (CATALOG as Record<string, Readonly<Record<Lang, string>>>)[key];
  if (entry === undefined) throw new Error(`no message for key ${key}`);
  return entry[lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** All message keys, so a test can check that each exists in both languages and every error code has one. */
export const MESSAGE_KEYS: readonly string[] = Object.freeze(Object.keys(CATALOG));
