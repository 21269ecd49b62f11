/**
 * What recording impressions costs a recommendation: the same answer asked for plainly, and
 * through the experiment-aware engine with the impression scope (assignment, notes, buffer),
 * once with the recorder writing to PGlite in the background and once with a database that
 * never answers (every write hangs). Calls alternate between the variants so machine noise
 * falls on all alike; the engine underneath answers at once, so the difference is the cost.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { RecommendationEngine, RecommendResult } from '../src/core/ports.js';
import { openDatabase } from '../src/db/client.js';
import { ExperimentsRepository } from '../src/db/repositories/experiments.js';
import { InsightsRepository } from '../src/db/repositories/insights.js';
import { UsersRepository } from '../src/db/repositories/users.js';
import { experimentEngine } from '../src/experiments/engine.js';
import { InsightsRecorder, type InsightsStore } from '../src/insights/recorder.js';
import { noteShown, withInsightScope } from '../src/insights/scope.js';
import { percentile, type BenchTable } from './table.js';
import { openServerDatabase } from '../tests/helpers/db.js';
import type { Database } from '../src/db/client.js';

const ITERATIONS = 5_000;
const USERS = 200;

function fixedEngine(): RecommendationEngine {
  const result: RecommendResult = {
    items: Array.from({ length: 10 }, (_, i) => ({ movieId: 100 + i, score: 1 - i / 10, predicted: 4, reason: 'because', source: 'ease' })),
    relaxed: [],
  };
  return {
    recommend: async () => result,
    predict: async () => new Map(),
    similar: async () => [],
    explain: async (_u, movieId) => ({ movieId, predicted: 4, lines: [] }),
    onRatingChanged: async () => {},
    onMarksChanged: async () => {},
    modelInfo: () => ({ version: 1, algorithm: 'hybrid', trainedAt: null, metrics: {} }),
  };
}

/** Write 50,000 impressions in batches of 2,000: wall time and this process's CPU per row. */
async function writeCost(database: Database, label: string): Promise<(string | number)[]> {
  const users = new UsersRepository(database.db);
  const ids: number[] = [];
  for (let u = 0; u < USERS; u++) ids.push((await users.ensure({ platform: 'bench-w', externalId: String(u) })).id);
  const repo = new InsightsRepository(database);
  const total = 50_000;
  const batch = 2_000;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let done = 0; done < total; done += batch) {
    await repo.insertImpressions(
      Array.from({ length: batch }, (_, i) => ({
        userId: ids[(done + i) % USERS]!,
        movieId: 100 + (i % 10),
        surface: 'bench',
        kind: 'recommend',
        position: i % 10,
        modelVersion: 1,
        experimentId: null,
        variant: null,
        shownAt: Date.now(),
      })),
    );
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return [label, (1000 * wall) / total, (cpu.user + cpu.system) / total, (10 * (cpu.user + cpu.system)) / total];
}

