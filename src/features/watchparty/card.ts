/**
 * The party card: one neutral Card (kind 'party') every adapter renders. Pure: it takes what
 * the command loaded and the payload codec, and returns the card with signed buttons.
 */
import type { PayloadEncoder } from '../../core/actions.js';
import type { Card, CardAction, CardField, PartyInfo } from '../../core/types.js';
import { memberBar, whyItFits } from '../../party/present.js';
import type { VotingMode } from '../../party/tally.js';

export interface PartyMemberView {
  userId: number;
  name: string;
  /** The platform's id for this person (Discord user id, Slack "TEAM:USER"), when known. */
  externalId?: string | undefined;
}

export interface PartyCandidateView {
  movieId: number;
  title: string;
  rank: number;
  groupScore: number;
  /** User id (string) -> predicted stars. */
  memberPredictions: Record<string, number>;
  /** User id (string) -> calibrated probability of a rating of 2.5 or less, when known. */
  memberRisk?: Record<string, number> | undefined;
  /** Tally points (approval: voters; ranked: Borda points). */
  points: number;
  voters: number;
}

export interface PartyView {
  partyId: number;
  status: PartyInfo['status'];
  votingMode: VotingMode;
  host: PartyMemberView;
  members: readonly PartyMemberView[];
  /** What was understood of the constraints ("Friday: comedy · under 2h"); '' for none. */
  constraints: string;
  candidates: readonly PartyCandidateView[];
  winner?: { movieId: number; title: string } | undefined;
  expiresAt: Date;
  /** A line for the footer ("Ana voted", "Ben joined"). */
  note?: string | undefined;
}

/** Discord button labels stop at 80 characters; keep vote labels short and readable. */
const VOTE_LABEL_MAX = 40;

function shortTitle(title: string): string {
  return title.length <= VOTE_LABEL_MAX ? title : `${title.slice(0, VOTE_LABEL_MAX - 1)}…`;
}

/** Stars of every member (in member order) for one candidate, NaN where unknown. */
function starsFor(c: PartyCandidateView, members: readonly PartyMemberView[]): number[] {
  return members.map((m) => c.memberPredictions[String(m.userId)] ?? NaN);
}

/** Misery risk of every member (in member order), NaN where unknown; undefined when the pick had none. */
function risksFor(c: PartyCandidateView, members: readonly PartyMemberView[]): number[] | undefined {
  const r = c.memberRisk;
  return r ? members.map((m) => r[String(m.userId)] ?? NaN) : undefined;
}

/** Mean of the known stars, rounded to 0.1; null when none is known. */
export function meanStars(stars: readonly number[]): number | null {
  const known = stars.filter(Number.isFinite);
  return known.length ? Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10) / 10 : null;
}

/** Display names made unique ("Sam", "Sam (2)"), so per-member maps never collide. */
export function uniqueNames(members: readonly PartyMemberView[]): string[] {
  const count = new Map<string, number>();
  return members.map((m) => {
    const n = (count.get(m.name) ?? 0) + 1;
    count.set(m.name, n);
    return n === 1 ? m.name : `${m.name} (${n})`;
  });
}

function statusLine(v: PartyView): string {
  const who = `${v.members.length} in`;
  switch (v.status) {
    case 'open':
      return `Open: join in, then ${v.host.name} picks (${who}).`;
    case 'voting':
      return v.votingMode === 'ranked'
        ? `Voting (ranked): click films in order of preference (${who}).`
        : `Voting: click every film you would happily watch (${who}).`;
    case 'closed':
      return v.winner ? `Closed: tonight it is ${v.winner.title}!` : 'Closed without a pick.';
    case 'expired':
      return 'This party expired.';
  }
}

