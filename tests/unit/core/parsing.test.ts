import { describe, expect, it } from 'vitest';
import { parseRateText } from '../../../src/features/rate/command.js';
import { parseWatchlistText } from '../../../src/features/watchlist/command.js';
import { articleToFront, pickTitle } from '../../../src/core/titles.js';

describe('parseRateText', () => {
  it.each([
    ['heat 4', 'heat', 4],
    ['the matrix 4.5', 'the matrix', 4.5],
    ['the matrix 4,5', 'the matrix', 4.5],
    ['heat 1995 3 stars', 'heat 1995', 3],
    ['Heat 4/5', 'Heat', 4],
    ['Heat 8/10', 'Heat', 4],
    ['heat 4 out of 5', 'heat', 4],
    ['heat 7 out of 10', 'heat', 3.5],
    ['heat ★★★★', 'heat', 4],
    ['heat ★★★½', 'heat', 3.5],
    ['heat 4★', 'heat', 4],
    ['1917 5', '1917', 5],
    ['heat 4.3', 'heat', 4.3],
    ['heat -1', 'heat', -1],
  ])('"%s" -> %s, %s', (text, title, stars) => {
    expect(parseRateText(text)).toMatchObject({ title, stars });
  });

  it('has no stars when the last word is not a number', () => {
    expect(parseRateText('the matrix')).toEqual({ title: 'the matrix', stars: null, raw: null });
    expect(parseRateText('1917')).toEqual({ title: '1917', stars: null, raw: null });
    expect(parseRateText('')).toEqual({ title: '', stars: null, raw: null });
  });

  // A super-linear path would hang here until the test timeout; the bench measures real speed.
  it('survives hostile input', () => {
    expect(parseRateText(`${'1'.repeat(5000)} ${'★'.repeat(5000)} ${'4.'.repeat(5000)}`)).toBeTypeOf('object');
    expect(parseRateText(' out of'.repeat(5000))).toBeTypeOf('object');
  });
});

describe('parseWatchlistText', () => {
  it.each([
    ['', undefined, { op: 'list', title: '' }],
    ['list', undefined, { op: 'list', title: '' }],
    ['add heat', undefined, { op: 'add', title: 'heat' }],
    ['remove the matrix', undefined, { op: 'remove', title: 'the matrix' }],
    ['rm heat', undefined, { op: 'remove', title: 'heat' }],
    ['heat', undefined, { op: 'add', title: 'heat' }],
    ['list of a thousand wives', undefined, { op: 'add', title: 'list of a thousand wives' }],
    ['heat', 'remove', { op: 'remove', title: 'heat' }],
    ['', 'list', { op: 'list', title: '' }],
  ] as const)('"%s" (%s)', (text, action, expected) => {
    expect(parseWatchlistText(text, action)).toEqual(expected);
  });
});

describe('title choice', () => {
  const hit = (movieId: number, score: number) => ({ movieId, score });

  it('takes a lone exact or near match', () => {
    expect(pickTitle([hit(1, 1)])).toEqual({ kind: 'found', hit: hit(1, 1) });
    expect(pickTitle([hit(1, 0.84)])).toEqual({ kind: 'found', hit: hit(1, 0.84) });
  });

  it('takes an exact match over inexact ones', () => {
    expect(pickTitle([hit(1, 0.9), hit(2, 1), hit(3, 0.72)])).toMatchObject({ kind: 'found', hit: { movieId: 2 } });
  });

  it('asks between several exact matches, offering only those', () => {
    expect(pickTitle([hit(1, 1), hit(2, 1), hit(3, 0.9)])).toEqual({ kind: 'ambiguous', hits: [hit(1, 1), hit(2, 1)] });
  });

  it('takes a clear typo winner but asks between close ones', () => {
    expect(pickTitle([hit(1, 0.9), hit(2, 0.7)])).toMatchObject({ kind: 'found', hit: { movieId: 1 } });
    expect(pickTitle([hit(1, 0.84), hit(2, 0.84), hit(3, 0.8), hit(4, 0.5)])).toEqual({
      kind: 'ambiguous',
      hits: [hit(1, 0.84), hit(2, 0.84), hit(3, 0.8)],
    });
  });

  it('offers a weak lone match as a question, and nothing below the floor', () => {
    expect(pickTitle([hit(1, 0.6)])).toEqual({ kind: 'ambiguous', hits: [hit(1, 0.6)] });
    expect(pickTitle([hit(1, 0.3)])).toEqual({ kind: 'none' });
    expect(pickTitle([])).toEqual({ kind: 'none' });
  });

  it('moves a trailing article to the front', () => {
    expect(articleToFront('Matrix, The')).toBe('The Matrix');
    expect(articleToFront('  Beautiful Mind, A ')).toBe('A Beautiful Mind');
    expect(articleToFront('Heat')).toBe('Heat');
    expect(articleToFront('Lock, Stock and Two Smoking Barrels')).toBe('Lock, Stock and Two Smoking Barrels');
  });
});
