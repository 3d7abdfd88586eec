/** Words that carry no topic in a question: fillers of how people ask. Matching ignores them. */
export const STOPWORDS_EN: ReadonlySet<string> = new Set([
  // articles, determiners, quantifiers
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'some', 'any', 'all', 'each', 'every', 'both',
  'either', 'neither', 'other', 'another', 'such', 'much', 'many', 'more', 'most', 'few', 'several',
  'various', 'own', 'same',
  // pronouns
  'i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'you', 'your', 'yours', 'yourself',
  'he', 'him', 'his', 'she', 'her', 'hers', 'it', 'its', 'itself', 'they', 'them', 'their', 'theirs',
  'someone', 'something', 'anything', 'everything', 'nothing',
  // auxiliaries and modals
  'is', 'am', 'are', 'was', 'were', 'be', 'been', 'being', 'do', 'does', 'did', 'done', 'doing',
  'have', 'has', 'had', 'can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must',
  'need', 'needs', 'ought',
  // contractions and their pieces
  "what's", "it's", "i'm", "don't", "doesn't", "isn't", "aren't", "can't", "let's", "there's",
  'whats', 'dont', 'doesnt', 'isnt', 'cant', 'don', 'doesn', 'didn', 'isn', 'aren', 'wasn', 'weren',
  'won', 'wouldn', 'shouldn', 'couldn', 's', 't',
  // prepositions
  'of', 'in', 'on', 'at', 'to', 'for', 'with', 'by', 'from', 'into', 'onto', 'about', 'over',
  'under', 'up', 'down', 'out', 'off', 'during', 'before', 'after', 'above', 'below',
  'between', 'among', 'within', 'without', 'against', 'toward', 'towards', 'upon', 'via',
  'behind', 'inside',
  // conjunctions and adverbs
  'and', 'or', 'but', 'nor', 'so', 'yet', 'if', 'then', 'than', 'else', 'also', 'too', 'as',
  'because', 'since', 'though', 'although', 'unless', 'until', 'whether', 'however', 'whatever',
  'there', 'here', 'now', 'just', 'only', 'even', 'still', 'already', 'again', 'ever', 'never',
  'always', 'often', 'sometimes', 'usually', 'generally', 'typically', 'commonly', 'really',
  'actually', 'very', 'quite', 'rather', 'not', 'no', 'yes', 'etc',
  // question words
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how',
  // asking verbs and nouns
  'explain', 'explains', 'explained', 'explanation', 'describe', 'description', 'tell', 'say',
  'said', 'talk', 'discuss', 'discussion', 'introduce', 'introduction', 'overview', 'elaborate',
  'clarify', 'illustrate', 'summarize', 'summary', 'define', 'definition', 'mean', 'means',
  'meant', 'meaning', 'concept', 'concepts', 'idea', 'understand', 'understanding', 'know',
  'knowledge', 'familiar', 'learn', 'give', 'show', 'called', 'refer', 'refers', 'ask', 'asked',
  'question', 'questions', 'answer', 'answers', 'interview', 'interviews', 'please', 'thanks',
  'thank', 'hi', 'hello', 'hey', 'ok', 'okay', 'help', 'want', 'like', 'think', 'mention',
  'opinion', 'regarding', 'respect',
  // comparison fillers
  'difference', 'differences', 'different', 'differ', 'differs', 'distinguish', 'distinction',
  'compare', 'compared', 'comparison', 'contrast', 'versus', 'vs', 'similar', 'similarity',
  'similarities', 'related', 'relationship',
  // example, purpose, how it works
  'example', 'examples', 'eg', 'purpose', 'role', 'goal', 'work', 'works', 'worked',
  'use', 'uses', 'used', 'using', 'usage', 'make', 'makes', 'made', 'happen', 'happens', 'happened',
  'implement', 'implements', 'implemented', 'implementing', 'implementation', 'mechanism',
  'feature', 'features', 'characteristic', 'characteristics', 'scenario', 'scenarios',
  'situation', 'situations', 'way', 'ways', 'approach', 'approaches', 'thing', 'things', 'stuff',
  'kind', 'kinds', 'aspects', 'points', 'detail', 'details', 'detailed',
  'problem', 'problems', 'issue', 'issues', 'solve', 'solves', 'solved', 'avoid', 'reason',
  'reasons', 'cause', 'causes', 'important', 'importance', 'necessary', 'possible', 'matter',
  'matters', 'affect', 'impact',
  // evaluation fillers
  'good', 'better', 'best', 'bad', 'worse', 'pros', 'cons', 'advantage', 'advantages',
  'disadvantage', 'disadvantages', 'benefit', 'benefits', 'drawback', 'drawbacks', 'strength',
  'strengths', 'weakness', 'weaknesses', 'limitation', 'limitations', 'basic', 'basics', 'simple', 'simply', 'brief', 'briefly', 'overall',
]);

