/**
 * A small fake Discord on 127.0.0.1 for end-to-end tests with the real discord.js: REST under
 * /api/v10 that records every call, a gateway WebSocket (gateway.ts), and helpers that play
 * users: slash commands, autocomplete, button clicks, mentions, reactions.
 *
 * discord.js connects with `rest: { api: fake.apiUrl }` and finds the gateway through
 * GET /api/v10/gateway/bot.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './gateway.js';
import { FakeRest, type RestCall } from './rest.js';
import {
  apiGuild,
  apiInteraction,
  apiMember,
  apiMessage,
  apiUser,
  apiVoiceState,
  snowflake,
  type ApiMessage,
  type FakeGuild,
  type FakeUser,
  type FakeVoiceState,
  type InteractionBase,
} from './payloads.js';

export { snowflake, type ApiMessage, type FakeGuild, type FakeUser, type FakeVoiceState } from './payloads.js';
export type { RestCall } from './rest.js';

export interface FakeDiscordOptions {
  heartbeatMs?: number;
  guilds?: FakeGuild[];
  /** Intents the application may use (privileged ones must be enabled in the portal); default all. */
  allowedIntents?: number;
  /** Mirror Discord: send MESSAGE_CREATE for messages the bot posts in guild channels (default true). */
  echoMessages?: boolean;
  /** People already in a voice channel of the first guild when the bot connects (sent in GUILD_CREATE). */
  voiceStates?: FakeVoiceState[];
}

export class FakeDiscord {
  readonly applicationId = snowflake();
  readonly bot: FakeUser = { id: this.applicationId, username: 'Reelmate', bot: true };
  readonly guild: FakeGuild;
  readonly channelId: string;
  /** The first guild's first voice channel. */
  readonly voiceChannelId: string | undefined;
  /** Who is in which voice channel of the first guild now, by user id. */
  readonly voice = new Map<string, FakeVoiceState>();
  readonly gateway: FakeGateway;
  readonly rest: FakeRest;
  private readonly server: Server;
  private readonly waiters = new Set<() => void>();
  private port = 0;

