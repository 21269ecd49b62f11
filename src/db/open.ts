import path from 'node:path';
import type { Config } from '../config.js';
import { lockHolder, openDatabase, type Database } from './client.js';

/** Open the configured database: the server when DATABASE_URL is set, else PGlite under the data dir. */
export function openConfiguredDatabase(config: Pick<Config, 'DATABASE_URL' | 'REELMATE_DATA_DIR'>): Promise<Database> {
  if (config.DATABASE_URL) return openDatabase({ url: config.DATABASE_URL });
  return openDatabase({ dataDir: path.join(config.REELMATE_DATA_DIR, 'pglite') });
}

/** The pid of a running process that holds the embedded database (none on a server). */
export function embeddedHolder(config: Pick<Config, 'DATABASE_URL' | 'REELMATE_DATA_DIR'>): number | undefined {
  return config.DATABASE_URL ? undefined : lockHolder(path.join(config.REELMATE_DATA_DIR, 'pglite'));
}

/**
 * Where a running bot on the embedded database answers local admin requests (a Unix socket
 * beside the data, readable by its owner only), so the CLI need not open the database itself.
 */
export function adminSocketPath(config: Pick<Config, 'REELMATE_DATA_DIR'>): string {
  return path.resolve(config.REELMATE_DATA_DIR, 'pglite.admin.sock');
}
