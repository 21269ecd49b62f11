/**
 * Which model versions this process serves, and where their requests run. The active version
 * is read in chunks into shared memory and built by new scoring workers while the old ones keep
 * answering; then one assignment switches every later request to it, and the old workers stop
 * once their last request is answered. A request runs wholly on the version it started with.
 * Versions an experiment pins are loaded beside the active one (pins.ts).
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Database } from '../../db/client.js';
import type { ModelVersionInfo, Repositories } from '../../db/repositories/index.js';
import type { Logger } from '../../util/logger.js';
import { loadCatalogMeta, trainAndPublish } from '../train.js';
import type { HyperParams, ItemMeta } from '../types.js';
import type { CandidateSettings } from './candidate-scores.js';
import { dispatch } from './dispatch.js';
import { CatalogueMissingError, decodeServingModel } from './model-file.js';
import { PinnedVersions } from './pins.js';
import { WorkerGeneration } from './pool.js';
import type { Answer, Call } from './protocol.js';
import { DEFAULT_SCORE_BYTES, Scorer } from './scorer.js';

/**
 * One worker on up to two cores: the main thread needs the other one for I/O, the database
 * (PGlite runs on it) and the adapters; measured in `npm run bench -- engine`. With more
 * cores, all but one.
 */
export function defaultScoringThreads(cores = availableParallelism()): number {
  return cores <= 2 ? 1 : Math.min(8, cores - 1);
}

/** Where a loaded model's requests run. */
export interface Runner {
  call<C extends Call>(route: number, call: C): Promise<Answer<C>>;
  stop(): Promise<void>;
}

export interface Loaded {
  info: ModelVersionInfo | null;
  runner: Runner;
  /** Ranks from candidates (a big catalogue): plain requests may be answered from precomputed lists. */
  big: boolean;
  /** Requests running on this version; a retired version stops when this reaches 0. */
  inFlight: number;
  retired: boolean;
}

export interface ModelHolderOptions {
  log: Logger;
  /** Scoring worker threads; 0 scores on the calling thread. */
  threads: number;
  candidates: CandidateSettings;
  /** Train and publish a model when the database has none. */
  autoTrain: boolean;
  params?: HyperParams | undefined;
  /** How often to look for a newer active version, ms (0 = never). */
  pollMs: number;
  /** Called when another version becomes the active one (answers cached for the old one are void). */
  onSwitch(): void;
}

/**
 * Published versions that experiments pin beside the active one, each with its own scoring
 * workers and a copy of its model: bounded, least recently asked first out.
 */
const MAX_PINNED_VERSIONS = 2;
/** A version that could not be loaded is tried again after this long. */
const PIN_RETRY_MS = 60_000;
/** What the first start's automatic training changes (see loadActive). */
const FIRST_START_PARAMS: HyperParams = { tuneCarves: 1 };

export interface ModelHolder {
  /**
   * Run `f` on the active version (or, when `version` is given and loaded, that pinned one),
   * held so it is not stopped under the request; `none()` when there is no model.
   */
  withModel<T>(none: () => T, f: (l: Loaded) => Promise<T>, version?: number): Promise<T>;
  /** Look for a newer active version now; true when one was adopted. */
  refresh(): Promise<boolean>;
  /** Load a pinned version now; false when it cannot be served. */
  prepareVersion(version: number): Promise<boolean>;
  active(): ModelVersionInfo | null;
  /** The active model ranks from candidates (a big catalogue), so its users' lists are kept. */
  keepsLists(): boolean;
  close(): Promise<void>;
}

function inProcessRunner(scorer: Scorer): Runner {
  return {
    call: async (_route, call) => dispatch(scorer, call),
    stop: async () => {},
  };
}

function workerRunner(g: WorkerGeneration): Runner {
  return { call: (route, call) => g.call(route, call), stop: () => g.retire() };
}

export function createModelHolder(database: Database, repos: Repositories, o: ModelHolderOptions): ModelHolder {
  const { log, threads, candidates } = o;
  let loaded: Loaded | null = null;
  let loading: Promise<Loaded | null> | null = null;
  let closed = false;

  /** Build a runner for published bytes: workers (off this thread) or, with no threads, here. */
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

  /** A stored version's bytes, read in chunks into memory the workers share. */
  async function read(info: ModelVersionInfo): Promise<SharedArrayBuffer> {
    const t0 = performance.now();
    const bytes = new SharedArrayBuffer(info.sizeBytes);
    await repos.models.readInto(info, new Uint8Array(bytes));
    const seconds = round((performance.now() - t0) / 1000);
    log.info(
      { phase: 'load', version: info.id, bytes: info.sizeBytes, seconds },
      `phase load: model v${info.id} (${(info.sizeBytes / 2 ** 20).toFixed(1)} MiB) read in ${seconds.toFixed(1)} s`,
    );
    return bytes;
  }

  async function loadActive(): Promise<Loaded | null> {
    const info = await repos.models.activeInfo();
    if (info) {
      if (loaded?.info?.id === info.id) return loaded;
      if (info.algorithm === 'hybrid') return load(info, await read(info));
      log.warn({ version: info.id, algorithm: info.algorithm }, 'active model is not a hybrid; ignoring it');
    }
    if (loaded) return loaded;
    if (!o.autoTrain) {
      log.warn('no trained model in the database and autoTrain is off: recommendations are empty until `reelmate train`');
      return null;
    }
    log.info('no trained model yet: training one');
    // The first start tunes on one validation carve, half the tuning's CPU, so the first
    // answer comes in under 30 s on two cores; `reelmate train` (and the worker) measure two.
    const t = await trainAndPublish(database, { params: { ...FIRST_START_PARAMS, ...o.params }, logger: log });
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
      return load(info, await read(info));
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
    o.onSwitch();
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

  /** The version a request runs on, held until `release`. A pinned version once it is loaded. */
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
    o.pollMs > 0
      ? setInterval(() => {
          if (polling || closed) return;
          polling = true;
          refresh()
            .catch((e: unknown) => log.warn({ err: e }, 'model poll failed'))
            .finally(() => {
              polling = false;
            });
        }, o.pollMs)
      : null;
  timer?.unref();

  return {
    withModel,
    refresh,
    async prepareVersion(version) {
      if (closed) return false;
      await acquire().then((l) => l && release(l)); // the active model first: it is what answers meanwhile
      if (loaded?.info?.id === version) return true;
      return pins.get(version).ready;
    },
    active: () => loaded?.info ?? null,
    keepsLists: () => Boolean(loaded?.big && loaded.info),
    async close() {
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
