/**
 * The raw interaction JSON Discord posts to the endpoint, checked with zod (an edge) down to
 * the few fields the adapter reads, and turned into the plain shapes parse.ts already takes.
 * Unknown fields pass through untouched: Discord adds fields often.
 */
import { z } from 'zod';
import { EPHEMERAL_FLAG } from '../limits.js';
import type { CommandInteractionLike, CommandOptionLike, ComponentInteractionLike, DiscordUserLike } from '../parse.js';

/** Interaction types and callback types (Discord API v10). */
export const InteractionType = { Ping: 1, Command: 2, Component: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
export const CallbackType = {
  Pong: 1,
  Message: 4,
  DeferredMessage: 5,
  DeferredUpdate: 6,
  AutocompleteResult: 8,
} as const;

const user = z.object({ id: z.string().min(1).max(32), username: z.string().max(64), global_name: z.string().nullish() });

const option: z.ZodType<CommandOptionLike> = z.lazy(() =>
  z.object({
    name: z.string().max(64),
    type: z.number().int(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(option).max(25).optional(),
  }),
);

export const interactionSchema = z.object({
  id: z.string().min(1).max(32),
  application_id: z.string().min(1).max(32),
  type: z.number().int(),
  token: z.string().min(1).max(500),
  data: z
    .object({
      name: z.string().max(64).optional(),
      options: z.array(option).max(25).optional(),
      custom_id: z.string().max(200).optional(),
      values: z.array(z.string().max(200)).max(25).optional(),
    })
    .optional(),
  guild_id: z.string().max(32).optional(),
  channel_id: z.string().max(32).optional(),
  channel: z
    .object({ id: z.string().max(32) })
    .partial()
    .optional(),
  member: z.object({ user, nick: z.string().nullish() }).optional(),
  user: user.optional(),
  message: z.object({ id: z.string(), flags: z.number().int().optional() }).optional(),
});

export type RawInteraction = z.infer<typeof interactionSchema>;

export function userOf(i: RawInteraction): { user: DiscordUserLike; nickname: string | null } | undefined {
  const u = i.member?.user ?? i.user;
  if (!u) return undefined;
  return { user: { id: u.id, username: u.username, globalName: u.global_name ?? null }, nickname: i.member?.nick ?? null };
}

function channelOf(i: RawInteraction): string {
  return i.channel_id ?? i.channel?.id ?? '';
}

/** The command as parse.ts reads it; undefined without a name or a user. */
export function commandLike(i: RawInteraction): CommandInteractionLike | undefined {
  const who = userOf(i);
  if (!who || !i.data?.name) return undefined;
  return {
    id: i.id,
    commandName: i.data.name,
    options: i.data.options ?? [],
    user: who.user,
    nickname: who.nickname,
    channelId: channelOf(i),
    guildId: i.guild_id ?? null,
  };
}

/** The click as parse.ts reads it; undefined without a custom_id or a user. */
export function componentLike(i: RawInteraction): ComponentInteractionLike | undefined {
  const who = userOf(i);
  if (!who || i.data?.custom_id === undefined) return undefined;
  return {
    id: i.id,
    customId: i.data.custom_id,
    values: i.data.values,
    user: who.user,
    nickname: who.nickname,
    channelId: channelOf(i),
    guildId: i.guild_id ?? null,
    ephemeral: ((i.message?.flags ?? 0) & EPHEMERAL_FLAG) !== 0,
  };
}

/** The focused option's text of an autocomplete interaction (nested in subcommands). */
export function focusedValue(options: readonly (CommandOptionLike & { focused?: boolean })[] | undefined): string {
  for (const o of options ?? []) {
    if ((o as { focused?: boolean }).focused) return String(o.value ?? '');
    const inner = focusedValue(o.options as (CommandOptionLike & { focused?: boolean })[] | undefined);
    if (inner) return inner;
  }
  return '';
}
