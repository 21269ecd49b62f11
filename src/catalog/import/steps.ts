/**
 * One function per import step. Each streams its file, validates rows, reports bad ones and
 * writes the good ones in batches with one statement each.
 */
import { parseTitle } from '../../nlp/titles.js';
import {
  fileSize,
  LINKS_CSV,
  MOVIES_CSV,
  RATINGS_CSV,
  readCsv,
  readEnrichment,
  TAGS_CSV,
  type ReadOptions,
  type RowEvent,
} from '../movielens-csv.js';
import type { Database } from '../../db/client.js';
import {
  bumpRatingsVersion,
  ensureMovieLensUsers,
  insertTags,
  updateEnrichment,
  updateLinks,
  upsertMovies,
  upsertRatings,
  type EnrichmentInput,
  type MovieInput,
} from '../../db/repositories/catalog-import.js';
import { FileTally, type FileReport, type ImportProgress, type StepName } from './report.js';

export interface StepContext {
  database: Database;
  /** Rows per statement for the big files (ratings, tags). */
  batchSize: number;
  onProgress?: ((p: ImportProgress) => void) | undefined;
  /** Movie ids in the database, filled after the movies step. */
  movieIds: Set<number>;
  /** MovieLens user id -> users.id. */
  users: Map<number, number>;
  usersSeen: Set<number>;
  usersAdded: number;
}

function reader(ctx: StepContext, step: StepName, file: string, tally: FileTally): ReadOptions {
  const totalBytes = fileSize(file);
  ctx.onProgress?.({ step, file, bytesRead: 0, totalBytes, rows: 0 });
  return { onBytes: (bytesRead) => ctx.onProgress?.({ step, file, bytesRead, totalBytes, rows: tally.report.rows }) };
}

/** movies.csv: ids are unique; a repeated id is reported and the first row wins. */
export async function importMovies(ctx: StepContext, file: string): Promise<FileReport> {
  const tally = new FileTally('movies', file);
  const firstLine = new Map<number, number>();
  let batch: MovieInput[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const r = await upsertMovies(ctx.database, batch);
    tally.applied(batch.length, r.added, r.updated);
    batch = [];
  };
  for await (const events of readCsv(file, MOVIES_CSV, reader(ctx, 'movies', file, tally))) {
    for (const e of events) {
      const row = tally.take(e);
      if (!row) continue;
      const seenAt = firstLine.get(row.movieId);
      if (seenAt !== undefined) {
        tally.reject(e.line, 'duplicate', `movieId ${row.movieId} already on line ${seenAt}`, '');
        continue;
      }
      firstLine.set(row.movieId, e.line);
      const t = parseTitle(row.title);
      batch.push({ id: row.movieId, title: t.title, display_title: t.displayTitle, year: t.year, genres: row.genres });
      if (batch.length >= 5000) await flush();
    }
  }
  await flush();
  return tally.finish();
}

function unknownMovie(tally: FileTally, line: number, movieId: number): void {
  tally.reject(line, 'unknown_movie', `movieId ${movieId} is not in movies.csv`, '');
}

/**
 * The valid rows of a file whose movie is in the catalogue, with their line numbers; every
 * other row is tallied as a problem on the way.
 */
async function* knownMovieRows<T extends { movieId: number }>(
  ctx: StepContext,
  tally: FileTally,
  batches: AsyncIterable<RowEvent<T>[]>,
): AsyncGenerator<{ line: number; row: T }> {
  for await (const events of batches) {
    for (const e of events) {
      const row = tally.take(e);
      if (!row) continue;
      if (!ctx.movieIds.has(row.movieId)) {
        unknownMovie(tally, e.line, row.movieId);
        continue;
      }
      yield { line: e.line, row };
    }
  }
}

export async function importLinks(ctx: StepContext, file: string): Promise<FileReport> {
  const tally = new FileTally('links', file);
  let ids: number[] = [];
  let imdb: (string | null)[] = [];
  let tmdb: (number | null)[] = [];
  const flush = async () => {
    if (!ids.length) return;
    tally.applied(ids.length, 0, await updateLinks(ctx.database, ids, imdb, tmdb));
    ids = [];
    imdb = [];
    tmdb = [];
  };
  for await (const { row } of knownMovieRows(ctx, tally, readCsv(file, LINKS_CSV, reader(ctx, 'links', file, tally)))) {
    ids.push(row.movieId);
    imdb.push(row.imdbId);
    tmdb.push(row.tmdbId);
    if (ids.length >= ctx.batchSize) await flush();
  }
  await flush();
  return tally.finish();
}

