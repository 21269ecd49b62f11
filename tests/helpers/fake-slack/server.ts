/**
 * A small fake Slack on 127.0.0.1 for end-to-end tests: the Web API methods the adapter uses,
 * response_url endpoints, the OAuth token exchange and a Socket Mode WebSocket. Every call is
 * recorded; tests wait on the records because Bolt acks before the handler finishes.
 *
 * Tokens encode their workspace: `xoxb-T1-...` is a bot token of team T1 (default T1).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ApiCall {
  method: string;
  token: string | undefined;
  args: Record<string, unknown>;
}

export interface ResponseUrlCall {
  id: string;
  body: Record<string, unknown>;
}

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';

function teamOfToken(token: string | undefined): string {
  return /^xox[bp]-(T[A-Z0-9]+)-/.exec(token ?? '')?.[1] ?? 'T1';
}

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client JSON-encodes nested arguments (blocks, view) inside the form.
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** The file in an upload: the body itself, or the first part of a multipart form. */
function uploadedContent(raw: string, contentType: string | undefined): string {
  const boundary = /boundary=([^;]+)/.exec(contentType ?? '')?.[1];
  if (!boundary) return raw;
  const part = raw.split(`--${boundary}`)[1] ?? '';
  const start = part.indexOf('\r\n\r\n');
  return start < 0 ? part : part.slice(start + 4).replace(/\r\n$/, '');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlCall[] = [];
  /** Responses per response_url id, so a load test finds one without a scan. */
  private readonly responsesById = new Map<string, ResponseUrlCall[]>();
  readonly socketAcks: SocketAck[] = [];
  /** Messages by ts, as chat.postMessage / chat.update left them. */
  readonly messages = new Map<string, { channel: string; text?: unknown; blocks?: unknown }>();
  /** Files uploaded through files.uploadV2: id -> content, and the completion's arguments. */
  readonly uploads = new Map<string, { filename: string; content?: string; channel?: string }>();
  /** Web API methods that fail once with the given error (then succeed again). */
  readonly failOnce = new Map<string, string>();
  /** OAuth codes the fake will exchange: code -> team id. */
  readonly oauthCodes = new Map<string, string>();
  /** User ids that users.info reports as bots (the app's own bot user always is). */
  readonly botUsers = new Set<string>([BOT_USER_ID]);
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private sockets = new Set<WebSocket>();
  private ackWaiters = new Map<string, (ack: SocketAck) => void>();
  private seq = 0;
  private port = 0;
  /** Waiters woken on every new record, so waitFor answers without polling delay. */
  private wakers: (() => void)[] = [];

  private recorded(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (ws) => this.onSocket(ws));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What Bolt's `clientOptions.slackApiUrl` should be (the trailing slash matters). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): ResponseUrlCall[] {
    return [...(this.responsesById.get(id) ?? [])];
  }

  /** Resolves once `check` returns a value (checked on every new record, and every 20 ms); fails after `timeoutMs`. */
  async waitFor<T>(check: () => T | undefined | false, timeoutMs = 15_000, what = 'a Slack call'): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wakers.push(resolve);
        timer = setTimeout(resolve, 20);
      });
      clearTimeout(timer);
    }
  }

  /* ------------------------------- Socket Mode ------------------------------- */

  get socketConnections(): number {
    return this.sockets.size;
  }

  /** Send an envelope to every connected Socket Mode client; resolves with the client's ack. */
  async sendEnvelope(
    type: 'events_api' | 'slash_commands' | 'interactive',
    payload: unknown,
    opts: { retryAttempt?: number; envelopeId?: string } = {},
  ): Promise<SocketAck> {
    const envelopeId = opts.envelopeId ?? `env-${++this.seq}`;
    const acked = new Promise<SocketAck>((resolve) => this.ackWaiters.set(envelopeId, resolve));
    const message = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      retry_attempt: opts.retryAttempt ?? 0,
      retry_reason: opts.retryAttempt ? 'timeout' : '',
    };
    if (this.sockets.size === 0) throw new Error('no Socket Mode client connected');
    for (const ws of this.sockets) ws.send(JSON.stringify(message));
    return acked;
  }

  private onSocket(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const ack = safeJson(String(data)) as SocketAck;
      if (!ack || typeof ack.envelope_id !== 'string') return;
      this.socketAcks.push(ack);
      this.ackWaiters.get(ack.envelope_id)?.(ack);
      this.ackWaiters.delete(ack.envelope_id);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.sockets.size, connection_info: { app_id: 'AFAKE' } }));
  }

  /* --------------------------------- HTTP ---------------------------------- */

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const raw = await readBody(req);
    const args = parseArgs(raw, req.headers['content-type']);
    if (url.pathname.startsWith('/response/')) {
      const response = { id: decodeURIComponent(url.pathname.slice('/response/'.length)), body: args };
      this.responses.push(response);
      const list = this.responsesById.get(response.id);
      if (list) list.push(response);
      else this.responsesById.set(response.id, [response]);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      this.recorded();
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      const id = url.pathname.slice('/upload/'.length);
      const entry = this.uploads.get(id);
      if (entry) entry.content = uploadedContent(raw, req.headers['content-type']);
      res.writeHead(entry ? 200 : 404, { 'content-type': 'text/plain' }).end(`OK - ${raw.length}`);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
      this.calls.push({ method, token, args });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer(method, token, args)));
      this.recorded();
      return;
    }
    res.writeHead(404).end();
  }

  private answer(method: string, token: string | undefined, args: Record<string, unknown>): Record<string, unknown> {
    const failure = this.failOnce.get(method);
    if (failure) {
      this.failOnce.delete(method);
      return { ok: false, error: failure };
    }
    const team = teamOfToken(token);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${team.toLowerCase()}.slack.test/`,
          team: `Team ${team}`,
          team_id: team,
          user: 'reelmate',
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
        };
      case 'chat.postMessage': {
        const ts = `${1_700_000_000 + ++this.seq}.000100`;
        const channel = String(args.channel ?? '');
        this.messages.set(ts, { channel, text: args.text, blocks: args.blocks });
        return { ok: true, channel, ts, message: { ts, text: args.text, blocks: args.blocks } };
      }
      case 'chat.update': {
        const ts = String(args.ts ?? '');
        if (!this.messages.has(ts)) return { ok: false, error: 'message_not_found' };
        this.messages.set(ts, { channel: String(args.channel ?? ''), text: args.text, blocks: args.blocks });
        return { ok: true, channel: args.channel, ts, text: args.text };
      }
      case 'reactions.get': {
        // the message a reaction was added to, as Slack returns it with reactions:read
        const ts = String(args.timestamp ?? '');
        const m = this.messages.get(ts);
        if (!m || m.channel !== String(args.channel ?? '')) return { ok: false, error: 'message_not_found' };
        return { ok: true, type: 'message', channel: m.channel, message: { type: 'message', ts, text: m.text, blocks: m.blocks } };
      }
      case 'users.info': {
        const id = String(args.user ?? '');
        const name = id.toLowerCase();
        return {
          ok: true,
          user: {
            id,
            team_id: team,
            name,
            real_name: name,
            is_bot: this.botUsers.has(id),
            profile: { display_name: name, real_name: name },
          },
        };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${1_700_000_000 + ++this.seq}.000200` };
      case 'views.publish':
      case 'views.open':
      case 'views.update':
        return { ok: true, view: { id: `V${++this.seq}`, ...(args.view as Record<string, unknown>) } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users ?? '').replace(/,.*/, '')}` } };
      case 'files.getUploadURLExternal': {
        const id = `F${++this.seq}`;
        this.uploads.set(id, { filename: String(args.filename ?? '') });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        for (const f of files) {
          const entry = this.uploads.get(f.id);
          if (entry) entry.channel = String(args.channel_id ?? '');
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'apps.connections.open':
        return token?.startsWith('xapp-') ? { ok: true, url: `ws://127.0.0.1:${this.port}/socket` } : { ok: false, error: 'invalid_auth' };
      case 'oauth.v2.access': {
        const code = String(args.code ?? '');
        const installed = this.oauthCodes.get(code);
        if (!installed) return { ok: false, error: 'invalid_code' };
        return {
          ok: true,
          app_id: 'AFAKE',
          access_token: `xoxb-${installed}-token`,
          token_type: 'bot',
          scope: 'commands,chat:write,app_mentions:read,im:history',
          bot_user_id: BOT_USER_ID,
          team: { id: installed, name: `Team ${installed}` },
          enterprise: null,
          is_enterprise_install: false,
          authed_user: { id: 'UINSTALLER' },
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
    await closed;
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}
