import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildTrainingData,
  carveValidation,
  historyFromMovies,
  historyOf,
  loadMovieLens,
  loadSplitFile,
  parseRatingsCsv,
  randomFolds,
  splitRows,
  temporalSplit,
  yearOfTitle,
} from '../../../src/recommender/data.js';
import type { RatingTriples } from '../../../src/recommender/types.js';

const enc = (s: string) => new TextEncoder().encode(s);

function triples(rows: [number, number, number, number?][]): RatingTriples {
  return {
    userIds: Int32Array.from(rows, (r) => r[0]),
    movieIds: Int32Array.from(rows, (r) => r[1]),
    ratings: Float32Array.from(rows, (r) => r[2]),
    timestamps: Float64Array.from(rows, (r) => r[3] ?? 0),
  };
}

describe('parseRatingsCsv', () => {
  it('skips the header, reads decimals, CRLF and a last line without newline', () => {
    const t = parseRatingsCsv(enc('userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n7,1029,3,1260759179\n12,5,4.0,99'));
    expect(Array.from(t.userIds)).toEqual([1, 7, 12]);
    expect(Array.from(t.movieIds)).toEqual([31, 1029, 5]);
    expect(Array.from(t.ratings)).toEqual([2.5, 3, 4]);
    expect(Array.from(t.timestamps!)).toEqual([1260759144, 1260759179, 99]);
  });
});

describe('buildTrainingData', () => {
  const t = triples([
    [20, 300, 4],
    [10, 200, 3],
    [20, 100, 5],
    [10, 300, 2],
    [10, 200, 1], // a repeat: the later rating wins
  ]);
  const d = buildTrainingData(t, { extraMovieIds: [999] });

  it('indexes ids ascending, CSR by user and CSC by item, sorted', () => {
    expect(Array.from(d.userIds)).toEqual([10, 20]);
    expect(Array.from(d.itemIds)).toEqual([100, 200, 300, 999]);
    expect(d.nRatings).toBe(4);
    expect(Array.from(d.userPtr)).toEqual([0, 2, 4]);
    expect(Array.from(d.userItems)).toEqual([1, 2, 0, 2]);
    expect(Array.from(d.userRatings)).toEqual([1, 2, 5, 4]);
    expect(Array.from(d.itemPtr)).toEqual([0, 1, 2, 4, 4]);
    expect(Array.from(d.itemUsers)).toEqual([1, 0, 0, 1]);
    expect(Array.from(d.itemRatings)).toEqual([5, 1, 2, 4]);
    expect(d.globalMean).toBeCloseTo(3, 6);
  });

  it('gives histories by index and by movie id', () => {
    const h = historyOf(d, 1);
    expect(Array.from(h.items)).toEqual([0, 2]);
    expect(h.userIndex).toBe(1);
    const g = historyFromMovies(d, [
      { movieId: 300, rating: 3 },
      { movieId: 42, rating: 5 },
      { movieId: 100, rating: 1 },
    ]);
    expect(Array.from(g.items)).toEqual([0, 2]);
    expect(Array.from(g.ratings)).toEqual([1, 3]);
  });
});

