/**
 * Slash command registration through Discord's REST API (a bulk overwrite, so removed
 * commands disappear too). Guild commands appear at once; global ones can take up to an hour
 * to reach every client, so use --guild while developing.
 */
import { REST, Routes, type RESTPutAPIApplicationCommandsResult } from 'discord.js';
import { z } from 'zod';
import { err, ok, type Result } from '../../src/util/result.js';
import type { DiscordCommandSpec } from './commands.js';
import { commandSpecs } from './commands.js';

export interface RegisterOptions {
  token: string;
  /** The application (client) id; looked up with the token when omitted. */
  applicationId?: string | undefined;
  /** Register in one server only (instant) instead of globally (up to an hour). */
  guildId?: string | undefined;
  /** REST base without the version (DISCORD_API_URL). */
  apiUrl?: string | undefined;
  specs?: readonly DiscordCommandSpec[] | undefined;
}

export interface Registered {
  applicationId: string;
  scope: 'global' | 'guild';
  names: string[];
}

const snowflake = z.string().regex(/^\d{15,22}$/);
const optionsSchema = z.object({
  token: z.string().trim().min(1, 'DISCORD_TOKEN is empty'),
  applicationId: snowflake.optional(),
  guildId: snowflake.optional(),
});

export async function registerCommands(options: RegisterOptions): Promise<Result<Registered>> {
  const checked = optionsSchema.safeParse(options);
  if (!checked.success) {
    const field = String(checked.error.issues[0]?.path[0] ?? '');
    const hint =
      field === 'guildId'
        ? `"${options.guildId}" is not a Discord server id (a long number; enable Developer Mode and use "Copy Server ID").`
        : field === 'applicationId'
          ? `"${options.applicationId}" is not an application id (Developer Portal > General Information > Application ID).`
          : (checked.error.issues[0]?.message ?? 'invalid options');
    return err('bad_input', hint);
  }
  const rest = new REST({ api: (options.apiUrl ?? 'https://discord.com/api').replace(/\/+$/, '').replace(/\/v\d+$/, '') }).setToken(
    options.token,
  );
  try {
    const applicationId = options.applicationId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
    const body = (options.specs ?? commandSpecs()).map((s) => s.json);
    const route = options.guildId
      ? Routes.applicationGuildCommands(applicationId, options.guildId)
      : Routes.applicationCommands(applicationId);
    const result = (await rest.put(route, { body })) as RESTPutAPIApplicationCommandsResult;
    return ok({ applicationId, scope: options.guildId ? 'guild' : 'global', names: result.map((c) => c.name) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return err('internal', `Discord refused the registration: ${message}`, message);
  }
}

/** The URL a server admin opens to add the bot with the permissions it needs. */
export function inviteUrl(applicationId: string): string {
  // View Channels, Send Messages, Embed Links, Attach Files, Read Message History, Add Reactions, Use External Emojis, Send Messages in Threads.
  const permissions = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 6n) | (1n << 18n) | (1n << 38n);
  const url = new URL('https://discord.com/oauth2/authorize');
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', 'bot applications.commands');
  url.searchParams.set('permissions', permissions.toString());
  return url.toString();
}
