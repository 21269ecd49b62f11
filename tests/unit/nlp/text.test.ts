import { describe, expect, it } from 'vitest';
import { foldCase, MAX_INPUT_CHARS, MAX_TOKENS, normalizeKey, tokenize } from '../../../src/nlp/text.js';
import { describePreferences } from '../../../src/nlp/describe.js';
import { emptyPreferences, type Preferences } from '../../../src/nlp/types.js';

const norms = (s: string) => tokenize(s).map((t) => t.norm);

describe('tokenize', () => {
  it('folds case and accents and drops apostrophes', () => {
    expect(foldCase('Amélie Poulain ÇA')).toBe('amelie poulain ca');
    expect(norms("Children's movie, don't")).toEqual(['children', 'movie', ',', 'dont']);
    expect(tokenize("nolan's")[0]).toMatchObject({ norm: 'nolan', possessive: true });
  });

  it('splits numbers from attached units and keeps decimals', () => {
    const t = tokenize("90's 2h 1h30 4.5 sci-fi");
    expect(t.map((x) => x.norm)).toEqual(['90', 's', '2', 'h', '1', 'h', '30', '4.5', 'sci', 'fi']);
    expect(t.map((x) => x.attached)).toEqual([false, true, false, true, false, true, true, false, false, true]);
    expect(t[7]!.value).toBe(4.5);
  });

  it('reads superscript and subscript digits as digits ("Alien³" is "Alien 3")', () => {
    const t = tokenize('Alien³ H₂O');
    expect(t.map((x) => x.norm)).toEqual(['alien', '3', 'h', '2', 'o']);
    expect(t[1]).toMatchObject({ kind: 'number', value: 3, attached: true, start: 5, end: 6 });
  });

  it('keeps emoji as tokens and ignores other symbols', () => {
    expect(tokenize('scary 👻 §§ ¤ ¬').map((t) => t.kind)).toEqual(['word', 'emoji']);
  });

  it('bounds the input and the token count', () => {
    expect(tokenize('a '.repeat(10_000)).length).toBeLessThanOrEqual(MAX_TOKENS);
    const long = tokenize('x'.repeat(MAX_INPUT_CHARS * 3));
    expect(long[0]!.end).toBeLessThanOrEqual(MAX_INPUT_CHARS);
  });

  it('gives one key for two spellings', () => {
    expect(normalizeKey('Sci-Fi!')).toBe(normalizeKey('sci fi'));
  });
});

describe('describePreferences', () => {
  it('echoes every understood field in a stable order', () => {
    const p: Preferences = {
      ...emptyPreferences(),
      genres: { include: ['Comedy', 'Sci-Fi'], exclude: ['Horror'] },
      years: { from: 1990, to: 1999 },
      people: [
        { name: 'Tom Hanks', role: 'actor', exclude: false },
        { name: 'Christopher Nolan', role: 'director', exclude: false },
        { name: 'Adam Sandler', role: null, exclude: true },
      ],
      runtime: { min: null, max: 120 },
      language: 'fr',
      similarTo: [{ movieId: 2571, title: 'Matrix, The (1999)' }],
      moods: ['dark'],
      quality: 'hidden_gem',
      excludeMoods: ['gory'],
      limit: 3,
    };
    expect(describePreferences(p)).toBe(
      'Looking for: comedy + sci-fi · dark · like The Matrix (1999) · 1990-1999 · with Tom Hanks · directed by Christopher Nolan · ' +
        'under 120 min · in French · hidden gems · no horror · not gory · no Adam Sandler · 3 picks',
    );
  });

  it('says a genre a mood implies only once', () => {
    const p: Preferences = { ...emptyPreferences(), genres: { include: ['Children', 'Animation'], exclude: [] }, moods: ['for the kids'] };
    expect(describePreferences(p)).toBe('Looking for: animation · for the kids');
  });

  it('says open bounds in words and returns empty for an empty parse', () => {
    expect(describePreferences({ ...emptyPreferences(), years: { from: 2011, to: null }, foreign: true })).toBe(
      'Looking for: 2011 or later · not in English',
    );
    expect(describePreferences({ ...emptyPreferences(), years: { from: null, to: 1979 }, runtime: { min: 140, max: null } })).toBe(
      'Looking for: up to 1979 · over 140 min',
    );
    expect(describePreferences(emptyPreferences())).toBe('');
  });
});
