/**
 * `reelmate parse --json` with no text: one request per line on standard input, one JSON line
 * per request on standard output (the same shape as for one request), the catalogue loaded once.
 * Blank lines are skipped; a line longer than the bot reads is cut like a single request.
 */
import { createInterface } from 'node:readline';
import { Catalog } from '../catalog/catalog.js';
import type { Config } from '../config.js';
import { loadParseCatalog, preferencesJson, type Io } from './cli.js';
import { parsePreferences } from './parse.js';

export interface BatchOptions {
  movielens?: string | undefined;
  enrich?: string | undefined;
  database?: boolean | undefined;
}

export async function runParseBatch(input: NodeJS.ReadableStream, opts: BatchOptions, config: Config, io: Io): Promise<number> {
  const loaded = await loadParseCatalog(config, opts);
  if (!loaded) io.err('No catalogue (import MovieLens or set MOVIELENS_DIR): people and titles are not matched.');
  const catalog = loaded?.catalog ?? new Catalog([]);
  for await (const line of createInterface({ input, crlfDelay: Infinity, terminal: false })) {
    if (line.trim() === '') continue;
    io.out(JSON.stringify(preferencesJson(parsePreferences(line, catalog))));
  }
  return 0;
}
