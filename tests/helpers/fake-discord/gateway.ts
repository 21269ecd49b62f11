/**
 * The gateway half of the fake: HELLO, IDENTIFY -> READY (+ GUILD_CREATE), heartbeats and
 * ACKs, RESUME -> replay + RESUMED, and server-requested reconnects (op 7). Plain JSON only
 * (no zlib-sync), as discord.js speaks when the optional package is absent.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface GatewayEvent {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

interface Session {
  id: string;
  seq: number;
  /** Dispatches sent in this session, for replay after RESUME. */
  sent: { s: number; t: string; d: unknown }[];
  socket: WebSocket | undefined;
}

export interface GatewayOptions {
  heartbeatMs: number;
  /** Intents the "portal" allows; IDENTIFY asking for more is closed with 4014 like Discord does. */
  allowedIntents?: number | undefined;
  /** Called on IDENTIFY; returns READY's d and the dispatches that follow it (GUILD_CREATE...). */
  onIdentify(d: Record<string, unknown>, sessionId: string): { ready: Record<string, unknown>; after: { t: string; d: unknown }[] };
}

export class FakeGateway {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private sessionCounter = 0;
  readonly identifies: Record<string, unknown>[] = [];
  readonly resumes: { session_id: string; seq: number }[] = [];
  heartbeats = 0;
  connections = 0;

  constructor(private readonly options: GatewayOptions) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.connections += 1;
    const send = (e: GatewayEvent) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(e));
    send({ op: 10, d: { heartbeat_interval: this.options.heartbeatMs }, s: null, t: null });
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as GatewayEvent;
      if (msg.op === 1) {
        this.heartbeats += 1;
        send({ op: 11, d: null, s: null, t: null });
      } else if (msg.op === 2) {
        const d = msg.d as Record<string, unknown>;
        this.identifies.push(d);
        const allowed = this.options.allowedIntents;
        if (allowed !== undefined && (Number(d.intents) & ~allowed) !== 0) {
          ws.close(4014, 'Disallowed intent(s).');
          return;
        }
        const session: Session = { id: `session-${++this.sessionCounter}`, seq: 0, sent: [], socket: ws };
        this.sessions.set(session.id, session);
        const { ready, after } = this.options.onIdentify(d, session.id);
        this.send(session, 'READY', ready);
        for (const e of after) this.send(session, e.t, e.d);
      } else if (msg.op === 6) {
        const d = msg.d as { session_id: string; seq: number };
        this.resumes.push({ session_id: d.session_id, seq: d.seq });
        const session = this.sessions.get(d.session_id);
        if (!session) {
          send({ op: 9, d: false, s: null, t: null }); // invalid session: identify again
          return;
        }
        session.socket = ws;
        for (const e of session.sent.filter((x) => x.s > d.seq)) send({ op: 0, s: e.s, t: e.t, d: e.d });
        this.send(session, 'RESUMED', null);
      }
    });
    ws.on('close', () => {
      for (const s of this.sessions.values()) if (s.socket === ws) s.socket = undefined;
    });
  }

  private send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    session.sent.push({ s: session.seq, t, d });
    const ws = session.socket;
    if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify({ op: 0, s: session.seq, t, d }));
  }

  /** Dispatch an event to every session (sessions without a socket get it on RESUME). */
  dispatch(t: string, d: unknown): void {
    for (const s of this.sessions.values()) this.send(s, t, d);
  }

  /** Ask every client to reconnect (op 7); they should RESUME their session. */
  requestReconnect(): void {
    for (const s of this.sessions.values()) s.socket?.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
  }

  /** Drop every connection without a close frame, as a network failure would. */
  dropConnections(): void {
    for (const ws of this.wss.clients) ws.terminate();
  }

  get connected(): number {
    return [...this.sessions.values()].filter((s) => s.socket?.readyState === 1).length;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
