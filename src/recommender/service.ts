/**
 * The RecommendationEngine port on the database: what a request needs of the user
 * (serving/user-states.ts), which model answers it (serving/model-holder.ts: the active version,
 * swapped without a pause, and versions an experiment pins), recent answers, and precomputed
 * lists on big catalogues. Scoring runs on worker threads, fed compact typed arrays.
 */
import { isExclusive } from '../db/changes.js';
import type { Database } from '../db/client.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { userVersions } from '../db/repositories/user-versions.js';
import type { Explanation, Recommendation, RecommendationEngine, RecommendRequest, RecommendResult } from '../core/ports.js';
import { configValue } from '../config.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { CANDIDATE_DEFAULTS } from './candidates.js';
import { answerableFromList, pageOfList, PRECOMPUTED_LIST_SIZE } from './precomputed.js';
import { isRankingParamKey, type RankingOverrides } from './ranking-params.js';
import { requestKey, ResultCache } from './result-cache.js';
import type { CandidateSettings } from './serving/candidate-scores.js';
import { createModelHolder, defaultScoringThreads } from './serving/model-holder.js';
import { userInput as input, UserStates } from './serving/user-states.js';
import type { HyperParams } from './types.js';

export { defaultScoringThreads } from './serving/model-holder.js';

export interface RecommendationServiceOptions {
  logger?: Logger | undefined;
  /** Train and publish a model when the database has none (default true). */
  autoTrain?: boolean | undefined;
  /** How often to look for a newer model version, ms (default 5000; 0 = never). */
  pollMs?: number | undefined;
  /** Hyperparameters for an automatic training. */
  params?: HyperParams | undefined;
  /** Marks written by other processes are picked up after this long, ms (default 30000). */
  marksTtlMs?: number | undefined;
  /**
   * Scoring worker threads (default: defaultScoringThreads()). 0 scores on the calling
   * thread, as a library or a test may want; a server should not.
   */
  workers?: number | undefined;
  /**
   * Candidates before ranking (serving/candidate-scores.ts) on catalogues of at least
   * `minFilms` films (default: REELMATE_CANDIDATES_MIN_FILMS); smaller ones are scored whole.
   */
  candidates?: Partial<CandidateSettings> | undefined;
}

export interface RecommendationService extends RecommendationEngine {
  /** Resolves once a model is loaded (or none can be). */
  ready(): Promise<void>;
  /** Check for a newer active model now; true when one was loaded. */
  refresh(): Promise<boolean>;
  /** Load a published version beside the active one (an experiment's challenger); false when it cannot be served. */
  prepareVersion(version: number): Promise<boolean>;
  /**
   * Compute and store the user's plain top-N list (precomputed.ts) for the active model; false
   * when the catalogue is below the candidates threshold (lists are for big catalogues only)
   * or there is no model.
   */
  precompute(userId: number): Promise<boolean>;
  /** The active model keeps precomputed lists (a big catalogue): what `precompute` would write now. */
  keepsLists(): boolean;
  /** Plain requests answered from a stored list, and those that had to be scored, since start. */
  listStats(): { hits: number; misses: number };
  close(): Promise<void>;
}

/** Recommendation answers kept for reuse (a few KB each). */
const MAX_CACHED_RESULTS = 5_000;

