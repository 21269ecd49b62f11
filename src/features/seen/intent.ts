/** "I've seen heat", "mark jaws as watched": seen in free text (a question is not one). */
import type { IntentRule } from '../../nlp/intent.js';
import { slice, titleAfter, titleOrUndefined } from '../../nlp/intent-text.js';

export const SEEN_VERBS = [
  'i have already seen',
  'i already seen',
  'ive already seen',
  'i already saw',
  'i already watched',
  'ive already watched',
  'i have seen',
  'ive seen',
  'i seen',
  'i saw',
  'already seen',
  'already watched',
  'already saw',
  'seen',
  'i watched',
  'watched',
  'saw',
  'mark as seen',
  'ive watched',
  'i have watched',
  'i just watched',
  'just watched',
  'i just saw',
  'just saw',
];

export const seenIntents: IntentRule[] = [
  {
    // "mark heat as seen"
    stage: 140,
    detect: ({ text, words: t, key }) => {
      if (
        t[0]!.norm !== 'mark' ||
        t.length < 3 ||
        !(key.endsWith(' as seen') || key.endsWith(' as watched') || key.endsWith(' seen') || key.endsWith(' watched'))
      ) {
        return undefined;
      }
      const end = t[t.length - 2]!.norm === 'as' ? t.length - 2 : t.length - 1;
      return { command: 'seen', args: { title: titleOrUndefined(slice(text, t, 1, end)) } };
    },
  },
  {
    stage: 150,
    detect: ({ text, words: t, all, key }) => {
      const seen = titleAfter(text, t, SEEN_VERBS);
      if (seen === null || t.length > 10 || all.some((x) => x.norm === '?')) return undefined;
      const rest = key.split(' ');
      if (rest.includes('recommend') || rest.includes('suggest') || rest.includes('what')) return undefined;
      return { command: 'seen', args: { title: titleOrUndefined(seen) } };
    },
  },
];
