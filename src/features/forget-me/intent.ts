/** The words that ask to be forgotten ("delete my data", "forget everything you know about me"). */
import type { IntentRule } from '../../nlp/intent.js';
import type { Words } from '../../nlp/intent-text.js';

export const FORGET = new Set([
  'forget me',
  'forget about me',
  'delete my data',
  'delete me',
  'delete my account',
  'erase my data',
  'remove my data',
  'wipe my data',
  'forget everything about me',
  'forget everything',
  'delete all my data',
  'delete everything about me',
  'erase me',
  'remove me',
  'delete my profile',
  'erase everything',
  'forget all about me',
  'delete my info',
  'delete my information',
  'gdpr delete',
  'wipe me',
  'clear my data',
  'delete all my ratings',
  'forget my data',
]);

/** Verbs that start an erasure; the loose account phrases (export, profile, onboard) never fire after them. */
export const ERASE_VERBS = ['forget', 'delete', 'erase', 'wipe', 'remove'];

/** A short message (eight words at most) that does not start by erasing: where loose account phrases count. */
export function shortAndNotErasing(words: Words): boolean {
  return words.length <= 8 && !ERASE_VERBS.includes(words[0]!.norm);
}

const forget = { command: 'forget-me', args: {} };

export const forgetIntents: IntentRule[] = [
  {
    stage: 30,
    detect: ({ words, key }) => (FORGET.has(key) || (key.includes('forget me') && words.length <= 5) ? forget : undefined),
  },
  {
    // "forget everything you know about me", "please erase all my data"
    stage: 110,
    detect: ({ words, key }) =>
      words.length <= 8 &&
      ERASE_VERBS.includes(words[0]!.norm) &&
      (key.endsWith(' me') || key.includes('my data') || key.includes('my account'))
        ? forget
        : undefined,
  },
];
