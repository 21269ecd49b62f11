import { describe, expect, it } from 'vitest';
import { readReference, resolveTargets, type ListCard } from '../../../src/nlp/references.js';

const pos = (index: number) => ({ kind: 'position', index });
const it_ = { kind: 'pronoun' };

describe('readReference', () => {
  it('reads positions with what to do with them', () => {
    expect(readReference('why the first one?')).toEqual({ act: 'why', targets: [pos(1)] });
    expect(readReference('y the 2nd one')).toEqual({ act: 'why', targets: [pos(2)] });
    expect(readReference('why the third?')).toEqual({ act: 'why', targets: [pos(3)] });
    expect(readReference('the first one looks good, why?')).toEqual({ act: 'why', targets: [pos(1)] });
    expect(readReference('more like the last one')).toEqual({ act: 'similar', targets: [pos(-1)] });
    expect(readReference('seen the first two')).toEqual({ act: 'seen', targets: [pos(1), pos(2)] });
    expect(readReference('add the first and second to my watchlist')).toEqual({ act: 'watchlist', targets: [pos(1), pos(2)] });
    expect(readReference('put the last one on my watchlist')).toEqual({ act: 'watchlist', targets: [pos(-1)] });
    expect(readReference('not interested in the second one')).toEqual({ act: 'dismiss', targets: [pos(2)] });
    expect(readReference('the first one - not interested')).toEqual({ act: 'dismiss', targets: [pos(1)] });
    expect(readReference('why the second to last one')).toEqual({ act: 'why', targets: [pos(-2)] });
  });

  it('reads stars in every usual form, and a seen-with-stars as a rating', () => {
    expect(readReference("I've seen the first one, 4 stars")).toEqual({ act: 'rate', targets: [pos(1)], stars: 4 });
    expect(readReference('rate the first one 5')).toEqual({ act: 'rate', targets: [pos(1)], stars: 5 });
    expect(readReference('the second one, 3.5 stars')).toEqual({ act: 'rate', targets: [pos(2)], stars: 3.5 });
    expect(readReference('the last one is a 3')).toEqual({ act: 'rate', targets: [pos(-1)], stars: 3 });
    expect(readReference('first one was great, 4.5 stars')).toEqual({ act: 'rate', targets: [pos(1)], stars: 4.5 });
    expect(readReference('the third one 8/10')).toEqual({ act: 'rate', targets: [pos(3)], stars: 4 });
    expect(readReference('rate 2 4')).toEqual({ act: 'rate', targets: [pos(2)], stars: 4 });
    expect(readReference('rate the first one 7')).toEqual({ act: 'rate', targets: [pos(1)], stars: 7 });
  });

  it('reads pronouns and title fragments', () => {
    expect(readReference('add it to my watchlist')).toEqual({ act: 'watchlist', targets: [it_] });
    expect(readReference('remove it from my watchlist')).toEqual({ act: 'unwatchlist', targets: [it_] });
    expect(readReference('more like that')).toEqual({ act: 'similar', targets: [it_] });
    expect(readReference("i've seen it actually, 4 stars")).toEqual({ act: 'rate', targets: [it_], stars: 4 });
    expect(readReference('add the alien one to my watchlist')).toEqual({
      act: 'watchlist',
      targets: [{ kind: 'fragment', words: 'alien' }],
    });
    expect(readReference('seen the rushmore one, 4 stars')).toEqual({
      act: 'rate',
      targets: [{ kind: 'fragment', words: 'rushmore' }],
      stars: 4,
    });
  });

  it('reads "not that one" as rejecting the film, marked seen when the message says so', () => {
    expect(readReference('not that one')).toEqual({ act: 'reject', targets: [it_], reason: 'not_interested' });
    expect(readReference('nah not that one')).toEqual({ act: 'reject', targets: [it_], reason: 'not_interested' });
    // an interjection in front changes nothing
    expect(readReference('ugh not that one')).toEqual({ act: 'reject', targets: [it_], reason: 'not_interested' });
    expect(readReference('nope, not the first one')).toEqual({ act: 'reject', targets: [pos(1)], reason: 'not_interested' });
    expect(readReference('not the first one, seen it')).toEqual({ act: 'reject', targets: [pos(1)], reason: 'seen' });
    expect(readReference('not the second one, already seen it')).toEqual({ act: 'reject', targets: [pos(2)], reason: 'seen' });
  });

  it('a bare "why?" is a reference without target', () => {
    expect(readReference('why?')).toEqual({ act: 'why', targets: [] });
    expect(readReference('ok how come')).toEqual({ act: 'why', targets: [] });
  });

  it('leaves requests, refinements and named titles alone', () => {
    for (const t of [
      'something shorter',
      'make it a drama',
      'keep it family friendly',
      'skip the horror ones',
      'a romantic one',
      'not too long tho',
      'the first harry potter',
      'why heat',
      'more like the matrix',
      'rate the mask 4',
      'why zodiac?? never heard of it',
      'just watched inception, loved it. what next?',
      'i liked la la land, more musicals like that pls',
      'last night i saw heat',
      'seen 1917',
    ]) {
      expect(readReference(t), t).toBeNull();
    }
  });
});

describe('resolveTargets', () => {
  const cards: ListCard[] = [
    { movieId: 1214, title: 'Alien' },
    { movieId: 1200, title: 'Aliens' },
    { movieId: 541, title: 'Blade Runner' },
    { movieId: 171763, title: 'Alien: Covenant' },
  ];

  it('takes positions from the front and from the end, and says when one is out of range', () => {
    expect(resolveTargets([{ kind: 'position', index: 2 }], cards, undefined)).toEqual({ kind: 'movies', movieIds: [1200] });
    expect(resolveTargets([{ kind: 'position', index: -1 }], cards, undefined)).toEqual({ kind: 'movies', movieIds: [171763] });
    expect(resolveTargets([{ kind: 'position', index: 7 }], cards, undefined)).toEqual({ kind: 'missing', why: 'out_of_range' });
    expect(resolveTargets([{ kind: 'position', index: 1 }], [], undefined)).toEqual({ kind: 'missing', why: 'no_list' });
  });

  it('prefers the exact title for a fragment, then a title starting with it, and says when it is not on the list', () => {
    expect(resolveTargets([{ kind: 'fragment', words: 'alien' }], cards, undefined)).toEqual({ kind: 'movies', movieIds: [1214] });
    expect(resolveTargets([{ kind: 'fragment', words: 'blade' }], cards, undefined)).toEqual({ kind: 'movies', movieIds: [541] });
    expect(resolveTargets([{ kind: 'fragment', words: 'titanic' }], cards, undefined)).toEqual({ kind: 'missing', why: 'no_match' });
  });

  it('resolves "it" to the film in focus, the only card, or asks which', () => {
    expect(resolveTargets([{ kind: 'pronoun' }], cards, 541)).toEqual({ kind: 'movies', movieIds: [541] });
    expect(resolveTargets([{ kind: 'pronoun' }], cards.slice(0, 1), undefined)).toEqual({ kind: 'movies', movieIds: [1214] });
    expect(resolveTargets([{ kind: 'pronoun' }], cards, undefined)).toMatchObject({ kind: 'ambiguous' });
    expect(resolveTargets([{ kind: 'pronoun' }], [], 367)).toEqual({ kind: 'movies', movieIds: [367] });
  });
});
