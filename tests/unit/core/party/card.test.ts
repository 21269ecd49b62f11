/**
 * The party card is one neutral Card; every adapter's pure renderer must carry all of its
 * buttons (as buttons or menu options) within the platform limits.
 */
import { describe, expect, it } from 'vitest';
import { renderComponents, renderEmbed } from '../../../../adapters/discord/render.js';
import { renderCard as renderPlayground } from '../../../../adapters/playground/render.js';
import { renderCard as renderSlack } from '../../../../adapters/slack/render.js';
import { ActionCodec } from '../../../../src/features/index.js';
import { partyCard, uniqueNames, type PartyView } from '../../../../src/features/watchparty/card.js';

const codec = new ActionCodec('party-card-test-secret-0123456789');

function view(overrides: Partial<PartyView> = {}): PartyView {
  const members = ['Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Ana'].map((name, i) => ({ userId: 100 + i, name }));
  return {
    partyId: 4242,
    status: 'voting',
    votingMode: 'approval',
    host: members[0]!,
    members,
    constraints: 'Friday: comedy · under 120 min',
    candidates: [1, 2, 3, 4, 5].map((rank) => ({
      movieId: 100_000 + rank,
      title: rank === 3 ? 'A Very Long Film Title That Goes On And On Beyond Any Button (2001)' : `Film ${rank} (1999)`,
      rank,
      groupScore: 4.2 - rank / 10,
      memberPredictions: Object.fromEntries(members.map((m, i) => [String(m.userId), 3.6 + ((i + rank) % 5) / 5])),
      points: 5 - rank,
      voters: 5 - rank,
    })),
    expiresAt: new Date('2026-03-06T21:00:00Z'),
    ...overrides,
  };
}

describe('party card', () => {
  it('shows members, constraints, each candidate with a member bar and reason, and vote buttons', () => {
    const card = partyCard(view(), codec);
    expect(card.kind).toBe('party');
    expect(card.title).toContain('Friday: comedy');
    expect(card.party?.members).toEqual(['Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Ana (2)']);
    expect(card.party?.candidates).toHaveLength(5);
    expect(Object.keys(card.party!.candidates![0]!.memberStars)).toHaveLength(8);
    expect(card.party?.candidates?.[0]?.bar).toMatch(/everyone 3\.\d★ or more$/);
    expect(card.party?.candidates?.[0]?.reason).toBeTruthy();
    const first = card.fields?.find((f) => f.label === '1. Film 1 (1999)');
    expect(first?.value).toMatch(/^\S{8} everyone 3\.\d★ or more · 4 votes\n/);
    const votes = card.actions?.filter((a) => a.kind === 'party_vote') ?? [];
    expect(votes.map((a) => a.value)).toEqual([1, 2, 3, 4, 5]);
    for (const a of card.actions ?? []) {
      expect(a.id.length).toBeLessThanOrEqual(100);
      expect(codec.decode(a.id).ok).toBe(true);
    }
    expect(card.actions?.map((a) => a.kind)).toEqual(expect.arrayContaining(['party_join', 'party_leave', 'party_pick', 'party_close']));
  });

  it("shows the members' mean stars as the group's, whatever the strategy scored", () => {
    const members = [
      { userId: 1, name: 'Ana' },
      { userId: 2, name: 'Ben' },
    ];
    const candidate = { title: 'Film (1999)', rank: 1, points: 0, voters: 0 };
    const card = partyCard(
      view({
        members,
        host: members[0]!,
        candidates: [
          // Borda points, and a fill-in the misery rule dropped (its score is below zero)
          { ...candidate, movieId: 1, groupScore: 17, memberPredictions: { 1: 4, 2: 3.5 } },
          { ...candidate, movieId: 2, rank: 2, groupScore: -2.5, memberPredictions: { 1: 4.5, 2: 2.5 } },
          { ...candidate, movieId: 3, rank: 3, groupScore: 0, memberPredictions: {} },
        ],
      }),
      codec,
    );
    expect(card.party?.candidates?.map((c) => c.groupStars)).toEqual([3.8, 3.5, null]);
    for (const text of [JSON.stringify(renderSlack(card, 0)), renderPlayground(card)]) {
      expect(text).not.toContain('17');
      expect(text).not.toContain('-2.5');
    }
  });

  it('has no buttons once closed, and names the winner', () => {
    const card = partyCard(view({ status: 'closed', winner: { movieId: 100_002, title: 'Film 2 (1999)' } }), codec);
    expect(card.actions).toEqual([]);
    expect(card.body).toContain('Film 2 (1999)');
    expect(card.party?.winner?.movieId).toBe(100_002);
  });

  it('offers join and pick before the pick, without vote buttons', () => {
    const card = partyCard(view({ status: 'open', candidates: [] }), codec);
    expect(card.actions?.map((a) => a.kind)).toEqual(['party_join', 'party_leave', 'party_pick']);
    expect(card.party?.candidates).toBeUndefined();
  });

  it('keeps display names apart', () => {
    expect(
      uniqueNames([
        { userId: 1, name: 'Sam' },
        { userId: 2, name: 'Sam' },
        { userId: 3, name: 'Jo' },
      ]),
    ).toEqual(['Sam', 'Sam (2)', 'Jo']);
  });
});

describe('every adapter renders every party button', () => {
  const card = partyCard(view(), codec);
  const ids = (card.actions ?? []).map((a) => a.id);

  it('Discord: buttons or the overflow menu, within five rows', () => {
    const rows = renderComponents(card);
    expect(rows.length).toBeLessThanOrEqual(5);
    const rendered = JSON.stringify(rows);
    for (const id of ids) expect(rendered).toContain(id);
    const embed = renderEmbed(card);
    expect(embed.title).toContain('Watch party');
    expect(JSON.stringify(embed)).toContain('Film 1 (1999)');
  });

  it('Slack: action elements within the block limits', () => {
    const blocks = renderSlack(card, 0);
    const rendered = JSON.stringify(blocks);
    for (const id of ids) expect(rendered).toContain(id);
    expect(rendered).toContain('Film 1 (1999)');
  });

  it('playground: HTML carrying every payload', () => {
    const html = renderPlayground(card);
    for (const id of ids) expect(html).toContain(id);
    expect(html).toContain('Film 1 (1999)');
  });
});
