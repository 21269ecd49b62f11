/**
 * The versioned HTTP API (/v1), health and metrics, as a hono app that the playground
 * server mounts. Every route is described once in a RouteDef table (routes/*), which
 * drives request validation, handlers and the OpenAPI document alike.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { FeedbackService } from '../../src/core/feedback.js';
import { isConnectionError } from '../../src/db/faults.js';
import { RateLimiter } from '../../src/util/rate-limit.js';
import type { ApiDeps, RouteDeps } from './deps.js';
import { withInsightScope } from '../../src/insights/scope.js';
import { renderDocs } from './docs.js';
import { keyVerifier, type KeyVerifier } from './key-cache.js';
import { buildOpenApi } from './openapi.js';
import { requireReach } from './ownership.js';
import { authenticate, presentedKey, readJson, validate } from './pipeline.js';
import { makeProblem, PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, ProblemError, type Problem, type ProblemCode } from './problems.js';
import type { RouteDef } from './route.js';
import { listRoutesAll } from './routes/lists.js';
import { movieRoutes } from './routes/movies.js';
import { ratingRoutes } from './routes/ratings.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { userRoutes } from './routes/users.js';

export type { ApiDeps } from './deps.js';
export { DEFAULT_LIMITS } from './deps.js';
export { createApiMetrics } from './metrics.js';
export { RateLimiter, sharedRateLimit, type RateLimit } from '../../src/util/rate-limit.js';

export const API_VERSION = '1.0.0';
export const ROUTES: readonly RouteDef[] = [...movieRoutes, ...userRoutes, ...ratingRoutes, ...listRoutesAll, ...recommendationRoutes];

function problemResponse(c: Context, p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...headers },
  });
}

const toHonoPath = (p: string) => p.replace(/\{(\w+)\}/g, ':$1');

export function buildApi(deps: ApiDeps): Hono {
  const app = new Hono();
  const limiter = deps.rateLimit ?? RateLimiter.perMinute(deps.limits.requestsPerMinute);
  // Writes go through the core's feedback service, which counts them in this app's metrics.
  const feedback = new FeedbackService({
    repos: deps.repos,
    engine: deps.engine,
    metrics: { ratingWritten: (kind) => deps.metrics.ratingsWritten.inc({ kind }) },
  });
  const routeDeps: RouteDeps = { ...deps, feedback };
  const keys = keyVerifier(deps.database, deps.apiKeys);
  const openapi = buildOpenApi(ROUTES, { version: API_VERSION });
  const docs = renderDocs(openapi);

  // Size first: an oversized body is refused before anything reads it.
  const limitBody = bodyLimit({
    maxSize: deps.limits.bodyBytes,
    onError: (c) => problemResponse(c, makeProblem('payload_too_large', `Bodies are limited to ${deps.limits.bodyBytes} bytes.`)),
  });
  // GET and HEAD have no body; checking one would build a whole fetch Request per call.
  app.use('/v1/*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next)));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const database = await databaseAnswers(deps);
    const model = deps.modelReady();
    return c.json({ status: database && model ? 'ready' : 'not ready', database, model }, database && model ? 200 : 503);
  });
  app.get('/metrics', async (c) => {
    if (!(await metricsAllowed(c, deps, keys))) {
      return problemResponse(
        c,
        makeProblem('unauthorized', 'Metrics need the metrics token (Authorization: Bearer ...) or an admin API key.'),
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    deps.metrics.modelVersion.set(deps.engine.modelInfo().version ?? 0);
    return c.body(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType });
  });
  app.get('/v1/openapi.json', (c) => c.json(openapi));
  app.get('/v1/docs', (c) => c.html(docs));
  app.get('/v1/problems/:code', (c) => {
    const code = c.req.param('code') as ProblemCode;
    const t = PROBLEM_TYPES[code];
    if (!t) return problemResponse(c, makeProblem('not_found', 'No such problem type.'));
    return c.json({ type: `/v1/problems/${code}`, status: t.status, title: t.title });
  });

  for (const r of ROUTES) {
    app.on(r.method.toUpperCase(), toHonoPath(r.path), async (c) => {
      const started = performance.now();
      let status = 500;
      try {
        const key = await authenticate(c, r, keys, limiter);
        const params = validate(r.params, c.req.param(), 'path');
        // Everything under /v1/users/{id} belongs to that user: the key must reach them.
        if (r.path.startsWith('/v1/users/{id}')) await requireReach(deps, key, (params as { id: number }).id);
        const query = validate(r.query, r.query ? c.req.query() : {}, 'query');
        const body = r.body ? validate(r.body, await readJson(c), 'body') : undefined;
        const idem = c.req.header('idempotency-key');
        const idempotencyKey = idem && idem.length <= 100 ? idem : undefined;
        const out = await withInsightScope('api', deps.insights, () =>
          r.handler({ params, query, body, key, deps: routeDeps, idempotencyKey }),
        );
        status = out.status;
        return c.json(out.body ?? {}, out.status as 200, out.headers);
      } catch (e) {
        const p = await toProblem(e, deps, c.req.path);
        status = p.problem.status;
        return problemResponse(c, p.problem, p.headers);
      } finally {
        const labels = { method: r.method.toUpperCase(), route: r.path };
        deps.metrics.requests.inc({ ...labels, status: String(status) });
        deps.metrics.latency.observe(labels, (performance.now() - started) / 1000);
      }
    });
  }

  // Known path, other method: 405; anything else under /v1: 404, both as problems.
  app.all('/v1/*', (c) => {
    const path = c.req.path;
    const known = ROUTES.some((r) => new RegExp(`^${r.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
    deps.metrics.requests.inc({ method: c.req.method, route: 'unmatched', status: known ? '405' : '404' });
    return problemResponse(
      c,
      known ? makeProblem('method_not_allowed', `${c.req.method} is not supported here.`) : makeProblem('not_found', `No route ${path}.`),
    );
  });
  return app;
}

async function metricsAllowed(c: Context, deps: ApiDeps, keys: KeyVerifier): Promise<boolean> {
  const access = deps.metricsAccess ?? { open: true };
  if (access.open) return true;
  const presented = presentedKey(c);
  if (!presented) return false;
  if (access.token && presented.length === access.token.length && timingSafeEqual(Buffer.from(presented), Buffer.from(access.token)))
    return true;
  if (!/^rm_[0-9a-f]{8}_[A-Za-z0-9_-]{20,60}$/.test(presented)) return false;
  const key = await keys.verify(presented).catch(() => undefined);
  return key?.scopes.includes('admin') === true;
}

async function toProblem(e: unknown, deps: ApiDeps, instance: string): Promise<{ problem: Problem; headers: Record<string, string> }> {
  if (e instanceof ProblemError) return { problem: e.toProblem(instance), headers: e.headers };
  // A connection cut by a restart is the database's fault even when it answers again by now.
  if (isConnectionError(e) || !(await databaseAnswers(deps))) {
    deps.logger.warn({ err: e }, 'database unavailable');
    return {
      problem: makeProblem('unavailable', 'The database is unavailable; nothing was changed. Try again shortly.', { instance }),
      headers: { 'Retry-After': '5' },
    };
  }
  deps.logger.error({ err: e }, 'api handler failed');
  return { problem: makeProblem('internal', 'Nothing was changed. The error has been logged.', { instance }), headers: {} };
}

/** An unexpected error while the database does not answer is the database's fault: 503, not 500. */
async function databaseAnswers(deps: ApiDeps): Promise<boolean> {
  try {
    await Promise.race([
      deps.database.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('database probe timed out')), 2000).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}
