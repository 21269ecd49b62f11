/**
 * `reelmate import movielens [DIR]` and `reelmate stats`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/client.js';
import { viaRunningServer } from '../db/local-admin-client.js';
import { embeddedHolder, openConfiguredDatabase } from '../db/open.js';
import { createLogger } from '../util/logger.js';
import { progressBar, type Progress } from '../util/progress.js';
import { downloadMovieLens, MOVIELENS_SMALL_URL } from './download.js';
import { catalogCounts, type CatalogCounts } from '../db/repositories/catalog-import.js';
import { formatSummary, importMovieLens, inspectMovieLensDir, progressReporter } from './import/index.js';
import { enrichFromTmdb, formatEnrichSummary } from './enrich-tmdb.js';
import { TmdbClient } from './tmdb.js';
import { MoviesRepository } from '../db/repositories/movies.js';

/** Where output goes; tests pass their own. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}
const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

const importOptionsSchema = z.object({
  dir: z.string().min(1).optional(),
  enrich: z.string().min(1).optional(),
  download: z.boolean().default(false),
  url: z.url({ protocol: /^https?$/ }).optional(),
  batchSize: z.coerce.number().int().min(100).max(100_000).default(10_000),
  json: z.boolean().default(false),
});
export type ImportCliOptions = z.input<typeof importOptionsSchema>;

function problemText(error: z.ZodError): string {
  return error.issues
    .map((i) => `  --${String(i.path[0] ?? '?').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${i.message}`)
    .join('\n');
}

/** Open the configured database, or say why not (an unreachable server is not a bug). */
async function openOrExplain(config: Config, io: Io): Promise<Database | undefined> {
  try {
    return await openConfiguredDatabase(config);
  } catch (e) {
    const where = config.DATABASE_URL ? 'the server at DATABASE_URL' : `PGlite under ${config.REELMATE_DATA_DIR}`;
    io.err(`Could not open the database (${where}): ${(e as Error).message}`);
    return undefined;
  }
}

/** The import command's work; returns the process exit code. */
export async function runImport(raw: ImportCliOptions, config: Config, io: Io = consoleIo): Promise<number> {
  const parsed = importOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    io.err(`Invalid options:\n${problemText(parsed.error)}`);
    return 2;
  }
  const opts = parsed.data;
  const dir = path.resolve(opts.dir ?? config.MOVIELENS_DIR ?? path.join(config.REELMATE_DATA_DIR, 'ml-latest-small'));
  const enrichFile = opts.enrich ?? config.REELMATE_ENRICH_FILE;

  if (!existsSync(dir)) {
    if (!opts.download) {
      io.err(
        `MovieLens directory not found: ${dir}\n` +
          `Point DIR (or MOVIELENS_DIR) at an unpacked MovieLens release, or add --download to fetch\n` +
          `ml-latest-small from GroupLens into that directory:\n` +
          `  reelmate import movielens ${opts.dir ? `${opts.dir} ` : ''}--download`,
      );
      return 1;
    }
    io.err(`Downloading ${opts.url ?? MOVIELENS_SMALL_URL} into ${dir} ...`);
    let bar: Progress | undefined;
    let last = 0;
    const fetched = await downloadMovieLens(dir, {
      url: opts.url,
      onBytes: (received, total) => {
        bar ??= progressBar('download', total || 1);
        bar.tick(received - last);
        last = received;
      },
    });
    (bar as Progress | undefined)?.stop();
    if (!fetched.ok) {
      io.err(`Download failed: ${fetched.error.message}`);
      return 1;
    }
  }

  const checked = inspectMovieLensDir(dir, enrichFile);
  if (!checked.ok) {
    io.err(checked.error.message);
    return 1;
  }
  const database = await openOrExplain(config, io);
  if (!database) return 1;
  const progress = progressReporter();
  try {
    const summary = await importMovieLens(database, {
      dir,
      enrichFile,
      batchSize: opts.batchSize,
      onProgress: progress.onProgress,
      logger: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
    });
    progress.stop();
    io.out(opts.json ? JSON.stringify(summary, null, 2) : `Imported ${dir} into ${database.kind}\n${formatSummary(summary)}`);
    return 0;
  } finally {
    progress.stop();
    await database.close();
  }
}

export function formatCounts(c: CatalogCounts): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const lines = [
    `movies   ${n(c.movies)} (${n(c.enriched)} enriched)`,
    `tags     ${n(c.tags)}`,
    `users    ${n(c.usersByPlatform.reduce((a, r) => a + r.users, 0))}`,
    ...c.usersByPlatform.map((r) => `  ${r.platform.padEnd(12)} ${n(r.users)}`),
    `ratings  ${n(c.ratingsByPlatform.reduce((a, r) => a + r.ratings, 0))}`,
    ...c.ratingsByPlatform.map((r) => `  ${r.platform.padEnd(12)} ${n(r.ratings)}`),
  ];
  return lines.join('\n');
}

