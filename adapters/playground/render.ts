/**
 * Reply / Card -> HTML, pure. Every value from the core or a user goes through `escapeHtml`
 * (text) or `escapeAttr` (attributes); links must be http(s). The page script swaps these
 * fragments in as they come back from the server.
 */
import type { Card, CardAction, Reply } from '../../src/core/types.js';
import { renderPartyDetails } from './party.js';
import { escapeHtml } from './render-escape.js';

export { escapeHtml };
export const escapeAttr = escapeHtml;

/** Only absolute http(s) URLs become links; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Chat text: escaped, `code` spans, "• " lines as a list, line breaks kept. */
export function formatText(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let list: string[] = [];
  const inline = (s: string) => escapeHtml(s).replace(/`([^`\n]{1,200})`/g, '<code>$1</code>');
  const flush = () => {
    if (list.length) out.push(`<ul>${list.map((l) => `<li>${l}</li>`).join('')}</ul>`);
    list = [];
  };
  for (const line of lines) {
    if (line.startsWith('• ')) list.push(inline(line.slice(2)));
    else {
      flush();
      if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`);
    }
  }
  flush();
  return out.join('');
}

/** Tile colours: a class per hue step, because the page's CSP allows no inline styles. */
export const HUE_STEPS = 12;

/** A stable hue step from a string, so each movie's tile keeps its colour. */
export function hueOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h % HUE_STEPS;
}

/** "The Matrix (1999)" -> "TM": the poster-less tile. */
export function monogram(title: string): string {
  const words = title
    .replace(/\(\d{4}\)\s*$/, '')
    .split(/\s+/)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w) && !/^(the|a|an|of|and|la|le|el)$/i.test(w));
  const letters = words.slice(0, 2).map((w) => [...w][0]!.toUpperCase());
  return letters.join('') || '★';
}

function button(a: CardAction): string {
  const style = a.style ?? 'secondary';
  const label = `${a.emoji ? `<span aria-hidden="true">${escapeHtml(a.emoji)}</span> ` : ''}${escapeHtml(a.label)}`;
  return `<button type="button" class="btn btn-${escapeAttr(style)} act-${escapeAttr(a.kind)}" data-payload="${escapeAttr(a.id)}">${label}</button>`;
}

function actionRows(actions: readonly CardAction[]): string {
  const rating = actions.filter((a) => a.group === 'rating');
  const rest = actions.filter((a) => a.group !== 'rating');
  const rows: string[] = [];
  if (rating.length) rows.push(`<div class="actions rating" role="group" aria-label="Rate">${rating.map(button).join('')}</div>`);
  if (rest.length) rows.push(`<div class="actions">${rest.map(button).join('')}</div>`);
  return rows.join('');
}

export function renderCard(card: Card): string {
  const url = safeUrl(card.url);
  const title = url
    ? `<a href="${escapeAttr(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(card.title)}</a>`
    : escapeHtml(card.title);
  const movie = card.movie;
  const badge =
    movie?.userRating !== undefined
      ? `<span class="badge rated" title="Your rating">${escapeHtml(String(movie.userRating))}★ yours</span>`
      : movie?.predicted !== undefined
        ? `<span class="badge" title="Predicted for you">${escapeHtml(movie.predicted.toFixed(1))}★ for you</span>`
        : '';
  const tile = card.kind === 'movie' ? `<div class="tile h${hueOf(card.title)}" aria-hidden="true">${escapeHtml(monogram(card.title))}</div>` : '';
  const fields = (card.fields ?? []).filter((f) => !(movie && (f.label === 'For you' || f.label === 'Your rating')));
  const fieldHtml = fields.length
    ? `<dl class="fields">${fields.map((f) => `<div${f.inline ? '' : ' class="wide"'}><dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd></div>`).join('')}</dl>`
    : '';
  const links = (movie?.links ?? [])
    .map((l) => ({ label: l.label, url: safeUrl(l.url) }))
    .filter((l): l is { label: string; url: string } => l.url !== undefined)
    .map((l) => `<a href="${escapeAttr(l.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(l.label)}</a>`)
    .join('');
  return [
    `<article class="card card-${escapeAttr(card.kind)}"${movie ? ` data-movie="${movie.movieId}"` : ''}>`,
    tile,
    '<div class="card-main">',
    `<header><h3>${title}</h3>${badge}</header>`,
    card.body ? `<div class="body">${formatText(card.body)}</div>` : '',
    fieldHtml,
    card.party ? renderPartyDetails(card.party) : '',
    links ? `<div class="links">${links}</div>` : '',
    actionRows(card.actions ?? []),
    card.footer ? `<footer>${escapeHtml(card.footer)}</footer>` : '',
    '</div></article>',
  ].join('');
}

export interface ReplyMeta {
  /** Who the bot answered (ephemeral replies are only shown to them). */
  user: string;
}

export function renderReply(reply: Reply, meta: ReplyMeta): string {
  const classes = ['msg', 'bot'];
  if (reply.ephemeral) classes.push('ephemeral');
  if (reply.status?.startsWith('error:')) classes.push('error');
  const parts: string[] = [
    `<div class="${classes.join(' ')}" data-user="${escapeAttr(meta.user.toLowerCase())}" data-status="${escapeAttr(reply.status ?? '')}">`,
    `<div class="who">Reelmate${reply.ephemeral ? ` <span class="only">only ${escapeHtml(meta.user)} can see this</span>` : ''}</div>`,
  ];
  if (reply.text) parts.push(`<div class="text">${formatText(reply.text)}</div>`);
  if (reply.cards?.length) parts.push(`<div class="cards">${reply.cards.map(renderCard).join('')}</div>`);
  if (reply.attachment) {
    const href = `data:${reply.attachment.contentType};base64,${Buffer.from(reply.attachment.content, 'utf8').toString('base64')}`;
    parts.push(
      `<a class="attachment" download="${escapeAttr(reply.attachment.filename)}" href="${escapeAttr(href)}">📎 ${escapeHtml(reply.attachment.filename)}</a>`,
    );
  }
  parts.push('</div>');
  return parts.join('');
}

export function renderUserMessage(user: string, text: string): string {
  return `<div class="msg me" data-user="${escapeAttr(user.toLowerCase())}"><div class="who">${escapeHtml(user)}</div><div class="text">${formatText(text)}</div></div>`;
}
