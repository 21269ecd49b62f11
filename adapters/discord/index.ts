/**
 * Discord wire-up: a discord.js client over the gateway, feeding the platform-neutral core.
 * Interactions (slash commands, autocomplete, buttons) live in interactions.ts; mentions and
 * reactions in events.ts; the pure translation in parse.ts and render.ts.
 */
import { ActivityType, Client, Events, GatewayIntentBits, Partials } from 'discord.js';
import type { ActionCodec } from '../../src/features/index.js';
import type { BotHandler, Reply } from '../../src/core/types.js';
import { silentLogger, type Logger } from '../../src/util/logger.js';
import { commandSpecs, type DiscordCommandSpec } from './commands.js';
import { handleMessage, handleReaction } from './events.js';
import { handleInteraction } from './interactions.js';
import { renderReply } from './render.js';
import { toChannel } from './send.js';
import type { ReactionPayloads } from './parse.js';
import { memorySettingsStore, type GuildSettingsStore } from './settings.js';

export { commandSpecs, COMMAND_SPECS, type DiscordCommandSpec } from './commands.js';
export { registerCommands } from './register.js';
export { memorySettingsStore, repositorySettingsStore, type GuildSettings, type GuildSettingsStore } from './settings.js';
export type { ReactionPayloads } from './parse.js';

export const DEFAULT_DISCORD_API = 'https://discord.com/api';

export interface StartDiscordOptions {
  token: string;
  bot: BotHandler;
  /** REST base without the version, e.g. https://discord.com/api (DISCORD_API_URL); "/v10" is tolerated. */
  apiUrl?: string | undefined;
  /**
   * Request the privileged Message Content intent (default true). When the Developer Portal
   * has not enabled it, the gateway refuses the login and the adapter reconnects without it
   * (one warning in the log); set false to skip that attempt. Without the intent, mentions
   * that arrive without their text get a pointer to the slash commands.
   */
  messageContent?: boolean | undefined;
  logger?: Logger | undefined;
  /** Per-server settings (public cards); defaults in memory when omitted. */
  settings?: GuildSettingsStore | undefined;
  /** How reactions become payloads; usually `reactionPayloadsFrom(codec)`. Without it reactions are ignored. */
  reactions?: ReactionPayloads | undefined;
  /** Extra slash commands handled by the core (e.g. watch parties). */
  extraCommands?: readonly DiscordCommandSpec[] | undefined;
  /** Autocomplete cannot be deferred: answer with no choices past this (default 2000 ms). */
  autocompleteWithinMs?: number | undefined;
  /**
   * Which gateway shards this process runs. Default: as many as Discord recommends, all here.
   * To spread a large bot over processes (state is all in the database), give each process
   * its own ids and the common total, e.g. { ids: [0, 1], count: 4 } and { ids: [2, 3], count: 4 }.
   */
  shards?: { ids: number[]; count: number } | undefined;
  /** Stop waiting for the core after this long and answer with the friendly error (default 60 s). */
  giveUpAfterMs?: number | undefined;
}

export interface DiscordAdapter {
  client: Client<true>;
  /**
   * Post a reply in a channel on the bot's own initiative (e.g. a watch party closed by its
   * timer: the core's PartyAnnouncement). False when the channel is unknown or not writable.
   */
  post(channelId: string, reply: Reply): Promise<boolean>;
  stop(): Promise<void>;
}

