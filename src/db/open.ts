import path from 'node:path';
import type { Config } from '../config.js';
import { openDatabase, type Database } from './client.js';

/** Open the configured database: the server when DATABASE_URL is set, else PGlite under the data dir. */
export function openConfiguredDatabase(config: Pick<Config, 'DATABASE_URL' | 'REELMATE_DATA_DIR'>): Promise<Database> {
  if (config.DATABASE_URL) return openDatabase({ url: config.DATABASE_URL });
  return openDatabase({ dataDir: path.join(config.REELMATE_DATA_DIR, 'pglite') });
}
