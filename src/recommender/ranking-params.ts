/**
 * The hybrid's parameters that act only when a list is ranked, never while fitting: a request
 * (an experiment's "ranking blend" variant) may override them on a fitted model without
 * retraining. A fit-time parameter (regularisation, neighbour counts, EASE's lambda) needs a
 * new model version instead, which an experiment compares with a "model" variant.
 */
import { RANKER_SOURCES } from './rankers.js';

/** Ranking-time parameters of the blend itself (the rankers' weights come from their registry). */
const BLEND_PARAM_KEYS = [
  'wPop',
  'wStars',
  'starsPivot',
  'popPenalty',
  'penaltyHistoryExp',
  'penaltyRefHistory',
  'penaltyFloor',
  'headSize',
  'tailSlots',
  'tailQuantile',
  'tailRatio',
  'tailPlaces',
  'coldHistory',
  'coldPop',
  'coldStars',
  'coldQuality',
] as const;

/** Every ranking parameter: the blend's, and each registered ranker's warm and cold weight. */
export const RANKING_PARAM_KEYS: readonly string[] = [...BLEND_PARAM_KEYS, ...RANKER_SOURCES.flatMap((s) => [s.weightKey, s.coldKey])];

/** Ranking parameters by name (RANKING_PARAM_KEYS), for one request. */
export type RankingOverrides = Partial<Record<string, number>>;

export function isRankingParamKey(key: string): boolean {
  return RANKING_PARAM_KEYS.includes(key);
}

/** A stable key for a set of overrides (sorted), for caches; '' for none. Pure. */
export function overridesKey(o: RankingOverrides | undefined): string {
  if (!o) return '';
  const entries = Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? JSON.stringify(entries) : '';
}
