/**
 * Watch-party operations behind the `watchparty` command and the party buttons: start, join,
 * leave, pick, vote, close, and settling a party whose time is up (close on the tally, or
 * expire). Each acts for the clicker and returns the party card rebuilt plus a short note.
 */
import { PartiesRepository, type Party } from '../../db/repositories/parties.js';
import { onboardPage } from '../onboard/command.js';
import { actorName, type CoreServices, type RequestContext } from '../../core/context.js';
import { predictedStars } from '../../core/format.js';
import type { PartyVariant } from '../../core/ports.js';
import { fail } from '../../core/reply.js';
import type { ActionOutcome, Card, Reply } from '../../core/types.js';
import { cardsFor } from '../../core/viewer.js';
import { noteOffered, noteShown } from '../../insights/scope.js';
import { meanStars, partyCard } from './card.js';
import { enginePorts, groupPick, isStrategyName, pastParties, type GroupPickPorts } from '../../party/pick.js';
import { partyTtlMs, parseStartText } from '../../party/settings.js';
import { DEFAULT_STRATEGY, type StrategyName } from '../../party/strategies.js';
import { loadParty, type PartyStores } from './view.js';

export const PICK_SIZE = 5;

/** What someone who is not the host is told, by host-only operation (buttons and subcommands alike). */
export const HOST_ONLY = {
  pick: 'Only the host can pick the list.',
  close: 'Only the host can close the vote.',
  invite: 'Only the host can bring their group in at once. Click **Join** to join yourself.',
} as const;

/** The refusal when the clicker is not the party's host, else undefined. */
export function notHost(ctx: RequestContext, party: Party, text: string): ActionOutcome | undefined {
  return party.hostUserId === ctx.user.id ? undefined : { reply: fail('not_allowed', text) };
}

export function stores(services: CoreServices): PartyStores {
  return { parties: new PartiesRepository(services.database.db), users: services.repos.users, movies: services.repos.movies };
}

/** The recommender as the group pick needs it: every member's own model, exclusions from the database. */
export function pickPorts(services: CoreServices): GroupPickPorts {
  return enginePorts(services.engine, services.repos);
}

export async function card(services: CoreServices, party: Party, note?: string): Promise<Card> {
  const { view } = await loadParty(stores(services), party, note);
  return partyCard(view, services.codec);
}

/**
 * A party whose time is up is settled on first touch (the timer does the same for quiet
 * channels): with candidates it closes on the tally, without it expires.
 */
async function settle(services: CoreServices, party: Party): Promise<{ party: Party; settledNow: boolean }> {
  const now = services.now();
  const live = party.status === 'open' || party.status === 'voting';
  if (!live || party.expiresAt >= now) return { party, settledNow: false };
  const s = stores(services);
  if (party.status === 'voting') {
    const { leader } = await loadParty(s, party);
    const closed = await s.parties.close(party.id, leader?.movieId ?? null, now);
    if (closed) return { party: closed, settledNow: true };
  } else if (await s.parties.expire(party.id, now)) {
    return { party: (await s.parties.byId(party.id))!, settledNow: true };
  }
  return { party: (await s.parties.byId(party.id)) ?? party, settledNow: false };
}

/** The winner announcement: the closed card, and the winner's card to rate after watching. */
async function announcement(ctx: RequestContext, party: Party, by: string): Promise<Reply> {
  const closedCard = await card(ctx.services, party, by);
  if (party.winnerMovieId === null) {
    return {
      text: party.status === 'expired' ? 'The watch party expired before a pick.' : 'The watch party was called off.',
      cards: [closedCard],
      status: `party_${party.status}`,
    };
  }
  // The winner card is for the whole channel: the group's stars, not the host's own.
  const groupStars = closedCard.party?.candidates?.find((c) => c.movieId === party.winnerMovieId)?.groupStars;
  const { cards } = await cardsFor(
    ctx.services,
    ctx.user.id,
    [
      {
        movieId: party.winnerMovieId,
        reason: `Tonight’s pick${groupStars != null ? ` (the group: about ${predictedStars(groupStars)} each)` : ''}. Seen it? Rate it here so your next picks get better.`,
      },
    ],
    { forWhom: null, channel: { platform: party.platform, channelKey: party.channelKey } },
  );
  const title = closedCard.party?.winner?.title ?? 'the winner';
  return {
    text: `🏆 The group picked **${title}**! Enjoy the film, and rate it afterwards with the stars below.`,
    cards: [closedCard, ...cards],
    status: 'party_closed',
  };
}

