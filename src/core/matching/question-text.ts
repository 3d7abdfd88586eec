/**
 * A chat message reduced to its question: platform mentions (`<@U123>`, `<@!123>`, `<@&role>`,
 * `<#C1|general>`, `<!here>`, `@everyone`, a leading `@bot`), links (Slack's `<url|label>` and
 * Markdown's `[label](url)` keep their label), custom emoji and `:shortcodes:`, and conversational
 * filler phrases ("can you explain", "like I'm five", 通俗地讲) are taken out; what is left is
 * matched. Markup inside words (`code`, **bold**) is left to the analyzer. `fillerPhrases` are in lower
 * case (the Matcher lower-cases them once: every title, alias and question is cleaned with them).
 */
export function cleanQuestion(text: string, fillerPhrases: readonly string[]): string {
  let out = text
    .replace(/<(https?:\/\/[^>|]+)\|([^>]*)>/g, ' $2 ')
    .replace(/<https?:\/\/[^>]*>/g, ' ')
    .replace(/<(?:@[!&]?|#|!)[^>\s]*>/g, ' ')
    .replace(/<a?:[\w~]+:\d+>/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|\s)@(?:everyone|here|channel)\b/gi, ' ')
    .replace(/^\s*@[\w.-]+[,:]?\s+/, ' ')
    .replace(/(^|\s):[a-z0-9_+-]+:(?=\s|$)/gi, ' ');
  // Lower-cased once, again only after a phrase was taken out (most questions hold none of them).
  let lower = out.toLowerCase();
  for (const phrase of fillerPhrases) {
    if (!lower.includes(phrase)) continue;
    out = replaceAllCaseless(out, phrase);
    lower = out.toLowerCase();
  }
  return out.replace(/\s+/g, ' ').trim();
}

function replaceAllCaseless(text: string, phrase: string): string {
  const lower = text.toLowerCase();
  const p = phrase.toLowerCase();
  let at = lower.indexOf(p);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += text.slice(from, at) + ' ';
    from = at + p.length;
    at = lower.indexOf(p, from);
  }
  return out + text.slice(from);
}
