/**
 * The interaction webhook: after the HTTP response acknowledged an interaction, its answer
 * goes to /webhooks/{application}/{token} (edit or delete the original, post follow-ups).
 * The token authorises these calls, so no bot token is needed: any stateless process that
 * received the interaction can finish it. discord.js's REST client does the rate limits.
 */
import { REST, Routes, type RawFile } from 'discord.js';
import { EPHEMERAL_FLAG } from '../limits.js';
import type { DiscordMessage } from '../render.js';

export interface InteractionWebhook {
  editOriginal(m: DiscordMessage): Promise<void>;
  deleteOriginal(): Promise<void>;
  followUp(m: DiscordMessage, ephemeral: boolean): Promise<void>;
}

/** The JSON body and attachments of a message, as the REST API takes them. */
export function messageBody(m: DiscordMessage, flags?: number): { body: Record<string, unknown>; files?: RawFile[] } {
  const body: Record<string, unknown> = { embeds: m.embeds, components: m.components, allowed_mentions: { parse: [] } };
  if (m.content !== undefined) body.content = m.content;
  if (flags !== undefined) body.flags = flags;
  if (!m.files?.length) return { body };
  body.attachments = m.files.map((f, id) => ({ id, filename: f.name }));
  return { body, files: m.files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })) };
}

/** One REST client per process; `apiUrl` as normalizeApiUrl returns it. */
export function webhookRest(apiUrl: string): REST {
  return new REST({ api: apiUrl, retries: 2 });
}

export function interactionWebhook(rest: REST, applicationId: string, token: string): InteractionWebhook {
  const original = Routes.webhookMessage(applicationId, token, '@original');
  return {
    async editOriginal(m) {
      await rest.patch(original, { ...messageBody(m), auth: false });
    },
    async deleteOriginal() {
      await rest.delete(original, { auth: false });
    },
    async followUp(m, ephemeral) {
      await rest.post(Routes.webhook(applicationId, token), { ...messageBody(m, ephemeral ? EPHEMERAL_FLAG : 0), auth: false });
    },
  };
}