async function liveParty(ctx: RequestContext): Promise<{ party?: Party; settled?: Reply }> {
  const s = stores(ctx.services);
  const current = await s.parties.current(ctx.actor.platform, ctx.channelId);
  if (!current) return {};
  const { party, settledNow } = await settle(ctx.services, current);
  if (settledNow) return { settled: await announcement(ctx, party, 'Time is up') };
  return party.status === 'open' || party.status === 'voting' ? { party } : {};
}

/** A party the clicker's button points at, settled when overdue. */
export async function partyById(ctx: RequestContext, partyId: number): Promise<{ party?: Party; outcome?: ActionOutcome }> {
  const found = await stores(ctx.services).parties.byId(partyId);
  if (!found) return { outcome: { reply: fail('not_found', 'That watch party is gone.') } };
  const { party, settledNow } = await settle(ctx.services, found);
  if (settledNow) {
    const reply = await announcement(ctx, party, 'Time is up');
    return { outcome: { update: reply.cards?.[0], reply: { ...reply, cards: reply.cards?.slice(1) } } };
  }
  if (party.status === 'closed' || party.status === 'expired') {
    return {
      outcome: {
        update: await card(ctx.services, party),
        reply: fail('expired', 'This watch party is over. Start a new one with `watchparty start`.'),
      },
    };
  }
  return { party };
}

/** New members who never rated anything get the quick onboarding, so the pick can fit them too. */
async function withOnboarding(ctx: RequestContext, text: string): Promise<Reply> {
  const rated = (await ctx.services.repos.ratings.forUser(ctx.user.id)).length;
  if (rated > 0) return { text, ephemeral: true };
  const onboarding = await onboardPage(ctx, [], 0);
  return {
    text: `${text}\nYou have not rated anything yet: rate a few of these so the group pick fits you too.`,
    cards: onboarding.cards,
    ephemeral: true,
  };
}

export async function startParty(ctx: RequestContext, rawText: string): Promise<Reply> {
  if (ctx.actor.platform !== 'api' && ctx.channelId.length === 0) return fail('bad_input', 'Start a watch party in a channel.');
  const existing = await liveParty(ctx);
  if (existing.party) {
    return {
      text: 'A watch party is already open here. Join it, or ask its host to close it first.',
      cards: [await card(ctx.services, existing.party)],
      status: 'error:conflict',
    };
  }
  const parsed = parseStartText(rawText);
  const { language, catalog } = ctx.services;
  const preferences = language.parsePreferences(parsed.text, catalog);
  // The echo may come as a sentence ("Looking for: comedy"); the card wants just the list.
  const described = language.describePreferences(preferences).replace(/^looking for:\s*/i, '');
  const outcome = await stores(ctx.services).parties.create({
    platform: ctx.actor.platform,
    channelKey: ctx.channelId,
    hostUserId: ctx.user.id,
    constraintsText: parsed.text,
    strategy: parsed.strategy,
    votingMode: parsed.votingMode,
    settings: { when: parsed.when, described: described || undefined },
    ttlMs: partyTtlMs(),
    now: ctx.services.now(),
  });
  if (outcome.kind === 'conflict') {
    return {
      text: 'Someone just opened a watch party here: join that one!',
      cards: [await card(ctx.services, outcome.party)],
      status: 'error:conflict',
    };
  }
  const host = actorName(ctx);
  const partyCardNow = await card(ctx.services, outcome.party, `${host} started a watch party`);
  const onboarding = await withOnboarding(ctx, '');
  const text = `🎬 ${host} is hosting a watch party! Click **Join** to be part of the pick.`;
  return {
    text: onboarding.cards ? `${text}\n${(onboarding.text ?? '').trim()}` : text,
    cards: [partyCardNow, ...(onboarding.cards ?? [])],
    status: 'party_started',
  };
}

