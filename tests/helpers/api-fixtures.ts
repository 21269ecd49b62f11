/**
 * Small, known data for the HTTP API tests: a dozen real MovieLens movies, and the
 * real catalogue search, parser and recommendation service on top of them.
 */
import { sql } from 'drizzle-orm';
import { schema, type Database } from '../../src/db/client.js';

const MOVIES: [number, string, string, number, string[], string | null, number | null][] = [
  [1, 'Toy Story (1995)', 'Toy Story', 1995, ['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy'], '0114709', 862],
  [2, 'Jumanji (1995)', 'Jumanji', 1995, ['Adventure', 'Children', 'Fantasy'], '0113497', 8844],
  [6, 'Heat (1995)', 'Heat', 1995, ['Action', 'Crime', 'Thriller'], '0113277', 949],
  [47, 'Seven (a.k.a. Se7en) (1995)', 'Seven (a.k.a. Se7en)', 1995, ['Mystery', 'Thriller'], '0114369', 807],
  [50, 'Usual Suspects, The (1995)', 'The Usual Suspects', 1995, ['Crime', 'Mystery', 'Thriller'], '0114814', 629],
  [296, 'Pulp Fiction (1994)', 'Pulp Fiction', 1994, ['Comedy', 'Crime', 'Drama', 'Thriller'], '0110912', 680],
  [356, 'Forrest Gump (1994)', 'Forrest Gump', 1994, ['Comedy', 'Drama', 'Romance', 'War'], '0109830', 13],
  [318, 'Shawshank Redemption, The (1994)', 'The Shawshank Redemption', 1994, ['Crime', 'Drama'], '0111161', 278],
  [2571, 'Matrix, The (1999)', 'The Matrix', 1999, ['Action', 'Sci-Fi', 'Thriller'], '0133093', 603],
  [2959, 'Fight Club (1999)', 'Fight Club', 1999, ['Action', 'Crime', 'Drama', 'Thriller'], '0137523', 550],
  [1265, 'Groundhog Day (1993)', 'Groundhog Day', 1993, ['Comedy', 'Fantasy', 'Romance'], '0107048', 137],
  [79132, 'Inception (2010)', 'Inception', 2010, ['Action', 'Crime', 'Drama', 'Mystery', 'Sci-Fi', 'Thriller', 'IMAX'], '1375666', 27205],
];

/** The movies plus a few community raters, so collaborative models have something to learn. */
export async function seedApiMovies(database: Database): Promise<void> {
  await database.db
    .insert(schema.movies)
    .values(
      MOVIES.map(([id, title, displayTitle, year, genres, imdbId, tmdbId]) => ({ id, title, displayTitle, year, genres, imdbId, tmdbId })),
    );
  const raters: [string, [number, number][]][] = [
    [
      '1',
      [
        [1, 4],
        [2, 3.5],
        [296, 5],
        [2571, 5],
        [2959, 4.5],
        [318, 5],
      ],
    ],
    [
      '2',
      [
        [1, 5],
        [356, 4.5],
        [1265, 4],
        [2, 4],
        [318, 4.5],
      ],
    ],
    [
      '3',
      [
        [6, 4.5],
        [47, 4],
        [50, 5],
        [296, 4.5],
        [2571, 4],
        [79132, 5],
      ],
    ],
    [
      '4',
      [
        [356, 3],
        [1265, 5],
        [1, 4.5],
        [79132, 4],
        [2959, 3.5],
      ],
    ],
  ];
  for (const [ext, ratings] of raters) {
    const [u] = await database.rows<{ id: number }>(
      sql`INSERT INTO users (platform, external_id) VALUES ('movielens', ${ext}) RETURNING id`,
    );
    for (const [movie, r] of ratings) {
      await database.db.execute(
        sql`INSERT INTO ratings (user_id, movie_id, rating, source) VALUES (${u!.id}, ${movie}, ${r}, 'movielens')`,
      );
    }
  }
}

/** The real pieces the API is wired with in production, built over a test database. */
export async function apiRealDeps(database: Database) {
  const { Catalog } = await import('../../src/catalog/catalog.js');
  const { parsePreferences, describePreferences } = await import('../../src/nlp/index.js');
  const { createRecommendationService } = await import('../../src/recommender/service.js');
  const { createRepositories } = await import('../../src/db/repositories/index.js');
  const catalog = new Catalog(await createRepositories(database.db).movies.all());
  const engine = createRecommendationService(database, { pollMs: 0 });
  await engine.ready();
  const { createGroupRecommender, enginePorts } = await import('../../src/party/pick.js');
  return {
    engine,
    groups: createGroupRecommender(enginePorts(engine, createRepositories(database.db))),
    catalog: { search: (q: string, limit: number) => catalog.findTitles(q, limit), get: (id: number) => catalog.get(id) },
    understand: (text: string) => {
      const preferences = parsePreferences(text, catalog);
      return { preferences, description: describePreferences(preferences) };
    },
  };
}
