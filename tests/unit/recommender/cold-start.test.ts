/**
 * Cold start on the real ml-latest-small (a regression guard, not the goal measurement):
 * test users who keep only 5 training ratings get a better top-10 from the hybrid than from
 * MostPopular.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Popularity } from '../../../src/recommender/algorithms/popularity.js';
import { evaluateColdStart } from '../../../src/recommender/cold-start.js';
import { loadMovieLens, loadSplitFile, randomFolds, splitRows } from '../../../src/recommender/data.js';
import { Hybrid } from '../../../src/recommender/hybrid.js';

const dir = process.env.MOVIELENS_DIR;

describe.skipIf(!dir)('cold start on ml-latest-small', () => {
  it('users with 5 ratings: the hybrid beats MostPopular on NDCG@10', async () => {
    const ml = loadMovieLens(dir!);
    if (!ml.ok) throw new Error(ml.error.message);
    const file = path.join(process.env.REELMATE_SPLITS_DIR ?? path.join(dir!, '../splits'), 'ml-latest-small.random5.csv');
    const folds = existsSync(file) ? loadSplitFile(file, ml.value.ratings) : null;
    const assign = folds?.ok ? folds.value.assign : randomFolds(ml.value.ratings.ratings.length, 5).assign;
    const rows = await evaluateColdStart(
      splitRows(ml.value.ratings, assign, 0),
      [
        { name: 'popularity', create: () => new Popularity() },
        // ranking only: the star blend plays no part in the top-10
        { name: 'hybrid', create: () => new Hybrid({ stars: 'baseline' }) },
      ],
      { users: 150, keep: 5, meta: ml.value.movies },
    );
    const [pop, hybrid] = rows;
    expect(pop!.users).toBe(150);
    expect(hybrid!.ndcg_at_10).toBeGreaterThan(pop!.ndcg_at_10);
    expect(hybrid!.coverage_at_10).toBeGreaterThan(pop!.coverage_at_10);
  });
});
