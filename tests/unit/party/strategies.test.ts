import { describe, expect, it } from 'vitest';
import {
  approvalScores,
  averageScores,
  averageWithoutMiseryScores,
  bordaScores,
  leastMiseryScores,
  percentileColumns,
  rankGroup,
  type GroupTable,
} from '../../../src/party/strategies.js';
import { fairnessWeights, partyLoss } from '../../../src/party/fairness.js';

/**
 * Three members (Ana, Ben, Cy), four films. Known answers:
 *  - average:        A 4.0, B 3.83, C 3.33, D 3.67 -> A, B, D, C
 *  - least misery:   A 2.0, B 3.5, C 3.0, D 3.5 -> B (tie with D on min, B has the higher mean), D, C, A
 *  - avg w/o misery (threshold 3): A dropped (Ana 2.0) -> B, D, C, then A
 */
const table: GroupTable = {
  movieIds: [10, 20, 30, 40],
  stars: [
    [2.0, 5.0, 5.0], // A: two love it, Ana would be miserable
    [4.0, 4.0, 3.5], // B: solid for everyone
    [3.0, 3.5, 3.5], // C: meh
    [3.5, 3.5, 4.0], // D
  ],
};

const ids = (picks: { movieId: number }[]) => picks.map((p) => p.movieId);

describe('aggregation strategies on a hand-made table', () => {
  it('average ranks by the mean', () => {
    expect(averageScores(table)[0]).toBeCloseTo(4.0);
    expect(averageScores(table)[1]).toBeCloseTo(11.5 / 3);
    expect(ids(rankGroup(table, 'average', 4))).toEqual([10, 20, 40, 30]);
  });

  it('least misery ranks by the unhappiest member, ties by the mean', () => {
    expect(ids(rankGroup(table, 'least_misery', 4))).toEqual([20, 40, 30, 10]);
    expect(Math.floor(leastMiseryScores(table)[0]! * 100) / 100).toBe(2.0);
  });

  it('average without misery drops a film anyone is predicted below the threshold, then averages', () => {
    const scores = averageWithoutMiseryScores(table, 3);
    expect(scores[1]).toBeCloseTo(11.5 / 3);
    expect(scores[0]!).toBeLessThan(scores[2]!); // the dropped film comes after every kept one
    expect(ids(rankGroup(table, 'average_without_misery', 4, { miseryThreshold: 3 }))).toEqual([20, 40, 30, 10]);
    // Top 2 never shows the miserable film; a stricter threshold drops C too.
    expect(ids(rankGroup(table, 'average_without_misery', 2, { miseryThreshold: 3.5 }))).toEqual([20, 40]);
    expect(ids(rankGroup(table, 'average_without_misery', 3, { miseryThreshold: 3.5 }))).toEqual([20, 40, 30]);
  });

  it("percentiles place each value within its own member's column, ties shared", () => {
    // Ana: 2 < 3 < 3.5 < 4 -> A 0, C 1/3, D 2/3, B 1. Ben: 3.5, 3.5 tie at the bottom (1/6 each), 4, 5.
    const p = percentileColumns(table.stars);
    expect(p.map((r) => r[0])).toEqual([0, 1, 1 / 3, 2 / 3]);
    expect(p.map((r) => r[1])).toEqual([1, 2 / 3, 1 / 6, 1 / 6]);
    expect(percentileColumns([[4, NaN]])).toEqual([[0.5, NaN]]);
  });

  it("relative misery drops a film in any member's own bottom share, whatever their scale", () => {
    // A harsh member (Cy) predicts everything below 3, so no absolute threshold can tell his
    // worst film apart from the rest; his percentile can.
    const harsh: GroupTable = {
      movieIds: [1, 2, 3, 4],
      stars: [
        [4.6, 4.4, 2.0], // Cy's worst
        [4.2, 4.1, 2.8],
        [4.0, 4.0, 2.6],
        [3.9, 3.8, 2.7],
      ],
    };
    expect(ids(rankGroup(harsh, 'average_without_misery', 4, { miseryThreshold: 1 }))).toEqual([2, 1, 3, 4]);
    // Bottom quarter: Cy's worst (film 1) goes, and so does film 4, the last for Ana and Ben
    // (3.9★ and 3.8★: relative misery is blind to scale both ways). Dropped films follow the
    // kept ones by their lowest member (film 4's 2.7 before film 1's 2.0).
    expect(ids(rankGroup(harsh, 'average_without_misery', 4, { miseryThreshold: 1, relativeMisery: 0.25 }))).toEqual([2, 3, 4, 1]);
    // A bigger share also takes Cy's second worst (film 3, percentile 1/3).
    expect(ids(rankGroup(harsh, 'average_without_misery', 4, { miseryThreshold: 1, relativeMisery: 0.4 }))).toEqual([2, 4, 3, 1]);
  });

  it("relevance adds its weight times the members' mean relevance to kept films only", () => {
    const t: GroupTable = {
      movieIds: [1, 2, 3],
      stars: [
        [4, 4],
        [3.9, 3.9],
        [2, 5],
      ],
      relevance: [
        [0, 0.5],
        [1, 1],
        [1, 1],
      ],
    };
    const s = averageWithoutMiseryScores(t, 3, undefined, { relevanceWeight: 0.5 });
    expect(s[0]).toBeCloseTo(4 + 0.5 * 0.25);
    expect(s[1]).toBeCloseTo(3.9 + 0.5);
    expect(s[2]!).toBeLessThan(0); // dropped (a member at 2★): relevance cannot rescue it
    expect(ids(rankGroup(t, 'average_without_misery', 3, { miseryThreshold: 3 }))).toEqual([1, 2, 3]);
    expect(ids(rankGroup(t, 'average_without_misery', 3, { miseryThreshold: 3, relevanceWeight: 0.5 }))).toEqual([2, 1, 3]);
    // Without relevance in the table the weight changes nothing.
    expect(averageWithoutMiseryScores({ movieIds: t.movieIds, stars: t.stars }, 3, undefined, { relevanceWeight: 2 })[0]).toBe(4);
  });

  it('Borda count gives n-1 points for each first place and shares ties', () => {
    // Ana: B 4 > D 3.5 > C 3 > A 2 -> B3 D2 C1 A0
    // Ben: A 5 > B 4 > C,D 3.5 tie -> A3 B2 C0.5 D0.5
    // Cy:  A 5 > D 4 > B,C 3.5 tie -> A3 D2 B0.5 C0.5
    expect(bordaScores(table)).toEqual([6, 5.5, 2, 4.5]);
    expect(ids(rankGroup(table, 'borda', 4))).toEqual([10, 20, 40, 30]);
  });

  it('approval counts members at or above the threshold, ties by the mean', () => {
    const s = approvalScores(table, 3.5);
    expect(s.map(Math.floor)).toEqual([2, 3, 2, 3]);
    expect(ids(rankGroup(table, 'approval', 4, { approvalThreshold: 3.5 }))).toEqual([20, 40, 10, 30]);
  });

  it('unknown predictions are skipped, and a film nobody can score is never picked', () => {
    const t: GroupTable = {
      movieIds: [1, 2, 3],
      stars: [
        [NaN, 4],
        [NaN, NaN],
        [3, 3],
      ],
    };
    expect(averageScores(t)[0]).toBe(4);
    expect(Number.isNaN(averageScores(t)[1])).toBe(true);
    for (const s of ['average', 'least_misery', 'average_without_misery', 'borda', 'approval', 'fairness'] as const) {
      expect(ids(rankGroup(t, s, 3))).not.toContain(2);
    }
  });
});

