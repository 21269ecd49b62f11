/**
 * eval-groups on the real ml-latest-small (skipped without MOVIELENS_DIR): a small run with a
 * fast rating model, checking the report's shape and that the protocol's figures are sane.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSplitArg, runEvalGroups } from '../../src/party/eval-run.js';
import { formatReport, reportJson } from '../../src/party/cli.js';

const dir = process.env.MOVIELENS_DIR;
const splits = process.env.REELMATE_SPLITS_DIR ?? path.resolve(process.cwd(), '../shared/datasets/splits');

describe('split argument', () => {
  it('takes an optional fold after the last colon', () => {
    expect(parseSplitArg('a/b.csv:3')).toEqual({ file: 'a/b.csv', fold: 3 });
    expect(parseSplitArg('a/b.csv')).toEqual({ file: 'a/b.csv', fold: undefined });
    expect(parseSplitArg('C:\\x\\b.csv')).toEqual({ file: 'C:\\x\\b.csv', fold: undefined });
  });
});

describe.skipIf(!dir)('eval-groups on ml-latest-small', () => {
  it('scores every strategy and the reference rows on the same groups', async () => {
    const report = await runEvalGroups({
      dataDir: dir!,
      split: `${path.join(splits, 'ml-latest-small.random5.csv')}:0`,
      model: 'baseline',
      sizes: [2, 4],
      kinds: ['random', 'similar'],
      groups: 25,
      seed: 1,
      minRaters: 2,
      threshold: undefined,
      grid: [2.5, 3.5],
      relativeGrid: [0, 0.2],
      relevanceGrid: [0, 1],
      vetoGrid: { maxRisk: [0.3, 1], riskWeight: [0, 1], starWeight: [0.5] },
      // A fast ranker: the test checks the protocol, not the live bot's figures.
      ranker: 'popularity',
      ceiling: true,
      validation: 0.2,
    });
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    const r = report.value;
    expect(r.cells.map((c) => `${c.size}/${c.kind}`)).toEqual(['2/random', '2/similar', '4/random', '4/similar']);
    expect([2.5, 3.5]).toContain(r.threshold);
    expect([0, 0.2]).toContain(r.relative);
    expect([0, 1]).toContain(r.relevance);
    expect(r.tuning?.trials).toHaveLength(8);
    for (const cell of r.cells) {
      const rows = new Map(cell.rows.map((x) => [x.method, x.summary]));
      expect([...rows.keys()]).toEqual([
        'most-popular-unseen',
        'relevance_without_misery',
        'average',
        'least_misery',
        'average_without_misery',
        'borda',
        'approval',
        'average_without_misery (2nd party)',
        'fairness (2nd party)',
        'ceiling: best minimum',
        'ceiling: best mean',
        'ceiling: default knowing who watches',
      ]);
      // Every pick of every method is judged (the pool holds only held-out films), so no
      // method's minimum can beat the list chosen by the true minimums.
      const ceiling = rows.get('ceiling: best minimum')!.min;
      for (const s of rows.values()) expect(s.min).toBeLessThanOrEqual(ceiling + 1e-9);
      for (const s of rows.values()) {
        expect(s.groups).toBeGreaterThan(0);
        expect(s.min).toBeLessThanOrEqual(s.mean);
        expect(s.mean).toBeGreaterThan(0.5);
        expect(s.mean).toBeLessThanOrEqual(5);
        expect(s.noneBelow3).toBeGreaterThanOrEqual(0);
        expect(s.noneBelow3).toBeLessThanOrEqual(1);
        expect(s.ndcg).toBeGreaterThan(0);
        expect(s.ndcg).toBeLessThanOrEqual(1);
      }
    }
    const table = formatReport(r);
    expect(table).toContain('## groups of 4 (similar');
    expect(table).toContain('relevance_without_misery (default)');
    expect(table).toContain('## misery, pooled over every cell');
    expect(r.vetoTuning?.settings).toBe(4);
    expect([0.3, 1]).toContain(r.veto.maxRisk);

    // the JSON report: every strategy per cell and pooled with 95% intervals, and the summary
    const json = JSON.parse(JSON.stringify(reportJson(r))) as {
      misery_cells: {
        size: number;
        kind: string;
        methods: Record<string, Record<string, { value: number; ci95: [number, number] } | number>>;
      }[];
      pooled: Record<string, Record<string, { value: number; ci95: [number, number] } | number>>;
      summary: Record<string, { misery_top1: number; misery_at_5: number }>;
      cells: { rows: Record<string, unknown>[] }[];
    };
    expect(json.misery_cells).toHaveLength(4);
    const strategies = ['relevance_without_misery', 'average', 'least_misery', 'average_without_misery', 'borda', 'approval'];
    for (const scope of [...json.misery_cells.map((c) => c.methods), json.pooled]) {
      for (const s of strategies) {
        for (const k of ['misery_top1', 'misery_at_5', 'group_ndcg_at_5', 'min_member_ndcg_at_5']) {
          const e = scope[s]![k] as { value: number; ci95: [number, number] };
          expect(e.ci95[0]).toBeLessThanOrEqual(e.value);
          expect(e.ci95[1]).toBeGreaterThanOrEqual(e.value);
        }
      }
    }
    for (const s of ['default', ...strategies]) {
      expect(json.summary[s]!.misery_top1).toBeGreaterThanOrEqual(0);
      expect(json.summary[s]!.misery_at_5).toBeLessThanOrEqual(1);
    }
    expect(json.summary.default).toEqual(json.summary.relevance_without_misery);
    // the raw per-group scores stay out of the JSON
    expect(json.cells[0]!.rows[0]).not.toHaveProperty('scores');
  });

  it('reports a missing split file as a value, not a crash', async () => {
    const report = await runEvalGroups({
      dataDir: dir!,
      split: 'no-such-split.csv',
      model: 'baseline',
      sizes: [2],
      kinds: ['random'],
      groups: 1,
      seed: 1,
      minRaters: 2,
      threshold: 3,
      grid: [3],
      validation: 0.2,
    });
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.error.code).toBe('not_found');
  });
});
