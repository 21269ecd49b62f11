/**
 * One interaction from the HTTP endpoint: the immediate HTTP answer (PONG, a deferral,
 * autocomplete choices, a refusal) and the work to run after it is sent. As on the gateway
 * (interactions.ts), everything that touches the database is deferred first; the answer then
 * goes through the interaction webhook. Rendering is the gateway adapter's (render.ts), so a
 * card looks the same whichever way the interaction arrived. Voice-channel facts live only in
 * the gateway process's cache, so cards answered here carry no voice invite.
 */
import type { BotHandler, Reply } from '../../../src/core/types.js';
import type { Logger } from '../../../src/util/logger.js';
import type { DiscordCommandSpec } from '../commands.js';
import { deferPrivately, publicCards, withVisibility, type InteractionContext } from '../interactions.js';
import { DISCORD_LIMITS, EPHEMERAL_FLAG } from '../limits.js';
import { parseCommand, parseComponent } from '../parse.js';
import { renderChoices, renderOutcome, renderReply, type DiscordMessage } from '../render.js';
import { friendlyError } from '../send.js';
import { finish, within } from '../timeout.js';
import { voicePayload } from '../voice.js';
import { CallbackType, commandLike, componentLike, focusedValue, InteractionType, type RawInteraction } from './payload.js';
import type { InteractionWebhook } from './webhook.js';

/** The HTTP response body Discord reads as the interaction's callback. */
export interface CallbackBody {
  type: number;
  data?: Record<string, unknown>;
}

export interface Handled {
  response: CallbackBody;
  /** Work to start once the response has been sent (it answers through the webhook). */
  after?: (hook: InteractionWebhook) => Promise<void>;
}

export type HttpInteractionContext = InteractionContext & { bot: BotHandler; logger: Logger };

const ephemeralText = (content: string): CallbackBody => ({
  type: CallbackType.Message,
  data: { content, flags: EPHEMERAL_FLAG, allowed_mentions: { parse: [] } },
});

function messageData(m: DiscordMessage, ephemeral: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = { embeds: m.embeds, components: m.components, allowed_mentions: { parse: [] } };
  if (m.content !== undefined) data.content = m.content;
  if (ephemeral) data.flags = EPHEMERAL_FLAG;
  return data;
}

export async function handleHttpInteraction(ctx: HttpInteractionContext, i: RawInteraction): Promise<Handled> {
  switch (i.type) {
    case InteractionType.Ping:
      return { response: { type: CallbackType.Pong } };
    case InteractionType.Autocomplete:
      return { response: await autocomplete(ctx, i) };
    case InteractionType.Command:
      return command(ctx, i);
    case InteractionType.Component:
      return component(ctx, i);
    default:
      return { response: ephemeralText('I cannot handle that kind of interaction.') };
  }
}

async function autocomplete(ctx: HttpInteractionContext, i: RawInteraction): Promise<CallbackBody> {
  const query = focusedValue(i.data?.options).slice(0, 200);
  const found = await within(ctx.bot.autocomplete(query, DISCORD_LIMITS.autocompleteChoices), ctx.autocompleteWithinMs).catch(
    (e: unknown) => {
      ctx.logger.warn({ err: e }, 'autocomplete failed');
      return { done: false } as const;
    },
  );
  return { type: CallbackType.AutocompleteResult, data: { choices: found.done ? renderChoices(found.value) : [] } };
}

function command(ctx: HttpInteractionContext, i: RawInteraction): Handled {
  const like = commandLike(i);
  const spec: DiscordCommandSpec | undefined = like ? ctx.specs.get(like.commandName) : undefined;
  if (!like || !spec) return { response: ephemeralText(`I do not know /${i.data?.name ?? '?'} (yet). Try /help.`) };
  if ('adapter' in spec.handler) return settings(ctx, i, like.guildId);
  if (spec.handler.core === 'help' && ctx.bot.help) {
    // Static text, answered in the response itself; any further pages follow.
    const [first, ...rest] = renderReply({ ...ctx.bot.help(), ephemeral: true });
    return {
      response: { type: CallbackType.Message, data: messageData(first!, true) },
      ...(rest.length
        ? {
            after: async (hook: InteractionWebhook) => {
              for (const m of rest) await hook.followUp(m, true);
            },
          }
        : {}),
    };
  }
  const deferredPrivately = deferPrivately(ctx, spec, like.guildId);
  const core = spec.handler.core;
  return {
    response: { type: CallbackType.DeferredMessage, ...(deferredPrivately ? { data: { flags: EPHEMERAL_FLAG } } : {}) },
    after: async (hook) => {
      try {
        const inbound = parseCommand(like, core);
        const [reply, isPublic] = await finish(
          Promise.all([ctx.bot.onMessage(inbound), publicCards(ctx, like.guildId)]),
          ctx.giveUpAfterMs,
        );
        await answerDeferred(hook, withVisibility(reply, isPublic && !spec.personal), deferredPrivately);
      } catch (e) {
        ctx.logger.error({ err: e, interaction: i.id }, 'discord http command failed');
        await deliverError(ctx, () => (deferredPrivately ? hook.editOriginal(errorMessage()) : replacePublic(hook)));
      }
    },
  };
}