export function partyCard(v: PartyView, codec: PayloadEncoder): Card {
  const names = uniqueNames(v.members);
  const fields: CardField[] = [
    { label: 'Host', value: v.host.name, inline: true },
    { label: `Members (${v.members.length})`, value: names.join(', ') || 'nobody yet', inline: true },
  ];
  if (v.constraints) fields.push({ label: 'Looking for', value: v.constraints, inline: true });
  for (const c of v.candidates) {
    const stars = starsFor(c, v.members);
    const votes = v.status === 'voting' || v.status === 'closed' ? ` · ${c.voters} vote${c.voters === 1 ? '' : 's'}` : '';
    fields.push({
      label: `${c.rank}. ${c.title}`,
      value: `${memberBar(names, stars)}${votes}\n${whyItFits(names, stars, risksFor(c, v.members))}`,
    });
  }
  const live = v.status === 'open' || v.status === 'voting';
  const actions: CardAction[] = [];
  if (v.status === 'voting') {
    for (const c of v.candidates) {
      actions.push({
        id: codec.encode({ kind: 'party_vote', partyId: v.partyId, movieId: c.movieId }),
        kind: 'party_vote',
        label: `${c.rank}. ${shortTitle(c.title)}`,
        value: c.rank,
        emoji: '🗳',
        group: 'main',
        style: 'secondary',
      });
    }
  }
  if (live) {
    actions.push(
      {
        id: codec.encode({ kind: 'party_join', partyId: v.partyId }),
        kind: 'party_join',
        label: 'Join',
        emoji: '🙋',
        group: 'main',
        style: 'success',
      },
      {
        id: codec.encode({ kind: 'party_leave', partyId: v.partyId }),
        kind: 'party_leave',
        label: 'Leave',
        emoji: '👋',
        group: 'menu',
        style: 'secondary',
      },
      {
        id: codec.encode({ kind: 'party_pick', partyId: v.partyId }),
        kind: 'party_pick',
        label: v.status === 'voting' ? 'Pick again' : 'Pick (host)',
        emoji: '🎲',
        group: v.status === 'voting' ? 'menu' : 'main',
        style: 'primary',
      },
    );
    if (v.status === 'voting') {
      actions.push({
        id: codec.encode({ kind: 'party_unvote', partyId: v.partyId }),
        kind: 'party_unvote',
        label: 'Take back my votes',
        emoji: '↩️',
        group: 'menu',
        style: 'secondary',
      });
      actions.push({
        id: codec.encode({ kind: 'party_close', partyId: v.partyId }),
        kind: 'party_close',
        label: 'Close vote (host)',
        emoji: '🏁',
        group: 'main',
        style: 'danger',
      });
    }
  }
  const info: PartyInfo = {
    partyId: v.partyId,
    status: v.status,
    host: v.host.name,
    members: names,
    constraints: v.constraints,
    candidates: v.candidates.length
      ? v.candidates.map((c) => ({
          movieId: c.movieId,
          title: c.title,
          groupStars: meanStars(starsFor(c, v.members)),
          memberStars: Object.fromEntries(
            v.members.map((m, i) => [names[i]!, c.memberPredictions[String(m.userId)]]).filter(([, s]) => s !== undefined),
          ) as Record<string, number>,
          votes: c.voters,
          bar: memberBar(names, starsFor(c, v.members)),
          reason: whyItFits(names, starsFor(c, v.members), risksFor(c, v.members)),
        }))
      : undefined,
    winner: v.winner,
    hostId: v.host.externalId,
    memberIds: v.members.flatMap((m) => (m.externalId ? [m.externalId] : [])),
    invite: live ? codec.encode({ kind: 'party_invite', partyId: v.partyId }) : undefined,
  };
  const title = v.constraints ? `🎬 Watch party · ${v.constraints}` : '🎬 Watch party';
  return {
    kind: 'party',
    title,
    body: statusLine(v),
    fields,
    actions,
    footer: v.note ?? (live ? `Closes by itself at ${v.expiresAt.toISOString().slice(11, 16)} UTC` : undefined),
    party: info,
  };
}
