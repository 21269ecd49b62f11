/**
 * Errors as RFC 9457 problem details. Every error kind has a stable `type` URI so clients
 * can branch on it; `title` is fixed per type, `detail` says what happened this time.
 */
export const PROBLEM_TYPES = {
  unauthorized: { status: 401, title: 'Missing or invalid API key' },
  forbidden: { status: 403, title: 'The API key lacks the scope this call needs' },
  not_found: { status: 404, title: 'No such resource' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  validation: { status: 400, title: 'The request is not valid' },
  malformed_body: { status: 400, title: 'The request body is not valid JSON' },
  unsupported_media_type: { status: 415, title: 'Send JSON with Content-Type: application/json' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  rate_limited: { status: 429, title: 'Too many requests for this API key' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  unavailable: { status: 503, title: 'A dependency is unavailable' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const;

export type ProblemCode = keyof typeof PROBLEM_TYPES;

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field-level validation errors. */
  errors?: { path: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemType(code: ProblemCode): string {
  return `/v1/problems/${code}`;
}

export function makeProblem(code: ProblemCode, detail?: string, extra: Partial<Problem> = {}): Problem {
  const t = PROBLEM_TYPES[code];
  return { type: problemType(code), title: t.title, status: t.status, ...(detail ? { detail } : {}), ...extra };
}

/** Thrown inside handlers for expected failures; the error sink turns it into a response. */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    detail?: string,
    readonly extra: Partial<Problem> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEM_TYPES[code].title);
  }

  toProblem(instance?: string): Problem {
    return makeProblem(this.code, this.message, { ...this.extra, ...(instance ? { instance } : {}) });
  }
}
