/**
 * Pure Block Kit rendering of core cards and replies. No I/O: Reply/Card in, JSON out.
 * Every limit in limits.ts is enforced here by truncating or leaving out, never by failing.
 *
 * Block ids are `<prefix><card index>.<part>.<revision>`, so a click on any block of a card tells
 * which card of the message it belongs to, and an update can replace exactly that card's blocks.
 */
import type { types as slack } from '@slack/bolt';
import type { Card, CardAction, CardField, MovieInfo, Reply } from '../../src/core/types.js';
import { starGlyphs } from '../../src/core/format.js';
import { OVERFLOW_KINDS } from '../../src/features/index.js';
import { entitySafeCut, escapeMrkdwn, mrkdwnLink, SLACK_LIMITS as L, truncate, truncateMrkdwn } from './limits.js';

export type Block = slack.KnownBlock;
type ActionElement = slack.ActionsBlockElement;
type Option = slack.PlainTextOption;

/** Every action_id the adapter renders starts with this, so one listener routes them all. */
export const ACTION_ID_PREFIX = 'rm.';
export const ACTION_ID_PATTERN = /^rm\./;

export interface RenderOptions {
  /** Block id prefix per surface ('c' in messages); lower-case letters only. */
  prefix?: string;
  /** Changes on every re-render of a message, as Slack asks for new block ids on update. */
  revision?: string;
}

export interface SlackMessage {
  /** Fallback text for notifications and screen readers; always set. */
  text: string;
  blocks: Block[];
}

/** Under a live party card: Slack has no per-card "Join" gesture other than the button, so say reactions work too. */
export const REACT_TO_JOIN = '🙋 Click *Join*, or react to this message with any emoji, to join.';

/**
 * Where an action goes on Slack: stars in the rating row; the buttons their features mark
 * `overflow` (Seen, Not interested, Watchlist, More like this, Why) always in the overflow menu
 * (Slack has one, so the row stays short);
 * anything else where the core put it.
 */
export function groupOf(action: CardAction): 'rating' | 'main' | 'menu' {
  if (action.kind === 'rate') return 'rating';
  if (OVERFLOW_KINDS.has(action.kind)) return 'menu';
  return action.group === 'rating' ? 'main' : (action.group ?? 'main');
}

/** "★★★★½" for 4.5: the core's formatter (one set of star formatters for every platform). */
export const starString = starGlyphs;

function plain(text: string, max: number): slack.PlainTextElement {
  return { type: 'plain_text', text: truncate(text.trim() || ' ', max), emoji: true };
}

function mrkdwn(text: string, max: number): slack.MrkdwnElement {
  // The text is escaped already: cut on an entity boundary.
  return { type: 'mrkdwn', text: truncateMrkdwn(text.trim() || ' ', max) };
}

export function blockId(prefix: string, index: number, part: string, revision: string): string {
  return truncate(`${prefix}${index}.${part}.${revision}`, L.blockId);
}

/** The card index a block id belongs to, or undefined for blocks outside any card. */
const CARD_ID = /^([a-z]+)(\d+)\./;

export function cardIndexOf(id: string | undefined, prefix = 'c'): number | undefined {
  const m = id === undefined ? null : CARD_ID.exec(id);
  return m && m[1] === prefix ? Number(m[2]) : undefined;
}

function actionLabel(action: CardAction): string {
  const label = action.kind === 'rate' && action.value !== undefined && !action.label ? starString(action.value) : action.label;
  return action.emoji ? `${action.emoji} ${label}` : label;
}

function option(action: CardAction): Option {
  return { text: plain(actionLabel(action), L.optionText), value: action.id };
}

function button(action: CardAction, index: number): slack.Button {
  const el: slack.Button = {
    type: 'button',
    action_id: `${ACTION_ID_PREFIX}${action.kind}.${index}`,
    text: plain(actionLabel(action), L.buttonText),
    value: action.id,
  };
  // Block Kit knows only primary and danger; anything else is the default look.
  if (action.style === 'primary' || action.style === 'success') el.style = 'primary';
  else if (action.style === 'danger') el.style = 'danger';
  return el;
}

/** Rating buttons (up to five) or a half-star select, main buttons, and an overflow menu. */
export function actionElements(actions: readonly CardAction[]): ActionElement[] {
  const usable = actions.filter((a) => a.id.length > 0 && a.id.length <= L.optionValue);
  const rating = usable.filter((a) => groupOf(a) === 'rating');
  const main = usable.filter((a) => groupOf(a) === 'main');
  const menu = usable.filter((a) => groupOf(a) === 'menu');
  const elements: ActionElement[] = [];
  let n = 0;
  if (rating.length > 5) {
    elements.push({
      type: 'static_select',
      action_id: `${ACTION_ID_PREFIX}rate.select`,
      placeholder: plain('Rate it…', L.placeholder),
      options: rating.slice(0, L.selectOptions).map(option),
    });
  } else {
    for (const a of rating) elements.push(button(a, n++));
  }
  for (const a of main) elements.push(button(a, n++));
  if (menu.length >= L.overflowOptionsMin) {
    elements.push({
      type: 'overflow',
      action_id: `${ACTION_ID_PREFIX}menu`,
      options: menu.slice(0, L.overflowOptionsMax).map(option),
    });
    for (const a of menu.slice(L.overflowOptionsMax)) elements.push(button(a, n++));
  } else {
    for (const a of menu) elements.push(button(a, n++));
  }
  return elements.slice(0, L.actionsElements);
}

