/**
 * Playground requests -> core events. The page sends JSON; zod checks it here so the core
 * only ever sees well-formed InboundMessage / InboundAction values.
 */
import { z } from 'zod';
import type { InboundAction, InboundMessage } from '../../src/core/types.js';

/** Names people pick for themselves and their channels: short, printable. */
const name = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N} _.#-]+$/u, 'letters, digits, space, _ . # - only');

export const messageRequestSchema = z.object({
  user: name,
  channel: name,
  // The core answers oversized text with a friendly error; this only stops absurd bodies.
  text: z.string().max(4000),
});

export const actionRequestSchema = z.object({
  user: name,
  channel: name,
  payload: z.string().min(1).max(200),
});

export type MessageRequest = z.infer<typeof messageRequestSchema>;
export type ActionRequest = z.infer<typeof actionRequestSchema>;

/** Users are playground people keyed by their chosen name (case-insensitive). */
function actor(user: string): InboundMessage['actor'] {
  return { platform: 'playground', externalId: user.toLowerCase(), displayName: user };
}

export function toInboundMessage(req: MessageRequest): InboundMessage {
  return { actor: actor(req.user), channelId: req.channel.toLowerCase(), text: req.text, direct: false };
}

export function toInboundAction(req: ActionRequest): InboundAction {
  return { actor: actor(req.user), channelId: req.channel.toLowerCase(), payload: req.payload };
}
