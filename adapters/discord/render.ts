/**
 * Pure rendering: core Reply / Card / autocomplete choices -> Discord message payloads
 * (plain API JSON, so tests can inspect them and index.ts hands them to discord.js as is).
 *
 * Layout decisions:
 * - A card with actions gets a message of its own. Components belong to a message, not to an
 *   embed, so two movies in one message would leave people guessing which row rates which
 *   film; one movie per message also makes a reaction on it unambiguous, and lets a click
 *   re-render exactly that card.
 * - Cards without actions are batched, up to 10 embeds and 6000 characters per message.
 * - Row order: the star row, then the main buttons (5 per row), then a select menu for
 *   'menu' actions and for anything that did not fit in 5 rows, so no action is lost.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponentWithCustomId,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APIStringSelectComponent,
} from 'discord.js';
import type { ActionOutcome, AutocompleteChoice, Card, CardAction, Reply } from '../../src/core/types.js';
import { clockRuntime, starBar } from '../../src/core/format.js';
import { DISCORD_LIMITS as L, EPHEMERAL_FLAG } from './limits.js';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

export interface DiscordFile {
  name: string;
  contentType: string;
  data: Buffer;
}

/** One message to send or edit. Empty arrays clear embeds/components when editing. */
export interface DiscordMessage {
  content?: string | undefined;
  embeds: APIEmbed[];
  components: ActionRow[];
  /** EPHEMERAL_FLAG or 0. */
  flags: number;
  files?: DiscordFile[] | undefined;
}

/**
 * custom_id of the select menu that carries overflow actions; the chosen option's value is the
 * core payload. Core payloads start with a version ("v1:"), so this cannot collide with one.
 */
export const MENU_CUSTOM_ID_PREFIX = 'menu:';

const COLORS: Record<Card['kind'], number> = {
  movie: 0xe5a00d,
  party: 0x8e44ad,
  profile: 0x3498db,
  choice: 0x95a5a6,
  info: 0x95a5a6,
  confirm: 0xe74c3c,
};

const STYLE: Record<
  NonNullable<CardAction['style']>,
  ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger
> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Cut to `max` characters, ending with an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function isHttpUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** "★★★★☆ 4.2": the core's formatter (one set of star formatters for every platform). */
export { starBar };

/** "2h 05m": the core's clock-style runtime. */
export const formatRuntime = clockRuntime;

function titleOf(card: Card): string {
  const year = card.movie?.year;
  // The core may already have put the year in the title ("Heat (1995)").
  if (year && !card.title.includes(`(${year})`)) return `${card.title} (${year})`;
  return card.title;
}

function field(name: string, value: string, inline = true): APIEmbedField | undefined {
  const v = value.trim();
  if (!v) return undefined; // Discord rejects empty field values.
  return { name: truncate(name, L.embedFieldName), value: truncate(v, L.embedFieldValue), inline };
}

function movieFields(card: Card): APIEmbedField[] {
  const m = card.movie;
  if (!m) return [];
  const out: (APIEmbedField | undefined)[] = [];
  if (m.genres?.length) out.push(field('Genres', m.genres.join(', ')));
  if (m.runtime) out.push(field('Runtime', formatRuntime(m.runtime)));
  if (m.directors?.length) out.push(field(m.directors.length > 1 ? 'Directors' : 'Director', m.directors.join(', ')));
  if (m.predicted !== undefined && Number.isFinite(m.predicted))
    out.push(field(`Predicted for ${m.forWhom ?? 'you'}`, starBar(m.predicted)));
  if (m.userRating !== undefined) out.push(field('Rated', starBar(m.userRating)));
  return out.filter((f): f is APIEmbedField => f !== undefined);
}

