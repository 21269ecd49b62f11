/**
 * Years written with two digits: "'92" (the apostrophe says the century was left out), and
 * "from 95 to 2003" / "between 1998 and 05", where the other end of the range names the century.
 * "between 85 and 95" (two bare two-digit ends after a range cue) reads as years too. A bare "95"
 * elsewhere stays a number (a runtime, a count), never a year.
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

/** Words that open a range of two bare two-digit years ("between 85 and 95", "from 98 to 04"). */
const PAIR_CUES = new Set(['between', 'from', 'btwn', 'betwen']);
/** Such a pair reads as years only when it spans at most this many: "between 60 and 90" is more likely minutes. */
const MAX_PAIR_SPAN = 20;

const withPivot = (n: number): number => (n >= CENTURY_PIVOT ? 1900 + n : 2000 + n);

/**
 * "between 85 and 95", "from 98 to 04": two bare two-digit numbers after a range cue, with no
 * unit after them (that would make them minutes), read as years across the century pivot.
 */
function pairedShortYear(tokens: readonly Token[], i: number, isUnit: (word: string) => boolean): number | undefined {
  const firstAt = PAIR_CUES.has(tokens[i - 1]?.norm ?? '') ? i : PAIR_CUES.has(tokens[i - 3]?.norm ?? '') ? i - 2 : -1;
  if (firstAt < 0 || !RANGE_JOINS.has(tokens[firstAt + 1]?.norm ?? '') || isUnit(tokens[firstAt + 3]?.norm ?? '')) return undefined;
  const a = twoDigits(tokens[firstAt]);
  const b = twoDigits(tokens[firstAt + 2]);
  if (a === undefined || b === undefined) return undefined;
  const [from, to] = [withPivot(a), withPivot(b)];
  if (to < from || to - from > MAX_PAIR_SPAN) return undefined;
  return firstAt === i ? from : to;
}

/**
 * The century-less year at i as a full year, or undefined when it is not read as a year.
 * `isUnit` says whether a word after a number makes it a duration ("between 85 and 95 min").
 */
export function shortYearAt(tokens: readonly Token[], i: number, isUnit: (word: string) => boolean = () => false): number | undefined {
  const n = twoDigits(tokens[i]);
  if (n === undefined) return undefined;
  if (tokens[i]!.elided) return withPivot(n);
  // the other end of a range: "95 to 2003" (after) or "1998 to 05" (before)
  const after = RANGE_JOINS.has(tokens[i + 1]?.norm ?? '') ? fullYear(tokens[i + 2]) : undefined;
  const before = RANGE_JOINS.has(tokens[i - 1]?.norm ?? '') ? fullYear(tokens[i - 2]) : undefined;
  const anchor = after ?? before;
  if (anchor === undefined) return pairedShortYear(tokens, i, isUnit);
  const candidates = [1900 + n, 2000 + n];
  // the century that keeps the range in order and short
  const ordered = candidates.filter((y) => (after !== undefined ? y <= anchor : y >= anchor));
  if (ordered.length === 0) return undefined;
  return ordered.reduce((a, b) => (Math.abs(a - anchor) <= Math.abs(b - anchor) ? a : b));
}
