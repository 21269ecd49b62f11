/**
 * Reply / Card -> HTML, pure. Every fragment is built with hono's escaping `html` template and
 * the bot's markdown with markdown-it (html.ts); links must be http(s). The page script swaps
 * these fragments in as they come back from the server.
 */
import type { Card, CardAction, Reply } from '../../src/core/types.js';
import { button } from './buttons.js';
import { formatText, html, toHtmlString, type Html } from './html.js';
import { renderPartyDetails, voteActionsOf } from './party.js';

export { formatText };

/** Only absolute http(s) URLs become links or images; anything else (javascript:, data:) is dropped. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
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

function actionRows(actions: readonly CardAction[]): Html {
  const rating = actions.filter((a) => a.group === 'rating');
  const rest = actions.filter((a) => a.group !== 'rating');
  return html`${rating.length ? html`<div class="actions rating" role="group" aria-label="Rate">${rating.map(button)}</div>` : ''}${
    rest.length ? html`<div class="actions">${rest.map(button)}</div>` : ''
  }`;
}

/** The poster when one is known, over the monogram tile (the page drops an image that fails to load). */
function poster(card: Card): Html {
  const src = safeUrl(card.imageUrl);
  return html`<div class="poster" aria-hidden="true"><div class="tile h${hueOf(card.title)}">${monogram(card.title)}</div>${
    src ? html`<img class="poster-img" src="${src}" alt="" loading="lazy" referrerpolicy="no-referrer">` : ''
  }</div>`;
}

/** The card's star badge: whose predicted stars these are (the viewer's, or the named person's on a shared card). */
function badge(card: Card): Html | string {
  const movie = card.movie;
  if (movie?.userRating !== undefined) return html`<span class="badge rated" title="Your rating">${String(movie.userRating)}★ yours</span>`;
  if (movie?.predicted === undefined) return '';
  const who = movie.forWhom ?? 'you';
  return html`<span class="badge" title="Predicted for ${who}">${movie.predicted.toFixed(1)}★ for ${who}</span>`;
}

function cardHtml(card: Card): Html {
  const url = safeUrl(card.url);
  const title = url ? html`<a href="${url}" target="_blank" rel="noopener noreferrer">${card.title}</a>` : html`${card.title}`;
  const movie = card.movie;
  // Fields the badge already shows; party cards show members and the list in their own layout.
  const badgeLabels = new Set(['For you', 'Your rating', ...(movie?.forWhom ? [`For ${movie.forWhom}`] : [])]);
  const fields = card.party ? [] : (card.fields ?? []).filter((f) => !(movie && badgeLabels.has(f.label)));
  const links = (movie?.links ?? [])
    .map((l) => ({ label: l.label, url: safeUrl(l.url) }))
    .filter((l): l is { label: string; url: string } => l.url !== undefined);
  const votes = card.party ? voteActionsOf(card) : new Set<CardAction>();
  const actions = (card.actions ?? []).filter((a) => !votes.has(a));
  return html`<article class="card card-${card.kind}"${movie ? html` data-movie="${String(movie.movieId)}"` : ''}${card.party ? html` data-party="${String(card.party.partyId)}"` : ''}>${
    card.kind === 'movie' ? poster(card) : ''
  }<div class="card-main"><header><h3>${title}</h3>${badge(card)}</header>${card.body ? html`<div class="body">${formatText(card.body)}</div>` : ''}${
    fields.length
      ? html`<dl class="fields">${fields.map((f) => html`<div${f.inline ? '' : html` class="wide"`}><dt>${f.label}</dt><dd>${f.value}</dd></div>`)}</dl>`
      : ''
  }${card.party ? renderPartyDetails(card) : ''}${
    links.length
      ? html`<div class="links">${links.map((l) => html`<a href="${l.url}" target="_blank" rel="noopener noreferrer">${l.label}</a>`)}</div>`
      : ''
  }${actionRows(actions)}${card.footer ? html`<footer>${card.footer}</footer>` : ''}</div></article>`;
}

export function renderCard(card: Card): string {
  return toHtmlString(cardHtml(card));
}

export interface ReplyMeta {
  /** Who the bot answered (ephemeral replies are only shown to them). */
  user: string;
}

function only(user: string): Html {
  return html`<span class="only">only ${user} can see this</span>`;
}

export function renderReply(reply: Reply, meta: ReplyMeta): string {
  const classes = ['msg', 'bot'];
  if (reply.ephemeral) classes.push('ephemeral');
  if (reply.status?.startsWith('error:')) classes.push('error');
  const file = reply.attachment;
  const href = file ? `data:${file.contentType};base64,${Buffer.from(file.content, 'utf8').toString('base64')}` : undefined;
  return toHtmlString(
    html`<div class="${classes.join(' ')}" data-user="${meta.user.toLowerCase()}" data-status="${reply.status ?? ''}"><div class="who">Reelmate${
      reply.ephemeral ? html` ${only(meta.user)}` : ''
    }</div>${reply.text ? html`<div class="text">${formatText(reply.text)}</div>` : ''}${
      reply.cards?.length ? html`<div class="cards">${reply.cards.map(cardHtml)}</div>` : ''
    }${file && href ? html`<a class="attachment" download="${file.filename}" href="${href}">📎 ${file.filename}</a>` : ''}</div>`,
  );
}

/**
 * A reply that is only about the clicked card (private, text only: "You rated Heat 4★" and the
 * clicker's own state) belongs on that card, not in the log: shown to the clicker alone.
 */
export function isCardNote(reply: Reply): boolean {
  return reply.ephemeral === true && !reply.cards?.length && !reply.attachment && !!reply.text;
}

/** The clicker's private line on a card; the page shows it only while that user is selected. */
export function renderCardNote(reply: Reply, meta: ReplyMeta): string {
  const error = reply.status?.startsWith('error:') ? ' error' : '';
  return toHtmlString(
    html`<div class="private${error}" data-user="${meta.user.toLowerCase()}" data-status="${reply.status ?? ''}" role="status">${only(meta.user)}${formatText(reply.text ?? '')}</div>`,
  );
}

export function renderUserMessage(user: string, text: string): string {
  return toHtmlString(
    html`<div class="msg me" data-user="${user.toLowerCase()}"><div class="who">${user}</div><div class="text">${formatText(text)}</div></div>`,
  );
}
