import { describe, expect, it } from 'vitest';
import { emptyPreferences } from '../../../src/nlp/types.js';
import { displayTitle, recommendPicks } from '../../../src/recommender/pipeline.js';
import { sagaModel } from '../../helpers/saga-model.js';

/** 60 people who each watch two neighbouring sagas; saga A is comedy, the rest drama; film m runs 80 + m minutes. */
const model = () =>
  sagaModel({
    users: 60,
    watches: (u, saga) => saga === u % 4 || saga === (u + 1) % 4,
    meta: (m, saga) => ({ genres: [saga === 'A' ? 'Comedy' : 'Drama'], runtime: 80 + m }),
  });

describe('recommendPicks', () => {
  it('caps a franchise at two films in one list', async () => {
    const { m, data } = await model();
    const history = { items: Int32Array.of(data.itemIndex.get(1)!, data.itemIndex.get(2)!), ratings: Float32Array.of(5, 5) };
    const { picks } = recommendPicks(m, history, { limit: 6, excluded: new Uint8Array(m.hybrid.nItems) });
    const sagas = picks.map((p) => m.meta[p.item]!.title.split(' ')[1]);
    for (const s of new Set(sagas)) expect(sagas.filter((x) => x === s).length).toBeLessThanOrEqual(2);
  });

  it('page 2 (offset) continues page 1 without repeats', async () => {
    const { m } = await model();
    const none = { items: new Int32Array(0), ratings: new Float32Array(0) };
    const ex = () => new Uint8Array(m.hybrid.nItems);
    const d = { franchiseCap: 99, genrePenalty: 0 };
    const all = recommendPicks(m, none, { limit: 10, excluded: ex(), diversity: d }).picks.map((p) => p.item);
    const first = recommendPicks(m, none, { limit: 5, excluded: ex(), diversity: d }).picks.map((p) => p.item);
    const second = recommendPicks(m, none, { limit: 5, offset: 5, excluded: ex(), diversity: d }).picks.map((p) => p.item);
    expect([...first, ...second]).toEqual(all);
  });

  it('never returns an excluded film, and reports a relaxed filter', async () => {
    const { m } = await model();
    const ex = new Uint8Array(m.hybrid.nItems).fill(1);
    ex[0] = 0;
    ex[1] = 0;
    ex[20] = 0;
    const prefs = emptyPreferences();
    prefs.genres.include = ['Comedy'];
    const res = recommendPicks(
      m,
      { items: new Int32Array(0), ratings: new Float32Array(0) },
      { limit: 3, excluded: ex, preferences: prefs },
    );
    // the note names the wish and the film that misses it
    expect(res.relaxed).toEqual([`comedy for ${displayTitle(m.meta[20]!.title)}`]);
    expect(new Set(res.picks.map((p) => p.item))).toEqual(new Set([0, 1, 20]));
  });

  it('after relaxing a filter, shows the films that meet every wish first', async () => {
    const { m, data } = await model();
    const none = { items: new Int32Array(0), ratings: new Float32Array(0) };
    const diversity = { franchiseCap: 99, genrePenalty: 0 };
    const ask = (prefs: ReturnType<typeof emptyPreferences>, limit: number) =>
      recommendPicks(m, none, { limit, excluded: new Uint8Array(m.hybrid.nItems), preferences: prefs, diversity });
    const comedy = emptyPreferences();
    comedy.genres.include = ['Comedy']; // films 1-10, runtime 80 + id
    const plain = ask(comedy, 10).picks.map((p) => data.itemIds[p.item]!);
    const last = plain[plain.length - 1]!; // the comedy that ranks lowest
    const both = emptyPreferences();
    both.genres.include = ['Comedy'];
    both.runtime = { min: 80 + last, max: 80 + last }; // only that one meets both wishes
    const res = ask(both, 8);
    expect(res.relaxed).toHaveLength(1);
    expect(res.relaxed[0]).toMatch(new RegExp(`^${80 + last}-${80 + last} min for `));
    const ids = res.picks.map((p) => data.itemIds[p.item]!);
    expect(ids[0]).toBe(last);
    for (const id of ids) expect(id).toBeLessThanOrEqual(10); // the genre still holds
    for (const p of res.picks) expect(p.score).toBeLessThan(100); // the order changes, not the reported score
  });

  it('turns MovieLens titles into display titles', () => {
    expect(displayTitle('Matrix, The (1999)')).toBe('The Matrix');
    expect(displayTitle('Heat (1995)')).toBe('Heat');
    expect(displayTitle('Separation, A (Jodaeiye Nader az Simin) (2011)')).toBe('A Separation');
    expect(displayTitle('(500) Days of Summer (2009)')).toBe('(500) Days of Summer');
  });
});
