import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics, one registry per app so tests and several apps never collide. */
export interface ApiMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
  recommendationLatency: Histogram<'kind'>;
  ratingsWritten: Counter<'kind'>;
  modelVersion: Gauge;
}

export function createApiMetrics(opts: { defaultMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'reelmate_' });
  return {
    registry,
    requests: new Counter({
      name: 'reelmate_http_requests_total',
      help: 'HTTP API requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'reelmate_http_request_duration_seconds',
      help: 'HTTP API request latency by route template',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    recommendationLatency: new Histogram({
      name: 'reelmate_recommendation_duration_seconds',
      help: 'Time to compute recommendations (user or group)',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
      registers: [registry],
    }),
    ratingsWritten: new Counter({
      name: 'reelmate_ratings_written_total',
      help: 'Ratings written through the API (rate, change, remove)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    modelVersion: new Gauge({
      name: 'reelmate_model_version',
      help: 'Version id of the recommendation model in use (0 = none)',
      registers: [registry],
    }),
  };
}
