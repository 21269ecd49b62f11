/** Messages between the service (main thread) and its scoring worker threads. */
import type { Explanation, Recommendation, RecommendResult } from '../../core/ports.js';
import type { ItemMeta } from '../types.js';
import type { CandidateSettings } from './candidate-scores.js';
import type { RecommendArgs, UserInput } from './scorer.js';

/** One request, as the worker runs it on its Scorer. */
export type Call =
  | { op: 'recommend'; args: RecommendArgs }
  | { op: 'predict'; user: UserInput; movieIds: Int32Array }
  | { op: 'misery'; user: UserInput; movieIds: Int32Array }
  | { op: 'similar'; movieId: number; limit: number; user: UserInput | null }
  | { op: 'explain'; user: UserInput; movieId: number }
  | { op: 'describe' };

export interface Answers {
  recommend: RecommendResult;
  predict: Float32Array;
  misery: Float32Array;
  similar: Recommendation[];
  explain: Explanation;
  describe: { films: number; candidates: boolean };
}

export type Answer<C extends Call> = Answers[C['op']];

/** What a worker is started with: the model's bytes (shared, never copied) and, for older models, the catalogue. */
export interface WorkerInit {
  bytes: SharedArrayBuffer;
  catalogue?: [number, ItemMeta][] | undefined;
  maxScoreBytes: number;
  candidates?: CandidateSettings | undefined;
}

export type ToWorker = { type: 'call'; id: number; call: Call };

export type FromWorker =
  | { type: 'ready'; decodeMs: number }
  | { type: 'failed'; message: string; catalogueMissing: boolean }
  | { type: 'result'; id: number; ok: true; value: Answers[keyof Answers] }
  | { type: 'result'; id: number; ok: false; message: string };
