import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/catalog/catalog.js';
import { describeParts } from '../../../src/nlp/describe.js';
import { followUpSignals } from '../../../src/nlp/followup-cues.js';
import { describeRefinement, followUpKind, readFollowUp, type ShownFacts } from '../../../src/nlp/followup.js';
import { parsePreferences } from '../../../src/nlp/parse.js';
import { emptyPreferences, type Preferences } from '../../../src/nlp/types.js';
import { FIXTURE_MOVIES } from '../../fixtures/nlp/movies.js';

const catalog = new Catalog(FIXTURE_MOVIES);
const parse = (text: string) => parsePreferences(text, catalog, { latestYear: 2018 });
const nothingShown: ShownFacts = { years: [], runtimes: [] };

/** The request after a dialogue of messages, each list showing `shown`. */
function after(messages: string[], shown: ShownFacts = nothingShown): { kind: string; request: Preferences } {
  let request: Preferences | null = null;
  let kind = '';
  for (const m of messages) {
    const f = readFollowUp(m, request, shown, parse);
    kind = f.kind;
    request = f.request;
  }
  return { kind, request: request! };
}

describe('the rule: refine, restart or new', () => {
  const parsed = (text: string) => parse(text);
  const signals = (text: string) => followUpSignals(text);
  const kind = (text: string, hasPrevious = true) => followUpKind(signals(text), parsed(signals(text).wishes), hasPrevious);

  it('is new without an earlier request, whatever the message says', () => {
    expect(kind('something shorter', false)).toBe('new');
    expect(kind('no horror', false)).toBe('new');
  });

  it('restarts on a restart cue, with or without new wishes', () => {
    for (const t of [
      'something completely different',
      'ok something completely different',
      'forget that. a comedy',
      'never mind, a romcom',
      'scratch that, a documentary',
      'new idea: sci-fi from the 2010s',
      'lets start over. any japanese films?',
      'something else entirely',
      'ok scrap it, a war film',
      'new plan: something funny',
      'ditch that. a musical',
    ]) {
      expect(kind(t), t).toBe('restart');
    }
    // "never mind the year" drops the year; it does not start over
    expect(kind('never mind the year')).toBe('refine');
  });

  it('refines on a follow-up cue, even when the message names a genre and more', () => {
    for (const t of [
      'shorter',
      'something older',
      'any year is fine',
      'war is fine too',
      'forget tom hanks',
      'a comedy from the 90s instead',
      'with tom hanks too',
      'only 2 pls',
      'same but without brad pitt',
      'yeah but funnier',
      'a romantic one',
      'keep it family friendly',
    ]) {
      expect(kind(t), t).toBe('refine');
    }
  });

  it('refines a message of one or two kinds of wish without cue', () => {
    for (const t of [
      'no horror please',
      'in french',
      'with tom hanks',
      'from the 50s',
      'under 100 minutes',
      'a drama',
      'for the kids',
      'not animated',
    ]) {
      expect(kind(t), t).toBe('refine');
    }
  });

  it('is new for a request of its own: a genre with another kind of wish, a film to be like, a request verb, or nothing understood', () => {
    for (const t of [
      'a comedy from the 90s',
      'sci-fi with tom hanks',
      'something like the matrix',
      'give me 3 horror movies',
      'recommend something',
      'blorp',
    ]) {
      expect(kind(t), t).toBe('new');
    }
  });
});

