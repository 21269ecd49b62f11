/**
 * Explanations from the model that contributed most to a pick. Pure: the caller passes the
 * components it ranked with, so the reason always tells the truth about the ranking.
 */
import type { Component } from './hybrid.js';
import type { UserHistory } from './types.js';

export interface ExplainContext {
  history: UserHistory;
  components: readonly Component[];
  /** Item-item weights of the collaborative model: row of item h. */
  collaborativeRow(item: number): { cols: Int32Array; vals: Float32Array };
  title(item: number): string;
  /** What the item matched in the request ("comedy", "1990s", "Tom Hanks"). */
  matches(item: number): string[];
  stats: { count: Int32Array; quality: Float32Array };
}

export interface PickExplanation {
  source: string;
  reason: string;
  lines: string[];
}

const COLLABORATIVE = new Set(['rp3beta', 'ease', 'ials']);

/**
 * For each pick, the liked history items it is most strongly tied to: the pick's own row of
 * the item graph (its top-k neighbours) intersected with what the user liked. O(picks x k),
 * independent of the history's length.
 */
export function becauseYouLiked(ctx: ExplainContext, picks: Int32Array, perPick = 2): Map<number, number[]> {
  const { items, ratings } = ctx.history;
  let mean = 0;
  for (let t = 0; t < ratings.length; t++) mean += ratings[t]!;
  mean = ratings.length ? mean / ratings.length : 0;
  const threshold = Math.max(3.5, mean);
  const liked = new Map<number, number>();
  for (let t = 0; t < items.length; t++) if (ratings[t]! >= threshold) liked.set(items[t]!, ratings[t]!);
  const out = new Map<number, number[]>();
  for (const p of picks) {
    const row = ctx.collaborativeRow(p);
    const found: { h: number; v: number }[] = [];
    for (let k = 0; k < row.cols.length; k++) {
      const r = liked.get(row.cols[k]!);
      if (r !== undefined) found.push({ h: row.cols[k]!, v: row.vals[k]! * r });
    }
    out.set(
      p,
      found
        .sort((a, b) => b.v - a.v)
        .slice(0, perPick)
        .map((x) => x.h),
    );
  }
  return out;
}

function joinTitles(titles: string[]): string {
  return titles.length <= 1 ? (titles[0] ?? '') : `${titles.slice(0, -1).join(', ')} and ${titles[titles.length - 1]}`;
}

export function explainPick(ctx: ExplainContext, item: number, predicted: number, liked: number[] | undefined): PickExplanation {
  let source = 'popularity';
  let best = -Infinity;
  for (const c of ctx.components) {
    const v = c.weight * (c.scores[item] ?? 0);
    if (v > best) {
      best = v;
      source = c.name;
    }
  }
  const lines: string[] = [];
  const likedTitles = (liked ?? []).map((h) => ctx.title(h));
  const matched = ctx.matches(item);
  if (likedTitles.length) lines.push(`because you liked ${joinTitles(likedTitles)}`);
  if (Number.isFinite(predicted) && predicted >= 3.5 && ctx.history.items.length > 0)
    lines.push(`people with taste like yours rate it ${predicted.toFixed(1)}`);
  if (matched.length) lines.push(`matches: ${matched.join(', ')}`);
  const n = ctx.stats.count[item] ?? 0;
  if (n > 0) lines.push(`rated ${(ctx.stats.quality[item] ?? 0).toFixed(1)} on average by ${n} ${n === 1 ? 'person' : 'people'}`);

  let reason: string;
  if (matched.length) reason = `matches: ${matched.join(', ')}`;
  else if (COLLABORATIVE.has(source) && likedTitles.length) reason = lines[0]!;
  else if (source === 'content' && likedTitles.length) reason = `similar to ${joinTitles(likedTitles)}`;
  else if (source !== 'popularity' && Number.isFinite(predicted) && predicted >= 3.5)
    reason = `people with taste like yours rate it ${predicted.toFixed(1)}`;
  else if (n > 0) reason = `popular pick: ${lines[lines.length - 1]!}`;
  else reason = 'new in the catalogue';
  if (lines.length === 0) lines.push(reason);
  return { source, reason, lines };
}
