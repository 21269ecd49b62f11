/**
 * Cards for one viewer: the same movie shows that viewer's prediction, rating, watchlist
 * and marks. Loads everything a page of cards needs in a handful of queries.
 */
import type { Movie } from '../db/repositories/movies.js';
import { movieCard, type CardViewerState } from './card.js';
import type { CoreServices } from './context.js';
import type { Card } from './types.js';

export interface CardRequest {
  movieId: number;
  reason?: string | undefined;
  predicted?: number | undefined;
  footer?: string | undefined;
}

export async function viewerStates(services: CoreServices, userId: number, movieIds: readonly number[]): Promise<Map<number, CardViewerState>> {
  const wanted = new Set(movieIds);
  const [ratings, watch, marks] = await Promise.all([
    services.repos.ratings.forUser(userId),
    services.repos.watchlist.list(userId),
    services.repos.marks.forUser(userId),
  ]);
  const states = new Map<number, CardViewerState>();
  const state = (id: number): CardViewerState => {
    let s = states.get(id);
    if (!s) states.set(id, (s = {}));
    return s;
  };
  for (const id of wanted) state(id);
  for (const r of ratings) if (wanted.has(r.movieId)) state(r.movieId).userRating = r.rating;
  for (const w of watch) if (wanted.has(w.movieId)) state(w.movieId).onWatchlist = true;
  for (const m of marks) {
    if (!wanted.has(m.movieId)) continue;
    if (m.kind === 'seen') state(m.movieId).seen = true;
    else state(m.movieId).dismissed = true;
  }
  return states;
}

/** Movie cards in request order; unknown movie ids are skipped. Predictions are filled in when missing. */
export async function cardsFor(services: CoreServices, userId: number, requests: readonly CardRequest[]): Promise<{ cards: Card[]; movies: Movie[] }> {
  const ids = requests.map((r) => r.movieId);
  const missing = requests.filter((r) => r.predicted === undefined).map((r) => r.movieId);
  const [rows, states, predictions] = await Promise.all([
    services.repos.movies.byIds(ids),
    viewerStates(services, userId, ids),
    missing.length > 0 ? services.engine.predict(userId, missing) : Promise.resolve(new Map<number, number>()),
  ]);
  const cards: Card[] = [];
  const movies: Movie[] = [];
  for (const r of requests) {
    const movie = rows.get(r.movieId);
    if (!movie) continue;
    movies.push(movie);
    const predicted = r.predicted ?? predictions.get(r.movieId);
    cards.push(
      movieCard({ movie, ...states.get(r.movieId), predicted, reason: r.reason, footer: r.footer }, services.codec),
    );
  }
  return { cards, movies };
}
