/**
 * Bolt listeners: slash command, card clicks, mentions and DMs, App Home, the onboarding modal.
 * Every listener acks first and works after (Slack wants an answer within 3 seconds); events
 * are acked by Bolt itself. Redeliveries are claimed in processed_events, and clicks also carry
 * a stable requestId into the core, so a retry never rates twice.
 */
import type { App, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import type { BotHandler, Card, Reply } from '../../src/core/types.js';
import type { PartyMessagesRepository } from '../../src/db/repositories/party-messages.js';
import type { ProcessedEventsRepository } from '../../src/db/repositories/processed-events.js';
import type { SlackInstallationsRepository } from '../../src/db/repositories/slack-installations.js';
import { deliverAttachment, failureReply, postReply, respondArguments, respondWith, toSlackMessage, type WebClient } from './deliver.js';
import { publishHome, type HomeRefresher } from './home.js';
import { openOnboarding, submitOnboarding } from './modals.js';
import { PARTY_CALLBACK_ID, partySubmission, renderPartyModal, wantsPartyModal } from './party-modal.js';
import { joinPayloadOf, livePartyCard, onReactionAdded, postPartyReply, recordPartyMessage } from './party.js';
import {
  blockActionsBodySchema,
  type BlockActionsBody,
  commandToInbound,
  messageEventSchema,
  messageToInbound,
  payloadOf,
  slashCommandSchema,
  teamOfAction,
  toInboundAction,
} from './parse.js';
import { ACTION_ID_PATTERN, cardIndexOf, replaceCard, type Block } from './render.js';
import { ONBOARD_ACTION_ID, ONBOARD_CALLBACK_ID } from './views.js';

export interface ListenerDeps {
  bot: BotHandler;
  processed: ProcessedEventsRepository;
  /** Which messages show a party card, so a reaction on one joins that party. */
  partyMessages: Pick<PartyMessagesRepository, 'record' | 'partyOf'>;
  logger: Logger;
  /** Debounced Home rebuilds after clicks in the Home tab. */
  home: HomeRefresher;
  /** Multi-workspace mode: installations to forget when a workspace uninstalls the app. */
  installations?: Pick<SlackInstallationsRepository, 'delete'> | undefined;
}

export function registerListeners(app: App, deps: ListenerDeps): void {
  const { bot, processed, logger } = deps;
  const party = { bot, processed, logger, messages: deps.partyMessages };

  /**
   * A public reply with a live party card goes to the channel as its own messages (see
   * party.ts). Returns what is left for the usual way (all of it for other replies).
   */
  const viaChannel = (
    client: WebClient,
    reply: Reply,
    where: { team: string; channel: string; user: string; threadTs?: string | undefined },
  ) => (livePartyCard(reply) ? postPartyReply(party, client, reply, where) : Promise.resolve(reply));

  const uploadFailed = (e: unknown): void => logger.warn({ err: e }, 'file upload failed; sending the export inline');

  /** Run the work after the ack; a failure is logged and the person gets one friendly line. */
  async function guarded(what: string, work: () => Promise<void>, onFailure?: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      logger.error({ err: e, what }, 'slack handler failed');
      try {
        await onFailure?.();
      } catch (e2) {
        logger.warn({ err: e2, what }, 'could not report the failure to the user');
      }
    }
  }

  app.command(/.+/, async ({ command, ack, respond, client }) => {
    await ack();
    await guarded(
      'command',
      async () => {
        const cmd = slashCommandSchema.parse(command);
        const message = commandToInbound(cmd);
        if (wantsPartyModal(message) && cmd.trigger_id) {
          try {
            await client.views.open({
              trigger_id: cmd.trigger_id,
              view: renderPartyModal({ c: message.channelId, ch: cmd.channel_id, r: cmd.response_url }),
            });
            return;
          } catch (e) {
            // An expired trigger: start the party at once, as without the form.
            logger.warn({ err: e }, 'could not open the watch-party modal; starting directly');
          }
        }
        let reply: Reply | undefined = await bot.onMessage(message);
        if (message.command?.name === 'onboard' && cmd.trigger_id) {
          try {
            if (await openOnboarding(client, cmd.trigger_id, message, reply, cmd.response_url)) return;
          } catch (e) {
            // trigger_id lives 3 s; when it has expired the same cards go out as a message instead.
            logger.warn({ err: e }, 'could not open the onboarding modal; sending cards');
          }
        }
        reply = await viaChannel(client, reply, { team: cmd.team_id, channel: cmd.channel_id, user: cmd.user_id });
        if (!reply) return;
        await respondWith(respond, await deliverAttachment(client, cmd.user_id, reply, uploadFailed), { defaultEphemeral: false });
      },
      () => respondWith(respond, failureReply(), { defaultEphemeral: true }),
    );
  });

  app.action(ACTION_ID_PATTERN, async ({ ack, body, respond, client }) => {
    await ack();
    await guarded(
      'action',
      async () => {
        const parsed = blockActionsBodySchema.safeParse(body);
        if (!parsed.success) {
          logger.warn({ issues: parsed.error.issues.length }, 'unexpected block_actions payload');
          return;
        }
        const b = parsed.data;
        const action = b.actions[0]!;
        // Inputs inside the onboarding modal are read on submission, not per change.
        if (action.action_id === ONBOARD_ACTION_ID) return;
        const payload = payloadOf(action);
        if (!payload) return;
        const inbound = toInboundAction(b, action, payload);
        if (inbound.requestId && !(await processed.claim(inbound.requestId))) {
          logger.info({ requestId: inbound.requestId }, 'duplicate click ignored');
          return;
        }
        const outcome = await bot.onAction(inbound);
        const team = teamOfAction(b);
        // A party card posted through response_url (no ts known then) is remembered on its first
        // click, so reactions on it join too; only when it is the message's one card, as a
        // reaction re-renders the whole message.
        if (outcome.update && joinPayloadOf(outcome.update) && b.channel && b.message?.ts && onlyCard(b.message.blocks)) {
          await recordPartyMessage(party, team, b.channel.id, b.message.ts, outcome.update);
        }
        if (b.view?.type === 'home') {
          if (outcome.update) await deps.home.updateCard(client, b.user.id, b.view, action.block_id, outcome.update);
          deps.home.refreshSoon(client, team, b.user.id);
          // A state change shows in the refreshed tab; anything else (why, more like this, an
          // error) goes to the person's DM with the app, as Home has nowhere to put it.
          if (outcome.reply && !outcome.update)
            await postReply(client, { ...outcome.reply, ephemeral: false }, { channel: b.user.id, user: b.user.id });
          return;
        }
        await updateMessage(client, b, action.block_id, outcome.update, respond);
        if (outcome.reply) {
          if (outcome.reply.replaceOriginal && !outcome.update && respond) {
            await respondWith(respond, outcome.reply, { defaultEphemeral: true, replaceOriginal: true });
          } else if (respond) {
            await respondWith(respond, outcome.reply, { defaultEphemeral: true });
          } else if (b.channel) {
            await postReply(client, { ephemeral: true, ...outcome.reply }, { channel: b.channel.id, user: b.user.id });
          }
        }
      },
      async () => {
        if (respond) await respondWith(respond, failureReply(), { defaultEphemeral: true });
      },
    );
  });

  /** True when every card block of the message belongs to card 0 (one card, perhaps under some text). */
  function onlyCard(blocks: unknown): boolean {
    const ids = (Array.isArray(blocks) ? (blocks as Block[]) : []).map((x) => cardIndexOf(x.block_id)).filter((i) => i !== undefined);
    return ids.length > 0 && ids.every((i) => i === 0);
  }

  /** The clicked card re-rendered in place; the other cards of the message stay as they were. */
  async function updateMessage(
    client: WebClient,
    b: BlockActionsBody,
    blockId: string | undefined,
    update: Card | undefined,
    respond: RespondFn | undefined,
  ): Promise<void> {
    const index = cardIndexOf(blockId);
    const original = b.message?.blocks as Block[] | undefined;
    if (!update || index === undefined || !original) return;
    const revision = Date.now().toString(36);
    const blocks = replaceCard(original, index, update, revision);
    if (!blocks) return;
    const text = toSlackMessage({ text: typeof b.message?.text === 'string' ? b.message.text : update.title }).text;
    if (respond) {
      await respond({ replace_original: true, text, blocks });
    } else if (b.channel && b.message?.ts) {
      await client.chat.update({ channel: b.channel.id, ts: b.message.ts, text, blocks });
    }
  }

  async function onMessageEvent(body: unknown, rawEvent: unknown, client: WebClient, botUserId: string | undefined): Promise<void> {
    const envelope = body as { team_id?: string; event_id?: string };
    const event = messageEventSchema.safeParse(rawEvent);
    if (!event.success) return;
    const team = envelope.team_id ?? event.data.team ?? 'T0';
    const message = messageToInbound(event.data, team, botUserId, envelope.event_id);
    if (!message) return;
    if (message.requestId && !(await processed.claim(message.requestId))) {
      logger.info({ requestId: message.requestId }, 'redelivered event ignored');
      return;
    }
    const where = { channel: event.data.channel, user: event.data.user!, threadTs: event.data.thread_ts };
    await guarded(
      'message',
      async () => {
        const reply = await viaChannel(client, await bot.onMessage(message), { ...where, team });
        if (reply) await postReply(client, await deliverAttachment(client, where.user, reply, uploadFailed), where);
      },
      () => postReply(client, failureReply(), where),
    );
  }

  app.event('app_mention', async ({ body, event, client, context }) => {
    await onMessageEvent(body, event, client, context.botUserId);
  });

  // Direct messages to the app (message.im); channel chatter without a mention is not ours.
  app.event('message', async ({ body, event, client, context }) => {
    if ((event as { channel_type?: string }).channel_type !== 'im') return;
    await onMessageEvent(body, event, client, context.botUserId);
  });

  // Any reaction on a party card joins the person who reacted (see party.ts).
  app.event('reaction_added', async ({ body, event, client, context }) => {
    await guarded('reaction', () => onReactionAdded(party, client, body, event, context.botUserId));
  });

  app.event('app_home_opened', async ({ body, event, client }) => {
    if (event.tab && event.tab !== 'home') return;
    const team = (body as { team_id?: string }).team_id ?? 'T0';
    await guarded('home', () => publishHome(bot, client, team, event.user));
  });

  app.view(ONBOARD_CALLBACK_ID, async ({ ack, body, view, client }) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? view.team_id;
    await guarded('onboarding', async () => {
      const result = await submitOnboarding(bot, {
        teamId: team,
        userId: body.user.id,
        userName: body.user.name,
        viewId: view.id,
        privateMetadata: view.private_metadata,
        values: view.state.values,
      });
      const confirmation = toSlackMessage({
        text:
          result.chosen === 0
            ? 'No ratings saved: pick a few stars next time.'
            : `Saved ${result.rated} of ${result.chosen} ratings. Try \`/reelmate recommend\` now.`,
      });
      if (result.responseUrl) {
        await fetch(result.responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(respondArguments({ text: confirmation.text, ephemeral: true }, { defaultEphemeral: true })),
        });
      } else {
        await client.chat.postMessage({ channel: body.user.id, text: confirmation.text, blocks: confirmation.blocks });
      }
      await publishHome(bot, client, team, body.user.id);
    });
  });

  app.view(PARTY_CALLBACK_ID, async ({ ack, body, view, client }) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id ?? view.team_id;
    await guarded('watch-party modal', async () => {
      const submitted = partySubmission({
        teamId: team,
        userId: body.user.id,
        userName: body.user.name,
        privateMetadata: view.private_metadata,
        values: view.state.values,
      });
      if (!submitted) {
        logger.warn('watch-party modal with unreadable metadata or values ignored');
        return;
      }
      const answer = await bot.onMessage({ ...submitted.message, requestId: `slack:view:${team}:${body.user.id}:${view.id}` });
      // The party card is for the whole channel; errors stay with the person who asked.
      const ephemeral = answer.status?.startsWith('error') ?? false;
      const reply = ephemeral ? answer : await viaChannel(client, answer, { team, channel: submitted.meta.ch, user: body.user.id });
      if (!reply) return;
      if (submitted.meta.r) {
        await fetch(submitted.meta.r, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(respondArguments({ ...reply, ephemeral }, { defaultEphemeral: false })),
        });
      } else {
        await postReply(client, { ...reply, ephemeral }, { channel: submitted.meta.ch, user: body.user.id });
      }
    });
  });

  const installations = deps.installations;
  if (installations) {
    // The workspace's tokens are dead: drop them (its people's ratings stay, as their own data).
    const forget = async (body: unknown, why: string): Promise<void> => {
      const b = body as { team_id?: string; enterprise_id?: string; is_enterprise_install?: boolean };
      const removed = await installations.delete({
        teamId: b.team_id,
        enterpriseId: b.enterprise_id,
        isEnterpriseInstall: b.is_enterprise_install,
      });
      logger.info({ team: b.team_id, enterprise: b.enterprise_id, removed, why }, 'slack installation removed');
    };
    app.event('app_uninstalled', async ({ body }) => guarded('uninstall', () => forget(body, 'app_uninstalled')));
    app.event('tokens_revoked', async ({ body, event }) => {
      if ((event.tokens.bot ?? []).length > 0) await guarded('uninstall', () => forget(body, 'tokens_revoked'));
    });
  }

  app.error(async (error) => {
    logger.error({ err: error }, 'slack app error');
  });
}
