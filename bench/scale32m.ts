/**
 * `npm run bench -- scale32m`: the recommender at MovieLens 32M's shape (200,000 users,
 * 87,585 films, 32M ratings, generated from a seed: src/recommender/loaders/movielens-shaped.ts).
 * Not in the default run: the full size takes 20-25 minutes on a shared 2-core machine and 4 GB.
 * REELMATE_BENCH_SCALE_RATINGS=4000000 runs the same shape smaller (users in proportion).
 *
 * Needs a PostgreSQL server (REELMATE_TEST_PG_URL): a database is created for the run and
 * dropped after it. Three kinds of process: one trains and publishes (its peak RSS is
 * training's), then one and then two serving processes load the model as the service does
 * and answer fresh top-10 requests, each driven by its own main thread.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../src/db/client.js';
import { shapeFor, type ServeCommand, type ServeReport, type TrainReport } from './scale32m-shape.js';
import type { BenchTable } from './table.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const mib = (b: number) => b / 2 ** 20;
const la = (x: number) => x.toFixed(1);

function child(file: string, args: string[]): ChildProcess {
  return fork(here(file), args, { cwd: root, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** The next message of a type from a child; rejects if it exits first. */
function next<T>(c: ChildProcess, type?: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (type && (m as { type?: string }).type !== type) return;
      cleanup();
      resolve(m as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${c.spawnargs.join(' ').slice(0, 80)} exited (code ${code}) before reporting`));
    };
    const cleanup = () => {
      c.off('message', onMessage);
      c.off('exit', onExit);
    };
    c.on('message', onMessage);
    c.on('exit', onExit);
  });
}

const command = (c: ChildProcess, m: ServeCommand) => c.send(m);

async function withScratchDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `reelmate_scale_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    (await openDatabase({ url: url.toString(), maxConnections: 1 })).close(); // migrated
    return await fn(url.toString());
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Rounds per second of the arithmetic spinner: one process alone, then two at once (summed). */
async function cpuCeiling(seconds: number): Promise<{ one: number; two: number; load: number }> {
  const spin = async () => {
    const c = child('./cpu-ceiling.ts', [String(seconds)]);
    const r = await next<{ rounds: number; seconds: number }>(c, 'ceiling');
    return r.rounds / r.seconds;
  };
  const one = await spin();
  const two = (await Promise.all([spin(), spin()])).reduce((a, b) => a + b, 0);
  return { one, two, load: loadavg()[0]! };
}

interface Served {
  loads: Extract<ServeReport, { type: 'loaded' }>[];
  latency: Extract<ServeReport, { type: 'latency' }>;
  one: Extract<ServeReport, { type: 'throughput' }>;
  two: Extract<ServeReport, { type: 'throughput' }>[];
}

async function serve(url: string, seconds: number): Promise<Served> {
  const a = child('./scale32m-serve.ts', [url, '1']);
  const b = child('./scale32m-serve.ts', [url, '2']);
  try {
    const loadA = await next<Extract<ServeReport, { type: 'loaded' }>>(a, 'loaded');
    command(a, { type: 'latency', requests: 300 });
    const latency = await next<Served['latency']>(a, 'latency');
    command(a, { type: 'throughput', seconds });
    const one = await next<Served['one']>(a, 'throughput');
    // the second process loads while the first idles, then both run at once
    const loadB = await next<Extract<ServeReport, { type: 'loaded' }>>(b, 'loaded');
    const both = [next<Served['one']>(a, 'throughput'), next<Served['one']>(b, 'throughput')];
    command(a, { type: 'throughput', seconds });
    command(b, { type: 'throughput', seconds });
    return { loads: [loadA, loadB], latency, one, two: await Promise.all(both) };
  } finally {
    for (const c of [a, b]) if (c.exitCode === null) c.kill('SIGTERM');
  }
}

export async function run(): Promise<BenchTable[]> {
  const adminUrl = process.env.REELMATE_TEST_PG_URL;
  if (!adminUrl) {
    console.error('bench scale32m: set REELMATE_TEST_PG_URL to a PostgreSQL server (a scratch database is created there)');
    return [];
  }
  const shape = shapeFor(Number(process.env.REELMATE_BENCH_SCALE_RATINGS ?? 32_000_000));
  const seconds = Number(process.env.REELMATE_BENCH_SCALE_SECONDS ?? 20);
  return withScratchDatabase(adminUrl, async (url) => {
    const trainer = child('./scale32m-train.ts', [JSON.stringify(shape), url]);
    const t = await next<TrainReport>(trainer);
    const s = await serve(url, seconds);
    const ceiling = await cpuCeiling(Math.min(seconds, 10));
    const rate = (r: Served['one']) => r.requests / r.seconds;
    const twoRate = s.two.reduce((n, r) => n + rate(r), 0);
    const title = `scale: ml-32m-shaped synthetic data, ${t.ratings.toLocaleString('en-US')} ratings (${t.users.toLocaleString('en-US')} users x ${t.films.toLocaleString('en-US')} films)`;
    return [
      {
        title,
        columns: ['what', 'measured', 'load average', 'goal (32M)'],
        rows: [
          [
            'generate the ratings (seeded) / index them (CSR + CSC)',
            `${t.generateSeconds.toFixed(1)} s / ${t.buildSeconds.toFixed(1)} s`,
            '',
            '',
          ],
          [
            'train: fit the hybrid, tuning included (wall / CPU of all its threads)',
            `${t.fitSeconds.toFixed(0)} s (tuning ${t.tuneSeconds.toFixed(0)} s) / ${t.fitCpuSeconds.toFixed(0)} CPU s`,
            la(t.fitLoad),
            '< 20 min',
          ],
          [
            'train: peak RSS after the fit / after publishing',
            `${(t.peakAfterFitMiB / 1024).toFixed(2)} / ${(t.peakMiB / 1024).toFixed(2)} GiB`,
            '',
            '< 8 GB',
          ],
          ['model size (with its catalogue)', `${mib(t.modelBytes).toFixed(0)} MiB`, '', ''],
          [
            'encode / publish to PostgreSQL (binary COPY in 4 MiB chunks)',
            `${t.encodeSeconds.toFixed(1)} s / ${t.publishSeconds.toFixed(1)} s`,
            la(t.publishLoad),
            'no size error',
          ],
          ...s.loads.map((l, i) => [
            `serve process ${i + 1}: read the chunks / build on the scoring thread`,
            `${l.readSeconds.toFixed(1)} s / ${l.buildSeconds.toFixed(1)} s`,
            la(l.load),
            '',
          ]),
          ...s.loads.map((l, i) => [
            `serve process ${i + 1}: RSS after loading / peak`,
            `${(l.rssMiB / 1024).toFixed(2)} / ${((i === 0 ? s.one : s.two[1]!).peakMiB / 1024).toFixed(2)} GiB`,
            '',
            '< 2 GB',
          ]),
          [
            'fresh top-10 (a new rating each, one at a time): p50 / p99',
            `${s.latency.p50.toFixed(0)} / ${s.latency.p99.toFixed(0)} ms`,
            la(s.latency.load),
            'p99 < 20 ms',
          ],
          ['throughput, one serve process', `${rate(s.one).toFixed(1)} req/s`, la(s.one.load), ''],
          [
            'CPU per request, one serve process: whole process / its main thread (load generator and replies)',
            `${(s.one.cpuMs / s.one.requests).toFixed(2)} / ${(s.one.mainBusyMs / s.one.requests).toFixed(2)} ms`,
            '',
            '',
          ],
          [
            'throughput, two serve processes at once',
            `${twoRate.toFixed(1)} req/s (${(twoRate / rate(s.one)).toFixed(2)}x)`,
            la(Math.max(...s.two.map((r) => r.load))),
            '>= 1.7x',
          ],
          [
            "the cores' own ceiling: an arithmetic loop, two processes at once against one",
            `${(ceiling.two / ceiling.one).toFixed(2)}x`,
            la(ceiling.load),
            '',
          ],
        ],
        notes: [
          `${cpus().length} cores shared by everything: the trainer (its MF and kNN passes on worker threads), then each serve process = one scoring worker thread + a main thread that reads the model and generates the load (two requests in flight, ${seconds} s per throughput run); the two serve processes run at once, nothing else of the bench runs beside them.`,
          'Fresh: each request carries a training user plus one new rating under a new state stamp, so no history or score cache answers it: ranked from candidates as `reelmate serve` ranks a plain request on a catalogue this big (REELMATE_CANDIDATES_MIN_FILMS), then exclusions, top-k, stars and explanations for the 10 picks.',
          "The trainer builds its data from generated rating columns, not from the database (importing 32M rows is the import bench's subject); everything after the fit is what `reelmate train` and `reelmate serve` do.",
          `Load average at the end: ${loadavg().map(la).join(' ')} (the machine is shared; wall times include waiting for a core).`,
        ],
      },
    ];
  });
}
