import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { PGlite } from '@electric-sql/pglite';
import { onDriverFault } from './faults.js';
import * as schema from './schema/index.js';

export { schema };

/** One type for both drivers, so repositories never know which engine they run on. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type EngineKind = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly kind: EngineKind;
  /** Run raw SQL and get plain row objects, whatever the driver. */
  rows<T extends Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Resolves when the database answers a trivial query (readiness probes). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL: use a real server through postgres.js. */
  url?: string | undefined;
  /** Data directory for the embedded engine; `memory://` or undefined keeps it in memory. */
  dataDir?: string | undefined;
  /** Apply migrations before returning (default true). */
  migrate?: boolean;
  /** postgres.js pool size (default 10). */
  maxConnections?: number;
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

function rowsOf<T>(result: unknown): T[] {
  // PGlite returns { rows }, postgres.js returns an array-like result.
  if (Array.isArray(result)) return result as T[];
  const r = result as { rows?: T[] };
  return r.rows ?? [];
}

/** Open the database: a server when a URL is given, otherwise embedded PGlite. */
export async function openDatabase(opts: OpenOptions = {}): Promise<Database> {
  const database = opts.url ? await openPostgres(opts.url, opts.maxConnections ?? 10) : await openPglite(opts.dataDir);
  if (opts.migrate !== false) await migrateDatabase(database);
  return database;
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!dataDir || dataDir.startsWith('memory://')) return wrapPglite(await PGlite.create());
  const dir = path.resolve(dataDir);
  mkdirSync(path.dirname(dir), { recursive: true });
  const release = lockDataDir(dir);
  try {
    const database = await wrapPglite(await PGlite.create(dir));
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}

/**
 * PGlite has no lock of its own, and two processes writing one data directory corrupt it.
 * A pid file beside the directory refuses a second opener while the first is alive; a stale
 * file left by a crash is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DatabaseInUseError(
          `The embedded database at ${dir} is in use by another Reelmate process (pid ${pid}). ` +
            'Stop it first, or use a PostgreSQL server (DATABASE_URL) to run several processes at once.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseInUseError(`Could not lock the embedded database at ${dir}.`);
}

/** The pid of another live process holding the embedded database at `dir`, if any. */
export function lockHolder(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(`${path.resolve(dir)}.lock`, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Wrap an existing PGlite instance (tests clone a migrated template this way). */
export async function wrapPglite(client: PGlite): Promise<Database> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    rows: async <T extends Record<string, unknown>>(query: SQL) => rowsOf<T>(await db.execute(query)),
    ping: async () => {
      await db.execute(sql`SELECT 1`);
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const make = () => postgres(url, { max, onnotice: () => {}, connect_timeout: 10 });
  const pool = swappablePool(make(), (next) => {
    // drizzle adjusts the driver's type parsers when it wraps a client; a new pool needs the same.
    drizzle(next);
  });
  const db = drizzle(pool.client, { schema }) as unknown as Db;
  const stopListening = onDriverFault(() => pool.rebuild(make()));
  return {
    db,
    kind: 'postgres',
    rows: async <T extends Record<string, unknown>>(query: SQL) => rowsOf<T>(await db.execute(query)),
    ping: async () => {
      await db.execute(sql`SELECT 1`);
    },
    close: async () => {
      stopListening();
      await pool.end();
    },
  };
}

type PostgresClient = import('postgres').Sql;

/**
 * A postgres.js pool behind a stable handle, so drizzle and every repository built on it keep
 * working when the pool underneath is replaced (after a driver fault, see faults.ts). The old
 * pool finishes or fails what it holds and is closed in the background.
 */
function swappablePool(
  first: PostgresClient,
  prepare: (next: PostgresClient) => void,
): {
  client: PostgresClient;
  rebuild(next: PostgresClient): void;
  end(): Promise<void>;
} {
  let current = first;
  let ended = false;
  const client = new Proxy(function pool() {} as unknown as PostgresClient, {
    get: (_target, prop) => {
      const value: unknown = Reflect.get(current, prop, current);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
    apply: (_target, thisArg, args: unknown[]) => Reflect.apply(current as unknown as (...a: unknown[]) => unknown, thisArg, args),
  });
  return {
    client,
    rebuild(next) {
      if (ended) {
        void next.end({ timeout: 0 });
        return;
      }
      prepare(next);
      const old = current;
      current = next;
      void old.end({ timeout: 5 }).catch(() => {});
    },
    async end() {
      ended = true;
      await current.end({ timeout: 5 });
    },
  };
}

/** Apply the committed drizzle-kit migrations; a no-op when up to date. */
export async function migrateDatabase(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, config);
  } else {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(database.db as never, config);
  }
}
