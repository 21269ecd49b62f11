import { describe, expect, it } from 'vitest';
import { coverageNote, filtersOnMetadata } from '../../../src/core/coverage.js';
import { emptyPreferences } from '../../../src/nlp/types.js';

const catalogue = { total: 9742, runtime: 3537, people: 3540, language: 3537, poster: 0 };

describe('coverage notes', () => {
  it('say how much of the catalogue a filter on runtime, people or language could see', () => {
    const p = emptyPreferences();
    expect(filtersOnMetadata(p)).toBe(false);
    expect(coverageNote(p, catalogue)).toBeUndefined();
    p.runtime = { min: null, max: 120 };
    expect(filtersOnMetadata(p)).toBe(true);
    expect(coverageNote(p, catalogue)).toBe('Runtime is known for 36% of films; only those films could match.');
    p.people = [{ name: 'Tom Hanks', role: 'actor', exclude: false }];
    p.language = 'fr';
    expect(coverageNote(p, catalogue)).toBe(
      'Runtime is known for 36% of films, cast and directors for 36% and original language for 36%; only those films could match.',
    );
    const people = emptyPreferences();
    people.people = [{ name: 'Nolan', role: 'director', exclude: true }];
    expect(coverageNote(people, catalogue)).toBe('Cast and directors are known for 36% of films; only those films could match.');
  });

  it('say nothing once (nearly) every film is known, or about an empty catalogue', () => {
    const p = emptyPreferences();
    p.foreign = true;
    expect(coverageNote(p, { ...catalogue, language: 9500 })).toBeUndefined();
    expect(coverageNote(p, { ...catalogue, language: 9 })).toBe(
      'Original language is known for under 1% of films; only those films could match.',
    );
    expect(coverageNote(p, { total: 0, runtime: 0, people: 0, language: 0, poster: 0 })).toBeUndefined();
  });
});
