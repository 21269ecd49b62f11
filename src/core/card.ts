/**
 * The movie card: the one neutral shape every adapter renders (Discord embed + buttons,
 * Slack blocks, playground HTML). Built here so that every platform shows the same facts
 * and the same actions, each carrying a signed payload.
 */
import type { Movie } from '../db/repositories/movies.js';
import type { ActionCodec } from './actions.js';
import { predictedStars, runtime, stars, titleWithYear } from './format.js';
import type { Card, CardAction, CardField } from './types.js';

/** The catalogue facts a card shows. */
export type CardMovie = Pick<
  Movie,
  'id' | 'displayTitle' | 'year' | 'genres' | 'runtime' | 'directors' | 'cast' | 'tmdbId' | 'imdbId'
>;

/** What the viewer's relation to the movie is, so buttons show their state. */
export interface CardViewerState {
  /** Predicted stars for the viewer (0.5-5); NaN or undefined when unknown. */
  predicted?: number | undefined;
  userRating?: number | undefined;
  onWatchlist?: boolean | undefined;
  seen?: boolean | undefined;
  dismissed?: boolean | undefined;
}

export interface MovieCardInput extends CardViewerState {
  movie: CardMovie;
  /** One line: why it was picked, or a short description. */
  reason?: string | undefined;
  /** Status line ("Ana rated it 4★"). */
  footer?: string | undefined;
}

export const RATING_STEPS = [1, 2, 3, 4, 5] as const;

export function movieLinks(movie: Pick<CardMovie, 'tmdbId' | 'imdbId'>): { label: string; url: string }[] {
  const links: { label: string; url: string }[] = [];
  if (movie.tmdbId) links.push({ label: 'TMDB', url: `https://www.themoviedb.org/movie/${movie.tmdbId}` });
  if (movie.imdbId && /^(tt)?\d{1,10}$/.test(movie.imdbId)) {
    const id = movie.imdbId.startsWith('tt') ? movie.imdbId : `tt${movie.imdbId}`;
    links.push({ label: 'IMDb', url: `https://www.imdb.com/title/${id}/` });
  }
  return links;
}

export function movieCard(input: MovieCardInput, codec: ActionCodec): Card {
  const { movie } = input;
  const links = movieLinks(movie);
  const fields: CardField[] = [];
  if (movie.genres.length > 0 && movie.genres[0] !== '(no genres listed)') {
    fields.push({ label: 'Genres', value: movie.genres.join(', '), inline: true });
  }
  if (movie.runtime) fields.push({ label: 'Runtime', value: runtime(movie.runtime), inline: true });
  if (movie.directors && movie.directors.length > 0) {
    fields.push({ label: movie.directors.length > 1 ? 'Directors' : 'Director', value: movie.directors.slice(0, 3).join(', '), inline: true });
  }
  const predicted = input.predicted !== undefined && Number.isFinite(input.predicted) ? input.predicted : undefined;
  if (predicted !== undefined) fields.push({ label: 'For you', value: predictedStars(predicted), inline: true });
  if (input.userRating !== undefined) fields.push({ label: 'Your rating', value: stars(input.userRating), inline: true });

  return {
    kind: 'movie',
    title: titleWithYear(movie),
    url: links[0]?.url,
    body: input.reason,
    fields,
    actions: movieActions(movie.id, input, codec),
    footer: input.footer,
    movie: {
      movieId: movie.id,
      year: movie.year,
      genres: movie.genres,
      runtime: movie.runtime,
      directors: movie.directors ?? undefined,
      cast: movie.cast ? movie.cast.slice(0, 5) : undefined,
      predicted,
      userRating: input.userRating,
      links,
    },
  };
}

function movieActions(movieId: number, state: CardViewerState, codec: ActionCodec): CardAction[] {
  const rating: CardAction[] = RATING_STEPS.map((n) => ({
    id: codec.encode({ kind: 'rate', movieId, stars: n }),
    kind: 'rate',
    label: stars(n),
    value: n,
    group: 'rating',
    // The star the viewer gave (rounded down for half stars) is highlighted.
    style: state.userRating !== undefined && Math.floor(state.userRating) === n ? 'primary' : 'secondary',
  }));
  return [
    ...rating,
    state.onWatchlist
      ? { id: codec.encode({ kind: 'unwatchlist', movieId }), kind: 'watchlist', label: 'On watchlist', emoji: '✅', group: 'main', style: 'success' }
      : { id: codec.encode({ kind: 'watchlist', movieId }), kind: 'watchlist', label: 'Watchlist', emoji: '📌', group: 'main', style: 'secondary' },
    { id: codec.encode({ kind: 'more_like', movieId }), kind: 'more_like', label: 'More like this', emoji: '🔁', group: 'main', style: 'secondary' },
    { id: codec.encode({ kind: 'why', movieId }), kind: 'why', label: 'Why?', emoji: '💡', group: 'main', style: 'secondary' },
    {
      id: codec.encode({ kind: 'seen', movieId }),
      kind: 'seen',
      label: state.seen ? 'Seen ✓' : 'Seen it',
      emoji: '👁',
      group: 'menu',
      style: state.seen ? 'success' : 'secondary',
    },
    {
      id: codec.encode({ kind: 'dismiss', movieId }),
      kind: 'dismiss',
      label: state.dismissed ? 'Not for me ✓' : 'Not interested',
      emoji: '🚫',
      group: 'menu',
      style: state.dismissed ? 'danger' : 'secondary',
    },
  ];
}

/** A card with a "More" button for the next page of the last list. */
export function moreAction(codec: ActionCodec): CardAction {
  return { id: codec.encode({ kind: 'next_page' }), kind: 'next_page', label: 'More', emoji: '➡️', group: 'main', style: 'primary' };
}