/** The answer to someone acting on a party that closed or expired meanwhile: the card as it is now. */
export async function partyOver(ctx: RequestContext, party: Party): Promise<ActionOutcome> {
  const fresh = (await stores(ctx.services).parties.byId(party.id)) ?? party;
  return {
    update: await card(ctx.services, fresh),
    reply: fail('expired', 'This watch party is over. Start a new one with `watchparty start`.'),
  };
}

export async function joinParty(ctx: RequestContext, party: Party): Promise<ActionOutcome> {
  const outcome = await stores(ctx.services).parties.join(party.id, ctx.user.id, ctx.services.now());
  if (outcome.kind === 'not_live' || outcome.kind === 'not_found') return partyOver(ctx, party);
  const joined = outcome.kind === 'joined';
  const name = actorName(ctx);
  const update = await card(ctx.services, party, joined ? `${name} joined` : undefined);
  if (!joined) return { update, reply: { text: 'You are already in this watch party.', ephemeral: true, status: 'party_already_member' } };
  const note =
    party.status === 'voting'
      ? 'You are in! The list was picked before you joined; the host can pick again to include you.'
      : 'You are in!';
  return { update, reply: { ...(await withOnboarding(ctx, note)), status: 'party_joined' } };
}

export async function leaveParty(ctx: RequestContext, party: Party): Promise<ActionOutcome> {
  if (party.hostUserId === ctx.user.id) {
    return { reply: fail('not_allowed', 'You are the host: close the party instead of leaving it.') };
  }
  const left = await stores(ctx.services).parties.leave(party.id, ctx.user.id);
  const update = await card(ctx.services, party, left ? `${actorName(ctx)} left` : undefined);
  return {
    update,
    reply: {
      text: left ? 'You left the watch party; your votes were withdrawn.' : 'You were not in this watch party.',
      ephemeral: true,
      status: left ? 'party_left' : 'party_not_member',
    },
  };
}

/** The group's list (host only: the caller checks, `notHost` with HOST_ONLY.pick). */
export async function pickForParty(ctx: RequestContext, party: Party): Promise<ActionOutcome> {
  const s = stores(ctx.services);
  const members = (await s.parties.members(party.id)).map((m) => m.userId);
  const own: StrategyName = isStrategyName(party.strategy) ? party.strategy : DEFAULT_STRATEGY;
  // A party experiment decides the strategy only where the host left the default.
  const assigned = own === DEFAULT_STRATEGY ? ctx.services.engine.partyVariant?.(party.hostUserId) : undefined;
  const strategy: StrategyName = assigned?.strategy !== undefined && isStrategyName(assigned.strategy) ? assigned.strategy : own;
  const history =
    strategy === 'fairness'
      ? pastParties(
          (await s.parties.history(party.platform, party.channelKey)).map((h) => ({
            winnerMovieId: h.party.winnerMovieId,
            candidates: h.candidates,
          })),
        )
      : [];
  const preferences = ctx.services.language.parsePreferences(party.constraintsText, ctx.services.catalog);
  const pick = await groupPick(pickPorts(ctx.services), { userIds: members, strategy, limit: PICK_SIZE, preferences, history });
  if (pick.items.length === 0) {
    return { reply: fail('not_found', 'I found nothing that fits everyone. Try fewer constraints (start a new party).') };
  }
  // The card lists the films by the group's stars it shows, and numbers them in that order
  // (so `vote 2` is the second row); the strategy chose which five.
  const mean = (c: (typeof pick.items)[number]) => meanStars(Object.values(c.memberPredictions)) ?? -Infinity;
  const listed = pick.items
    .map((c, i) => ({ c, i }))
    .sort((a, b) => mean(b.c) - mean(a.c) || a.i - b.i)
    .map(({ c }) => c);
  if (!(await s.parties.setCandidates(party.id, listed))) {
    return { reply: fail('expired', 'This watch party is over.') };
  }
  notePartyShown(
    ctx,
    members,
    listed.map((c) => c.movieId),
    assigned,
  );
  const fresh = (await s.parties.byId(party.id))!;
  const relaxed = pick.relaxed.length ? ` (relaxed: ${pick.relaxed.join(', ')})` : '';
  const update = await card(ctx.services, fresh, `${actorName(ctx)} picked ${pick.items.length} films${relaxed}. Vote!`);
  return { update, reply: { text: 'Here is the group’s list: everyone votes on the card.', ephemeral: true, status: 'party_picked' } };
}

