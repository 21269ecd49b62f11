/**
 * The RecommendationEngine port on the database. The main thread keeps what the database says
 * (the active model version, each user's ratings and marks, checked against
 * users.ratings_version) and recent answers; scoring runs on worker threads (serving/pool.ts),
 * one set per model version, fed compact typed arrays. A new version is read in chunks into
 * shared memory and built by new workers while the old ones keep answering; then one
 * assignment switches every later request to it, and the old workers stop once their last
 * request is answered. A request runs wholly on the version it started with.
 */
import { availableParallelism } from 'node:os';
import { LRUCache } from 'lru-cache';
import { performance } from 'node:perf_hooks';
import { isExclusive } from '../db/changes.js';
import type { Database } from '../db/client.js';
import { createRepositories, type ModelVersionInfo, type Repositories } from '../db/repositories/index.js';
import { userVersions } from '../db/repositories/user-versions.js';
import type { Explanation, Recommendation, RecommendationEngine, RecommendRequest, RecommendResult } from '../core/ports.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { answerableFromList, pageOfList, PRECOMPUTED_LIST_SIZE } from './precomputed.js';
import { isRankingParamKey, type RankingOverrides } from './ranking-params.js';
import { requestKey, ResultCache } from './result-cache.js';
import { configValue } from '../config.js';
import { CANDIDATE_DEFAULTS } from './candidates.js';
import type { CandidateSettings } from './serving/candidate-scores.js';
import { dispatch } from './serving/dispatch.js';
import { CatalogueMissingError, decodeServingModel } from './serving/model-file.js';
import { PinnedVersions } from './serving/pins.js';
import { WorkerGeneration } from './serving/pool.js';
import type { Answer, Call } from './serving/protocol.js';
import { DEFAULT_SCORE_BYTES, Scorer, type UserInput } from './serving/scorer.js';
import { loadCatalogMeta, trainAndPublish } from './train.js';
import type { HyperParams, ItemMeta } from './types.js';

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
  /** Plain requests answered from a stored list, and those that had to be scored, since start. */
  listStats(): { hits: number; misses: number };
  close(): Promise<void>;
}

/**
 * One worker on up to two cores: the main thread needs the other one for I/O, the database
 * (PGlite runs on it) and the adapters; measured in `npm run bench -- engine`. With more
 * cores, all but one.
 */
export function defaultScoringThreads(cores = availableParallelism()): number {
  return cores <= 2 ? 1 : Math.min(8, cores - 1);
}

/** Where a loaded model's requests run. */
interface Runner {
  call<C extends Call>(route: number, call: C): Promise<Answer<C>>;
  stop(): Promise<void>;
}

interface Loaded {
  info: ModelVersionInfo | null;
  runner: Runner;
  /** Ranks from candidates (a big catalogue): plain requests may be answered from precomputed lists. */
  big: boolean;
  /** Requests running on this version; a retired version stops when this reaches 0. */
  inFlight: number;
  retired: boolean;
}

interface UserState {
  userId: number;
  ratingsVersion: number;
  ratings: Map<number, number>;
  marks: Set<number>;
  marksAt: number;
  /** Moves with every change to ratings or marks: cached answers carry the stamp they were computed at. */
  stamp: number;
  /** Unique per ratings read: the workers key their cached history and scores by it. */
  stateKey: number;
  movieIds: Int32Array;
  stars: Float32Array;
}

/** Users whose ratings and marks stay cached in memory; older entries are re-read on demand. */
const MAX_CACHED_USERS = 20_000;
/** Recommendation answers kept for reuse (a few KB each). */
const MAX_CACHED_RESULTS = 5_000;
/**
 * Published versions that experiments pin beside the active one, each with its own scoring
 * workers and a copy of its model: bounded, least recently asked first out.
 */
const MAX_PINNED_VERSIONS = 2;
/** A version that could not be loaded is tried again after this long. */
const PIN_RETRY_MS = 60_000;

let stateKeys = 0;

function inProcessRunner(scorer: Scorer): Runner {
  return {
    call: async (_route, call) => dispatch(scorer, call),
    stop: async () => {},
  };
}

