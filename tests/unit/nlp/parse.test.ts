import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/catalog/catalog.js';
import { describePreferences } from '../../../src/nlp/describe.js';
import { parsePreferences } from '../../../src/nlp/parse.js';
import { emptyPreferences } from '../../../src/nlp/types.js';
import { FIXTURE_MOVIES } from '../../fixtures/nlp/movies.js';

const catalog = new Catalog(FIXTURE_MOVIES);
const parse = (text: string) => parsePreferences(text, catalog, { latestYear: 2018 });

describe('genres', () => {
  it('maps everyday words to MovieLens spellings', () => {
    expect(parse('something funny').genres.include).toEqual(['Comedy']);
    expect(parse('a scary one').genres.include).toEqual(['Horror']);
    expect(parse('animated').genres.include).toEqual(['Animation']);
    expect(parse('a rom-com').genres.include).toEqual(['Comedy', 'Romance']);
    expect(parse('sci fi').genres.include).toEqual(['Sci-Fi']);
    expect(parse('scifi').genres.include).toEqual(['Sci-Fi']);
    expect(parse('a good whodunit').genres.include).toEqual(['Mystery']);
    expect(parse('film noir').genres.include).toEqual(['Film-Noir']);
    expect(parse('kids movie').genres.include).toEqual(['Children']);
  });

  it('reads plurals and small typos', () => {
    expect(parse('comedys').genres.include).toEqual(['Comedy']);
    expect(parse('thriler').genres.include).toEqual(['Thriller']);
    expect(parse('documentries').genres.include).toEqual(['Documentary']);
  });

  it('does not correct ordinary words into genres', () => {
    expect(parse('an auction in some place').genres.include).toEqual([]);
  });

  it('negates with no / not / without / anything but, and keeps lists negated', () => {
    expect(parse('no horror').genres).toEqual({ include: [], exclude: ['Horror'] });
    expect(parse('anything but comedy').genres).toEqual({ include: [], exclude: ['Comedy'] });
    expect(parse('not too scary').genres.exclude).toEqual(['Horror']);
    expect(parse('no horror, romance or westerns').genres.exclude).toEqual(['Horror', 'Romance', 'Western']);
    expect(parse('no horror movies, comedy is fine').genres).toEqual({ include: ['Comedy'], exclude: ['Horror'] });
    expect(parse('drama but no romance').genres).toEqual({ include: ['Drama'], exclude: ['Romance'] });
    expect(parse('without any horror stuff or gore').genres.exclude).toEqual(['Horror']);
  });
});

describe('years', () => {
  it('reads decades in digits and words, with parts', () => {
    expect(parse('90s').years).toEqual({ from: 1990, to: 1999 });
    expect(parse("the 80's").years).toEqual({ from: 1980, to: 1989 });
    expect(parse('from the eighties').years).toEqual({ from: 1980, to: 1989 });
    expect(parse('2000s').years).toEqual({ from: 2000, to: 2009 });
    expect(parse('early 90s').years).toEqual({ from: 1990, to: 1993 });
    expect(parse('late seventies').years).toEqual({ from: 1976, to: 1979 });
  });

  it('reads bounds and ranges', () => {
    expect(parse('after 2010').years).toEqual({ from: 2011, to: null });
    expect(parse('since 2010').years).toEqual({ from: 2010, to: null });
    expect(parse('before 1980').years).toEqual({ from: null, to: 1979 });
    expect(parse('between 1990 and 2000').years).toEqual({ from: 1990, to: 2000 });
    expect(parse('1990-2000').years).toEqual({ from: 1990, to: 2000 });
    expect(parse('2005 or later').years).toEqual({ from: 2005, to: null });
    expect(parse('in 1995').years).toEqual({ from: 1995, to: 1995 });
    expect(parse('80s or 90s').years).toEqual({ from: 1980, to: 1999 });
    expect(parse('nothing before 1980').years).toEqual({ from: 1980, to: null });
  });

  it('reads recent and classic relative to the catalogue', () => {
    expect(parse('something recent').years).toEqual({ from: 2013, to: null });
    expect(parse('a classic').years).toEqual({ from: null, to: 1979 });
    expect(parse('nothing old').years).toEqual({ from: 1980, to: null });
  });
});

