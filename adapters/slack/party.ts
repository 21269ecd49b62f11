/**
 * Watch parties on Slack: a reaction on a party card joins the person who reacted.
 *
 * A reaction_added event names only the message (channel + ts), so every party card the
 * adapter posts goes out with chat.postMessage (which returns the ts) as a message of its
 * own, and (channel, ts) -> party is kept in PostgreSQL (party_messages) with the card's own
 * signed Join payload. A reaction on it then acts exactly as a click on Join by the reactor.
 * Removing the reaction does not leave: leaving withdraws votes, which a stray un-react should
 * not do; the Leave button is there for that.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { BotHandler, Card, Reply } from '../../src/core/types.js';
import type { PartyMessagesRepository } from '../../src/db/repositories/party-messages.js';
import type { ProcessedEventsRepository } from '../../src/db/repositories/processed-events.js';
import { postReply, toSlackMessage, type WebClient } from './deliver.js';
import { cardIndexOf, replaceCard, type Block } from './render.js';
import { slackActor, slackChannelId } from './parse.js';

export interface PartyDeps {
  bot: BotHandler;
  messages: Pick<PartyMessagesRepository, 'record' | 'partyOf'>;
  processed: Pick<ProcessedEventsRepository, 'claim'>;
  logger: Logger;
}

/** The first live party card of a public reply: the one a reaction should be able to join. */
export function livePartyCard(reply: Reply): Card | undefined {
  if (reply.ephemeral) return undefined;
  return reply.cards?.find((c) => c.kind === 'party' && (c.party?.status === 'open' || c.party?.status === 'voting'));
}

export function joinPayloadOf(card: Card): string | undefined {
  return card.actions?.find((a) => a.kind === 'party_join')?.id;
}

/** Remember that a message shows a party card (a post, or a clicked card posted some other way). */
export async function recordPartyMessage(
  deps: Pick<PartyDeps, 'messages' | 'logger'>,
  team: string,
  channel: string,
  ts: string,
  card: Card,
): Promise<void> {
  const partyId = card.party?.partyId;
  if (partyId === undefined) return;
  try {
    await deps.messages.record(
      { platform: 'slack', channelKey: slackChannelId(team, channel), messageKey: ts },
      partyId,
      joinPayloadOf(card),
    );
  } catch (e) {
    // The card works without it; only joining by reaction is lost for this message.
    deps.logger.warn({ err: e, partyId }, 'could not remember the party card message');
  }
}

/**
 * Post a public reply that carries a live party card: its text and the party card as one
 * message (remembered for reactions), then any other cards (the host's onboarding).
 * Returns what is still to be delivered when Slack refuses a post (the app is not in the
 * channel, say): the caller sends that the way it did before, through response_url. Nothing
 * posted is sent twice.
 */
export async function postPartyReply(
  deps: Pick<PartyDeps, 'messages' | 'logger'>,
  client: WebClient,
  reply: Reply,
  where: { team: string; channel: string; user: string; threadTs?: string | undefined },
): Promise<Reply | undefined> {
  const party = livePartyCard(reply);
  if (!party) return reply;
  const rest = (reply.cards ?? []).filter((c) => c !== party);
  const thread = where.threadTs ? { thread_ts: where.threadTs } : {};
  // The announcement and the card in one message: one thing in the channel to react to.
  const card = toSlackMessage({ text: reply.text, cards: [party] });
  let left: Reply = reply;
  try {
    const posted = await client.chat.postMessage({ channel: where.channel, text: card.text, blocks: card.blocks, ...thread });
    left = { ...reply, text: undefined, cards: rest };
    if (posted.ts) await recordPartyMessage(deps, where.team, where.channel, posted.ts, party);
    if (rest.length) await postReply(client, { cards: rest, ephemeral: false }, where);
    return undefined;
  } catch (e) {
    deps.logger.info({ err: e, channel: where.channel }, 'could not post the party card to the channel; answering through response_url');
    return left.text || left.cards?.length ? left : undefined;
  }
}

