/**
 * Cold-start evaluation: test users who have rated only `keep` movies. For a seeded sample of
 * the test users with a relevant test rating, all but `keep` of their training ratings are
 * removed before fitting, so every model knows them from `keep` ratings only; then the
 * protocol's top-k metrics over their test ratings (relevant >= 4), ranking every training
 * movie except the ones they kept.
 */
import { performance } from 'node:perf_hooks';
import { buildTrainingData, rng, selectRows, type TrainTest } from './data.js';
import type { AlgorithmSpec } from './evaluate/protocol.js';
import { catalogCoverage, rankingScores, topK } from './evaluate/metrics.js';
import type { ItemMeta } from './types.js';

export interface ColdStartOptions {
  /** How many test users to make cold (default 200). */
  users?: number | undefined;
  /** Ratings each cold user keeps (default 5). */
  keep?: number | undefined;
  seed?: number | undefined;
  relevantAt?: number | undefined;
  k?: number | undefined;
  meta?: ReadonlyMap<number, ItemMeta> | undefined;
}

export interface ColdStartRow {
  algorithm: string;
  users: number;
  precision_at_10: number;
  recall_at_10: number;
  ndcg_at_10: number;
  hit_rate_at_10: number;
  coverage_at_10: number;
  fit_s: number;
}

export async function evaluateColdStart(
  split: TrainTest,
  specs: readonly AlgorithmSpec[],
  opts: ColdStartOptions = {},
): Promise<ColdStartRow[]> {
  const keep = opts.keep ?? 5;
  const k = opts.k ?? 10;
  const relevantAt = opts.relevantAt ?? 4;
  const rand = rng(opts.seed ?? 11);
  const { train, test } = split;

  // candidates: test users with a relevant rating and more than `keep` training ratings
  const trainRows = new Map<number, number[]>();
  for (let r = 0; r < train.ratings.length; r++) {
    const u = train.userIds[r]!;
    let l = trainRows.get(u);
    if (!l) trainRows.set(u, (l = []));
    l.push(r);
  }
  const relevant = new Map<number, Set<number>>();
  for (let r = 0; r < test.ratings.length; r++) {
    if (test.ratings[r]! < relevantAt) continue;
    const u = test.userIds[r]!;
    let s = relevant.get(u);
    if (!s) relevant.set(u, (s = new Set()));
    s.add(test.movieIds[r]!);
  }
  const candidates = [...relevant.keys()].filter((u) => (trainRows.get(u)?.length ?? 0) > keep).sort((a, b) => a - b);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const cold = candidates.slice(0, opts.users ?? 200);
  const drop = new Uint8Array(train.ratings.length);
  for (const u of cold) {
    const rows = [...trainRows.get(u)!];
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    for (const r of rows.slice(keep)) drop[r] = 1;
  }
  const data = buildTrainingData(
    selectRows(train, (r) => drop[r] === 0),
    { meta: opts.meta },
  );
  const all = Int32Array.from({ length: data.nItems }, (_, i) => i);

  const rows: ColdStartRow[] = [];
  for (const spec of specs) {
    const model = spec.create();
    const t0 = performance.now();
    await model.fit(data, { seed: opts.seed ?? 11 });
    const fitS = (performance.now() - t0) / 1000;
    const lists: Int32Array[] = [];
    let p = 0,
      rc = 0,
      nd = 0,
      h = 0;
    for (const u of cold) {
      const ui = data.userIndex.get(u)!;
      const scores = model.rank ? model.rank(ui, all) : model.predict(ui, all);
      const rated = new Set<number>();
      for (let q = data.userPtr[ui]!; q < data.userPtr[ui + 1]!; q++) rated.add(data.userItems[q]!);
      const list = topK(scores, k, (j) => rated.has(j));
      lists.push(list);
      const rel = relevant.get(u)!;
      const relIdx = new Set<number>();
      for (const m of rel) {
        const i = data.itemIndex.get(m);
        if (i !== undefined) relIdx.add(i);
      }
      const m = rankingScores(list, relIdx, k, rel.size);
      p += m.precision;
      rc += m.recall;
      nd += m.ndcg;
      h += m.hit;
    }
    const n = cold.length || 1;
    rows.push({
      algorithm: spec.name,
      users: cold.length,
      precision_at_10: p / n,
      recall_at_10: rc / n,
      ndcg_at_10: nd / n,
      hit_rate_at_10: h / n,
      coverage_at_10: catalogCoverage(lists, data.nItems),
      fit_s: fitS,
    });
  }
  return rows;
}