describe('refinements', () => {
  it('keeps the request and adds the new wish', () => {
    const { request } = after(['a western from the sixties', 'only ones with tom hanks']);
    expect(request.genres.include).toEqual(['Western']);
    expect(request.years).toEqual({ from: 1960, to: 1969 });
    expect(request.people.map((p) => p.name)).toEqual(['Tom Hanks']);
  });

  it('replaces a decade, a language, a genre and a person with "instead", "make it"', () => {
    expect(after(['a western from the sixties', 'what about the 70s instead?']).request.years).toEqual({ from: 1970, to: 1979 });
    expect(after(['a french thriller', 'korean instead']).request).toMatchObject({ language: 'ko', genres: { include: ['Thriller'] } });
    expect(after(['horror from the 2000s', 'make it a drama']).request).toMatchObject({
      genres: { include: ['Drama'] },
      years: { from: 2000, to: 2009 },
    });
    const hanks = after(['action with tom hanks', 'harrison ford instead']).request;
    expect(hanks.people.map((p) => p.name)).toEqual(['Harrison Ford']);
    expect(hanks.genres.include).toEqual(['Action']);
  });

  it('adds with "too" and "a romantic one"', () => {
    expect(after(['a comedy with tom hanks', 'with tim allen too']).request.people.map((p) => p.name)).toEqual(['Tom Hanks', 'Tim Allen']);
    expect(after(['a comedy', 'a romantic one']).request.genres.include).toEqual(['Comedy', 'Romance']);
  });

  it('drops a kind: any year, length does not matter; allows again: war is fine; forgets a person', () => {
    expect(after(['a thriller from the 90s', 'any year is fine']).request).toMatchObject({
      years: null,
      genres: { include: ['Thriller'] },
    });
    expect(after(['a western made after 2000', 'year doesnt matter']).request.years).toBeNull();
    expect(after(['comedy under 90 minutes', 'any length is fine']).request.runtime).toBeNull();
    expect(after(['a crime thriller', 'under 2 hours', 'actually length doesnt matter']).request.runtime).toBeNull();
    // an interjection in front does not turn the message into a new request
    expect(after(['a comedy from the 80s', 'meh the year doesnt matter']).request).toMatchObject({
      years: null,
      genres: { include: ['Comedy'] },
    });
    expect(after(['no war movies, something from the 60s', 'war is fine too']).request).toMatchObject({
      genres: { include: [], exclude: [] },
      years: { from: 1960, to: 1969 },
    });
    expect(after(['scary but not gory', 'gore is fine actually']).request.excludeMoods ?? []).toEqual([]);
    expect(after(['comedy with tom hanks', 'forget tom hanks, any comedy']).request).toMatchObject({
      people: [],
      genres: { include: ['Comedy'] },
    });
  });

  it('turns a wanted person into an unwanted one, and an excluded genre leaves the included ones', () => {
    expect(after(['thriller with brad pitt', 'same but without brad pitt']).request.people).toEqual([
      { name: 'Brad Pitt', role: 'actor', exclude: true },
    ]);
    expect(after(['sci-fi, no horror', 'ok horror is fine actually']).request.genres).toEqual({ include: ['Sci-Fi'], exclude: [] });
    expect(after(['horror', 'no horror']).request.genres).toEqual({ include: [], exclude: ['Horror'] });
  });

  it('measures shorter, older and newer against the list shown', () => {
    const shown: ShownFacts = { years: [1984, 1980, 1987], runtimes: [117, 96, null] };
    expect(after(['horror from the 80s', 'something shorter'], shown).request).toMatchObject({
      runtime: { min: null, max: 95 },
      years: { from: 1980, to: 1989 },
    });
    expect(after(['horror from the 80s', 'older'], shown).request.years).toEqual({ from: null, to: 1979 });
    expect(after(['horror from the 80s', 'newer ones pls'], shown).request.years).toEqual({ from: 1988, to: null });
    expect(after(['horror', 'longer'], shown).request.runtime).toEqual({ min: 118, max: null });
  });

  it('falls back on plain meanings when the list said nothing (no runtimes known)', () => {
    expect(after(['horror', 'shorter']).request.runtime).toEqual({ min: null, max: 100 });
    expect(after(['horror', 'older']).request.years).toEqual({ from: null, to: 1979 });
  });

  it('makes "lighter" its own mood and lets it replace a dark one; keeps a seed', () => {
    const { request } = after(['dark thriller from the 90s', 'something lighter']);
    expect(request.moods).toEqual(['lighter']);
    expect(request.keywords).toContain('funny');
    expect(request.keywords).not.toContain('dark');
    const seeded = after(['sci-fi like the matrix', 'lighter']).request;
    expect(seeded.similarTo.map((s) => s.movieId)).toEqual([2571]);
    expect(seeded.moods).toEqual(['lighter']);
  });

  it('reads "family friendly" as a wish to favour family films, not children\'s films only', () => {
    const { request } = after(['an adventure from the 90s', 'keep it family friendly']);
    expect(request.genres.include).toEqual(['Adventure']);
    expect(request.moods).toEqual(['for the kids']);
    // "for the kids" does require children's films
    expect(after(['an animated movie', 'for the kids']).request.genres.include).toEqual(['Animation', 'Children']);
  });

  it('keeps a count across a genre change and sets a new one', () => {
    expect(after(['give me 3 horror movies', 'make it a comedy']).request).toMatchObject({ limit: 3, genres: { include: ['Comedy'] } });
    expect(after(['a comedy pls', 'just 3']).request.limit).toBe(3);
  });

  it('switches between a language and "foreign"', () => {
    expect(after(['a comedy from the 2000s', 'something foreign']).request).toMatchObject({ foreign: true, language: null });
    const english = after(['a foreign horror movie', 'hmm english only actually']).request;
    expect(english.language).toBe('en');
    expect(english.foreign).toBeUndefined();
  });
});

describe('restarts and new requests', () => {
  it('start from nothing: the old wishes are gone', () => {
    const f = readFollowUp('something completely different', parse('a crime movie from the 90s with tom hanks'), nothingShown, parse);
    expect(f).toMatchObject({ kind: 'restart', different: true, request: emptyPreferences() });
    const g = readFollowUp('forget that. a comedy with tom hanks', parse('something scary from the 80s'), nothingShown, parse);
    expect(g.kind).toBe('restart');
    expect(g.different).toBe(false);
    expect(g.request).toMatchObject({ genres: { include: ['Comedy'], exclude: [] }, years: null });
  });

  it('a request of its own replaces the old one', () => {
    const f = readFollowUp('a comedy from the 90s', parse('horror from the 80s with tom hanks'), nothingShown, parse);
    expect(f.kind).toBe('new');
    expect(f.request.people).toEqual([]);
  });
});

describe('the echo of a refinement', () => {
  it('says the whole request now and what it no longer asks', () => {
    const before = parse('horror from the 80s');
    const now = readFollowUp('something shorter', before, { years: [], runtimes: [96, 117] }, parse).request;
    expect(describeRefinement(before, now, describeParts)).toBe('Now: horror · 1980-1989 · under 95 min');
    const older = readFollowUp('older', before, { years: [1984], runtimes: [] }, parse).request;
    expect(describeRefinement(before, older, describeParts)).toBe('Now: horror · up to 1983 (no longer 1980-1989)');
  });
});