describe('splits', () => {
  it('temporal: latest 20% per user by time then movie id, at least one', () => {
    const rows: [number, number, number, number][] = [];
    for (let m = 1; m <= 10; m++) rows.push([1, m, 3, 100 - m]); // user 1: movie 1 is the newest
    rows.push([2, 5, 4, 1], [2, 6, 4, 1]); // tie on time: higher movie id is later
    const t = triples(rows);
    const s = splitRows(t, temporalSplit(t).assign, 1);
    expect(Array.from(s.test.movieIds).sort((a, b) => a - b)).toEqual([1, 2, 6]);
    expect(s.train.ratings.length).toBe(9);
  });

  it('random folds are balanced and seeded', () => {
    const a = randomFolds(103, 5, 1);
    const b = randomFolds(103, 5, 1);
    expect(Array.from(a.assign)).toEqual(Array.from(b.assign));
    const counts = [0, 0, 0, 0, 0];
    a.assign.forEach((f) => counts[f]!++);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it("carving validation never takes a user's only rating and keeps every row once", () => {
    const rows: [number, number, number][] = [[1, 1, 4]];
    for (let m = 1; m <= 200; m++) rows.push([2, m, 3]);
    const v = carveValidation(triples(rows), 0.5, 3);
    expect(v.train.userIds).toContain(1);
    expect(v.train.ratings.length + v.test.ratings.length).toBe(201);
    expect(v.test.ratings.length).toBeGreaterThan(60);
  });

  it('split files: folds, train/test, and a rating the file does not assign is an error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reelmate-split-'));
    const t = triples([
      [1, 10, 4],
      [1, 11, 3],
      [2, 10, 5],
    ]);
    writeFileSync(path.join(dir, 'f.csv'), 'userId,movieId,fold\n1,10,0\n1,11,1\n2,10,1\n');
    const f = loadSplitFile(path.join(dir, 'f.csv'), t);
    expect(f.ok && Array.from(f.value.assign)).toEqual([0, 1, 1]);
    expect(f.ok && f.value.nFolds).toBe(2);
    writeFileSync(path.join(dir, 't.csv'), 'userId,movieId,split\n1,10,train\n1,11,test\n2,10,train\n');
    const s = loadSplitFile(path.join(dir, 't.csv'), t);
    expect(s.ok && s.value.kind).toBe('temporal');
    writeFileSync(path.join(dir, 'bad.csv'), 'userId,movieId,fold\n1,10,0\n');
    const bad = loadSplitFile(path.join(dir, 'bad.csv'), t);
    expect(bad.ok).toBe(false);
    expect(loadSplitFile(path.join(dir, 'missing.csv'), t).ok).toBe(false);
  });
});

describe('MovieLens loaders', () => {
  it('reads a release directory with quoted titles, tags and enrichment', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reelmate-ml-'));
    writeFileSync(path.join(dir, 'ratings.csv'), 'userId,movieId,rating,timestamp\n1,1,4.0,5\n1,2,3.5,6\n');
    writeFileSync(
      path.join(dir, 'movies.csv'),
      'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n2,"American President, The (1995)",Comedy|Drama|Romance\n3,Untitled,(no genres listed)\n',
    );
    writeFileSync(path.join(dir, 'tags.csv'), 'userId,movieId,tag,timestamp\n1,1,Pixar,1\n2,1,pixar,2\n2,1,"fun, clever",3\n');
    const enrich = path.join(dir, 'enrich.jsonl');
    writeFileSync(
      enrich,
      JSON.stringify({
        movieId: 1,
        directors: ['John Lasseter'],
        cast: ['Tom Hanks'],
        keywords: ['toy'],
        runtime: 81,
        original_language: 'en',
        overview: 'Toys.',
      }) + '\n{not json}\n',
    );
    const r = loadMovieLens(dir, { enrichFile: enrich });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.ratings.ratings.length).toBe(2);
    const toy = r.value.movies.get(1)!;
    expect(toy).toMatchObject({
      year: 1995,
      genres: ['Adventure', 'Animation'],
      tags: ['pixar', 'fun, clever'],
      directors: ['John Lasseter'],
      runtime: 81,
      language: 'en',
    });
    expect(r.value.movies.get(2)!.title).toBe('American President, The (1995)');
    expect(r.value.movies.get(3)!.genres).toEqual([]);
    expect(loadMovieLens(path.join(dir, 'nope')).ok).toBe(false);
  });

  it('finds years in titles', () => {
    expect(yearOfTitle('Heat (1995)')).toBe(1995);
    expect(yearOfTitle('Babylon 5 (1994-1998) ')).toBe(1994);
    expect(yearOfTitle('Hyena Road')).toBeNull();
  });
});
