import { fixtureDir } from '../../helpers/fixture-dir.js';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateEnrichment, upsertMovies } from '../../../src/db/repositories/catalog-import.js';
import { loadConfig } from '../../../src/config.js';
import { catalogFromDatabase, preferencesJson, runParse } from '../../../src/bot/parse-cli.js';
import { parsePreferences } from '../../../src/nlp/parse.js';
import { emptyPreferences } from '../../../src/nlp/types.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../../helpers/db.js';

const dir = fixtureDir('nlp/ml-mini');
// a data dir that does not exist: the CLI must not create a database just to parse
const config = loadConfig({ REELMATE_DATA_DIR: fileURLToPath(new URL('../../artifacts/no-such-data-dir', import.meta.url)) });

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('reelmate parse', () => {
  it('prints the contract JSON, fields in the documented order', async () => {
    const c = capture();
    const code = await runParse(
      'something like Inception, 90s, with tom hanks, give me 3, no horror',
      { json: true, movielens: dir, enrich: `${dir}/enrichment.jsonl` },
      config,
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out).toHaveLength(1);
    const json = JSON.parse(c.out[0]!) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 8)).toEqual(['genres', 'years', 'people', 'runtime', 'language', 'similarTo', 'moods', 'limit']);
    expect(json).toMatchObject({
      genres: { include: [], exclude: ['Horror'] },
      years: { from: 1990, to: 1999 },
      people: [{ name: 'Tom Hanks', role: 'actor', exclude: false }],
      runtime: null,
      language: null,
      similarTo: [{ movieId: 79132, title: 'Inception (2010)' }],
      moods: [],
      limit: 3,
    });
  });

  it('prints the echo and the intent as text, and says when there is no catalogue', async () => {
    const c = capture();
    expect(await runParse('scary 80s movie', {}, config, c.io)).toBe(0);
    expect(c.out[0]).toBe('Looking for: horror · 1980-1989');
    expect(c.out[1]).toBe('Intent: recommend {"query":"scary 80s movie"}');
    expect(c.err.join('\n')).toMatch(/No catalogue/);
  });

  it('leaves optional fields out of the JSON when empty', () => {
    expect(Object.keys(preferencesJson(emptyPreferences()))).toEqual([
      'genres',
      'years',
      'people',
      'runtime',
      'language',
      'similarTo',
      'moods',
      'limit',
    ]);
  });
});

describe.each(testEngines())('catalogue from the database (%s)', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('is null while the database has no movies, then parses against its rows', async () => {
    expect(await catalogFromDatabase(database)).toBeNull();
    await upsertMovies(database, [
      { id: 2571, title: 'Matrix, The (1999)', display_title: 'The Matrix', year: 1999, genres: ['Action', 'Sci-Fi'] },
      { id: 79132, title: 'Inception (2010)', display_title: 'Inception', year: 2010, genres: ['Sci-Fi'] },
    ]);
    await updateEnrichment(database, [
      {
        id: 79132,
        overview: null,
        directors: ['Christopher Nolan'],
        cast_names: ['Leonardo DiCaprio'],
        keywords: [],
        runtime: 148,
        original_language: 'en',
        release_date: '2010-07-14',
        tmdb_vote_average: 8.1,
        tmdb_vote_count: 13752,
        tmdb_popularity: 167,
      },
    ]);
    const catalog = await catalogFromDatabase(database);
    expect(catalog?.size).toBe(2);
    const p = parsePreferences('like the matrix, directed by nolan', catalog!);
    expect(p.similarTo).toEqual([{ movieId: 2571, title: 'Matrix, The (1999)' }]);
    expect(p.people).toEqual([{ name: 'Christopher Nolan', role: 'director', exclude: false }]);
    expect(catalog!.latestYear).toBe(2010);
  });
});
