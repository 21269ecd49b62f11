/**
 * GET /admin on the HTTP server: the dashboard. Open when the server listens on loopback only
 * (as /metrics is); otherwise it needs an admin API key (X-Api-Key or Authorization: Bearer).
 */
import { Hono, type Context } from 'hono';
import type { Database } from '../../src/db/client.js';
import { DashboardRepository } from '../../src/db/repositories/dashboard.js';
import { ExperimentsRepository } from '../../src/db/repositories/experiments.js';
import { OnlineMetricsRepository } from '../../src/db/repositories/online-metrics.js';
import { reportExperiment } from '../../src/experiments/report.js';
import type { RecentErrors } from '../../src/insights/recent-errors.js';
import type { RecorderStats } from '../../src/insights/recorder.js';
import type { Logger } from '../../src/util/logger.js';
import { renderDashboard, type DashboardData, type ExperimentView } from './page.js';

export interface AdminDeps {
  database: Database;
  modelInfo(): { version: number | null; algorithm: string };
  /** true: anyone who reaches the server (loopback only); false: an admin key is needed. */
  open: boolean;
  /** Does this presented key carry the admin scope? */
  isAdminKey(key: string): Promise<boolean>;
  recorder?: { stats(): RecorderStats } | undefined;
  errors?: RecentErrors | undefined;
  logger: Logger;
  now?: (() => Date) | undefined;
  /** Online metrics window (default 30 days). */
  windowDays?: number | undefined;
  /** Feedback counts this many days after an impression (default 7). */
  attributionDays?: number | undefined;
}

function presented(c: Context): string | undefined {
  const header = c.req.header('x-api-key');
  if (header) return header.trim();
  const auth = c.req.header('authorization');
  return auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
}

export async function dashboardData(deps: AdminDeps): Promise<DashboardData> {
  const now = deps.now?.() ?? new Date();
  const windowDays = deps.windowDays ?? 30;
  const days = deps.attributionDays ?? 7;
  const window = { from: new Date(now.getTime() - windowDays * 86_400_000), to: now, days };
  const metrics = new OnlineMetricsRepository(deps.database);
  const board = new DashboardRepository(deps.database);
  const [versions, counts, summary, daily, firstRating, all] = await Promise.all([
    board.modelVersions(),
    board.counts(),
    metrics.summary(window),
    metrics.daily(window),
    metrics.timeToFirstRating(window),
    new ExperimentsRepository(deps.database.db).list(),
  ]);
  const experiments: ExperimentView[] = [];
  for (const e of all) {
    const state = e.stoppedAt && e.stoppedAt <= now ? 'stopped' : e.startsAt > now ? 'scheduled' : 'running';
    const report = state === 'running' ? (await reportExperiment(metrics, e, days, now)).report : null;
    experiments.push({
      name: e.name,
      mode: e.mode,
      variants: e.variants,
      state,
      startsAt: e.startsAt,
      report: report && report.variants.some((v) => v.impressions > 0) ? report : null,
    });
  }
  const serving = deps.modelInfo();
  return {
    now,
    windowDays,
    serving,
    versions,
    counts,
    summary,
    daily,
    firstRating,
    experiments,
    errors: deps.errors?.list() ?? [],
    recorder: deps.recorder?.stats(),
  };
}

export function buildAdminApp(deps: AdminDeps): Hono {
  const app = new Hono();
  app.get('/admin', async (c) => {
    if (!deps.open) {
      const key = presented(c);
      if (!key || !(await deps.isAdminKey(key).catch(() => false))) {
        return c.text(
          'The dashboard needs an admin API key (X-Api-Key or Authorization: Bearer), or a server listening on loopback only.',
          401,
          { 'WWW-Authenticate': 'Bearer' },
        );
      }
    }
    try {
      return c.html(renderDashboard(await dashboardData(deps)));
    } catch (e) {
      deps.logger.error({ err: e }, 'admin dashboard failed');
      return c.text('The dashboard could not be built (is the database up?). The error has been logged.', 503);
    }
  });
  return app;
}
