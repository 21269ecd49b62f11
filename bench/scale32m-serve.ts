/**
 * A serving process of `bench -- scale32m`: loads the active model from the database the way
 * the service does (its chunks read into one SharedArrayBuffer, the serving model built on a
 * scoring worker thread: one on 2 cores, as defaultScoringThreads gives), then answers fresh
 * top-10 requests when the parent asks. Its main thread is the load generator: it builds each
 * request from a training user's ratings plus one new rating (a new state stamp, so nothing is
 * cached) and keeps two requests in flight, so the scoring thread never waits for the next.
 */
import { loadavg } from 'node:os';
import { decodeModel, f32, i32 } from '../src/recommender/codec.js';
import { openDatabase } from '../src/db/client.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { rng } from '../src/recommender/loaders/splits.js';
import { configValue } from '../src/config.js';
import { CANDIDATE_DEFAULTS } from '../src/recommender/candidates.js';
import { WorkerGeneration } from '../src/recommender/serving/pool.js';
import { DEFAULT_SCORE_BYTES, type UserInput } from '../src/recommender/serving/scorer.js';
import type { ServeCommand, ServeReport } from './scale32m-shape.js';

const send = (m: ServeReport) => process.send?.(m);

async function main(): Promise<void> {
  const [url, seedArg] = process.argv.slice(2);
  if (!url) throw new Error('usage: scale32m-serve <database url> [seed]');
  const database = await openDatabase({ url, migrate: false, maxConnections: 2 });
  const models = createRepositories(database.db).models;
  const info = await models.activeInfo();
  if (!info) throw new Error('no active model');
  const t0 = performance.now();
  const shared = new SharedArrayBuffer(info.sizeBytes);
  await models.readInto(info, new Uint8Array(shared));
  await database.close();
  const t1 = performance.now();
  // candidates before ranking as `reelmate serve` has them (the catalogue is past the threshold)
  const candidates = { ...CANDIDATE_DEFAULTS, minFilms: configValue('REELMATE_CANDIDATES_MIN_FILMS') };
  const pool = await WorkerGeneration.start(shared, { threads: 1, maxScoreBytes: DEFAULT_SCORE_BYTES, candidates });
  const t2 = performance.now();
  send({
    type: 'loaded',
    readSeconds: (t1 - t0) / 1000,
    buildSeconds: (t2 - t1) / 1000,
    load: loadavg()[0]!,
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  });

  // the training histories, as views of the shared bytes (the codec does not copy those)
  const outer = decodeModel(new Uint8Array(shared));
  const inner = outer.arrays.hybrid;
  if (!(inner instanceof Uint8Array)) throw new Error('not a serving model');
  const model = decodeModel(inner, 'hybrid');
  const itemIds = i32(model, 'itemIds');
  const userIds = i32(model, 'userIds');
  const userPtr = i32(model, 'hist.userPtr');
  const userItems = i32(model, 'hist.userItems');
  const userRatings = f32(model, 'hist.userRatings');
  const rand = rng(Number(seedArg ?? 1));
  let stamp = 1;
  const request = (): { route: number; user: UserInput } => {
    const u = Math.floor(rand() * userIds.length);
    const a = userPtr[u]!;
    const b = userPtr[u + 1]!;
    const movieIds = new Int32Array(b - a + 1);
    const ratings = new Float32Array(b - a + 1);
    for (let k = a; k < b; k++) (movieIds[k - a] = itemIds[userItems[k]!]!), (ratings[k - a] = userRatings[k]!);
    // one new rating, of a film outside the history: a fresh answer
    let item = Math.floor(rand() * itemIds.length);
    while (userItems.subarray(a, b).includes(item)) item = (item + 1) % itemIds.length;
    movieIds[b - a] = itemIds[item]!;
    ratings[b - a] = 4.5;
    return { route: userIds[u]!, user: { userId: userIds[u]!, stateKey: stamp++, movieIds, ratings, excluded: new Int32Array(0) } };
  };
  const ask = async () => {
    const { route, user } = request();
    return pool.call(route, { op: 'recommend', args: { user, limit: 10 } });
  };

  process.on('message', (m: ServeCommand) => {
    void (async () => {
      if (m.type === 'stop') {
        await pool.retire();
        process.exit(0);
      }
      if (m.type === 'latency') {
        const ms: number[] = [];
        for (let i = 0; i < m.requests + 20; i++) {
          const t = performance.now();
          await ask();
          if (i >= 20) ms.push(performance.now() - t); // the first 20 warm the JIT up
        }
        ms.sort((x, y) => x - y);
        const at = (p: number) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]!;
        send({ type: 'latency', p50: at(50), p99: at(99), requests: ms.length, load: loadavg()[0]! });
      }
      if (m.type === 'throughput') {
        const end = performance.now() + m.seconds * 1000;
        let done = 0;
        const lane = async () => {
          while (performance.now() < end) {
            await ask();
            done++;
          }
        };
        const t = performance.now();
        const cpu = process.cpuUsage();
        const elu = performance.eventLoopUtilization();
        await Promise.all([lane(), lane()]);
        const seconds = (performance.now() - t) / 1000;
        const used = process.cpuUsage(cpu);
        send({
          type: 'throughput',
          requests: done,
          seconds,
          cpuMs: (used.user + used.system) / 1000,
          mainBusyMs: performance.eventLoopUtilization(elu).active,
          load: loadavg()[0]!,
          peakMiB: process.resourceUsage().maxRSS / 1024,
        });
      }
    })().catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
