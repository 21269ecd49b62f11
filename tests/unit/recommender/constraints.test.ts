import { describe, expect, it } from 'vitest';
import { emptyPreferences } from '../../../src/nlp/types.js';
import { buildConstraintCatalog, planConstraints, relaxationNotes, selectCandidates } from '../../../src/recommender/constraints.js';
import type { ItemMeta } from '../../../src/recommender/types.js';

function movie(movieId: number, over: Partial<ItemMeta>): ItemMeta {
  return {
    movieId,
    title: `M${movieId}`,
    year: 2000,
    genres: [],
    tags: [],
    keywords: [],
    directors: [],
    cast: [],
    overview: null,
    runtime: 100,
    language: 'en',
    ...over,
  };
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
    const { mask, tiers } = selectCandidates(planConstraints(p, catalog), meta.length, all, 1);
    expect(passing(mask)).toEqual([1]);
    expect(tiers).toBeNull();
  });

  it('when too few meet every wish, ranks the rest by the wishes they meet and names what was relaxed for which film', () => {
    const p = emptyPreferences();
    p.genres.include = ['Comedy'];
    p.years = { from: 1990, to: 1999 };
    p.runtime = { min: null, max: 90 };
    const plan = planConstraints(p, catalog);
    const { mask, tiers, relaxable } = selectCandidates(plan, meta.length, all, 2);
    expect(passing(mask)).toEqual([1, 2, 3, 4, 5]);
    // 1 meets all three; 2 (a 1999 comedy, 120 min) two; 4 (a 2005 comedy, 95 min) and 3 (1996, 80 min,
    // horror) one each, 4 coming within ten minutes of the bound; 5 (a 1995 drama of unknown length) one
    const order = [...meta.keys()].sort((a, b) => tiers![b]! - tiers![a]!).map((i) => meta[i]!.movieId);
    expect(order[0]).toBe(1);
    expect(order[1]).toBe(2);
    expect(tiers![0]!).toBeGreaterThan(tiers![1]!);
    const title = (i: number) => meta[i]!.title;
    expect(relaxationNotes(relaxable, [0, 1, 3], title)).toEqual(['from the 1990s for M4', 'under 90 min for M2 and M4']);
  });

  it('never relaxes an exclusion, even when nothing is left', () => {
    const p = emptyPreferences();
    p.genres.exclude = ['Comedy', 'Horror', 'Drama'];
    const { mask, tiers } = selectCandidates(planConstraints(p, catalog), meta.length, all, 3);
    expect(passing(mask)).toEqual([]);
    expect(tiers).toBeNull();
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

/**
 * Fixtures whose right order under relaxation is known: a request that few films meet, and
 * popular films that meet none of it, which must come last whatever their score.
 */
describe('graceful relaxation', () => {
  const order = (tiers: Int32Array, items: readonly ItemMeta[]) =>
    [...items.keys()].sort((a, b) => tiers[b]! - tiers[a]! || a - b).map((i) => items[i]!.movieId);

  it('"korean thriller": Korean films, then thrillers from a neighbouring language, then other thrillers, then the rest', () => {
    const items = [
      movie(1, { genres: ['Drama', 'Thriller'], language: 'ko' }), // meets both
      movie(2, { genres: ['Crime', 'Drama'], language: 'ko' }), // Korean, a genre next to thriller
      movie(3, { genres: ['Drama', 'War'], language: 'ko' }), // Korean only
      movie(4, { genres: ['Thriller'], language: 'ja' }), // a thriller from Japan
      movie(5, { genres: ['Thriller'], language: 'fr' }), // a thriller in another foreign language
      ...[6, 7, 8, 9].map((id) => movie(id, { genres: ['Action', 'Sci-Fi', 'Thriller'], language: 'en' })),
      ...[10, 11, 12].map((id) => movie(id, { genres: ['Comedy', 'Drama'], language: 'en' })), // popular, unrelated
    ];
    const cat = buildConstraintCatalog(items, new Float32Array(items.length).fill(4), new Float32Array(items.length).fill(0.5));
    const p = emptyPreferences();
    p.genres.include = ['Thriller'];
    p.language = 'ko';
    const { tiers } = selectCandidates(planConstraints(p, cat), items.length, all, 5);
    const ranked = order(tiers!, items);
    expect(ranked.slice(0, 3)).toEqual([1, 2, 3]);
    expect(ranked[3]).toBe(4);
    expect(ranked[4]).toBe(5);
    expect(ranked.slice(5, 9).sort()).toEqual([6, 7, 8, 9]);
    expect(ranked.slice(9).sort((a, b) => a - b)).toEqual([10, 11, 12]);
    expect(tiers![5]!).toBeGreaterThan(tiers![9]!); // an English thriller still meets one wish
    expect(tiers![9]!).toBe(0);
  });

  it('"any hindi movies?": after the Hindi films, a neighbouring language, then any foreign film, then English ones', () => {
    const items = [
      movie(1, { language: 'hi' }),
      movie(2, { language: 'fa' }),
      movie(3, { language: 'ja' }),
      movie(4, { language: 'en' }),
      movie(5, { language: 'hi' }),
      movie(6, { language: null }),
    ];
    const cat = buildConstraintCatalog(items, new Float32Array(6).fill(4), new Float32Array(6).fill(0.5));
    const p = emptyPreferences();
    p.language = 'hi';
    const { tiers } = selectCandidates(planConstraints(p, cat), items.length, all, 4);
    expect(order(tiers!, items)).toEqual([1, 5, 2, 3, 4, 6]);
    expect(tiers![3]).toBe(0); // English: unrelated
  });

  it('a film ten minutes over the runtime bound, or a few years out of the decade, comes before one far off', () => {
    const items = [
      movie(1, { genres: ['Comedy'], runtime: 88, year: 1995 }),
      movie(2, { genres: ['Comedy'], runtime: 98, year: 1995 }),
      movie(3, { genres: ['Comedy'], runtime: 135, year: 1995 }),
      movie(4, { genres: ['Comedy'], runtime: 85, year: 2001 }),
      movie(5, { genres: ['Comedy'], runtime: 85, year: 2016 }),
    ];
    const cat = buildConstraintCatalog(items, new Float32Array(5).fill(4), new Float32Array(5).fill(0.5));
    const p = emptyPreferences();
    p.genres.include = ['Comedy'];
    p.years = { from: 1990, to: 1999 };
    p.runtime = { min: null, max: 90 };
    const { tiers } = selectCandidates(planConstraints(p, cat), items.length, all, 3);
    const ranked = order(tiers!, items);
    expect(ranked[0]).toBe(1);
    expect(ranked.indexOf(2)).toBeLessThan(ranked.indexOf(3));
    expect(ranked.indexOf(4)).toBeLessThan(ranked.indexOf(5));
  });

  it('a mood to avoid that every film of the person has ("tarantino but not too violent"): their least violent first, and the note says none is', () => {
    const items = [
      movie(1, { directors: ['Quentin Tarantino'], keywords: ['violence', 'gore'] }),
      movie(2, { directors: ['Quentin Tarantino'], keywords: ['violence'] }),
      movie(3, { directors: ['Quentin Tarantino'], keywords: ['violence', 'gore', 'violent'] }),
      ...[4, 5, 6, 7, 8, 9, 10, 11].map((id) => movie(id, { directors: ['Someone Else'], keywords: [] })),
    ];
    const cat = buildConstraintCatalog(items, new Float32Array(items.length).fill(4), new Float32Array(items.length).fill(0.5));
    const p = emptyPreferences();
    p.people = [{ name: 'Quentin Tarantino', role: 'director', exclude: false }];
    p.excludeMoods = ['violent'];
    p.excludeKeywords = ['violence', 'violent', 'gore'];
    const plan = planConstraints(p, cat);
    const { tiers, relaxable } = selectCandidates(plan, items.length, all, 3);
    expect(order(tiers!, items).slice(0, 3)).toEqual([2, 1, 3]);
    expect(relaxationNotes(relaxable, [1, 0, 2], (i) => items[i]!.title)).toEqual(['not violent (none of these is)']);
    // the ranking also pushes violent films down when nothing has to be relaxed
    expect(plan.boost![2]!).toBeLessThan(plan.boost![3]!);
  });
});
