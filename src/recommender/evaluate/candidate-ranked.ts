/**
 * The hybrid ranking from candidates (serving/candidate-scores.ts), as an algorithm the
 * evaluation can measure beside the hybrid that scores the whole catalogue: it wraps the
 * hybrid fitted just before it on the same training part (no second fit, so the two rows
 * differ only in the candidates) and ranks by the candidate path. Stars are the hybrid's.
 */
import type { Hybrid } from '../hybrid.js';
import { CandidateRetriever } from '../serving/candidate-scores.js';
import type { HyperParams, Recommender, TrainingData, UserHistory } from '../types.js';

export class CandidateRanked implements Recommender {
  readonly name = 'hybrid+candidates';
  readonly kind = 'rating' as const;
  private hybrid: Hybrid | null = null;
  private retriever: CandidateRetriever | null = null;
  private data: TrainingData | null = null;

  /** `fitted` gives the hybrid fitted on the same training data (the evaluation fits it first). */
  constructor(
    private readonly fitted: () => Hybrid | null,
    private readonly sizes?: { neighbours: number; popular: number },
  ) {}

  get params(): HyperParams {
    return this.hybrid?.params ?? {};
  }

  fit(data: TrainingData): void {
    const hybrid = this.fitted();
    if (!hybrid || hybrid.nItems !== data.nItems) throw new Error('hybrid+candidates: evaluate the hybrid first, on the same data');
    this.hybrid = hybrid;
    this.data = data;
    this.retriever = new CandidateRetriever(hybrid, this.sizes);
  }

  private ready(): { hybrid: Hybrid; retriever: CandidateRetriever; data: TrainingData } {
    if (!this.hybrid || !this.retriever || !this.data) throw new Error('hybrid+candidates: not fitted');
    return { hybrid: this.hybrid, retriever: this.retriever, data: this.data };
  }

  predict(user: number, items: Int32Array): Float32Array {
    return this.ready().hybrid.predict(user, items);
  }

  scoreHistory(history: UserHistory, out: Float32Array): void {
    this.ready().hybrid.scoreHistory(history, out);
  }

  rank(user: number, items: Int32Array): Float32Array {
    const { data } = this.ready();
    const a = data.userPtr[user]!;
    const b = data.userPtr[user + 1]!;
    const scores = this.ready().retriever.scores({
      items: data.userItems.subarray(a, b),
      ratings: data.userRatings.subarray(a, b),
      userIndex: user,
    }).scores;
    return Float32Array.from(items, (i) => scores[i] ?? Number.NaN);
  }

  rankHistory(history: UserHistory, out: Float32Array): void {
    out.set(this.ready().retriever.scores(history).scores);
  }

  save(): Uint8Array {
    return this.ready().hybrid.save();
  }

  load(): void {
    throw new Error('hybrid+candidates is an evaluation view of a fitted hybrid; load the hybrid instead');
  }
}
