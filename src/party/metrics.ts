/**
 * Scoring a group's top-N against its members' held-out ratings. Pure.
 *
 * - mean: the mean of every (pick, member) rating that exists;
 * - min: per pick that some member rated, the lowest of those ratings, averaged over picks;
 * - noneBelow3: the share of such picks that no member rated below 3;
 * - ndcg: group NDCG@N as in Baltrunas et al. (RecSys 2010): NDCG of the group list for each
 *   member (gain = the member's rating, 0 when unrated; log2 discount; ideal = the member's own
 *   best N ratings among the candidates), averaged over the members.
 */

/** One member's held-out ratings by item. */
export type Truth = ReadonlyMap<number, number>;

export interface GroupScore {
  /** Sum and count of rated (pick, member) pairs, so callers can pool over groups. */
  ratingSum: number;
  ratingCount: number;
  /** Sum of per-pick minimums and the number of picks rated by anyone. */
  minSum: number;
  ratedPicks: number;
  /** Picks rated by someone and by nobody below 3. */
  goodPicks: number;
  /** Mean NDCG over members that have at least one candidate in their truth; NaN if none do. */
  ndcg: number;
  /** The lowest member NDCG (same members as ndcg); NaN if none. */
  minNdcg: number;
  /** 1 when a member who rated the first pick rated it MISERY_RATING or less, else 0. */
  miseryTop1: number;
  /** Picks (of the list) that some member who rated them rated MISERY_RATING or less, and the list length. */
  miseryPicks: number;
  picks: number;
}

/** A rating at or below this is misery (the same line as the calibrated probability). */
export const MISERY_RATING = 2.5;

export function dcg(gains: readonly number[]): number {
  let s = 0;
  gains.forEach((g, i) => {
    s += g / Math.log2(i + 2);
  });
  return s;
}

/**
 * @param picks the group list, best first (items in any id space shared with `truths`)
 * @param truths one held-out map per member
 * @param candidates the items the list was chosen from (bounds each member's ideal list)
 */
export function scoreGroupList(
  picks: readonly number[],
  truths: readonly Truth[],
  candidates: ReadonlySet<number>,
  n = picks.length,
): GroupScore {
  const list = picks.slice(0, n);
  let ratingSum = 0;
  let ratingCount = 0;
  let minSum = 0;
  let ratedPicks = 0;
  let goodPicks = 0;
  let miseryPicks = 0;
  let miseryTop1 = 0;
  list.forEach((item, rank) => {
    let low = Infinity;
    for (const t of truths) {
      const r = t.get(item);
      if (r === undefined) continue;
      ratingSum += r;
      ratingCount++;
      low = Math.min(low, r);
    }
    if (low <= MISERY_RATING) {
      miseryPicks++;
      if (rank === 0) miseryTop1 = 1;
    }
    if (low === Infinity) return;
    ratedPicks++;
    minSum += low;
    if (low >= 3) goodPicks++;
  });
  let ndcgSum = 0;
  let ndcgMembers = 0;
  let minNdcg = Infinity;
  for (const t of truths) {
    const ideal = [...t.entries()]
      .filter(([item]) => candidates.has(item))
      .map(([, r]) => r)
      .sort((a, b) => b - a)
      .slice(0, n);
    if (ideal.length === 0) continue;
    const idcg = dcg(ideal);
    const member = dcg(list.map((item) => t.get(item) ?? 0)) / idcg;
    ndcgSum += member;
    minNdcg = Math.min(minNdcg, member);
    ndcgMembers++;
  }
  return {
    ratingSum,
    ratingCount,
    minSum,
    ratedPicks,
    goodPicks,
    ndcg: ndcgMembers > 0 ? ndcgSum / ndcgMembers : NaN,
    minNdcg: ndcgMembers > 0 ? minNdcg : NaN,
    miseryTop1,
    miseryPicks,
    picks: list.length,
  };
}

export interface MetricSummary {
  groups: number;
  mean: number;
  min: number;
  noneBelow3: number;
  ndcg: number;
  /** Share of picks some member had rated (how much of the list could be judged). */
  judged: number;
}

/** Pool group scores: rating figures over all rated pairs / picks, NDCG averaged over groups. */
export function summarise(scores: readonly GroupScore[], listLength: number): MetricSummary {
  let ratingSum = 0;
  let ratingCount = 0;
  let minSum = 0;
  let ratedPicks = 0;
  let goodPicks = 0;
  let ndcgSum = 0;
  let ndcgGroups = 0;
  for (const s of scores) {
    ratingSum += s.ratingSum;
    ratingCount += s.ratingCount;
    minSum += s.minSum;
    ratedPicks += s.ratedPicks;
    goodPicks += s.goodPicks;
    if (Number.isFinite(s.ndcg)) {
      ndcgSum += s.ndcg;
      ndcgGroups++;
    }
  }
  return {
    groups: scores.length,
    mean: ratingCount ? ratingSum / ratingCount : NaN,
    min: ratedPicks ? minSum / ratedPicks : NaN,
    noneBelow3: ratedPicks ? goodPicks / ratedPicks : NaN,
    ndcg: ndcgGroups ? ndcgSum / ndcgGroups : NaN,
    judged: scores.length ? ratedPicks / (scores.length * listLength) : NaN,
  };
}
