/**
 * "Invite my voice channel": a live party card gets a button for its host while the host sits
 * in a voice channel of the server; one click brings every human in that channel into the
 * party. Voice states come from the gateway (GuildVoiceStates intent), so looking them up
 * costs no request. The core only sees a list of people (InboundAction.invitees).
 */
import type { Guild } from 'discord.js';
import { MAX_INVITEES, type Actor, type Card, type Reply } from '../../src/core/types.js';
import { actorOf } from './parse.js';

/**
 * custom_id prefix of the invite button: the core's signed party_invite payload follows. The
 * prefix tells the adapter to send the clicker's voice channel along with the click.
 */
export const VOICE_CUSTOM_ID_PREFIX = 'voice:';

/**
 * Others in the host's voice channel (humans only) who are not in the party yet, or undefined
 * when the host is not in one.
 */
export type VoiceCount = (hostId: string, members: ReadonlySet<string>) => number | undefined;

/** The invite button on live party cards whose host is in a voice channel with somebody else. */
export function withVoiceInvite(card: Card, count: VoiceCount): Card {
  const party = card.party;
  if (card.kind !== 'party' || !party?.invite || !party.hostId) return card;
  if (party.status !== 'open' && party.status !== 'voting') return card;
  const n = count(party.hostId, new Set(party.memberIds ?? []));
  if (n === undefined || n < 1) return card;
  const id = `${VOICE_CUSTOM_ID_PREFIX}${party.invite}`;
  if (card.actions?.some((a) => a.id === id)) return card;
  return {
    ...card,
    actions: [
      ...(card.actions ?? []),
      { id, kind: 'party_invite', label: `Invite my voice channel (${n})`, emoji: '🎙️', group: 'main', style: 'secondary' },
    ],
  };
}

export function replyWithVoiceInvite(reply: Reply, count: VoiceCount): Reply {
  if (!reply.cards?.some((c) => c.kind === 'party')) return reply;
  return { ...reply, cards: reply.cards.map((c) => withVoiceInvite(c, count)) };
}

/** Split a clicked custom_id (or menu value) into the core payload and whether it is the invite button. */
export function voicePayload(payload: string): { payload: string; voice: boolean } {
  return payload.startsWith(VOICE_CUSTOM_ID_PREFIX)
    ? { payload: payload.slice(VOICE_CUSTOM_ID_PREFIX.length), voice: true }
    : { payload, voice: false };
}

/** Humans (not bots) in a voice channel of the guild, as core actors, the host first excluded. */
function humansIn(guild: Guild, channelId: string, except: string): Actor[] {
  const out: Actor[] = [];
  for (const state of guild.voiceStates.cache.values()) {
    if (state.channelId !== channelId || state.id === except) continue;
    // A voice state names a member discord.js has cached (GUILD_CREATE and VOICE_STATE_UPDATE carry them).
    const member = state.member;
    if (!member || member.user.bot) continue;
    out.push(actorOf(member.user, member.nickname));
  }
  return out.slice(0, MAX_INVITEES);
}

export function voiceCounter(guild: Guild | null | undefined): VoiceCount {
  return (hostId, members) => {
    const channelId = guild?.voiceStates.cache.get(hostId)?.channelId;
    if (!guild || !channelId) return undefined;
    return humansIn(guild, channelId, hostId).filter((a) => !members.has(a.externalId)).length;
  };
}

/** Everyone (human) in the clicker's voice channel but the clicker; empty when not in one. */
export function voiceInvitees(guild: Guild | null | undefined, userId: string): Actor[] {
  const channelId = guild?.voiceStates.cache.get(userId)?.channelId;
  if (!guild || !channelId) return [];
  return humansIn(guild, channelId, userId);
}
