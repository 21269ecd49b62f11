/**
 * How the hybrid's tuning chooses among the settings it tried on validation (pure functions;
 * blend-tune.ts runs the trials). The coverage trade-off adapts to the data: how much NDCG a
 * setting may give up for coverage is set by how precisely validation measured it, never by
 * a fixed coverage floor or a constant found on another data set.
 */

export interface BlendTrial {
  params: Record<string, number>;
  ndcg: number;
  coverage: number;
  /** Standard error of the mean NDCG over validation users. */
  se: number;
  /** NDCG@10 of each validation user (every carve, same order in every trial): paired comparisons. */
  perUser?: Float64Array | undefined;
}

/** Standard error of the mean of the paired differences a - b (0 when there is nothing to pair). */
export function pairedSe(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  if (n < 2) return 0;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    sum += d;
    sq += d * d;
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1)) / n);
}

const best = (trials: readonly BlendTrial[]) => trials.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));

/** The most coverage among `eligible`; ties go to the higher NDCG, then the earlier trial. */
function mostCoverage(eligible: readonly BlendTrial[], start: BlendTrial): BlendTrial {
  let chosen = start;
  for (const t of eligible) if (t.coverage > chosen.coverage || (t.coverage === chosen.coverage && t.ndcg > chosen.ndcg)) chosen = t;
  return chosen;
}

/**
 * The earlier rule, kept for callers that give a tolerance: among trials within `tolerance`
 * (relative) of the best NDCG, the one with the most coverage.
 */
export function chooseByCoverage(trials: readonly BlendTrial[], tolerance: number): BlendTrial {
  if (trials.length === 0) throw new Error('chooseByCoverage: no trials');
  const top = best(trials);
  const floor = top.ndcg * (1 - tolerance);
  return mostCoverage(
    trials.filter((t) => t.ndcg >= floor),
    top,
  );
}

/**
 * The coverage rule (a one-standard-error rule on paired differences): among the trials whose
 * validation NDCG is below the best's by at most `z` standard errors of the per-user
 * difference, and not below `reference` (EASE alone: the hybrid must never choose, on
 * validation, a list worse than its own main ranker's), the one with the most coverage.
 * Differences validation cannot tell from noise are spent on coverage; measured differences
 * are not. More validation users, a tighter bound; a noisy validation, a looser one, but
 * never below the reference.
 */
export function chooseBySe(trials: readonly BlendTrial[], z: number, reference?: BlendTrial): BlendTrial {
  if (trials.length === 0) throw new Error('chooseBySe: no trials');
  const top = best(trials);
  const eligible = trials.filter((t) => {
    if (reference && t.ndcg < reference.ndcg) return false;
    const se = t.perUser && top.perUser ? pairedSe(top.perUser, t.perUser) : t.se;
    return top.ndcg - t.ndcg <= z * se;
  });
  return mostCoverage(eligible, top);
}
