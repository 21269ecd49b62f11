/**
 * Fairness rotation across repeated parties: a member whose favourite lost last time gets a
 * larger say next time. Each past party tells, per member, the stars they were predicted for
 * the winner and for their own best candidate; the gap is their "loss".
 */

export interface PastParty {
  /** Member key -> predicted stars for the film that won. */
  winner: Readonly<Record<string, number>>;
  /** Member key -> predicted stars for their favourite among that party's candidates. */
  best: Readonly<Record<string, number>>;
}

export interface FairnessOptions {
  /** How fast old parties stop counting: weight of the party t steps back is decay^t. */
  decay?: number;
  /** Extra weight per star of accumulated loss. */
  strength?: number;
}

/** Per-member loss in one past party (0 when they were not there or won). */
export function partyLoss(party: PastParty, member: string): number {
  const w = party.winner[member];
  const b = party.best[member];
  if (w === undefined || b === undefined || !Number.isFinite(w) || !Number.isFinite(b)) return 0;
  return Math.max(0, b - w);
}

/**
 * One weight per member (mean 1), most recent party first in `history`. With no history (or
 * nobody ever lost) every weight is 1, so fairness equals average without misery.
 */
export function fairnessWeights(members: readonly string[], history: readonly PastParty[], opts: FairnessOptions = {}): number[] {
  const decay = opts.decay ?? 0.5;
  const strength = opts.strength ?? 1;
  const raw = members.map((m) => {
    let loss = 0;
    history.forEach((party, t) => {
      loss += decay ** t * partyLoss(party, m);
    });
    return 1 + strength * loss;
  });
  const avg = raw.reduce((a, b) => a + b, 0) / (raw.length || 1);
  return raw.map((w) => w / avg);
}
