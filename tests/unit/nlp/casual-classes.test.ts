/**
 * The rules behind casual phrasing, one class at a time, on sentences that are NOT in the casual
 * corpus (tests/fixtures/nlp/casual.jsonl): negation through verbs and clauses, numbers that are
 * not wishes, names without a cue, ordinary words that look like names or titles, "like X" in its
 * other phrasings, and wishes after a "no X" clause. Titles and the basic people come from the
 * small fixture catalogue; nicknames and misspellings need the real one (skipped without it).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog, loadCatalogFromFiles } from '../../../src/catalog/catalog.js';
import { describePreferences } from '../../../src/nlp/describe.js';
import { parsePreferences } from '../../../src/nlp/parse.js';
import { tokenize } from '../../../src/nlp/text.js';
import { isOrdinaryWord, wordKind } from '../../../src/nlp/words.js';
import { FIXTURE_MOVIES } from '../../fixtures/nlp/movies.js';

const catalog = new Catalog(FIXTURE_MOVIES);
const parse = (text: string) => parsePreferences(text, catalog, { latestYear: 2018 });

describe('negation through verbs and clauses', () => {
  it('negates after verbs of disliking in any person and tense', () => {
    expect(parse('my brother detests westerns').genres.exclude).toEqual(['Western']);
    expect(parse('she really doesnt like thrillers').genres.exclude).toEqual(['Thriller']);
    expect(parse('we wont watch anything animated').genres.exclude).toEqual(['Animation']);
    expect(parse('none of us like horror').genres.exclude).toEqual(['Horror']);
    expect(parse('fed up with romance, a crime movie').genres).toEqual({ include: ['Crime'], exclude: ['Romance'] });
  });

  it('a liking verb ends the negation and names nobody', () => {
    const p = parse('we hate westerns but love dramas');
    expect(p.genres).toEqual({ include: ['Drama'], exclude: ['Western'] });
    expect(p.people).toEqual([]);
  });

  it('scopes the negation over a list of the same kind only', () => {
    expect(parse('no horror, gore or war').genres.exclude).toEqual(['Horror', 'War']);
    const p = parse('no westerns, japanese, from the 70s');
    expect(p.genres.exclude).toEqual(['Western']);
    expect(p.language).toBe('ja');
    expect(p.years).toEqual({ from: 1970, to: 1979 });
    expect(parse('nothing scary, a comedy').genres).toEqual({ include: ['Comedy'], exclude: ['Horror'] });
  });

  it('"not for kids" excludes the children genre, "nothing like a good X" praises X', () => {
    expect(parse('an animated film that is not for kids').genres).toEqual({ include: ['Animation'], exclude: ['Children'] });
    expect(parse('nothing like a good thriller on a rainy night').genres).toEqual({ include: ['Thriller'], exclude: [] });
  });

  it('a film named after a negation is left out, not a seed', () => {
    const p = parse('something by fincher but not fight club');
    expect(p.similarTo).toEqual([]);
    expect(p.excludeTitles?.map((t) => t.movieId)).toEqual([2959]);
    expect(describePreferences(p)).toContain('not Fight Club (1999)');
  });
});

describe('numbers that are not wishes', () => {
  it('skips the audience: head counts and ages', () => {
    expect(parse('3 adults and 2 teens, a comedy').limit).toBeNull();
    expect(parse('the twins are 7 and 9, an animated movie').limit).toBeNull();
    expect(parse('two of us, something scary').limit).toBeNull();
    expect(parse('our kids went to bed, a thriller').genres.include).toEqual(['Thriller']);
  });

  it('a child named by age as the audience is "for the kids"', () => {
    const p = parse('something under 90 minutes for my 7 year old');
    expect(p.moods).toEqual(['for the kids']);
    expect(p.years).toBeNull();
    expect(p.runtime).toEqual({ min: null, max: 90 });
  });

  it('reads hours and minutes, two-digit years and bounds', () => {
    expect(parse('under an hour 50').runtime).toEqual({ min: null, max: 110 });
    expect(parse('at least 90 mins long').runtime).toEqual({ min: 90, max: null });
    expect(parse('i only have about 90 minutes').runtime).toEqual({ min: null, max: 90 });
    expect(parse("westerns from '65 to '75").years).toEqual({ from: 1965, to: 1975 });
    expect(parse('between 88 and 2004').years).toEqual({ from: 1988, to: 2004 });
    expect(parse('made after 2001 and before 2006').years).toEqual({ from: 2002, to: 2005 });
  });

  it('"one" and plurals that are no genre make no count', () => {
    expect(parse('watched heat twice, want one like it').limit).toBeNull();
    expect(parse('seen it 3 times').limit).toBeNull();
    expect(parse('4 comedies').limit).toBe(4);
  });

  it('an era word gives way to years in numbers', () => {
    expect(parse('everything is so old, something after 2012').years).toEqual({ from: 2013, to: null });
  });
});

describe('"like X" in other phrasings', () => {
  it('reads cues before and after the title', () => {
    expect(parse('reminiscent of fight club').similarTo.map((s) => s.movieId)).toEqual([2959]);
    expect(parse('pulp fiction vibes pls').similarTo.map((s) => s.movieId)).toEqual([296]);
    expect(parse('an inception style film').similarTo.map((s) => s.movieId)).toEqual([79132]);
    expect(parse('alien meets the matrix').similarTo.map((s) => s.movieId)).toEqual([1214, 2571]);
    expect(parse('heat but from the 2000s').similarTo.map((s) => s.movieId)).toEqual([6]);
  });

  it('ordinary words that are also titles stay words', () => {
    expect(parse('heat wave outside, a comedy').similarTo).toEqual([]);
    expect(parse('scary movie night, something fun').similarTo).toEqual([]);
  });

  it('initialisms are one word', () => {
    expect(tokenize('e.t. vibes').map((t) => t.norm)).toEqual(['et', 'vibes']);
  });
});

describe('ordinary words', () => {
  it('tells ordinary words from name-like and rare ones by their use in subtitles', () => {
    expect(isOrdinaryWord('love')).toBe(true);
    expect(isOrdinaryWord('post')).toBe(true);
    expect(wordKind('harry')).toBe('name');
    expect(wordKind('tarantino')).toBe('rare');
  });

  it('names nobody from an ordinary word, or a word before another name-like one', () => {
    expect(parse('love a good drama').people).toEqual([]);
    expect(parse('no more harry potter').people).toEqual([]);
  });
});

const root = fileURLToPath(new URL('../../..', import.meta.url));
const movielensDir = process.env.MOVIELENS_DIR ?? path.join(root, '../shared/datasets/ml-latest-small');
const enrichFile = process.env.REELMATE_ENRICH_FILE ?? path.join(root, '../shared/datasets/tmdb-enrichment/movies_enriched.jsonl');

describe.skipIf(!existsSync(path.join(movielensDir, 'movies.csv')))('names without a cue (real catalogue)', () => {
  let real: Catalog;
  beforeAll(async () => {
    real = await loadCatalogFromFiles({ movielensDir, enrichFile: existsSync(enrichFile) ? enrichFile : undefined });
  });
  const people = (text: string) => parsePreferences(text, real).people.map((p) => `${p.exclude ? '-' : ''}${p.name}:${p.role}`);

  it('nicknames, short first names, a first name one person owns', () => {
    expect(people('bobby de niro gangster movie')).toEqual(['Robert De Niro:actor']);
    expect(people('keanu sci fi')).toEqual(['Keanu Reeves:actor']);
    expect(people('matt damon thriller')).toEqual(['Matt Damon:actor']);
  });

  it('misspelt names of prolific people, with or without a cue', () => {
    expect(people('tarantno crime')).toEqual(['Quentin Tarantino:director']);
    expect(people('morgan freemen drama')).toEqual(['Morgan Freeman:actor']);
    expect(people('anything w tom hankss')).toEqual(['Tom Hanks:actor']);
  });

  it('surnames where the text names a person; nobody where two fit as well or the word is ordinary', () => {
    expect(people('pacino but not scarface')).toEqual(['Al Pacino:actor']);
    expect(people('the farrelly brothers').sort()).toEqual(['Bobby Farrelly:director', 'Peter Farrelly:director']);
    expect(people('cohen brothers').sort()).toEqual(['Ethan Coen:director', 'Joel Coen:director']); // a directing team, through a typo
    expect(people('scott sci fi')).toEqual([]); // Ridley or Tony
    expect(people('stone cold thriller')).toEqual([]);
  });
});
