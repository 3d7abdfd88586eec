import { describe, expect, it } from 'vitest';
import type { UserErrorCode } from '../../src/core/errors.ts';
import { LANGS } from '../../src/core/language.ts';
import { MESSAGE_KEYS, t, type MessageKey } from '../../src/core/messages.ts';

/**
 * The catalogue of every user-facing string: each message exists in both languages, takes the same
 * placeholders in both, and renders with sample values into text with no placeholder left. The
 * sentences the first hour of a new team tripped over are kept right by name.
 */

/** A sample value for each placeholder name (a number where the sentence counts). */
function sample(name: string): string | number {
  const numbers = /^(count|max|min|seconds|minutes|limit|n|total|part|parts|points|rank|due|correct|answered|wins|remaining|asked|score|number|entries)$/;
  return numbers.test(name) ? 2 : `«${name}»`;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]!).sort();

/** The raw template of `key` in `lang`: rendered with each placeholder given back as itself. */
function template(key: string, lang: 'en' | 'zh'): string {
  const names = new Proxy({}, { has: () => true, get: (_t, name) => `{${String(name)}}` }) as Record<string, string>;
  return t(lang, key as MessageKey, names);
}

describe('the message catalogue', () => {
  it('has every message in both languages, with the same placeholders, rendering with none left', () => {
    expect(MESSAGE_KEYS.length).toBeGreaterThan(80);
    for (const key of MESSAGE_KEYS) {
      const en = template(key, 'en');
      const zh = template(key, 'zh');
      expect(en.trim(), `${key} (en)`).not.toBe('');
      expect(zh.trim(), `${key} (zh)`).not.toBe('');
      expect(new Set(placeholders(zh)), key).toEqual(new Set(placeholders(en)));
      const params = Object.fromEntries(placeholders(en).map(name => [name, sample(name)]));
      for (const lang of LANGS) {
        const text = t(lang, key as MessageKey, params);
        expect(text, `${key} (${lang})`).not.toMatch(/\{\w+\}/);
        // English text is English; Chinese text is Chinese (a sample value adds no Han character).
        if (lang === 'en') expect(text, key).not.toMatch(/\p{Script=Han}/u);
        else if (/[A-Za-z]{4,}/.test(template(key, 'en').replace(/\{\w+\}/g, ''))) expect(text, key).toMatch(/\p{Script=Han}/u);
      }
    }
  });

  it('has a message for every UserError code', () => {
    const codes: UserErrorCode[] = ['question-empty', 'question-too-long', 'unknown-command', 'bad-arguments', 'not-allowed', 'no-active-quiz', 'quiz-already-running', 'no-quiz-items', 'unknown-topic', 'bad-time', 'bad-timezone', 'daily-not-set', 'nothing-to-post', 'rate-limited', 'quiz-rate-limited', 'channel-post-rate-limited', 'unknown-entry', 'expired', 'quiz-stop-not-allowed'];
    for (const code of codes) expect(MESSAGE_KEYS).toContain(`error.${code}`);
  });

  it('reads as a person would write it when the person is "you" (the console chat)', () => {
    // "/quiz me" is private: the record is "yours", never "you's".
    expect(t('en', 'quiz.me-title')).toBe('Your quiz record');
    expect(placeholders(template('quiz.me-title', 'en'))).toEqual([]);
    const review = t('en', 'quiz.review-started', { questions: '5 questions', topic: '', seconds: 30, due: 2, user: 'you' });
    expect(review).toBe('Review started: 5 questions, 30 s each. First up: 2 for you to review (missed before or due now).');
    expect(review).not.toMatch(/you (is|missed or is)/);
    // A chosen entry's source line has no empty confidence.
    expect(t('en', 'answer.footer-chosen', { file: 'a.md', heading: 'H' })).toBe('Source: a.md · H');
  });
});