/** Every member was shown the group's list: one impression per member and film, credited to the experiment if any. */
function notePartyShown(
  ctx: RequestContext,
  members: readonly number[],
  movieIds: readonly number[],
  assigned: PartyVariant | undefined,
): void {
  const meta = {
    kind: 'party' as const,
    modelVersion: ctx.services.engine.modelInfo().version,
    experimentId: assigned?.experimentId ?? null,
    variant: assigned?.variant ?? null,
  };
  for (const userId of members) {
    noteOffered(userId, movieIds, meta);
    noteShown(userId, movieIds);
  }
}

export async function voteInParty(ctx: RequestContext, party: Party, movieId: number): Promise<ActionOutcome> {
  const s = stores(ctx.services);
  const outcome = await s.parties.vote(party.id, ctx.user.id, movieId, ctx.services.now());
  switch (outcome.kind) {
    case 'voted': {
      const fresh = (await s.parties.byId(party.id)) ?? party;
      const update = await card(ctx.services, fresh, `${actorName(ctx)} voted`);
      const title = update.party?.candidates?.find((c) => c.movieId === movieId)?.title ?? 'that film';
      const how = party.votingMode === 'ranked' ? ` as your choice #${outcome.weight}` : '';
      return {
        update,
        reply: {
          text: `Vote counted for ${title}${how}. Changed your mind? ${TAKE_BACK}, then vote again.`,
          ephemeral: true,
          status: 'party_voted',
        },
      };
    }
    case 'duplicate':
      return {
        reply: {
          text: `You already voted for that one; it counts once. To change it: ${TAKE_BACK}.`,
          ephemeral: true,
          status: 'party_vote_duplicate',
        },
      };
    case 'not_member':
      return { reply: fail('not_allowed', 'Join the watch party first (🙋 Join), then vote.') };
    case 'not_candidate':
      return { reply: fail('bad_action', 'That film is not on the current list.') };
    case 'not_voting':
    case 'expired':
    case 'not_found':
      return voteRefused(party, outcome.kind);
  }
}

const TAKE_BACK = '↩️ Take back my votes';

/** Why a vote, or taking one back, was refused: the cases both share. */
function voteRefused(party: Party, kind: 'not_voting' | 'expired' | 'not_found'): ActionOutcome {
  switch (kind) {
    case 'not_voting':
      return { reply: fail('bad_action', party.status === 'open' ? 'Voting opens once the host picks the list.' : 'Voting is over.') };
    case 'expired':
      return { reply: fail('expired', 'This watch party expired.') };
    case 'not_found':
      return { reply: fail('not_found', 'That watch party is gone.') };
  }
}

/** Take back the clicker's vote for one film, or all of them: a vote can be changed until the close. */
export async function unvoteInParty(ctx: RequestContext, party: Party, movieId?: number): Promise<ActionOutcome> {
  const s = stores(ctx.services);
  const outcome = await s.parties.unvote(party.id, ctx.user.id, movieId, ctx.services.now());
  switch (outcome.kind) {
    case 'withdrawn': {
      if (outcome.count === 0) return { reply: { text: 'You have no votes to take back.', ephemeral: true, status: 'party_unvote_none' } };
      const fresh = (await s.parties.byId(party.id)) ?? party;
      const update = await card(ctx.services, fresh, `${actorName(ctx)} changed their vote`);
      const what = movieId === undefined ? (outcome.count === 1 ? 'your vote' : `your ${outcome.count} votes`) : 'that vote';
      return {
        update,
        reply: { text: `Took back ${what}. Vote again on the card while the vote is open.`, ephemeral: true, status: 'party_unvoted' },
      };
    }
    case 'not_voting':
    case 'expired':
    case 'not_found':
      return voteRefused(party, outcome.kind);
  }
}

