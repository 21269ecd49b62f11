/**
 * A user's scores from candidates (candidates.ts) instead of the whole catalogue: retrieval
 * from the model's co-occurrence rows and a fixed list of the cold blend's best films, the
 * hybrid's blend over those only, then spread into catalogue-sized arrays so the request
 * pipeline (constraints, top-k, diversity, explanations) runs unchanged. Films outside the
 * candidates score -Infinity: top-k never picks them.
 */
import { historyWeights } from '../algorithms/ease.js';
import { CANDIDATE_DEFAULTS, mergeCandidates, NeighbourScratch, neighbourCandidates, popularCandidates } from '../candidates.js';
import type { Component, Hybrid } from '../hybrid.js';
import type { UserScores } from '../pipeline.js';
import type { UserHistory } from '../types.js';

export interface CandidateSettings {
  /** Catalogues of at least this many films use candidates; smaller ones are scored whole. */
  minFilms: number;
  neighbours: number;
  popular: number;
}

/** Per-model state: the popular list and the scratch space, built on first use. */
export class CandidateRetriever {
  private readonly popular: Int32Array;
  private readonly scratch: NeighbourScratch;

  constructor(
    private readonly hybrid: Hybrid,
    private readonly settings: Pick<CandidateSettings, 'neighbours' | 'popular'> = CANDIDATE_DEFAULTS,
  ) {
    const cold = new Float32Array(hybrid.nItems);
    hybrid.coldScores(cold);
    this.popular = popularCandidates(cold, settings.popular);
    this.scratch = new NeighbourScratch(hybrid.nItems);
  }

  /** The films to score for this history (item indices; none of the history's own). */
  retrieve(history: UserHistory): Int32Array {
    const { hybrid } = this;
    // liked films pull harder, as in the rankers' own history weights
    const weights = historyWeights(history, 0.5, 0.1);
    const near = neighbourCandidates(history.items, weights, (i) => hybrid.collaborativeRow(i), this.settings.neighbours, this.scratch);
    const rated = new Set(history.items);
    return mergeCandidates([near, this.popular], (i) => rated.has(i));
  }

  /** The hybrid's blend over the candidates, index-aligned with them (a few KB: what a cache keeps). */
  rank(history: UserHistory): CandidateRanking {
    const items = this.retrieve(history);
    return { items, empty: history.items.length === 0, ...this.hybrid.rankCandidates(history, items) };
  }

  /** What scoreUser gives, from the candidates only: components and scores over the whole catalogue's indices. */
  scores(history: UserHistory): UserScores {
    return spreadRanking(this.hybrid, this.rank(history));
  }
}

export interface CandidateRanking {
  items: Int32Array;
  /** Ranked for an empty history (the popularity component is then the cold blend's). */
  empty: boolean;
  components: Component[];
  scores: Float32Array;
}

export function candidateRankingBytes(r: CandidateRanking): number {
  return r.items.byteLength + r.scores.byteLength + r.components.reduce((sum, c) => sum + c.scores.byteLength, 0);
}

/**
 * Catalogue-sized scores from a candidate ranking, for the request pipeline: candidates keep
 * their blended score (scaled so the best is 1, as scoreUser scales), every other film
 * -Infinity; components are 0 outside the candidates.
 */
export function spreadRanking(hybrid: Hybrid, r: CandidateRanking): UserScores {
  const n = hybrid.nItems;
  const { items } = r;
  const spread = (s: Float32Array, fill: number) => {
    const out = new Float32Array(n);
    if (fill !== 0) out.fill(fill);
    for (let t = 0; t < items.length; t++) out[items[t]!] = s[t]!;
    return out;
  };
  // the popularity component is the model's own array, as in the whole-catalogue path
  const components: Component[] = r.components.map((c) =>
    c.name === 'popularity' && !r.empty ? { ...c, scores: hybrid.stats.popularity } : { ...c, scores: spread(c.scores, 0) },
  );
  let max = 0;
  for (const v of r.scores) if (v > max) max = v;
  const inv = max > 0 ? 1 / max : 1;
  return {
    components,
    scores: spread(
      r.scores.map((v) => v * inv),
      Number.NEGATIVE_INFINITY,
    ),
  };
}
