/**
 * What the fit changes when the data is large (ml-32m: 32M ratings, 200k users, 87k films),
 * so that training stays within minutes and a few GB, and the model within what a serving
 * process can hold. Below LARGE_DATA_RATINGS nothing here applies: ml-latest-small (100k
 * ratings) and the 1M/10M benchmarks fit exactly as before.
 *
 * - The co-occurrence passes (EASE's Gram matrix, RP3beta's walk, item kNN's similarities)
 *   cost the sum over users of (ratings)^2, which the heaviest users dominate: at ml-32m's
 *   shape 3.1e10 pair visits, 6.6e9 when each user contributes at most 500 of their ratings
 *   (a seeded sample; 79% of the ratings stay). A film's neighbours are still seen through
 *   everyone who rated it, the heavy raters just stop counting quadratically.
 * - The rating blend drops user kNN: its search costs the sum over films of (raters)^2, which
 *   grows with the square of the users (hours at 200k), and its fold-in at serving walks
 *   every rater of every film in a history. Item kNN keeps 100 neighbours a film, not 300.
 * - MF runs 12 epochs (and 3 for the refit on all the data), not 25 and 6: every epoch
 *   passes over all the ratings, and with 32M of them the SGD settles sooner.
 * - The blend tuning fits its rankers on a seeded sample of users holding about 2M ratings
 *   instead of on all of the training data.
 */
import { rng } from './loaders/splits.js';
import { maskTrainingData } from './data.js';
import type { HyperParams, TrainingData } from './types.js';

export const LARGE_DATA_RATINGS = 5_000_000;

/** The hybrid's settings for large data (keys as the hybrid takes them; `rating-blend.` goes to the star blend). */
export const LARGE_DATA_PARAMS = {
  'rating-blend.members': 'baseline,item-knn,mf',
  'rating-blend.item-knn.keep': 100,
  'rating-blend.item-knn.maxUserRatings': 500,
  'rating-blend.mf.epochs': 12,
  'rating-blend.mf.warmEpochs': 3,
  easeMaxUserRatings: 500,
  rp3MaxUserRatings: 500,
  tuneMaxRatings: 2_000_000,
} as const;

/** The large-data settings that apply to this data, minus those the caller fixed. */
export function largeDataParams(nRatings: number, fixed: readonly string[] = []): HyperParams {
  if (nRatings <= LARGE_DATA_RATINGS) return {};
  return Object.fromEntries(Object.entries(LARGE_DATA_PARAMS).filter(([k]) => !fixed.includes(k)));
}

/**
 * The same index spaces with each user's ratings cut to at most `max` (a seeded sample, the
 * kept ratings in their order); `data` itself when nobody has more, or `max` is 0 (no cap).
 */
export function capUserRatings(data: TrainingData, max: number, seed = 1): TrainingData {
  if (!(max > 0)) return data;
  let over = false;
  for (let u = 0; u < data.nUsers && !over; u++) over = data.userPtr[u + 1]! - data.userPtr[u]! > max;
  if (!over) return data;
  const keep = new Uint8Array(data.nRatings).fill(1);
  const rand = rng(seed);
  let slots = new Int32Array(0);
  for (let u = 0; u < data.nUsers; u++) {
    const a = data.userPtr[u]!;
    const d = data.userPtr[u + 1]! - a;
    if (d <= max) continue;
    // partial Fisher-Yates: the first `max` slots of a shuffled 0..d-1 are the ones kept
    if (slots.length < d) slots = new Int32Array(d);
    for (let t = 0; t < d; t++) slots[t] = t;
    keep.fill(0, a, a + d);
    for (let t = 0; t < max; t++) {
      const j = t + Math.floor(rand() * (d - t));
      const x = slots[j]!;
      slots[j] = slots[t]!;
      slots[t] = x;
      keep[a + x] = 1;
    }
  }
  return maskTrainingData(data, keep);
}

/**
 * A seeded sample of whole users holding about `maxRatings` ratings, in the same index spaces
 * (the others keep no ratings); `data` itself when it holds no more than that.
 */
export function sampleUsers(data: TrainingData, maxRatings: number, seed = 1): TrainingData {
  if (!(maxRatings > 0) || data.nRatings <= maxRatings) return data;
  const order = Int32Array.from({ length: data.nUsers }, (_, u) => u);
  const rand = rng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const keep = new Uint8Array(data.nRatings);
  let taken = 0;
  for (let t = 0; t < order.length && taken < maxRatings; t++) {
    const u = order[t]!;
    keep.fill(1, data.userPtr[u]!, data.userPtr[u + 1]!);
    taken += data.userPtr[u + 1]! - data.userPtr[u]!;
  }
  return maskTrainingData(data, keep);
}
