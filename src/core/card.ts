/**
 * The movie card: the one neutral shape every adapter renders (Discord embed + buttons,
 * Slack blocks, playground HTML). Built here so that every platform shows the same facts
 * and the same actions, each carrying a signed payload.
 */
import type { Movie } from '../db/repositories/movies.js';
import { predictedStars, runtime, stars, titleWithYear } from './format.js';
import type { Card, CardAction, CardField } from './types.js';

/**
 * The buttons of a movie card for a viewer's state. The features contribute them (rate, watchlist,
 * more like this, why, seen, not interested: src/features/index.ts assembles them), so a new
 * button needs no change here.
 */
export type MovieActions = (movieId: number, state: CardViewerState) => CardAction[];

/** The catalogue facts a card shows. */
export type CardMovie = Pick<Movie, 'id' | 'displayTitle' | 'year' | 'genres' | 'runtime' | 'directors' | 'cast' | 'tmdbId' | 'imdbId'> &
  Partial<Pick<Movie, 'posterPath'>>;

/** What the people of a channel did with a film: true for everyone who reads the card. */
export interface GroupFacts {
  raters: number;
  meanRating: number | null;
  watchlisted: number;
}

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
  /**
   * A card in a channel, read by everyone there: whose prediction and rating it shows ("Ana",
   * the person who asked), or null for nobody's (a card rebuilt after a click: only group
   * facts). Its buttons then show nobody's state. Undefined: a card only the viewer sees.
   */
  forWhom?: string | null | undefined;
  /** What the people of the channel did with it ("Here: rated by 3, avg 4.2★"). */
  here?: GroupFacts | undefined;
}

/** TMDB's image server; w342 is sharp as a thumbnail and small enough for a chat. */
export const POSTER_BASE = 'https://image.tmdb.org/t/p/w342';
const POSTER_PATH = /^\/[A-Za-z0-9_-]{1,64}\.(jpg|jpeg|png|webp)$/;

/** The poster's URL when a well-formed TMDB poster path is known. */
export function posterUrl(posterPath: string | null | undefined): string | undefined {
  return posterPath && POSTER_PATH.test(posterPath) ? `${POSTER_BASE}${posterPath}` : undefined;
}

/** "rated by 3, avg 4.2★ · on 2 watchlists"; undefined when the channel did nothing with it. */
export function groupLine(here: GroupFacts | undefined): string | undefined {
  if (!here) return undefined;
  const parts: string[] = [];
  if (here.raters > 0 && here.meanRating !== null) parts.push(`rated by ${here.raters}, avg ${predictedStars(here.meanRating)}`);
  if (here.watchlisted > 0) parts.push(`on ${here.watchlisted} watchlist${here.watchlisted === 1 ? '' : 's'}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/**
 * An explanation written to the viewer ("because you liked Heat") retold for the channel
 * ("because Ana liked Heat"). The phrases are the recommender's (src/recommender/explain.ts);
 * a line this does not know is kept and labelled with the name instead.
 */
export function reasonFor(name: string, reason: string): string {
  const told = reason
    .replace(/\bbecause you liked\b/i, (m) => `${m[0] === 'B' ? 'B' : 'b'}ecause ${name} liked`)
    .replace(/\btaste like yours\b/i, `taste like ${name}'s`);
  return /\byou(rs)?\b/i.test(told) ? `For ${name}: ${told}` : told;
}

/**
 * The clicker's own relation to a film, for their eyes only: "Just for you: your rating 4★ ·
 * I predict 4.3★ · on your watchlist", and the reason on a line of its own.
 */
export function personalNote(state: CardViewerState, reason?: string): string | undefined {
  const parts: string[] = [];
  if (state.userRating !== undefined) parts.push(`your rating ${stars(state.userRating)}`);
  if (state.predicted !== undefined && Number.isFinite(state.predicted)) parts.push(`I predict ${predictedStars(state.predicted)} for you`);
  if (state.onWatchlist) parts.push('on your watchlist');
  if (state.seen) parts.push('marked seen');
  if (state.dismissed) parts.push('not for you');
  const lines: string[] = [];
  if (parts.length) lines.push(`Just for you: ${parts.join(' · ')}.`);
  if (reason) lines.push(`${reason[0]!.toUpperCase()}${reason.slice(1)}.`.replace(/\.\.$/, '.'));
  return lines.length ? lines.join('\n') : undefined;
}

export function movieLinks(movie: Pick<CardMovie, 'tmdbId' | 'imdbId'>): { label: string; url: string }[] {
  const links: { label: string; url: string }[] = [];
  if (movie.tmdbId) links.push({ label: 'TMDB', url: `https://www.themoviedb.org/movie/${movie.tmdbId}` });
  if (movie.imdbId && /^(tt)?\d{1,10}$/.test(movie.imdbId)) {
    const id = movie.imdbId.startsWith('tt') ? movie.imdbId : `tt${movie.imdbId}`;
    links.push({ label: 'IMDb', url: `https://www.imdb.com/title/${id}/` });
  }
  return links;
}

/** Said on the card rather than left out: most of the catalogue has no runtime yet. */
export const RUNTIME_UNKNOWN = 'unknown';

export function movieCard(input: MovieCardInput, movieActions: MovieActions): Card {
  const { movie } = input;
  const links = movieLinks(movie);
  const fields: CardField[] = [];
  if (movie.genres.length > 0 && movie.genres[0] !== '(no genres listed)') {
    fields.push({ label: 'Genres', value: movie.genres.join(', '), inline: true });
  }
  fields.push({ label: 'Runtime', value: movie.runtime ? runtime(movie.runtime) : RUNTIME_UNKNOWN, inline: true });
  if (movie.directors && movie.directors.length > 0) {
    fields.push({
      label: movie.directors.length > 1 ? 'Directors' : 'Director',
      value: movie.directors.slice(0, 3).join(', '),
      inline: true,
    });
  }
  // A channel card names whose stars it shows; one rebuilt after a click shows nobody's.
  const shared = input.forWhom !== undefined;
  const whose = input.forWhom ?? undefined;
  const predicted =
    input.forWhom !== null && input.predicted !== undefined && Number.isFinite(input.predicted) ? input.predicted : undefined;
  const userRating = input.forWhom !== null ? input.userRating : undefined;
  if (predicted !== undefined) fields.push({ label: whose ? `For ${whose}` : 'For you', value: predictedStars(predicted), inline: true });
  if (userRating !== undefined) fields.push({ label: whose ? `${whose}'s rating` : 'Your rating', value: stars(userRating), inline: true });
  const here = groupLine(input.here);
  if (here) fields.push({ label: 'Here', value: here, inline: false });
  // Callers give a card for nobody (null) only reasons true for everyone ("Tonight's pick").
  const reason = input.reason && whose ? reasonFor(whose, input.reason) : input.reason;

  return {
    kind: 'movie',
    title: titleWithYear(movie),
    url: links[0]?.url,
    imageUrl: posterUrl(movie.posterPath),
    body: reason,
    fields,
    actions: movieActions(movie.id, shared ? {} : input),
    footer: input.footer,
    movie: {
      movieId: movie.id,
      year: movie.year,
      genres: movie.genres,
      runtime: movie.runtime,
      directors: movie.directors ?? undefined,
      cast: movie.cast ? movie.cast.slice(0, 5) : undefined,
      predicted,
      // A shared card's buttons and badges must not show one person's rating as everyone's.
      userRating: shared ? undefined : userRating,
      forWhom: whose,
      links,
    },
  };
}
