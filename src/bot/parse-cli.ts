/**
 * `reelmate parse "<text>" [--json]`: what the parser understood. The catalogue (for people and
 * titles) comes from the configured database when it holds movies, else from MOVIELENS_DIR and
 * REELMATE_ENRICH_FILE (or --movielens / --enrich), else none (genres, years, moods still work).
 * It lives with the catalogue because it needs one; the parser itself (src/nlp) needs none.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { createInterface } from 'node:readline';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/client.js';
import { embeddedHolder, openConfiguredDatabase } from '../db/open.js';
import { parseOnRunningServer } from '../db/local-admin-client.js';
import { createRepositories } from '../db/repositories/index.js';
import { describePreferences } from '../nlp/describe.js';
import { detectIntent } from '../features/index.js';
import { parsePreferences } from '../nlp/parse.js';
import { preferencesJson } from '../nlp/preferences-json.js';
import { MAX_INPUT_CHARS } from '../nlp/text.js';
import { Catalog, loadCatalogFromFiles } from '../catalog/catalog.js';

export { preferencesJson };

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}
const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

const optionsSchema = z.object({
  json: z.boolean().default(false),
  movielens: z.string().min(1).optional(),
  enrich: z.string().min(1).optional(),
  database: z.boolean().default(true),
});
export type ParseCliOptions = z.input<typeof optionsSchema>;

/** The catalogue of an open database; null when it holds no movies yet. */
export async function catalogFromDatabase(database: Pick<Database, 'db'>): Promise<Catalog | null> {
  const repos = createRepositories(database.db);
  if ((await repos.movies.count()) === 0) return null;
  return new Catalog(await repos.movies.all());
}

/** A catalogue from the database (when it has movies) or the files; null when neither is there. */
export async function loadParseCatalog(
  config: Pick<Config, 'DATABASE_URL' | 'REELMATE_DATA_DIR' | 'MOVIELENS_DIR' | 'REELMATE_ENRICH_FILE'>,
  opts: { movielens?: string | undefined; enrich?: string | undefined; database?: boolean | undefined } = {},
): Promise<{ catalog: Catalog; source: string } | null> {
  const pgliteDir = path.join(config.REELMATE_DATA_DIR, 'pglite');
  // Only open an existing database: creating an empty PGlite directory just to parse costs seconds.
  if (opts.database !== false && !opts.movielens && (config.DATABASE_URL || existsSync(pgliteDir))) {
    const database = await openConfiguredDatabase(config);
    try {
      const catalog = await catalogFromDatabase(database);
      if (catalog) return { catalog, source: `database (${database.kind})` };
    } finally {
      await database.close();
    }
  }
  const dir = opts.movielens ?? config.MOVIELENS_DIR;
  if (dir && existsSync(path.join(dir, 'movies.csv'))) {
    const enrich = opts.enrich ?? config.REELMATE_ENRICH_FILE;
    return { catalog: await loadCatalogFromFiles({ movielensDir: dir, enrichFile: enrich }), source: `files (${dir})` };
  }
  return null;
}

export async function runParse(text: string, raw: ParseCliOptions, config: Config, io: Io = consoleIo): Promise<number> {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    io.err(`Invalid options: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return 2;
  }
  const opts = parsed.data;
  // While a running bot holds the embedded database, it parses with its own catalogue.
  const remote = opts.database !== false && !opts.movielens ? await parseOnRunningServer(config, text, opts.json) : undefined;
  if (remote) {
    for (const line of remote.err) io.err(line);
    for (const line of remote.out) io.out(line);
    return 0;
  }
  const loaded = await loadParseCatalog(config, { ...opts, database: opts.database !== false && embeddedHolder(config) === undefined });
  return printParse(text, opts.json, loaded, io);
}

/** The parse of `text` against a loaded catalogue, printed; the running server calls it too. */
export function printParse(text: string, json: boolean, loaded: { catalog: Catalog; source: string } | null, io: Io): number {
  const opts = { json };
  if (text.length > MAX_INPUT_CHARS) io.err(`Note: only the first ${MAX_INPUT_CHARS} characters are read.`);
  if (!loaded) io.err('No catalogue (import MovieLens or set MOVIELENS_DIR): people and titles are not matched.');
  const catalog = loaded?.catalog ?? new Catalog([]);
  const prefs = parsePreferences(text, catalog);
  if (opts.json) {
    io.out(JSON.stringify(preferencesJson(prefs)));
    return 0;
  }
  const intent = detectIntent(text);
  io.out(describePreferences(prefs) || 'Looking for: (nothing specific understood)');
  io.out(`Intent: ${intent.command}${Object.keys(intent.args).length ? ' ' + JSON.stringify(intent.args) : ''}`);
  if (loaded) io.out(`Catalogue: ${loaded.source}, ${catalog.size} movies`);
  return 0;
}

export function register(program: Command): void {
  program
    .command('parse')
    .description('show what the bot understands from a request (genres, years, people, runtime, language, moods, ...)')
    .argument(
      '[text...]',
      'the request, e.g. "funny 90s movie with tom hanks, no horror"; none with --json: one request per line on standard input',
    )
    .option('--json', 'print the parse as JSON (one line per request)')
    .option('--movielens <dir>', 'MovieLens folder for titles (default: the database, else MOVIELENS_DIR)')
    .option('--enrich <file>', 'enrichment JSONL for people (default REELMATE_ENRICH_FILE)')
    .option('--no-database', 'do not read the catalogue from the database')
    .action(async (words: string[], options: ParseCliOptions) => {
      if (words.length === 0) {
        if (!options.json) {
          console.error('Give a request ("reelmate parse something funny"), or --json to read one request per line from standard input.');
          process.exitCode = 2;
          return;
        }
        process.exitCode = await runParseBatch(process.stdin, options, loadConfig(), consoleIo);
        return;
      }
      process.exitCode = await runParse(words.join(' '), options, loadConfig());
    });
}

/**
 * `reelmate parse --json` with no text: one request per line on standard input, one JSON line
 * per request on standard output (the same shape as for one request), the catalogue loaded once.
 * Blank lines are skipped; a line longer than the bot reads is cut like a single request.
 */
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
