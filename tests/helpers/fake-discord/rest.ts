/**
 * The REST half of the fake Discord: routes under /api/v10, every call recorded, and the state
 * those calls change (messages, registered commands, interaction responses, reactions).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiMessage, apiUser, snowflake, type ApiMessage, type FakeGuild, type FakeUser } from './payloads.js';

export interface RestCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  files: { name: string; content: string }[];
  at: number;
  /** The interaction this call answers (callback or webhook with its token). */
  interactionId?: string | undefined;
  /** The message the call created, edited or read. */
  messageId?: string | undefined;
}

export interface InteractionState {
  id: string;
  dispatchedAt: number;
  /** Message the interaction's "@original" refers to. */
  originalId?: string | undefined;
  channelId: string;
  guildId?: string | undefined;
  callbackType?: number | undefined;
  /**
   * Set while an HTTP-endpoint interaction awaits its response: webhook calls for it wait, as
   * Discord only knows the interaction's message once it has read that response.
   */
  ready?: Promise<void> | undefined;
}

/** What the REST side needs from the fake around it. */
export interface RestHost {
  readonly applicationId: string;
  readonly bot: FakeUser;
  readonly guild: FakeGuild;
  gatewayUrl(): string;
  readonly echoMessages: boolean;
  dispatch(t: string, d: unknown): void;
  /** Called after every call, so waiters can re-check. */
  notify(): void;
}

const OK_EMPTY = Symbol('204');

class NotFound extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export class FakeRest {
  readonly calls: RestCall[] = [];
  /** Calls per interaction id, in order (see callsFor). */
  readonly byInteraction = new Map<string, RestCall[]>();
  readonly messages = new Map<string, ApiMessage>();
  readonly commands = new Map<string, Record<string, unknown>[]>();
  /** Interaction token -> state. */
  readonly interactions = new Map<string, InteractionState>();
  /** messageId -> emoji -> users who reacted with it. */
  readonly reactions = new Map<string, Map<string, Map<string, FakeUser>>>();
  private readonly dmChannels = new Set<string>();

  constructor(private readonly host: RestHost) {}

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

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const { body, files } = await this.readBody(req);
    const token = /^\/api\/v10\/webhooks\/\d+\/([^/]+)/.exec(url.pathname)?.[1];
    const gate = token ? this.interactions.get(token)?.ready : undefined;
    if (gate) await gate;
    const call: RestCall = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      body,
      files,
      at: Date.now(),
    };
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
    // Indexed, so a load test with thousands of interactions finds one's calls without a scan.
    if (call.interactionId) {
      const list = this.byInteraction.get(call.interactionId);
      if (list) list.push(call);
      else this.byInteraction.set(call.interactionId, [call]);
    }
    if (result === OK_EMPTY) {
      res.writeHead(204).end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    }
    this.host.notify();
  }

  private route(call: RestCall): unknown {
    const p = call.path.replace(/^\/api\/v10/, '');
    const m = (re: RegExp) => re.exec(p);
    const { method } = call;
    let r: RegExpExecArray | null;

    if (method === 'GET' && p === '/gateway/bot') {
      return {
        url: this.host.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      };
    }
    if (method === 'GET' && p === '/gateway') return { url: this.host.gatewayUrl() };
    if (method === 'GET' && p === '/users/@me') return apiUser(this.host.bot);
    if (method === 'GET' && (p === '/applications/@me' || p === '/oauth2/applications/@me')) {
      return {
        id: this.host.applicationId,
        name: 'Reelmate',
        flags: 0,
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: 'x',
        description: '',
      };
    }
    if ((r = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      const scope = r[2] ?? 'global';
      if (method === 'PUT') {
        const list = (call.body as Record<string, unknown>[]).map((c) => ({
          ...c,
          id: snowflake(),
          application_id: r![1],
          version: snowflake(),
          ...(r![2] ? { guild_id: r![2] } : {}),
        }));
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
      const guildId = this.host.guild.channels.some((c) => c.id === r![1]) ? this.host.guild.id : undefined;
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
      const inGuild = this.host.guild.channels.find((c) => c.id === r![1]);
      if (inGuild)
        return { id: inGuild.id, type: 0, name: inGuild.name, guild_id: this.host.guild.id, position: 0, permission_overwrites: [] };
      if (this.dmChannels.has(r[1]!)) return { id: r[1], type: 1, recipients: [], last_message_id: null };
      throw new NotFound('Unknown Channel', 10003);
    }
    if (p === '/users/@me/channels' && method === 'POST') {
      const recipient = (call.body as { recipient_id: string }).recipient_id;
      this.dmChannels.add(`9${recipient}`.slice(0, 19));
      return {
        id: `9${recipient}`.slice(0, 19),
        type: 1,
        recipients: [apiUser({ id: recipient, username: `user${recipient}` })],
        last_message_id: null,
      };
    }
    return undefined;
  }

  /** The message's reactions as Discord lists them (counts, not users). */
  reactionsOf(messageId: string): Record<string, unknown>[] {
    return [...(this.reactions.get(messageId) ?? new Map<string, Map<string, FakeUser>>())]
      .filter(([, users]) => users.size > 0)
      .map(([name, users]) => ({
        emoji: { id: null, name },
        count: users.size,
        count_details: { burst: 0, normal: users.size },
        me: users.has(this.host.bot.id),
        me_burst: false,
        burst_colors: [],
      }));
  }

  storeMessage(
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
      author: this.host.bot,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: (data.embeds as unknown[] | undefined) ?? [],
      components: (data.components as unknown[] | undefined) ?? [],
      flags,
      attachments: files.map((f) => ({
        id: snowflake(),
        filename: f.name,
        size: f.content.length,
        url: `https://cdn.invalid/${f.name}`,
        proxy_url: `https://cdn.invalid/${f.name}`,
      })),
      applicationId: fromInteraction ? this.host.applicationId : undefined,
    });
    this.messages.set(msg.id, msg);
    const ephemeral = (flags & (1 << 6)) !== 0;
    if (this.host.echoMessages && guildId && !ephemeral && !loading) this.host.dispatch('MESSAGE_CREATE', msg);
    return msg;
  }

  private editMessage(id: string, data: Record<string, unknown>, files: RestCall['files'] = []): ApiMessage {
    const msg = this.messages.get(id);
    if (!msg) throw new Error('Unknown Message');
    if (typeof data.content === 'string') msg.content = data.content;
    if (Array.isArray(data.embeds)) msg.embeds = data.embeds;
    if (Array.isArray(data.components)) msg.components = data.components;
    if (files.length)
      msg.attachments = files.map((f) => ({
        id: snowflake(),
        filename: f.name,
        size: f.content.length,
        url: `https://cdn.invalid/${f.name}`,
      }));
    msg.flags &= ~(1 << 7); // no longer "thinking"
    msg.edited_timestamp = new Date().toISOString();
    return msg;
  }
}
