/**
 * Tuning the default strategy's misery veto on validation groups (drawn from a validation part
 * carved from training; never the test part): the setting with the least misery whose group
 * NDCG@5 stays within `maxNdcgLoss` of plain average's in every cell.
 */
import { evaluateGroups, strategyMethod, type GroupEvalOptions, type HeldOutData } from './evaluate.js';
import type { MiseryVetoOptions } from './misery-veto.js';

export interface VetoGrid {
  maxRisk: readonly number[];
  riskWeight: readonly number[];
  starWeight: readonly number[];
}

export const VETO_GRID: VetoGrid = {
  maxRisk: [0.15, 0.2, 0.25, 0.3, 0.35, 0.45, 1],
  riskWeight: [0, 0.5, 1, 2, 4],
  starWeight: [0, 0.5, 1],
};

export interface VetoTrial extends Required<MiseryVetoOptions> {
  miseryTop1: number;
  miseryAt5: number;
  /** min over cells of (this setting's group NDCG@5 - plain average's); negative = worse. */
  ndcgMargin: number;
}

/**
 * The rule (pure): among trials whose NDCG margin is at least -maxNdcgLoss, the least
 * misery_top1 + misery_at_5 (ties: the larger margin, then the earlier trial); when none
 * qualifies, the largest margin.
 */
export function chooseVeto(trials: readonly VetoTrial[], maxNdcgLoss = 0.005): VetoTrial {
  if (trials.length === 0) throw new Error('chooseVeto: no trials');
  const ok = trials.filter((t) => t.ndcgMargin >= -maxNdcgLoss);
  if (ok.length === 0) return trials.reduce((a, b) => (b.ndcgMargin > a.ndcgMargin ? b : a));
  const cost = (t: VetoTrial) => t.miseryTop1 + t.miseryAt5;
  return ok.reduce((a, b) => (cost(b) < cost(a) - 1e-12 || (Math.abs(cost(b) - cost(a)) <= 1e-12 && b.ndcgMargin > a.ndcgMargin) ? b : a));
}

export function tuneVeto(
  data: HeldOutData,
  predictAll: (user: number) => Float32Array,
  opts: GroupEvalOptions & { maxNdcgLoss?: number; grid?: VetoGrid },
  rankAll: ((user: number) => Float32Array) | undefined,
  riskAll: ((user: number) => Float32Array) | undefined,
): { chosen: VetoTrial; trials: VetoTrial[] } {
  const grid = opts.grid ?? VETO_GRID;
  const settings: Required<MiseryVetoOptions>[] = [];
  for (const maxRisk of grid.maxRisk)
    for (const riskWeight of grid.riskWeight) for (const starWeight of grid.starWeight) settings.push({ maxRisk, riskWeight, starWeight });
  const label = (p: Required<MiseryVetoOptions>) => `veto@${p.maxRisk}/${p.riskWeight}/${p.starWeight}`;
  const methods = [
    strategyMethod('average'),
    ...settings.map((p) => strategyMethod('relevance_without_misery', { ...p, label: label(p) })),
  ];
  const cells = evaluateGroups(data, predictAll, methods, opts, rankAll, riskAll);
  const trials = settings.map((p): VetoTrial => {
    let groups = 0;
    let top1 = 0;
    let miseryPicks = 0;
    let picks = 0;
    let margin = Infinity;
    for (const c of cells) {
      const row = c.rows.find((r) => r.method === label(p))!;
      const avg = c.rows.find((r) => r.method === 'average')!;
      for (const s of row.scores) {
        groups++;
        top1 += s.miseryTop1;
        miseryPicks += s.miseryPicks;
        picks += s.picks;
      }
      if (row.scores.length) margin = Math.min(margin, row.summary.ndcg - avg.summary.ndcg);
    }
    return {
      ...p,
      miseryTop1: groups ? top1 / groups : 0,
      miseryAt5: picks ? miseryPicks / picks : 0,
      ndcgMargin: Number.isFinite(margin) ? margin : 0,
    };
  });
  return { chosen: chooseVeto(trials, opts.maxNdcgLoss), trials };
}
