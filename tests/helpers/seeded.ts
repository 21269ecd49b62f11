/**
 * Databases holding the whole ml-latest-small plus the enrichment, for realistic tests.
 * Paths: MOVIELENS_DIR and REELMATE_ENRICH_FILE, defaulting to the shared datasets beside the
 * project (../shared/datasets/..., relative to the working directory).
 *
 * PGlite: the import runs once per worker into a template and every call gets a clone of it
 * (about a second, against several for an import). Server: each call imports into its own
 * fresh database (openTestDatabase), dropped by dispose().
 *
 *   const db = await openSeededTestDatabase(engine);   // in beforeAll
 *   ...
 *   await db.dispose();                                 // in afterAll
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { importMovieLens, type ImportSummary } from '../../src/catalog/import/index.js';
import { migrateDatabase, wrapPglite, type Database, type EngineKind } from '../../src/db/client.js';
import { openServerDatabase, openTestDatabase, type TestDatabase } from './db.js';

/**
 * How long a test file's seeded setup (load the seeded database, build the catalogue, load the
 * stored model) may take. Alone it takes a few seconds; on a shared CI machine at load 10-25 it
 * has taken over two minutes. Generous on purpose: it bounds a database that hangs, not one
 * that is slow. Hooks that call openSeededTestDatabase pass it as their timeout.
 */
export const SEEDED_SETUP_TIMEOUT_MS = 15 * 60_000;

/** What the run's global setup built; nothing outside vitest (benches use this file too). */
async function provided(key: 'seededDump' | 'seededPgTemplate'): Promise<string | null> {
  if (!process.env.VITEST) return null;
  const { inject } = await import('vitest');
  return inject(key);
}

export function seedPaths(): { dir: string; enrichFile: string } {
  return {
    dir: process.env.MOVIELENS_DIR?.trim() || path.resolve(process.cwd(), '../shared/datasets/ml-latest-small'),
    enrichFile:
      process.env.REELMATE_ENRICH_FILE?.trim() || path.resolve(process.cwd(), '../shared/datasets/tmdb-enrichment/movies_enriched.jsonl'),
  };
}

async function seed(database: Database): Promise<ImportSummary> {
  return importMovieLens(database, seedPaths());
}

let template: Promise<PGlite> | undefined;

function seededTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const pg = await PGlite.create();
    const database = await wrapPglite(pg);
    await migrateDatabase(database);
    await seed(database);
    return pg;
  })();
  return template;
}

/**
 * The seeded database, with a trained model when the run's global setup built one
 * (tests/global-setup.ts): loaded from its dump (PGlite) or copied from its template (server).
 * Without that, the data is imported here (and the first recommendation service trains).
 */
export async function openSeededTestDatabase(kind: EngineKind): Promise<TestDatabase> {
  const dump = await provided('seededDump');
  if (kind === 'pglite' && dump) {
    const pg = await PGlite.create({ loadDataDir: new Blob([readFileSync(dump)]) });
    const database = await wrapPglite(pg);
    return { ...database, dispose: () => database.close() };
  }
  const pgTemplate = await provided('seededPgTemplate');
  if (kind === 'postgres' && pgTemplate) return openServerDatabase(pgTemplate);
  if (kind === 'pglite') {
    const clone = (await (await seededTemplate()).clone()) as PGlite;
    const database = await wrapPglite(clone);
    return { ...database, dispose: () => database.close() };
  }
  const database = await openTestDatabase(kind);
  try {
    await seed(database);
  } catch (e) {
    await database.dispose();
    throw e;
  }
  return database;
}
