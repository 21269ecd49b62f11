/**
 * Slack payloads -> core inputs. Pure: zod-checked shapes in, InboundMessage / InboundAction out.
 * Users are "TEAM:USER" and channels "TEAM:CHANNEL", so two workspaces never share a person.
 */
import { z } from 'zod';
import { commands } from '../../src/features/index.js';
import type { Actor, InboundAction, InboundMessage } from '../../src/core/types.js';
import type { CommandName } from '../../src/features/index.js';

export function slackActor(teamId: string, userId: string, displayName?: string): Actor {
  return { platform: 'slack', externalId: `${teamId}:${userId}`, displayName: displayName || undefined };
}

export function slackChannelId(teamId: string, channelId: string): string {
  return `${teamId}:${channelId}`;
}

/** Slack escapes &, < and > and wraps links, mentions and channels in <...>; undo that for the core. */
export function decodeSlackText(text: string, botUserId?: string): string {
  return text
    .replace(/<@([A-Z0-9]+)(\|[^>]*)?>/g, (_, id: string, label?: string) => (id === botUserId ? '' : (label?.slice(1) ?? '')))
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<![^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export type ParsedCommand = Pick<InboundMessage, 'text' | 'command'>;

/**
 * `/reelmate <subcommand> ...` words, from each command's `slackWords`. Anything else is free
 * text for intent detection.
 */
const SUBCOMMANDS: ReadonlyMap<string, CommandName> = new Map(
  commands.flatMap((c) => (c.slackWords ?? []).map((w) => [w, c.name] as const)),
);

/** "4.5", "4.5/5", "4.5★", "★★★★½" at the end of a rate command. */
const TRAILING_STARS = /\s+(?:(\d(?:[.,]5)?)\s*(?:\/\s*5|★|stars?)?|(★{1,5}½?))\s*$/i;

export function parseRating(raw: string): { title: string; rating?: number } {
  const m = TRAILING_STARS.exec(` ${raw}`);
  if (!m) return { title: raw.trim() };
  const title = ` ${raw}`.slice(0, m.index).trim();
  if (m[1]) return { title, rating: Number(m[1].replace(',', '.')) };
  const glyphs = m[2] ?? '';
  return { title, rating: (glyphs.match(/★/g)?.length ?? 0) + (glyphs.endsWith('½') ? 0.5 : 0) };
}

/**
 * The text of a slash command (or a mention with the mention removed). A subcommand becomes a
 * structured command (the core skips intent detection) whose `text` is the rest of the line, as
 * the core's commands expect; named arguments are added where Slack's text is unambiguous
 * (rate: title + stars). Anything else stays free text for intent detection.
 */
export function parseCommandText(input: string): ParsedCommand {
  const text = input.trim();
  const [first = '', ...restWords] = text.split(/\s+/);
  const name = SUBCOMMANDS.get(first.toLowerCase());
  if (!name) return { text };
  const rest = restWords.join(' ').trim();
  if (name === 'rate') {
    const { title, rating } = parseRating(rest);
    // Without a recognisable star value the core parses the text itself (and asks).
    const args = rating !== undefined && title ? { title, stars: rating } : {};
    return { text: rest, command: { name, args } };
  }
  if (name === 'watchlist' && rest === '') return { text: rest, command: { name, args: { action: 'list' } } };
  return { text: rest, command: { name, args: {} } };
}

/* ----------------------------- payload shapes (zod at the edge) ----------------------------- */

export const slashCommandSchema = z
  .object({
    team_id: z.string().min(1),
    user_id: z.string().min(1),
    user_name: z.string().optional(),
    channel_id: z.string().min(1),
    channel_name: z.string().optional(),
    command: z.string(),
    text: z.string().default(''),
    trigger_id: z.string().optional(),
    response_url: z.string().optional(),
  })
  .loose();
export type SlashCommand = z.infer<typeof slashCommandSchema>;

const selected = z.object({ value: z.string() }).loose();

export const blockActionSchema = z
  .object({
    type: z.string(),
    action_id: z.string(),
    block_id: z.string().optional(),
    value: z.string().optional(),
    selected_option: selected.nullish(),
    action_ts: z.string().optional(),
  })
  .loose();
export type BlockAction = z.infer<typeof blockActionSchema>;

export const blockActionsBodySchema = z
  .object({
    type: z.literal('block_actions'),
    team: z.object({ id: z.string() }).loose().nullish(),
    user: z
      .object({ id: z.string(), name: z.string().optional(), username: z.string().optional(), team_id: z.string().optional() })
      .loose(),
    channel: z.object({ id: z.string() }).loose().nullish(),
    container: z.object({ type: z.string(), is_ephemeral: z.boolean().optional() }).loose().optional(),
    trigger_id: z.string().optional(),
    response_url: z.string().optional(),
    message: z
      .object({
        ts: z.string().optional(),
        blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })).optional(),
      })
      .loose()
      .optional(),
    view: z
      .object({ id: z.string(), type: z.string(), hash: z.string().optional(), private_metadata: z.string().optional() })
      .loose()
      .optional(),
    actions: z.array(blockActionSchema).min(1),
  })
  .loose();
