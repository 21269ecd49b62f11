/**
 * Pure builders for Slack views: the App Home tab and the onboarding modal (at most 100 blocks,
 * private_metadata under 3,000 characters). home.ts and modals.ts do the I/O around them.
 */
import { z } from 'zod';
import type { types as slack } from '@slack/bolt';
import type { Card, Reply } from '../../src/core/types.js';
import { SLACK_LIMITS as L, truncate } from './limits.js';
import { groupOf, renderCard, renderCards, starString, type Block } from './render.js';

export interface HomeContent {
  profile: Reply;
  picks: Reply;
  watchlist: Reply;
}

function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: truncate(text, L.headerText), emoji: true } };
}

/**
 * The Home tab: taste profile, top picks (with the same buttons as in messages) and watchlist.
 * Budget: picks get the most room; everything stays within 100 blocks.
 */
export function renderHome(content: HomeContent, revision = '0'): slack.HomeView {
  const sections: { title: string; reply: Reply; prefix: string; budget: number }[] = [
    { title: 'Your taste profile', reply: content.profile, prefix: 'p', budget: 20 },
    { title: 'Top picks for you', reply: content.picks, prefix: 'h', budget: 50 },
    { title: 'Your watchlist', reply: content.watchlist, prefix: 'w', budget: L.blocksPerView },
  ];
  const blocks: Block[] = [];
  for (const s of sections) {
    const room = Math.min(s.budget, L.blocksPerView - blocks.length - 2);
    if (room < 1) break;
    blocks.push(header(s.title));
    const body = renderCards(s.reply.text, s.reply.cards ?? [], room, { prefix: s.prefix, revision });
    blocks.push(...(body.length ? body : [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'Nothing here yet.' }] } as Block]));
    if (blocks.length < L.blocksPerView) blocks.push({ type: 'divider' });
  }
  return { type: 'home', blocks: blocks.slice(0, L.blocksPerView) };
}

export const ONBOARD_CALLBACK_ID = 'reelmate_onboard';
export const ONBOARD_ACTION_ID = 'rm.onboard';

/** What the modal carries to its submission: where to confirm, nothing secret. */
export const onboardingMetadataSchema = z.object({
  /** "TEAM:CHANNEL" the onboarding was started from. */
  c: z.string().max(200),
  /** response_url of the slash command, for the confirmation. */
  r: z.url().max(1000).optional(),
});
export type OnboardingMetadata = z.infer<typeof onboardingMetadataSchema>;

export function encodeMetadata(meta: OnboardingMetadata): string {
  const full = JSON.stringify(meta);
  if (full.length < L.privateMetadata) return full;
  // Only the optional response_url can be long; without it the confirmation goes by chat.postMessage.
  return JSON.stringify({ c: truncate(meta.c, 200) });
}

export function decodeMetadata(raw: string | undefined): OnboardingMetadata | undefined {
  try {
    const parsed = onboardingMetadataSchema.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Movie cards that can be rated (they carry rating actions). */
export function rateableCards(cards: readonly Card[]): Card[] {
  return cards.filter((c) => (c.actions ?? []).some((a) => groupOf(a) === 'rating' && a.kind === 'rate'));
}

/**
 * The onboarding modal: every movie as a short section plus an optional half-star select,
 * so ten ratings take one submission. The options' values are the core's own rate payloads.
 */
export function renderOnboardingModal(cards: readonly Card[], meta: OnboardingMetadata, intro?: string): slack.ModalView {
  const blocks: Block[] = [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(intro ?? 'Rate the ones you have seen; skip the rest.', L.contextText) }],
    },
  ];
  for (const [i, card] of rateableCards(cards).entries()) {
    if (blocks.length + 2 > L.blocksPerView) break;
    const [section] = renderCard({ ...card, actions: [], footer: undefined, fields: undefined }, i, { prefix: 'o' });
    if (section) blocks.push(section);
    const rates = (card.actions ?? [])
      .filter((a) => a.kind === 'rate' && a.id.length <= L.optionValue)
      .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
    blocks.push({
      type: 'input',
      block_id: `o${i}.i`,
      optional: true,
      label: { type: 'plain_text', text: truncate(`Your rating for ${card.title}`, L.inputLabel) },
      element: {
        type: 'static_select',
        action_id: ONBOARD_ACTION_ID,
        placeholder: { type: 'plain_text', text: 'Not seen' },
        options: rates.slice(0, L.selectOptions).map((a) => ({
          text: { type: 'plain_text', text: truncate(a.value !== undefined ? `${starString(a.value)} ${a.value}` : a.label, L.optionText) },
          value: a.id,
        })),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: ONBOARD_CALLBACK_ID,
    title: { type: 'plain_text', text: truncate('Rate some movies', L.viewTitle) },
    submit: { type: 'plain_text', text: truncate('Save ratings', L.viewButton) },
    close: { type: 'plain_text', text: truncate('Later', L.viewButton) },
    private_metadata: encodeMetadata(meta),
    blocks,
  };
}

const stateValuesSchema = z.record(
  z.string(),
  z.record(z.string(), z.object({ selected_option: z.object({ value: z.string() }).nullish() }).loose()),
);

/** The rate payloads chosen in a submitted onboarding modal, in block order. */
export function onboardingSelections(values: unknown): string[] {
  const parsed = stateValuesSchema.safeParse(values);
  if (!parsed.success) return [];
  const out: { order: number; value: string }[] = [];
  for (const [blockKey, actions] of Object.entries(parsed.data)) {
    const m = /^o(\d+)\.i$/.exec(blockKey);
    const chosen = actions[ONBOARD_ACTION_ID]?.selected_option?.value;
    if (m && chosen) out.push({ order: Number(m[1]), value: chosen });
  }
  return out.sort((a, b) => a.order - b.order).map((o) => o.value);
}
