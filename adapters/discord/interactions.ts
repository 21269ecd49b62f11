/**
 * Slash commands, autocomplete and component clicks. Discord wants an acknowledgement within
 * 3 seconds. Deadlines by design, not by timers: every interaction that does real work is
 * deferred first (a "thinking…" state for commands, a silent deferUpdate for clicks), before
 * any core work starts, so a busy event loop can delay the answer but never cost the
 * acknowledgement; the answer is edited in when the core is done. Only work that needs no
 * database answers directly: autocomplete (which Discord cannot defer), /help, refusals.
 */
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { BotHandler, Reply } from '../../src/core/types.js';
import type { Logger } from '../../src/util/logger.js';
import type { DiscordCommandSpec } from './commands.js';
import { DISCORD_LIMITS } from './limits.js';
import { parseCommand, parseComponent, type CommandOptionLike } from './parse.js';
import { renderChoices, renderOutcome, renderReply, type DiscordMessage } from './render.js';
import { friendlyError, toEdit, toSend } from './send.js';
import type { GuildSettingsStore } from './settings.js';
import { finish, within } from './timeout.js';
import { replyWithVoiceInvite, voiceCounter, voiceInvitees, voicePayload, withVoiceInvite } from './voice.js';

export interface InteractionContext {
  bot: BotHandler;
  specs: ReadonlyMap<string, DiscordCommandSpec>;
  settings: GuildSettingsStore;
  logger: Logger;
  /** Autocomplete has no deferral: past this, answer with no choices. */
  autocompleteWithinMs: number;
  /** A core that has not answered by now gets the friendly error instead (the token lasts 15 min). */
  giveUpAfterMs: number;
}

export async function handleInteraction(ctx: InteractionContext, interaction: Interaction): Promise<void> {
  try {
    if (interaction.isAutocomplete()) return await autocomplete(ctx, interaction);
    if (interaction.isChatInputCommand()) return await command(ctx, interaction);
    if (interaction.isButton() || interaction.isStringSelectMenu()) return await component(ctx, interaction);
  } catch (e) {
    ctx.logger.error({ err: e, interaction: interaction.id, type: interaction.type }, 'discord interaction failed');
    if (interaction.isRepliable()) await sendError(interaction, ctx.logger);
  }
}

async function sendError(interaction: RepliableInteraction, logger: Logger): Promise<void> {
  const message = { content: friendlyError(), embeds: [], components: [] };
  try {
    if (!interaction.deferred && !interaction.replied) {
      await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
    } else if (interaction.isMessageComponent()) {
      // The original is a card: leave it, tell only the clicker.
      await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
    } else if (interaction.ephemeral === false) {
      // A public "thinking" would stay for ever: drop it, tell only the asker.
      await interaction.deleteReply().catch(() => {});
      await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
    } else {
      await interaction.editReply(message);
    }
  } catch (e) {
    logger.warn({ err: e }, 'could not deliver the error message');
  }
}

async function autocomplete(ctx: InteractionContext, i: AutocompleteInteraction): Promise<void> {
  const focused = i.options.getFocused(true);
  const query = String(focused.value).slice(0, 200);
  const found = await within(ctx.bot.autocomplete(query, DISCORD_LIMITS.autocompleteChoices), ctx.autocompleteWithinMs).catch(
    (e: unknown) => {
      ctx.logger.warn({ err: e }, 'autocomplete failed');
      return { done: false } as const;
    },
  );
  if (!found.done) ctx.logger.warn({ query }, 'autocomplete too slow or failed; answering with no choices');
  await i.respond(found.done ? renderChoices(found.value) : []);
}

export async function publicCards(ctx: InteractionContext, guildId: string | null): Promise<boolean> {
  if (!guildId) return true; // A DM is private anyway.
  try {
    return (await ctx.settings.get(guildId)).publicCards;
  } catch (e) {
    ctx.logger.warn({ err: e, guildId }, 'settings unavailable; using defaults');
    return true;
  }
}

/**
 * How to defer a command, decided without waiting: personal commands privately; others as the
 * server's settings say when they are known in memory, else in public (the default), and
 * answer() swaps a public "thinking" for a private answer if that is what it turns out to be.
 */
export function deferPrivately(ctx: InteractionContext, spec: DiscordCommandSpec, guildId: string | null): boolean {
  if (spec.personal) return true;
  if (!guildId) return false;
  const known = ctx.settings.peek?.(guildId);
  return known !== undefined && !known.publicCards;
}

