/** The protocol's table, as text for a terminal and as the `--json` object. */
import os from 'node:os';
import type { EvalRow } from './protocol.js';

const columns: [string, (r: EvalRow) => string][] = [
  ['algorithm', (r) => r.algorithm],
  ['RMSE', (r) => fixed(r.rmse)],
  ['MAE', (r) => fixed(r.mae)],
  ['P@10', (r) => fixed(r.precision_at_10)],
  ['R@10', (r) => fixed(r.recall_at_10)],
  ['NDCG@10', (r) => fixed(r.ndcg_at_10)],
  ['HR@10', (r) => fixed(r.hit_rate_at_10)],
  ['Cov@10', (r) => fixed(r.coverage_at_10)],
  ['fit s', (r) => fixed(r.fit_s, 2)],
  ['predict s', (r) => fixed(r.predict_s, 2)],
];

function fixed(v: number | null, digits = 4): string {
  return v === null || Number.isNaN(v) ? '-' : v.toFixed(digits);
}

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

export function formatEvalTable(rows: readonly EvalRow[], title: string): string {
  const cells = [columns.map((c) => c[0]), ...rows.map((r) => columns.map((c) => c[1](r)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [`## ${title}`, `machine: ${machineLine()}`, '', line(cells[0]!), sep, ...cells.slice(1).map(line)].join('\n');
}

/** Exactly the object `reelmate eval --json` prints; NaN (metric not computed) becomes null. */
export function evalJson(rows: readonly EvalRow[]): { rows: Record<string, string | number | null>[] } {
  const clean = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
  return {
    rows: rows.map((r) => ({
      algorithm: r.algorithm,
      rmse: clean(r.rmse),
      mae: clean(r.mae),
      precision_at_10: clean(r.precision_at_10),
      recall_at_10: clean(r.recall_at_10),
      ndcg_at_10: clean(r.ndcg_at_10),
      hit_rate_at_10: clean(r.hit_rate_at_10),
      coverage_at_10: clean(r.coverage_at_10),
      fit_s: clean(r.fit_s),
      predict_s: clean(r.predict_s),
    })),
  };
}
