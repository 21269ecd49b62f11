/**
 * Test databases on both engines. PGlite always; the PostgreSQL server when
 * REELMATE_TEST_PG_URL points at it (an admin URL such as postgres://postgres@127.0.0.1:5432/postgres).
 * Every server database is created for one test file and dropped after it, so runs never
 * see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { migrateDatabase, openDatabase, wrapPglite, type Database, type EngineKind } from '../../src/db/client.js';

export interface TestDatabase extends Database {
  /** Tear down: close and, for the server, drop the database. */
  dispose(): Promise<void>;
  /** URL of the server database (postgres engine only), for opening extra connections. */
  url?: string;
}

let template: Promise<PGlite> | undefined;

/** A migrated PGlite template per worker; each test gets a cheap clone of it. */
async function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const pg = await PGlite.create();
    await migrateDatabase(await wrapPglite(pg));
    return pg;
  })();
  return template;
}

export function serverAdminUrl(): string | undefined {
  const url = process.env.REELMATE_TEST_PG_URL?.trim();
  return url ? url : undefined;
}

/** CI sets REELMATE_TEST_RUN_ID so it can drop whatever a crashed test file left behind. */
export function runTag(): string {
  const id = process.env.REELMATE_TEST_RUN_ID?.replace(/[^a-z0-9]/gi, '').toLowerCase();
  return id ? `${id}_` : '';
}

export function testEngines(): EngineKind[] {
  return serverAdminUrl() ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh server database, optionally a copy of a template database. */
export async function openServerDatabase(template?: string): Promise<TestDatabase> {
  const adminUrl = serverAdminUrl();
  if (!adminUrl) throw new Error('REELMATE_TEST_PG_URL is not set');
  const name = `reelmate_test_${runTag()}${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

export async function openTestDatabase(kind: EngineKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const clone = (await (await pgliteTemplate()).clone()) as PGlite;
    const database = await wrapPglite(clone);
    return { ...database, dispose: () => database.close() };
  }
  return openServerDatabase();
}
