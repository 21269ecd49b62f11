/** "Find the matrix", "look up heat": title searches in free text ("find me something scary" is a request). */
import type { DetectedIntent, IntentRule } from '../../nlp/intent.js';
import { phraseAt, slice, type Words } from '../../nlp/intent-text.js';
import { isLexiconWord } from '../../nlp/phrases.js';

export const SEARCH_VERBS = [
  'search for',
  'search',
  'find',
  'look up',
  'lookup',
  'look for',
  'is there a movie called',
  'do you have',
  'find the movie',
  'search movie',
  'search the movie',
  'info on',
  'info about',
  'details on',
  'tell me about',
];

function searchIntent(text: string, t: Words): DetectedIntent | undefined {
  const verb = phraseAt(t, 0, SEARCH_VERBS);
  if (!verb || verb >= t.length) return undefined;
  const next = t[verb]!;
  // "find me something scary" is a request
  if (
    ['me', 'us', 'something', 'anything', 'some', 'a', 'an', 'movies', 'films', 'good', 'great', 'more', 'what', 'stuff'].includes(
      next.norm,
    )
  ) {
    return undefined;
  }
  for (let k = verb; k < t.length; k++) if (isLexiconWord(t, k) && phraseAt(t, k, ['the']) === 0 && k === verb) return undefined;
  return { command: 'search', args: { query: slice(text, t, verb, t.length) } };
}

export const searchIntents: IntentRule[] = [{ stage: 170, detect: ({ text, words }) => searchIntent(text, words) }];
