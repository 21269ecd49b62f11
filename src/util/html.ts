/**
 * HTML building on well-kept escaping, shared by every page the program serves (the playground,
 * the API docs): hono's `html` template escapes every interpolated value (text and attributes
 * alike) unless it is itself a fragment built with it, so no hand-written escaper is needed.
 */
import { html as honoHtml, raw } from 'hono/html';

export { raw };

/** A fragment that is already safe HTML (hono's escaped-string marker). */
export type Html = ReturnType<typeof raw>;

/**
 * hono's auto-escaping template, synchronously: our fragments hold no promises, so the result is
 * always a finished fragment.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const out = honoHtml(strings, ...values);
  if (out instanceof Promise) throw new Error('an HTML fragment was given an asynchronous value');
  return out;
}

/** A plain string for JSON answers and tests (fragments are String objects). */
export function toHtmlString(fragment: Html): string {
  return fragment.toString();
}
