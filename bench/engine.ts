/**
 * `npm run bench -- engine`: the serving engine off the main thread, on ml-latest-small (PGlite,
 * and the PostgreSQL server when REELMATE_BENCH_PG_URL or REELMATE_TEST_PG_URL is set):
 *  - fresh top-10 requests (a user never scored before, so the whole catalogue is scored) at 50
 *    concurrent, with scoring on the main thread (workers 0, as before) or on 1-2 worker
 *    threads, and how late a 10 ms timer on the main thread fires meanwhile:
 *    what starves a platform's acknowledgement timer;
 *  - publishing and loading the model: chunks by binary COPY against one bytea parameter (the
 *    previous storage);
 *  - the slowest request while a new model version is switched in under steady load.
 */
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/client.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { createRecommendationService, type RecommendationService } from '../src/recommender/service.js';
import { trainAndPublish } from '../src/recommender/train.js';
import { openServerDatabase, openTestDatabase } from '../tests/helpers/db.js';
import { openSeededTestDatabase } from '../tests/helpers/seeded.js';
import { percentile, type BenchTable } from './table.js';

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

async function movieLensUsers(database: Database): Promise<number[]> {
  const rows = await database.rows<{ id: number }>(sql`SELECT id FROM users WHERE platform = 'movielens' ORDER BY id`);
  return rows.map((r) => r.id);
}

/** `total` requests from `clients` concurrent callers; every user asked once per service (fresh scoring). */
async function burst(svc: RecommendationService, users: number[], clients: number, total: number) {
  // How late a 10 ms timer fires on this (the main) thread: what a platform's acknowledgement timer suffers.
  const late: number[] = [];
  let expected = performance.now() + 10;
  const probe = setInterval(() => {
    const now = performance.now();
    late.push(Math.max(0, now - expected));
    expected = now + 10;
  }, 10);
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total) {
        const u = users[next++ % users.length]!;
        const t = performance.now();
        const r = await svc.recommend({ userId: u, limit: 10 });
        lat.push(performance.now() - t);
        if (r.items.length !== 10) throw new Error(`user ${u}: ${r.items.length} picks`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(probe);
  late.push(Math.max(0, performance.now() - expected));
  lat.sort((a, b) => a - b);
  late.sort((a, b) => a - b);
  return {
    rps: total / seconds,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    eldP99: percentile(late, 99),
    eldMax: late[late.length - 1]!,
  };
}

async function scoringTable(database: Database, users: number[]): Promise<BenchTable> {
  const rows: (string | number)[][] = [];
  for (const workers of [0, 1, 2]) {
    const svc = createRecommendationService(database, { pollMs: 0, workers, autoTrain: false });
    await svc.ready();
    // warm-up on users the timed run does not ask (JIT, worker start)
    await burst(svc, users.slice(0, 60), 10, 60);
    const timed = users.slice(60, 560);
    const r = await burst(svc, timed, 50, timed.length);
    rows.push([
      workers === 0 ? 'main thread (before)' : `${workers} worker${workers > 1 ? 's' : ''}`,
      50,
      timed.length,
      r.rps,
      r.p50,
      r.p99,
      r.eldP99,
      r.eldMax,
    ]);
    await svc.close();
  }
  return {
    title: `engine: fresh top-10 at 50 concurrent requests, ${database.kind} (each user scored for the first time)`,
    columns: ['scoring on', 'concurrent', 'requests', 'req/s', 'p50 ms', 'p99 ms', '10 ms timer late p99 ms', 'late max ms'],
    rows,
    notes: [
      'timer late: how much later than due a 10 ms interval timer on the main thread fires while the burst runs: a platform acknowledgement timer fires that late',
      `load average while measuring: ${load()} (2 cores; the callers share the main thread with the service)`,
    ],
  };
}

async function storageRows(database: Database, label: string, blob: Uint8Array): Promise<(string | number)[][]> {
  const repos = createRepositories(database.db);
  let t = performance.now();
  const v = await repos.models.publish({ algorithm: 'bench', params: {}, metrics: {}, blob, ratingsCount: 0 });
  const publish = (performance.now() - t) / 1000;
  t = performance.now();
  const into = new Uint8Array(new SharedArrayBuffer(v.sizeBytes));
  await repos.models.readInto(v, into);
  const read = (performance.now() - t) / 1000;
  if (Buffer.compare(into, blob) !== 0) throw new Error('model bytes differ after a round trip');
  // the previous storage: one bytea value through the driver's parameter (hex text)
  await database.db.execute(sql`CREATE TEMP TABLE IF NOT EXISTS bench_blob (id serial, data bytea)`);
  t = performance.now();
  await database.db.execute(sql`INSERT INTO bench_blob (data) VALUES (${Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength)})`);
  const oldWrite = (performance.now() - t) / 1000;
  t = performance.now();
  await database.rows(sql`SELECT data FROM bench_blob ORDER BY id DESC LIMIT 1`);
  const oldRead = (performance.now() - t) / 1000;
  const mib = (blob.length / 2 ** 20).toFixed(1);
  return [
    [label, `${mib} MiB model`, 'chunks by binary COPY (now)', publish, read],
    [label, `${mib} MiB model`, 'one bytea parameter (before)', oldWrite, oldRead],
  ];
}

async function switchRows(database: Database, users: number[]): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [];
  for (const workers of [0, 1]) {
    const svc = createRecommendationService(database, { pollMs: 0, workers, autoTrain: false });
    await svc.ready();
    await burst(svc, users.slice(0, 40), 10, 40);
    const published = await trainAndPublish(database, { params: { stars: 'baseline', wContent: 0.2 + workers * 0.01 }, tune: false }); // the bench measures the switch, not the tuning
    const lat: number[] = [];
    let done = false;
    let i = 0;
    const t0 = performance.now();
    const clients = Array.from({ length: 10 }, async () => {
      while (!done) {
        const t = performance.now();
        await svc.recommend({ userId: users[i++ % users.length]!, limit: 10 + (i % 30) });
        lat.push(performance.now() - t);
      }
    });
    const switched = await svc.refresh();
    const switchSeconds = (performance.now() - t0) / 1000;
    done = true;
    await Promise.all(clients);
    if (!switched || svc.modelInfo().version !== published.version.id) throw new Error('the model did not switch');
    lat.sort((a, b) => a - b);
    rows.push([
      workers === 0 ? 'main thread (before)' : `${workers} worker`,
      switchSeconds,
      lat.length,
      percentile(lat, 50),
      percentile(lat, 99),
      lat[lat.length - 1]!,
    ]);
    await svc.close();
  }
  return rows;
}

