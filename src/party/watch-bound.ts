/**
 * How much of the party misery the metric counts is a question of who watches (pure).
 *
 * `eval-groups` counts a pick as misery when some member who rated it (held it out) rated it
 * 2.5 stars or less; a member who would not have watched the film cannot be miserable with it.
 * The default strategy's risk treats every member as a viewer. This bound gives the default
 * strategy the one thing it cannot know, exactly who watched each candidate, and keeps
 * everything else (the same calibrated risks, relevance and stars), so it says how far a
 * perfect estimate of watching could take today's risks. It reads the held-out ratings: a
 * ceiling row, never a method.
 */
import type { GroupMethod } from './evaluate.js';
import type { Truth } from './metrics.js';
import { miseryVetoScores, riskTable, type MiseryVetoOptions } from './misery-veto.js';
import { topK, type GroupTable } from './strategies.js';

/**
 * The default strategy's settings for the bound: on validation groups drawn from a validation
 * part of fold 0's training part of ml-latest-small (never the test part), risk weight 8 and no
 * star weight gave the least misery within 0.005 group NDCG@5 of plain average in every cell,
 * and a veto (any risk above 0.15-0.35) added nothing.
 */
export const WATCH_KNOWN_VETO: Required<MiseryVetoOptions> = { maxRisk: 1, riskWeight: 8, starWeight: 0 };

/**
 * The table with each member's risk kept only where `watched(row, member)` (the rest 0); cells
 * without a calibrated risk take riskTable's fallback first.
 */
export function watchedOnlyRisks(table: GroupTable, watched: (row: number, member: number) => boolean): GroupTable {
  return { ...table, misery: riskTable(table).map((row, i) => row.map((p, m) => (watched(i, m) ? p : 0))) };
}

export const WATCH_KNOWN_CEILING = 'ceiling: default knowing who watches';

export function watchKnownCeiling(heldOut: ReadonlyMap<number, Truth>, veto: MiseryVetoOptions = WATCH_KNOWN_VETO): GroupMethod {
  return {
    name: WATCH_KNOWN_CEILING,
    rank: (ctx, k) => {
      const watched = (row: number, m: number) => heldOut.get(ctx.members[m]!)?.has(ctx.table.movieIds[row]!) ?? false;
      const table = watchedOnlyRisks(ctx.table, watched);
      return topK(table, miseryVetoScores(table, veto), k).map((p) => p.movieId);
    },
  };
}
