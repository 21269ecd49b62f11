/**
 * The import's bulk statements: one statement per batch, arrays or one JSON document as
 * parameters (building drizzle SQL for thousands of VALUES tuples costs more than the insert).
 * Every upsert only writes rows that differ, so a second import changes nothing, and reports
 * how many rows it added and updated (`xmax = 0` marks a freshly inserted row).
 *
 * This is the one catalog module that speaks SQL; it works on PGlite and on the server alike.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { publishChange } from '../changes.js';

export const MOVIELENS_PLATFORM = 'movielens';
export const MOVIELENS_SOURCE = 'movielens';

export interface Applied {
  added: number;
  updated: number;
}

export interface MovieInput {
  id: number;
  title: string;
  display_title: string;
  year: number | null;
  genres: string[];
}

export async function upsertMovies(database: Database, rows: MovieInput[]): Promise<Applied> {
  const [r] = await database.rows<{ added: number; updated: number }>(sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS t(id int, title text, display_title text, year smallint, genres text[])
    ), up AS (
      INSERT INTO movies (id, title, display_title, year, genres)
      SELECT id, title, display_title, year, genres FROM input
      ON CONFLICT (id) DO UPDATE SET
        title = excluded.title, display_title = excluded.display_title,
        year = excluded.year, genres = excluded.genres
      WHERE (movies.title, movies.display_title, movies.year, movies.genres)
        IS DISTINCT FROM (excluded.title, excluded.display_title, excluded.year, excluded.genres)
      RETURNING (xmax = 0) AS inserted
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS added, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`);
  return r ?? { added: 0, updated: 0 };
}

export async function movieIds(database: Database): Promise<Set<number>> {
  const rows = await database.rows<{ id: number }>(sql`SELECT id FROM movies`);
  return new Set(rows.map((r) => r.id));
}

export async function updateLinks(
  database: Database,
  ids: number[],
  imdbIds: (string | null)[],
  tmdbIds: (number | null)[],
): Promise<number> {
  const [r] = await database.rows<{ updated: number }>(sql`
    WITH up AS (
      UPDATE movies m SET imdb_id = t.imdb_id, tmdb_id = t.tmdb_id
      FROM unnest(${sql.param(ids)}::int[], ${sql.param(imdbIds)}::text[], ${sql.param(tmdbIds)}::int[]) AS t(id, imdb_id, tmdb_id)
      WHERE m.id = t.id AND (m.imdb_id, m.tmdb_id) IS DISTINCT FROM (t.imdb_id, t.tmdb_id)
      RETURNING 1
    )
    SELECT count(*)::int AS updated FROM up`);
  return r?.updated ?? 0;
}

/** MovieLens user id -> users.id, for every movielens user already in the database. */
export async function movieLensUsers(database: Database): Promise<Map<number, number>> {
  const rows = await database.rows<{ id: number; external_id: string }>(
    sql`SELECT id, external_id FROM users WHERE platform = ${MOVIELENS_PLATFORM}`,
  );
  const map = new Map<number, number>();
  for (const r of rows) if (/^\d+$/.test(r.external_id)) map.set(Number(r.external_id), r.id);
  return map;
}

/** Create the missing users; returns the ids of all the given ones and how many were new. */
export async function ensureMovieLensUsers(
  database: Database,
  externalIds: number[],
): Promise<{ ids: Map<number, number>; added: number }> {
  const text = externalIds.map(String);
  const inserted = await database.rows<{ id: number; external_id: string }>(sql`
    INSERT INTO users (platform, external_id)
    SELECT ${MOVIELENS_PLATFORM}, x FROM unnest(${sql.param(text)}::text[]) AS x
    ON CONFLICT (platform, external_id) DO NOTHING
    RETURNING id, external_id`);
  const ids = new Map(inserted.map((r) => [Number(r.external_id), r.id]));
  if (ids.size < externalIds.length) {
    // Someone else (a concurrent import) created them first: look them up.
    const rest = text.filter((t) => !ids.has(Number(t)));
    const found = await database.rows<{ id: number; external_id: string }>(sql`
      SELECT id, external_id FROM users
      WHERE platform = ${MOVIELENS_PLATFORM} AND external_id = ANY(${sql.param(rest)}::text[])`);
    for (const r of found) ids.set(Number(r.external_id), r.id);
  }
  return { ids, added: inserted.length };
}

export interface RatingColumns {
  userIds: number[];
  movieIds: number[];
  ratings: number[];
  timestamps: number[];
}

/**
 * Upsert MovieLens ratings. No rating_events are written for them: the CSV is their record,
 * and replaying it restores them; the event log is for what people do through the bot.
 * Only rows whose source is still 'movielens' are overwritten.
 */
