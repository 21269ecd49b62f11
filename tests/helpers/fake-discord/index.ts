/**
 * A small fake Discord on 127.0.0.1 for end-to-end tests with the real discord.js: REST under
 * /api/v10 that records every call, a gateway WebSocket (gateway.ts), and helpers that play
 * users: slash commands, autocomplete, button clicks, mentions, reactions.
 *
 * discord.js connects with `rest: { api: fake.apiUrl }` and finds the gateway through
 * GET /api/v10/gateway/bot.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './gateway.js';
import {
  apiGuild,
  apiInteraction,
  apiMember,
  apiMessage,
  apiUser,
  snowflake,
  type ApiMessage,
  type FakeGuild,
  type FakeUser,
  type InteractionBase,
} from './payloads.js';

export { snowflake, type ApiMessage, type FakeGuild, type FakeUser } from './payloads.js';

export interface RestCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  files: { name: string; content: string }[];
  at: number;
  /** The interaction this call answers (callback or webhook with its token). */
  interactionId?: string | undefined;
}

interface InteractionState {
  id: string;
  dispatchedAt: number;
  /** Message the interaction's "@original" refers to. */
  originalId?: string | undefined;
  channelId: string;
  guildId?: string | undefined;
  callbackType?: number | undefined;
}

export interface FakeDiscordOptions {
  heartbeatMs?: number;
  guilds?: FakeGuild[];
  /** Intents the application may use (privileged ones must be enabled in the portal); default all. */
  allowedIntents?: number;
  /** Mirror Discord: send MESSAGE_CREATE for messages the bot posts in guild channels (default true). */
  echoMessages?: boolean;
}

const OK_EMPTY = Symbol('204');

class NotFound extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

export class FakeDiscord {
  readonly applicationId = snowflake();
  readonly bot: FakeUser = { id: this.applicationId, username: 'Reelmate', bot: true };
  readonly guild: FakeGuild;
  readonly channelId: string;
  readonly calls: RestCall[] = [];
  readonly messages = new Map<string, ApiMessage>();
  readonly commands = new Map<string, Record<string, unknown>[]>();
  readonly gateway: FakeGateway;
  private readonly interactions = new Map<string, InteractionState>();
  private readonly dmChannels = new Set<string>();
  /** messageId -> emoji -> users who reacted with it. */
  private readonly reactions = new Map<string, Map<string, Map<string, FakeUser>>>();
  private readonly server: Server;
  private readonly waiters = new Set<() => void>();
  private port = 0;

