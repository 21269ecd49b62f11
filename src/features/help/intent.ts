/** The words that ask for help: whole messages ("what can you do") and a short "help ...". */
import type { IntentRule } from '../../nlp/intent.js';

export const HELP = new Set([
  'help',
  'hi',
  'hello',
  'hey',
  'yo',
  'hiya',
  'howdy',
  'sup',
  'commands',
  'what can you do',
  'how does this work',
  'how do i use this',
  'how do you work',
  'help me',
  'what are the commands',
  'usage',
  'menu',
  'options',
  'info',
  'about',
  'who are you',
  'what are you',
  'what can i ask you',
  'what can i ask',
  'what can i say',
  'how do i use you',
  'what do you do',
  'good morning',
  'good evening',
  'hey there',
  'hi there',
  'hello there',
]);

export const helpIntents: IntentRule[] = [
  {
    stage: 10,
    detect: ({ words, key, fullKey }) =>
      HELP.has(key) || HELP.has(fullKey) || (words[0]!.norm === 'help' && words.length <= 3) ? { command: 'help', args: {} } : undefined,
  },
];
