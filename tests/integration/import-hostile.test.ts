/**
 * A hostile MovieLens directory (tests/fixtures/import/hostile): BOM, CRLF, blank lines, bad
 * numbers, ratings outside 0.5-5 and off the half-star scale, unknown movie ids, broken
 * quoting, wrong field counts, duplicates and broken JSON. Every bad row is reported with its
 * line number and kind, every good row is kept, and a second run changes nothing.
 */
import { fixtureDir } from '../helpers/fixture-dir.js';
import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importMovieLens,
  inspectMovieLensDir,
  PROBLEM_DETAIL_LIMIT,
  type ImportProgress,
  type ImportSummary,
} from '../../src/catalog/import/index.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';

const dir = fixtureDir('import/hostile');
const enrichFile = path.join(dir, 'enrichment.jsonl');

function problems(s: ImportSummary, step: string): [number, string][] {
  const f = s.files.find((x) => x.step === step)!;
  return f.problems.map((p) => [p.line, p.kind] as [number, string]).sort((a, b) => a[0] - b[0]);
}

describe.each(testEngines())('hostile import on %s', (engine) => {
  let database: TestDatabase;
  let first: ImportSummary;
  const progress: ImportProgress[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    first = await importMovieLens(database, { dir, enrichFile, onProgress: (p) => progress.push(p) });
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('reports each bad movie row and keeps the good ones', async () => {
    expect(problems(first, 'movies')).toEqual([
      [6, 'bad_number'],
      [7, 'broken_quoting'],
      [8, 'wrong_field_count'],
      [10, 'duplicate'],
    ]);
    const movies = await database.rows<{ id: number; display_title: string; year: number | null; genres: string[] }>(
      sql`SELECT id, display_title, year, genres FROM movies ORDER BY id`,
    );
    expect(movies).toEqual([
      { id: 1, display_title: 'Toy Story', year: 1995, genres: ['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy'] },
      { id: 2, display_title: 'The Matrix', year: 1999, genres: ['Action', 'Sci-Fi', 'Thriller'] },
      { id: 3, display_title: 'The City of Lost Children', year: 1995, genres: ['Adventure', 'Drama'] },
      { id: 6, display_title: 'Babylon 5', year: null, genres: [] },
      { id: 7, display_title: 'Heat', year: 1995, genres: ['Action', 'Crime', 'Thriller'] },
    ]);
    const f = first.files.find((x) => x.step === 'movies')!;
    expect(f).toMatchObject({ rows: 9, added: 5, rejected: 4 });
  });

  it('reports each bad rating with its line and kind', async () => {
    expect(problems(first, 'ratings')).toEqual([
      [2, 'duplicate'], // user 1 rated movie 1 again on line 17: the later line wins
      [4, 'rating_out_of_range'],
      [5, 'rating_out_of_range'],
      [6, 'rating_off_scale'],
      [7, 'bad_number'],
      [8, 'unknown_movie'],
      [9, 'bad_number'],
      [10, 'wrong_field_count'],
      [11, 'broken_quoting'],
      [14, 'rating_out_of_range'],
      [15, 'bad_number'],
    ]);
    const f = first.files.find((x) => x.step === 'ratings')!;
    expect(f).toMatchObject({ rows: 15, added: 4, updated: 0, rejected: 11 });
    expect(f.rejectedByKind).toEqual({
      duplicate: 1,
      rating_out_of_range: 3,
      rating_off_scale: 1,
      bad_number: 3,
      unknown_movie: 1,
      wrong_field_count: 1,
      broken_quoting: 1,
    });
    expect(f.problems.find((p) => p.line === 6)!.message).toContain('3.3');
    const rows = await database.rows<{ ext: string; movie_id: number; rating: number; epoch: number }>(sql`
      SELECT u.external_id AS ext, r.movie_id, r.rating, extract(epoch FROM r.updated_at)::int AS epoch
      FROM ratings r JOIN users u ON u.id = r.user_id ORDER BY u.external_id, r.movie_id`);
    expect(rows).toEqual([
      { ext: '1', movie_id: 1, rating: 3, epoch: 964982799 },
      { ext: '1', movie_id: 2, rating: 5, epoch: 964982704 },
      { ext: '2', movie_id: 6, rating: 4.5, epoch: 964982714 },
      { ext: '3', movie_id: 1, rating: 0.5, epoch: 964982712 },
    ]);
  });

  it('creates movielens users from ratings and tags', async () => {
    const users = await database.rows<{ platform: string; external_id: string }>(
      sql`SELECT platform, external_id FROM users ORDER BY external_id`,
    );
    expect(users).toEqual(['1', '2', '3', '4'].map((external_id) => ({ platform: 'movielens', external_id })));
    expect(first.users).toEqual({ added: 4, seen: 4 });
  });

  it('imports tags, links and enrichment and reports their bad rows', async () => {
    expect(problems(first, 'tags')).toEqual([
      [4, 'unknown_movie'],
      [5, 'invalid_field'],
    ]);
    const tags = await database.rows<{ movie_id: number; tag: string }>(sql`SELECT movie_id, tag FROM movie_tags ORDER BY movie_id`);
    expect(tags).toEqual([
      { movie_id: 1, tag: 'pixar' },
      { movie_id: 2, tag: 'cyberpunk, philosophy' },
    ]);
    expect(problems(first, 'links')).toEqual([
      [7, 'unknown_movie'],
      [8, 'bad_number'],
    ]);
    const links = await database.rows<{ id: number; imdb_id: string | null; tmdb_id: number | null }>(
      sql`SELECT id, imdb_id, tmdb_id FROM movies ORDER BY id`,
    );
    expect(links.map((l) => [l.id, l.imdb_id, l.tmdb_id])).toEqual([
      [1, '0114709', 862],
      [2, '0133093', 603],
      [3, '0112682', 902],
      [6, '0105946', null],
      [7, '0113277', 949],
    ]);
    expect(problems(first, 'enrichment')).toEqual([
      [2, 'bad_json'],
      [3, 'unknown_movie'],
      [4, 'invalid_field'],
    ]);
    const [matrix] = await database.rows<Record<string, unknown>>(sql`
      SELECT overview, directors, cast_names, keywords, runtime, original_language, release_date::text AS release_date,
             tmdb_vote_average, tmdb_vote_count FROM movies WHERE id = 2`);
    expect(matrix).toMatchObject({
      overview: 'A hacker learns the truth.',
      directors: ['Lana Wachowski', 'Lilly Wachowski'],
      cast_names: ['Keanu Reeves'],
      keywords: ['simulation'],
      runtime: 136,
      original_language: 'en',
      release_date: '1999-03-30',
      tmdb_vote_count: 8907,
    });
    expect(matrix!.tmdb_vote_average).toBeCloseTo(7.9, 5);
    const [heat] = await database.rows<{ overview: string | null; runtime: number }>(
      sql`SELECT overview, runtime FROM movies WHERE id = 7`,
    );
    expect(heat).toEqual({ overview: null, runtime: 170 });
  });

  it('accounts for every row: added + updated + unchanged + rejected = rows', () => {
    for (const f of first.files) expect(f.added + f.updated + f.unchanged + f.rejected, f.step).toBe(f.rows);
    expect(first.files.map((f) => [f.step, f.rows])).toEqual([
      ['movies', 9],
      ['links', 7],
      ['ratings', 15],
      ['tags', 5],
      ['enrichment', 5],
    ]);
  });

  it('reports progress by bytes for every file, in import order', () => {
    const steps = [...new Set(progress.map((p) => p.step))];
    expect(steps).toEqual(['movies', 'links', 'ratings', 'tags', 'enrichment']);
    for (const step of steps) {
      const last = progress.filter((p) => p.step === step).at(-1)!;
      expect(last.bytesRead).toBe(statSync(last.file).size);
      expect(last.totalBytes).toBe(last.bytesRead);
    }
  });

  it('a second run adds and updates nothing and reports the same problems', async () => {
    const again = await importMovieLens(database, { dir, enrichFile });
    for (const f of again.files) {
      const before = first.files.find((x) => x.step === f.step)!;
      expect({ step: f.step, added: f.added, updated: f.updated }).toEqual({ step: f.step, added: 0, updated: 0 });
      expect(f.problems).toEqual(before.problems);
      expect(f.rows).toBe(before.rows);
    }
    expect(again.users.added).toBe(0);
    const [n] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ratings`);
    expect(n!.n).toBe(4);
  });
});

describe.each(testEngines())('import reporting limits on %s', (engine) => {
  let database: TestDatabase;
  let scratch: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    scratch = mkdtempSync(path.join(tmpdir(), 'reelmate-import-'));
    copyFileSync(path.join(dir, 'movies.csv'), path.join(scratch, 'movies.csv'));
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('counts every bad row but details only the first ones', async () => {
    const bad = Array.from({ length: 45 }, (_, i) => `1,1,${6 + i},964982703`);
    writeFileSync(path.join(scratch, 'ratings.csv'), ['userId,movieId,rating,timestamp', ...bad, '1,2,4.0,964982703', ''].join('\n'));
    const s = await importMovieLens(database, { dir: scratch });
    const f = s.files.find((x) => x.step === 'ratings')!;
    expect(f).toMatchObject({ rows: 46, added: 1, rejected: 45, rejectedByKind: { rating_out_of_range: 45 } });
    expect(f.problems).toHaveLength(PROBLEM_DETAIL_LIMIT);
    expect(f.problems[0]!.line).toBe(2);
    expect(s.files.map((x) => x.step)).toEqual(['movies', 'ratings']); // no links.csv, no tags.csv
  });

  it('a changed rating in a newer release updates that row only and bumps only its user', async () => {
    const header = 'userId,movieId,rating,timestamp';
    writeFileSync(path.join(scratch, 'ratings.csv'), [header, '1,2,4.0,964982703', '2,2,3.0,964982703', ''].join('\n'));
    await importMovieLens(database, { dir: scratch });
    const versions = async () =>
      database.rows<{ external_id: string; ratings_version: number }>(
        sql`SELECT external_id, ratings_version FROM users WHERE platform = 'movielens' ORDER BY external_id`,
      );
    const before = await versions();
    writeFileSync(path.join(scratch, 'ratings.csv'), [header, '1,2,4.0,964982703', '2,2,3.5,964990000', ''].join('\n'));
    const s = await importMovieLens(database, { dir: scratch });
    expect(s.files.find((x) => x.step === 'ratings')).toMatchObject({ rows: 2, added: 0, updated: 1, unchanged: 1 });
    const after = await versions();
    expect(after.map((u) => u.ratings_version - before.find((b) => b.external_id === u.external_id)!.ratings_version)).toEqual([0, 1]);
    const [r] = await database.rows<{ rating: number; epoch: number }>(sql`
      SELECT r.rating, extract(epoch FROM r.updated_at)::int AS epoch FROM ratings r
      JOIN users u ON u.id = r.user_id WHERE u.external_id = '2' AND r.movie_id = 2`);
    expect(r).toEqual({ rating: 3.5, epoch: 964990000 });
  });

  it('rejects a directory with a wrong header before touching the database', () => {
    writeFileSync(path.join(scratch, 'tags.csv'), 'user,movie,tag\n1,1,x\n');
    const r = inspectMovieLensDir(scratch);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('userId,movieId,tag,timestamp');
    rmSync(path.join(scratch, 'tags.csv'));
    const missing = inspectMovieLensDir(path.join(scratch, 'nope'));
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
