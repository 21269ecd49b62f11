/**
 * Discord events -> core InboundMessage / InboundAction. Pure: works on the few plain fields
 * it needs (described by the small interfaces below), so tests need no discord.js objects.
 */
import type { Actor, InboundAction, InboundMessage } from '../../src/core/types.js';
import type { CommandName } from '../../src/features/index.js';
import { DISCORD_LIMITS } from './limits.js';
import { MENU_CUSTOM_ID_PREFIX } from './render.js';

export interface DiscordUserLike {
  id: string;
  username: string;
  globalName?: string | null | undefined;
}

export function actorOf(user: DiscordUserLike, nickname?: string | null): Actor {
  return { platform: 'discord', externalId: user.id, displayName: nickname ?? user.globalName ?? user.username };
}

/** A slash-command option as discord.js exposes it (subcommands nest their options). */
export interface CommandOptionLike {
  name: string;
  type: number;
  value?: string | number | boolean | undefined;
  options?: readonly CommandOptionLike[] | undefined;
}

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/**
 * Flatten options to args. A subcommand becomes `action` (the core's name for a verb, as in
 * `watchparty vote`) and a subcommand group `group`.
 */
export function commandArgs(options: readonly CommandOptionLike[]): Record<string, string | number | undefined> {
  const args: Record<string, string | number | undefined> = {};
  for (const o of options) {
    if (o.type === SUBCOMMAND_GROUP) {
      args.group = o.name;
      Object.assign(args, commandArgs(o.options ?? []));
    } else if (o.type === SUBCOMMAND) {
      args.action = o.name;
      Object.assign(args, commandArgs(o.options ?? []));
    } else if (typeof o.value === 'boolean') {
      args[o.name] = o.value ? 'true' : 'false';
    } else {
      args[o.name] = o.value;
    }
  }
  return args;
}

export interface CommandInteractionLike {
  id: string;
  commandName: string;
  options: readonly CommandOptionLike[];
  user: DiscordUserLike;
  nickname?: string | null | undefined;
  channelId: string;
  guildId: string | null;
}

/** The command's free text (option values, without the verb): what the core reads when no named arg fits. */
function commandText(args: Record<string, string | number | undefined>): string {
  return Object.entries(args)
    .filter(([k, v]) => v !== undefined && k !== 'group' && k !== 'action')
    .map(([, v]) => String(v))
    .join(' ');
}

export function parseCommand(i: CommandInteractionLike, core: CommandName): InboundMessage {
  const args = commandArgs(i.options);
  return {
    actor: actorOf(i.user, i.nickname),
    channelId: i.channelId,
    text: commandText(args),
    command: { name: core, args },
    requestId: `discord:${i.id}`,
    direct: i.guildId === null,
  };
}

export interface ComponentInteractionLike {
  id: string;
  customId: string;
  /** Chosen options of a select menu. */
  values?: readonly string[] | undefined;
  user: DiscordUserLike;
  nickname?: string | null | undefined;
  channelId: string;
  /** Null in a DM. */
  guildId?: string | null | undefined;
  /** The clicked message is ephemeral (only the clicker sees it). */
  ephemeral?: boolean | undefined;
}

/**
 * A button or menu click. The payload is the core's opaque custom_id (or, for our overflow
 * menu, the chosen option's value); only its size is checked here, the core verifies it.
 * Returns undefined for something that cannot be a payload at all.
 */
export function parseComponent(i: ComponentInteractionLike): InboundAction | undefined {
  const payload = i.customId.startsWith(MENU_CUSTOM_ID_PREFIX) ? i.values?.[0] : i.customId;
  if (!payload || payload.length > DISCORD_LIMITS.customId) return undefined;
  return {
    actor: actorOf(i.user, i.nickname),
    channelId: i.channelId,
    payload,
    requestId: `discord:${i.id}`,
    // A card in a DM or an ephemeral message is the clicker's own; in a channel it is shared.
    direct: i.guildId === null || i.ephemeral === true,
  };
}

/** Mentions of the bot (`<@id>` / `<@!id>`) removed, whitespace tidied. */
export function stripMention(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface MessageLike {
  id: string;
  content: string;
  author: DiscordUserLike & { bot?: boolean | undefined };
  nickname?: string | null | undefined;
  channelId: string;
  guildId: string | null;
  /** User ids mentioned in the message. */
  mentionedUserIds: readonly string[];
}

/**
 * A message addressed to the bot (a DM, or a channel message that mentions it), or undefined
 * when the bot should stay quiet. `text` may be empty: without the Message Content intent
 * Discord can deliver a mention with no content, and the caller then explains slash commands.
 */
export function parseMessage(m: MessageLike, botId: string): InboundMessage | undefined {
  if (m.author.bot || m.author.id === botId) return undefined;
  const direct = m.guildId === null;
  if (!direct && !m.mentionedUserIds.includes(botId)) return undefined;
  return {
    actor: actorOf(m.author, m.nickname),
    channelId: m.channelId,
    text: stripMention(m.content, botId),
    requestId: `discord:${m.id}`,
    direct,
  };
}

/** Reactions that rate: keycaps 1-5 and ⭐ for "loved it" (5). */
const REACTION_STARS: ReadonlyMap<string, number> = new Map([
  ['1️⃣', 1],
  ['2️⃣', 2],
  ['3️⃣', 3],
  ['4️⃣', 4],
  ['5️⃣', 5],
  ['⭐', 5],
  ['🌟', 5],
]);

export function reactionStars(emoji: string | null | undefined): number | undefined {
  if (!emoji) return undefined;
  // Some clients send the keycaps without the variation selector (U+FE0F).
  return REACTION_STARS.get(emoji) ?? REACTION_STARS.get(emoji.replace(/\u20e3$/, '\ufe0f\u20e3'));
}

/**
 * How the adapter turns a reaction into a core payload. The core signs payloads, so these come
 * from its codec (see reactionPayloadsFrom in index.ts); `movieOf` only trusts verified payloads.
 */
export interface ReactionPayloads {
  movieOf(payload: string): number | undefined;
  rate(movieId: number, stars: number): string;
  unrate(movieId: number, stars?: number): string;
}

/**
 * The movie a card message is about, recovered from the message itself (its buttons' payloads),
 * so it works on messages that are not in the cache. Undefined unless exactly one movie is named.
 */
export function movieOfMessage(customIds: readonly string[], payloads: Pick<ReactionPayloads, 'movieOf'>): number | undefined {
  const movies = new Set<number>();
  for (const id of customIds) {
    const movie = payloads.movieOf(id);
    if (movie !== undefined) movies.add(movie);
  }
  return movies.size === 1 ? [...movies][0] : undefined;
}

/** Every custom_id / menu option value in a message's components (API JSON or discord.js toJSON()). */
export function customIdsOf(rows: readonly unknown[]): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { custom_id?: unknown; components?: unknown; options?: unknown };
    if (typeof n.custom_id === 'string' && !n.custom_id.startsWith(MENU_CUSTOM_ID_PREFIX)) out.push(n.custom_id);
    if (Array.isArray(n.options))
      for (const o of n.options) if (typeof (o as { value?: unknown }).value === 'string') out.push((o as { value: string }).value);
    if (Array.isArray(n.components)) n.components.forEach(visit);
  };
  rows.forEach(visit);
  return out;
}
