/**
 * The local playground: chat with the real bot in a browser as any user in any channel,
 * pressing the same buttons the Discord and Slack cards have. `buildPlaygroundApp` returns
 * the hono app (the HTTP API mounts /v1 on it); `startPlayground` serves it.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { BotHandler } from '../../src/core/types.js';
import { silentLogger, type Logger } from '../../src/util/logger.js';
import { renderPage } from './page.js';
import { actionRequestSchema, messageRequestSchema, toInboundAction, toInboundMessage } from './parse.js';
import { isCardNote, renderCard, renderCardNote, renderReply, renderUserMessage } from './render.js';

export interface PlaygroundOptions {
  bot: BotHandler;
  logger?: Logger | undefined;
  /** Shown beside the brand, e.g. "hybrid model v3". */
  subtitle?: (() => string | undefined) | undefined;
}

const MAX_BODY = 16 * 1024;

export function buildPlaygroundApp(opts: PlaygroundOptions): Hono {
  const app = new Hono();
  const log = opts.logger ?? silentLogger;

  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: 'too large' }, 413) }));
  // Another web page open in the same browser must not drive the playground (it could
  // forget-me anyone): JSON only, which forces a CORS preflight, and same-origin only.
  app.use('/api/*', async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const type = c.req.header('content-type') ?? '';
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const host = c.req.header('host');
    const crossSite =
      (site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && originHost(origin) !== host);
    if (!type.startsWith('application/json') || crossSite) return c.json({ error: 'forbidden' }, 403);
    return next();
  });

  app.get('/', (c) => {
    const nonce = randomBytes(16).toString('base64');
    c.header(
      'content-security-policy',
      `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self' data: https://image.tmdb.org; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    return c.html(renderPage({ nonce, subtitle: opts.subtitle?.() }));
  });

  app.post('/api/message', async (c) => {
    const parsed = messageRequestSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: 'bad request', issues: parsed.error.issues.map((i) => i.message) }, 400);
    const reply = await opts.bot.onMessage(toInboundMessage(parsed.data));
    log.debug({ user: parsed.data.user, channel: parsed.data.channel, status: reply.status }, 'playground message');
    return c.json({
      mine: renderUserMessage(parsed.data.user, parsed.data.text.slice(0, 600)),
      html: renderReply(reply, { user: parsed.data.user }),
      status: reply.status ?? null,
    });
  });

  app.post('/api/action', async (c) => {
    const parsed = actionRequestSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: 'bad request', issues: parsed.error.issues.map((i) => i.message) }, 400);
    const outcome = await opts.bot.onAction(toInboundAction(parsed.data));
    log.debug({ user: parsed.data.user, status: outcome.reply?.status }, 'playground action');
    const meta = { user: parsed.data.user };
    // A private line about the clicked card goes on that card, not into the log.
    const note = outcome.reply && isCardNote(outcome.reply) ? outcome.reply : undefined;
    return c.json({
      update: outcome.update ? renderCard(outcome.update) : null,
      note: note ? renderCardNote(note, meta) : null,
      reply: outcome.reply && !note ? renderReply(outcome.reply, meta) : null,
      status: outcome.reply?.status ?? null,
    });
  });

  app.get('/api/autocomplete', async (c) => {
    const q = (c.req.query('q') ?? '').slice(0, 100);
    return c.json(await opts.bot.autocomplete(q, 10));
  });

  return app;
}

export interface RunningPlayground {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve an app (the playground, perhaps with /v1 mounted) on host:port; port 0 picks a free one. */
export function startPlayground(app: Hono, opts: { port: number; host: string }): Promise<RunningPlayground> {
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined;
    const onError = (e: Error) => reject(e);
    server = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, (info: AddressInfo) => {
      server?.off('error', onError);
      const host = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server?.close(() => done());
            // Keep-alive browsers would hold close() open: drop idle sockets.
            (server as { closeIdleConnections?: () => void } | undefined)?.closeIdleConnections?.();
          }),
      });
    });
    server.once('error', onError);
  });
}

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined; // "null" and other opaque origins
  }
}
