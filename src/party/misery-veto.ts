/**
 * The default party strategy: rank by group relevance, avoid misery (pure).
 *
 * Each member's calibrated probability of rating a film 2.5 stars or less (the rating model's
 * misery risk, fitted on validation residuals) decides what is safe: a film whose risk for
 * any member is above `maxRisk` is vetoed (it still ranks, after every safe film, least risky
 * first, so a short list is filled rather than left empty). Safe films rank by the members'
 * mean relevance (their place in their own lists) plus a little of their mean stars, minus a
 * penalty on the chance that at least one member is miserable. Predicted stars cluster
 * between 3 and 4.5 whoever the member is, so a threshold on stars barely separates a harsh
 * member's safe film from a risky one; the probability does.
 */
import type { GroupTable } from './group-table.js';

export interface MiseryVetoOptions {
  /** A film any member dislikes with a probability above this is vetoed (1 = never). */
  maxRisk?: number | undefined;
  /** Score taken off per unit of P(at least one member rates it 2.5 or less). */
  riskWeight?: number | undefined;
  /** Weight of the mean stars, scaled to 0..1 over 0.5-5, against mean relevance. */
  starWeight?: number | undefined;
}

/**
 * Chosen by `reelmate eval-groups` on validation groups (1,000 per size and kind where that many
 * exist) drawn from a validation part carved from the training part of fold 0 of
 * ml-latest-small; the test part was not used, and eval-groups tunes them again on any data it
 * is given. There, every hard veto (risk above 0.15-0.45) cost more than 0.005 group NDCG@5
 * against plain average in some cell, so the least misery within that bound came from the
 * risk penalty alone: maxRisk 1 (no veto), risk weight 2, star weight 1.
 */
export const MISERY_VETO_DEFAULTS = { maxRisk: 1, riskWeight: 2, starWeight: 1 };

/** A pick whose highest member risk is at most this is one nobody is likely to dislike (the card says so). */
export const SAFE_RISK = 0.15;
/** Up to this, nobody is predicted to dislike it (more likely not than so, by a wide margin). */
export const CAUTIOUS_RISK = 0.3;

/** Without a calibrated risk (older models), a member predicted below this counts as certain misery. */
export const FALLBACK_MISERY_STARS = 2.75;

/** Risk of each cell: the table's calibrated probabilities, else 1 below FALLBACK_MISERY_STARS and 0 above. */
export function riskTable(table: GroupTable): number[][] {
  return table.stars.map((row, i) =>
    row.map((s, m) => {
      const p = table.misery?.[i]?.[m];
      if (p !== undefined && Number.isFinite(p)) return p;
      return Number.isFinite(s) ? (s < FALLBACK_MISERY_STARS ? 1 : 0) : Number.NaN;
    }),
  );
}

/** P(at least one member is miserable), members independent; unknown cells left out. */
export function anyMisery(risks: readonly number[]): number {
  let none = 1;
  for (const p of risks) if (Number.isFinite(p)) none *= 1 - p;
  return 1 - none;
}

/** Offset that puts every vetoed film below every safe one (safe scores stay above -3). */
const VETOED = 10;

export function miseryVetoScores(table: GroupTable, opts: MiseryVetoOptions = {}): number[] {
  const maxRisk = opts.maxRisk ?? MISERY_VETO_DEFAULTS.maxRisk;
  const riskWeight = opts.riskWeight ?? MISERY_VETO_DEFAULTS.riskWeight;
  const starWeight = opts.starWeight ?? MISERY_VETO_DEFAULTS.starWeight;
  const risks = riskTable(table);
  return table.stars.map((row, i) => {
    const stars = row.filter((v) => Number.isFinite(v));
    if (stars.length === 0) return Number.NaN;
    const r = risks[i]!;
    const any = anyMisery(r);
    const worst = Math.max(...r.filter((p) => Number.isFinite(p)), 0);
    if (worst > maxRisk) return -VETOED - any;
    const rel = (table.relevance?.[i] ?? []).filter((v) => Number.isFinite(v));
    const meanStars = stars.reduce((s, v) => s + v, 0) / stars.length;
    const starPart = (meanStars - 0.5) / 4.5;
    // without relevance the stars carry the order alone
    const relPart = rel.length ? rel.reduce((s, v) => s + v, 0) / rel.length : starPart;
    return relPart + starWeight * starPart - riskWeight * any;
  });
}

/** Why a pick is safe, for the card: the highest member risk in words (null: nothing to claim). */
export function safetyNote(risks: readonly number[]): string | null {
  const known = risks.filter((p) => Number.isFinite(p));
  if (known.length === 0) return null;
  const worst = Math.max(...known);
  if (worst <= SAFE_RISK) return 'nobody is likely to dislike it';
  if (worst <= CAUTIOUS_RISK) return 'nobody is predicted to dislike it';
  return null;
}
