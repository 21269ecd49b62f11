import { describe, expect, it } from 'vitest';
import { emptyPreferences } from '../../../src/nlp/types.js';
import { answerableFromList, pageOfList, PRECOMPUTED_LIST_SIZE, wishless } from '../../../src/recommender/precomputed.js';

const item = (movieId: number) => ({ movieId, score: 1 / movieId, predicted: 4, reason: 'r', source: 'ease' });
const list = { modelVersion: 3, ratingsVersion: 7, items: [1, 2, 3, 4, 5].map(item) };

describe('wishless', () => {
  it('holds for no preferences and for what a bare "recommend" parses to', () => {
    expect(wishless(undefined)).toBe(true);
    expect(wishless(emptyPreferences())).toBe(true);
    expect(wishless({ ...emptyPreferences(), keywords: [], excludeTitles: [] })).toBe(true);
  });

  it('fails for any wish', () => {
    const p = emptyPreferences;
    expect(wishless({ ...p(), genres: { include: ['Comedy'], exclude: [] } })).toBe(false);
    expect(wishless({ ...p(), genres: { include: [], exclude: ['Horror'] } })).toBe(false);
    expect(wishless({ ...p(), years: { from: 1990, to: 1999 } })).toBe(false);
    expect(wishless({ ...p(), similarTo: [{ movieId: 1, title: 'Alien' }] })).toBe(false);
    expect(wishless({ ...p(), quality: 'hidden_gem' })).toBe(false);
    expect(wishless({ ...p(), excludeTitles: [{ movieId: 1, title: 'Alien' }] })).toBe(false);
    expect(wishless({ ...p(), moods: ['dark'] })).toBe(false);
  });
});

describe('answerableFromList', () => {
  it('takes plain pages inside the list', () => {
    expect(answerableFromList({ userId: 1, limit: 10 })).toBe(true);
    expect(
      answerableFromList({ userId: 1, limit: 10, offset: PRECOMPUTED_LIST_SIZE - 10, preferences: emptyPreferences(), exclude: new Set() }),
    ).toBe(true);
  });

  it('leaves the rest to scoring', () => {
    expect(answerableFromList({ userId: 1, limit: 10, offset: PRECOMPUTED_LIST_SIZE - 9 })).toBe(false);
    expect(answerableFromList({ userId: 1, limit: 0 })).toBe(false);
    expect(answerableFromList({ userId: 1, limit: 10, exclude: new Set([5]) })).toBe(false);
    expect(answerableFromList({ userId: 1, limit: 10, diversity: { franchiseCap: 1, genrePenalty: 0 } })).toBe(false);
    expect(answerableFromList({ userId: 1, limit: 10, preferences: { ...emptyPreferences(), language: 'fr' } })).toBe(false);
  });
});

describe('pageOfList', () => {
  it('serves the page of a list stamped with the model and ratings asked for', () => {
    expect(pageOfList(list, { modelVersion: 3, ratingsVersion: 7 }, { limit: 2 })?.items.map((r) => r.movieId)).toEqual([1, 2]);
    expect(pageOfList(list, { modelVersion: 3, ratingsVersion: 7 }, { limit: 2, offset: 2 })?.items.map((r) => r.movieId)).toEqual([3, 4]);
  });

  it('a short list is all there is', () => {
    expect(pageOfList(list, { modelVersion: 3, ratingsVersion: 7 }, { limit: 10 })?.items).toHaveLength(5);
  });

  it('never serves a list of another model or other ratings', () => {
    expect(pageOfList(list, { modelVersion: 4, ratingsVersion: 7 }, { limit: 2 })).toBeNull();
    expect(pageOfList(list, { modelVersion: 3, ratingsVersion: 8 }, { limit: 2 })).toBeNull();
  });
});