export type BlockActionsBody = z.infer<typeof blockActionsBodySchema>;

export const messageEventSchema = z
  .object({
    type: z.string(),
    user: z.string().optional(),
    text: z.string().default(''),
    channel: z.string(),
    channel_type: z.string().optional(),
    subtype: z.string().optional(),
    bot_id: z.string().optional(),
    team: z.string().optional(),
    ts: z.string().optional(),
    thread_ts: z.string().optional(),
  })
  .loose();
export type MessageEvent = z.infer<typeof messageEventSchema>;

/* ----------------------------------- core inputs ----------------------------------- */

export function teamOfAction(body: BlockActionsBody): string {
  return body.team?.id ?? body.user.team_id ?? 'T0';
}

/** The core payload of a clicked element: a button's value or the chosen option's value. */
export function payloadOf(action: BlockAction): string | undefined {
  return action.selected_option?.value ?? action.value;
}

/**
 * A click as an InboundAction. The requestId is stable across Slack's redeliveries of the same
 * click (same user, message and action_ts), so the ratings repository ignores a replay.
 */
export function toInboundAction(body: BlockActionsBody, action: BlockAction, payload: string): InboundAction {
  const team = teamOfAction(body);
  const channel = body.channel?.id ?? (body.view ? 'home' : 'none');
  const where = body.message?.ts ?? body.view?.id ?? '';
  return {
    actor: slackActor(team, body.user.id, body.user.name ?? body.user.username),
    channelId: slackChannelId(team, channel),
    payload,
    requestId: `slack:${team}:${body.user.id}:${where}:${action.action_ts ?? ''}:${payload}`.slice(0, 200),
    // The clicker's own card: an ephemeral message, a DM with the app, or the App Home tab.
    direct: body.container?.is_ephemeral === true || channel.startsWith('D') || body.view?.type === 'home',
  };
}

export function commandToInbound(cmd: SlashCommand): InboundMessage {
  const parsed = parseCommandText(decodeSlackText(cmd.text));
  return {
    actor: slackActor(cmd.team_id, cmd.user_id, cmd.user_name),
    channelId: slackChannelId(cmd.team_id, cmd.channel_id),
    text: parsed.text,
    command: parsed.command,
    requestId: cmd.trigger_id ? `slack:cmd:${cmd.team_id}:${cmd.trigger_id}` : undefined,
    direct: cmd.channel_id.startsWith('D') || cmd.channel_name === 'directmessage',
  };
}

/** An app_mention or a direct message; eventId (Events API event_id) makes retries idempotent. */
export function messageToInbound(
  event: MessageEvent,
  teamId: string,
  botUserId: string | undefined,
  eventId: string | undefined,
): InboundMessage | undefined {
  if (!event.user || event.bot_id || (event.subtype && event.subtype !== 'thread_broadcast')) return undefined;
  const parsed = parseCommandText(decodeSlackText(event.text, botUserId));
  if (!parsed.text && !parsed.command) return undefined;
  return {
    actor: slackActor(teamId, event.user),
    channelId: slackChannelId(teamId, event.channel),
    text: parsed.text,
    command: parsed.command,
    requestId: eventId ? `slack:ev:${eventId}` : undefined,
    direct: event.channel_type === 'im',
  };
}
