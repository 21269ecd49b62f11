/**
 * A user's taste in a few facts, computed from their ratings alone (pure).
 * Genres and decades are ranked by how much the user likes them relative to their own
 * average, so a generous rater and a harsh one both get a meaningful answer.
 */
import type { Movie } from '../db/repositories/movies.js';

export interface RatedMovie {
  rating: number;
  movie: Pick<Movie, 'genres' | 'year' | 'directors' | 'cast'>;
}

export interface TasteProfile {
  count: number;
  mean: number | null;
  genres: string[];
  people: string[];
  decades: string[];
}

const TOP = 3;
/** A genre/decade needs this many ratings to count: one 5★ western is not a taste. */
const MIN_SUPPORT = 2;
/** People are counted from movies rated at least this well. */
const LIKED = 4;

function topBy(scores: Map<string, { sum: number; n: number }>, minSupport: number): string[] {
  return [...scores.entries()]
    .filter(([, s]) => s.n >= minSupport && s.sum > 0)
    .sort((a, b) => b[1].sum - a[1].sum || b[1].n - a[1].n || a[0].localeCompare(b[0]))
    .slice(0, TOP)
    .map(([k]) => k);
}

function bump(map: Map<string, { sum: number; n: number }>, key: string, by: number): void {
  const s = map.get(key) ?? { sum: 0, n: 0 };
  s.sum += by;
  s.n += 1;
  map.set(key, s);
}

export function tasteProfile(rated: readonly RatedMovie[]): TasteProfile {
  if (rated.length === 0) return { count: 0, mean: null, genres: [], people: [], decades: [] };
  const mean = rated.reduce((a, r) => a + r.rating, 0) / rated.length;
  const genres = new Map<string, { sum: number; n: number }>();
  const decades = new Map<string, { sum: number; n: number }>();
  const people = new Map<string, { sum: number; n: number }>();
  for (const { rating, movie } of rated) {
    // A small bonus keeps "liked and average" above "never rated" when everything ties.
    const delta = rating - mean + 0.1;
    for (const g of movie.genres) if (g !== '(no genres listed)' && g !== 'IMAX') bump(genres, g, delta);
    if (movie.year) bump(decades, `${Math.floor(movie.year / 10) * 10}s`, delta);
    if (rating >= LIKED) {
      for (const d of movie.directors ?? []) bump(people, d, rating);
      for (const c of (movie.cast ?? []).slice(0, 3)) bump(people, c, rating);
    }
  }
  const minSupport = rated.length >= 6 ? MIN_SUPPORT : 1;
  return {
    count: rated.length,
    mean: Math.round(mean * 100) / 100,
    genres: topBy(genres, minSupport),
    people: topBy(people, MIN_SUPPORT),
    decades: topBy(decades, minSupport),
  };
}
