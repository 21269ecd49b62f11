import { describe, expect, it } from 'vitest';
import { ActionCodec } from '../../../src/features/index.js';
import { groupLine, movieLinks, personalNote, posterUrl, reasonFor, type CardMovie } from '../../../src/core/card.js';
import { movieCard } from '../../../src/features/index.js';
import { predictedStars, runtime, stars } from '../../../src/core/format.js';

const codec = new ActionCodec('test-secret-0123456789abcdef');
const heat: CardMovie = {
  id: 6,
  displayTitle: 'Heat',
  year: 1995,
  genres: ['Action', 'Crime', 'Thriller'],
  runtime: 170,
  directors: ['Michael Mann'],
  cast: ['Al Pacino', 'Robert De Niro', 'Val Kilmer', 'Jon Voight', 'Tom Sizemore', 'Ashley Judd'],
  tmdbId: 949,
  imdbId: '0113277',
};

describe('movie card', () => {
  it('shows title, year, genres, runtime, director, prediction, reason and links', () => {
    const card = movieCard({ movie: heat, predicted: 4.26, reason: 'Because you liked Collateral' }, codec);
    expect(card.kind).toBe('movie');
    expect(card.title).toBe('Heat (1995)');
    expect(card.body).toBe('Because you liked Collateral');
    expect(card.url).toBe('https://www.themoviedb.org/movie/949');
    expect(card.fields).toEqual([
      { label: 'Genres', value: 'Action, Crime, Thriller', inline: true },
      { label: 'Runtime', value: '2h 50m', inline: true },
      { label: 'Director', value: 'Michael Mann', inline: true },
      { label: 'For you', value: '4.3★', inline: true },
    ]);
    expect(card.movie?.links).toEqual([
      { label: 'TMDB', url: 'https://www.themoviedb.org/movie/949' },
      { label: 'IMDb', url: 'https://www.imdb.com/title/tt0113277/' },
    ]);
    expect(card.movie?.cast).toHaveLength(5);
  });

  it('has five rating buttons and the main actions, each with a valid signed payload', () => {
    const card = movieCard({ movie: heat }, codec);
    const actions = card.actions ?? [];
    expect(actions.filter((a) => a.group === 'rating').map((a) => a.value)).toEqual([1, 2, 3, 4, 5]);
    expect(actions.map((a) => a.kind)).toEqual([
      'rate',
      'rate',
      'rate',
      'rate',
      'rate',
      'watchlist',
      'more_like',
      'why',
      'seen',
      'dismiss',
    ]);
    for (const a of actions) {
      expect(a.id.length).toBeLessThan(100);
      const decoded = codec.decode(a.id);
      expect(decoded.ok).toBe(true);
      if (decoded.ok && 'movieId' in decoded.value) expect(decoded.value.movieId).toBe(6);
    }
  });

  it('reflects the viewer: their rating, watchlist and marks', () => {
    const card = movieCard({ movie: heat, userRating: 4, onWatchlist: true, seen: true, footer: 'Ana rated it 4★' }, codec);
    expect(card.footer).toBe('Ana rated it 4★');
    expect(card.movie?.userRating).toBe(4);
    expect(card.fields).toContainEqual({ label: 'Your rating', value: '4★', inline: true });
    const rate4 = card.actions?.find((a) => a.kind === 'rate' && a.value === 4);
    expect(rate4?.style).toBe('primary');
    const wl = card.actions?.find((a) => a.kind === 'watchlist');
    expect(wl?.label).toBe('On watchlist');
    const decoded = codec.decode(wl!.id);
    expect(decoded.ok && decoded.value.kind).toBe('unwatchlist');
    expect(card.actions?.find((a) => a.kind === 'seen')?.label).toBe('Seen ✓');
  });

  it('leaves out what is unknown, except the runtime, which it says is unknown', () => {
    const bare = movieCard(
      {
        movie: {
          ...heat,
          year: null,
          runtime: null,
          directors: null,
          cast: null,
          tmdbId: null,
          imdbId: null,
          genres: ['(no genres listed)'],
        },
        predicted: Number.NaN,
      },
      codec,
    );
    expect(bare.title).toBe('Heat');
    expect(bare.fields).toEqual([{ label: 'Runtime', value: 'unknown', inline: true }]);
    expect(bare.imageUrl).toBeUndefined();
    expect(bare.url).toBeUndefined();
    expect(bare.movie?.predicted).toBeUndefined();
  });

  it('only links well-formed ids', () => {
    expect(movieLinks({ tmdbId: null, imdbId: 'tt0133093' })).toEqual([{ label: 'IMDb', url: 'https://www.imdb.com/title/tt0133093/' }]);
    expect(movieLinks({ tmdbId: null, imdbId: '"><script>' })).toEqual([]);
  });

  it('formats stars and runtimes', () => {
    expect(stars(4)).toBe('4★');
    expect(stars(3.5)).toBe('3.5★');
    expect(predictedStars(3.96)).toBe('4.0★');
    expect(runtime(45)).toBe('45m');
    expect(runtime(120)).toBe('2h');
  });
});

