/**
 * The report of an experiment from its units of analysis (users) or interleaved lists: per
 * variant the positive rate with a 95% interval, the test against the first variant (the
 * control), a winner when the difference is significant, and how many users a decision at
 * the observed rates would need. Pure: the SQL that produces the units is in
 * src/db/repositories/online-metrics.ts.
 */
import { creditOf, interleavingAnalysis, type Team } from './interleave.js';
import { ratioEstimate, ratioInterval, ratioZTest, sampleSizeTwoProportions, type Cluster } from './stats.js';

export interface UserUnit {
  userId: number;
  variant: string;
  impressions: number;
  positives: number;
}

export interface VariantReport {
  name: string;
  users: number;
  impressions: number;
  positive_rate: number;
  ci: [number, number];
}

export interface ExperimentReport {
  mode: 'ab' | 'interleave';
  variants: VariantReport[];
  p_value: number | null;
  winner: string | null;
  /** Users per variant a two-sided test at alpha 0.05 with power 0.8 would need for the observed rates. */
  users_needed_per_variant: number | null;
  /** Interleaving only: lists won by each team, ties, and the preference Δ (positive: the second variant). */
  credit?: { wins: Record<string, number>; ties: number; delta: number } | undefined;
}

const ALPHA = 0.05;

export function analyseAb(variantNames: readonly string[], units: readonly UserUnit[]): ExperimentReport {
  const clusters = new Map<string, Cluster[]>(variantNames.map((n) => [n, []]));
  for (const u of units) clusters.get(u.variant)?.push({ successes: u.positives, trials: u.impressions });
  const variants = variantNames.map((name) => {
    const cs = clusters.get(name)!;
    const e = ratioEstimate(cs);
    return { name, users: cs.length, impressions: e.trials, positive_rate: e.rate, ci: ratioInterval(e) };
  });
  if (variants.length < 2 || variants.some((v) => v.users < 2))
    return { mode: 'ab', variants, p_value: null, winner: null, users_needed_per_variant: null };
  // every other variant against the control; the smallest p-value decides, Bonferroni-corrected
  const control = clusters.get(variantNames[0]!)!;
  let best: { p: number; name: string; diff: number } | undefined;
  for (const name of variantNames.slice(1)) {
    const t = ratioZTest(control, clusters.get(name)!);
    const p = Math.min(1, t.pValue * (variantNames.length - 1));
    if (!best || p < best.p) best = { p, name, diff: t.difference };
  }
  const winner = best && best.p < ALPHA ? (best.diff > 0 ? best.name : variantNames[0]!) : null;
  const rateA = variants[0]!.positive_rate;
  const rateB = variants.find((v) => v.name === best?.name)?.positive_rate ?? rateA;
  const perUser = variants[0]!.impressions / Math.max(1, variants[0]!.users);
  const needed =
    rateA !== rateB && rateA > 0 && rateA < 1 && rateB > 0 && rateB < 1
      ? Math.ceil(sampleSizeTwoProportions(rateA, rateB) / perUser)
      : null;
  return { mode: 'ab', variants, p_value: best?.p ?? null, winner, users_needed_per_variant: needed };
}

export interface ListTeam {
  userId: number;
  list: string;
  variant: string;
  positives: number;
}

/**
 * Interleaving: a list's credit goes to the team whose films got more positive feedback; the
 * sign test over won lists gives the p-value. `positive_rate` per variant is the share of its
 * team's placements that were positive (a descriptive figure; the decision is the credit).
 */
export function analyseInterleaving(
  variantNames: readonly [string, string],
  rows: readonly ListTeam[],
  impressionsPerTeam: ReadonlyMap<string, number>,
  usersPerTeam: ReadonlyMap<string, number>,
): ExperimentReport {
  const lists = new Map<string, { a: number; b: number }>();
  const positives = new Map<string, number>(variantNames.map((n) => [n, 0]));
  for (const r of rows) {
    const key = `${r.userId}|${r.list}`;
    const l = lists.get(key) ?? { a: 0, b: 0 };
    if (r.variant === variantNames[0]) l.a += r.positives;
    else if (r.variant === variantNames[1]) l.b += r.positives;
    lists.set(key, l);
    positives.set(r.variant, (positives.get(r.variant) ?? 0) + r.positives);
  }
  const outcomes = [...lists.values()].map((l) => creditOf([...Array<Team>(l.a).fill('A'), ...Array<Team>(l.b).fill('B')]));
  const res = interleavingAnalysis(outcomes);
  const variants = variantNames.map((name) => {
    const n = impressionsPerTeam.get(name) ?? 0;
    const s = positives.get(name) ?? 0;
    const e = ratioEstimate([{ successes: s, trials: n }]);
    // placements are clustered by list; a per-placement binomial interval is only descriptive here
    const p = n > 0 ? s / n : 0;
    const half = n > 0 ? 1.96 * Math.sqrt((p * (1 - p)) / n) : 1;
    return {
      name,
      users: usersPerTeam.get(name) ?? 0,
      impressions: n,
      positive_rate: e.rate,
      ci: [Math.max(0, p - half), Math.min(1, p + half)] as [number, number],
    };
  });
  const decided = res.winsA + res.winsB > 0 && res.pValue < ALPHA;
  return {
    mode: 'interleave',
    variants,
    p_value: res.winsA + res.winsB > 0 ? res.pValue : null,
    winner: decided ? (res.winsA > res.winsB ? variantNames[0] : variantNames[1]) : null,
    users_needed_per_variant: null,
    credit: { wins: { [variantNames[0]]: res.winsA, [variantNames[1]]: res.winsB }, ties: res.ties, delta: res.delta },
  };
}
