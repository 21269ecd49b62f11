/**
 * "Bring my group along": the host adds several people at once (on Discord, everyone in the
 * host's voice channel). The platform names the people (InboundAction.invitees); this joins
 * them in one step, so a retried or doubled click adds nobody twice.
 */
import { onboardPage } from '../onboard/command.js';
import { actorName, type RequestContext } from '../../core/context.js';
import { Conversation, DEFAULT_CONVERSATION_TTL_MS } from '../../core/conversation.js';
import type { ActionOutcome, Actor } from '../../core/types.js';
import type { User } from '../../db/repositories/users.js';
import type { Party } from '../../db/repositories/parties.js';
import { card, partyOver, stores } from './session.js';

/** "Bo", "Bo and Cy", "Bo, Cy and Di". */
export function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The invitees worth adding: on the clicker's platform, not the clicker, each once. */
export function distinctInvitees(ctx: Pick<RequestContext, 'actor'>, invitees: readonly Actor[]): Actor[] {
  const seen = new Set<string>([ctx.actor.externalId]);
  return invitees.filter((a) => {
    if (a.platform !== ctx.actor.platform || seen.has(a.externalId)) return false;
    seen.add(a.externalId);
    return true;
  });
}

/** The quick onboarding, made for one newcomer (their own exclusions and conversation). */
async function onboardingFor(ctx: RequestContext, actor: Actor, user: User) {
  const conversation = new Conversation(
    ctx.services.repos.conversations,
    { platform: actor.platform, userKey: String(user.id), channelKey: ctx.channelId },
    DEFAULT_CONVERSATION_TTL_MS,
    ctx.services.now,
  );
  return onboardPage({ ...ctx, actor, user, conversation, invitees: undefined }, [], 0);
}

/** Host only: the bot checks before (the party_invite button `requires: 'partyHost'`). */
export async function inviteToParty(ctx: RequestContext, party: Party): Promise<ActionOutcome> {
  const invitees = distinctInvitees(ctx, ctx.invitees ?? []);
  if (invitees.length === 0) {
    return { reply: { text: 'There is nobody with you to bring in right now.', ephemeral: true, status: 'party_invite_empty' } };
  }
  const { repos } = ctx.services;
  const users: User[] = [];
  for (const a of invitees)
    users.push(await repos.users.ensure({ platform: a.platform, externalId: a.externalId, displayName: a.displayName }));
  const outcome = await stores(ctx.services).parties.joinMany(
    party.id,
    users.map((u) => u.id),
    ctx.services.now(),
  );
  if (outcome.kind !== 'joined') return partyOver(ctx, party);
  const joined = new Set(outcome.joined);
  const newcomers = users.map((user, i) => ({ user, actor: invitees[i]! })).filter((n) => joined.has(n.user.id));
  const nameOf = (n: { user: User; actor: Actor }) => n.actor.displayName ?? n.user.displayName ?? 'someone';
  if (newcomers.length === 0) {
    return { reply: { text: 'Everyone with you is already in this watch party.', ephemeral: true, status: 'party_invite_none' } };
  }
  const names = nameList(newcomers.map(nameOf));
  const update = await card(ctx.services, party, `${actorName(ctx)} brought in ${names}`);
  const already = outcome.already.length ? ` (${outcome.already.length} already in)` : '';
  const unrated: typeof newcomers = [];
  for (const n of newcomers) if ((await repos.ratings.forUser(n.user.id)).length === 0) unrated.push(n);
  if (unrated.length === 0) {
    return { update, reply: { text: `Added ${names}${already}.`, ephemeral: true, status: 'party_invited' } };
  }
  // The invitees did not click anything, so nothing private can reach them: the offer goes to
  // the channel. Movie cards act for whoever clicks, so one set of cards serves every newcomer.
  const first = unrated[0]!;
  const onboarding = await onboardingFor(ctx, first.actor, first.user);
  return {
    update,
    reply: {
      text: `Added ${names}${already}. ${nameList(unrated.map(nameOf))}: you have not rated anything yet; rate a few of these so the group pick fits you too.`,
      cards: onboarding.cards,
      status: 'party_invited',
    },
  };
}
