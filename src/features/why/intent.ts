/** "Why did you pick heat?", "y would i like fargo": questions about a pick, in free text. */
import type { IntentRule } from '../../nlp/intent.js';
import { titleAfter, titleOrUndefined } from '../../nlp/intent-text.js';

/** "why did you pick", "why would you recommend", "whyd you show me": every question form of a pick. */
const WHY_QUESTIONS = ['why did you', 'why would you', 'why do you', 'whyd you', 'why are you', 'how come you'];
const PICK_VERBS = [
  'pick',
  'choose',
  'recommend',
  'suggest',
  'show me',
  'give me',
  'put',
  'include',
  'picking',
  'choosing',
  'recommending',
  'suggesting',
  'showing me',
  'giving me',
  'picked',
  'chose',
  'recommended',
  'suggested',
];
export const WHY_VERBS = [
  ...WHY_QUESTIONS.flatMap((q) => PICK_VERBS.map((v) => `${q} ${v}`)),
  'how come you recommended',
  'how come you picked',
  'how come you suggested',
  'why did you show me',
  'why did you give me',
  'why are you recommending',
  'why should i watch',
  'why did you recommend',
  'why did you suggest',
  'why did you pick',
  'why did you choose',
  'why do you recommend',
  'why would i like',
  'why would i enjoy',
  'why recommend',
  'why',
  'explain',
  'how come',
  'reason for',
  'why this',
  'why is',
];

export const whyIntents: IntentRule[] = [
  {
    stage: 130,
    detect: ({ text, words: t }) => {
      const why = titleAfter(text, t, WHY_VERBS);
      // punctuation is no word: "why did u pick the notebook for me?? i hate romance" is short enough
      if (why === null || t.filter((x) => x.kind !== 'punct').length > 12) return undefined;
      // "why not something scary" is a request
      if (t[1]?.norm === 'not' || t[1]?.norm === 'dont') return undefined;
      return { command: 'why', args: { title: titleOrUndefined(why) } };
    },
  },
];