export const STOPWORDS_ZH: ReadonlySet<string> = new Set([
  // particles and single-character function words
  '的', '了', '吗', '呢', '吧', '啊', '呀', '嘛', '哦', '么', '着', '地', '得', '之',
  '是', '有', '在', '和', '与', '及', '或', '跟', '对', '把', '被', '让', '给', '从',
  '到', '为', '以', '将', '就', '都', '也', '还', '又', '才', '只', '很', '太', '最',
  '更', '请', '你', '您', '我', '他', '她', '它', '这', '那', '哪', '啥', '咋', '几', '种', '个',
  '些', '说', '谈', '讲', '聊', '问', '看', '举', '帮', '用', '能', '会', '要', '想', '做', '干', '叫', '指',
  '中', '里', '下', '时', '来', '于',
  // conjunctions
  '或者', '还是', '以及', '并且', '而且', '但是', '然后', '那么', '因为', '所以', '如果', '虽然',
  '因此', '其中', '还有',
  // pronouns and determiners
  '你们', '我们', '他们', '她们', '它们', '自己', '大家', '这个', '那个', '这些', '那些', '这种',
  '那种', '这样', '那样', '它的', '他的', '其', '该', '此', '一个', '一种', '一些', '一点', '有些',
  '某些', '所有', '几个', '各种', '东西',
  // question words
  '什么', '什么是', '什么叫', '什么时候', '怎么', '怎样', '怎么样', '怎么办', '如何', '为什么', '为何',
  '为啥', '干什么', '干嘛', '干啥', '哪些', '哪个', '哪种', '哪几种', '几种', '哪里', '哪儿',
  '多少', '是否', '能否', '可否', '是不是', '能不能', '会不会', '有没有', '可不可以', '有何',
  '有哪些', '有什么', '什么样', '怎么回事',
  // asking verbs
  '请问', '请教', '说说', '说一说', '说一下', '谈谈', '讲讲', '讲一讲', '一讲', '聊聊', '一下',
  '介绍', '解释', '描述', '阐述', '说明', '概述', '简述', '总结', '列举', '分析', '举例', '举个',
  '例子', '示例', '比如', '例如', '知道', '了解', '理解', '认识', '看法', '懂', '叫做', '称为',
  '所谓', '所谓的', '指的是', '的是', '就是', '也就是', '中的', '问到', '面试', '面试题', '问题',
  '回答', '答案', '谢谢', '你好', '帮忙', '帮我',
  // comparison fillers
  '区别', '不同', '不同点', '差别', '差异', '异同', '异同点', '同点', '相同', '相同点', '联系',
  '关系', '比较', '对比', '相比', '之间',
  // meaning, purpose, how it works
  '含义', '意思', '意义', '概念', '定义', '原理', '实现', '作用', '用途', '用法', '使用', '应用',
  '场景', '使用场景', '应用场景', '适用', '特点', '特性', '特征', '机制', '底层', '本质', '核心',
  '背后', '方式', '过程', '流程', '步骤', '情况', '处理', '解决', '避免', '注意', '影响', '导致',
  '造成', '出现', '发生', '存在', '进行', '工作', '包括', '包含', '属于', '作为', '要用', '是用', '都可以',
  // evaluation fillers
  '优点', '缺点', '优缺点', '优势', '劣势', '好处', '坏处', '好', '不好', '主要', '常见', '常用',
  '经常', '一般', '通常', '一般来说', '来说', '简单', '简要', '详细', '具体', '分别', '必要',
  '平时', '可以', '能够', '应该', '需要', '必须', '可能', '不能', '不是', '没有', '非常', '比较好',
  // time fillers ("…的时候" must not leave a stray 候 behind when 时 is cut)
  '时候', '的时候', '之后', '以后', '之前', '以前', '现在', '目前', '一直', '总是',
]);
