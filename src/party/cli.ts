import type { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_GRID, DEFAULT_RANKER, RELATIVE_GRID, RELEVANCE_GRID, runEvalGroups, type EvalGroupsReport } from './eval-run.js';
import type { Estimate } from './misery-report.js';
import { DEFAULT_STRATEGY } from './strategies.js';

const numberList = (min: number, max: number) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => Number(x.trim())))
    .pipe(z.array(z.number().min(min).max(max)).min(1));

const optionsSchema = z.object({
  data: z.string().min(1, '--data DIR is required (a MovieLens directory)'),
  split: z.string().min(1, '--split FILE[:FOLD] is required'),
  json: z.boolean().default(false),
  model: z.string().default('rating-blend'),
  sizes: numberList(2, 64).pipe(z.array(z.number().int())).default([2, 4, 8]),
  kinds: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(z.enum(['random', 'similar'])).min(1))
    .default(['random', 'similar']),
  groups: z.coerce.number().int().min(1).max(10_000).default(1000),
  seed: z.coerce.number().int().default(1),
  minRaters: z.coerce.number().int().min(1).max(64).default(2),
  threshold: z.coerce.number().min(0.5).max(5).optional(),
  grid: numberList(0.5, 5).default(DEFAULT_GRID),
  relative: z.coerce.number().min(0).lt(1).optional(),
  relevance: z.coerce.number().min(0).max(5).optional(),
  relativeGrid: numberList(0, 0.99).default(RELATIVE_GRID),
  relevanceGrid: numberList(0, 5).default(RELEVANCE_GRID),
  ranker: z.string().min(1).default(DEFAULT_RANKER),
  ceiling: z.boolean().default(false),
  validation: z.coerce.number().gt(0).lt(1).default(0.2),
  maxRisk: z.coerce.number().gt(0).max(1).optional(),
  riskWeight: z.coerce.number().min(0).max(20).optional(),
  starWeight: z.coerce.number().min(0).max(20).optional(),
});

export function register(program: Command): void {
  program
    .command('eval-groups')
    .description('evaluate group recommendation strategies on simulated groups (Baltrunas et al. 2010 protocol)')
    .requiredOption('--data <dir>', 'MovieLens directory (ratings.csv, movies.csv)')
    .requiredOption('--split <file[:fold]>', 'split file; for random folds, the test fold after a colon (default 0)')
    .option('--json', 'print the report as JSON')
    .option('--model <name>', 'rating model from the algorithm registry (rating-blend: the stars the live pick uses)', 'rating-blend')
    .option('--sizes <list>', 'group sizes', '2,4,8')
    .option('--kinds <list>', 'group kinds: random, similar', 'random,similar')
    .option('--groups <n>', 'groups per size and kind (fewer when fewer groups share enough films)', '1000')
    .option('--seed <n>', 'seed for group draws and training', '1')
    .option('--min-raters <n>', 'candidates must be held out by at least this many members', '2')
    .option('--threshold <stars>', 'fixed misery threshold for the default strategy (default: tuned on validation)')
    .option('--grid <list>', 'thresholds tried when tuning', DEFAULT_GRID.join(','))
    .option(
      '--relative <share>',
      "fixed relative misery: drop a film in any member's bottom share of the candidates (0 = off; default: tuned)",
    )
    .option('--relative-grid <list>', 'relative misery shares tried when tuning', RELATIVE_GRID.join(','))
    .option('--relevance <stars>', "fixed weight of the members' ranker relevance (0 = off; default: tuned)")
    .option('--relevance-grid <list>', 'relevance weights tried when tuning', RELEVANCE_GRID.join(','))
    .option('--ranker <name>', "model whose ranking gives each member's relevance ('none' = stars only)", DEFAULT_RANKER)
    .option('--ceiling', 'add ceiling rows: the top five chosen with the held-out ratings themselves, and the default knowing who watches')
    .option('--validation <share>', 'share of training carved out for tuning', '0.2')
    .option(
      '--max-risk <p>',
      'default strategy: veto a film any member dislikes with a probability above this (with --risk-weight and --star-weight: fixed, else tuned)',
    )
    .option('--risk-weight <w>', 'default strategy: score taken off per unit of P(someone rates it 2.5 or less)')
    .option('--star-weight <w>', "default strategy: weight of the members' mean stars against their mean relevance")
    .action(async (raw: Record<string, unknown>) => {
      const parsed = optionsSchema.safeParse(raw);
      if (!parsed.success) {
        console.error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
        process.exitCode = 2;
        return;
      }
      const o = parsed.data;
      const report = await runEvalGroups({
        dataDir: o.data,
        split: o.split,
        model: o.model,
        sizes: o.sizes,
        kinds: o.kinds,
        groups: o.groups,
        seed: o.seed,
        minRaters: o.minRaters,
        threshold: o.threshold,
        relative: o.relative,
        relevance: o.relevance,
        grid: o.grid,
        relativeGrid: o.relativeGrid,
        relevanceGrid: o.relevanceGrid,
        ranker: o.ranker,
        ceiling: o.ceiling,
        validation: o.validation,
        veto:
          o.maxRisk !== undefined && o.riskWeight !== undefined && o.starWeight !== undefined
            ? { maxRisk: o.maxRisk, riskWeight: o.riskWeight, starWeight: o.starWeight }
            : undefined,
        onStage: o.json ? undefined : (s) => console.error(`… ${s}`),
      });
      if (!report.ok) {
        console.error(report.error.message);
        process.exitCode = 1;
        return;
      }
      console.log(o.json ? JSON.stringify(reportJson(report.value), null, 2) : formatReport(report.value));
    });
}

