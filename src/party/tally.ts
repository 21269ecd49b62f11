/**
 * The voting tally: approval (one point per voter who approves a film) or ranked (a Borda
 * count over each voter's ranking). Ties are broken by the group score, then by the
 * candidate's rank, so the result never depends on the order votes arrived in.
 */

export type VotingMode = 'approval' | 'ranked';

export interface TallyCandidate {
  movieId: number;
  /** 1 = the group's top pick. */
  rank: number;
  groupScore: number;
}

export interface Vote {
  voter: number;
  movieId: number;
  /** Approval: ignored (always one point). Ranked: the voter's position, 1 = first choice. */
  weight: number;
}

export interface TallyRow {
  movieId: number;
  points: number;
  /** Distinct voters who voted for it in any position. */
  voters: number;
  groupScore: number;
  rank: number;
}

export interface TallyOptions {
  /** Only these voters count (e.g. current members); default everyone. */
  eligible?: ReadonlySet<number> | undefined;
}

/**
 * Points per candidate, best first. Ranked: position p of n candidates earns n-p+1 points
 * (first choice n). A voter's repeated or out-of-range positions count once, at their best.
 */
export function tally(
  mode: VotingMode,
  candidates: readonly TallyCandidate[],
  votes: readonly Vote[],
  opts: TallyOptions = {},
): TallyRow[] {
  const n = candidates.length;
  const rows = new Map<number, TallyRow>(
    candidates.map((c) => [c.movieId, { movieId: c.movieId, points: 0, voters: 0, groupScore: c.groupScore, rank: c.rank }]),
  );
  // One ballot entry per (voter, movie): the best position wins if a voter somehow sent two.
  const ballots = new Map<string, Vote>();
  for (const v of votes) {
    if (!rows.has(v.movieId)) continue;
    if (opts.eligible && !opts.eligible.has(v.voter)) continue;
    const key = `${v.voter}:${v.movieId}`;
    const prev = ballots.get(key);
    if (!prev || v.weight < prev.weight) ballots.set(key, v);
  }
  for (const v of ballots.values()) {
    const row = rows.get(v.movieId)!;
    row.voters += 1;
    if (mode === 'approval') row.points += 1;
    else {
      const position = Math.min(Math.max(1, Math.round(v.weight)), n);
      row.points += n - position + 1;
    }
  }
  return [...rows.values()].sort(compareRows);
}

function compareRows(a: TallyRow, b: TallyRow): number {
  return b.points - a.points || b.groupScore - a.groupScore || a.rank - b.rank || a.movieId - b.movieId;
}

/**
 * The winner: most points; on a tie the higher group score. With no votes at all the
 * group's own top pick wins, which is what the tie-break already gives.
 */
export function winner(rows: readonly TallyRow[]): TallyRow | undefined {
  return rows[0];
}
