import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { movieTags } from '../schema/movie-tags.js';
import { movies } from '../schema/movies.js';

export type Movie = typeof movies.$inferSelect;
export type NewMovie = typeof movies.$inferInsert;

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

  async count(): Promise<number> {
    const [row] = await this.db.select({ n: sql<number>`count(*)::int` }).from(movies);
    return row?.n ?? 0;
  }
}