export async function run(): Promise<BenchTable[]> {
  const tables: BenchTable[] = [];
  const database = await openSeededTestDatabase('pglite');
  let model: Uint8Array;
  try {
    if (!(await createRepositories(database.db).models.activeInfo())) await trainAndPublish(database, { tune: false });
    const active = (await createRepositories(database.db).models.activeInfo())!;
    model = (await createRepositories(database.db).models.load(active.id))!.blob;
    const users = await movieLensUsers(database);
    tables.push(await scoringTable(database, users));
    tables.push({
      title: 'engine: a new model version switched in under load (10 clients asking in a loop, PGlite)',
      columns: ['scoring on', 'read + build s', 'requests meanwhile', 'p50 ms', 'p99 ms', 'max ms'],
      rows: await switchRows(database, users),
      notes: ['goal: no request slower than 500 ms during the switch', `load average: ${load()}`],
    });
  } finally {
    await database.dispose();
  }
  const storage: (string | number)[][] = [];
  const pg = await openTestDatabase('pglite');
  try {
    storage.push(...(await storageRows(pg, 'PGlite', model)));
  } finally {
    await pg.dispose();
  }
  const serverUrl = process.env.REELMATE_BENCH_PG_URL || process.env.REELMATE_TEST_PG_URL;
  if (serverUrl) {
    process.env.REELMATE_TEST_PG_URL = serverUrl;
    const server = await openServerDatabase();
    try {
      storage.push(...(await storageRows(server, 'PostgreSQL server', model)));
      const big = new Uint8Array(300 * 2 ** 20);
      const words = new Uint32Array(big.buffer);
      for (let i = 0; i < words.length; i++) words[i] = Math.imul(i, 2654435761) >>> 0;
      const repos = createRepositories(server.db);
      await server.db.execute(sql`CREATE TEMP TABLE IF NOT EXISTS bench_blob (id serial, data bytea)`);
      let t = performance.now();
      const v = await repos.models.publish({ algorithm: 'bench', params: {}, metrics: {}, blob: big, ratingsCount: 0 });
      const publish = (performance.now() - t) / 1000;
      t = performance.now();
      await repos.models.readInto(v, new Uint8Array(new SharedArrayBuffer(v.sizeBytes)));
      storage.push(['PostgreSQL server', '300 MiB synthetic', 'chunks by binary COPY (now)', publish, (performance.now() - t) / 1000]);
      const failure = await server.db
        .execute(sql`INSERT INTO bench_blob (data) VALUES (${Buffer.from(big.buffer)})`)
        .then(() => 'stored')
        .catch((e: unknown) => {
          const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
          return `fails: ${(cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!.slice(0, 70)}`;
        });
      storage.push(['PostgreSQL server', '300 MiB synthetic', 'one bytea parameter (before)', failure, '']);
    } finally {
      await server.dispose();
    }
  }
  tables.push({
    title: 'engine: publishing and reading a model',
    columns: ['database', 'size', 'storage', 'publish s', 'read s'],
    rows: storage,
    notes: [`load average: ${load()}`, 'read: into shared memory, where the worker threads view it without a copy'],
  });
  return tables;
}
