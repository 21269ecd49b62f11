import type { z } from 'zod';
import type { ApiKeyInfo, ApiScope } from '../../src/db/repositories/api-keys.js';
import type { RouteDeps } from './deps.js';

export type Method = 'get' | 'put' | 'post' | 'delete';

export interface ResponseDef {
  description: string;
  schema?: z.ZodType;
}

/**
 * One route, described once: the same zod schemas validate requests, type the handler,
 * and generate the OpenAPI document.
 */
export interface RouteDef<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** OpenAPI-style path: /v1/movies/{id}. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** Scope required; null = no key needed. */
  scope: ApiScope | null;
  params?: P;
  query?: Q;
  body?: B;
  responses: Record<number, ResponseDef>;
  handler: (input: {
    params: z.output<P>;
    query: z.output<Q>;
    body: z.output<B>;
    key: ApiKeyInfo | null;
    /** The dependencies, with the feedback service every write goes through. */
    deps: RouteDeps;
    /** The Idempotency-Key header, when sent: a retried write changes nothing. */
    idempotencyKey: string | undefined;
  }) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> }>;
}

/** Keeps the generic parameters when building route lists. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(def: RouteDef<P, Q, B>): RouteDef {
  return def as unknown as RouteDef;
}