describe('cards shared in a channel', () => {
  const here = { raters: 3, meanRating: 4.1666, watchlisted: 1 };

  it('name whose stars they show, retell the reason for the channel and keep the buttons neutral', () => {
    const card = movieCard(
      {
        movie: heat,
        predicted: 4.26,
        userRating: 4,
        onWatchlist: true,
        seen: true,
        reason: 'because you liked Collateral',
        forWhom: 'Ana',
        here,
      },
      codec,
    );
    expect(card.fields).toContainEqual({ label: 'For Ana', value: '4.3★', inline: true });
    expect(card.fields).toContainEqual({ label: "Ana's rating", value: '4★', inline: true });
    expect(card.fields).toContainEqual({ label: 'Here', value: 'rated by 3, avg 4.2★ · on 1 watchlist', inline: false });
    expect(card.fields?.map((f) => f.label)).not.toContain('For you');
    expect(card.body).toBe('because Ana liked Collateral');
    expect(card.movie).toMatchObject({ predicted: 4.26, forWhom: 'Ana' });
    expect(card.movie?.userRating).toBeUndefined();
    expect(card.actions?.filter((a) => a.style === 'primary' && a.kind === 'rate')).toEqual([]);
    expect(card.actions?.find((a) => a.kind === 'watchlist')?.label).toBe('Watchlist');
    expect(card.actions?.find((a) => a.kind === 'seen')?.label).toBe('Seen it');
  });

  it('for nobody (after a click): only what is true for everyone', () => {
    const card = movieCard(
      { movie: heat, predicted: 4.26, userRating: 5, onWatchlist: true, forWhom: null, here, footer: 'Ana rated it 5★' },
      codec,
    );
    expect(card.fields?.map((f) => f.label)).toEqual(['Genres', 'Runtime', 'Director', 'Here']);
    expect(card.movie?.predicted).toBeUndefined();
    expect(card.movie?.userRating).toBeUndefined();
    expect(card.movie?.forWhom).toBeUndefined();
    expect(card.body).toBeUndefined();
    expect(card.footer).toBe('Ana rated it 5★');
    expect(card.actions?.find((a) => a.kind === 'watchlist')?.label).toBe('Watchlist');
  });

  it("retells the recommender's reasons, and labels any other personal line", () => {
    expect(reasonFor('Ben', 'because you liked Alien and Aliens')).toBe('because Ben liked Alien and Aliens');
    expect(reasonFor('Ben', 'people with taste like yours rate it 4.4')).toBe("people with taste like Ben's rate it 4.4");
    expect(reasonFor('Ben', 'matches: comedy, 1990s')).toBe('matches: comedy, 1990s');
    expect(reasonFor('Ben', 'you might like it')).toBe('For Ben: you might like it');
  });

  it("says the group facts and the clicker's own state in short lines", () => {
    expect(groupLine({ raters: 0, meanRating: null, watchlisted: 0 })).toBeUndefined();
    expect(groupLine({ raters: 1, meanRating: 5, watchlisted: 2 })).toBe('rated by 1, avg 5.0★ · on 2 watchlists');
    expect(personalNote({ userRating: 4.5, predicted: 4.26, onWatchlist: true }, 'because you liked Heat')).toBe(
      'Just for you: your rating 4.5★ · I predict 4.3★ for you · on your watchlist.\nBecause you liked Heat.',
    );
    expect(personalNote({})).toBeUndefined();
  });

  it('shows a poster only for a well-formed TMDB path', () => {
    expect(movieCard({ movie: { ...heat, posterPath: '/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg' } }, codec).imageUrl).toBe(
      'https://image.tmdb.org/t/p/w342/rrBuGu0Pjq7Y2BWSI6teGfZzviY.jpg',
    );
    expect(posterUrl('javascript:alert(1)')).toBeUndefined();
    expect(posterUrl('/../../x.jpg')).toBeUndefined();
  });
});
