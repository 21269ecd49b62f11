/**
 * Builds the realistic test database once per run instead of once per test file:
 * ml-latest-small + enrichment imported and a model trained, then
 *  - for PGlite, dumped to a tarball every seeded test loads (a few seconds, against an
 *    import plus a training per file);
 *  - for the server (when REELMATE_TEST_PG_URL is set), kept as a template database that
 *    every seeded test copies with CREATE DATABASE ... TEMPLATE.
 * Both are removed at the end of the run. Without the dataset nothing is built and the
 * tests that need it skip.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { importMovieLens } from '../src/catalog/import/index.js';
import { migrateDatabase, openDatabase, wrapPglite, type Database } from '../src/db/client.js';
import { trainAndPublish } from '../src/recommender/train.js';
import { runTag } from './helpers/db.js';
import { seedPaths } from './helpers/seeded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a PGlite data-dir tarball holding the seeded, trained database. */
    seededDump: string | null;
    /** Name of a server database to copy as TEMPLATE for seeded server tests. */
    seededPgTemplate: string | null;
  }
}

async function seedAndTrain(database: Database): Promise<void> {
  await importMovieLens(database, seedPaths());
  // the stored defaults, not a tuned blend: tests pin behaviour, and tuning would add ~20 s to every run
  await trainAndPublish(database, { tune: false });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const paths = seedPaths();
  const cleanups: (() => Promise<void>)[] = [];
  project.provide('seededDump', null);
  project.provide('seededPgTemplate', null);
  if (!existsSync(path.join(paths.dir, 'ratings.csv'))) return async () => {};

  // One build after the other, never side by side: PGlite runs on this process's main thread,
  // and while it imports, a server connection's handshake waits for the event loop and its
  // connect timeout fires however healthy the server is (seen at load 14).
  const builds: (() => Promise<void>)[] = [];
  builds.push(async () => {
    const pg = await PGlite.create();
    const database = await wrapPglite(pg);
    await migrateDatabase(database);
    await seedAndTrain(database);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'reelmate-test-'));
    const file = path.join(dir, 'seeded.tar');
    writeFileSync(file, Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer()));
    await pg.close();
    project.provide('seededDump', file);
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  });

  const adminUrl = process.env.REELMATE_TEST_PG_URL?.trim();
  if (adminUrl) {
    builds.push(async () => {
      const name = `reelmate_tpl_${runTag()}${process.pid}_${randomBytes(3).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`CREATE DATABASE ${name}`);
      cleanups.push(async () => {
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      });
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const database = await openDatabase({ url: url.toString() });
      try {
        await seedAndTrain(database);
      } finally {
        await database.close();
      }
      project.provide('seededPgTemplate', name);
    });
  }
  try {
    for (const build of builds) await build();
  } catch (e) {
    for (const c of cleanups) await c().catch(() => {});
    throw e;
  }
  return async () => {
    for (const c of cleanups) await c().catch(() => {});
  };
}