async function command(ctx: InteractionContext, i: ChatInputCommandInteraction): Promise<void> {
  const spec = ctx.specs.get(i.commandName);
  if (!spec) {
    await i.reply({ content: `I do not know /${i.commandName} (yet). Try /help.`, flags: MessageFlags.Ephemeral });
    return;
  }
  if ('adapter' in spec.handler) return settingsCommand(ctx, i);
  // Help is static text: answered at once, with no database involved.
  if (spec.handler.core === 'help' && ctx.bot.help) {
    await answer(i, { ...ctx.bot.help(), ephemeral: true });
    return;
  }
  await i.deferReply(deferPrivately(ctx, spec, i.guildId) ? { flags: MessageFlags.Ephemeral } : {});
  const inbound = parseCommand(
    {
      id: i.id,
      commandName: i.commandName,
      options: i.options.data as readonly CommandOptionLike[],
      user: i.user,
      nickname: i.inCachedGuild() ? i.member.nickname : undefined,
      channelId: i.channelId,
      guildId: i.guildId,
    },
    spec.handler.core,
  );
  const [reply, isPublic] = await finish(Promise.all([ctx.bot.onMessage(inbound), publicCards(ctx, i.guildId)]), ctx.giveUpAfterMs);
  // Personal commands (profile, export...) answer privately whatever the core says.
  await answer(i, withVisibility(replyWithVoiceInvite(reply, voiceCounter(i.guild)), isPublic && !spec.personal));
}

export function withVisibility(reply: Reply, publicCards: boolean): Reply {
  return publicCards || reply.ephemeral ? reply : { ...reply, ephemeral: true };
}

/** Send a rendered reply as the interaction's answer (direct, or into a deferred one) plus follow-ups. */
async function answer(i: ChatInputCommandInteraction | MessageComponentInteraction, reply: Reply): Promise<void> {
  const messages = renderReply(reply);
  const ephemeral = reply.ephemeral === true;
  const [first, ...rest] = messages as [DiscordMessage, ...DiscordMessage[]];
  if (!i.deferred && !i.replied) {
    await i.reply(toSend(first, ephemeral));
  } else if (i.deferred && !i.replied && i.ephemeral === false && ephemeral) {
    // Deferred in public, but the answer is private: drop the public "thinking" message.
    await i.deleteReply();
    await i.followUp(toSend(first, true));
  } else if (i.deferred && !i.replied) {
    await i.editReply(toEdit(first));
  } else {
    await i.followUp(toSend(first, ephemeral));
  }
  for (const m of rest) await i.followUp(toSend(m, ephemeral || i.ephemeral === true));
}

async function component(ctx: InteractionContext, i: MessageComponentInteraction): Promise<void> {
  const action = parseComponent({
    id: i.id,
    customId: i.customId,
    values: i.isStringSelectMenu() ? i.values : undefined,
    user: i.user,
    nickname: i.inCachedGuild() ? i.member.nickname : undefined,
    channelId: i.channelId,
    guildId: i.guildId,
    ephemeral: i.message.flags.has(MessageFlags.Ephemeral),
  });
  if (!action) {
    await i.reply({ content: friendlyError('bad_action'), flags: MessageFlags.Ephemeral });
    return;
  }
  // The invite button brings along whoever is in the clicker's voice channel right now.
  const { payload, voice } = voicePayload(action.payload);
  const inbound = voice ? { ...action, payload, invitees: voiceInvitees(i.guild, i.user.id) } : action;
  // Acknowledge before the core runs: the card stays as it is until the edit below.
  await i.deferUpdate();
  const [core, isPublic] = await finish(Promise.all([ctx.bot.onAction(inbound), publicCards(ctx, i.guildId)]), ctx.giveUpAfterMs);
  const count = voiceCounter(i.guild);
  const result = {
    update: core.update && withVoiceInvite(core.update, count),
    reply: core.reply && replyWithVoiceInvite(core.reply, count),
  };
  const outcome = renderOutcome(result.reply ? { ...result, reply: withVisibility(result.reply, isPublic) } : result);
  const [replacement, ...more] = outcome.reply;
  if (!outcome.update && result.reply?.replaceOriginal && replacement) {
    // The reply takes the clicked message's place (a next page, a finished confirmation).
    const edit = { ...toEdit(replacement), content: replacement.content ?? '' };
    if (i.deferred) await i.editReply(edit);
    else await i.update(edit);
    for (const m of more) await i.followUp(toSend(m));
    return;
  }
  if (outcome.update) {
    if (i.deferred) await i.editReply(toEdit(outcome.update));
    else await i.update(toEdit(outcome.update));
  } else if (!i.deferred && outcome.reply.length === 0) {
    await i.deferUpdate(); // Nothing to show: just stop the button's spinner.
  }
  for (const m of outcome.reply) {
    if (!i.deferred && !i.replied) await i.reply(toSend(m));
    else await i.followUp(toSend(m));
  }
}

async function settingsCommand(ctx: InteractionContext, i: ChatInputCommandInteraction): Promise<void> {
  if (!i.guildId) {
    await i.reply({ content: 'Settings apply to a server; run /settings there.', flags: MessageFlags.Ephemeral });
    return;
  }
  const wanted = i.options.getBoolean('public-cards');
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const work = wanted === null ? ctx.settings.get(i.guildId) : ctx.settings.set(i.guildId, { publicCards: wanted });
  const current = await finish(work, ctx.giveUpAfterMs);
  const content = current.publicCards
    ? 'Recommendation cards in this server are **public**: everyone in the channel sees them and can rate from them.'
    : 'Recommendation cards in this server are **private**: only the person who asked sees them.';
  if (i.deferred) await i.editReply({ content });
  else await i.reply({ content, flags: MessageFlags.Ephemeral });
}
