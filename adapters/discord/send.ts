/**
 * Rendered DiscordMessage -> discord.js options, and the friendly error sink. Kept apart from
 * render.ts so the renderer stays free of discord.js classes and I/O.
 */
import { MessageFlags, type BaseMessageOptions } from 'discord.js';
import type { BotErrorCode } from '../../src/util/result.js';
import { friendlyText } from '../../src/core/reply.js';
import type { DiscordMessage } from './render.js';

export interface SendOptions extends BaseMessageOptions {
  flags?: MessageFlags.Ephemeral;
}

/** Options for a new message (reply, follow-up, channel send). */
export function toSend(m: DiscordMessage, ephemeral = m.flags !== 0): SendOptions {
  const out: SendOptions = { embeds: m.embeds, components: m.components };
  if (m.content !== undefined) out.content = m.content;
  if (m.files?.length) out.files = m.files.map((f) => ({ attachment: f.data, name: f.name, contentType: f.contentType }));
  if (ephemeral) out.flags = MessageFlags.Ephemeral;
  return out;
}

/** Options for an edit (flags cannot change on an existing message; missing content stays) or a plain channel message. */
export function toEdit(m: DiscordMessage): BaseMessageOptions {
  const { flags: _flags, ...rest } = toSend(m, false);
  return rest;
}

export const toChannel = toEdit;

/** The adapter's one error sink: what people see when something failed (the core's table of words). */
export function friendlyError(code: BotErrorCode | 'exception' = 'exception'): string {
  return friendlyText(code);
}

export const SLASH_HELP =
  'I can only read messages that mention me when the Message Content intent is on. ' +
  'Use my slash commands instead: `/recommend query: something scary for tonight`, `/rate`, `/similar`, `/search`, `/watchlist`, `/profile`, `/help`.';