  private constructor(private readonly options: FakeDiscordOptions) {
    const channelId = snowflake();
    this.guild = options.guilds?.[0] ?? { id: snowflake(), name: 'Movie Night', channels: [{ id: channelId, name: 'general' }] };
    this.channelId = this.guild.channels[0]!.id;
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
        after: guilds.map((g) => ({ t: 'GUILD_CREATE', d: apiGuild(g, this.bot) })),
      }),
    });
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
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

  private dispatchInteraction(i: Record<string, unknown> & { id: string; token: string }, base: InteractionBase, originalId?: string): string {
    this.interactions.set(i.token, { id: i.id, dispatchedAt: Date.now(), originalId, channelId: base.channelId, guildId: base.guildId });
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
    const byEmoji = this.reactions.get(messageId) ?? new Map<string, Map<string, FakeUser>>();
    this.reactions.set(messageId, byEmoji);
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

  // ---- inspecting what the bot did ----------------------------------------------------

  /** REST calls answering one interaction (its callback and webhook calls), in order. */
  callsFor(interactionId: string): RestCall[] {
    return this.calls.filter((c) => c.interactionId === interactionId);
  }

  /** Milliseconds from dispatch to the interaction's callback, or undefined if not acknowledged. */
  ackDelay(interactionId: string): number | undefined {
    const state = [...this.interactions.values()].find((s) => s.id === interactionId);
    const cb = this.callsFor(interactionId).find((c) => c.path.endsWith('/callback'));
    return state && cb ? cb.at - state.dispatchedAt : undefined;
  }

  /** Messages (created or edited) that answer an interaction: its original plus follow-ups. */
  messagesFor(interactionId: string): ApiMessage[] {
    const ids = new Set<string>();
    for (const c of this.callsFor(interactionId)) {
      const id = (c as RestCall & { messageId?: string }).messageId;
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

  // ---- REST ---------------------------------------------------------------------------

  private async readBody(req: IncomingMessage): Promise<{ body: unknown; files: RestCall['files'] }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    if (raw.length === 0) return { body: undefined, files: [] };
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const files: RestCall['files'] = [];
      let body: unknown;
      for (const [key, value] of form.entries()) {
        if (key === 'payload_json') body = JSON.parse(String(value));
        else if (typeof value !== 'string') files.push({ name: value.name, content: await value.text() });
      }
      return { body, files };
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { body, files } = await this.readBody(req);
    const call: RestCall & { messageId?: string } = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, body, files, at: Date.now() };
    this.calls.push(call);
    let status = 200;
    let result: unknown;
    try {
      result = this.route(call);
      if (result === undefined) {
        status = 404;
        result = { message: '404: Not Found', code: 0 };
      }
    } catch (e) {
      status = e instanceof NotFound ? 404 : 400;
      result = { message: e instanceof Error ? e.message : String(e), code: e instanceof NotFound ? e.code : 50035 };
    }
    if (result === OK_EMPTY) {
      res.writeHead(204).end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    }
    this.notify();
  }

  private route(call: RestCall & { messageId?: string }): unknown {
    const p = call.path.replace(/^\/api\/v10/, '');
    const m = (re: RegExp) => re.exec(p);
    const { method } = call;
    let r: RegExpExecArray | null;

    if (method === 'GET' && p === '/gateway/bot') {
      return { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } };
    }
    if (method === 'GET' && p === '/gateway') return { url: this.gatewayUrl };
    if (method === 'GET' && p === '/users/@me') return apiUser(this.bot);
    if (method === 'GET' && (p === '/applications/@me' || p === '/oauth2/applications/@me')) {
      return { id: this.applicationId, name: 'Reelmate', flags: 0, bot_public: true, bot_require_code_grant: false, verify_key: 'x', description: '' };
    }
    if ((r = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const scope = r[2] ?? 'global';
      if (method === 'PUT') {
        const list = (call.body as Record<string, unknown>[]).map((c) => ({ ...c, id: snowflake(), application_id: r![1], version: snowflake(), ...(r![2] ? { guild_id: r![2] } : {}) }));
        this.commands.set(scope, list);
        return list;
      }
      if (method === 'GET') return this.commands.get(scope) ?? [];
    }
    if ((r = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/)) && method === 'POST') {
      const state = this.interactions.get(r[2]!);
      if (!state || state.id !== r[1]) throw new Error('Unknown interaction');
      call.interactionId = state.id;
      if (state.callbackType !== undefined) throw new Error('Interaction has already been acknowledged.');
      const { type, data } = call.body as { type: number; data?: Record<string, unknown> };
      state.callbackType = type;
      if (type === 4 || type === 5) {
        const msg = this.storeMessage(state.channelId, state.guildId, (data ?? {}) as Record<string, unknown>, call.files, type === 5);
        state.originalId = msg.id;
        call.messageId = msg.id;
      } else if (type === 7 && state.originalId) {
        this.editMessage(state.originalId, data ?? {});
        call.messageId = state.originalId;
      }
      return OK_EMPTY;
    }
    if ((r = m(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
      const state = this.interactions.get(r[2]!);
      if (!state) throw new Error('Unknown Webhook');
      call.interactionId = state.id;
      const target = r[3] === '@original' ? state.originalId : r[3];
      if (method === 'POST' && !r[3]) {
        const msg = this.storeMessage(state.channelId, state.guildId, call.body as Record<string, unknown>, call.files, false);
        call.messageId = msg.id;
        return msg;
      }
      if (!target || !this.messages.has(target)) throw new Error('Unknown Message');
      call.messageId = target;
      if (method === 'PATCH') return this.editMessage(target, call.body as Record<string, unknown>, call.files);
      if (method === 'GET') return this.messages.get(target);
      if (method === 'DELETE') {
        this.messages.delete(target);
        return OK_EMPTY;
      }
    }
    if ((r = m(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      const guildId = this.guild.channels.some((c) => c.id === r![1]) ? this.guild.id : undefined;
      const msg = this.storeMessage(r[1]!, guildId, call.body as Record<string, unknown>, call.files, false, false);
      call.messageId = msg.id;
      return msg;
    }
    if ((r = m(/^\/channels\/(\d+)\/messages\/(\d+)\/reactions\/([^/]+)$/)) && method === 'GET') {
      return [...(this.reactions.get(r[2]!)?.get(r[3]!)?.values() ?? [])].map(apiUser);
    }
    if ((r = m(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
      const msg = this.messages.get(r[2]!);
      if (!msg) throw new Error('Unknown Message');
      call.messageId = msg.id;
      if (method === 'GET') return { ...msg, reactions: this.reactionsOf(msg.id) };
      if (method === 'PATCH') return this.editMessage(msg.id, call.body as Record<string, unknown>, call.files);
    }
    if ((r = m(/^\/channels\/(\d+)\/typing$/)) && method === 'POST') return OK_EMPTY;
    if ((r = m(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const inGuild = this.guild.channels.find((c) => c.id === r![1]);
      if (inGuild) return { id: inGuild.id, type: 0, name: inGuild.name, guild_id: this.guild.id, position: 0, permission_overwrites: [] };
      if (this.dmChannels.has(r[1]!)) return { id: r[1], type: 1, recipients: [], last_message_id: null };
      throw new NotFound('Unknown Channel', 10003);
    }
    if (p === '/users/@me/channels' && method === 'POST') {
      const recipient = (call.body as { recipient_id: string }).recipient_id;
      this.dmChannels.add(`9${recipient}`.slice(0, 19));
      return { id: `9${recipient}`.slice(0, 19), type: 1, recipients: [apiUser({ id: recipient, username: `user${recipient}` })], last_message_id: null };
    }
    return undefined;
  }

  /** The message's reactions as Discord lists them (counts, not users). */
  private reactionsOf(messageId: string): Record<string, unknown>[] {
    return [...(this.reactions.get(messageId) ?? new Map<string, Map<string, FakeUser>>())]
      .filter(([, users]) => users.size > 0)
      .map(([name, users]) => ({
        emoji: { id: null, name },
        count: users.size,
        count_details: { burst: 0, normal: users.size },
        me: users.has(this.bot.id),
        me_burst: false,
        burst_colors: [],
      }));
  }

  private storeMessage(
    channelId: string,
    guildId: string | undefined,
    data: Record<string, unknown>,
    files: RestCall['files'],
    loading: boolean,
    fromInteraction = true,
  ): ApiMessage {
    const flags = Number(data.flags ?? 0) | (loading ? 1 << 7 : 0);
    const msg = apiMessage({
      channelId,
      guildId,
      author: this.bot,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: (data.embeds as unknown[] | undefined) ?? [],
      components: (data.components as unknown[] | undefined) ?? [],
      flags,
      attachments: files.map((f) => ({ id: snowflake(), filename: f.name, size: f.content.length, url: `https://cdn.invalid/${f.name}`, proxy_url: `https://cdn.invalid/${f.name}` })),
      applicationId: fromInteraction ? this.applicationId : undefined,
    });
    this.messages.set(msg.id, msg);
    const ephemeral = (flags & (1 << 6)) !== 0;
    if ((this.options.echoMessages ?? true) && guildId && !ephemeral && !loading) this.gateway.dispatch('MESSAGE_CREATE', msg);
    return msg;
  }

  private editMessage(id: string, data: Record<string, unknown>, files: RestCall['files'] = []): ApiMessage {
    const msg = this.messages.get(id);
    if (!msg) throw new Error('Unknown Message');
    if (typeof data.content === 'string') msg.content = data.content;
    if (Array.isArray(data.embeds)) msg.embeds = data.embeds;
    if (Array.isArray(data.components)) msg.components = data.components;
    if (files.length) msg.attachments = files.map((f) => ({ id: snowflake(), filename: f.name, size: f.content.length, url: `https://cdn.invalid/${f.name}` }));
    msg.flags &= ~(1 << 7); // no longer "thinking"
    msg.edited_timestamp = new Date().toISOString();
    return msg;
  }
}
