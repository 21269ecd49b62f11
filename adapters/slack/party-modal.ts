/**
 * Starting a watch party from a modal: `/reelmate watch-party start` with nothing after it
 * opens a small form (what the group is in the mood for, approval or ranked voting); the
 * submission starts the party in the channel the command came from, through the core.
 */
import type { types as slack } from '@slack/bolt';
import { z } from 'zod';
import type { InboundMessage } from '../../src/core/types.js';
import { SLACK_LIMITS as L } from './limits.js';
import { slackActor } from './parse.js';

export const PARTY_CALLBACK_ID = 'reelmate_party';
const CONSTRAINTS_BLOCK = 'p.constraints';
const MODE_BLOCK = 'p.mode';
const MAX_CONSTRAINTS = 200;

export const partyMetadataSchema = z.object({
  /** "TEAM:CHANNEL" for the core. */
  c: z.string().max(200),
  /** The raw channel id, to post the party card. */
  ch: z.string().max(50),
  /** response_url of the slash command. */
  r: z.string().max(2000).optional(),
});
export type PartyMetadata = z.infer<typeof partyMetadataSchema>;

/** Whether a slash command should open the form instead of starting at once. */
export function wantsPartyModal(message: InboundMessage): boolean {
  return message.command?.name === 'watchparty' && message.text.trim().toLowerCase() === 'start';
}

export function renderPartyModal(meta: PartyMetadata): slack.ModalView {
  const full = JSON.stringify(meta);
  const metadata = full.length < L.privateMetadata ? full : JSON.stringify({ c: meta.c, ch: meta.ch });
  return {
    type: 'modal',
    callback_id: PARTY_CALLBACK_ID,
    title: { type: 'plain_text', text: 'Start a watch party' },
    submit: { type: 'plain_text', text: 'Start' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: metadata,
    blocks: [
      {
        type: 'input',
        block_id: CONSTRAINTS_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'What are you in the mood for?' },
        hint: { type: 'plain_text', text: 'In plain words, e.g. "Friday: comedy, under 2 hours, no horror".' },
        element: { type: 'plain_text_input', action_id: 'value', max_length: MAX_CONSTRAINTS },
      },
      {
        type: 'input',
        block_id: MODE_BLOCK,
        label: { type: 'plain_text', text: 'Voting' },
        element: {
          type: 'static_select',
          action_id: 'value',
          initial_option: { text: { type: 'plain_text', text: 'Approval: vote for every film you would watch' }, value: 'approval' },
          options: [
            { text: { type: 'plain_text', text: 'Approval: vote for every film you would watch' }, value: 'approval' },
            { text: { type: 'plain_text', text: 'Ranked: click films in order of preference' }, value: 'ranked' },
          ],
        },
      },
    ],
  };
}

const valuesSchema = z
  .object({
    [CONSTRAINTS_BLOCK]: z
      .object({ value: z.object({ value: z.string().max(MAX_CONSTRAINTS).nullish() }).loose() })
      .loose()
      .optional(),
    [MODE_BLOCK]: z
      .object({
        value: z
          .object({
            selected_option: z
              .object({ value: z.enum(['approval', 'ranked']) })
              .loose()
              .nullish(),
          })
          .loose(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** The core message a submission amounts to, or undefined for a tampered view. */
export function partySubmission(s: {
  teamId: string;
  userId: string;
  userName?: string | undefined;
  privateMetadata?: string | undefined;
  values: unknown;
}): { message: InboundMessage; meta: PartyMetadata } | undefined {
  let meta: PartyMetadata | undefined;
  try {
    const parsed = partyMetadataSchema.safeParse(JSON.parse(s.privateMetadata ?? ''));
    meta = parsed.success ? parsed.data : undefined;
  } catch {
    meta = undefined;
  }
  const values = valuesSchema.safeParse(s.values);
  if (!meta || !values.success) return undefined;
  const constraints = (values.data[CONSTRAINTS_BLOCK]?.value.value ?? '').replace(/\s+/g, ' ').trim();
  const ranked = values.data[MODE_BLOCK]?.value.selected_option?.value === 'ranked';
  const text = ['start', constraints, ranked ? 'ranked voting' : ''].filter(Boolean).join(' ');
  return {
    meta,
    message: { actor: slackActor(s.teamId, s.userId, s.userName), channelId: meta.c, text, command: { name: 'watchparty', args: {} } },
  };
}