/** Put a reply into a deferred command's "thinking" message (and follow-ups). */
async function answerDeferred(hook: InteractionWebhook, reply: Reply, deferredPrivately: boolean): Promise<void> {
  const [first, ...rest] = renderReply(reply);
  const ephemeral = reply.ephemeral === true;
  if (!deferredPrivately && ephemeral) {
    // Deferred in public, but the answer is private: drop the public "thinking" message.
    await hook.deleteOriginal();
    await hook.followUp(first!, true);
  } else {
    await hook.editOriginal(first!);
  }
  for (const m of rest) await hook.followUp(m, ephemeral || deferredPrivately);
}

const errorMessage = (): DiscordMessage => ({ content: friendlyError(), embeds: [], components: [], flags: EPHEMERAL_FLAG });

/** A public "thinking" would stay for ever: drop it, tell only the asker. */
async function replacePublic(hook: InteractionWebhook): Promise<void> {
  await hook.deleteOriginal().catch(() => {});
  await hook.followUp(errorMessage(), true);
}

async function deliverError(ctx: HttpInteractionContext, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (e) {
    ctx.logger.warn({ err: e }, 'could not deliver the error message');
  }
}

function settings(ctx: HttpInteractionContext, i: RawInteraction, guildId: string | null): Handled {
  if (!guildId) return { response: ephemeralText('Settings apply to a server; run /settings there.') };
  const option = i.data?.options?.find((o) => o.name === 'public-cards');
  const wanted = typeof option?.value === 'boolean' ? option.value : null;
  return {
    response: { type: CallbackType.DeferredMessage, data: { flags: EPHEMERAL_FLAG } },
    after: async (hook) => {
      try {
        const work = wanted === null ? ctx.settings.get(guildId) : ctx.settings.set(guildId, { publicCards: wanted });
        const current = await finish(work, ctx.giveUpAfterMs);
        const content = current.publicCards
          ? 'Recommendation cards in this server are **public**: everyone in the channel sees them and can rate from them.'
          : 'Recommendation cards in this server are **private**: only the person who asked sees them.';
        await hook.editOriginal({ content, embeds: [], components: [], flags: EPHEMERAL_FLAG });
      } catch (e) {
        ctx.logger.error({ err: e, interaction: i.id }, 'discord http settings failed');
        await deliverError(ctx, () => hook.editOriginal(errorMessage()));
      }
    },
  };
}

function component(ctx: HttpInteractionContext, i: RawInteraction): Handled {
  const like = componentLike(i);
  const parsed = like && parseComponent(like);
  if (!like || !parsed) return { response: ephemeralText(friendlyError('bad_action')) };
  // An invite button on a card the gateway process rendered: this process cannot see voice
  // channels, so it acts as for a host who sits in none (nobody brought along).
  const { payload, voice } = voicePayload(parsed.payload);
  const action = voice ? { ...parsed, payload, invitees: [] } : parsed;
  return {
    // Acknowledge before the core runs: the card stays as it is until the edit below.
    response: { type: CallbackType.DeferredUpdate },
    after: async (hook) => {
      try {
        const [core, isPublic] = await finish(
          Promise.all([ctx.bot.onAction(action), publicCards(ctx, like.guildId ?? null)]),
          ctx.giveUpAfterMs,
        );
        const outcome = renderOutcome(core.reply ? { ...core, reply: withVisibility(core.reply, isPublic) } : core);
        const [replacement, ...more] = outcome.reply;
        if (!outcome.update && core.reply?.replaceOriginal && replacement) {
          // The reply takes the clicked message's place (a next page, a finished confirmation).
          await hook.editOriginal({ ...replacement, content: replacement.content ?? '' });
          for (const m of more) await hook.followUp(m, m.flags !== 0);
          return;
        }
        if (outcome.update) await hook.editOriginal(outcome.update);
        for (const m of outcome.reply) await hook.followUp(m, m.flags !== 0);
      } catch (e) {
        ctx.logger.error({ err: e, interaction: i.id }, 'discord http click failed');
        // The original is a card: leave it, tell only the clicker.
        await deliverError(ctx, () => hook.followUp(errorMessage(), true));
      }
    },
  };
}
