import { fixtureDir } from '../../helpers/fixture-dir.js';
import { describe, expect, it } from 'vitest';
import { Catalog, loadCatalogFromFiles } from '../../../src/catalog/catalog.js';
import { scorePerson } from '../../../src/catalog/people.js';
import { isConfidentMatch, parseTitleQuery, titleKey } from '../../../src/catalog/search.js';
import { FIXTURE_MOVIES } from '../../fixtures/nlp/movies.js';

const catalog = new Catalog(FIXTURE_MOVIES);
const top = (q: string) => catalog.searchTitles(q, { limit: 5 })[0];

describe('title keys and queries', () => {
  it('normalises case, punctuation, accents and articles to one key', () => {
    expect(titleKey('Matrix, The')).toBe('matrix');
    expect(titleKey('the MATRIX!!')).toBe('matrix');
    expect(titleKey('Amélie')).toBe('amelie');
    expect(titleKey('Fast & Furious')).toBe('fast and furious');
  });

  it('reads a trailing year as a filter but keeps a title that is only a number', () => {
    expect(parseTitleQuery('Heat 1995')).toEqual({ words: ['heat'], year: 1995 });
    expect(parseTitleQuery('heat (1995)')).toEqual({ words: ['heat'], year: 1995 });
    expect(parseTitleQuery('1917')).toEqual({ words: ['1917'], year: null });
  });
});

describe('TitleIndex.search', () => {
  it('finds exact titles whatever the case, punctuation, accents and article position', () => {
    for (const q of ['the matrix', 'Matrix, The', 'MATRIX', 'matrix.']) {
      expect(top(q)).toMatchObject({ movieId: 2571, exact: true, score: 1 });
    }
    expect(top('amélie')?.movieId).toBe(4973);
    expect(top('AMELIE')?.movieId).toBe(4973);
  });

  it('keeps a superscript digit in a title, so "Alien³" is not a second exact "Alien"', () => {
    const c = new Catalog([
      ...FIXTURE_MOVIES,
      { id: 1320, title: 'Alien³ (a.k.a. Alien 3) (1992)', displayTitle: 'Alien³', year: 1992, genres: ['Action', 'Horror', 'Sci-Fi'] },
    ]);
    const hits = c.searchTitles('alien', { limit: 5 });
    expect(hits.filter((h) => h.exact).map((h) => h.movieId)).toEqual([1214]);
    expect(c.searchTitles('alien 3', { limit: 1 })[0]).toMatchObject({ movieId: 1320, exact: true });
  });

  it('matches alternate titles from the MovieLens parentheses', () => {
    expect(top('se7en')).toMatchObject({ movieId: 47, exact: true });
    expect(top('lola rennt')).toMatchObject({ movieId: 2692, exact: true });
  });

  it('uses a year to pick between remakes and keeps numeric titles', () => {
    expect(top('Heat 1995')).toMatchObject({ movieId: 6, exact: true });
    expect(top('heat (2013)')?.movieId).toBe(102800);
    expect(top('death race 2000')).toMatchObject({ movieId: 3593 });
    expect(top('death race 2000')!.score).toBeGreaterThan(0.9);
  });

  it('prefers the title whose article agrees when two differ only by it', () => {
    const heat = catalog.searchTitles('heat', { limit: 5 });
    expect(heat[0]).toMatchObject({ movieId: 6, exact: true });
    expect(heat[1]).toMatchObject({ movieId: 102800, exact: false });
    expect(catalog.searchTitles('the heat')[0]?.movieId).toBe(102800);
    expect(isConfidentMatch(heat)).toBe(true);
  });

  it('forgives small typos with a lower score than an exact hit', () => {
    const m = top('the matrx');
    expect(m).toMatchObject({ movieId: 2571, exact: false });
    expect(m!.score).toBeGreaterThanOrEqual(0.84);
    expect(m!.score).toBeLessThan(1);
    expect(top('inceptoin')?.movieId).toBe(79132);
    expect(top('intersteller')?.movieId).toBe(109487);
    expect(top('saving privat ryan')?.movieId).toBe(2028);
  });

  it('ranks partial matches (a franchise prefix) by popularity, below exact hits', () => {
    const sw = catalog.searchTitles('star wars', { limit: 5 });
    expect(sw.map((m) => m.movieId).slice(0, 2)).toEqual([260, 1196]);
    expect(sw[0]!.score).toBeLessThan(0.84);
    const toy = catalog.searchTitles('toy story');
    expect(toy[0]).toMatchObject({ movieId: 1, exact: true });
    expect(toy[1]?.movieId).toBe(3114);
  });

  it('completes a last word typed in part (autocomplete)', () => {
    expect(top('interst')?.movieId).toBe(109487);
    expect(top('pulp fic')?.movieId).toBe(296);
  });

  it('tells exact from ambiguous results', () => {
    expect(isConfidentMatch(catalog.searchTitles('inception'))).toBe(true);
    expect(isConfidentMatch(catalog.searchTitles('alien'))).toBe(true);
    expect(isConfidentMatch(catalog.searchTitles('the matrx'))).toBe(true);
    // a lone partial match is a suggestion, not an answer
    expect(isConfidentMatch(catalog.searchTitles('matrix re'))).toBe(false);
    expect(isConfidentMatch(catalog.searchTitles('star wars'))).toBe(false);
    expect(isConfidentMatch([])).toBe(false);
  });

  it('returns nothing for words no title has, and exact-only look-ups skip typos', () => {
    expect(catalog.searchTitles('zzzz qqqq')).toEqual([]);
    expect(catalog.searchTitles('inceptoin', { fuzzy: false })).toEqual([]);
    expect(catalog.searchTitles('inception', { fuzzy: false })[0]?.movieId).toBe(79132);
    expect(catalog.searchTitles('')).toEqual([]);
  });

  it('bounds the limit', () => {
    expect(catalog.searchTitles('a', { limit: 0 }).length).toBeLessThanOrEqual(1);
  });
});

