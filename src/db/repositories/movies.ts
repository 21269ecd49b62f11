import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { movieTags } from '../schema/movie-tags.js';
import { movies } from '../schema/movies.js';

export type Movie = typeof movies.$inferSelect;
export type NewMovie = typeof movies.$inferInsert;

/** The facts TMDB can give about a film, as the catalogue stores them. */
export interface EnrichedFacts {
  directors: string[];
  cast: string[];
  keywords: string[];
  runtime: number | null;
  originalLanguage: string | null;
  posterPath: string | null;
  overview: string | null;
}

/** What `enrich tmdb` learnt about one film. */
export interface TmdbSave {
  id: number;
  status: 'ok' | 'not_found' | 'failed';
  facts?: EnrichedFacts;
}

/** Films in the catalogue, and how many of them have a runtime, people, a language, a poster. */
export interface MetadataCoverage {
  total: number;
  runtime: number;
  people: number;
  language: number;
  poster: number;
}

export class MoviesRepository {
  constructor(private readonly db: Db) {}

  async byId(id: number): Promise<Movie | undefined> {
    const [row] = await this.db.select().from(movies).where(eq(movies.id, id));
    return row;
  }

  async byIds(ids: readonly number[]): Promise<Map<number, Movie>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .select()
      .from(movies)
      .where(inArray(movies.id, [...ids]));
    return new Map(rows.map((m) => [m.id, m]));
  }

  /** The whole catalogue, for in-memory title search and models (9k-90k rows). */
  async all(): Promise<Movie[]> {
    return this.db.select().from(movies).orderBy(asc(movies.id));
  }

  /** Distinct tags per movie, lower-cased, oldest first (the content model's vocabulary). */
  async tagsByMovie(): Promise<Map<number, string[]>> {
    const rows = await this.db
      .select({ movieId: movieTags.movieId, tag: sql<string>`lower(${movieTags.tag})` })
      .from(movieTags)
      .orderBy(asc(movieTags.movieId), asc(movieTags.id));
    const out = new Map<number, string[]>();
    for (const { movieId, tag } of rows) {
      const list = out.get(movieId) ?? [];
      if (!list.includes(tag)) list.push(tag);
      out.set(movieId, list);
    }
    return out;
  }

  /** How many films have each kind of enrichment: what filters on them can see. */
  async metadataCoverage(): Promise<MetadataCoverage> {
    const [row] = await this.db
      .select({
        total: sql<number>`count(*)::int`,
        runtime: sql<number>`count(*) FILTER (WHERE ${movies.runtime} IS NOT NULL)::int`,
        people: sql<number>`count(*) FILTER (WHERE cardinality(coalesce(${movies.directors}, '{}')) + cardinality(coalesce(${movies.cast}, '{}')) > 0)::int`,
        language: sql<number>`count(*) FILTER (WHERE ${movies.originalLanguage} IS NOT NULL)::int`,
        poster: sql<number>`count(*) FILTER (WHERE ${movies.posterPath} IS NOT NULL)::int`,
      })
      .from(movies);
    return {
      total: Number(row?.total ?? 0),
      runtime: Number(row?.runtime ?? 0),
      people: Number(row?.people ?? 0),
      language: Number(row?.language ?? 0),
      poster: Number(row?.poster ?? 0),
    };
  }

  /**
   * Films with a TMDB id that `enrich tmdb` still has to ask about: never asked, or failed
   * last time (all of them with `again`). In id order, so a resumed run goes on where it was.
   */
  async pendingTmdb(again = false): Promise<{ id: number; tmdbId: number }[]> {
    const rows = await this.db
      .select({ id: movies.id, tmdbId: movies.tmdbId })
      .from(movies)
      .where(and(isNotNull(movies.tmdbId), again ? undefined : or(isNull(movies.tmdbStatus), eq(movies.tmdbStatus, 'failed'))))
      .orderBy(asc(movies.id));
    return rows.map((r) => ({ id: r.id, tmdbId: r.tmdbId! }));
  }

  /**
   * Store what TMDB said for a batch of films, in one transaction. Found: its facts replace the
   * stored ones (a field TMDB leaves empty keeps what was there); not found or failed: only the
   * status, so a failed film is asked again next time. Writing the same answer twice changes
   * nothing.
   */
  async saveTmdb(results: readonly TmdbSave[], now: Date = new Date()): Promise<void> {
    if (results.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const r of results) {
        if (r.status !== 'ok' || !r.facts) {
          await tx.update(movies).set({ tmdbStatus: r.status, tmdbFetchedAt: now }).where(eq(movies.id, r.id));
          continue;
        }
        const f = r.facts;
        await tx
          .update(movies)
          .set({
            directors: f.directors.length ? f.directors : sql`${movies.directors}`,
            cast: f.cast.length ? f.cast : sql`${movies.cast}`,
            keywords: f.keywords.length ? f.keywords : sql`${movies.keywords}`,
            runtime: f.runtime ?? sql`${movies.runtime}`,
            originalLanguage: f.originalLanguage ?? sql`${movies.originalLanguage}`,
            posterPath: f.posterPath ?? sql`${movies.posterPath}`,
            overview: f.overview ?? sql`${movies.overview}`,
            tmdbStatus: 'ok',
            tmdbFetchedAt: now,
          })
          .where(eq(movies.id, r.id));
      }
    });
  }

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(movies);
    return row?.n ?? 0;
  }
}
