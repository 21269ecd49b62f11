/**
 * The hybrid's rankers as named sources: each declares the parameters of its blend weight (warm
 * and cold) and how it is built from the hybrid's parameters. A new ranker is one module under
 * algorithms/ and one entry here; the hybrid fits, saves, loads and weighs whatever is listed.
 *
 * The fallback order, from the most to the least a ranker needs: the warm blend of these
 * sources for a history of `coldHistory` ratings or more; below that each weight slides to its
 * cold value (co-occurrence and popularity carry short histories); with no history at all,
 * damped-quality popularity (Hybrid.coldScores); a film nobody rated is scored by `content`
 * alone (the only source that reads what a film is, not who watched it).
 */
import { ContentModel } from './algorithms/content.js';
import { Ease } from './algorithms/ease.js';
import { Rp3Beta } from './algorithms/rp3beta.js';
import type { Recommender } from './types.js';

export interface RankerSource {
  name: string;
  /** Parameter of its weight in the warm blend. */
  weightKey: string;
  /** Parameter of its weight at an empty history. */
  coldKey: string;
  /** Fitted even at weight zero (RP3beta: its item-item rows explain picks, and are cheap). */
  alwaysFit?: boolean;
  create(num: (key: string) => number): Recommender;
}

export const RANKER_SOURCES: readonly RankerSource[] = [
  {
    name: 'ease',
    weightKey: 'wEase',
    coldKey: 'coldEase',
    create: (num) =>
      new Ease({
        lambda: num('easeLambda'),
        ratingWeight: num('easeRatingWeight'),
        maxUsers: num('easeMaxUsers'),
        maxItems: num('easeMaxItems'),
        // large data (large-data.ts): at most this many ratings per user in the co-occurrence pass
        maxUserRatings: num('easeMaxUserRatings') || 0,
        keepHistory: false,
      }),
  },
  { name: 'content', weightKey: 'wContent', coldKey: 'coldContent', create: () => new ContentModel({ keepHistory: false }) },
  {
    name: 'rp3beta',
    weightKey: 'wRp3',
    coldKey: 'coldRp3',
    alwaysFit: true,
    create: (num) =>
      new Rp3Beta({ beta: num('rp3Beta'), topK: num('rp3TopK'), maxUserRatings: num('rp3MaxUserRatings') || 0, keepHistory: false }),
  },
];

/** A source by name (stored models list their rankers by name). */
export function rankerSource(name: string): RankerSource | undefined {
  return RANKER_SOURCES.find((s) => s.name === name);
}