/** Close on the tally and announce the winner (host only: the caller checks, `notHost` with HOST_ONLY.close). */
export async function closeParty(ctx: RequestContext, party: Party): Promise<ActionOutcome> {
  const s = stores(ctx.services);
  const { leader } = await loadParty(s, party);
  const closed = await s.parties.close(party.id, leader?.movieId ?? null, ctx.services.now());
  if (!closed)
    return {
      update: await card(ctx.services, (await s.parties.byId(party.id)) ?? party),
      reply: fail('expired', 'This watch party is already over.'),
    };
  const reply = await announcement(ctx, closed, `${actorName(ctx)} closed the vote`);
  // The clicked card becomes the closed one; the announcement (with the winner to rate) is posted.
  return { update: reply.cards?.[0], reply: { ...reply, cards: reply.cards?.slice(1) } };
}

/** Outcome of a typed subcommand: the card (updated) and the note, as one message. */
function asReply(outcome: ActionOutcome): Reply {
  const cards = [...(outcome.update ? [outcome.update] : []), ...(outcome.reply?.cards ?? [])];
  return { ...outcome.reply, cards: cards.length ? cards : undefined, ephemeral: outcome.reply?.ephemeral && !outcome.update };
}

export async function withLive(ctx: RequestContext, run: (party: Party) => Promise<ActionOutcome>): Promise<Reply> {
  const { party, settled } = await liveParty(ctx);
  if (settled) return settled;
  if (!party) return fail('not_found', 'No watch party is open here. Start one with `watchparty start [what you feel like]`.');
  return asReply(await run(party));
}

export async function historyReply(ctx: RequestContext): Promise<Reply> {
  const s = stores(ctx.services);
  const past = await s.parties.history(ctx.actor.platform, ctx.channelId, 10);
  const winners = past.filter((p) => p.party.winnerMovieId !== null);
  if (winners.length === 0) return { text: 'No watch party has picked a film here yet.', ephemeral: true, status: 'party_history' };
  const movies = await ctx.services.repos.movies.byIds(winners.map((p) => p.party.winnerMovieId!));
  const lines = winners.map((p) => {
    const m = movies.get(p.party.winnerMovieId!);
    const when = (p.party.closedAt ?? p.party.createdAt).toISOString().slice(0, 10);
    return `• ${when}: ${m ? (m.year ? `${m.displayTitle} (${m.year})` : m.displayTitle) : `movie ${p.party.winnerMovieId}`}`;
  });
  return { text: ['Past watch-party picks here:', ...lines].join('\n'), status: 'party_history' };
}

export interface PartyAnnouncement {
  platform: string;
  channelId: string;
  reply: Reply;
}

/**
 * The timer: settle every party whose time is up. Parties with a list close on the tally,
 * others expire. Returns what to post in each channel (the composition root delivers it).
 */
export async function closeDueParties(services: CoreServices): Promise<PartyAnnouncement[]> {
  const s = stores(services);
  const due = await s.parties.due(services.now());
  const out: PartyAnnouncement[] = [];
  for (const p of due) {
    const { party, settledNow } = await settle(services, p);
    if (!settledNow) continue;
    const closedCard = await card(services, party, 'Time is up');
    const title = closedCard.party?.winner?.title;
    out.push({
      platform: party.platform,
      channelId: party.channelKey,
      reply: {
        text: title ? `⏰ Time is up: the group picked **${title}**! Rate it after watching.` : '⏰ The watch party expired before a pick.',
        cards: [closedCard],
        status: `party_${party.status}`,
      },
    });
  }
  return out;
}
