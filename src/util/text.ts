/**
 * Text from outside, made safe before anything stores or logs it. PostgreSQL refuses NUL in
 * text and JSONB and unpaired UTF-16 surrogates in JSONB; other control characters garble
 * logs and terminals. Newline and tab are kept: people type them.
 */

// A terminal escape sequence (ESC [ parameters final byte, e.g. "\u001B[31m") goes whole:
// removing only the ESC would leave "[31m", which reads as "31 minutes".
// eslint-disable-next-line no-control-regex
const ANSI_CSI = /\u001B\[[0-?]*[ -/]*[@-~]/g;
// C0 controls but tab (09) and newline (0A), DEL, and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Control characters removed (a line break stays), unpaired surrogates become U+FFFD. Pure. */
export function sanitizeText(text: string): string {
  const cleaned = text.replace(ANSI_CSI, '').replace(CONTROL, '');
  return cleaned.replace(LONE_SURROGATE, '\uFFFD');
}

/** True when sanitizeText would leave the text as it is. */
export function isCleanText(text: string): boolean {
  return sanitizeText(text) === text;
}

/** Every string inside a JSON-like value sanitised; other values untouched. Pure. */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitizeText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => sanitizeDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = sanitizeDeep(v);
    return out as T;
  }
  return value;
}

/** Paths ("externalId", "items.0.name") of strings that are not clean, for a precise refusal. */
export function uncleanPaths(value: unknown, prefix: string[] = []): string[] {
  if (typeof value === 'string') return isCleanText(value) ? [] : [prefix.join('.')];
  if (Array.isArray(value)) return value.flatMap((v: unknown, i) => uncleanPaths(v, [...prefix, String(i)]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(isCleanText(k) ? [] : [[...prefix, '(key)'].join('.')]),
      ...uncleanPaths(v, [...prefix, k]),
    ]);
  }
  return [];
}
