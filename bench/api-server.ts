/**
 * The API server for bench/api.ts, in its own process so the load generator does not share
 * its event loop. Imports ml-latest-small into a fresh database, trains, creates a key, and
 * prints one JSON line { port, key, userIds, movieIds } on stdout when ready.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { buildApi, createApiMetrics, DEFAULT_LIMITS } from '../adapters/api/index.js';
import { Catalog } from '../src/catalog/catalog.js';
import { importMovieLens } from '../src/catalog/import/index.js';
import { openDatabase } from '../src/db/client.js';
import { ApiKeysRepository } from '../src/db/repositories/api-keys.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { describePreferences, parsePreferences } from '../src/nlp/index.js';
import { createRecommendationService } from '../src/recommender/service.js';
import { createGroupRecommender, enginePorts } from '../src/party/pick.js';
import { silentLogger } from '../src/util/logger.js';
import { sql } from 'drizzle-orm';

const dir = process.env.MOVIELENS_DIR ?? '../shared/datasets/ml-latest-small';
const database = await openDatabase({ url: process.env.BENCH_DATABASE_URL || undefined });
await importMovieLens(database, { dir });
const repos = createRepositories(database.db);
const engine = createRecommendationService(database, { pollMs: 0 });
await engine.ready();
const catalog = new Catalog(await repos.movies.all());
const apiKeys = new ApiKeysRepository(database.db);
// Admin: the bench asks for MovieLens users, whom only an admin key reaches.
const { key } = await apiKeys.create('bench', ['admin']);
const app = buildApi({
  database,
  repos,
  apiKeys,
  engine,
  catalog: { search: (q, limit) => catalog.findTitles(q, limit), get: (id) => catalog.get(id) },
  understand: (text) => {
    const preferences = parsePreferences(text, catalog);
    return { preferences, description: describePreferences(preferences) };
  },
  metrics: createApiMetrics(),
  limits: { ...DEFAULT_LIMITS, requestsPerMinute: 1_000_000 },
  logger: silentLogger,
  groups: createGroupRecommender(enginePorts(engine, repos)),
  modelReady: () => engine.modelInfo().version !== null,
});
const users = await database.rows<{ id: number }>(sql`SELECT id FROM users WHERE platform = 'movielens' ORDER BY id LIMIT 200`);
// films the "rated, then asked" rows rate: well known ones, as a bot user would
const movies = await database.rows<{ movie_id: number }>(
  sql`SELECT movie_id FROM ratings GROUP BY movie_id ORDER BY count(*) DESC, movie_id LIMIT 50`,
);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  process.stdout.write(
    `${JSON.stringify({ port: info.port, key, userIds: users.map((u) => u.id), movieIds: movies.map((m) => m.movie_id), engine: database.kind })}\n`,
  );
});
process.on('SIGTERM', () => {
  server.close();
  void engine
    .close()
    .then(() => database.close())
    .then(() => process.exit(0));
});
