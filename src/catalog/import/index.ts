/**
 * MovieLens import: movies, links, users, ratings, tags, then the optional enrichment.
 * Streaming (one chunk of the file and one batch in memory), idempotent (a second run adds and
 * updates nothing), and bad rows are reported with their line numbers without stopping the run.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/client.js';
import { err, ok, type Result } from '../../util/result.js';
import { silentLogger, type Logger } from '../../util/logger.js';
import { headerMatches, LINKS_CSV, MOVIES_CSV, RATINGS_CSV, TAGS_CSV, type CsvSpec } from '../movielens-csv.js';
import { analyzeCatalog, movieIds, movieLensUsers } from '../../db/repositories/catalog-import.js';
import type { FileReport, ImportProgress, ImportSummary } from './report.js';
import { importEnrichment, importLinks, importMovies, importRatings, importTags, type StepContext } from './steps.js';

export type { FileReport, ImportProgress, ImportSummary, RowProblem, StepName } from './report.js';
export { formatSummary, formatSummaryTable, PROBLEM_DETAIL_LIMIT, summaryFields } from './report.js';
export { progressReporter } from './progress.js';

export interface ImportOptions {
  /** Directory holding movies.csv and ratings.csv (tags.csv and links.csv when present). */
  dir: string;
  /** Enrichment JSONL (see the dataset's SOURCE.md); skipped when absent. */
  enrichFile?: string | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
  logger?: Logger | undefined;
  /** Rows per statement for ratings, tags and links (default 10,000). */
  batchSize?: number | undefined;
}

export interface MovieLensFiles {
  movies: string;
  ratings: string;
  tags?: string;
  links?: string;
}

function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split('\n')[0]!.replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}

/**
 * Check a MovieLens directory before importing: it exists, holds movies.csv and ratings.csv,
 * and every file present starts with the expected header.
 */
export function inspectMovieLensDir(dir: string, enrichFile?: string): Result<MovieLensFiles> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return err('not_found', `MovieLens directory not found: ${dir}`);
  }
  const specs: [keyof MovieLensFiles, CsvSpec<unknown>, boolean][] = [
    ['movies', MOVIES_CSV as CsvSpec<unknown>, true],
    ['ratings', RATINGS_CSV as CsvSpec<unknown>, true],
    ['links', LINKS_CSV as CsvSpec<unknown>, false],
    ['tags', TAGS_CSV as CsvSpec<unknown>, false],
  ];
  const files: Partial<MovieLensFiles> = {};
  for (const [name, spec, required] of specs) {
    const file = path.join(dir, `${name}.csv`);
    if (!existsSync(file)) {
      if (required) return err('not_found', `${name}.csv is missing in ${dir}`);
      continue;
    }
    const header = firstLine(file);
    if (!headerMatches(spec, header)) {
      return err('bad_input', `${file}: expected the header "${spec.columns.join(',')}", found "${header.slice(0, 80)}"`);
    }
    files[name] = file;
  }
  if (enrichFile !== undefined && !existsSync(enrichFile)) return err('not_found', `enrichment file not found: ${enrichFile}`);
  return ok(files as MovieLensFiles);
}

/**
 * Import a MovieLens release (and optionally the enrichment) into the database.
 * Throws when the directory fails inspectMovieLensDir: check it first to get a friendly error.
 */
export async function importMovieLens(database: Database, opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const logger = opts.logger ?? silentLogger;
  const checked = inspectMovieLensDir(opts.dir, opts.enrichFile);
  if (!checked.ok) throw new Error(checked.error.message);
  const files = checked.value;

  const ctx: StepContext = {
    database,
    batchSize: opts.batchSize ?? 10_000,
    onProgress: opts.onProgress,
    movieIds: new Set(),
    users: await movieLensUsers(database),
    usersSeen: new Set(),
    usersAdded: 0,
  };
  const reports: FileReport[] = [];
  const done = (r: FileReport) => {
    reports.push(r);
    logger.info(
      { step: r.step, rows: r.rows, added: r.added, updated: r.updated, rejected: r.rejected, seconds: r.seconds },
      `import ${r.step} done`,
    );
  };

  done(await importMovies(ctx, files.movies));
  // Known ids come from the database, so rows may refer to movies a previous import added.
  ctx.movieIds = await movieIds(database);
  if (files.links) done(await importLinks(ctx, files.links));
  done(await importRatings(ctx, files.ratings));
  if (files.tags) done(await importTags(ctx, files.tags));
  if (opts.enrichFile) done(await importEnrichment(ctx, opts.enrichFile));
  if (reports.some((r) => r.added + r.updated > 0)) await analyzeCatalog(database);

  return {
    dir: opts.dir,
    ...(opts.enrichFile ? { enrichFile: opts.enrichFile } : {}),
    files: reports,
    users: { added: ctx.usersAdded, seen: ctx.usersSeen.size },
    seconds: (performance.now() - started) / 1000,
  };
}
