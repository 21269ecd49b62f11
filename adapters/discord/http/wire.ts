/**
 * The composition root's one hook for the Interactions Endpoint: mounted on the HTTP server
 * when DISCORD_PUBLIC_KEY is set, with the server settings kept in the database (shared by
 * every process).
 */
import type { Hono } from 'hono';
import type { Config } from '../../../src/config.js';
import type { Database } from '../../../src/db/client.js';
import { SettingsRepository } from '../../../src/db/repositories/settings.js';
import type { BotHandler } from '../../../src/core/types.js';
import type { Logger } from '../../../src/util/logger.js';
import { repositorySettingsStore } from '../settings.js';
import { INTERACTIONS_PATH, mountDiscordInteractions } from './index.js';

export function mountInteractionsIfConfigured(
  app: Hono,
  config: Pick<Config, 'DISCORD_PUBLIC_KEY' | 'DISCORD_API_URL'>,
  w: { bot: BotHandler; database: Database; log: Logger; stops: (() => Promise<void>)[] },
): boolean {
  if (!config.DISCORD_PUBLIC_KEY) return false;
  const logger = w.log.child({ adapter: 'discord-http' });
  const endpoint = mountDiscordInteractions(app, {
    publicKey: config.DISCORD_PUBLIC_KEY,
    bot: w.bot,
    apiUrl: config.DISCORD_API_URL,
    settings: repositorySettingsStore(new SettingsRepository(w.database.db)),
    logger,
  });
  // Runs before the server closes (stops run in reverse): answers already started are delivered.
  w.stops.push(() => endpoint.drain());
  logger.info({ path: INTERACTIONS_PATH }, 'discord interactions endpoint mounted');
  return true;
}
