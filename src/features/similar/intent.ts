/** "Movies like alien", "more like this": similar requests in free text (with no other wish in them). */
import type { DetectedIntent, IntentRule } from '../../nlp/intent.js';
import { phraseAt, PRONOUNS, slice, type Words } from '../../nlp/intent-text.js';
import { isLexiconWord } from '../../nlp/phrases.js';

export const SIMILAR_CUES = [
  'movies like',
  'movies similar to',
  'films like',
  'films similar to',
  'something like',
  'something similar to',
  'anything like',
  'anything similar to',
  'stuff like',
  'more like',
  'similar to',
  'similar movies to',
  'similar films to',
  'similar',
  'like',
  'other movies like',
  'shows like',
  'recommend something like',
  'recommend movies like',
  'give me movies like',
  'show me movies like',
  'more movies like',
  'titles like',
  'what is similar to',
  'whats similar to',
  'what else is like',
];

function similarIntent(text: string, t: Words): DetectedIntent | undefined {
  const cue = phraseAt(t, 0, SIMILAR_CUES);
  if (!cue || cue >= t.length) return undefined;
  const rest = t.slice(cue);
  // "more like this" refers to the last card; "like a comedy" is a request
  if (rest.length <= 2 && PRONOUNS.has(rest.map((x) => x.norm).join(' '))) return { command: 'similar', args: {} };
  if (['this', 'that', 'these', 'those', 'it', 'them', 'a', 'an', 'some', 'something'].includes(rest[0]!.norm)) return undefined;
  // any preference beyond the title makes it a recommendation with a similar-to hint
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k]!.norm;
    if (['but', 'with', 'without', 'except', 'from', 'in', 'under', 'not', 'no', 'only', 'that', 'which', 'and', 'or', ','].includes(w)) {
      return undefined;
    }
    if (k > 0 && isLexiconWord(rest, k)) return undefined;
  }
  return { command: 'similar', args: { title: slice(text, t, cue, t.length) } };
}

export const similarIntents: IntentRule[] = [{ stage: 160, detect: ({ text, words }) => similarIntent(text, words) }];
