/**
 * `npm run bench -- candidates`: candidates before ranking and precomputed lists.
 *  - At 87,585 films (ml-32m's count; a synthetic catalogue and ratings, since no shipped
 *    dataset has that many): fresh top-10 requests (a history the scorer has never seen, so
 *    nothing is cached) through the serving Scorer, scoring the whole catalogue or ranking
 *    candidates; and how many of the whole-catalogue top 10 the candidates keep.
 *  - Precomputed lists on ml-latest-small (PGlite, the candidates threshold forced to 0): the
 *    share of plain requests answered from a stored list under a stated workload.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createRepositories } from '../src/db/repositories/index.js';
import { precomputeLists } from '../src/jobs/precompute.js';
import { CANDIDATE_DEFAULTS } from '../src/recommender/candidates.js';
import { buildTrainingData } from '../src/recommender/data.js';
import { Hybrid } from '../src/recommender/hybrid.js';
import { syntheticRatings } from '../src/recommender/loaders/synthetic.js';
import { servingModel } from '../src/recommender/pipeline.js';
import { Scorer, type UserInput } from '../src/recommender/serving/scorer.js';
import { createRecommendationService } from '../src/recommender/service.js';
import { openSeededTestDatabase } from '../tests/helpers/seeded.js';
import { syntheticCatalogue } from './synthetic-catalogue.js';
import { percentile, type BenchTable } from './table.js';

const FILMS = 87_585;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** Wall and CPU milliseconds per call (on a shared machine the wall clock includes waiting for a core). */
class Timer {
  wall: number[] = [];
  cpu: number[] = [];
  time<T>(f: () => T): T {
    const c = process.cpuUsage();
    const t = performance.now();
    const out = f();
    this.wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    this.cpu.push((d.user + d.system) / 1000);
    return out;
  }
  stats(): number[] {
    const w = [...this.wall].sort((a, b) => a - b);
    const c = [...this.cpu].sort((a, b) => a - b);
    return [percentile(w, 50), percentile(w, 99), percentile(c, 50), percentile(c, 99)];
  }
}

let stateKeys = 0;

async function bigCatalogue(): Promise<BenchTable> {
  const users = Number(process.env.REELMATE_BENCH_CANDIDATE_USERS ?? 10_000);
  const t0 = performance.now();
  const triples = syntheticRatings({ users, items: FILMS, ratings: users * 100, seed: 5 });
  const meta = syntheticCatalogue(Int32Array.from({ length: FILMS }, (_, i) => i + 1));
  const data = buildTrainingData(triples, { meta: new Map(meta.map((m) => [m.movieId, m])), extraMovieIds: meta.map((m) => m.movieId) });
  const hybrid = new Hybrid({});
  await hybrid.fit(data);
  const built = (performance.now() - t0) / 1000;
  const model = servingModel(hybrid, data.items!);
  const exact = new Scorer(model, 0);
  const withCandidates = new Scorer(model, 0, { ...CANDIDATE_DEFAULTS, minFilms: 0 });
  // a user as the service hands them over: external ids, a new state key (nothing cached), 20 marks
  const userInput = (u: number, keep = Number.POSITIVE_INFINITY): UserInput => {
    const a = data.userPtr[u]!;
    const b = Math.min(data.userPtr[u + 1]!, a + keep);
    const movieIds = Int32Array.from(data.userItems.subarray(a, b), (i) => data.itemIds[i]!);
    return {
      userId: keep === Number.POSITIVE_INFINITY ? data.userIds[u]! : 1_000_000 + u, // a stranger is nobody the model knows
      stateKey: ++stateKeys,
      movieIds,
      ratings: data.userRatings.slice(a, b),
      excluded: Int32Array.from({ length: 20 }, (_, k) => data.itemIds[(u * 31 + k * 97) % FILMS]!),
    };
  };
  const timers = { exact: new Timer(), candidates: new Timer(), strangerExact: new Timer(), strangerCandidates: new Timer() };
  let kept = 0;
  let shown = 0;
  const sample = Array.from({ length: 400 }, (_, k) => (k * 7919) % data.nUsers);
  for (let pass = 0; pass < 2; pass++) {
    const record = pass === 1; // the first pass warms the JIT up
    for (const [k, u] of sample.entries()) {
      const a = (record ? timers.exact : new Timer()).time(() => exact.recommend({ user: userInput(u), limit: 10 }));
      const b = (record ? timers.candidates : new Timer()).time(() => withCandidates.recommend({ user: userInput(u), limit: 10 }));
      if (record) {
        const ids = new Set(b.items.map((r) => r.movieId));
        kept += a.items.filter((r) => ids.has(r.movieId)).length;
        shown += a.items.length;
      }
      if (k % 4 === 0) {
        (record ? timers.strangerExact : new Timer()).time(() => exact.recommend({ user: userInput(u, 20), limit: 10 }));
        (record ? timers.strangerCandidates : new Timer()).time(() => withCandidates.recommend({ user: userInput(u, 20), limit: 10 }));
      }
    }
  }
  return {
    title: `candidates: fresh top-10 at ${FILMS.toLocaleString('en-US')} films (synthetic: ${users.toLocaleString('en-US')} users, ${(data.nRatings / 1e6).toFixed(1)}M ratings; built and trained in ${built.toFixed(0)} s)`,
    columns: ['request', 'p50 ms', 'p99 ms', 'p50 CPU ms', 'p99 CPU ms', 'target'],
    rows: [
      ['whole catalogue, a user the model knows', ...timers.exact.stats(), ''],
      ['candidates, a user the model knows', ...timers.candidates.stats(), 'p99 < 20'],
      ['whole catalogue, 20 ratings, unknown to the model', ...timers.strangerExact.stats(), ''],
      ['candidates, 20 ratings, unknown to the model', ...timers.strangerCandidates.stats(), ''],
    ],
    notes: [
      `Candidates: ${CANDIDATE_DEFAULTS.neighbours} co-occurrence neighbours + ${CANDIDATE_DEFAULTS.popular} popular films; ${((100 * kept) / shown).toFixed(1)}% of the whole-catalogue top 10 is in the candidates' top 10 (${sample.length} users).`,
      'Each request: the Scorer as a worker thread runs it (history, exclusions, scores, top-k, diversity, stars, explanations), with an empty score cache.',
      "A user unknown to the model is folded in film by film for the picks' stars (baseline, item kNN and MF score single films; user kNN, in the blend below 5M ratings, still scores the catalogue).",
      `Load average while measuring: ${load()} on ${cpus().length} cores (wall time includes waiting for a core).`,
    ],
  };
}

