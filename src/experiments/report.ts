/**
 * An experiment's current result from the database: the units from the online-metrics SQL,
 * the analysis from analysis.ts. Shared by `experiments report` and the dashboard.
 */
import type { Experiment } from '../db/repositories/experiments.js';
import type { OnlineMetricsRepository } from '../db/repositories/online-metrics.js';
import { analyseAb, analyseInterleaving, type ExperimentReport } from './analysis.js';

export async function reportExperiment(
  metrics: OnlineMetricsRepository,
  e: Experiment,
  days: number,
  now: Date,
): Promise<{ report: ExperimentReport & { name: string; running: boolean }; text: string }> {
  const window = { from: e.startsAt, to: e.stoppedAt ?? now, days, experimentId: e.id };
  const names = e.variants.map((v) => v.name);
  const units = await metrics.perUser(window);
  let report: ExperimentReport;
  if (e.mode === 'interleave' && names.length === 2) {
    const impressions = new Map<string, number>();
    const users = new Map<string, number>();
    for (const u of units) {
      impressions.set(u.variant, (impressions.get(u.variant) ?? 0) + u.impressions);
      users.set(u.variant, (users.get(u.variant) ?? 0) + 1);
    }
    report = analyseInterleaving([names[0]!, names[1]!], await metrics.interleavedLists(window), impressions, users);
  } else report = analyseAb(names, units);
  const full = { name: e.name, running: e.stoppedAt === null && e.startsAt <= now, ...report };
  const lines = [`${e.name} (${e.mode}, ${full.running ? 'running' : 'not running'}), feedback within ${days} days:`];
  for (const v of report.variants) {
    lines.push(
      `  ${v.name.padEnd(14)} users ${String(v.users).padStart(6)}  impressions ${String(v.impressions).padStart(7)}  positive ${(100 * v.positive_rate).toFixed(2)}% (95% CI ${(100 * v.ci[0]).toFixed(2)}-${(100 * v.ci[1]).toFixed(2)})`,
    );
  }
  lines.push(
    report.p_value === null
      ? '  not enough data for a test yet'
      : `  p = ${report.p_value.toPrecision(3)}; winner: ${report.winner ?? 'none yet'}`,
  );
  if (report.users_needed_per_variant !== null)
    lines.push(`  users per variant for a decision at these rates (alpha 0.05, power 0.8): ${report.users_needed_per_variant}`);
  if (report.credit)
    lines.push(
      `  lists won: ${Object.entries(report.credit.wins)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}, ties ${report.credit.ties}`,
    );
  return { report: full, text: lines.join('\n') };
}