/** users.id for each MovieLens user id of a batch, creating the missing users. */
async function resolveUsers(ctx: StepContext, externalIds: number[]): Promise<void> {
  const missing = [...new Set(externalIds.filter((id) => !ctx.users.has(id)))];
  for (const id of externalIds) ctx.usersSeen.add(id);
  if (!missing.length) return;
  const { ids, added } = await ensureMovieLensUsers(ctx.database, missing);
  for (const [ext, id] of ids) ctx.users.set(ext, id);
  ctx.usersAdded += added;
}

/**
 * ratings.csv. One current rating per (user, movie): when a pair repeats inside a batch, the
 * later line wins and the earlier is reported as a duplicate (one statement cannot upsert a
 * row twice).
 */
export async function importRatings(ctx: StepContext, file: string): Promise<FileReport> {
  const tally = new FileTally('ratings', file);
  const changedUsers = new Set<number>();
  type Pending = { line: number; userId: number; movieId: number; rating: number; timestamp: number };
  let batch = new Map<string, Pending>();
  const flush = async () => {
    if (!batch.size) return;
    const rows = [...batch.values()];
    batch = new Map();
    await resolveUsers(
      ctx,
      rows.map((r) => r.userId),
    );
    const r = await upsertRatings(ctx.database, {
      userIds: rows.map((x) => ctx.users.get(x.userId)!),
      movieIds: rows.map((x) => x.movieId),
      ratings: rows.map((x) => x.rating),
      timestamps: rows.map((x) => x.timestamp),
    });
    tally.applied(rows.length, r.added, r.updated);
    for (const u of r.users) changedUsers.add(u);
  };
  for await (const { line, row } of knownMovieRows(ctx, tally, readCsv(file, RATINGS_CSV, reader(ctx, 'ratings', file, tally)))) {
    const key = `${row.userId}:${row.movieId}`;
    const earlier = batch.get(key);
    if (earlier) tally.reject(earlier.line, 'duplicate', `user ${row.userId} rated movie ${row.movieId} again on line ${line}`, '');
    batch.set(key, { line, ...row });
    if (batch.size >= ctx.batchSize) await flush();
  }
  await flush();
  await bumpRatingsVersion(ctx.database, [...changedUsers]);
  return tally.finish();
}

export async function importTags(ctx: StepContext, file: string): Promise<FileReport> {
  const tally = new FileTally('tags', file);
  type Pending = { userId: number; movieId: number; tag: string; timestamp: number };
  let batch: Pending[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    await resolveUsers(
      ctx,
      rows.map((r) => r.userId),
    );
    const added = await insertTags(ctx.database, {
      userIds: rows.map((x) => ctx.users.get(x.userId)!),
      movieIds: rows.map((x) => x.movieId),
      tags: rows.map((x) => x.tag),
      timestamps: rows.map((x) => x.timestamp),
    });
    tally.applied(rows.length, added, 0);
  };
  for await (const { row } of knownMovieRows(ctx, tally, readCsv(file, TAGS_CSV, reader(ctx, 'tags', file, tally)))) {
    batch.push(row);
    if (batch.length >= ctx.batchSize) await flush();
  }
  await flush();
  return tally.finish();
}

export async function importEnrichment(ctx: StepContext, file: string): Promise<FileReport> {
  const tally = new FileTally('enrichment', file);
  let batch = new Map<number, EnrichmentInput>();
  const flush = async () => {
    if (!batch.size) return;
    const rows = [...batch.values()];
    batch = new Map();
    tally.applied(rows.length, 0, await updateEnrichment(ctx.database, rows));
  };
  for await (const { line, row } of knownMovieRows(ctx, tally, readEnrichment(file, reader(ctx, 'enrichment', file, tally)))) {
    if (batch.has(row.movieId)) {
      tally.reject(line, 'duplicate', `movieId ${row.movieId} repeats a recent line; the first one wins`, '');
      continue;
    }
    batch.set(row.movieId, {
      id: row.movieId,
      overview: row.overview,
      directors: row.directors,
      cast_names: row.cast,
      keywords: row.keywords,
      runtime: row.runtime,
      original_language: row.original_language,
      release_date: row.release_date,
      tmdb_vote_average: row.vote_average,
      tmdb_vote_count: row.vote_count,
      tmdb_popularity: row.popularity,
    });
    if (batch.size >= 2000) await flush();
  }
  await flush();
  return tally.finish();
}
