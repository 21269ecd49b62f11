/**
 * The algorithm registry: name -> factory. `reelmate eval` runs everything listed here by
 * default, `reelmate tune` and the trainer create models by these names. One line each.
 */
import { err, ok, type Result } from '../../util/result.js';
import type { HyperParams, Recommender, RecommenderFactory } from '../types.js';
import { Baseline } from './baseline.js';
import { ItemKnn } from './item-knn.js';
import { MatrixFactorization } from './mf.js';
import { Popularity } from './popularity.js';
import { UserKnn } from './user-knn.js';
import { RatingBlend } from '../rating-blend.js';
import { ContentModel } from './content.js';
import { Hybrid } from '../hybrid.js';
import { Ease } from './ease.js';

export const algorithms: Record<string, RecommenderFactory> = {
  popularity: (p) => new Popularity(p),
  baseline: (p) => new Baseline(p),
  'item-knn': (p) => new ItemKnn(p),
  'user-knn': (p) => new UserKnn(p),
  mf: (p) => new MatrixFactorization(p),
  'rating-blend': (p) => new RatingBlend(p),
  content: (p) => new ContentModel(p),
  ease: (p) => new Ease(p), // the hybrid's main ranker alone: the reference the hybrid must beat in the same run
  hybrid: (p) => new Hybrid(p), // stars from predict(), top-N from rank() / rankHistory()
};

export function algorithmNames(): string[] {
  return Object.keys(algorithms);
}

export function createRecommender(name: string, params?: HyperParams): Result<Recommender> {
  const factory = algorithms[name];
  if (!factory) return err('bad_input', `unknown algorithm "${name}"; known: ${algorithmNames().join(', ')}`);
  return ok(factory(params));
}
