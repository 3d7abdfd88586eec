/** The languages the bot speaks. Notes may be in others; replies fall back to what an entry has. */
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = Object.freeze(['zh', 'en']);

/** A text in one or more languages; a plain string is the same in every language. */
export type Localized = string | Readonly<Partial<Record<Lang, string>>>;

const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}/gu;
const LATIN_ALL = /[A-Za-z]/g;

/**
 * The language a person wrote in: Chinese if it has Han characters (a mixed question such as
 * "GIL 对多线程有什么影响" is Chinese with an English term), English otherwise.
 */
export function detectLang(text: string, fallback: Lang = 'en'): Lang {
  if (HAN.test(text)) {
    const han = text.match(HAN_ALL)?.length ?? 0;
    const latin = text.match(LATIN_ALL)?.length ?? 0;
    // One Han character among a long English sentence is still English.
    return han * 3 >= Math.min(latin, 12) || han >= 4 ? 'zh' : 'en';
  }
  return /[A-Za-z]/.test(text) ? 'en' : fallback;
}

/** Picks the text for `lang`, falling back to the other language, then to ''. */
export function pick(text: Localized | undefined, lang: Lang): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? text[lang === 'zh' ? 'en' : 'zh'] ?? '';
}

/** Every language variant of a localized text (deduplicated). */
export function allVariants(text: Localized | undefined): string[] {
  if (text === undefined) return [];
  if (typeof text === 'string') return [text];
  return [...new Set(Object.values(text).filter((v): v is string => typeof v === 'string' && v.length > 0))];
}
