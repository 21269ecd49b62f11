/**
 * Party settings: how long a party lives, and what `watchparty start ...` says beyond the
 * film constraints (when, voting mode, strategy). Pure parsing; env read once through zod.
 */
import { configValue } from '../config.js';
import { DEFAULT_STRATEGY, type StrategyName } from './strategies.js';
import type { VotingMode } from './tally.js';

export const DEFAULT_PARTY_TTL_MINUTES = 180;

/**
 * REELMATE_PARTY_TTL_MINUTES (1 minute to a week, checked in config.ts), default three hours.
 * `npm start` rejects a bad value at start-up; here a bad value falls back to the default so a
 * party never fails to start over it.
 */
export function partyTtlMs(env?: NodeJS.ProcessEnv): number {
  let minutes: number | undefined;
  try {
    minutes = configValue('REELMATE_PARTY_TTL_MINUTES', env);
  } catch {
    minutes = undefined;
  }
  return (minutes ?? DEFAULT_PARTY_TTL_MINUTES) * 60_000;
}

export interface StartOptions {
  /** The rest, for the preference parser. */
  text: string;
  /** "Friday", "Tonight", ... when the text opened with one. */
  when?: string | undefined;
  votingMode: VotingMode;
  strategy: StrategyName;
}

const WHEN = /^(?:(?:for|on|this|next) )?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: night)?|tonight|tomorrow(?: night)?|weekend)/i;

const STRATEGY_WORDS: [RegExp, StrategyName][] = [
  [/\b(fair|fairness|rotation|take turns)\b/i, 'fairness'],
  [/\bleast[- ]misery\b/i, 'least_misery'],
  [/\bborda\b/i, 'borda'],
  [/\b(plain )?average\b(?! without)/i, 'average'],
];

/**
 * "Friday: comedy, under 2 hours, ranked" -> when Friday, ranked voting, text
 * "comedy, under 2 hours". Words about the party itself are taken out so the preference
 * parser sees only the film constraints.
 */
export function parseStartText(input: string): StartOptions {
  let text = input.trim();
  let when: string | undefined;
  const m = WHEN.exec(text);
  if (m) {
    const word = m[0].replace(/^(for|on|this|next) /i, (w) => (/^(this|next) /i.test(w) ? w : ''));
    when = word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
    text = text.slice(m[0].length).replace(/^\s*[:,-]?\s*/, '');
  }
  let votingMode: VotingMode = 'approval';
  if (/\branked( (vote|voting|choice))?\b/i.test(text)) {
    votingMode = 'ranked';
    text = text.replace(/,?\s*\branked( (vote|voting|choice))?\b/i, '');
  }
  text = text.replace(/,?\s*\bapproval( (vote|voting))?\b/i, '');
  let strategy: StrategyName = DEFAULT_STRATEGY;
  for (const [re, name] of STRATEGY_WORDS) {
    if (re.test(text)) {
      strategy = name;
      text = text.replace(new RegExp(`,?\\s*${re.source}`, 'i'), '');
      break;
    }
  }
  return { text: text.replace(/\s+/g, ' ').replace(/^[\s,:-]+|[\s,:-]+$/g, ''), when, votingMode, strategy };
}
