/** The watch-known bound: the default strategy with the risks of members who did not rate a film left out. Pure. */
import { describe, expect, it } from 'vitest';
import { watchedOnlyRisks, watchKnownCeiling, WATCH_KNOWN_CEILING } from '../../../src/party/watch-bound.js';
import type { GroupTable } from '../../../src/party/strategies.js';

// film 10: the most relevant, but member 1 (who did not watch it) would likely hate it;
// film 20: less relevant, member 0 (who watched it) would likely hate it;
// film 30: the least relevant, low risk for both.
const table: GroupTable = {
  movieIds: [10, 20, 30],
  stars: [
    [4.5, 2.5],
    [4.0, 4.0],
    [3.5, 3.5],
  ],
  relevance: [
    [1, 1],
    [0.5, 0.5],
    [0, 0],
  ],
  misery: [
    [0.05, 0.9],
    [0.8, 0.05],
    [0.1, 0.1],
  ],
};

describe('watchedOnlyRisks', () => {
  it('keeps the risk of members who watched a film and sets the others to 0', () => {
    const t = watchedOnlyRisks(table, (row, m) => !(row === 0 && m === 1));
    expect(t.misery).toEqual([
      [0.05, 0],
      [0.8, 0.05],
      [0.1, 0.1],
    ]);
    expect(t.stars).toBe(table.stars);
  });

  it('gives the fallback risk (1 below 2.75 predicted stars) before masking when there is no calibration', () => {
    const t = watchedOnlyRisks({ movieIds: [1], stars: [[2.0, 2.0]] }, (_row, m) => m === 0);
    expect(t.misery).toEqual([[1, 0]]);
  });
});

describe('watchKnownCeiling', () => {
  it('ranks with the default strategy, ignoring the risk of a member who did not rate the film', () => {
    const heldOut = new Map([
      [
        100,
        new Map([
          [10, 4],
          [20, 2],
          [30, 3.5],
        ]),
      ],
      [
        200,
        new Map([
          [20, 4],
          [30, 3.5],
        ]),
      ],
    ]);
    const method = watchKnownCeiling(heldOut, { maxRisk: 1, riskWeight: 2, starWeight: 0 });
    expect(method.name).toBe(WATCH_KNOWN_CEILING);
    const ctx = { members: [100, 200], pool: [10, 20, 30], table, popularity: new Int32Array(0) };
    // 10: 1 - 2*0.05 = 0.9; 30: 0 - 2*0.19 = -0.38; 20: 0.5 - 2*(1 - 0.2*0.95) = -1.12
    expect(method.rank(ctx, 3)).toEqual([10, 30, 20]);
  });
});