export async function runStats(json: boolean, config: Config, io: Io = consoleIo): Promise<number> {
  // While a running bot holds the embedded database, it counts for us.
  if (embeddedHolder(config) !== undefined) {
    try {
      const counts = await viaRunningServer(
        (admin) => admin.stats(),
        () => Promise.reject(new Error('the bot stopped meanwhile; run this again')),
        config,
      );
      io.out(json ? JSON.stringify(counts, null, 2) : formatCounts(counts));
      return 0;
    } catch (e) {
      io.err((e as Error).message);
      return 1;
    }
  }
  const database = await openOrExplain(config, io);
  if (!database) return 1;
  try {
    const counts = await catalogCounts(database);
    io.out(json ? JSON.stringify(counts, null, 2) : formatCounts(counts));
    return 0;
  } finally {
    await database.close();
  }
}

const enrichOptionsSchema = z.object({
  again: z.boolean().default(false),
  limit: z.coerce.number().int().min(1).optional(),
  rate: z.coerce.number().min(0.1).max(50).default(20),
  json: z.boolean().default(false),
});
export type EnrichCliOptions = z.input<typeof enrichOptionsSchema>;

/** `enrich tmdb`; returns the exit code. */
export async function runEnrichTmdb(raw: EnrichCliOptions, config: Config, io: Io = consoleIo): Promise<number> {
  const parsed = enrichOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    io.err(`Invalid options:\n${problemText(parsed.error)}`);
    return 2;
  }
  if (!config.TMDB_API_KEY) {
    io.err('Set TMDB_API_KEY (a TMDB v3 API key or v4 read access token) to enrich from TMDB.');
    return 2;
  }
  const opts = parsed.data;
  const database = await openOrExplain(config, io);
  if (!database) return 1;
  const client = new TmdbClient({ apiKey: config.TMDB_API_KEY, baseUrl: config.TMDB_API_URL, perSecond: opts.rate });
  let bar: Progress | undefined;
  let shown = 0;
  try {
    const summary = await enrichFromTmdb(new MoviesRepository(database.db), client, {
      again: opts.again,
      limit: opts.limit,
      onProgress: (done, total) => {
        bar ??= progressBar('TMDB', total);
        bar.tick(done - shown);
        shown = done;
      },
    });
    bar?.stop();
    io.out(opts.json ? JSON.stringify(summary, null, 2) : formatEnrichSummary(summary));
    return summary.refused ? 1 : 0;
  } finally {
    bar?.stop();
    await client.stop();
    await database.close();
  }
}

export function register(program: Command): void {
  program
    .command('enrich')
    .description('add facts to the catalogue from elsewhere')
    .command('tmdb')
    .description(
      'fill directors, cast, keywords, runtime, language, overview and poster paths from TMDB for every film with a TMDB id. ' +
        'Resumable (films done are not asked again) and rate-limited. Needs TMDB_API_KEY.',
    )
    .option('--again', 'ask about every film again, also those already enriched')
    .option('--limit <n>', 'at most this many films in this run')
    .option('--rate <n>', 'requests per second at most', '20')
    .option('--json', 'print the summary as JSON')
    .action(async (o: { again?: boolean; limit?: string; rate: string; json?: boolean }) => {
      process.exitCode = await runEnrichTmdb(
        { again: o.again ?? false, limit: o.limit, rate: o.rate, json: o.json ?? false },
        loadConfig(),
      );
    });

  const importCmd = program.command('import').description('load data into the database');
  importCmd
    .command('movielens')
    .description(
      'import a MovieLens release (movies, links, ratings, tags; ml-latest-small up to ml-32m) and, ' +
        'optionally, TMDB enrichment. Safe to re-run: rows already there are left alone.',
    )
    .argument(
      '[dir]',
      'folder with movies.csv, ratings.csv, tags.csv, links.csv (default: $MOVIELENS_DIR, else $REELMATE_DATA_DIR/ml-latest-small)',
    )
    .option('--enrich <file>', 'enrichment JSON Lines file (default: $REELMATE_ENRICH_FILE)')
    .option('--download', 'if DIR does not exist, fetch ml-latest-small from GroupLens and unpack it there')
    .option('--url <url>', 'zip to fetch with --download (default: $REELMATE_MOVIELENS_URL, else GroupLens)')
    .option('--batch-size <rows>', 'rows per insert statement', '10000')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      `
Bad rows (unparsable numbers, ratings outside 0.5-5 or off the half-star scale, unknown
movie ids, broken quoting) are skipped, counted and listed with their line numbers.
The database is PGlite under $REELMATE_DATA_DIR, or the server at $DATABASE_URL.

Examples:
  reelmate import movielens ./data/ml-latest-small --download
  reelmate import movielens ~/ml-32m --enrich movies_enriched.jsonl`,
    )
    .action(
      async (dir: string | undefined, o: { enrich?: string; download?: boolean; url?: string; batchSize: string; json?: boolean }) => {
        process.exitCode = await runImport(
          { dir, enrich: o.enrich, download: o.download ?? false, url: o.url, batchSize: o.batchSize, json: o.json ?? false },
          loadConfig(),
        );
      },
    );

  program
    .command('stats')
    .description('count movies, users and ratings in the database, per platform')
    .option('--json', 'print the counts as JSON')
    .action(async (o: { json?: boolean }) => {
      process.exitCode = await runStats(o.json ?? false, loadConfig());
    });
}