export async function run(): Promise<BenchTable[]> {
  const embedded = await openDatabase({});
  const writeRows = [await writeCost(embedded, 'PGlite (in this process)')];
  await embedded.close();
  const serverUrl = process.env.REELMATE_BENCH_PG_URL || process.env.REELMATE_TEST_PG_URL;
  if (serverUrl) {
    process.env.REELMATE_TEST_PG_URL = serverUrl;
    const server = await openServerDatabase();
    try {
      writeRows.push(await writeCost(server, 'PostgreSQL server (postgres.js)'));
    } finally {
      await server.dispose();
    }
  }
  const database = await openDatabase({});
  const users = new UsersRepository(database.db);
  const ids: number[] = [];
  for (let u = 0; u < USERS; u++) ids.push((await users.ensure({ platform: 'bench', externalId: String(u) })).id);
  await new ExperimentsRepository(database.db).create({
    name: 'bench',
    mode: 'ab',
    variants: [
      { name: 'a', share: 0.5, config: {} },
      { name: 'b', share: 0.5, config: {} },
    ],
  });
  const inner = fixedEngine();
  const served = experimentEngine(inner, { source: new ExperimentsRepository(database.db) });
  await served.refreshExperiments();
  // time spent in the background writes: on PGlite that is this thread's time too
  const repo = new InsightsRepository(database);
  let writeMs = 0;
  let writes = 0;
  const timedStore: InsightsStore = {
    insertImpressions: async (rows) => {
      const t0 = performance.now();
      try {
        return await repo.insertImpressions(rows);
      } finally {
        writeMs += performance.now() - t0;
        writes++;
      }
    },
    insertEngagements: (rows, days) => repo.insertEngagements(rows, days),
    purge: (before) => repo.purge(before),
  };
  const live = new InsightsRecorder(timedStore, { retentionDays: 0, maxBuffered: 1_000_000, flushMs: 200 });
  let hung = 0;
  const never = new Promise<number>(() => {});
  const stalledStore: InsightsStore = {
    insertImpressions: () => (hung++, never),
    insertEngagements: () => (hung++, never),
    purge: async () => ({ impressions: 0, engagements: 0 }),
  };
  const stalled = new InsightsRecorder(stalledStore, { retentionDays: 0, flushMs: 50 });

  const plain = async (userId: number) => {
    const r = await inner.recommend({ userId, limit: 10 });
    return r.items.length;
  };
  const recorded = (recorder: InsightsRecorder) => (userId: number) =>
    withInsightScope('bench', recorder, async () => {
      const r = await served.recommend({ userId, limit: 10 });
      noteShown(
        userId,
        r.items.map((i) => i.movieId),
      );
      return r.items.length;
    });
  const variants: [string, (u: number) => Promise<number>][] = [
    ['plain engine call', plain],
    ['with experiments + impressions, PGlite writing', recorded(live)],
    ['with experiments + impressions, database hung', recorded(stalled)],
  ];
  const times = variants.map(() => [] as number[]);
  const load0 = os.loadavg()[0]!;
  for (let i = 0; i < ITERATIONS; i++) {
    const userId = ids[i % USERS]!;
    for (let v = 0; v < variants.length; v++) {
      const k = (i + v) % variants.length; // rotate the order
      const t0 = performance.now();
      await variants[k]![1](userId);
      times[k]!.push(performance.now() - t0);
    }
    // let timers run (the recorders' flushes), as a server's event loop would between requests
    await new Promise((r) => setImmediate(r));
  }
  const load1 = os.loadavg()[0]!;
  const flushStart = performance.now();
  await live.close();
  const flushMs = performance.now() - flushStart;
  const liveStats = live.stats();
  const stalledStats = stalled.stats();
  served.stop();
  await database.close();

  const base = [...times[0]!].sort((a, b) => a - b);
  const rows = variants.map(([name], k) => {
    const s = [...times[k]!].sort((a, b) => a - b);
    return [
      name,
      percentile(s, 50) * 1000,
      percentile(s, 99) * 1000,
      (percentile(s, 50) - percentile(base, 50)) * 1000,
      (percentile(s, 99) - percentile(base, 99)) * 1000,
    ];
  });
  return [
    {
      title: `insights: what recording impressions adds to a recommendation (${ITERATIONS} calls each, 10 cards, ${USERS} users; load average ${load0.toFixed(1)} -> ${load1.toFixed(1)})`,
      columns: ['path', 'p50 µs', 'p99 µs', '+p50 µs', '+p99 µs'],
      rows,
      notes: [
        `PGlite recorder: ${liveStats.written} rows written in ${writes} background batches taking ${writeMs.toFixed(0)} ms in all (${((1000 * writeMs) / liveStats.written).toFixed(1)} µs a row, ${((1000 * writeMs) / ITERATIONS).toFixed(0)} µs per recommendation of 10 cards; on PGlite this runs on the main thread between answers), ${liveStats.dropped} dropped; the last flush at close took ${flushMs.toFixed(0)} ms`,
        `hung database: ${hung} writes waiting for ever, ${stalledStats.buffered} rows held (bound 50,000), ${stalledStats.dropped} dropped instead of held: memory stays bounded and answers do not wait`,
        'target: < 200 µs added per recommendation, nothing added when the database is slow',
      ],
    },
    {
      title: `insights: writing impressions in batches of 2,000 (50,000 rows; load average ${os.loadavg()[0]!.toFixed(1)})`,
      columns: ['database', 'wall µs/row', 'this process CPU µs/row', 'CPU µs per 10-card answer'],
      rows: writeRows,
      notes: ["this process's CPU is what competes with answering: on PGlite the database runs on the main thread"],
    },
  ];
}
