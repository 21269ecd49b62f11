import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiKeyInfo, ApiScope } from '../../src/db/repositories/api-keys.js';
import type { KeyVerifier } from './key-cache.js';
import { uncleanPaths } from '../../src/util/text.js';
import { ProblemError } from './problems.js';
import type { RateLimit } from '../../src/util/rate-limit.js';
import type { RouteDef } from './route.js';

/** Which scopes satisfy a requirement: admin can do everything, write includes read. */
const SATISFIES: Record<ApiScope, ApiScope[]> = { read: ['read', 'write', 'admin'], write: ['write', 'admin'], admin: ['admin'] };

export function presentedKey(c: Context): string | undefined {
  const header = c.req.header('x-api-key');
  if (header) return header.trim();
  const auth = c.req.header('authorization');
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  return undefined;
}

export async function authenticate(c: Context, r: RouteDef, keys: KeyVerifier, limiter: RateLimit): Promise<ApiKeyInfo | null> {
  if (!r.scope) return null;
  const presented = presentedKey(c);
  if (!presented)
    throw new ProblemError(
      'unauthorized',
      'Send your API key in X-Api-Key or Authorization: Bearer.',
      {},
      { 'WWW-Authenticate': 'Bearer' },
    );
  // Cheap shape check first: a hostile string never reaches the database.
  if (presented.length > 100 || !/^rm_[0-9a-f]{8}_[A-Za-z0-9_-]{20,60}$/.test(presented)) {
    throw new ProblemError('unauthorized', 'That is not a Reelmate API key.', {}, { 'WWW-Authenticate': 'Bearer' });
  }
  const key = await keys.verify(presented);
  if (!key) throw new ProblemError('unauthorized', 'Unknown or revoked API key.', {}, { 'WWW-Authenticate': 'Bearer' });
  if (!key.scopes.some((s) => SATISFIES[r.scope!].includes(s))) {
    throw new ProblemError('forbidden', `This call needs the "${r.scope}" scope; the key has ${key.scopes.join(', ') || 'none'}.`);
  }
  const wait = await limiter.wait(String(key.id));
  if (wait > 0) throw new ProblemError('rate_limited', `Slow down: try again in ${wait} s.`, {}, { 'Retry-After': String(wait) });
  return key;
}

function zodProblem(where: string, error: z.ZodError): ProblemError {
  const errors = error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
  return new ProblemError('validation', `Invalid ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
}

const CONTROL_MESSAGE = 'contains a control character (such as NUL) or broken Unicode (an unpaired surrogate)';

export function validate<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.output<T> | undefined {
  if (!schema) return undefined;
  // Programs get a precise refusal rather than a silently changed id: nothing is stored.
  const unclean = uncleanPaths(value);
  if (unclean.length > 0) {
    const errors = unclean.map((p) => ({ path: [where, p].filter(Boolean).join('.'), message: CONTROL_MESSAGE }));
    throw new ProblemError('validation', `Invalid ${where}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, { errors });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw zodProblem(where, parsed.error);
  return parsed.data;
}

/** Read a JSON body: 415 for other media types, 400 for broken JSON. Size is capped earlier. */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ProblemError('unsupported_media_type', `Expected application/json, got "${type.slice(0, 60) || 'nothing'}".`);
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError('malformed_body', 'The body could not be parsed as JSON.');
  }
}