describe('fairness rotation', () => {
  it('equals average without misery when nobody lost before', () => {
    const w = fairnessWeights(['ana', 'ben', 'cy'], []);
    expect(w).toEqual([1, 1, 1]);
    expect(ids(rankGroup(table, 'fairness', 4, { memberWeights: w, miseryThreshold: 3 }))).toEqual(
      ids(rankGroup(table, 'average_without_misery', 4, { miseryThreshold: 3 })),
    );
  });

  it('favours the member who lost last time', () => {
    // Last party Ben's favourite (5★) lost to a film he was predicted 3★ for; the others won.
    const last = { winner: { ana: 4.5, ben: 3, cy: 4 }, best: { ana: 4.5, ben: 5, cy: 4 } };
    expect(partyLoss(last, 'ben')).toBe(2);
    expect(partyLoss(last, 'ana')).toBe(0);
    expect(partyLoss(last, 'zed')).toBe(0);
    const w = fairnessWeights(['ana', 'ben', 'cy'], [last]);
    expect(w[1]).toBeGreaterThan(w[0]!);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(3);
    // Two kept films: X suits Ana, Y suits Ben. Plain average ties-breaks by id (X); fairness picks Y.
    const t: GroupTable = {
      movieIds: [1, 2],
      stars: [
        [4.5, 3.5, 4],
        [3.5, 4.5, 4],
      ],
    };
    expect(ids(rankGroup(t, 'average_without_misery', 1))).toEqual([1]);
    expect(ids(rankGroup(t, 'fairness', 1, { memberWeights: w }))).toEqual([2]);
  });

  it('older losses count less', () => {
    const lost = { winner: { ben: 3 }, best: { ben: 5 } };
    const won = { winner: { ben: 5 }, best: { ben: 5 } };
    const recent = fairnessWeights(['ana', 'ben'], [lost, won]);
    const old = fairnessWeights(['ana', 'ben'], [won, lost]);
    expect(recent[1]).toBeGreaterThan(old[1]!);
    expect(old[1]).toBeGreaterThan(1);
  });
});
