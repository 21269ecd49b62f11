/**
 * Training from the database: every current rating plus the whole catalogue (so the content
 * model can score movies nobody rated yet), fit the hybrid, store it as a new active model
 * version. Running services notice the new version and switch without a restart.
 */
import { performance } from 'node:perf_hooks';
import type { Database } from '../db/client.js';
import { createRepositories, type Movie, type ModelVersionInfo, type Repositories } from '../db/repositories/index.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { buildTrainingData } from './data.js';
import { Hybrid } from './hybrid.js';
import { encodeServingModel } from './serving/model-file.js';
import type { FitOptions, HyperParams, ItemMeta, TrainingData } from './types.js';

export function movieToMeta(m: Movie, tags: readonly string[] = []): ItemMeta {
  return {
    movieId: m.id,
    title: m.title,
    year: m.year ?? null,
    genres: m.genres,
    tags: [...tags],
    keywords: m.keywords ?? [],
    directors: m.directors ?? [],
    cast: m.cast ?? [],
    overview: m.overview ?? null,
    runtime: m.runtime ?? null,
    language: m.originalLanguage ?? null,
  };
}

/** The catalogue as ItemMeta by movie id. */
export async function loadCatalogMeta(repos: Repositories): Promise<Map<number, ItemMeta>> {
  const [movies, tags] = await Promise.all([repos.movies.all(), repos.movies.tagsByMovie()]);
  return new Map(movies.map((m) => [m.id, movieToMeta(m, tags.get(m.id))]));
}

export async function trainingDataFromDatabase(repos: Repositories): Promise<{ data: TrainingData; meta: Map<number, ItemMeta> }> {
  const [meta, triples] = await Promise.all([loadCatalogMeta(repos), repos.ratings.allAsArrays()]);
  const data = buildTrainingData(
    { userIds: triples.userIds, movieIds: triples.movieIds, ratings: triples.values },
    { meta, extraMovieIds: meta.keys() },
  );
  return { data, meta };
}

export interface TrainOptions {
  params?: HyperParams | undefined;
  /**
   * Tune the ranking blend and the coverage trade-off on a validation part of this data first
   * (default true; the result is kept with the model). False keeps the stored defaults.
   */
  tune?: boolean | undefined;
  logger?: Logger | undefined;
  fit?: FitOptions | undefined;
  /** Make it the active model (default true); false publishes a challenger for an experiment. */
  activate?: boolean | undefined;
}

export interface TrainResult {
  version: ModelVersionInfo;
  hybrid: Hybrid;
  meta: Map<number, ItemMeta>;
  /** What was published: the model with its catalogue (serving/model-file.ts). */
  blob: Uint8Array;
  fitSeconds: number;
  /** Seconds spent storing the model. */
  saveSeconds: number;
}

/** Fit the hybrid on everything in the database and publish it (as the active model unless `activate` is false). */
export async function trainAndPublish(database: Database, opts: TrainOptions = {}): Promise<TrainResult> {
  const log = opts.logger ?? silentLogger;
  const repos = createRepositories(database.db);
  const t0 = performance.now();
  const { data, meta } = await trainingDataFromDatabase(repos);
  const t1 = performance.now();
  log.info(
    { phase: 'read ratings', ratings: data.nRatings, users: data.nUsers, items: data.nItems, seconds: round((t1 - t0) / 1000) },
    `phase read ratings: ${((t1 - t0) / 1000).toFixed(1)} s; training a model on ${data.nRatings.toLocaleString('en-US')} ratings`,
  );
  const hybrid = new Hybrid({ tune: opts.tune ?? true, ...opts.params });
  await hybrid.fit(data, opts.fit);
  const fitSeconds = (performance.now() - t1) / 1000;
  const tuning = hybrid.tuning;
  if (tuning)
    log.info(
      { phase: 'tune', seconds: tuning.seconds, trials: tuning.trials, chosen: tuning.chosen, skipped: tuning.skipped },
      tuning.skipped
        ? `phase tune: skipped (${tuning.skipped})`
        : `phase tune: ${tuning.trials} settings in ${tuning.seconds.toFixed(1)} s; validation NDCG@10 ${tuning.chosenNdcg.toFixed(4)} at ${(100 * tuning.chosenCoverage).toFixed(1)}% coverage (best ${tuning.bestNdcg.toFixed(4)})`,
    );
  log.info({ phase: 'fit', seconds: round(fitSeconds) }, `phase fit: ${fitSeconds.toFixed(1)} s (tuning included)`);
  const t2 = performance.now();
  const blob = encodeServingModel(hybrid, meta);
  const version = await repos.models.publish({
    algorithm: hybrid.name,
    params: { ...hybrid.params },
    metrics: {
      fit_s: round(fitSeconds),
      load_s: round((t1 - t0) / 1000),
      ratings: data.nRatings,
      users: data.nUsers,
      items: data.nItems,
      blob_bytes: blob.length,
      ...(tuning && !tuning.skipped
        ? { tune_s: tuning.seconds, tune_trials: tuning.trials, tune_val_ndcg: tuning.chosenNdcg, tune_val_coverage: tuning.chosenCoverage }
        : {}),
    },
    blob,
    ratingsCount: data.nRatings,
    activate: opts.activate,
  });
  const saveSeconds = (performance.now() - t2) / 1000;
  log.info(
    { phase: 'save', version: version.id, seconds: round(saveSeconds), bytes: blob.length },
    `phase save: model v${version.id} (${(blob.length / 2 ** 20).toFixed(1)} MiB) published in ${saveSeconds.toFixed(1)} s`,
  );
  return { version, hybrid, meta, blob, fitSeconds, saveSeconds };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
