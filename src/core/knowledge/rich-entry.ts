import type { ChoiceLetter } from '../reply/actions.ts';
import type { Lang, Localized } from '../language.ts';
import type { QuizItem, Tip } from './entry.ts';

/**
 * Validation of a rich entry's front matter (docs/knowledge-format.md). Returns the fields, or
 * the problems found, each with the key it concerns so the loader can point at its line.
 */
export interface RichFields {
  readonly id: string;
  readonly title: Localized;
  readonly aliases: readonly string[];
  readonly tags: readonly string[];
  readonly quiz: readonly QuizItem[];
  readonly tip?: Tip;
}

export interface FieldProblem {
  readonly key: string;
  readonly message: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const LETTERS: readonly ChoiceLetter[] = ['A', 'B', 'C', 'D'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A Localized value: a non-empty string, or a map of zh/en to non-empty strings. */
function localized(v: unknown): Localized | undefined {
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim() || undefined;
  if (!isRecord(v)) return undefined;
  const out: Partial<Record<Lang, string>> = {};
  for (const [k, val] of Object.entries(v)) {
    if ((k !== 'zh' && k !== 'en') || (typeof val !== 'string' && typeof val !== 'number')) return undefined;
    if (String(val).trim() === '') return undefined;
    out[k] = String(val).trim();
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function stringList(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (!Array.isArray(v)) return undefined;
  const out: string[] = [];
  for (const item of v) {
    if (typeof item !== 'string' && typeof item !== 'number') return undefined;
    const s = String(item).trim();
    if (s) out.push(s);
  }
  return out;
}

function quizItem(v: unknown, key: string, problems: FieldProblem[]): QuizItem | undefined {
  if (!isRecord(v)) {
    problems.push({ key, message: 'a quiz item must be a map with type, question, …' });
    return undefined;
  }
  const question = localized(v.question);
  if (!question) problems.push({ key, message: 'quiz item needs a question (text or {zh, en})' });
  const explanation = v.explanation === undefined ? undefined : localized(v.explanation);
  if (v.explanation !== undefined && !explanation) problems.push({ key, message: 'explanation must be text or {zh, en}' });
  if (v.type === 'choice') {
    const options = Array.isArray(v.options) ? v.options.map(localized) : [];
    if (options.length !== 4 || options.some(o => o === undefined))
      problems.push({ key, message: 'a choice item needs exactly 4 options, each text or {zh, en}' });
    const answer = typeof v.answer === 'string' ? v.answer.trim().toUpperCase() : v.answer;
    if (!LETTERS.includes(answer as ChoiceLetter)) problems.push({ key, message: 'answer must be one of A, B, C, D' });
    if (!question || options.length !== 4 || options.some(o => o === undefined) || !LETTERS.includes(answer as ChoiceLetter))
      return undefined;
    return { type: 'choice', question, options: options as Localized[], answer: answer as ChoiceLetter, ...(explanation ? { explanation } : {}) };
  }
  if (v.type === 'short') {
    const accept = stringList(v.accept);
    if (!accept || accept.length === 0) problems.push({ key, message: 'a short item needs accept: a list of accepted answers' });
    if (!question || !accept || accept.length === 0) return undefined;
    return { type: 'short', question, accept, ...(explanation ? { explanation } : {}) };
  }
  problems.push({ key, message: `quiz item type must be "choice" or "short", not ${JSON.stringify(v.type)}` });
  return undefined;
}

export function validateRichFields(data: Record<string, unknown>): {
  fields?: RichFields;
  problems: FieldProblem[];
  warnings: FieldProblem[];
} {
  const problems: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const id = typeof data.id === 'number' ? String(data.id) : data.id;
  if (typeof id !== 'string' || !ID.test(id))
    problems.push({ key: 'id', message: 'id must be 1–100 characters of letters, digits, ".", "_" or "-"' });
  const title = localized(data.title);
  if (!title) problems.push({ key: 'title', message: 'title is required: text or {zh, en}' });
  const aliases = stringList(data.aliases);
  if (!aliases) problems.push({ key: 'aliases', message: 'aliases must be a list of texts' });
  const tags = stringList(data.tags)?.map(t => t.toLowerCase());
  if (!tags) problems.push({ key: 'tags', message: 'tags must be a list of words' });
  const quiz: QuizItem[] = [];
  if (data.quiz !== undefined) {
    if (!Array.isArray(data.quiz)) problems.push({ key: 'quiz', message: 'quiz must be a list of items' });
    else data.quiz.forEach(item => {
      const q = quizItem(item, 'quiz', problems);
      if (q) quiz.push(q);
    });
  }
  let tip: Tip | undefined;
  if (data.tip !== undefined) {
    const q = isRecord(data.tip) ? localized(data.tip.question) : undefined;
    const a = isRecord(data.tip) ? localized(data.tip.answer) : undefined;
    if (!q || !a) problems.push({ key: 'tip', message: 'tip needs question and answer (text or {zh, en})' });
    else tip = { question: q, answer: a };
  }
  for (const key of Object.keys(data)) {
    if (!['id', 'title', 'aliases', 'tags', 'quiz', 'tip', 'autoquiz'].includes(key))
      warnings.push({ key, message: `unknown field "${key}" (known: id, title, aliases, tags, quiz, tip, autoquiz)` });
  }
  if (problems.length > 0 || typeof id !== 'string' || !title || !aliases || !tags) return { problems, warnings };
  return { fields: { id, title, aliases, tags, quiz, ...(tip ? { tip } : {}) }, problems, warnings };
}