/** Characters Discord counts towards the 6000 total of a message. */
export function embedChars(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  n += embed.author?.name.length ?? 0;
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

export function renderEmbed(card: Card): APIEmbed {
  const embed: APIEmbed = { title: truncate(titleOf(card), L.embedTitle), color: COLORS[card.kind] };
  const url = isHttpUrl(card.url) ? card.url : card.movie?.links?.find((l) => isHttpUrl(l.url))?.url;
  if (url) embed.url = url;
  // Party cards carry their candidates in fields already; the body is the one-line status.
  if (card.body) embed.description = truncate(card.body, L.embedDescription);
  // The core's fields are what to show; only a card without any gets them derived from its movie data.
  const fields = (
    card.fields?.length
      ? card.fields.map((f) => field(f.label, f.value, f.inline ?? false)).filter((f): f is APIEmbedField => f !== undefined)
      : movieFields(card)
  ).slice(0, L.embedFields);
  if (fields.length) embed.fields = fields;
  if (card.footer) embed.footer = { text: truncate(card.footer, L.embedFooter) };
  if (isHttpUrl(card.imageUrl)) embed.thumbnail = { url: card.imageUrl };
  // A single embed is 6000 at most too: shorten the description first, then drop fields.
  while (embedChars(embed) > L.embedTotalChars) {
    const over = embedChars(embed) - L.embedTotalChars;
    if (embed.description && embed.description.length > over + 1) {
      embed.description = truncate(embed.description, embed.description.length - over);
    } else if (embed.fields?.length) {
      embed.fields = embed.fields.slice(0, -1);
    } else {
      embed.description = undefined;
      break;
    }
  }
  return embed;
}

function isRating(a: CardAction): boolean {
  return a.group === 'rating' || (a.group === undefined && a.kind === 'rate');
}

function button(a: CardAction, card: Card): APIButtonComponentWithCustomId {
  const chosen = isRating(a) && a.value !== undefined && card.movie?.userRating === a.value;
  const b: APIButtonComponentWithCustomId = {
    type: ComponentType.Button,
    custom_id: a.id,
    style: chosen ? ButtonStyle.Success : STYLE[a.style ?? (isRating(a) ? 'secondary' : 'primary')],
    label: truncate(a.label, L.buttonLabel),
  };
  if (a.emoji) b.emoji = { name: a.emoji };
  return b;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Only payloads Discord will accept as custom_id / option value, once each. */
export function usableActions(actions: readonly CardAction[] | undefined): CardAction[] {
  const seen = new Set<string>();
  return (actions ?? []).filter((a) => {
    if (a.id.length === 0 || a.id.length > L.customId || seen.has(a.id) || a.id.startsWith(MENU_CUSTOM_ID_PREFIX)) return false;
    seen.add(a.id);
    return true;
  });
}

/**
 * Button rows and, when needed, one select menu, within 5 rows. Discord has room for 25
 * buttons, so 'menu' actions are buttons too while they fit (Seen / Not interested belong in
 * plain sight); only what does not fit goes into the select menu.
 */
export function renderComponents(card: Card, menuIndex = 0): ActionRow[] {
  const actions = usableActions(card.actions);
  const rating = actions.filter(isRating);
  const others = actions.filter((a) => !isRating(a));
  const ratingRows = chunk(rating, L.buttonsPerRow);
  const allRows = [...ratingRows, ...chunk(others, L.buttonsPerRow)];
  let buttonRows = allRows;
  let overflow: CardAction[] = [];
  if (allRows.length > L.actionRowsPerMessage) {
    // Keep the stars and main actions as buttons; fold the rest ('menu' ones last) into a select.
    const main = others.filter((a) => a.group !== 'menu');
    const menu = others.filter((a) => a.group === 'menu');
    buttonRows = [...ratingRows, ...chunk(main, L.buttonsPerRow)].slice(0, L.actionRowsPerMessage - 1);
    const shown = new Set(buttonRows.flat());
    overflow = [...rating, ...main, ...menu].filter((a) => !shown.has(a));
  }
  const rows: ActionRow[] = buttonRows.map((row) => ({ type: ComponentType.ActionRow, components: row.map((a) => button(a, card)) }));
  const menuActions = overflow.slice(0, L.selectOptions);
  if (menuActions.length) {
    const select: APIStringSelectComponent = {
      type: ComponentType.StringSelect,
      custom_id: `${MENU_CUSTOM_ID_PREFIX}${menuIndex}`,
      placeholder: 'More…',
      options: menuActions.map((a) => ({
        label: truncate(a.label, L.selectOptionLabel),
        value: a.id,
        ...(a.emoji ? { emoji: { name: a.emoji } } : {}),
      })),
    };
    rows.push({ type: ComponentType.ActionRow, components: [select] });
  }
  return rows;
}

/** Split long text at line (or word) boundaries into messages of at most 2000 characters. */
export function splitContent(text: string, max: number = L.content): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length || out.length === 0) out.push(rest);
  return out;
}

/** A Reply as one or more messages, in the order they should be sent. */
export function renderReply(reply: Reply): DiscordMessage[] {
  const flags = reply.ephemeral ? EPHEMERAL_FLAG : 0;
  const messages: DiscordMessage[] = [];
  const text = reply.text?.trim() ? splitContent(reply.text) : [];
  for (const content of text) messages.push({ content, embeds: [], components: [], flags });

  let batch: APIEmbed[] = [];
  const flush = () => {
    if (batch.length) messages.push({ embeds: batch, components: [], flags });
    batch = [];
  };
  for (const card of reply.cards ?? []) {
    const embed = renderEmbed(card);
    const components = renderComponents(card);
    if (components.length) {
      flush();
      messages.push({ embeds: [embed], components, flags });
      continue;
    }
    const total = batch.reduce((n, e) => n + embedChars(e), 0) + embedChars(embed);
    if (batch.length >= L.embedsPerMessage || total > L.embedTotalChars) flush();
    batch.push(embed);
  }
  flush();

  // The first text message carries the first card when both fit: fewer, tidier messages.
  const [first, second] = messages;
  if (text.length === 1 && first && second && second.embeds.length && first.content !== undefined) {
    messages.splice(0, 2, { ...second, content: first.content });
  }
  if (reply.attachment) {
    const file: DiscordFile = {
      name: reply.attachment.filename,
      contentType: reply.attachment.contentType,
      data: Buffer.from(reply.attachment.content, 'utf8'),
    };
    if (messages[0]) messages[0].files = [file];
    else messages.push({ embeds: [], components: [], flags, files: [file] });
  }
  if (messages.length === 0) messages.push({ content: '…', embeds: [], components: [], flags });
  return messages;
}

/** The clicked card re-rendered in place (a message edit keeps its ephemeral state). */
export function renderCardUpdate(card: Card): DiscordMessage {
  return { embeds: [renderEmbed(card)], components: renderComponents(card), flags: 0 };
}

/** An ActionOutcome as an edit of the clicked message and/or an extra reply. */
export function renderOutcome(outcome: ActionOutcome): { update?: DiscordMessage; reply: DiscordMessage[] } {
  return {
    ...(outcome.update ? { update: renderCardUpdate(outcome.update) } : {}),
    reply: outcome.reply ? renderReply(outcome.reply) : [],
  };
}

/** Autocomplete choices within Discord's limits; choices with an over-long value are left out. */
export function renderChoices(choices: readonly AutocompleteChoice[]): APIApplicationCommandOptionChoice<string>[] {
  return choices
    .filter((c) => c.value.length > 0 && c.value.length <= L.choiceValue && c.label.trim().length > 0)
    .slice(0, L.autocompleteChoices)
    .map((c) => ({ name: truncate(c.label, L.choiceName), value: c.value }));
}
