import { describe, expect, it } from 'vitest';
import { customIdsOf, parseComponent } from '../../../adapters/discord/parse.js';
import { renderComponents } from '../../../adapters/discord/render.js';
import { replyWithVoiceInvite, VOICE_CUSTOM_ID_PREFIX, voicePayload, withVoiceInvite } from '../../../adapters/discord/voice.js';
import type { Card, PartyInfo } from '../../../src/core/types.js';

function partyCard(party: Partial<PartyInfo> = {}): Card {
  return {
    kind: 'party',
    title: '🎬 Watch party',
    actions: [{ id: 'v1:pj:7:abcdefgh', kind: 'party_join', label: 'Join', group: 'main' }],
    party: {
      partyId: 7,
      status: 'open',
      host: 'Ana',
      members: ['Ana'],
      constraints: '',
      hostId: '111',
      invite: 'v1:pi:7:abcdefgh',
      ...party,
    },
  };
}

// The host (111) sits with n others; 333 is one of them.
const inVoice = (n: number | undefined) => (hostId: string, members: ReadonlySet<string>) =>
  hostId === '111' && n !== undefined ? n - (members.has('333') ? 1 : 0) : undefined;

describe('the voice-channel invite button', () => {
  it('is added for a live party whose host sits with somebody in a voice channel, with the count', () => {
    const card = withVoiceInvite(partyCard(), inVoice(3));
    const invite = card.actions?.find((a) => a.kind === 'party_invite');
    expect(invite).toMatchObject({ id: `${VOICE_CUSTOM_ID_PREFIX}v1:pi:7:abcdefgh`, label: 'Invite my voice channel (3)' });
    // Rendered as a button; adding it twice keeps one.
    expect(withVoiceInvite(card, inVoice(3)).actions).toHaveLength(2);
    const ids = renderComponents(card).flatMap((r) => r.components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(ids).toContain(invite!.id);
  });

  it('counts only the people not in the party yet, and is left out when everyone there is in', () => {
    const invite = (c: Card) => c.actions?.find((a) => a.kind === 'party_invite');
    expect(invite(withVoiceInvite(partyCard({ memberIds: ['111', '333'] }), inVoice(3)))?.label).toBe('Invite my voice channel (2)');
    expect(invite(withVoiceInvite(partyCard({ memberIds: ['111', '333'] }), inVoice(1)))).toBeUndefined();
  });

  it('is left out when the host is not in voice, alone there, the party is over, or the card has no invite', () => {
    expect(withVoiceInvite(partyCard(), inVoice(undefined)).actions).toHaveLength(1);
    expect(withVoiceInvite(partyCard(), inVoice(0)).actions).toHaveLength(1);
    expect(withVoiceInvite(partyCard({ status: 'closed' }), inVoice(2)).actions).toHaveLength(1);
    expect(withVoiceInvite(partyCard({ invite: undefined }), inVoice(2)).actions).toHaveLength(1);
    expect(withVoiceInvite(partyCard({ hostId: '222' }), inVoice(2)).actions).toHaveLength(1);
    const movie: Card = { kind: 'movie', title: 'Heat', actions: [] };
    expect(replyWithVoiceInvite({ text: 'hi', cards: [movie] }, inVoice(2)).cards).toEqual([movie]);
  });

  it('a click on it is recognised and the core payload recovered (button or overflow menu)', () => {
    const action = parseComponent({
      id: '1',
      customId: `${VOICE_CUSTOM_ID_PREFIX}v1:pi:7:abcdefgh`,
      user: { id: '111', username: 'ana' },
      channelId: 'c',
    });
    expect(voicePayload(action!.payload)).toEqual({ payload: 'v1:pi:7:abcdefgh', voice: true });
    const menu = parseComponent({
      id: '2',
      customId: 'menu:0',
      values: [`${VOICE_CUSTOM_ID_PREFIX}v1:pi:7:abcdefgh`],
      user: { id: '111', username: 'ana' },
      channelId: 'c',
    });
    expect(voicePayload(menu!.payload).voice).toBe(true);
    expect(voicePayload('v1:pj:7:abcdefgh')).toEqual({ payload: 'v1:pj:7:abcdefgh', voice: false });
    // It names no movie, so a reaction on a party card still means nothing.
    expect(customIdsOf([{ components: [{ custom_id: `${VOICE_CUSTOM_ID_PREFIX}v1:pi:7:abcdefgh` }] }])).toEqual([
      `${VOICE_CUSTOM_ID_PREFIX}v1:pi:7:abcdefgh`,
    ]);
  });
});
