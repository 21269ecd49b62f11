/**
 * The training process of `bench -- scale32m` (a child, so its peak RSS is training's own):
 * MovieLens-shaped ratings generated from a seed, TrainingData built from them as
 * `reelmate train` builds it from the database's rating columns, the hybrid fitted with
 * tuning as the trainer fits it, encoded with its catalogue and published into the bench's
 * database. Reports its phases to the parent over IPC.
 */
import { loadavg } from 'node:os';
import { openDatabase } from '../src/db/client.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { buildTrainingData } from '../src/recommender/data.js';
import { Hybrid } from '../src/recommender/hybrid.js';
import { movieLensShaped } from '../src/recommender/loaders/movielens-shaped.js';
import { encodeServingModel } from '../src/recommender/serving/model-file.js';
import type { TrainingData } from '../src/recommender/types.js';
import type { ScaleShape, TrainReport } from './scale32m-shape.js';

const peakMiB = () => process.resourceUsage().maxRSS / 1024;
const load1 = () => loadavg()[0]!;

async function main(): Promise<void> {
  const [shapeJson, url] = process.argv.slice(2);
  if (!shapeJson || !url) throw new Error('usage: scale32m-train <shape json> <database url>');
  const shape = JSON.parse(shapeJson) as ScaleShape;
  const t0 = performance.now();
  let data: TrainingData;
  let generateSeconds: number;
  {
    const triples = movieLensShaped({ ...shape, seed: 32 });
    generateSeconds = (performance.now() - t0) / 1000;
    // the rating columns as the trainer reads them from the database, and the whole catalogue
    // indexed (as the trainer does), rated or not; the columns are dropped once indexed
    const catalogue = Int32Array.from({ length: shape.films }, (_, i) => i + 1);
    data = buildTrainingData(triples, { extraMovieIds: catalogue });
  }
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const hybrid = new Hybrid({ tune: true });
  await hybrid.fit(data);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const fitLoad = load1();
  const peakAfterFit = peakMiB();
  const blob = encodeServingModel(hybrid, new Map());
  const t3 = performance.now();
  const database = await openDatabase({ url, migrate: false, maxConnections: 2 });
  try {
    await createRepositories(database.db).models.publish({
      algorithm: hybrid.name,
      params: { ...hybrid.params },
      metrics: { ratings: data.nRatings, users: data.nUsers, items: data.nItems, blob_bytes: blob.length },
      blob,
      ratingsCount: data.nRatings,
    });
  } finally {
    await database.close();
  }
  const t4 = performance.now();
  const report: TrainReport = {
    ratings: data.nRatings,
    users: data.nUsers,
    films: data.nItems,
    generateSeconds,
    buildSeconds: (t1 - t0) / 1000 - generateSeconds,
    fitSeconds: (t2 - t1) / 1000,
    fitCpuSeconds: (cpu.user + cpu.system) / 1e6,
    fitLoad,
    tuneSeconds: hybrid.tuning?.seconds ?? 0,
    peakAfterFitMiB: peakAfterFit,
    encodeSeconds: (t3 - t2) / 1000,
    modelBytes: blob.length,
    publishSeconds: (t4 - t3) / 1000,
    publishLoad: load1(),
    peakMiB: peakMiB(),
  };
  process.send?.(report);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
