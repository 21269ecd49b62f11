/**
 * Discord's Interactions Endpoint on the HTTP server: slash commands, autocomplete and button
 * clicks arrive as signed POSTs, so any stateless `serve` process can answer them (the
 * gateway process keeps reactions, mentions and voice). Discord sends interactions here
 * instead of over the gateway once the URL is saved in the Developer Portal.
 *
 *   POST /discord/interactions   (X-Signature-Ed25519, X-Signature-Timestamp)
 */
import type { ServerResponse } from 'node:http';
import type { Hono } from 'hono';
import type { BotHandler } from '../../../src/core/types.js';
import { silentLogger, type Logger } from '../../../src/util/logger.js';
import { commandSpecs, type DiscordCommandSpec } from '../commands.js';
import { normalizeApiUrl } from '../index.js';
import { memorySettingsStore, type GuildSettingsStore } from '../settings.js';
import { handleHttpInteraction, type HttpInteractionContext } from './handle.js';
import { interactionSchema } from './payload.js';
import { discordPublicKey, verifyDiscordSignature } from './verify.js';
import { interactionWebhook, webhookRest } from './webhook.js';

export const INTERACTIONS_PATH = '/discord/interactions';

/** Interactions are small; anything bigger is not from Discord. */
const MAX_BODY_BYTES = 256 * 1024;

export interface InteractionsEndpointOptions {
  /** The application's public key, hex (DISCORD_PUBLIC_KEY). */
  publicKey: string;
  bot: BotHandler;
  /** REST base for the webhook calls (DISCORD_API_URL); default Discord's. */
  apiUrl?: string | undefined;
  settings?: GuildSettingsStore | undefined;
  logger?: Logger | undefined;
  extraCommands?: readonly DiscordCommandSpec[] | undefined;
  autocompleteWithinMs?: number | undefined;
  giveUpAfterMs?: number | undefined;
}

export interface InteractionsEndpoint {
  /** Resolves when every answer already started has been delivered (for a clean stop). */
  drain(): Promise<void>;
}

export function mountDiscordInteractions(app: Hono, options: InteractionsEndpointOptions): InteractionsEndpoint {
  const key = discordPublicKey(options.publicKey);
  const logger = options.logger ?? silentLogger;
  const rest = webhookRest(normalizeApiUrl(options.apiUrl));
  const ctx: HttpInteractionContext = {
    bot: options.bot,
    specs: new Map(commandSpecs(options.extraCommands).map((s) => [s.json.name, s])),
    settings: options.settings ?? memorySettingsStore(),
    logger,
    autocompleteWithinMs: options.autocompleteWithinMs ?? 2000,
    giveUpAfterMs: options.giveUpAfterMs ?? 60_000,
  };
  const running = new Set<Promise<void>>();

  app.post(INTERACTIONS_PATH, async (c) => {
    const body = await c.req.text();
    if (body.length > MAX_BODY_BYTES) return c.json({ error: 'too large' }, 413);
    if (!verifyDiscordSignature(key, c.req.header('x-signature-ed25519'), c.req.header('x-signature-timestamp'), body)) {
      return c.json({ error: 'invalid request signature' }, 401);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return c.json({ error: 'body is not JSON' }, 400);
    }
    const parsed = interactionSchema.safeParse(json);
    if (!parsed.success) return c.json({ error: 'not an interaction' }, 400);
    const i = parsed.data;
    const handled = await handleHttpInteraction(ctx, i);
    const after = handled.after;
    if (after) {
      // The webhook only knows the interaction once Discord has read this response: start the
      // rest when the response has been handed over, not before.
      const hook = interactionWebhook(rest, i.application_id, i.token);
      const run = () => {
        const p = after(hook)
          .catch((e: unknown) => logger.error({ err: e, interaction: i.id }, 'discord http answer failed'))
          .finally(() => running.delete(p));
        running.add(p);
      };
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      if (outgoing && !outgoing.writableFinished) outgoing.once('finish', run);
      else setImmediate(run);
    }
    return c.json(handled.response);
  });

  return {
    drain: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
