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
  private readonly neighbourScratch: NeighbourScratch;
  private scratch: SpreadScratch | undefined;

  constructor(
    private readonly hybrid: Hybrid,
    private readonly settings: Pick<CandidateSettings, 'neighbours' | 'popular'> = CANDIDATE_DEFAULTS,
  ) {
    const cold = new Float32Array(hybrid.nItems);
    hybrid.coldScores(cold);
    this.popular = popularCandidates(cold, settings.popular);
    this.neighbourScratch = new NeighbourScratch(hybrid.nItems);
  }

  /** The films to score for this history (item indices; none of the history's own). */
  retrieve(history: UserHistory): Int32Array {
    const { hybrid } = this;
    // liked films pull harder, as in the rankers' own history weights
    const weights = historyWeights(history, 0.5, 0.1);
    const near = neighbourCandidates(
      history.items,
      weights,
      (i) => hybrid.collaborativeRow(i),
      this.settings.neighbours,
      this.neighbourScratch,
    );
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

  /** A request's spread (see SpreadScratch): valid until this retriever's next request. */
  spread(ranking: CandidateRanking): UserScores {
    this.scratch ??= new SpreadScratch(this.hybrid);
    return this.scratch.spread(ranking);
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
 * -Infinity; components are 0 outside the candidates. `candidates` lists the only films with
 * a score, so the pipeline picks among them without a pass over the catalogue. Allocates
 * fresh arrays (what a caller may keep); serving spreads into a SpreadScratch instead.
 */
export function spreadRanking(hybrid: Hybrid, r: CandidateRanking): UserScores {
  const n = hybrid.nItems;
  const fresh = (fill: number) => {
    const out = new Float32Array(n);
    if (fill !== 0) out.fill(fill);
    return out;
  };
  return spreadInto(hybrid, r, fresh(Number.NEGATIVE_INFINITY), () => fresh(0));
}

function spreadInto(hybrid: Hybrid, r: CandidateRanking, scores: Float32Array, componentArray: (k: number) => Float32Array): UserScores {
  const { items } = r;
  // the popularity component is the model's own array, as in the whole-catalogue path
  const components: Component[] = r.components.map((c, k) => {
    if (c.name === 'popularity' && !r.empty) return { ...c, scores: hybrid.stats.popularity };
    const out = componentArray(k);
    for (let t = 0; t < items.length; t++) out[items[t]!] = c.scores[t]!;
    return { ...c, scores: out };
  });
  let max = 0;
  for (const v of r.scores) if (v > max) max = v;
  const inv = max > 0 ? 1 / max : 1;
  for (let t = 0; t < items.length; t++) scores[items[t]!] = r.scores[t]! * inv;
  // in catalogue order, so top-k breaks ties exactly as its pass over the catalogue would
  return { components, scores, candidates: items.slice().sort() };
}

/**
 * The catalogue-sized arrays one scorer spreads its requests' candidate rankings into, kept
 * from request to request: a spread writes only the candidates' places and the next one puts
 * those back (-Infinity, 0) before writing its own, so a request costs its candidates, not the
 * catalogue (at 87,585 films a fresh spread wrote about 2 MB; this writes a few KB). What
 * spread() returns is valid until the next call: a scorer answers one request at a time and
 * keeps none of it.
 */
export class SpreadScratch {
  private readonly scores: Float32Array;
  private readonly components: Float32Array[] = [];
  private written: Int32Array = new Int32Array(0);

  constructor(private readonly hybrid: Hybrid) {
    this.scores = new Float32Array(hybrid.nItems).fill(Number.NEGATIVE_INFINITY);
  }

  spread(r: CandidateRanking): UserScores {
    for (const i of this.written) {
      this.scores[i] = Number.NEGATIVE_INFINITY;
      for (const c of this.components) c[i] = 0;
    }
    this.written = r.items;
    return spreadInto(this.hybrid, r, this.scores, (k) => {
      while (this.components.length <= k) this.components.push(new Float32Array(this.hybrid.nItems));
      return this.components[k]!;
    });
  }
}
