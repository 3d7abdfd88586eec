import { describe, expect, it } from 'vitest';
import { escapeSlack, fromSlackText, markdownToMrkdwn } from '../../../src/adapters/slack/slack-text.ts';

describe('escapeSlack', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeSlack('a & b <!channel> <@U1> "q" \'x\'')).toBe('a &amp; b &lt;!channel&gt; &lt;@U1&gt; "q" \'x\'');
  });
});

describe('fromSlackText', () => {
  it('removes the bot mention and decodes entities', () => {
    expect(fromSlackText('<@UBOT> 什么是GIL', 'UBOT')).toBe('什么是GIL');
    expect(fromSlackText('<@UBOT> is 1 &lt; 2 &amp;&amp; 3 &gt; 2?', 'UBOT')).toBe('is 1 < 2 && 3 > 2?');
  });

  it('turns mentions, channels, special mentions and links into plain words', () => {
    expect(fromSlackText('<!channel> <!here> <@U123> <@U9|bob> <#C1|general> <!subteam^S1|@team> <https://x.test/a?b=1&amp;c=2|docs> <mailto:a@b.c>', 'UBOT')).toBe(
      '@channel @here @U123 @bob #general @team docs mailto:a@b.c',
    );
  });
});

describe('markdownToMrkdwn', () => {
  it('converts bold, italic, strike, headings, lists and links', () => {
    const md = '# Title\n\n**bold** and *it* and ~~gone~~\n\n- one\n* two\n\n[docs](https://example.com/a?b=1&c=2) https://example.com/x.';
    expect(markdownToMrkdwn(md)).toBe(
      '*Title*\n\n*bold* and _it_ and ~gone~\n\n• one\n• two\n\n<https://example.com/a?b=1&amp;c=2|docs> <https://example.com/x>.',
    );
  });

  it('keeps code as code, escaped, and drops the fence language', () => {
    const md = 'Use `a<b && **c**`:\n\n```python\nif a < b and c > d:\n    print("**not bold**")\n```';
    expect(markdownToMrkdwn(md)).toBe('Use `a&lt;b &amp;&amp; **c**`:\n\n```\nif a &lt; b and c &gt; d:\n    print("**not bold**")\n```');
  });

  it('escapes anything that could ping or link, and leaves arithmetic alone', () => {
    const out = markdownToMrkdwn('answers "<!channel> <@U1> <!subteam^S1>" and 2 * 3 * 4');
    expect(out).not.toMatch(/<[!@#]/);
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('2 * 3 * 4');
  });

  it('shows Markdown backslash escapes as the character itself', () => {
    expect(markdownToMrkdwn('a\\_b \\*c\\* \\<x\\>')).toBe('a_b *c* &lt;x&gt;');
  });

  it('renders a table as a code block and a quote as a quote', () => {
    expect(markdownToMrkdwn('| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted')).toBe('```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n&gt; quoted');
  });
});
