/**
 * Gateway events that are not interactions: mentions / DMs, and rating reactions on cards.
 * Messages have no ephemeral replies, so private answers to a mention go to the person's DMs.
 */
import type { Client, Message, MessageReaction, PartialMessage, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { BotHandler } from '../../src/core/types.js';
import type { Logger } from '../../src/util/logger.js';
import { customIdsOf, movieOfMessage, parseMessage, reactionStars, type ReactionPayloads } from './parse.js';
import { renderCardUpdate, renderReply } from './render.js';
import { SLASH_HELP, friendlyError, toChannel, toEdit } from './send.js';
import type { GuildSettingsStore } from './settings.js';
import { finish } from './timeout.js';
import { replyWithVoiceInvite, voiceCounter } from './voice.js';

export interface EventContext {
  client: Client<true>;
  bot: BotHandler;
  settings: GuildSettingsStore;
  logger: Logger;
  reactions?: ReactionPayloads | undefined;
  /** A core that has not answered a mention by now gets the friendly error, as interactions do. */
  giveUpAfterMs: number;
}

export async function handleMessage(ctx: EventContext, message: Message): Promise<void> {
  const inbound = parseMessage(
    {
      id: message.id,
      content: message.content,
      author: message.author,
      nickname: message.member?.nickname,
      channelId: message.channelId,
      guildId: message.guildId,
      mentionedUserIds: [...message.mentions.users.keys()],
    },
    ctx.client.user.id,
  );
  if (!inbound) return;
  try {
    if (!inbound.text) {
      await message.reply({ content: SLASH_HELP, allowedMentions: { repliedUser: false } });
      return;
    }
    if ('sendTyping' in message.channel) void message.channel.sendTyping().catch(() => {});
    const reply = replyWithVoiceInvite(await finish(ctx.bot.onMessage(inbound), ctx.giveUpAfterMs), voiceCounter(message.guild));
    const isPublic = !message.guildId || (await ctx.settings.get(message.guildId).catch(() => ({ publicCards: true }))).publicCards;
    // Private answers go to DMs. An error is different: the person asked in the channel, and a
    // short "I do not know that title" there is clearer than a detour through their DMs.
    const isError = reply.status?.startsWith('error:') === true;
    const privately = message.guildId !== null && !isError && (reply.ephemeral === true || !isPublic);
    const messages = renderReply({ ...reply, ephemeral: false });
    if (privately) {
      try {
        for (const m of messages) await message.author.send(toChannel(m));
        await message.reply({ content: 'I sent you the answer in a direct message.', allowedMentions: { repliedUser: false } });
      } catch (e) {
        ctx.logger.info({ err: e }, 'could not DM the user');
        await message.reply({
          content: 'That answer is private and I cannot DM you. Use the slash command instead (e.g. `/profile`); only you will see it.',
          allowedMentions: { repliedUser: false },
        });
      }
      return;
    }
    const [first, ...rest] = messages;
    if (first) await message.reply({ ...toChannel(first), allowedMentions: { repliedUser: false } });
    for (const m of rest) if ('send' in message.channel) await message.channel.send(toChannel(m));
  } catch (e) {
    ctx.logger.error({ err: e, message: message.id }, 'discord message handling failed');
    await message.reply({ content: friendlyError(), allowedMentions: { repliedUser: false } }).catch(() => {});
  }
}

type AnyReaction = MessageReaction | PartialMessageReaction;
type AnyUser = User | PartialUser;

/**
 * A rating reaction on one of our cards. Works on uncached messages (partials): the message
 * is fetched and the movie recovered from its own buttons' payloads.
 */
export async function handleReaction(ctx: EventContext, reaction: AnyReaction, user: AnyUser, added: boolean): Promise<void> {
  const payloads = ctx.reactions;
  if (!payloads || user.id === ctx.client.user.id) return;
  const stars = reactionStars(reaction.emoji.name);
  if (stars === undefined) return;
  try {
    const message: Message | PartialMessage = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
    if (message.author?.id !== ctx.client.user.id) return;
    const movieId = movieOfMessage(customIdsOf(message.components.map((c) => c.toJSON())), payloads);
    if (movieId === undefined) return;
    const fullUser = user.partial ? await user.fetch().catch(() => user) : user;
    if (fullUser.bot) return;
    // Removing one rating reaction while another of yours stays (3️⃣ then 5️⃣, remove 3️⃣) keeps that other rating.
    const remaining = added ? undefined : await otherRatingReaction(message, user.id, reaction.emoji.name);
    const payload = added
      ? payloads.rate(movieId, stars)
      : remaining !== undefined
        ? payloads.rate(movieId, remaining)
        : payloads.unrate(movieId, stars);
    const outcome = await ctx.bot.onAction({
      actor: {
        platform: 'discord',
        externalId: user.id,
        displayName: fullUser.globalName ?? fullUser.username ?? undefined,
      },
      channelId: message.channelId,
      payload,
    });
    // A reaction is a quiet gesture: the card shows the result, no extra message. The rating
    // is stored either way; a card Discord will not let us edit only misses the new footer.
    if (outcome.update && message.editable !== false) {
      await message.edit(toEdit(renderCardUpdate(outcome.update))).catch((e: unknown) => {
        ctx.logger.warn({ err: e, message: message.id }, 'could not update the card after a reaction');
      });
    }
    if (outcome.reply?.status) ctx.logger.debug({ status: outcome.reply.status, movieId, added }, 'reaction handled');
  } catch (e) {
    ctx.logger.error({ err: e, message: reaction.message.id }, 'discord reaction handling failed');
  }
}

/** Stars of another rating reaction the user still has on the message, if any. */
async function otherRatingReaction(message: Message | PartialMessage, userId: string, removed: string | null): Promise<number | undefined> {
  for (const r of message.reactions.cache.values()) {
    const stars = reactionStars(r.emoji.name);
    if (stars === undefined || r.emoji.name === removed || !r.count) continue;
    const users = await r.users.fetch({ limit: 100 });
    if (users.has(userId)) return stars;
  }
  return undefined;
}
