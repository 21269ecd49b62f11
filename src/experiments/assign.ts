/**
 * Deterministic assignment: a user's place in [0, 1) is a hash of (user id, experiment name),
 * so the same user always lands in the same variant of an experiment, without storing who got
 * what, and two experiments shuffle users independently. Pure.
 */
import { createHash } from 'node:crypto';

export interface VariantShare {
  name: string;
  /** Share of all users, 0..1; shares may add up to less than 1 (the rest is not in the experiment). */
  share: number;
}

/** A uniform number in [0, 1) from the first 52 bits of SHA-256(experiment + ':' + user). */
export function bucketOf(userId: number, experiment: string): number {
  const h = createHash('sha256').update(`${experiment}:${userId}`).digest();
  // 52 bits: exact in a double
  return (h.readUInt32BE(0) * 2 ** 20 + (h.readUInt32BE(4) >>> 12)) / 2 ** 52;
}

/** The variant at a bucket by cumulative shares, or undefined when the user is outside every share. */
export function variantAt<V extends VariantShare>(variants: readonly V[], bucket: number): V | undefined {
  let edge = 0;
  for (const v of variants) {
    edge += v.share;
    if (bucket < edge) return v;
  }
  return undefined;
}

export function assignVariant<V extends VariantShare>(userId: number, experiment: string, variants: readonly V[]): V | undefined {
  return variantAt(variants, bucketOf(userId, experiment));
}
