import { describe, expect, it } from 'vitest';
import { emptyPreferences } from '../../../src/nlp/types.js';
import { buildConstraintCatalog, planConstraints, selectCandidates } from '../../../src/recommender/constraints.js';
import type { ItemMeta } from '../../../src/recommender/types.js';

function movie(movieId: number, over: Partial<ItemMeta>): ItemMeta {
  return { movieId, title: `M${movieId}`, year: 2000, genres: [], tags: [], keywords: [], directors: [], cast: [], overview: null, runtime: 100, language: 'en', ...over };
}

const meta = [
  movie(1, { genres: ['Comedy'], year: 1994, runtime: 85, cast: ['Tom Hanks'], tags: ['feel-good'] }),
  movie(2, { genres: ['Comedy', 'Romance'], year: 1999, runtime: 120, language: 'fr' }),
  movie(3, { genres: ['Horror'], year: 1996, runtime: 80, directors: ['John Carpenter'] }),
  movie(4, { genres: ['Comedy', 'Horror'], year: 2005, runtime: 95 }),
  movie(5, { genres: ['Drama'], year: 1995, runtime: null, language: null, cast: ['Tom Hanks'] }),
];
const catalog = buildConstraintCatalog(meta, Float32Array.of(4.5, 3, 3.5, 4, 4.2), Float32Array.of(1, 0.2, 0.5, 0.1, 0.8));
const all = () => true;
const passing = (mask: Uint8Array) => [...mask].flatMap((v, i) => (v ? [meta[i]!.movieId] : []));

describe('planConstraints + selectCandidates', () => {
  it('filters by genre, years and runtime together', () => {
    const p = emptyPreferences();
    p.genres.include = ['Comedy'];
    p.years = { from: 1990, to: 1999 };
    p.runtime = { min: null, max: 90 };
    const { mask, relaxed } = selectCandidates(planConstraints(p, catalog), meta.length, all, 1);
    expect(passing(mask)).toEqual([1]);
    expect(relaxed).toEqual([]);
  });

  it('relaxes the least important filter first and names it', () => {
    const p = emptyPreferences();
    p.genres.include = ['Comedy'];
    p.years = { from: 1990, to: 1999 };
    p.runtime = { min: null, max: 90 };
    const { mask, relaxed } = selectCandidates(planConstraints(p, catalog), meta.length, all, 2);
    expect(relaxed).toEqual(['dropped: under 90 min']);
    expect(passing(mask)).toEqual([1, 2]);
  });

  it('never relaxes an exclusion, even when nothing is left', () => {
    const p = emptyPreferences();
    p.genres.exclude = ['Comedy', 'Horror', 'Drama'];
    const { mask, relaxed } = selectCandidates(planConstraints(p, catalog), meta.length, all, 3);
    expect(passing(mask)).toEqual([]);
    expect(relaxed).toEqual([]);
  });

  it('respects the base exclusions (rated, seen, dismissed)', () => {
    const p = emptyPreferences();
    p.genres.include = ['Comedy'];
    const { mask } = selectCandidates(planConstraints(p, catalog), meta.length, (i) => i !== 0, 1);
    expect(passing(mask)).toEqual([2, 4]);
  });

  it('matches people by full name or surname, with a role', () => {
    const p = emptyPreferences();
    p.people = [{ name: 'carpenter', role: 'director', exclude: false }];
    expect(passing(selectCandidates(planConstraints(p, catalog), meta.length, all, 1).mask)).toEqual([3]);
    p.people = [{ name: 'Tom Hanks', role: 'actor', exclude: true }];
    expect(passing(selectCandidates(planConstraints(p, catalog), meta.length, all, 1).mask)).toEqual([2, 3, 4]);
  });

  it('treats an unknown language or runtime as not matching', () => {
    const p = emptyPreferences();
    p.foreign = true;
    expect(passing(selectCandidates(planConstraints(p, catalog), meta.length, all, 1).mask)).toEqual([2]);
  });

  it('boosts moods and quality hints and reports what matched', () => {
    const p = emptyPreferences();
    p.moods = ['feel-good'];
    p.genres.include = ['Comedy'];
    p.years = { from: 1990, to: 1999 };
    const plan = planConstraints(p, catalog);
    expect(plan.boost).not.toBeNull();
    expect(plan.boost![0]!).toBeGreaterThan(plan.boost![1]!); // feel-good tag + comedy genre
    expect(plan.matches(0)).toEqual(['comedy', '1990s', 'feel-good']);
    const q = emptyPreferences();
    q.quality = 'hidden_gem';
    const gem = planConstraints(q, catalog).boost!;
    expect(gem[3]!).toBeGreaterThan(gem[0]!); // good and little known beats good and famous
  });

  it('no preferences: no filters, no boost', () => {
    const plan = planConstraints(undefined, catalog);
    expect(plan.filters).toEqual([]);
    expect(plan.boost).toBeNull();
  });
});
