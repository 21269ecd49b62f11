import type { z } from 'zod';
import type { Movie as MovieRow } from '../../src/db/repositories/movies.js';
import type { User as UserRow } from '../../src/db/repositories/users.js';
import { userVersions } from '../../src/db/repositories/user-versions.js';
import type { ApiDeps } from './deps.js';
import { ProblemError } from './problems.js';
import type { Movie, MovieSummary, User } from './schemas.js';

/** Row -> API shapes, and lookups that answer 404 as a problem. */
export function movieSummary(m: Pick<MovieRow, 'id' | 'title' | 'displayTitle' | 'year' | 'genres'>): z.output<typeof MovieSummary> {
  return { id: m.id, title: m.displayTitle || m.title, year: m.year ?? null, genres: m.genres };
}

export function movieDetail(m: MovieRow): z.output<typeof Movie> {
  return {
    ...movieSummary(m),
    runtime: m.runtime ?? null,
    directors: m.directors ?? [],
    cast: m.cast ?? [],
    keywords: m.keywords ?? [],
    overview: m.overview ?? null,
    language: m.originalLanguage ?? null,
    links: {
      imdb: m.imdbId ? `https://www.imdb.com/title/tt${m.imdbId}/` : null,
      tmdb: m.tmdbId ? `https://www.themoviedb.org/movie/${m.tmdbId}` : null,
    },
  };
}

export function userView(u: UserRow): z.output<typeof User> {
  return {
    id: u.id,
    platform: u.platform,
    externalId: u.externalId,
    displayName: u.displayName ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export async function requireUser(deps: ApiDeps, id: number): Promise<UserRow> {
  const user = await deps.repos.users.byId(id);
  if (!user) throw new ProblemError('not_found', `No user with id ${id}.`);
  return user;
}

/** 404 unless the user exists; cheaper than `requireUser` where the row itself is not needed. */
export async function requireUserId(deps: ApiDeps, id: number): Promise<void> {
  if ((await userVersions(deps.database).get(id)) === undefined) throw new ProblemError('not_found', `No user with id ${id}.`);
}

export async function requireMovie(deps: ApiDeps, id: number): Promise<MovieRow> {
  const movie = await deps.repos.movies.byId(id);
  if (!movie) throw new ProblemError('not_found', `No movie with id ${id}.`);
  return movie;
}

/** Summaries for ids from the in-memory catalogue, in the given order, skipping unknown ids. */
export async function summaries<T extends { movieId: number }>(
  deps: ApiDeps,
  items: readonly T[],
): Promise<{ item: T; movie: z.output<typeof MovieSummary> }[]> {
  const missing = items.filter((i) => !deps.catalog.get(i.movieId)).map((i) => i.movieId);
  // Movies imported after the catalogue was built are looked up once in the database.
  const late = missing.length ? await deps.repos.movies.byIds(missing) : new Map<number, MovieRow>();
  const out: { item: T; movie: z.output<typeof MovieSummary> }[] = [];
  for (const item of items) {
    const row = deps.catalog.get(item.movieId) ?? late.get(item.movieId);
    if (row) out.push({ item, movie: movieSummary(row) });
  }
  return out;
}
