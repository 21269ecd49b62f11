/**
 * How a group pick reads on a card: a compact bar of every member's predicted stars and one
 * line on why the film fits the group. Pure.
 */

import { safetyNote } from './misery-veto.js';

const LEVELS = '▁▂▃▄▅▆▇█';

/** One block per member, 0.5★ -> ▁ ... 5★ -> █; '·' where nothing is known. */
export function sparkBar(stars: readonly number[]): string {
  return stars
    .map((s) => {
      if (!Number.isFinite(s)) return '·';
      const t = (Math.min(5, Math.max(0.5, s)) - 0.5) / 4.5;
      return LEVELS[Math.round(t * (LEVELS.length - 1))]!;
    })
    .join('');
}

/** Rounded down to one decimal, so "3.6★ or more" is never an overstatement. */
function floor1(v: number): string {
  return (Math.floor(v * 10 + 1e-9) / 10).toFixed(1);
}

function round1(v: number): string {
  return (Math.round(v * 10) / 10).toFixed(1);
}

/**
 * "▅▆▇ everyone 3.6★ or more". With one member: "▆ 4.2★ for Ana". Members without a
 * prediction are left out of the claim and counted.
 */
export function memberBar(names: readonly string[], stars: readonly number[]): string {
  const known = stars.filter((s) => Number.isFinite(s));
  const bar = sparkBar(stars);
  if (known.length === 0) return `${bar} no predictions yet`;
  if (stars.length === 1) return `${bar} ${round1(known[0]!)}★ for ${names[0] ?? 'you'}`;
  const low = Math.min(...known);
  const unknown = stars.length - known.length;
  const who = unknown === 0 ? 'everyone' : `${known.length} of ${stars.length}`;
  return `${bar} ${who} ${floor1(low)}★ or more`;
}

/**
 * Why it fits: who it suits most, how close the group is, and (when given) where it ranks in
 * each member's own list. Short: it sits under a title on a card.
 */
export function whyItFits(names: readonly string[], stars: readonly number[], risks?: readonly number[]): string {
  const pairs = names.map((name, i) => ({ name, s: stars[i]! })).filter((p) => Number.isFinite(p.s));
  if (pairs.length === 0) return 'a popular pick while we learn your tastes';
  const sorted = [...pairs].sort((a, b) => b.s - a.s);
  const best = sorted[0]!;
  const worst = sorted[sorted.length - 1]!;
  const mean = pairs.reduce((t, p) => t + p.s, 0) / pairs.length;
  const parts: string[] = [];
  if (pairs.length > 1 && best.s - worst.s <= 0.5) parts.push(`you all agree (about ${round1(mean)}★)`);
  else if (best.s >= 4) parts.push(`${best.name} should love it (${round1(best.s)}★)`);
  else parts.push(`a safe middle ground (about ${round1(mean)}★)`);
  // the calibrated risk, when the pick had it, says more than the lowest stars
  const safe = pairs.length > 1 && risks ? safetyNote(risks) : null;
  if (safe) parts.push(safe);
  else if (pairs.length > 1 && worst.s >= 3) parts.push(`nobody below ${floor1(worst.s)}★`);
  else if (pairs.length > 1) parts.push(`though ${worst.name} is lukewarm (${round1(worst.s)}★)`);
  return parts.join(', ');
}
