import type { RateLimit } from '../../src/util/rate-limit.js';
import type { FeedbackService } from '../../src/core/feedback.js';
import type { RecommendationEngine } from '../../src/core/ports.js';
import type { Database } from '../../src/db/client.js';
import type { ApiKeysRepository } from '../../src/db/repositories/api-keys.js';
import type { Movie, Repositories } from '../../src/db/repositories/index.js';
import type { Preferences } from '../../src/nlp/types.js';
import type { Logger } from '../../src/util/logger.js';
import type { InsightsRecorder } from '../../src/insights/recorder.js';
import type { ApiMetrics } from './metrics.js';

/** Fuzzy title search over the catalogue. */
export interface ApiCatalog {
  search(query: string, limit: number): { movieId: number; title: string; score: number }[];
  /** The in-memory catalogue row, so list answers need no database round trip. */
  get(movieId: number): Pick<Movie, 'id' | 'title' | 'displayTitle' | 'year' | 'genres'> | undefined;
}

export interface GroupPick {
  movieId: number;
  groupScore: number;
  memberPredictions: Record<string, number>;
  reason: string;
}

/** Group recommendations, when the watch-party module is wired in. */
export interface GroupRecommender {
  strategies: readonly string[];
  recommend(input: { userIds: number[]; strategy: string; limit: number; preferences?: Preferences }): Promise<GroupPick[]>;
}

export interface ApiLimits {
  /** Request bodies above this get 413. */
  bodyBytes: number;
  /** Per API key, sliding one-minute window. */
  requestsPerMinute: number;
}

export interface ApiDeps {
  database: Database;
  repos: Repositories;
  apiKeys: ApiKeysRepository;
  engine: RecommendationEngine;
  catalog: ApiCatalog;
  /** The bot's natural-language parser: text -> preferences and the "Looking for: ..." echo. */
  understand?: ((text: string) => { preferences: Preferences; description: string }) | undefined;
  groups?: GroupRecommender | undefined;
  metrics: ApiMetrics;
  limits: ApiLimits;
  /** Where the per-key buckets live; default this process's memory (one API process). */
  rateLimit?: RateLimit | undefined;
  logger: Logger;
  /** Online evaluation: impressions of what the API answers (src/insights). */
  insights?: InsightsRecorder | undefined;
  /** Is a model loaded (for /readyz)? */
  modelReady(): boolean;
  /**
   * Who may read /metrics: everyone (the server listens on loopback only), or callers with
   * the bearer `token` or an admin API key. Default: everyone.
   */
  metricsAccess?: { open: boolean; token?: string | undefined } | undefined;
}

export const DEFAULT_LIMITS: ApiLimits = { bodyBytes: 16 * 1024, requestsPerMinute: 600 };

/** What a route handler gets: the dependencies plus the core's feedback service (built by buildApi). */
export type RouteDeps = ApiDeps & { feedback: FeedbackService };