/** Card fields that belong on the movie's compact lines rather than in the field grid. */
const FACT_FIELDS = /^(genres?|runtime|directors?)$/i;
/** "For you" / "Your rating" on a private card; "For Ana" / "Ana's rating" on one in a channel. */
const STAR_FIELDS = /^(for .{1,100}|your rating|.{1,100}'s rating)$/i;

/**
 * Two compact lines under the title: facts (genres · runtime · director) and stars (predicted,
 * the viewer's rating). The core's fields are authoritative, so every platform shows the same
 * words; `card.movie` fills in only when the core sent no such fields.
 */
function movieMeta(card: Card): string[] {
  const movie: MovieInfo = card.movie ?? { movieId: 0 };
  const given = (pattern: RegExp): CardField | undefined => (card.fields ?? []).find((f) => pattern.test(f.label.trim()));
  const genres = given(/^genres?$/i)?.value ?? (movie.genres?.length ? movie.genres.join(', ') : undefined);
  const givenRuntime = given(/^runtime$/i)?.value;
  const runtime = givenRuntime === 'unknown' ? 'runtime unknown' : (givenRuntime ?? (movie.runtime ? `${movie.runtime} min` : undefined));
  const director = given(/^directors?$/i)?.value ?? (movie.directors?.length ? movie.directors.slice(0, 2).join(', ') : undefined);
  const forYou = given(/^for .{1,100}$/i);
  const yours = given(/^(your rating|.{1,100}'s rating)$/i);
  const predicted = movie.predicted !== undefined && Number.isFinite(movie.predicted) ? movie.predicted : undefined;
  const facts = [genres, runtime, director && `dir. ${director}`];
  const stars = [
    forYou
      ? `${forYou.label} ${forYou.value}`
      : predicted !== undefined
        ? `Predicted ${starString(predicted)} ${predicted.toFixed(1)}`
        : undefined,
    yours
      ? `${yours.label} ${yours.value}`
      : movie.userRating !== undefined
        ? `You rated ${starString(movie.userRating)} ${movie.userRating}`
        : undefined,
  ];
  return [facts, stars]
    .map((parts) => parts.filter((p): p is string => !!p))
    .filter((parts) => parts.length > 0)
    .map((parts) => escapeMrkdwn(parts.join(' · ')));
}

/** TMDB first, then IMDb, then whatever link the card has. */
export function titleUrl(card: Card): string | undefined {
  const links = card.movie?.links ?? [];
  const pick =
    links.find((l) => /tmdb/i.test(l.label) || /themoviedb\.org/.test(l.url)) ??
    links.find((l) => /imdb/i.test(l.label) || /imdb\.com/.test(l.url));
  return card.url ?? pick?.url ?? links[0]?.url;
}

function titleLine(card: Card): string {
  const year = card.movie?.year && !card.title.includes(`(${card.movie.year})`) ? ` (${card.movie.year})` : '';
  const label = `${card.title}${year}`;
  const url = titleUrl(card);
  return `*${url && url.length < L.imageUrl ? mrkdwnLink(url, label) : escapeMrkdwn(label)}*`;
}

function partyLines(card: Card): string[] {
  const party = card.party;
  if (!party) return [];
  const lines = [
    `${party.status} · host ${escapeMrkdwn(party.host)} · ${party.members.length} in: ${escapeMrkdwn(party.members.join(', '))}`,
  ];
  if (party.constraints) lines.push(`_${escapeMrkdwn(party.constraints)}_`);
  for (const [i, c] of (party.candidates ?? []).slice(0, 10).entries()) {
    const bar = c.bar ? ` · ${escapeMrkdwn(c.bar)}` : '';
    lines.push(
      `${i + 1}. ${escapeMrkdwn(c.title)} · ${c.groupStars === null ? 'no stars yet' : `group ${c.groupStars.toFixed(1)}★`} · ${c.votes} vote${c.votes === 1 ? '' : 's'}${bar}`,
    );
  }
  if (party.winner) lines.push(`*Winner:* ${escapeMrkdwn(party.winner.title)}`);
  return lines;
}

/** The blocks of one card: main section, extra fields, footer context, actions (at most 4). */
export function renderCard(card: Card, index: number, options: RenderOptions = {}): Block[] {
  const prefix = options.prefix ?? 'c';
  const rev = options.revision ?? '0';
  const lines = [titleLine(card)];
  if (card.body) lines.push(`_${escapeMrkdwn(card.body)}_`);
  if (card.kind === 'movie' || card.movie) lines.push(...movieMeta(card));
  // Party details come as fields from the core; the structured summary is for cards without them.
  if (!card.fields?.length) lines.push(...partyLines(card));
  const main: slack.SectionBlock = {
    type: 'section',
    block_id: blockId(prefix, index, 't', rev),
    text: mrkdwn(lines.join('\n'), L.sectionText),
  };
  if (card.imageUrl && card.imageUrl.length <= L.imageUrl) {
    main.accessory = { type: 'image', image_url: card.imageUrl, alt_text: truncate(`Poster: ${card.title}`, L.imageAltText) };
  }
  const blocks: Block[] = [main];
  const movieLike = card.kind === 'movie' || card.movie !== undefined;
  const fields = (card.fields ?? []).filter((f) => !(movieLike && (FACT_FIELDS.test(f.label.trim()) || STAR_FIELDS.test(f.label.trim()))));
  if (fields.length) {
    blocks.push({
      type: 'section',
      block_id: blockId(prefix, index, 'f', rev),
      fields: fields.slice(0, L.fieldsPerSection).map((f) => mrkdwn(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, L.fieldText)),
    });
  }
  if (card.footer) {
    blocks.push({
      type: 'context',
      block_id: blockId(prefix, index, 'n', rev),
      elements: [mrkdwn(escapeMrkdwn(card.footer), L.contextText)],
    });
  }
  const elements = actionElements(card.actions ?? []);
  if (elements.length) blocks.push({ type: 'actions', block_id: blockId(prefix, index, 'a', rev), elements });
  if (card.kind === 'party' && (card.party?.status === 'open' || card.party?.status === 'voting')) {
    blocks.push({ type: 'context', block_id: blockId(prefix, index, 'j', rev), elements: [mrkdwn(REACT_TO_JOIN, L.contextText)] });
  }
  return blocks;
}

/** Long text split into sections of at most 3,000 characters, cut at line ends where possible. */
export function textSections(text: string, maxBlocks: number): Block[] {
  const escaped = escapeMrkdwn(text.trim());
  const chunks: string[] = [];
  let rest = escaped;
  while (rest.length > 0 && chunks.length < maxBlocks) {
    if (rest.length <= L.sectionText) {
      chunks.push(rest);
      break;
    }
    const cut = rest.lastIndexOf('\n', L.sectionText);
    const at = cut > L.sectionText / 2 ? cut : entitySafeCut(rest, L.sectionText - 1);
    chunks.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  return chunks.filter((c) => c.trim()).map((c) => ({ type: 'section', text: mrkdwn(c, L.sectionText) }));
}

export function fallbackText(reply: Reply): string {
  const titles = (reply.cards ?? []).map((c) => c.title);
  const text = reply.text?.trim() || (titles.length ? titles.join(', ') : 'Reelmate');
  return truncate(text, L.messageText);
}

/**
 * Blocks for a list of cards under an optional text, within `maxBlocks`. Cards that do not fit
 * are left out whole and counted in a closing context line.
 */
export function renderCards(text: string | undefined, cards: readonly Card[], maxBlocks: number, options: RenderOptions = {}): Block[] {
  const blocks: Block[] = text?.trim() ? textSections(text, cards.length ? 2 : maxBlocks) : [];
  let shown = 0;
  for (const [i, card] of cards.entries()) {
    const rendered = renderCard(card, i, options);
    const divider = blocks.length ? 1 : 0;
    const reserve = i < cards.length - 1 ? 1 : 0; // room for the "more" line
    if (blocks.length + divider + rendered.length + reserve > maxBlocks) break;
    if (divider) blocks.push({ type: 'divider' });
    blocks.push(...rendered);
    shown++;
  }
  if (shown < cards.length) {
    blocks.push({ type: 'context', elements: [mrkdwn(`…and ${cards.length - shown} more not shown here.`, L.contextText)] });
  }
  return blocks.slice(0, maxBlocks);
}

/** A whole reply as one Slack message (at most 50 blocks). */
export function renderMessage(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const blocks = renderCards(reply.text, reply.cards ?? [], L.blocksPerMessage, options);
  return { text: fallbackText(reply), blocks };
}

/**
 * The clicked card's blocks swapped for its update, the rest of the message (or view) unchanged.
 * Undefined when the card is not there (then the caller leaves it alone).
 */
export function replaceCard(
  blocks: readonly Block[],
  index: number,
  card: Card,
  revision: string,
  options: { prefix?: string; maxBlocks?: number } = {},
): Block[] | undefined {
  const prefix = options.prefix ?? 'c';
  const start = blocks.findIndex((b) => cardIndexOf(b.block_id, prefix) === index);
  if (start < 0) return undefined;
  const rest = blocks.filter((b, i) => i < start || cardIndexOf(b.block_id, prefix) !== index);
  const next = [...rest.slice(0, start), ...renderCard(card, index, { prefix, revision }), ...rest.slice(start)];
  return next.slice(0, options.maxBlocks ?? L.blocksPerMessage);
}

/** Which card (surface prefix and index) a block id belongs to. */
export function cardRefOf(id: string | undefined): { prefix: string; index: number } | undefined {
  const m = id === undefined ? null : CARD_ID.exec(id);
  return m ? { prefix: m[1]!, index: Number(m[2]) } : undefined;
}
