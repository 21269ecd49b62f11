/**
 * The party card's buttons. The bot hands each handler the live party (`requires: 'party'`,
 * settled when its time is up) and checks the host for host-only ones (`partyHost`); the typed
 * subcommands share the operations (session.ts) and the same host check (`HOST_ONLY`).
 */
import { movieIdArg, partyIdArg, smallIntArg } from '../../core/actions.js';
import { defineButton } from '../types.js';
import { inviteToParty } from './invite.js';
import { closeParty, HOST_ONLY, joinParty, leaveParty, pickForParty, unvoteInParty, voteInParty } from './session.js';

export const partyJoinButton = defineButton({
  kind: 'party_join',
  code: 'pj',
  args: { partyId: partyIdArg },
  requires: 'party',
  handle: (ctx, _a, party) => joinParty(ctx, party),
});

export const partyLeaveButton = defineButton({
  kind: 'party_leave',
  code: 'pl',
  args: { partyId: partyIdArg },
  requires: 'party',
  handle: (ctx, _a, party) => leaveParty(ctx, party),
});

/** The host asks for the group list (movieId unused today; kept optional for a direct pick). */
export const partyPickButton = defineButton({
  kind: 'party_pick',
  code: 'pp',
  args: { partyId: partyIdArg, movieId: movieIdArg.optional() },
  requires: 'partyHost',
  hostOnly: HOST_ONLY.pick,
  handle: (ctx, _a, party) => pickForParty(ctx, party),
});

/** Membership is checked by the store in the same write as the vote, so a leave cannot race it. */
export const partyVoteButton = defineButton({
  kind: 'party_vote',
  code: 'pv',
  args: { partyId: partyIdArg, movieId: movieIdArg, rank: smallIntArg.optional() },
  requires: 'party',
  handle: (ctx, a, party) => voteInParty(ctx, party, a.movieId),
});

/** Take back the clicker's vote for movieId, or all their votes when it is left off. */
export const partyUnvoteButton = defineButton({
  kind: 'party_unvote',
  code: 'pu',
  args: { partyId: partyIdArg, movieId: movieIdArg.optional() },
  requires: 'party',
  handle: (ctx, a, party) => unvoteInParty(ctx, party, a.movieId),
});

export const partyCloseButton = defineButton({
  kind: 'party_close',
  code: 'pc',
  args: { partyId: partyIdArg },
  requires: 'partyHost',
  hostOnly: HOST_ONLY.close,
  handle: (ctx, _a, party) => closeParty(ctx, party),
});

/** The host brings the people with them (InboundAction.invitees) into the party. */
export const partyInviteButton = defineButton({
  kind: 'party_invite',
  code: 'pi',
  args: { partyId: partyIdArg },
  requires: 'partyHost',
  hostOnly: HOST_ONLY.invite,
  handle: (ctx, _a, party) => inviteToParty(ctx, party),
});
