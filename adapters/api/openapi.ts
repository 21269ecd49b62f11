import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES } from './problems.js';
import type { RouteDef } from './route.js';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(s, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

function parameters(s: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!s) return [];
  const json = schemaOf(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
}

/** OpenAPI 3.1 from the same route table (and zod schemas) that serves requests. */
export function buildOpenApi(routes: readonly RouteDef[], info: { version: string }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const responses: Record<string, Json> = {};
    for (const [status, res] of Object.entries(r.responses)) {
      const isProblem = Number(status) >= 400;
      responses[status] = {
        description: res.description,
        ...(res.schema
          ? { content: { [isProblem ? PROBLEM_CONTENT_TYPE : 'application/json']: { schema: schemaOf(res.schema, 'output') } } }
          : {}),
      };
    }
    const problem = (code: keyof typeof PROBLEM_TYPES) => {
      responses[String(PROBLEM_TYPES[code].status)] ??= {
        description: PROBLEM_TYPES[code].title,
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    };
    if (r.scope) (['unauthorized', 'forbidden', 'rate_limited'] as const).forEach(problem);
    if (r.params || r.query || r.body) problem('validation');
    if (r.body) (['payload_too_large', 'unsupported_media_type'] as const).forEach(problem);
    (['internal', 'unavailable'] as const).forEach(problem);
    (paths[r.path] ??= {})[r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: r.tags,
      ...(r.scope ? { security: [{ apiKey: [] }, { bearer: [] }], 'x-scope': r.scope } : { security: [] }),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reelmate API',
      version: info.version,
      description:
        'Movie recommendations over HTTP: the same recommender, validation and rating log as the chat bot. ' +
        'Authenticate with an API key (`X-Api-Key: rm_...` or `Authorization: Bearer rm_...`); keys carry scopes read, write and admin. ' +
        'A key that is not admin reaches the users of its own platform namespace (e.g. `api:my-site`) or the users it names; ' +
        'the catalogue is open to every key with read. ' +
        'Errors are application/problem+json (RFC 9457) with a stable `type` per kind of error.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