/** DISCORD_API_URL as discord.js wants it: no trailing slash, no version. */
export function normalizeApiUrl(url: string | undefined): string {
  if (!url) return DEFAULT_DISCORD_API;
  return url.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

/** Reaction payloads signed by the core's codec; only verified payloads name a movie. */
export function reactionPayloadsFrom(codec: Pick<ActionCodec, 'encode' | 'decode'>): ReactionPayloads {
  return {
    movieOf(payload) {
      const decoded = codec.decode(payload);
      if (!decoded.ok) return undefined;
      const a = decoded.value;
      // Party and choice cards name several movies; a reaction on them means nothing.
      if (a.kind.startsWith('party_') || a.kind === 'choose' || !('movieId' in a)) return undefined;
      return a.movieId;
    },
    rate: (movieId, stars) => codec.encode({ kind: 'rate', movieId, stars }),
    unrate: (movieId, stars) => codec.encode({ kind: 'unrate', movieId, stars }),
  };
}

/**
 * Log in and serve until stop(). When the Message Content intent is asked for but not enabled
 * in the Developer Portal, Discord refuses the login (close code 4014); the adapter then logs
 * a warning and connects without it, so slash commands keep working.
 */
export async function startDiscord(options: StartDiscordOptions): Promise<DiscordAdapter> {
  const logger = options.logger ?? silentLogger;
  try {
    return await connect(options, logger, options.messageContent ?? true);
  } catch (e) {
    if (options.messageContent === false || !(e instanceof Error) || !/disallowed intent/i.test(e.message)) throw e;
    logger.warn('the Message Content intent is not enabled for this application (Developer Portal > Bot); continuing without it');
    return connect(options, logger, false);
  }
}

async function connect(options: StartDiscordOptions, logger: Logger, messageContent: boolean): Promise<DiscordAdapter> {
  const settings = options.settings ?? memorySettingsStore();
  const specs = new Map(commandSpecs(options.extraCommands).map((s) => [s.json.name, s]));
  const intents = [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.GuildMessageReactions,
    // Who is in which voice channel, for the watch party's "Invite my voice channel" (not privileged).
    GatewayIntentBits.GuildVoiceStates,
    GatewayIntentBits.DirectMessages,
    GatewayIntentBits.DirectMessageReactions,
    ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
  ];
  const client = new Client({
    intents,
    // Reactions on messages sent before this process started arrive as partials.
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User, Partials.GuildMember],
    rest: { api: normalizeApiUrl(options.apiUrl) },
    ...(options.shards ? { shards: options.shards.ids, shardCount: options.shards.count } : { shards: 'auto' as const }),
    presence: { activities: [{ name: '/recommend', type: ActivityType.Listening }] },
    // Replies echo what people typed; never let that ping users, roles or @everyone.
    allowedMentions: { parse: [] },
  });
  // Without an 'error' listener an EventEmitter error would crash the process.
  client.on(Events.Error, (e) => logger.error({ err: e }, 'discord client error'));
  client.on(Events.Warn, (m) => logger.warn(m));
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.ShardReconnecting, (shard) => logger.info({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway resumed'));
  client.on(Events.ShardError, (e, shard) => logger.error({ err: e, shard }, 'gateway error'));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  await client.login(options.token);
  const readyClient = await ready;
  logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, messageContent }, 'discord connected');
  if (!options.reactions) logger.info('no reaction payload codec given: rating by reaction is off');

  const interactionCtx = {
    bot: options.bot,
    specs,
    settings,
    logger,
    autocompleteWithinMs: options.autocompleteWithinMs ?? 2000,
    giveUpAfterMs: options.giveUpAfterMs ?? 60_000,
  };
  const eventCtx = {
    client: readyClient,
    bot: options.bot,
    settings,
    logger,
    reactions: options.reactions,
    giveUpAfterMs: interactionCtx.giveUpAfterMs,
  };
  client.on(Events.InteractionCreate, (i) => void handleInteraction(interactionCtx, i));
  client.on(Events.MessageCreate, (m) => void handleMessage(eventCtx, m));
  client.on(Events.MessageReactionAdd, (r, u) => void handleReaction(eventCtx, r, u, true));
  client.on(Events.MessageReactionRemove, (r, u) => void handleReaction(eventCtx, r, u, false));

  return {
    client: readyClient,
    post: async (channelId, reply) => {
      try {
        const channel = await readyClient.channels.fetch(channelId);
        if (!channel?.isSendable()) return false;
        // A channel post has no "only you" form: it is for everyone.
        for (const m of renderReply({ ...reply, ephemeral: false })) await channel.send(toChannel(m));
        return true;
      } catch (e) {
        logger.warn({ err: e, channelId }, 'could not post to the channel');
        return false;
      }
    },
    stop: async () => {
      await client.destroy();
    },
  };
}