/**
 * Precomputed lists under a workload: 300 active users ask for a plain top-10 3,000 times in
 * all (uniformly); before 10% of the requests the user rates a random film first (the list
 * goes stale); the worker's job runs after every 300 requests (its 30 s tick at 10 requests a second).
 */
async function listHitRate(): Promise<BenchTable> {
  const database = await openSeededTestDatabase('pglite');
  try {
    const repos = createRepositories(database.db);
    const worker = createRecommendationService(database, { pollMs: 0, workers: 0, candidates: { minFilms: 0 } });
    const serve = createRecommendationService(database, { pollMs: 0, workers: 0, autoTrain: false, candidates: { minFilms: 0 } });
    try {
      await worker.ready();
      await serve.ready();
      const rows = await database.rows<{ id: number }>(sql`SELECT id FROM users WHERE platform = 'movielens' ORDER BY id LIMIT 300`);
      const users = rows.map((r) => r.id);
      const films = (await database.rows<{ id: number }>(sql`SELECT id FROM movies ORDER BY id`)).map((r) => r.id);
      const t0 = performance.now();
      // MovieLens ratings carry their own (old) dates: every user of the workload counts as active
      const job = { maxUsers: 10_000, activeDays: 100 * 365 };
      const first = await precomputeLists(database, worker, job);
      const fill = (performance.now() - t0) / 1000;
      const hit = new Timer();
      const miss = new Timer();
      const cached = new Timer();
      let seed = 7;
      const rand = () => ((seed = Math.imul(seed, 48271) % 2147483647) & 0x7fffffff) / 2147483647;
      let rated = 0;
      for (let r = 0; r < 3000; r++) {
        const userId = users[Math.floor(rand() * users.length)]!;
        if (rand() < 0.1) {
          const movieId = films[Math.floor(rand() * films.length)]!;
          await repos.ratings.rate({ userId, movieId, rating: 4, source: 'bench' });
          await serve.onRatingChanged(userId, movieId, 4);
          rated++;
        }
        const before = serve.listStats();
        const t = performance.now();
        await serve.recommend({ userId, limit: 10 });
        const after = serve.listStats();
        // from a list, scored (no list or a stale one), or the service's own answer cache (neither)
        (after.hits > before.hits ? hit : after.misses > before.misses ? miss : cached).wall.push(performance.now() - t);
        if (r % 300 === 299) await precomputeLists(database, worker, job);
      }
      const s = serve.listStats();
      const p = (t: Timer) => {
        const w = [...t.wall].sort((a, b) => a - b);
        return `p50 ${percentile(w, 50).toFixed(2)} ms, p99 ${percentile(w, 99).toFixed(2)} ms`;
      };
      return {
        title: 'candidates: precomputed top-N lists (ml-latest-small on PGlite, lists forced on; a second engine stands for the worker)',
        columns: ['what', 'measured'],
        rows: [
          ['lists written on the first run of the job', `${first.written} in ${fill.toFixed(1)} s`],
          [
            'plain requests answered from a list (hit rate)',
            `${((100 * s.hits) / (s.hits + s.misses)).toFixed(1)}% (${s.hits} of ${s.hits + s.misses})`,
          ],
          ['a request answered from a list', p(hit)],
          ['a request scored (no list yet, or stale after a rating)', p(miss)],
          ['a request the service answered from its own answer cache (counted in neither)', `${cached.wall.length} requests, ${p(cached)}`],
        ],
        notes: [
          `Workload: 300 users, 3,000 plain top-10 requests; before 10% of them (${rated}) the user rates a film, so their list is stale until the job's next run, every 300 requests.`,
          'A serve process keeps its answers in memory until the user changes something, so only the first request after a change reads the list.',
          `Load average while measuring: ${load()} on ${cpus().length} cores.`,
        ],
      };
    } finally {
      await serve.close();
      await worker.close();
    }
  } finally {
    await database.dispose();
  }
}

export async function run(): Promise<BenchTable[]> {
  return [await bigCatalogue(), await listHitRate()];
}
