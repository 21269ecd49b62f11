/**
 * Small readers intent detection shares: phrases of a word list at a position, the user's own
 * spelling of a token span, star symbols, and pronouns that stand for the last card's film.
 */
import { phraseKey } from './phrases.js';
import { tokenize, type Token } from './text.js';
import { titleSpan } from './title-clause.js';

export type Words = readonly Token[];

/** Number of tokens the longest phrase of `list` covers at i (0 when none). */
export function phraseAt(tokens: Words, i: number, list: readonly string[]): number {
  let best = 0;
  for (const p of list) {
    const n = p.split(' ').length;
    if (n > best && i + n <= tokens.length && phraseKey(tokens, i, n) === p) best = n;
  }
  return best;
}

/** Position of the first occurrence of a phrase of `list` at or after `from`. */
export function findPhrase(tokens: Words, list: readonly string[], from = 0): { at: number; length: number } | undefined {
  for (let i = from; i < tokens.length; i++) {
    const n = phraseAt(tokens, i, list);
    if (n) return { at: i, length: n };
  }
  return undefined;
}

export function slice(text: string, tokens: Words, a: number, b: number): string | undefined {
  if (a >= b || a >= tokens.length) return undefined;
  const start = tokens[a]!.start;
  let end = tokens[Math.min(b, tokens.length) - 1]!.end;
  // trimming drops a closing bracket; "Alien (1979)" keeps it
  const inner = text.slice(start, end);
  if (text[end] === ')' && inner.includes('(') && !inner.includes(')')) end++;
  const s = text.slice(start, end).trim();
  return s.length ? s : undefined;
}

export function isStarSymbol(s: string): boolean {
  return s === '★' || s.startsWith('⭐') || s.startsWith('🌟');
}

/** Words that point at the movie on the last card rather than name one: the core resolves them. */
export const PRONOUNS = new Set([
  'it',
  'this',
  'that',
  'this one',
  'that one',
  'the last one',
  'the first one',
  'them',
  'these',
  'those',
  'one',
]);

/** A title slice, or undefined when it is empty or only a pronoun ("give it 4 stars"). */
export function titleOrUndefined(title: string | undefined): string | undefined {
  if (title === undefined) return undefined;
  const key = tokenize(title)
    .filter((t) => t.kind === 'word' || t.kind === 'number')
    .map((t) => t.norm)
    .join(' ');
  return key === '' || PRONOUNS.has(key) ? undefined : title;
}

/**
 * The title after a leading verb phrase of `verbs` ("why did you recommend heat to me", "i've
 * seen heat already"): null when the message does not start with one, undefined when no title follows.
 */
export function titleAfter(text: string, t: Words, verbs: readonly string[]): string | undefined | null {
  const verb = phraseAt(t, 0, verbs);
  if (!verb) return null;
  const span = titleSpan(t, verb);
  return slice(text, t, span.start, span.end) ?? undefined;
}