export async function upsertRatings(database: Database, c: RatingColumns): Promise<Applied & { users: number[] }> {
  const [r] = await database.rows<{ added: number; updated: number; users: number[] }>(sql`
    WITH up AS (
      INSERT INTO ratings (user_id, movie_id, rating, source, created_at, updated_at)
      SELECT u, m, r, ${MOVIELENS_SOURCE}, to_timestamp(ts), to_timestamp(ts)
      FROM unnest(${sql.param(c.userIds)}::int[], ${sql.param(c.movieIds)}::int[],
                  ${sql.param(c.ratings)}::real[], ${sql.param(c.timestamps)}::float8[]) AS t(u, m, r, ts)
      ON CONFLICT (user_id, movie_id) DO UPDATE SET
        rating = excluded.rating, created_at = excluded.created_at, updated_at = excluded.updated_at
      WHERE ratings.source = ${MOVIELENS_SOURCE}
        AND (ratings.rating, ratings.updated_at) IS DISTINCT FROM (excluded.rating, excluded.updated_at)
      RETURNING (xmax = 0) AS inserted, user_id
    )
    SELECT count(*) FILTER (WHERE inserted)::int AS added, count(*) FILTER (WHERE NOT inserted)::int AS updated,
           coalesce(array_agg(DISTINCT user_id), '{}')::int[] AS users
    FROM up`);
  return r ?? { added: 0, updated: 0, users: [] };
}

/** Caches key on users.ratings_version; bump it for the users whose ratings changed. */
export async function bumpRatingsVersion(database: Database, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  await database.rows(sql`UPDATE users SET ratings_version = ratings_version + 1 WHERE id = ANY(${sql.param(userIds)}::int[])`);
  publishChange(database.db, { kind: 'users', userIds });
}

export interface TagColumns {
  userIds: number[];
  movieIds: number[];
  tags: string[];
  timestamps: number[];
}

export async function insertTags(database: Database, c: TagColumns): Promise<number> {
  const [r] = await database.rows<{ added: number }>(sql`
    WITH ins AS (
      INSERT INTO movie_tags (user_id, movie_id, tag, created_at)
      SELECT u, m, tag, to_timestamp(ts)
      FROM unnest(${sql.param(c.userIds)}::int[], ${sql.param(c.movieIds)}::int[],
                  ${sql.param(c.tags)}::text[], ${sql.param(c.timestamps)}::float8[]) AS t(u, m, tag, ts)
      ON CONFLICT (user_id, movie_id, tag) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS added FROM ins`);
  return r?.added ?? 0;
}

export interface EnrichmentInput {
  id: number;
  overview: string | null;
  directors: string[];
  cast_names: string[];
  keywords: string[];
  runtime: number | null;
  original_language: string | null;
  release_date: string | null;
  tmdb_vote_average: number | null;
  tmdb_vote_count: number | null;
  tmdb_popularity: number | null;
}

/** Fill the enrichment columns; returns how many movies changed. */
export async function updateEnrichment(database: Database, rows: EnrichmentInput[]): Promise<number> {
  const [r] = await database.rows<{ updated: number }>(sql`
    WITH t AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS t(
        id int, overview text, directors text[], cast_names text[], keywords text[], runtime smallint,
        original_language text, release_date date, tmdb_vote_average real, tmdb_vote_count int, tmdb_popularity real)
    ), up AS (
      UPDATE movies m SET
        overview = t.overview, directors = t.directors, cast_names = t.cast_names, keywords = t.keywords,
        runtime = t.runtime, original_language = t.original_language, release_date = t.release_date,
        tmdb_vote_average = t.tmdb_vote_average, tmdb_vote_count = t.tmdb_vote_count, tmdb_popularity = t.tmdb_popularity
      FROM t
      WHERE m.id = t.id AND (m.overview, m.directors, m.cast_names, m.keywords, m.runtime, m.original_language,
          m.release_date, m.tmdb_vote_average, m.tmdb_vote_count, m.tmdb_popularity)
        IS DISTINCT FROM (t.overview, t.directors, t.cast_names, t.keywords, t.runtime, t.original_language,
          t.release_date, t.tmdb_vote_average, t.tmdb_vote_count, t.tmdb_popularity)
      RETURNING 1
    )
    SELECT count(*)::int AS updated FROM up`);
  return r?.updated ?? 0;
}

/**
 * Refresh planner statistics after a bulk load. PGlite runs no autovacuum, so without this the
 * planner would guess about a table that just grew by 100k+ rows.
 */
export async function analyzeCatalog(database: Database): Promise<void> {
  await database.rows(sql`ANALYZE movies, ratings, users, movie_tags`);
}

export interface CatalogCounts {
  movies: number;
  enriched: number;
  tags: number;
  /** Ratings counted by the platform of the user who gave them. */
  ratingsByPlatform: { platform: string; ratings: number }[];
  usersByPlatform: { platform: string; users: number }[];
}

/** Counts for `reelmate stats`. */
export async function catalogCounts(database: Database): Promise<CatalogCounts> {
  const [m] = await database.rows<{ movies: number; enriched: number; tags: number }>(sql`
    SELECT (SELECT count(*)::int FROM movies) AS movies,
           (SELECT count(*)::int FROM movies WHERE overview IS NOT NULL) AS enriched,
           (SELECT count(*)::int FROM movie_tags) AS tags`);
  const ratingsByPlatform = await database.rows<{ platform: string; ratings: number }>(sql`
    SELECT u.platform, count(*)::int AS ratings FROM ratings r JOIN users u ON u.id = r.user_id
    GROUP BY u.platform ORDER BY u.platform`);
  const usersByPlatform = await database.rows<{ platform: string; users: number }>(
    sql`SELECT platform, count(*)::int AS users FROM users GROUP BY platform ORDER BY platform`,
  );
  return { movies: m?.movies ?? 0, enriched: m?.enriched ?? 0, tags: m?.tags ?? 0, ratingsByPlatform, usersByPlatform };
}
