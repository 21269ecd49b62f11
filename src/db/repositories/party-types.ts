/**
 * The shapes the parties repository takes and returns (rows, inputs, outcomes), apart from
 * its queries so both stay small.
 */
import type { parties } from '../schema/parties.js';
import type { partyCandidates } from '../schema/party-candidates.js';
import type { partyVotes } from '../schema/party-votes.js';

export type Party = typeof parties.$inferSelect;
export type PartyStatus = Party['status'];
export type PartyCandidate = typeof partyCandidates.$inferSelect;
export type PartyVote = typeof partyVotes.$inferSelect;

export interface CreatePartyInput {
  platform: string;
  channelKey: string;
  hostUserId: number;
  constraintsText?: string | undefined;
  strategy?: string | undefined;
  votingMode?: 'approval' | 'ranked' | undefined;
  settings?: Record<string, unknown> | undefined;
  /** How long the party stays open before it expires. */
  ttlMs: number;
  /** Clock, for tests; default now. */
  now?: Date | undefined;
}

export type CreatePartyOutcome = { kind: 'created'; party: Party } | { kind: 'conflict'; party: Party };

export interface CandidateInput {
  movieId: number;
  groupScore: number;
  /** Member user id (as a string key) -> predicted stars. */
  memberPredictions: Record<string, number>;
  /** Member user id -> calibrated probability of a rating of 2.5 or less, when the model gave one. */
  memberRisk?: Record<string, number> | undefined;
}

/** Taking votes back: how many went (0 when there were none, or the vote is over). */
export type UnvoteOutcome =
  | { kind: 'withdrawn'; count: number }
  | { kind: 'not_voting'; status: PartyStatus }
  | { kind: 'expired' }
  | { kind: 'not_found' };

export type VoteOutcome =
  | { kind: 'voted'; weight: number }
  | { kind: 'duplicate' }
  | { kind: 'not_member' }
  | { kind: 'not_candidate' }
  | { kind: 'not_voting'; status: PartyStatus }
  | { kind: 'expired' }
  | { kind: 'not_found' };

/**
 * A join: `joined` newly in (in the order given), `already` members before. One person
 * joining again is `already_member`. A closed or expired party (or one whose time is up)
 * takes nobody: `not_live`.
 */
export type JoinOutcome =
  | { kind: 'joined'; joined: number[]; already: number[] }
  | { kind: 'already_member' }
  | { kind: 'not_live'; status: PartyStatus }
  | { kind: 'not_found' };

export interface ClosedPartySummary {
  party: Party;
  candidates: PartyCandidate[];
}
