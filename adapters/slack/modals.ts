/**
 * Onboarding as one modal: the core's onboard reply (movie cards with rate buttons) becomes a
 * view with a half-star select per movie; the submission rates every chosen movie at once.
 * (The watch-party modal lives beside this one when that feature lands.)
 */
import type { BotHandler, InboundMessage, Reply } from '../../src/core/types.js';
import type { WebClient } from './deliver.js';
import { slackActor, slackChannelId } from './parse.js';
import { onboardingSelections, rateableCards, renderOnboardingModal, decodeMetadata } from './views.js';

/**
 * Open the onboarding modal for a reply that has rateable cards. False when there is nothing to
 * rate (the caller then shows the reply as a message).
 */
export async function openOnboarding(
  client: WebClient,
  triggerId: string,
  message: InboundMessage,
  reply: Reply,
  responseUrl?: string,
): Promise<boolean> {
  if (rateableCards(reply.cards ?? []).length === 0) return false;
  const view = renderOnboardingModal(reply.cards ?? [], { c: message.channelId, r: responseUrl }, reply.text);
  await client.views.open({ trigger_id: triggerId, view });
  return true;
}

export interface Submission {
  teamId: string;
  userId: string;
  userName?: string | undefined;
  viewId: string;
  privateMetadata?: string | undefined;
  values: unknown;
}

export interface SubmissionResult {
  chosen: number;
  rated: number;
  channelId: string;
  responseUrl?: string | undefined;
}

/**
 * Rate every chosen movie through the core, one action each (so each goes through the same
 * validation and fold-in as a click). The requestId is per view and payload: a redelivered
 * submission rates nothing twice.
 */
export async function submitOnboarding(bot: BotHandler, s: Submission): Promise<SubmissionResult> {
  const meta = decodeMetadata(s.privateMetadata);
  const channelId = meta?.c ?? slackChannelId(s.teamId, 'home');
  const payloads = onboardingSelections(s.values);
  let rated = 0;
  for (const payload of payloads) {
    const outcome = await bot.onAction({
      actor: slackActor(s.teamId, s.userId, s.userName),
      channelId,
      payload,
      requestId: `slack:view:${s.teamId}:${s.userId}:${s.viewId}:${payload}`.slice(0, 200),
    });
    if (!outcome.reply?.status?.startsWith('error')) rated++;
  }
  return { chosen: payloads.length, rated, channelId, responseUrl: meta?.r };
}
