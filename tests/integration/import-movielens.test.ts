/**
 * The real ml-latest-small (plus the enrichment) on both engines: counts, a second import that
 * adds nothing, and spot checks of titles, links, enrichment and timestamps.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMovieLens, type FileReport, type ImportSummary } from '../../src/catalog/import/index.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { openSeededTestDatabase, SEEDED_SETUP_TIMEOUT_MS, seedPaths } from '../helpers/seeded.js';

const fileOf = (s: ImportSummary, step: string): FileReport => s.files.find((f) => f.step === step)!;

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('ml-latest-small import on %s', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openSeededTestDatabase(engine);
  }, SEEDED_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await database?.dispose();
  });

  const count = async (query: ReturnType<typeof sql>) => (await database.rows<{ n: number }>(query))[0]!.n;

  it('holds the whole dataset', async () => {
    expect(await count(sql`SELECT count(*)::int AS n FROM movies`)).toBe(9742);
    expect(await count(sql`SELECT count(*)::int AS n FROM ratings WHERE source = 'movielens'`)).toBe(100836);
    expect(await count(sql`SELECT count(*)::int AS n FROM users WHERE platform = 'movielens'`)).toBe(610);
    expect(await count(sql`SELECT count(*)::int AS n FROM movie_tags`)).toBe(3683);
    expect(await count(sql`SELECT count(*)::int AS n FROM movies WHERE overview IS NOT NULL`)).toBe(3537);
    expect(await count(sql`SELECT count(*)::int AS n FROM movies WHERE imdb_id IS NOT NULL`)).toBe(9742);
    expect(await count(sql`SELECT count(*)::int AS n FROM movies WHERE tmdb_id IS NOT NULL`)).toBe(9734);
    // The CSV is the record of imported ratings: no events are written for them.
    expect(await count(sql`SELECT count(*)::int AS n FROM rating_events`)).toBe(0);
  });

  it('stores parsed titles, genres, links, enrichment and timestamps', async () => {
    const [matrix] = await database.rows<Record<string, unknown>>(
      sql`SELECT display_title, year, genres, imdb_id, tmdb_id, directors, runtime, release_date::text AS release_date
          FROM movies WHERE id = 2571`,
    );
    expect(matrix).toMatchObject({
      display_title: 'The Matrix',
      year: 1999,
      genres: ['Action', 'Sci-Fi', 'Thriller'],
      imdb_id: '0133093',
      tmdb_id: 603,
      runtime: 136,
      release_date: '1999-03-30',
    });
    expect(matrix!.directors).toEqual(expect.arrayContaining([expect.stringContaining('Wachowski')]));
    const [lost] = await database.rows<{ display_title: string; year: number }>(sql`SELECT display_title, year FROM movies WHERE id = 29`);
    expect(lost).toEqual({ display_title: 'The City of Lost Children', year: 1995 });
    const [noGenres] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM movies WHERE genres = '{}'`);
    expect(noGenres!.n).toBe(34);
    // ratings.csv line 2: "1,1,4.0,964982703"
    const [first] = await database.rows<{ rating: number; epoch: number }>(sql`
      SELECT r.rating, extract(epoch FROM r.created_at)::int AS epoch FROM ratings r
      JOIN users u ON u.id = r.user_id WHERE u.platform = 'movielens' AND u.external_id = '1' AND r.movie_id = 1`);
    expect(first).toEqual({ rating: 4, epoch: 964982703 });
  });

  it('a second import adds and changes nothing', async () => {
    const before = await count(sql`SELECT sum(ratings_version)::int AS n FROM users`);
    const again = await importMovieLens(database, seedPaths());
    for (const f of again.files) {
      expect({ step: f.step, added: f.added, updated: f.updated, rejected: f.rejected }).toEqual({
        step: f.step,
        added: 0,
        updated: 0,
        rejected: 0,
      });
      expect(f.unchanged).toBe(f.rows);
    }
    expect(again.users).toEqual({ added: 0, seen: 610 });
    expect(fileOf(again, 'ratings').rows).toBe(100836);
    expect(await count(sql`SELECT sum(ratings_version)::int AS n FROM users`)).toBe(before);
    expect(await count(sql`SELECT count(*)::int AS n FROM ratings`)).toBe(100836);
  });
});
