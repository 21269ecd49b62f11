/**
 * The watch-party part of a card (pure): members, then one row per candidate with the group
 * score as a meter, each member's predicted stars, and the votes so far. <meter> draws the bars,
 * so no inline style is needed under the page's CSP.
 */
import type { PartyInfo } from '../../src/core/types.js';
import { escapeHtml } from './render-escape.js';

export function renderPartyDetails(party: PartyInfo): string {
  const members = party.members.length
    ? `<p class="members">${party.members.map((m) => `<span class="member${m === party.host ? ' host' : ''}">${escapeHtml(m)}</span>`).join('')}</p>`
    : '';
  const rows = (party.candidates ?? []).map((c, i) => {
    const winner = party.winner?.movieId === c.movieId;
    const stars = Object.entries(c.memberStars)
      .map(([name, s]) => `<span title="${escapeHtml(name)}">${escapeHtml(name)} ${escapeHtml(s.toFixed(1))}★</span>`)
      .join('');
    return (
      `<tr${winner ? ' class="winner"' : ''}><td class="rank">${i + 1}</td>` +
      `<td><div class="ptitle">${winner ? '🏆 ' : ''}${escapeHtml(c.title)}</div><div class="pstars">${stars}</div></td>` +
      `<td class="score">${c.groupStars === null ? '–' : `<meter min="0" max="5" value="${escapeHtml(String(Math.max(0, Math.min(5, c.groupStars))))}"></meter> ${escapeHtml(c.groupStars.toFixed(1))}★`}</td>` +
      `<td class="votes">${c.votes > 0 ? `${c.votes} 🗳` : ''}</td></tr>`
    );
  });
  const table = rows.length ? `<table class="party"><tbody>${rows.join('')}</tbody></table>` : '';
  return members + table;
}