  private constructor(options: FakeDiscordOptions) {
    const channelId = snowflake();
    this.guild = options.guilds?.[0] ?? {
      id: snowflake(),
      name: 'Movie Night',
      channels: [{ id: channelId, name: 'general' }],
      voiceChannels: [{ id: snowflake(), name: 'Couch' }],
    };
    this.channelId = this.guild.channels[0]!.id;
    this.voiceChannelId = this.guild.voiceChannels?.[0]?.id;
    for (const v of options.voiceStates ?? []) this.voice.set(v.user.id, v);
    const guilds = options.guilds ?? [this.guild];
    this.gateway = new FakeGateway({
      heartbeatMs: options.heartbeatMs ?? 5000,
      allowedIntents: options.allowedIntents,
      onIdentify: (_d, sessionId) => ({
        ready: {
          v: 10,
          user: apiUser(this.bot),
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: sessionId,
          resume_gateway_url: this.gatewayUrl,
          shard: [0, 1],
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
          user_settings: {},
        },
        after: guilds.map((g) => ({ t: 'GUILD_CREATE', d: apiGuild(g, this.bot, g === this.guild ? [...this.voice.values()] : []) })),
      }),
    });
    const echo = options.echoMessages ?? true;
    const gateway = this.gateway;
    this.rest = new FakeRest({
      applicationId: this.applicationId,
      bot: this.bot,
      guild: this.guild,
      gatewayUrl: () => this.gatewayUrl,
      echoMessages: echo,
      dispatch: (t, d) => gateway.dispatch(t, d),
      notify: () => this.notify(),
    });
    this.server = createServer((req, res) => void this.rest.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** Every REST call, in order. */
  get calls(): RestCall[] {
    return this.rest.calls;
  }

  /** Messages the bot posted (and user messages a test stored), by id. */
  get messages(): Map<string, ApiMessage> {
    return this.rest.messages;
  }

  /** Registered commands by scope ('global' or a guild id). */
  get commands(): Map<string, Record<string, unknown>[]> {
    return this.rest.commands;
  }

  /** REST base for discord.js (`rest.api`): no version, no trailing slash. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- playing users -------------------------------------------------------------------

  private base(user: FakeUser, opts: { guild?: boolean; channelId?: string } = {}): InteractionBase {
    const inGuild = opts.guild ?? true;
    return { user, channelId: opts.channelId ?? this.channelId, guildId: inGuild ? this.guild.id : undefined };
  }

  private dispatchInteraction(
    i: Record<string, unknown> & { id: string; token: string },
    base: InteractionBase,
    originalId?: string,
  ): string {
    this.rest.interactions.set(i.token, {
      id: i.id,
      dispatchedAt: Date.now(),
      originalId,
      channelId: base.channelId,
      guildId: base.guildId,
    });
    this.gateway.dispatch('INTERACTION_CREATE', i);
    return i.id;
  }

  /** A slash command; options as Discord sends them ({ name, type, value }). Returns the interaction id. */
  command(user: FakeUser, name: string, options: Record<string, unknown>[] = [], opts: { guild?: boolean } = {}): string {
    const base = this.base(user, opts);
    const registered = [...this.commands.values()].flat().find((c) => c.name === name);
    const i = apiInteraction(this.applicationId, base, 2, { id: registered?.id ?? snowflake(), name, type: 1, options });
    return this.dispatchInteraction(i, base);
  }

  autocomplete(user: FakeUser, name: string, options: Record<string, unknown>[]): string {
    const base = this.base(user);
    const i = apiInteraction(this.applicationId, base, 4, { id: snowflake(), name, type: 1, options });
    return this.dispatchInteraction(i, base);
  }

  /** A click on a button (or a select-menu choice when `values` is given) of a stored message. */
  click(user: FakeUser, messageId: string, customId: string, values?: string[]): string {
    const message = this.messages.get(messageId);
    if (!message) throw new Error(`no message ${messageId}`);
    const base = { user, channelId: message.channel_id, guildId: message.guild_id };
    const data = values ? { custom_id: customId, component_type: 3, values } : { custom_id: customId, component_type: 2 };
    const i = apiInteraction(this.applicationId, base, 3, data, message);
    return this.dispatchInteraction(i, base, messageId);
  }

  /** A user's channel message (MESSAGE_CREATE); `mentionBot` prefixes the bot's mention. */
  say(user: FakeUser, content: string, opts: { mentionBot?: boolean; stripContent?: boolean } = {}): ApiMessage {
    const text = opts.mentionBot ? `<@${this.bot.id}> ${content}` : content;
    const m = apiMessage({
      channelId: this.channelId,
      guildId: this.guild.id,
      author: user,
      // Without the Message Content intent Discord blanks the content of other people's messages.
      content: opts.stripContent ? '' : text,
      mentions: opts.mentionBot ? [this.bot] : [],
    });
    this.gateway.dispatch('MESSAGE_CREATE', { ...m, member: apiMember(user) });
    return m;
  }

  react(user: FakeUser, messageId: string, emoji: string, add = true): void {
    const byEmoji = this.rest.reactions.get(messageId) ?? new Map<string, Map<string, FakeUser>>();
    this.rest.reactions.set(messageId, byEmoji);
    const users = byEmoji.get(emoji) ?? new Map<string, FakeUser>();
    byEmoji.set(emoji, users);
    if (add) users.set(user.id, user);
    else users.delete(user.id);
    const message = this.messages.get(messageId);
    const channelId = message?.channel_id ?? this.channelId;
    const d: Record<string, unknown> = {
      user_id: user.id,
      channel_id: channelId,
      message_id: messageId,
      guild_id: this.guild.id,
      emoji: { id: null, name: emoji },
      burst: false,
      type: 0,
    };
    if (add) {
      d.member = apiMember(user);
      if (message) d.message_author_id = (message.author as { id: string }).id;
    }
    this.gateway.dispatch(add ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', d);
  }

  /**
   * Someone joins (or, with null, leaves) a voice channel of the first guild: VOICE_STATE_UPDATE
   * with the member, as Discord sends it to bots with the GUILD_VOICE_STATES intent.
   */
  setVoice(user: FakeUser, channelId: string | null): void {
    if (channelId) this.voice.set(user.id, { user, channelId });
    else this.voice.delete(user.id);
    this.gateway.dispatch('VOICE_STATE_UPDATE', { ...apiVoiceState(this.guild.id, { user, channelId }), member: apiMember(user) });
  }

  // ---- inspecting what the bot did ----------------------------------------------------

  /** REST calls answering one interaction (its callback and webhook calls), in order. */
  callsFor(interactionId: string): RestCall[] {
    return [...(this.rest.byInteraction.get(interactionId) ?? [])];
  }

  /** Milliseconds from dispatch to the interaction's callback, or undefined if not acknowledged. */
  ackDelay(interactionId: string): number | undefined {
    const state = [...this.rest.interactions.values()].find((s) => s.id === interactionId);
    const cb = this.callsFor(interactionId).find((c) => c.path.endsWith('/callback'));
    return state && cb ? cb.at - state.dispatchedAt : undefined;
  }

  /** Messages (created or edited) that answer an interaction: its original plus follow-ups. */
  messagesFor(interactionId: string): ApiMessage[] {
    const ids = new Set<string>();
    for (const c of this.callsFor(interactionId)) {
      const id = c.messageId;
      if (id) ids.add(id);
    }
    return [...ids].map((id) => this.messages.get(id)).filter((m): m is ApiMessage => m !== undefined);
  }

  /** Wait until `predicate` holds (checked after every REST call), or fail after `timeoutMs`. */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 5000, what = 'condition'): Promise<T> {
    const now = predicate();
    if (now) return now;
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const v = predicate();
        if (v) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`fake discord: timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Poke waiters for state that changes without a REST call (gateway events). */
  notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
