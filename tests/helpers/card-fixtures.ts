/** A catalogue film with a TMDB poster, as the platform renderers' card tests use it. */
export const HEAT_WITH_POSTER = {
  id: 6,
  displayTitle: 'Heat',
  year: 1995,
  genres: ['Action'],
  runtime: null,
  directors: ['Michael Mann'],
  cast: null,
  tmdbId: 949,
  imdbId: null,
  posterPath: '/heat.jpg',
};
