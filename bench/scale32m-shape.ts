/** What the scale benchmark's processes tell each other (bench/scale32m*.ts). */
import { ML32M_SHAPE } from '../src/recommender/loaders/movielens-shaped.js';

export interface ScaleShape {
  users: number;
  films: number;
  ratings: number;
}

/** ml-32m's shape at `ratings` ratings: its catalogue, users in proportion (160 ratings each on average). */
export function shapeFor(ratings: number): ScaleShape {
  const users = Math.round((ratings / ML32M_SHAPE.ratings) * ML32M_SHAPE.users);
  return { users, films: ML32M_SHAPE.films, ratings };
}

export interface TrainReport {
  ratings: number;
  users: number;
  films: number;
  generateSeconds: number;
  buildSeconds: number;
  fitSeconds: number;
  /** CPU seconds of the fit, every thread (on a shared machine the wall time is mostly waiting). */
  fitCpuSeconds: number;
  /** One-minute load average when the fit ended. */
  fitLoad: number;
  tuneSeconds: number;
  peakAfterFitMiB: number;
  encodeSeconds: number;
  modelBytes: number;
  publishSeconds: number;
  publishLoad: number;
  peakMiB: number;
}

export interface LoadReport {
  type: 'loaded';
  readSeconds: number;
  buildSeconds: number;
  load: number;
  rssMiB: number;
}

export interface LatencyReport {
  type: 'latency';
  p50: number;
  p99: number;
  requests: number;
  load: number;
}

export interface ThroughputReport {
  type: 'throughput';
  requests: number;
  seconds: number;
  /** CPU milliseconds the whole process used (every thread) during the run. */
  cpuMs: number;
  /** Milliseconds the main thread (the load generator and the replies) was busy during the run. */
  mainBusyMs: number;
  load: number;
  peakMiB: number;
}

export type ServeReport = LoadReport | LatencyReport | ThroughputReport;
export type ServeCommand = { type: 'latency'; requests: number } | { type: 'throughput'; seconds: number } | { type: 'stop' };