export function createRecommendationService(database: Database, opts: RecommendationServiceOptions = {}): RecommendationService {
  const log = opts.logger ?? silentLogger;
  const repos: Repositories = createRepositories(database.db);
  // Alone on its database this process hears every mark (they bump the user's version);
  // otherwise marks written elsewhere are re-read after the TTL.
  const marksTtl = isExclusive(database) ? Number.POSITIVE_INFINITY : (opts.marksTtlMs ?? 30_000);
  const users = new UserStates(repos, userVersions(database), marksTtl);
  const results = new ResultCache(MAX_CACHED_RESULTS);
  const listStats = { hits: 0, misses: 0 };
  const candidates: CandidateSettings = {
    ...CANDIDATE_DEFAULTS,
    minFilms: configValue('REELMATE_CANDIDATES_MIN_FILMS'),
    ...opts.candidates,
  };
  const models = createModelHolder(database, repos, {
    log,
    threads: opts.workers ?? defaultScoringThreads(),
    candidates,
    autoTrain: opts.autoTrain ?? true,
    params: opts.params,
    pollMs: opts.pollMs ?? 5000,
    onSwitch: () => results.clear(),
  });
  const { withModel } = models;
  const userState = (userId: number) => users.get(userId);

  return {
    ready: async () => {
      await withModel(
        () => undefined,
        async () => undefined,
      );
    },
    refresh: () => models.refresh(),

    precompute: (userId: number): Promise<boolean> =>
      withModel(
        () => false,
        async (l) => {
          if (!l.big || !l.info) return false;
          // the version read before scoring: a rating landing meanwhile makes the list stale, never wrong
          const state = await userState(userId);
          const result = await l.runner.call(state.userId, { op: 'recommend', args: { user: input(state), limit: PRECOMPUTED_LIST_SIZE } });
          await repos.recommendationLists.put({
            userId,
            modelVersion: l.info.id,
            ratingsVersion: state.ratingsVersion,
            items: result.items,
          });
          return true;
        },
      ),

    keepsLists: () => models.keepsLists(),

    listStats: () => ({ ...listStats }),

    recommend: (request: RecommendRequest): Promise<RecommendResult> =>
      withModel<RecommendResult>(
        () => ({ items: [], relaxed: [] }),
        async (l) => {
          if (request.limit <= 0) return { items: [], relaxed: [] };
          const state = await userState(request.userId);
          const key = requestKey(request);
          const cached = results.get(key, state, state.stamp, l);
          if (cached) return cached;
          if (l.big && l.info && answerableFromList(request)) {
            const list = await repos.recommendationLists.get(state.userId);
            const page = list && pageOfList(list, { modelVersion: l.info.id, ratingsVersion: state.ratingsVersion }, request);
            if (page) {
              listStats.hits++;
              const fromList: RecommendResult = { ...page, modelVersion: l.info.id };
              results.set(key, state, state.stamp, l, fromList);
              return fromList;
            }
            listStats.misses++;
          }
          const answer = await l.runner.call(state.userId, {
            op: 'recommend',
            args: {
              user: input(state, request.exclude),
              limit: request.limit,
              offset: request.offset,
              preferences: request.preferences,
              diversity: request.diversity,
              blend: rankingOverrides(request.rankBlend),
            },
          });
          const result: RecommendResult = { ...answer, modelVersion: l.info?.id ?? null };
          results.set(key, state, state.stamp, l, result);
          return result;
        },
        request.modelVersion,
      ),

    prepareVersion: (version: number): Promise<boolean> => models.prepareVersion(version),

    predict: (userId: number, movieIds: readonly number[]): Promise<Map<number, number>> =>
      withModel(
        () => new Map(movieIds.map((id) => [id, Number.NaN])),
        async (l) => {
          const state = await userState(userId);
          const stars = await l.runner.call(userId, { op: 'predict', user: input(state), movieIds: Int32Array.from(movieIds) });
          return new Map(movieIds.map((id, t) => [id, stars[t]!]));
        },
      ),

    misery: (userId: number, movieIds: readonly number[]): Promise<Map<number, number>> =>
      withModel(
        () => new Map(movieIds.map((id) => [id, Number.NaN])),
        async (l) => {
          const state = await userState(userId);
          const risk = await l.runner.call(userId, { op: 'misery', user: input(state), movieIds: Int32Array.from(movieIds) });
          return new Map(movieIds.map((id, t) => [id, risk[t]!]));
        },
      ),

    similar: (movieId: number, limit: number, userId?: number): Promise<Recommendation[]> =>
      withModel(
        () => [],
        async (l) => {
          if (limit <= 0) return [];
          const state = userId !== undefined ? await userState(userId) : null;
          return l.runner.call(userId ?? movieId, { op: 'similar', movieId, limit, user: state ? input(state) : null });
        },
      ),

    explain: (userId: number, movieId: number): Promise<Explanation> =>
      withModel(
        () => ({ movieId, predicted: Number.NaN, lines: ["I don't know this movie well enough to say."] }),
        async (l) => l.runner.call(userId, { op: 'explain', user: input(await userState(userId)), movieId }),
      ),

    async onRatingChanged(userId: number): Promise<void> {
      // the next scoring folds the new history in: no retraining
      users.ratingsChanged(userId);
    },

    async onMarksChanged(userId: number): Promise<void> {
      users.marksChanged(userId);
    },

    modelInfo() {
      const info = models.active();
      return {
        version: info?.id ?? null,
        algorithm: info?.algorithm ?? 'hybrid',
        trainedAt: info?.trainedAt ?? null,
        metrics: info?.metrics ?? {},
      };
    },

    close: () => models.close(),
  };
}

/** The request's ranking overrides that are ranking parameters (anything else is ignored). */
function rankingOverrides(blend: Readonly<Record<string, number>> | undefined): RankingOverrides | undefined {
  if (!blend) return undefined;
  const out: RankingOverrides = {};
  let any = false;
  for (const [k, v] of Object.entries(blend)) {
    if (isRankingParamKey(k) && Number.isFinite(v)) {
      out[k] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}
