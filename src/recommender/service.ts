/**
 * The RecommendationEngine port on the database: loads the active model version (training
 * one when there is none and autoTrain is on), polls for newer versions so running bots
 * switch without a restart, caches each user's ratings and marks (checked against
 * users.ratings_version), and runs the pure pipeline for every request.
 */
import { isExclusive } from '../db/changes.js';
import type { Database } from '../db/client.js';
import { createRepositories, type ModelVersionInfo, type Repositories } from '../db/repositories/index.js';
import { userVersions } from '../db/repositories/user-versions.js';
import type { Explanation, Recommendation, RecommendationEngine, RecommendRequest, RecommendResult } from '../core/ports.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { becauseYouLiked, explainPick } from './explain.js';
import { Hybrid } from './hybrid.js';
import { displayTitle, explainContext, recommendPicks, scoreUser, servingModel, userScoresBytes, type ServingModel, type UserScores } from './pipeline.js';
import { requestKey, ResultCache, ScoreCache } from './result-cache.js';
import { similarityToSeeds, similarReason } from './similar.js';
import { topK } from './topk.js';
import { loadCatalogMeta, trainAndPublish } from './train.js';
import type { HyperParams, ItemMeta, UserHistory } from './types.js';

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
}

export interface RecommendationService extends RecommendationEngine {
  /** Resolves once a model is loaded (or none can be). */
  ready(): Promise<void>;
  /** Check for a newer active model now; true when one was loaded. */
  refresh(): Promise<boolean>;
  close(): Promise<void>;
}

interface Loaded {
  info: ModelVersionInfo | null;
  model: ServingModel;
}

interface UserState {
  userId: number;
  ratingsVersion: number;
  ratings: Map<number, number>;
  marks: Set<number>;
  marksAt: number;
  /** Moves with every change to ratings or marks: cached answers carry the stamp they were computed at. */
  stamp: number;
  /** History in the loaded model's item space, rebuilt lazily when ratings or the model change. */
  history: UserHistory | null;
  historyModel: ServingModel | null;
}

function placeholder(movieId: number): ItemMeta {
  return { movieId, title: `#${movieId}`, year: null, genres: [], tags: [], keywords: [], directors: [], cast: [], overview: null, runtime: null, language: null };
}

/** Users whose ratings and marks stay cached in memory; older entries are re-read on demand. */
const MAX_CACHED_USERS = 20_000;
/** Recommendation answers kept for reuse (a few KB each). */
const MAX_CACHED_RESULTS = 5_000;
/** Whole-catalogue scores kept for reuse: about 160 KB a user on ml-latest-small, 400 users. */
const MAX_SCORE_BYTES = 64 * 2 ** 20;

