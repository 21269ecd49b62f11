/**
 * The Slack adapter's wire-up: a Bolt App in HTTP mode (signed requests on /slack/events) or
 * Socket Mode (app-level token), for one workspace (bot token) or many (OAuth install flow with
 * installations in PostgreSQL). Everything Slack-specific stays in adapters/slack.
 */
import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, webApi, type AppOptions, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import type { BotHandler } from '../../src/core/types.js';
import type { Database } from '../../src/db/client.js';
import { PartyMessagesRepository } from '../../src/db/repositories/party-messages.js';
import { ProcessedEventsRepository } from '../../src/db/repositories/processed-events.js';
import { SlackInstallationsRepository } from '../../src/db/repositories/slack-installations.js';
import { silentLogger } from '../../src/util/logger.js';
import { createInstallationStore } from './installation-store.js';
import { HomeRefresher } from './home.js';
import { registerListeners } from './listeners.js';
import { SLACK_BOT_SCOPES } from './manifest.js';

export { SLACK_BOT_SCOPES, slackManifest } from './manifest.js';

export interface SlackOptions {
  bot: BotHandler;
  database: Database;
  mode: 'http' | 'socket';
  /** HTTP mode: every request's signature and timestamp are checked with it. */
  signingSecret?: string | undefined;
  /** Single-workspace mode (xoxb-...). Leave out and give the OAuth settings for many workspaces. */
  botToken?: string | undefined;
  /** Socket Mode app-level token (xapp-...). */
  appToken?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  stateSecret?: string | undefined;
  /** Web API base, e.g. a proxy or a test server; default Slack's own. */
  apiUrl?: string | undefined;
  /** HTTP port (0 = any free one); in Socket Mode, the port of the OAuth pages when OAuth is on. */
  port?: number | undefined;
  /** Rebuild a Home tab this long after the person's last click in it (default 2000 ms). */
  homeRefreshMs?: number | undefined;
  /** Interface to listen on (HTTP mode; HOST from the configuration); default all interfaces. */
  host?: string | undefined;
  logger?: Logger | undefined;
}

export interface SlackHandle {
  app: App;
  stop(): Promise<void>;
  /** The HTTP port actually listened on (HTTP mode). */
  port?: number;
}

export class SlackConfigError extends Error {
  override readonly name = 'SlackConfigError';
}

