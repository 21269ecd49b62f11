/**
 * Years written with two digits: "'92" (the apostrophe says the century was left out), and
 * "from 95 to 2003" / "between 1998 and 05", where the other end of the range names the century.
 * A bare "95" elsewhere stays a number (a runtime, a count), never a year.
 */
import type { Token } from './text.js';

/** Two-digit years at or above this are 19xx ("'92"), below it 20xx ("'05"). */
const CENTURY_PIVOT = 30;

const RANGE_JOINS = new Set(['to', 'and', '-', 'till', 'until', 'thru', 'through', '/']);

function twoDigits(t: Token | undefined): number | undefined {
  if (t?.kind !== 'number' || t.norm.length !== 2 || t.value === undefined || !Number.isInteger(t.value)) return undefined;
  return t.value;
}

function fullYear(t: Token | undefined): number | undefined {
  if (t?.kind !== 'number' || t.norm.length !== 4 || t.value === undefined) return undefined;
  return t.value >= 1890 && t.value <= 2039 ? t.value : undefined;
}

/** The century-less year at i as a full year, or undefined when it is not read as a year. */
export function shortYearAt(tokens: readonly Token[], i: number): number | undefined {
  const n = twoDigits(tokens[i]);
  if (n === undefined) return undefined;
  if (tokens[i]!.elided) return n >= CENTURY_PIVOT ? 1900 + n : 2000 + n;
  // the other end of a range: "95 to 2003" (after) or "1998 to 05" (before)
  const after = RANGE_JOINS.has(tokens[i + 1]?.norm ?? '') ? fullYear(tokens[i + 2]) : undefined;
  const before = RANGE_JOINS.has(tokens[i - 1]?.norm ?? '') ? fullYear(tokens[i - 2]) : undefined;
  const anchor = after ?? before;
  if (anchor === undefined) return undefined;
  const candidates = [1900 + n, 2000 + n];
  // the century that keeps the range in order and short
  const ordered = candidates.filter((y) => (after !== undefined ? y <= anchor : y >= anchor));
  if (ordered.length === 0) return undefined;
  return ordered.reduce((a, b) => (Math.abs(a - anchor) <= Math.abs(b - anchor) ? a : b));
}