describe('runtime', () => {
  it('reads bounds in hours and minutes', () => {
    expect(parse('under 2 hours').runtime).toEqual({ min: null, max: 120 });
    expect(parse('less than 100 minutes').runtime).toEqual({ min: null, max: 100 });
    expect(parse('under 90 min').runtime).toEqual({ min: null, max: 90 });
    expect(parse('at most 1h30').runtime).toEqual({ min: null, max: 90 });
    expect(parse('no longer than an hour and a half').runtime).toEqual({ min: null, max: 90 });
    expect(parse('over 2 hours').runtime).toEqual({ min: 120, max: null });
    expect(parse('90 minutes or less').runtime).toEqual({ min: null, max: 90 });
    expect(parse('1.5 hrs max').runtime).toEqual({ min: null, max: 90 });
  });

  it('reads short, long and not too long', () => {
    expect(parse('something short').runtime).toEqual({ min: null, max: 100 });
    expect(parse('not too long').runtime).toEqual({ min: null, max: 120 });
    expect(parse('a long epic').runtime).toEqual({ min: 140, max: null });
  });
});

describe('people', () => {
  it('finds actors and directors by cue, fuzzily', () => {
    expect(parse('with Tom Hanks').people).toEqual([{ name: 'Tom Hanks', role: 'actor', exclude: false }]);
    expect(parse('directed by nolan').people).toEqual([{ name: 'Christopher Nolan', role: 'director', exclude: false }]);
    expect(parse('starring tom hanx').people).toEqual([{ name: 'Tom Hanks', role: 'actor', exclude: false }]);
    expect(parse('by spielburg').people).toEqual([{ name: 'Steven Spielberg', role: 'director', exclude: false }]);
  });

  it('excludes people after a negation', () => {
    expect(parse('no adam sandler').people).toEqual([{ name: 'Adam Sandler', role: 'actor', exclude: true }]);
    expect(parse('without Adam Sandler please').people).toEqual([{ name: 'Adam Sandler', role: 'actor', exclude: true }]);
  });

  it('finds full names and "surname movies" without a cue', () => {
    expect(parse('tom hanks comedies').people[0]?.name).toBe('Tom Hanks');
    expect(parse('nolan movies').people).toEqual([{ name: 'Christopher Nolan', role: 'director', exclude: false }]);
    expect(parse("tarantino's stuff").people[0]?.name).toBe('Quentin Tarantino');
  });

  it('does not take ordinary words after "with" for names', () => {
    expect(parse('with a twist').people).toEqual([]);
    expect(parse('with my girlfriend').people).toEqual([]);
    expect(parse('with subtitles').people).toEqual([]);
  });
});

describe('language', () => {
  it('maps names to ISO 639-1 and understands foreign', () => {
    expect(parse('french').language).toBe('fr');
    expect(parse('in korean').language).toBe('ko');
    expect(parse('foreign films').foreign).toBe(true);
    expect(parse('not in english').foreign).toBe(true);
    expect(parse('anime').language).toBe('ja');
    expect(parse('anime').genres.include).toEqual(['Animation']);
  });
});

describe('similar titles', () => {
  it('finds titles after like / similar to', () => {
    expect(parse('like Inception').similarTo).toEqual([{ movieId: 79132, title: 'Inception (2010)' }]);
    const p = parse('something like The Matrix but funnier');
    expect(p.similarTo).toEqual([{ movieId: 2571, title: 'Matrix, The (1999)' }]);
    expect(p.moods).toEqual(['funnier']);
    expect(p.boostGenres).toContain('Comedy');
  });

  it('reads several titles, typos and franchise prefixes', () => {
    expect(parse('similar to alien or aliens').similarTo.map((s) => s.movieId)).toEqual([1214, 1200]);
    expect(parse('like inceptoin').similarTo[0]?.movieId).toBe(79132);
    expect(parse('kinda like star wars').similarTo[0]?.movieId).toBe(260);
    expect(parse('like scary movie').similarTo[0]?.movieId).toBe(7153);
  });

  it('reads a year in brackets after a title as part of the title, not as a wish for that year', () => {
    const p = parse('like Alien (1979)');
    expect(p.similarTo.map((s) => s.movieId)).toEqual([1214]);
    expect(p.years).toBeNull();
    const q = parse('like the heat (2013) but from the 90s');
    expect(q.similarTo.map((s) => s.movieId)).toEqual([102800]);
    expect(q.years).toEqual({ from: 1990, to: 1999 });
    expect(parse('something from (1995)').years).toEqual({ from: 1995, to: 1995 });
  });

  it('does not read "like" as a title cue before ordinary words', () => {
    expect(parse("i'd like a comedy").similarTo).toEqual([]);
    expect(parse('i would like something scary').similarTo).toEqual([]);
    expect(parse('like a comedy').genres.include).toEqual(['Comedy']);
  });
});

