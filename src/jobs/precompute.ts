/**
 * The worker's precompute job (big catalogues only, see REELMATE_CANDIDATES_MIN_FILMS): keep
 * the plain top-N of every active user ready in recommendation_lists, so a serve process
 * answers a bare "recommend" with one read. A list is stale as soon as the user's ratings
 * version moves (every rating and mark bumps it) or a new model is published; stale lists are
 * never served, and the next run of this job writes them again, most recently active first.
 */
import type { Database } from '../db/client.js';
import { createRepositories } from '../db/repositories/index.js';
import type { RecommendationService } from '../recommender/service.js';

export interface PrecomputeOptions {
  /** Users who rated something in this many days count as active. */
  activeDays: number;
  /** Lists written per run at most (the rest wait for the next run). */
  maxUsers: number;
}

export const PRECOMPUTE_DEFAULTS: PrecomputeOptions = { activeDays: 30, maxUsers: 2_000 };

/** Write the missing and stale lists; returns how many were written (0 on a small catalogue). */
export async function precomputeLists(
  database: Database,
  engine: Pick<RecommendationService, 'precompute' | 'keepsLists'>,
  opts: Partial<PrecomputeOptions> = {},
): Promise<{ written: number; removed: number }> {
  const o = { ...PRECOMPUTE_DEFAULTS, ...opts };
  const repos = createRepositories(database.db);
  const model = await repos.models.activeInfo();
  if (!model) return { written: 0, removed: 0 };
  const removed = await repos.recommendationLists.deleteOtherVersions(model.id);
  // a small catalogue keeps no lists: no need to look for stale ones
  if (!engine.keepsLists()) return { written: 0, removed };
  const since = new Date(Date.now() - o.activeDays * 86_400_000);
  let written = 0;
  for (const userId of await repos.recommendationLists.staleActiveUsers(model.id, since, o.maxUsers)) {
    // false: this model's catalogue is below the threshold (or it is not loaded here yet)
    if (!(await engine.precompute(userId))) break;
    written++;
  }
  return { written, removed };
}
