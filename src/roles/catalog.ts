/**
 * A `serve` process never imports the catalogue: with several starting at once they would
 * all import it. It waits until the worker (or `reelmate import movielens`) has.
 */
import type { Database } from '../db/client.js';
import { createRepositories } from '../db/repositories/index.js';
import type { Logger } from '../util/logger.js';

export async function waitForCatalog(database: Database, log: Logger, everyMs = 2000): Promise<void> {
  const movies = createRepositories(database.db).movies;
  let waited = 0;
  while ((await movies.count()) === 0) {
    if (waited % 30_000 === 0) log.info('the catalogue is empty: waiting for the worker to import MovieLens');
    await new Promise((r) => setTimeout(r, everyMs));
    waited += everyMs;
  }
}