export const reactionAddedSchema = z.object({
  type: z.literal('reaction_added'),
  user: z.string().min(1).max(40),
  reaction: z.string().max(100),
  item_user: z.string().max(40).optional(),
  item: z.object({ type: z.string(), channel: z.string().max(40).optional(), ts: z.string().max(40).optional() }),
});

/** Someone reacted to a message: if it is a party card, they join that party. */
export async function onReactionAdded(
  deps: PartyDeps,
  client: WebClient,
  body: unknown,
  rawEvent: unknown,
  botUserId: string | undefined,
): Promise<void> {
  const parsed = reactionAddedSchema.safeParse(rawEvent);
  if (!parsed.success) return;
  const event = parsed.data;
  const { channel, ts } = event.item;
  if (event.item.type !== 'message' || !channel || !ts) return;
  // The bot's own reactions, and reactions on other people's messages, are not joins (and the
  // second check costs no query: Slack says whose message it is).
  if (event.user === botUserId || (botUserId && event.item_user && event.item_user !== botUserId)) return;
  const envelope = body as { team_id?: string; event_id?: string };
  const team = envelope.team_id ?? 'T0';
  const found = await deps.messages.partyOf({ platform: 'slack', channelKey: slackChannelId(team, channel), messageKey: ts });
  if (!found?.joinPayload) return;
  const requestId = envelope.event_id ? `slack:ev:${envelope.event_id}` : undefined;
  if (requestId && !(await deps.processed.claim(requestId))) {
    deps.logger.info({ requestId }, 'redelivered reaction ignored');
    return;
  }
  const who = await client.users.info({ user: event.user }).catch((e: unknown) => {
    // Without users:read (an older install) the reaction still counts; only bots cannot be told apart.
    deps.logger.warn({ err: e }, 'users.info failed; treating the reaction as a person’s');
    return undefined;
  });
  if (who?.user?.is_bot) return;
  const name = who?.user?.profile?.display_name || who?.user?.real_name || who?.user?.name;
  const outcome = await deps.bot.onAction({
    actor: slackActor(team, event.user, name),
    channelId: slackChannelId(team, channel),
    payload: found.joinPayload,
    requestId,
  });
  const status = outcome.reply?.status;
  if (outcome.update && status === 'party_joined') await refreshCard(client, channel, ts, outcome.update, deps.logger);
  // A reaction is a light gesture: only a real join gets a (private) welcome, with the
  // onboarding for people who never rated. A party settled by this touch is announced to all.
  if (outcome.reply && status === 'party_joined') {
    await postReply(client, { ...outcome.reply, ephemeral: true }, { channel, user: event.user });
  } else if (outcome.reply && (status === 'party_closed' || status === 'party_expired')) {
    await postReply(client, { ...outcome.reply, ephemeral: false }, { channel, user: event.user });
  } else {
    deps.logger.debug({ status }, 'reaction on a party card changed nothing');
  }
}

/**
 * The party card of a message re-rendered in place, the rest of the message (the
 * announcement above it) as it was. A reaction event carries no message, so it is read with
 * reactions.get (the reactions:read scope); when it cannot be read the card is left as it
 * is (the next click refreshes it) rather than posted without its announcement.
 */
async function refreshCard(client: WebClient, channel: string, ts: string, card: Card, logger: Logger): Promise<void> {
  const found = await client.reactions.get({ channel, timestamp: ts, full: true }).catch((e: unknown) => {
    logger.warn({ err: e }, 'reactions.get failed; the party card is refreshed on the next click');
    return undefined;
  });
  const original = found?.message?.blocks as Block[] | undefined;
  const index = original?.map((b) => cardIndexOf(b.block_id)).find((i) => i !== undefined);
  const blocks = original && index !== undefined ? replaceCard(original, index, card, Date.now().toString(36)) : undefined;
  if (!blocks) return;
  const text = typeof found?.message?.text === 'string' ? found.message.text : toSlackMessage({ cards: [card] }).text;
  await client.chat.update({ channel, ts, text, blocks });
}
