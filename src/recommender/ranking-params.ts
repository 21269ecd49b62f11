/**
 * The hybrid's parameters that act only when a list is ranked, never while fitting: a request
 * (an experiment's "ranking blend" variant) may override them on a fitted model without
 * retraining. A fit-time parameter (regularisation, neighbour counts, EASE's lambda) needs a
 * new model version instead, which an experiment compares with a "model" variant.
 */
export const RANKING_PARAM_KEYS = [
  'wEase',
  'wRp3',
  'wContent',
  'wPop',
  'wStars',
  'starsPivot',
  'popPenalty',
  'penaltyHistoryExp',
  'penaltyRefHistory',
  'penaltyFloor',
  'headSize',
  'coldHistory',
  'coldPop',
  'coldRp3',
  'coldEase',
  'coldContent',
  'coldStars',
  'coldQuality',
] as const;

export type RankingParamKey = (typeof RANKING_PARAM_KEYS)[number];
export type RankingOverrides = Partial<Record<RankingParamKey, number>>;

export function isRankingParamKey(key: string): key is RankingParamKey {
  return (RANKING_PARAM_KEYS as readonly string[]).includes(key);
}

/** A stable key for a set of overrides (sorted), for caches; '' for none. Pure. */
export function overridesKey(o: RankingOverrides | undefined): string {
  if (!o) return '';
  const entries = Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? JSON.stringify(entries) : '';
}
