import { describe, expect, it } from 'vitest';
import { tally, winner, type TallyCandidate } from '../../../src/party/tally.js';

const candidates: TallyCandidate[] = [
  { movieId: 1, rank: 1, groupScore: 4.2 },
  { movieId: 2, rank: 2, groupScore: 4.0 },
  { movieId: 3, rank: 3, groupScore: 3.9 },
];

describe('approval tally', () => {
  it('counts one point per voter and picks the most approved film', () => {
    const rows = tally('approval', candidates, [
      { voter: 1, movieId: 2, weight: 1 },
      { voter: 2, movieId: 2, weight: 1 },
      { voter: 2, movieId: 1, weight: 1 },
      { voter: 3, movieId: 3, weight: 1 },
    ]);
    expect(rows.map((r) => [r.movieId, r.points])).toEqual([
      [2, 2],
      [1, 1],
      [3, 1],
    ]);
    expect(winner(rows)?.movieId).toBe(2);
  });

  it('breaks a tie by the group score', () => {
    const rows = tally('approval', candidates, [
      { voter: 1, movieId: 3, weight: 1 },
      { voter: 2, movieId: 2, weight: 1 },
    ]);
    expect(winner(rows)?.movieId).toBe(2); // 1 vote each; 4.0 beats 3.9
  });

  it('with no votes the group top pick wins', () => {
    expect(winner(tally('approval', candidates, []))?.movieId).toBe(1);
  });

  it('counts a repeated ballot once and ignores non-candidates and ineligible voters', () => {
    const rows = tally(
      'approval',
      candidates,
      [
        { voter: 1, movieId: 3, weight: 1 },
        { voter: 1, movieId: 3, weight: 1 },
        { voter: 2, movieId: 99, weight: 1 },
        { voter: 9, movieId: 2, weight: 1 },
        { voter: 9, movieId: 2, weight: 1 },
      ],
      { eligible: new Set([1, 2]) },
    );
    expect(rows.find((r) => r.movieId === 3)?.points).toBe(1);
    expect(rows.find((r) => r.movieId === 2)?.points).toBe(0);
    expect(winner(rows)?.movieId).toBe(3);
  });
});

describe('ranked tally (Borda over ballots)', () => {
  it('gives n points for a first choice down to 1 for the last', () => {
    const rows = tally('ranked', candidates, [
      // voter 1: 3 > 2 ; voter 2: 2 > 1 ; voter 3: 3
      { voter: 1, movieId: 3, weight: 1 },
      { voter: 1, movieId: 2, weight: 2 },
      { voter: 2, movieId: 2, weight: 1 },
      { voter: 2, movieId: 1, weight: 2 },
      { voter: 3, movieId: 3, weight: 1 },
    ]);
    // 3: 3+3 = 6 ; 2: 2+3 = 5 ; 1: 2
    expect(rows.map((r) => [r.movieId, r.points])).toEqual([
      [3, 6],
      [2, 5],
      [1, 2],
    ]);
    expect(rows.find((r) => r.movieId === 2)?.voters).toBe(2);
  });

  it('clamps out-of-range positions and breaks ties by group score', () => {
    const rows = tally('ranked', candidates, [
      { voter: 1, movieId: 3, weight: 0 }, // clamped to first choice: 3 points
      { voter: 2, movieId: 1, weight: 1 }, // 3 points
    ]);
    expect(rows.slice(0, 2).map((r) => [r.movieId, r.points])).toEqual([
      [1, 3],
      [3, 3],
    ]);
  });
});
