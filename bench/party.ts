/**
 * Watch-party pick latency: the host's "Pick" for groups of 2, 4 and 8 MovieLens users on
 * ml-latest-small (every member's own list and stars from the live recommendation service,
 * exclusions from the database, then aggregation). Platforms want an answer within 3 s.
 */
import { Catalog } from '../src/catalog/catalog.js';
import { importMovieLens } from '../src/catalog/import/index.js';
import { openDatabase } from '../src/db/client.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { parsePreferences } from '../src/nlp/index.js';
import { seededRandom, sample } from '../src/party/groups.js';
import { enginePorts, groupPick } from '../src/party/pick.js';
import { createRecommendationService } from '../src/recommender/service.js';
import { sql } from 'drizzle-orm';
import { percentile, type BenchTable } from './table.js';

export async function run(): Promise<BenchTable[]> {
  const dir = process.env.MOVIELENS_DIR ?? '../shared/datasets/ml-latest-small';
  const database = await openDatabase({ url: process.env.BENCH_DATABASE_URL || undefined });
  try {
    await importMovieLens(database, { dir });
    const repos = createRepositories(database.db);
    const engine = createRecommendationService(database, { pollMs: 0 });
    await engine.ready();
    const catalog = new Catalog(await repos.movies.all());
    const users = (await database.rows<{ id: number }>(sql`SELECT id FROM users WHERE platform = 'movielens' ORDER BY id`)).map(
      (u) => u.id,
    );
    const ports = enginePorts(engine, repos);
    const rand = seededRandom(7);
    const rows: (string | number)[][] = [];
    const requests: [string, string][] = [
      ['no constraints', ''],
      ['comedy, under 2 hours', 'comedy, under 2 hours'],
    ];
    for (const [label, text] of requests) {
      const preferences = text ? parsePreferences(text, catalog) : undefined;
      for (const size of [2, 4, 8]) {
        await groupPick(ports, { userIds: sample(users, size, rand), preferences }); // warm-up
        const times: number[] = [];
        for (let i = 0; i < 20; i++) {
          const group = sample(users, size, rand);
          const t = performance.now();
          const pick = await groupPick(ports, { userIds: group, preferences });
          times.push(performance.now() - t);
          if (pick.items.length < 5) throw new Error(`short pick for ${group.join(',')}`);
        }
        times.sort((a, b) => a - b);
        rows.push([label, size, times.length, percentile(times, 50), percentile(times, 99)]);
      }
    }
    await engine.close();
    return [
      {
        title: `Watch party: group pick (top 5, default strategy, ${database.kind})`,
        columns: ['request', 'members', 'picks', 'p50 ms', 'p99 ms'],
        rows,
        notes: [
          'each member: own top-40 list + stars on the union; exclusions from ratings and marks',
          'goal: well under the 3 s platform deadline',
        ],
      },
    ];
  } finally {
    await database.close();
  }
}
