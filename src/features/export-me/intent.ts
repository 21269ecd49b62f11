/** The words that ask for one's data ("download my data", "gdpr export"). */
import type { IntentRule } from '../../nlp/intent.js';
import { shortAndNotErasing } from '../forget-me/intent.js';

export const EXPORT = new Set([
  'export my data',
  'export',
  'export me',
  'download my data',
  'give me my data',
  'send me my data',
  'my data',
  'export my ratings',
  'download my ratings',
  'export everything',
  'get my data',
  'export all my data',
  'data export',
  'what data do you have on me',
  'what data do you have about me',
  'gdpr export',
  'download',
  'download my stuff',
]);

const exportMe = { command: 'export-me', args: {} };

export const exportIntents: IntentRule[] = [
  { stage: 40, detect: ({ words, key }) => (EXPORT.has(key) || (words[0]!.norm === 'export' && words.length <= 5) ? exportMe : undefined) },
  {
    stage: 70,
    detect: ({ words, key }) => {
      const has = (phrase: string) => ` ${key} `.includes(` ${phrase} `);
      return shortAndNotErasing(words) && (has('export') || (has('download') && has('my'))) ? exportMe : undefined;
    },
  },
];