export function createRecommendationService(database: Database, opts: RecommendationServiceOptions = {}): RecommendationService {
  const log = opts.logger ?? silentLogger;
  const repos: Repositories = createRepositories(database.db);
  const autoTrain = opts.autoTrain ?? true;
  // Alone on its database this process hears every mark (they bump the user's version);
  // otherwise marks written elsewhere are re-read after the TTL.
  const marksTtl = isExclusive(database) ? Number.POSITIVE_INFINITY : (opts.marksTtlMs ?? 30_000);
  const users = new Map<number, UserState>();
  const versions = userVersions(database);
  const results = new ResultCache(MAX_CACHED_RESULTS);
  const scoreCache = new ScoreCache<UserScores>(MAX_SCORE_BYTES, userScoresBytes);
  let loaded: Loaded | null = null;
  let loading: Promise<Loaded | null> | null = null;
  let closed = false;

  async function serve(hybrid: Hybrid, info: ModelVersionInfo | null, meta?: Map<number, ItemMeta>): Promise<Loaded> {
    const catalogue = meta ?? (await loadCatalogMeta(repos));
    const items = Array.from(hybrid.itemIds, (id) => catalogue.get(id) ?? placeholder(id));
    return { info, model: servingModel(hybrid, items) };
  }

  async function loadActive(): Promise<Loaded | null> {
    const info = await repos.models.activeInfo();
    if (info) {
      if (loaded?.info?.id === info.id) return loaded;
      const row = await repos.models.load(info.id);
      if (row && row.info.algorithm === 'hybrid') {
        const hybrid = new Hybrid();
        hybrid.load(row.blob);
        log.info({ version: info.id }, 'model loaded');
        return serve(hybrid, info);
      }
      log.warn({ version: info.id, algorithm: info.algorithm }, 'active model is not a hybrid; ignoring it');
    }
    if (loaded) return loaded;
    if (!autoTrain) {
      log.warn('no trained model in the database and autoTrain is off: recommendations are empty until `reelmate train`');
      return null;
    }
    log.info('no trained model yet: training one');
    const t = await trainAndPublish(database, { params: opts.params, logger: log });
    return serve(t.hybrid, t.version, t.meta);
  }

  /** Serve `next` from now on; nothing cached keeps the previous model alive. */
  function adopt(next: Loaded | null): void {
    if (next === loaded) return;
    loaded = next;
    results.clear();
    scoreCache.clear();
    for (const state of users.values()) {
      state.history = null;
      state.historyModel = null;
    }
  }

  async function current(): Promise<Loaded | null> {
    if (loaded) return loaded;
    loading ??= loadActive().finally(() => {
      loading = null;
    });
    adopt(await loading);
    return loaded;
  }

  async function refresh(): Promise<boolean> {
    if (closed) return false;
    const before = loaded;
    const next = await (loading ??= loadActive().finally(() => {
      loading = null;
    }));
    if (next && next !== before) {
      adopt(next);
      return true;
    }
    return false;
  }

  let polling = false;
  const timer =
    (opts.pollMs ?? 5000) > 0
      ? setInterval(() => {
          if (polling || closed) return;
          polling = true;
          refresh()
            .catch((e: unknown) => log.warn({ err: e }, 'model poll failed'))
            .finally(() => {
              polling = false;
            });
        }, opts.pollMs ?? 5000)
      : null;
  timer?.unref();

  async function userState(userId: number): Promise<UserState> {
    const known = await versions.get(userId);
    const user = known !== undefined;
    const version = known ?? 0;
    let state = users.get(userId);
    if (!state || state.ratingsVersion !== version) {
      const rows = user ? await repos.ratings.forUser(userId) : [];
      state = {
        userId,
        ratingsVersion: version,
        ratings: new Map(rows.map((r) => [r.movieId, r.rating])),
        // the version also moves when marks change (in any process): read them again
        marks: state?.marks ?? new Set(),
        marksAt: 0,
        stamp: 0,
        history: null,
        historyModel: null,
      };
      users.delete(userId); // re-inserted last: the Map's order is least recently refreshed first
      users.set(userId, state);
      // Any user id can be asked about (the API); keep the cache bounded.
      if (users.size > MAX_CACHED_USERS) users.delete(users.keys().next().value!);
    }
    if (state.marksAt === 0 || Date.now() - state.marksAt > marksTtl) {
      state.marks = user ? new Set((await repos.marks.forUser(userId)).map((m) => m.movieId)) : new Set();
      state.marksAt = Date.now();
      state.stamp++;
    }
    return state;
  }

  function historyFor(state: UserState, model: ServingModel): UserHistory {
    if (state.history && state.historyModel === model) return state.history;
    const pairs: [number, number][] = [];
    for (const [movieId, rating] of state.ratings) {
      const i = model.hybrid.itemIndexOf(movieId);
      if (i !== undefined) pairs.push([i, rating]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    state.history = {
      items: Int32Array.from(pairs, (p) => p[0]),
      ratings: Float32Array.from(pairs, (p) => p[1]),
      userIndex: model.hybrid.userIndexOf(state.userId),
    };
    state.historyModel = model;
    return state.history;
  }

  /** The history's whole-catalogue scores, computed once per history object and model. */
  function scoresFor(userId: number, history: UserHistory, model: ServingModel): UserScores {
    let scored = scoreCache.get(userId, history, model);
    if (!scored) {
      scored = scoreUser(model, history);
      scoreCache.set(userId, history, model, scored);
    }
    return scored;
  }

  function exclusions(model: ServingModel, state: UserState | null, extra?: Iterable<number>): Uint8Array {
    const ex = new Uint8Array(model.hybrid.nItems);
    const mark = (movieId: number) => {
      const i = model.hybrid.itemIndexOf(movieId);
      if (i !== undefined) ex[i] = 1;
    };
    if (state) {
      for (const movieId of state.ratings.keys()) mark(movieId);
      for (const movieId of state.marks) mark(movieId);
    }
    if (extra) for (const movieId of extra) mark(movieId);
    return ex;
  }

  const toRecommendation = (model: ServingModel, p: { item: number; score: number; predicted: number; reason: string; source: string }): Recommendation => ({
    movieId: model.hybrid.itemIds[p.item]!,
    score: p.score,
    predicted: p.predicted,
    reason: p.reason,
    source: p.source,
  });

  return {
    ready: async () => {
      await current();
    },
    refresh,

    async recommend(request: RecommendRequest): Promise<RecommendResult> {
      const l = await current();
      if (!l || request.limit <= 0) return { items: [], relaxed: [] };
      const state = await userState(request.userId);
      const key = requestKey(request);
      const cached = results.get(key, state, state.stamp, l.model);
      if (cached) return cached;
      const history = historyFor(state, l.model);
      const { picks, relaxed } = recommendPicks(
        l.model,
        history,
        {
          limit: request.limit,
          offset: request.offset,
          preferences: request.preferences,
          excluded: exclusions(l.model, state, request.exclude),
        },
        scoresFor(state.userId, history, l.model),
      );
      const result = { items: picks.map((p) => toRecommendation(l.model, p)), relaxed };
      results.set(key, state, state.stamp, l.model, result);
      return result;
    },

    async predict(userId: number, movieIds: readonly number[]): Promise<Map<number, number>> {
      const out = new Map<number, number>();
      const l = await current();
      if (!l) {
        for (const id of movieIds) out.set(id, Number.NaN);
        return out;
      }
      const history = historyFor(await userState(userId), l.model);
      const known = movieIds.filter((id) => l.model.hybrid.itemIndexOf(id) !== undefined);
      const stars = l.model.hybrid.predictStars(history, Int32Array.from(known, (id) => l.model.hybrid.itemIndexOf(id)!));
      known.forEach((id, t) => out.set(id, stars[t]!));
      for (const id of movieIds) if (!out.has(id)) out.set(id, Number.NaN);
      return out;
    },

    async similar(movieId: number, limit: number, userId?: number): Promise<Recommendation[]> {
      const l = await current();
      const seed = l?.model.hybrid.itemIndexOf(movieId);
      if (!l || seed === undefined || limit <= 0) return [];
      const { model } = l;
      const state = userId !== undefined ? await userState(userId) : null;
      const { components: comps, scores } = similarityToSeeds(model, [seed]);
      const ex = exclusions(model, state, [movieId]);
      const picks = topK(scores, limit, (i) => ex[i] === 0 && scores[i]! > 0);
      // stars for this user, or, for nobody in particular, for someone who loved the seed
      const userHistory: UserHistory = state ? historyFor(state, model) : { items: Int32Array.of(seed), ratings: Float32Array.of(5) };
      const stars = model.hybrid.predictStars(userHistory, picks);
      const seedTitle = displayTitle(model.meta[seed]?.title ?? '');
      return Array.from(picks, (i, t) => {
        const source = comps.reduce((a, c) => (c.weight * c.scores[i]! > a.weight * a.scores[i]! ? c : a), comps[0]!).name;
        return {
          movieId: model.hybrid.itemIds[i]!,
          score: scores[i]!,
          predicted: stars[t]!,
          reason: similarReason(model.meta[seed]!, model.meta[i]!, seedTitle, source),
          source,
        };
      });
    },

    async explain(userId: number, movieId: number): Promise<Explanation> {
      const l = await current();
      const i = l?.model.hybrid.itemIndexOf(movieId);
      if (!l || i === undefined) return { movieId, predicted: Number.NaN, lines: ["I don't know this movie well enough to say."] };
      const history = historyFor(await userState(userId), l.model);
      const comps = scoresFor(userId, history, l.model).components;
      const picks = Int32Array.of(i);
      const predicted = l.model.hybrid.predictStars(history, picks)[0]!;
      const ctx = explainContext(l.model, history, comps, () => []);
      const e = explainPick(ctx, i, predicted, becauseYouLiked(ctx, picks, 3).get(i));
      return { movieId, predicted, lines: e.lines };
    },

    async onRatingChanged(userId: number): Promise<void> {
      // Read the user's ratings again on the next request (one indexed query) rather than
      // patch the cached state: a notice can arrive after other changes the state did or did
      // not see (another process, a late notice), and a patched state would vouch for ratings
      // it may lack. Either way the next scoring folds the new history in: no retraining.
      users.delete(userId);
    },

    async onMarksChanged(userId: number): Promise<void> {
      const state = users.get(userId);
      if (state) state.marksAt = 0;
    },

    modelInfo() {
      const info = loaded?.info ?? null;
      return {
        version: info?.id ?? null,
        algorithm: info?.algorithm ?? 'hybrid',
        trainedAt: info?.trainedAt ?? null,
        metrics: info?.metrics ?? {},
      };
    },

    async close(): Promise<void> {
      closed = true;
      if (timer) clearInterval(timer);
      await loading?.catch(() => null);
    },
  };
}