/**
 * The JSON report: everything but the raw per-group scores; the misery figures per cell and
 * pooled for every strategy, and `summary` keyed by strategy name (the default also as
 * `default`) with the pooled misery_top1 and misery_at_5.
 */
export function reportJson(r: EvalGroupsReport) {
  const { misery, cells, ...rest } = r;
  return {
    ...rest,
    cells: cells.map((c) => ({ ...c, rows: c.rows.map(({ method, summary }) => ({ method, summary })) })),
    misery_cells: misery.cells,
    pooled: misery.pooled,
    summary: misery.summary,
  };
}

const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '-');
const f3 = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : '-');

/** Markdown tables, one per group size and kind. */
export function formatReport(r: EvalGroupsReport): string {
  const out: string[] = [
    `# eval-groups: ${r.data}, split ${r.split}, model ${r.model}, top-5`,
    `candidates: films held out by at least ${r.minRaters} members and rated in training by none`,
    `min member★: per pick, the lowest rating among the members who rated it (at least ${r.minRaters}), averaged over picks`,
    `default = average without misery: drop a film any member is predicted below ${r.threshold}★` +
      (r.relative > 0 ? ` or that is in any member's bottom ${Math.round(r.relative * 100)}% of the candidates` : '') +
      (r.relevance > 0 ? `; rank by mean stars + ${r.relevance} × mean member relevance (${r.ranker})` : '; rank by mean stars') +
      ` (${r.tuning ? 'tuned on validation' : 'given'})`,
  ];
  if (r.tuning) {
    const t = r.tuning;
    const best = [...t.trials].sort((a, b) => b.min - a.min).slice(0, 3);
    out.push(
      `validation (${t.trials.length} settings; mean over cells): average mean ${f3(t.average.mean)} min ${f3(t.average.min)} NDCG ${f3(t.average.ndcg)}; ` +
        `highest minimums: ` +
        best
          .map(
            (x) => `${x.miseryThreshold}★/${x.relativeMisery}/${x.relevanceWeight}: mean ${f3(x.mean)} min ${f3(x.min)} NDCG ${f3(x.ndcg)}`,
          )
          .join('; '),
    );
  }
  for (const cell of r.cells) {
    const groups = cell.rows[0]?.summary.groups ?? 0;
    out.push('', `## groups of ${cell.size} (${cell.kind}, ${groups} groups)`);
    out.push('| method | mean★ | min member★ | no one < 3 | group NDCG@5 |');
    out.push('|---|---|---|---|---|');
    for (const { method, summary: s } of cell.rows) {
      const label = method === DEFAULT_STRATEGY ? `${method} (default)` : method;
      out.push(`| ${label} | ${f3(s.mean)} | ${f3(s.min)} | ${f2(s.noneBelow3 * 100)}% | ${f3(s.ndcg)} |`);
    }
  }
  const pct = (e: Estimate) => `${f2(100 * e.value)}% (${f2(100 * e.ci95[0])}-${f2(100 * e.ci95[1])})`;
  const ci = (e: Estimate) => `${f3(e.value)} (${f3(e.ci95[0])}-${f3(e.ci95[1])})`;
  out.push(
    '',
    `## misery, pooled over every cell (95% bootstrap intervals; default veto: risk above ${r.veto.maxRisk}, risk weight ${r.veto.riskWeight}, star weight ${r.veto.starWeight}, ${r.vetoTuning ? 'tuned on validation' : 'given'}; ${r.calibratedRisk ? 'calibrated risk' : 'no calibrated risk: stars stand in'})`,
    '| method | groups | misery top-1 | misery@5 | group NDCG@5 | min member NDCG@5 |',
    '|---|---|---|---|---|---|',
  );
  for (const [m, f] of Object.entries(r.misery.pooled)) {
    out.push(
      `| ${m} | ${f.groups} | ${pct(f.misery_top1)} | ${pct(f.misery_at_5)} | ${ci(f.group_ndcg_at_5)} | ${ci(f.min_member_ndcg_at_5)} |`,
    );
  }
  out.push('', `time: tune ${r.seconds.tune.toFixed(1)} s, fit ${r.seconds.fit.toFixed(1)} s, evaluate ${r.seconds.evaluate.toFixed(1)} s`);
  return out.join('\n');
}