describe('moods, quality and count', () => {
  it('maps moods to canonical names, boosts and keywords', () => {
    const p = parse('feel-good and mind-bending');
    expect(p.moods).toEqual(['feel-good', 'mind-bending']);
    expect(p.keywords).toContain('twist ending');
    expect(parse('date night').moods).toEqual(['date night']);
    const kids = parse('something for the kids');
    expect(kids.moods).toEqual(['for the kids']);
    expect(kids.genres.include).toEqual(['Children']);
    expect(parse('dark').moods).toEqual(['dark']);
  });

  it('negated moods become exclusions', () => {
    const p = parse('scary but not gory');
    expect(p.genres.include).toEqual(['Horror']);
    expect(p.moods).toEqual([]);
    expect(p.excludeMoods).toEqual(['gory']);
    expect(p.excludeKeywords).toContain('gore');
  });

  it('reads quality and popularity hints', () => {
    expect(parse('highly rated').quality).toBe('highly_rated');
    expect(parse('a hidden gem').quality).toBe('hidden_gem');
    expect(parse('underrated').quality).toBe('hidden_gem');
    expect(parse('something popular').quality).toBe('popular');
    expect(parse('nothing mainstream').quality).toBe('hidden_gem');
  });

  it('reads counts', () => {
    expect(parse('give me 3').limit).toBe(3);
    expect(parse('5 movies').limit).toBe(5);
    expect(parse('top 10 thrillers').limit).toBe(10);
    expect(parse('three comedies').limit).toBe(3);
    expect(parse('a couple of westerns').limit).toBe(2);
    expect(parse('give me 500').limit).toBe(20);
    expect(parse('90s').limit).toBeNull();
  });
});

describe('combinations and robustness', () => {
  it('parses the issue example end to end', () => {
    const p = parse('funny 90s movie with tom hanks under 2 hours, no horror');
    expect(p).toMatchObject({
      genres: { include: ['Comedy'], exclude: ['Horror'] },
      years: { from: 1990, to: 1999 },
      people: [{ name: 'Tom Hanks', role: 'actor', exclude: false }],
      runtime: { min: null, max: 120 },
    });
    expect(describePreferences(p)).toBe('Looking for: comedy · 1990-1999 · with Tom Hanks · under 120 min · no horror');
  });

  it('never fails on unknown words and returns the empty parse for noise', () => {
    expect(parse('blorp zanzibar quux')).toEqual(emptyPreferences());
    expect(parse('')).toEqual(emptyPreferences());
    expect(parse('!!!???...')).toEqual(emptyPreferences());
  });

  it('reads emoji', () => {
    expect(parse('something 😂').genres.include).toEqual(['Comedy']);
    expect(parse('👻👻').genres.include).toEqual(['Horror']);
  });

  it('finishes quickly on huge and hostile inputs', () => {
    const hostile = [
      'no '.repeat(40_000),
      'like '.repeat(30_000),
      'with '.repeat(30_000),
      '9'.repeat(100_000),
      '1990-'.repeat(20_000),
      'a\u0301'.repeat(50_000),
      '😂'.repeat(50_000),
      'under 2 hours '.repeat(8_000),
      'tom hanks '.repeat(10_000),
      '(((('.repeat(25_000),
      "'".repeat(100_000),
      'x'.repeat(100_000),
      'sci-'.repeat(25_000),
    ];
    // A super-linear path would hang here until the test timeout; the bench measures real speed.
    for (const text of hostile) expect(parse(text)).toBeTypeOf('object');
  });
});
