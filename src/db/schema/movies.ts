import { index, integer, pgTable, real, smallint, text, date, timestamp } from 'drizzle-orm/pg-core';

/** The catalogue: MovieLens movies keyed by their MovieLens id, plus optional TMDB enrichment. */
export const movies = pgTable(
  'movies',
  {
    id: integer('id').primaryKey(),
    title: text('title').notNull(),
    /** Title without the trailing "(1995)", articles moved back to the front ("The Matrix"). */
    displayTitle: text('display_title').notNull(),
    year: smallint('year'),
    genres: text('genres').array().notNull(),
    imdbId: text('imdb_id'),
    tmdbId: integer('tmdb_id'),
    overview: text('overview'),
    directors: text('directors').array(),
    cast: text('cast_names').array(),
    keywords: text('keywords').array(),
    runtime: smallint('runtime'),
    originalLanguage: text('original_language'),
    releaseDate: date('release_date'),
    tmdbVoteAverage: real('tmdb_vote_average'),
    tmdbVoteCount: integer('tmdb_vote_count'),
    tmdbPopularity: real('tmdb_popularity'),
    /** TMDB poster path ("/abc.jpg"); cards build the image URL from it. */
    posterPath: text('poster_path'),
    /**
     * What `enrich tmdb` last got for this film: 'ok', 'not_found' (TMDB has no such id) or
     * 'failed' (it will be tried again); null = never asked. Makes the enrichment resumable.
     */
    tmdbStatus: text('tmdb_status'),
    tmdbFetchedAt: timestamp('tmdb_fetched_at', { withTimezone: true }),
  },
  (t) => [index('movies_year_idx').on(t.year), index('movies_tmdb_idx').on(t.tmdbId)],
);