/** pino behind Bolt's small logger interface. */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (msg: unknown[]) =>
    msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => logger.debug(text(msg)),
    info: (...msg) => logger.info(text(msg)),
    warn: (...msg) => logger.warn(text(msg)),
    error: (...msg) => logger.error(text(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/** The API base must end with a slash, or the Web API client drops its last path segment. */
function apiBase(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith('/') ? url : `${url}/`;
}

/** A Web API on this machine (a test server) answers at once; retrying it only slows failures down. */
function isLoopback(url: string | undefined): boolean {
  if (!url) return false;
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
}

function appOptions(o: SlackOptions, logger: Logger): AppOptions {
  const oauth = o.clientId && o.clientSecret;
  if (!o.botToken && !oauth)
    throw new SlackConfigError('Slack needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID + SLACK_CLIENT_SECRET (OAuth install).');
  if (oauth && !o.stateSecret) throw new SlackConfigError('The Slack OAuth install flow needs SLACK_STATE_SECRET.');
  if (o.mode === 'http' && !o.signingSecret) throw new SlackConfigError('Slack HTTP mode needs SLACK_SIGNING_SECRET.');
  if (o.mode === 'socket' && !o.appToken) throw new SlackConfigError('Slack Socket Mode needs SLACK_APP_TOKEN (xapp-...).');
  const slackApiUrl = apiBase(o.apiUrl);
  const options: AppOptions = {
    logger: boltLogger(logger.child({ component: 'bolt' })),
    // Against Slack itself the client libraries' own retry policies apply (Socket Mode reconnects patiently).
    clientOptions: { ...(slackApiUrl ? { slackApiUrl } : {}), ...(isLoopback(slackApiUrl) ? { retryConfig: { retries: 0 } } : {}) },
    // Bolt keeps no per-conversation memory of its own: all state is in PostgreSQL.
    convoStore: false,
  };
  const installation = oauth
    ? {
        clientId: o.clientId,
        clientSecret: o.clientSecret,
        stateSecret: o.stateSecret,
        scopes: [...SLACK_BOT_SCOPES],
        installationStore: createInstallationStore(o.database),
        installerOptions: {
          directInstall: true,
          installPath: '/slack/install',
          redirectUriPath: '/slack/oauth_redirect',
          ...(o.mode === 'socket' && o.port !== undefined ? { port: o.port } : {}),
        },
      }
    : undefined;
  if (o.mode === 'socket') {
    Object.assign(options, { socketMode: true, appToken: o.appToken }, installation ?? {});
  } else {
    // Our own receiver (the one Bolt would build, same options) so the clock check runs first.
    const receiver = new HTTPReceiver({
      signingSecret: o.signingSecret!,
      processBeforeResponse: false,
      logger: options.logger!,
      // For load balancers: answers without a signature, touches nothing.
      customRoutes: [
        {
          path: '/slack/healthz',
          method: ['GET'],
          handler: (_req: unknown, res: ServerResponse) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
        },
      ],
      ...(installation
        ? { ...installation, installerOptions: { ...installation.installerOptions, clientOptions: options.clientOptions ?? {} } }
        : {}),
    });
    refuseOffClock(receiver, logger);
    options.receiver = receiver;
  }
  if (!oauth) options.token = o.botToken;
  return options;
}

/** Slack signs its timestamp; more than this many seconds away from our clock, either way, is refused. */
export const SLACK_CLOCK_WINDOW_S = 5 * 60;

/** True when a request timestamp (seconds) is outside the window around `nowMs`, in the past or the future. */
export function offClock(timestamp: string, nowMs: number): boolean {
  const ts = Number(timestamp);
  return Number.isFinite(ts) && Math.abs(nowMs / 1000 - ts) > SLACK_CLOCK_WINDOW_S;
}

/**
 * Bolt refuses stale timestamps but not ones from the future, which a captured request
 * signed ahead of time would carry: refuse both before Bolt reads the body.
 */
function refuseOffClock(receiver: HTTPReceiver, logger: Logger): void {
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const ts = req.headers['x-slack-request-timestamp'];
    if (typeof ts === 'string' && offClock(ts, Date.now())) {
      logger.warn({ timestamp: ts.slice(0, 20) }, 'refused a Slack request whose timestamp is more than 5 minutes away');
      res.writeHead(401).end();
      return;
    }
    inner(req, res);
  };
}

/** Slack stops retrying a delivery within minutes; a day of keys is plenty. */
export const PROCESSED_EVENT_TTL_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * The bot's own ids, asked once and awaited here. Bolt would otherwise call auth.test from its
 * constructor without waiting for it, and a failure there (a reset connection on a busy
 * machine, a revoked token) surfaced as an unhandled rejection instead of a clear error.
 */
async function botIdentity(options: AppOptions): Promise<{ botId: string; botUserId: string }> {
  const client = new webApi.WebClient(options.token, { ...options.clientOptions, ...(options.logger ? { logger: options.logger } : {}) });
  let answer: Awaited<ReturnType<typeof client.auth.test>>;
  try {
    answer = await client.auth.test();
  } catch (e) {
    throw new SlackConfigError(`Slack did not accept SLACK_BOT_TOKEN (auth.test): ${(e as Error).message}`);
  }
  if (!answer.ok || !answer.user_id || !answer.bot_id)
    throw new SlackConfigError(`Slack did not accept SLACK_BOT_TOKEN (auth.test): ${answer.error ?? 'no bot user'}`);
  return { botId: answer.bot_id, botUserId: answer.user_id };
}

export async function startSlack(options: SlackOptions): Promise<SlackHandle> {
  const logger = options.logger ?? silentLogger;
  const settings = appOptions(options, logger);
  // One workspace: know the bot before Bolt starts, so Bolt has no auth.test of its own to float.
  if (settings.token) Object.assign(settings, await botIdentity(settings));
  const app = new App(settings);
  const processed = new ProcessedEventsRepository(options.database.db);
  const oauth = Boolean(options.clientId && options.clientSecret);
  const installations = oauth ? new SlackInstallationsRepository(options.database.db) : undefined;
  const home = new HomeRefresher(options.bot, {
    delayMs: options.homeRefreshMs,
    onError: (e) => logger.warn({ err: e }, 'home refresh failed'),
  });
  registerListeners(app, {
    bot: options.bot,
    processed,
    partyMessages: new PartyMessagesRepository(options.database.db),
    logger,
    installations,
    home,
  });
  const pruner = setInterval(() => {
    processed
      .prune(new Date(Date.now() - PROCESSED_EVENT_TTL_MS))
      .catch((e: unknown) => logger.warn({ err: e }, 'pruning processed events failed'));
  }, PRUNE_EVERY_MS);
  pruner.unref();
  const stop = async (): Promise<void> => {
    clearInterval(pruner);
    home.stop();
    await app.stop();
  };
  if (options.mode === 'socket') {
    await app.start();
    logger.info('slack connected over Socket Mode');
    return { app, stop };
  }
  const listen = { port: options.port ?? 3000, ...(options.host ? { host: options.host } : {}) };
  const server = (await app.start(listen)) as Server;
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'slack listening for HTTP requests on /slack/events');
  return { app, port, stop };
}

/** Options from the environment: Socket Mode when SLACK_APP_TOKEN is set, HTTP otherwise. */
export function slackOptionsFromConfig(config: Config): Omit<SlackOptions, 'bot' | 'database' | 'logger'> | undefined {
  const configured = config.SLACK_BOT_TOKEN || (config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET);
  if (!configured) return undefined;
  return {
    mode: config.SLACK_APP_TOKEN ? 'socket' : 'http',
    signingSecret: config.SLACK_SIGNING_SECRET,
    botToken: config.SLACK_BOT_TOKEN,
    appToken: config.SLACK_APP_TOKEN,
    clientId: config.SLACK_CLIENT_ID,
    clientSecret: config.SLACK_CLIENT_SECRET,
    stateSecret: config.SLACK_STATE_SECRET,
    apiUrl: config.SLACK_API_URL,
    port: config.PORT,
    host: config.HOST,
  };
}
