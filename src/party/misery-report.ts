/**
 * The misery figures of `eval-groups --json` (pure): per method, over groups,
 *
 * - misery_top1: the share of groups whose first pick some member who rated it rated 2.5 or less;
 * - misery_at_5: the share of the top-5 picks with such a member;
 * - group_ndcg_at_5: the members' mean NDCG@5 (Baltrunas et al.), averaged over groups;
 * - min_member_ndcg_at_5: the least-served member's NDCG@5, averaged over groups;
 *
 * each with a 95% percentile-bootstrap interval (groups resampled with replacement, seeded, so
 * a run is reproducible). Misery counts every member who rated the pick, not only two.
 */
import { seededRandom } from './groups.js';
import type { GroupScore } from './metrics.js';

export interface Estimate {
  value: number;
  ci95: [number, number];
}

export interface MiseryFigures {
  groups: number;
  misery_top1: Estimate;
  misery_at_5: Estimate;
  group_ndcg_at_5: Estimate;
  min_member_ndcg_at_5: Estimate;
}

export const BOOTSTRAP_SAMPLES = 1000;

/** The per-group values each figure averages (NaN groups left out of that figure). */
const FIGURES: Record<Exclude<keyof MiseryFigures, 'groups'>, (s: GroupScore) => number> = {
  misery_top1: (s) => s.miseryTop1,
  misery_at_5: (s) => (s.picks > 0 ? s.miseryPicks / s.picks : Number.NaN),
  group_ndcg_at_5: (s) => s.ndcg,
  min_member_ndcg_at_5: (s) => s.minNdcg,
};

/** Mean and 95% percentile-bootstrap interval of `values` (NaN left out). */
export function bootstrapMean(values: readonly number[], samples = BOOTSTRAP_SAMPLES, seed = 1): Estimate {
  const v = values.filter((x) => Number.isFinite(x));
  const n = v.length;
  if (n === 0) return { value: Number.NaN, ci95: [Number.NaN, Number.NaN] };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const rand = seededRandom(seed);
  const means = new Float64Array(samples);
  for (let b = 0; b < samples; b++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += v[Math.floor(rand() * n)]!;
    means[b] = s / n;
  }
  means.sort();
  const at = (q: number) => means[Math.min(samples - 1, Math.max(0, Math.floor(q * samples)))]!;
  return { value: mean, ci95: [at(0.025), at(0.975)] };
}

export function miseryFigures(scores: readonly GroupScore[], seed = 1): MiseryFigures {
  const out = { groups: scores.length } as MiseryFigures;
  let k = 0;
  for (const [name, f] of Object.entries(FIGURES) as [keyof typeof FIGURES, (s: GroupScore) => number][]) {
    out[name] = bootstrapMean(scores.map(f), BOOTSTRAP_SAMPLES, seed + 7 * k++);
  }
  return out;
}

export interface MiseryCellReport {
  size: number;
  kind: string;
  methods: Record<string, MiseryFigures>;
}

export interface MiseryReport {
  cells: MiseryCellReport[];
  pooled: Record<string, MiseryFigures>;
  /** Per strategy name (the default strategy as `default` too): pooled misery_top1 and misery_at_5. */
  summary: Record<string, { misery_top1: number; misery_at_5: number }>;
}

/**
 * Cells of raw group scores per method -> per-cell and pooled figures, and the summary keyed by
 * strategy name; `defaultMethod` is also reported as `default`.
 */
export function miseryReport(
  cells: readonly { size: number; kind: string; rows: readonly { method: string; scores: readonly GroupScore[] }[] }[],
  defaultMethod: string,
): MiseryReport {
  const pooledScores = new Map<string, GroupScore[]>();
  const out: MiseryCellReport[] = cells.map((c, ci) => {
    const methods: Record<string, MiseryFigures> = {};
    for (const r of c.rows) {
      methods[r.method] = miseryFigures(r.scores, 1 + ci);
      let p = pooledScores.get(r.method);
      if (!p) pooledScores.set(r.method, (p = []));
      p.push(...r.scores);
    }
    return { size: c.size, kind: c.kind, methods };
  });
  const pooled: Record<string, MiseryFigures> = {};
  for (const [m, s] of pooledScores) pooled[m] = miseryFigures(s, 101);
  const summary: MiseryReport['summary'] = {};
  const brief = (f: MiseryFigures) => ({ misery_top1: f.misery_top1.value, misery_at_5: f.misery_at_5.value });
  if (pooled[defaultMethod]) summary.default = brief(pooled[defaultMethod]);
  for (const [m, f] of Object.entries(pooled)) summary[m] = brief(f);
  return { cells: out, pooled, summary };
}
