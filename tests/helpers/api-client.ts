/**
 * A tiny HTTP client for API tests that checks every response against the served
 * OpenAPI document (status documented, content type right, body matches the schema).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

type Json = Record<string, unknown>;

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export class ApiClient {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private doc: Json | undefined;
  validated = 0;

  constructor(readonly base: string) {}

  async loadDoc(): Promise<Json> {
    const res = await fetch(`${this.base}/v1/openapi.json`);
    this.doc = (await res.json()) as Json;
    return this.doc;
  }

  async call(
    method: string,
    path: string,
    opts: {
      key?: string;
      body?: unknown;
      rawBody?: string;
      contentType?: string;
      headers?: Record<string, string>;
      template?: string;
    } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.key) headers['x-api-key'] = opts.key;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
    const res = await fetch(`${this.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const out = { status: res.status, headers: res.headers, body: parsed, text };
    if (opts.template) this.check(method, opts.template, out);
    return out;
  }

  /** Assert the response is one the OpenAPI document promises for this operation. */
  check(method: string, template: string, res: ApiResponse): void {
    if (!this.doc) throw new Error('loadDoc() first');
    const op = (this.doc.paths as Record<string, Record<string, Json>>)[template]?.[method.toLowerCase()];
    expect(op, `${method} ${template} is documented`).toBeDefined();
    const responses = op!.responses as Record<string, { content?: Record<string, { schema: Json }> }>;
    const documented = responses[String(res.status)];
    expect(documented, `${method} ${template} documents status ${res.status} (body ${res.text.slice(0, 200)})`).toBeDefined();
    const content = documented!.content;
    if (!content) return;
    const [mediaType, media] = Object.entries(content)[0]!;
    expect(res.headers.get('content-type') ?? '').toContain(mediaType);
    const schema = this.resolve(media.schema);
    const validate = this.ajv.compile(schema);
    const ok = validate(res.body);
    expect(ok, `${method} ${template} ${res.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
    this.validated++;
  }

  private resolve(schema: Json): Json {
    const ref = schema.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      return ((this.doc!.components as Json).schemas as Record<string, Json>)[ref.slice('#/components/schemas/'.length)]!;
    }
    return schema;
  }
}
