/**
 * The composition of online evaluation: the impression recorder on the database and the
 * experiment-aware engine around the real one. main.ts calls this once.
 */
import type { RecommendationEngine } from '../core/ports.js';
import type { Database } from '../db/client.js';
import { ExperimentsRepository } from '../db/repositories/experiments.js';
import { InsightsRepository } from '../db/repositories/insights.js';
import { experimentEngine, type ExperimentEngine } from '../experiments/engine.js';
import type { Logger } from '../util/logger.js';
import { InsightsRecorder } from './recorder.js';

export interface Insights {
  recorder: InsightsRecorder;
  engine: ExperimentEngine;
  /** Stop timers and write what is buffered (clean shutdown). */
  close(): Promise<void>;
}

export function createInsights(
  database: Database,
  engine: RecommendationEngine,
  opts: { retentionDays: number; attributionDays: number; logger: Logger },
): Insights {
  const recorder = new InsightsRecorder(new InsightsRepository(database), {
    retentionDays: opts.retentionDays,
    linkWindowDays: opts.attributionDays,
    logger: opts.logger,
  });
  const served = experimentEngine(engine, { source: new ExperimentsRepository(database.db), logger: opts.logger });
  return {
    recorder,
    engine: served,
    close: async () => {
      served.stop();
      await recorder.close();
    },
  };
}
