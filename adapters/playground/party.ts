/**
 * The watch-party part of a card (pure): the members, then one ranked list in the order the
 * core numbered it (the group's stars, best first), each row with the group's stars as a meter,
 * every member's own stars, why it fits, the votes so far and its vote button. <meter> draws the
 * bars, so no inline style is needed under the page's CSP.
 */
import type { Card, CardAction } from '../../src/core/types.js';
import { html, type Html } from './html.js';
import { button } from './buttons.js';

/** The vote buttons that belong to a row of the list (by the candidate's number). */
function voteFor(card: Card, rank: number): CardAction | undefined {
  return card.actions?.find((a) => a.kind === 'party_vote' && a.value === rank);
}

/** Vote buttons drawn inside the list, so the card's button rows leave them out. */
export function voteActionsOf(card: Card): Set<CardAction> {
  const out = new Set<CardAction>();
  (card.party?.candidates ?? []).forEach((_, i) => {
    const a = voteFor(card, i + 1);
    if (a) out.add(a);
  });
  return out;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

export function renderPartyDetails(card: Card): Html {
  const party = card.party!;
  const members = party.members.length
    ? html`<p class="members" aria-label="Members">${party.members.map((m) => html`<span class="member${m === party.host ? ' host' : ''}">${m}</span>`)}</p>`
    : '';
  const showVotes = party.status === 'voting' || party.status === 'closed';
  const rows = (party.candidates ?? []).map((c, i) => {
    const rank = i + 1;
    const winner = party.winner?.movieId === c.movieId;
    const vote = voteFor(card, rank);
    const score =
      c.groupStars === null
        ? html`<span class="score muted">no stars yet</span>`
        : html`<span class="score"><meter min="0" max="5" value="${String(Math.max(0, Math.min(5, c.groupStars)))}"></meter> ${c.groupStars.toFixed(1)}★</span>`;
    return html`<li class="pick${winner ? ' winner' : ''}" data-movie="${String(c.movieId)}"><div class="pick-head"><span class="rank">${String(rank)}</span><span class="ptitle">${
      winner ? '🏆 ' : ''
    }${c.title}</span>${score}${showVotes ? html`<span class="votes${c.votes === 0 ? ' none' : ''}">${plural(c.votes, 'vote')}</span>` : ''}</div><div class="pstars">${Object.entries(
      c.memberStars,
    ).map(
      ([name, s]) => html`<span class="mstar" title="${name}: ${s.toFixed(1)}★ predicted">${name} ${s.toFixed(1)}★</span>`,
    )}</div>${c.reason ? html`<div class="why">${c.reason}</div>` : ''}${vote ? html`<div class="pick-vote">${button({ ...vote, label: 'Vote' })}</div>` : ''}</li>`;
  });
  return html`${members}${rows.length ? html`<ol class="ranking">${rows}</ol>` : ''}`;
}
