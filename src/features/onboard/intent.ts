/** The words of a newcomer ("i'm new here", "get started"). */
import type { IntentRule } from '../../nlp/intent.js';
import { shortAndNotErasing } from '../forget-me/intent.js';

export const ONBOARD = new Set([
  'onboard',
  'onboarding',
  'im new',
  'i am new',
  'new here',
  'im new here',
  'i am new here',
  'get started',
  'getting started',
  'start',
  'lets start',
  'let s start',
  'lets go',
  'setup',
  'set up',
  'set me up',
  'rate some movies',
  'first time',
  'new user',
  'start over',
  'first time here',
  'how do i start',
  'how do i get started',
  'teach you my taste',
  'learn my taste',
  'get to know me',
]);

const onboard = { command: 'onboard', args: {} };

export const onboardIntents: IntentRule[] = [
  { stage: 60, detect: ({ key }) => (ONBOARD.has(key) ? onboard : undefined) },
  {
    stage: 72,
    detect: ({ words, key }) => {
      const has = (phrase: string) => ` ${key} `.includes(` ${phrase} `);
      return shortAndNotErasing(words) && (has('im new') || has('i am new') || has('new here') || has('first time here'))
        ? onboard
        : undefined;
    },
  },
  { stage: 180, detect: ({ words }) => (words[0]!.norm === 'onboard' ? onboard : undefined) },
];
