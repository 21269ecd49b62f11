/** The words that ask what the bot knows of one's taste ("my taste", "what do you know about me"). */
import type { IntentRule } from '../../nlp/intent.js';
import { shortAndNotErasing } from '../forget-me/intent.js';

export const PROFILE = new Set([
  'profile',
  'my profile',
  'show my profile',
  'show me my profile',
  'what do you know about me',
  'what do you know of me',
  'my taste',
  'my tastes',
  'my stats',
  'about me',
  'who am i',
  'what do i like',
  'my preferences',
  'what are my tastes',
  'whats my taste',
  'what is my taste',
  'describe my taste',
  'tell me about me',
  'tell me about my taste',
  'my ratings',
  'show my ratings',
  'what have i rated',
  'how well do you know me',
  'what kind of movies do i like',
  'show me my ratings',
  'what have i rated so far',
  'my history',
  'my rating history',
  'show me my profile',
  'stats',
]);

const profile = { command: 'profile', args: {} };

export const profileIntents: IntentRule[] = [
  { stage: 50, detect: ({ key }) => (PROFILE.has(key) ? profile : undefined) },
  {
    stage: 71,
    detect: ({ words, key }) => {
      const has = (phrase: string) => ` ${key} `.includes(` ${phrase} `);
      return shortAndNotErasing(words) && (has('know about me') || has('about my taste') || has('my taste') || has('my profile'))
        ? profile
        : undefined;
    },
  },
];