describe('PeopleIndex', () => {
  it('matches full names, surnames and typos with descending scores', () => {
    expect(catalog.searchPeople('tom hanks')[0]).toMatchObject({ name: 'Tom Hanks', score: 1, roles: ['actor'] });
    expect(catalog.searchPeople('Nolan')[0]).toMatchObject({ name: 'Christopher Nolan', roles: ['director'], score: 0.85 });
    expect(catalog.searchPeople('christopher nolen')[0]).toMatchObject({ name: 'Christopher Nolan', score: 0.9 });
    expect(catalog.searchPeople('spielburg')[0]).toMatchObject({ name: 'Steven Spielberg', score: 0.75 });
  });

  it('collects both roles of a person and counts credits', () => {
    const qt = catalog.searchPeople('quentin tarantino')[0];
    expect(qt?.roles).toEqual(['actor', 'director']);
    expect(catalog.searchPeople('tom hanks')[0]?.movies).toBe(3);
  });

  it('breaks surname ties by number of credits', () => {
    // both Wachowskis direct two films; Brad Pitt vs nobody: "pitt" is unique
    const w = catalog.searchPeople('wachowski');
    expect(w.map((p) => p.name).sort()).toEqual(['Lana Wachowski', 'Lilly Wachowski']);
    expect(catalog.searchPeople('pitt')[0]?.name).toBe('Brad Pitt');
  });

  it('scores a first name alone low', () => {
    expect(scorePerson(['tom'], ['tom', 'hanks'])).toBeLessThan(0.6);
    expect(scorePerson(['hanks'], ['tom', 'hanks'])).toBe(0.85);
    expect(scorePerson(['tom', 'hank'], ['tom', 'hanks'])).toBe(0.9);
    expect(scorePerson(['jim', 'hanks'], ['tom', 'hanks'])).toBe(0);
  });
});

describe('loadCatalogFromFiles', () => {
  const dir = fixtureDir('nlp/ml-mini');
  it('builds titles from movies.csv, people from the enrichment, popularity from ratings', async () => {
    const c = await loadCatalogFromFiles({ movielensDir: dir, enrichFile: `${dir}/enrichment.jsonl` });
    expect(c.size).toBe(4);
    expect(c.get(2571)).toMatchObject({ displayTitle: 'The Matrix', year: 1999 });
    expect(c.get(79132)).toMatchObject({ runtime: 148, directors: ['Christopher Nolan'] });
    expect(c.searchPeople('nolan')[0]?.name).toBe('Christopher Nolan');
    expect(c.latestYear).toBe(2010);
  });

  it('works without the enrichment file', async () => {
    const c = await loadCatalogFromFiles({ movielensDir: dir });
    expect(c.searchTitles('matrix')[0]?.movieId).toBe(2571);
    expect(c.people.size).toBe(0);
  });
});

describe('boundedDistance', () => {
  it('agrees with natural (restricted Damerau-Levenshtein) up to the cap', async () => {
    const { DamerauLevenshteinDistance } = await import('../../../src/util/natural.js');
    const { boundedDistance } = await import('../../../src/catalog/search.js');
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = () => Array.from({ length: 1 + Math.floor(rnd() * 9) }, () => 'abcde'[Math.floor(rnd() * 5)]).join('');
    for (let k = 0; k < 500; k++) {
      const a = word();
      const b = rnd() < 0.5 ? word() : a.slice(0, -1) + 'x';
      const exact = DamerauLevenshteinDistance(a, b, { restricted: true });
      expect(boundedDistance(a, b, 2), `${a} ${b}`).toBe(Math.min(exact, 3));
    }
    expect(boundedDistance('inception', 'inecption', 1)).toBe(1);
    expect(boundedDistance('', 'abc', 5)).toBe(3);
  });
});
