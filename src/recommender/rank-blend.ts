/**
 * The hybrid's top-N score from its components, as pure functions (the Hybrid gathers the
 * components; this decides how they combine):
 *
 *   score = (sum of ranker terms) * (1 + wStars * liking) * (1 + max(count, floor))^-g
 *           + wPop * popularity + coldPop * count / max count
 *
 * Predicted stars and the popularity penalty only reorder films the rankers found, so an
 * obscure film with two 5-star ratings cannot jump the queue on its stars alone.
 */

import { topK } from './topk.js';

export interface Component {
  name: string;
  weight: number;
  /** The user's scores, already scaled to the component's own max (0..1 for the best item). */
  scores: Float32Array;
}

export interface PenaltyParams {
  popPenalty: number;
  penaltyHistoryExp: number;
  penaltyRefHistory: number;
  coldHistory: number;
}

/**
 * The popularity-penalty exponent g for a history of `n` ratings at warmth `warm`:
 * popPenalty * warm * (max(n, coldHistory) / penaltyRefHistory)^penaltyHistoryExp, 0 when empty.
 * Lengths below coldHistory count as coldHistory (warmth already fades the penalty there).
 */
export function penaltyExponent(n: number, warm: number, p: PenaltyParams): number {
  if (n === 0) return 0;
  const len = Math.max(n, p.coldHistory, 1) / Math.max(1, p.penaltyRefHistory);
  return p.popPenalty * warm * Math.pow(len, p.penaltyHistoryExp);
}

/**
 * (1 + max(count, floor))^-g per item. Counts are small whole numbers, so each distinct count
 * is raised once and items look theirs up (a fifth of the per-item cost). Writes into `out`
 * when it has the right length (no allocation per request).
 */
export function penaltyValues(count: Int32Array, floor: number, g: number, out?: Float32Array): Float32Array {
  let max = 0;
  for (let i = 0; i < count.length; i++) if (count[i]! > max) max = count[i]!;
  const values = out?.length === count.length ? out : new Float32Array(count.length);
  const raise = (c: number) => Math.exp(-g * Math.log1p(Math.max(c, floor)));
  if (max > count.length) {
    for (let i = 0; i < values.length; i++) values[i] = raise(count[i]!);
    return values;
  }
  const table = new Float64Array(max + 1);
  for (let c = 0; c <= max; c++) table[c] = raise(c);
  for (let i = 0; i < values.length; i++) values[i] = table[Math.max(0, count[i]!)]!;
  return values;
}

export interface BlendOptions {
  /** The history has ratings: popularity and cold terms are additive only then. */
  hasHistory: boolean;
  /** (1 + count)^-g per item, or null for no penalty. */
  penalty: Float32Array | null;
  /** Weight of linear popularity (count / max count) for short histories. */
  coldPop: number;
  count: Int32Array;
}

/** Writes the blended ranking score of every item into `out`. */
export function blendComponents(comps: readonly Component[], out: Float32Array, o: BlendOptions): void {
  out.fill(0);
  let liking: Component | undefined;
  let pop: Component | undefined;
  for (const c of comps) {
    if (c.name === 'rating') liking = c;
    else if (c.name === 'popularity' && o.hasHistory) pop = c;
    else for (let i = 0; i < out.length; i++) out[i]! += c.weight * c.scores[i]!;
  }
  if (liking) for (let i = 0; i < out.length; i++) out[i]! *= 1 + liking.weight * liking.scores[i]!;
  if (o.penalty && o.hasHistory) for (let i = 0; i < out.length; i++) out[i]! *= o.penalty[i]!;
  if (pop && pop.weight !== 0) for (let i = 0; i < out.length; i++) out[i]! += pop.weight * pop.scores[i]!;
  // cold: linear popularity (ratings / most ratings), MostPopular's own order
  if (o.coldPop > 0 && o.hasHistory) {
    let max = 1;
    for (let i = 0; i < o.count.length; i++) if (o.count[i]! > max) max = o.count[i]!;
    for (let i = 0; i < out.length; i++) out[i]! += (o.coldPop * o.count[i]!) / max;
  }
}

/** Divides by the largest value, so the best item scores 1 (all zeros stay zeros). */
export function scaleToMax(a: Float32Array): void {
  let max = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! > max) max = a[i]!;
  if (max > 0) for (let i = 0; i < a.length; i++) a[i]! /= max;
}

/**
 * Coverage at a lower cost than a penalty on the whole list: the `head` films that score best
 * without the popularity penalty (`plain`) stay first, in that order, and the penalised score
 * (`out`) orders the rest. The first places carry most of a list's NDCG and its surest hits, so
 * the penalty reaches only the later places, where its less-watched films cost least (fold 0
 * validation of ml-latest-small: a head of 7 kept 0.1929 NDCG@10 at 9.0% coverage and 0.1865
 * at 11.0%; the penalty on the whole list 0.1967 at 8.2%, then 0.1752 at 13.5%). Writes into
 * `out`: each head film gets a score just above the best of the rest (a
 * small step, so boosts added later, "like X" or relaxed wishes, still weigh as before).
 * `skip` marks films never to choose (the history). Pure in its inputs.
 */
export function keepHead(plain: Float32Array, out: Float32Array, head: number, skip: (index: number) => boolean): void {
  if (head <= 0) return;
  const idx = topK(plain, head, (i) => plain[i]! > 0 && !skip(i));
  let top = 0;
  for (let i = 0; i < out.length; i++) if (out[i]! > top) top = out[i]!;
  if (top <= 0) top = 1;
  idx.forEach((i, r) => {
    out[i] = top * (1 + (idx.length - r) * 0.01);
  });
}