function workerRunner(g: WorkerGeneration): Runner {
  return { call: (route, call) => g.call(route, call), stop: () => g.retire() };
}

export function createRecommendationService(database: Database, opts: RecommendationServiceOptions = {}): RecommendationService {
  const log = opts.logger ?? silentLogger;
  const repos: Repositories = createRepositories(database.db);
  const autoTrain = opts.autoTrain ?? true;
  const threads = opts.workers ?? defaultScoringThreads();
  // Alone on its database this process hears every mark (they bump the user's version);
  // otherwise marks written elsewhere are re-read after the TTL.
  const marksTtl = isExclusive(database) ? Number.POSITIVE_INFINITY : (opts.marksTtlMs ?? 30_000);
  // Any user id can be asked about (the API): the least recently used states go first.
  const users = new LRUCache<number, UserState>({ max: MAX_CACHED_USERS });
  const versions = userVersions(database);
  const results = new ResultCache(MAX_CACHED_RESULTS);
  const listStats = { hits: 0, misses: 0 };
  const candidates: CandidateSettings = {
    ...CANDIDATE_DEFAULTS,
    minFilms: configValue('REELMATE_CANDIDATES_MIN_FILMS'),
    ...opts.candidates,
  };
  let loaded: Loaded | null = null;
  let loading: Promise<Loaded | null> | null = null;
  let closed = false;

  /** Build a runner for published bytes: workers (off this thread) or, with workers: 0, here. */
  async function runnerFor(bytes: SharedArrayBuffer, catalogue?: Map<number, ItemMeta>): Promise<Runner> {
    if (threads <= 0)
      return inProcessRunner(new Scorer(decodeServingModel(new Uint8Array(bytes), catalogue), DEFAULT_SCORE_BYTES, candidates));
    const g = await WorkerGeneration.start(bytes, {
      threads,
      maxScoreBytes: Math.floor(DEFAULT_SCORE_BYTES / threads),
      candidates,
      catalogue,
      onWorkerDeath: (e) => log.error({ err: e }, 'a scoring worker died; starting another'),
    });
    return workerRunner(g);
  }

  async function load(info: ModelVersionInfo | null, bytes: SharedArrayBuffer): Promise<Loaded> {
    const t0 = performance.now();
    let runner: Runner;
    try {
      runner = await runnerFor(bytes);
    } catch (e) {
      if (!(e instanceof CatalogueMissingError)) throw e;
      runner = await runnerFor(bytes, await loadCatalogMeta(repos)); // a model from before the catalogue travelled with it
    }
    const seconds = round((performance.now() - t0) / 1000);
    log.info(
      { phase: 'build', version: info?.id ?? null, threads, seconds },
      `phase build: model v${info?.id ?? '?'} ready to serve on ${threads || 'this'} thread${threads === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`,
    );
    const { candidates: big } = await runner.call(0, { op: 'describe' });
    return { info, runner, big, inFlight: 0, retired: false };
  }

  async function loadActive(): Promise<Loaded | null> {
    const info = await repos.models.activeInfo();
    if (info) {
      if (loaded?.info?.id === info.id) return loaded;
      if (info.algorithm === 'hybrid') {
        const t0 = performance.now();
        const bytes = new SharedArrayBuffer(info.sizeBytes);
        await repos.models.readInto(info, new Uint8Array(bytes));
        const seconds = round((performance.now() - t0) / 1000);
        log.info(
          { phase: 'load', version: info.id, bytes: info.sizeBytes, seconds },
          `phase load: model v${info.id} (${(info.sizeBytes / 2 ** 20).toFixed(1)} MiB) read in ${seconds.toFixed(1)} s`,
        );
        return load(info, bytes);
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
    const bytes = new SharedArrayBuffer(t.blob.byteLength);
    new Uint8Array(bytes).set(t.blob);
    return load(t.version, bytes);
  }

  function retireIfIdle(l: Loaded): void {
    if (l.retired && l.inFlight === 0)
      void l.runner.stop().catch((e: unknown) => log.warn({ err: e }, 'stopping old scoring workers failed'));
  }

  const pins = new PinnedVersions<Loaded>({
    max: MAX_PINNED_VERSIONS,
    retryMs: PIN_RETRY_MS,
    async loadVersion(version) {
      const info = await repos.models.info(version);
      if (!info || info.algorithm !== 'hybrid' || closed) {
        log.warn({ version }, 'an experiment asks for a model version that is not a stored hybrid; serving the active model instead');
        return null;
      }
      const bytes = new SharedArrayBuffer(info.sizeBytes);
      await repos.models.readInto(info, new Uint8Array(bytes));
      return load(info, bytes);
    },
    retire(l) {
      l.retired = true;
      retireIfIdle(l);
    },
    onFailure: (version, e) => log.warn({ err: e, version }, 'loading a pinned model version failed; serving the active model instead'),
  });

  /** Serve `next` from now on (one assignment: every later request sees it); the old version stops when idle. */
  function adopt(next: Loaded | null): void {
    if (next === loaded) return;
    const old = loaded;
    loaded = next;
    results.clear();
    // a pinned version that became the active one is served by `next` now
    if (next?.info) pins.drop(next.info.id);
    if (old) {
      old.retired = true;
      retireIfIdle(old);
    }
  }

  function startLoading(): Promise<Loaded | null> {
    return (loading ??= loadActive().finally(() => {
      loading = null;
    }));
  }

  /**
   * The version a request runs on, held until `release`: it is not stopped under the request.
   * A request pinned to another version gets that one once it is loaded.
   */
  async function acquire(version?: number): Promise<Loaded | null> {
    if (!loaded) {
      const next = await startLoading();
      if (closed) {
        if (next) next.retired = true;
        if (next) retireIfIdle(next);
        return null;
      }
      adopt(next);
    }
    let l = loaded;
    if (version !== undefined && l?.info && l.info.id !== version && !closed) l = pins.ready(version) ?? l;
    if (l) l.inFlight++;
    return l;
  }

  function release(l: Loaded): void {
    l.inFlight--;
    retireIfIdle(l);
  }

  async function withModel<T>(none: () => T, f: (l: Loaded) => Promise<T>, version?: number): Promise<T> {
    const l = await acquire(version);
    if (!l) return none();
    try {
      return await f(l);
    } finally {
      release(l);
    }
  }

  async function refresh(): Promise<boolean> {
    if (closed) return false;
    const before = loaded;
    const next = await startLoading();
    if (closed) return false;
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
        stateKey: ++stateKeys,
        movieIds: Int32Array.from(rows, (r) => r.movieId),
        stars: Float32Array.from(rows, (r) => r.rating),
      };
      users.set(userId, state);
    }
    if (state.marksAt === 0 || Date.now() - state.marksAt > marksTtl) {
      state.marks = user ? new Set((await repos.marks.forUser(userId)).map((m) => m.movieId)) : new Set();
      state.marksAt = Date.now();
      state.stamp++;
    }
    return state;
  }

  /** What a worker needs of a user: ratings and everything not to show, as typed arrays. */
  function input(state: UserState, extra?: Iterable<number>): UserInput {
    const excluded = extra ? [...state.marks, ...extra] : [...state.marks];
    return {
      userId: state.userId,
      stateKey: state.stateKey,
      movieIds: state.movieIds,
      ratings: state.stars,
      excluded: Int32Array.from(excluded),
    };
  }

  return {
    ready: async () => {
      await withModel(
        () => undefined,
        async () => undefined,
      );
    },
    refresh,

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

    prepareVersion: async (version: number): Promise<boolean> => {
      if (closed) return false;
      await acquire().then((l) => l && release(l)); // the active model first: it is what answers meanwhile
      if (loaded?.info?.id === version) return true;
      return pins.get(version).ready;
    },

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
      pins.close();
      const pending = await loading?.catch(() => null);
      if (pending && pending !== loaded) await pending.runner.stop(); // loaded for nobody
      const l = loaded;
      loaded = null;
      if (l) {
        l.retired = true;
        // requests still running finish on it; then its workers stop
        if (l.inFlight === 0) await l.runner.stop();
      }
    },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

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
