/**
 * `npm start`, the composition root: configuration, database (migrations apply), the catalogue
 * (imported from MovieLens on first run), a model (trained when there is none), the Bot, and
 * whichever front ends are configured: Discord and/or Slack when their credentials are set,
 * otherwise the local playground (also with REELMATE_PLAYGROUND=1). Stops cleanly on
 * SIGINT/SIGTERM.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Catalog } from '../src/catalog/catalog.js';
import { downloadMovieLens } from '../src/catalog/download.js';
import { formatSummaryTable, importMovieLens, inspectMovieLensDir, progressReporter, summaryFields } from '../src/catalog/import/index.js';
import { ConfigError, isLoopbackHost, loadConfig, type Config } from '../src/config.js';
import { createBot, resolveActionSecret, type Bot, type BotDeps } from '../src/bot/bot.js';
import type { LanguageTools } from '../src/core/ports.js';
import type { Reply } from '../src/core/types.js';
import { closeDueParties } from '../src/features/watchparty/session.js';
import { DatabaseInUseError, type Database } from '../src/db/client.js';
import { installFaultPolicy } from '../src/db/faults.js';
import { adminSocketPath, openConfiguredDatabase } from '../src/db/open.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { describePreferences, parsePreferences } from '../src/nlp/index.js';
import { detectIntent } from '../src/features/index.js';
import { createRecommendationService, type RecommendationService, type RecommendationServiceOptions } from '../src/recommender/service.js';
import { roleProblem, type Role } from '../src/roles/role.js';
import { createInsights, type Insights } from '../src/insights/wiring.js';
import { processErrors } from '../src/insights/recent-errors.js';
import { createLogger, humanTerminal, type Logger } from '../src/util/logger.js';
import { since } from '../src/util/phases.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where MovieLens may already be, in order: MOVIELENS_DIR, the data dir, a shared folder beside the checkout. */
export function movieLensCandidates(config: Pick<Config, 'MOVIELENS_DIR' | 'REELMATE_DATA_DIR'>, root = PROJECT_ROOT): string[] {
  const list = [
    config.MOVIELENS_DIR,
    path.join(config.REELMATE_DATA_DIR, 'ml-latest-small'),
    path.join(root, 'data', 'ml-latest-small'),
    path.resolve(root, '..', 'shared', 'datasets', 'ml-latest-small'),
  ].filter((p): p is string => typeof p === 'string' && p !== '');
  return [...new Set(list.map((p) => path.resolve(p)))];
}

/** The optional TMDB enrichment: REELMATE_ENRICH_FILE, else the shared file beside the checkout. */
export function enrichmentCandidate(config: Pick<Config, 'REELMATE_ENRICH_FILE'>, root = PROJECT_ROOT): string | undefined {
  if (config.REELMATE_ENRICH_FILE) return config.REELMATE_ENRICH_FILE;
  const shared = path.resolve(root, '..', 'shared', 'datasets', 'tmdb-enrichment', 'movies_enriched.jsonl');
  return existsSync(shared) ? shared : undefined;
}

export const NO_DATA_MESSAGE = `Reelmate needs the MovieLens data on its first start, and could neither find nor download it.
Do one of these, then run \`npm start\` again:
  - set MOVIELENS_DIR to a folder holding movies.csv and ratings.csv (e.g. ml-latest-small), or
  - unpack https://files.grouplens.org/datasets/movielens/ml-latest-small.zip into ./data/ml-latest-small, or
  - import it yourself: npm run reelmate -- import movielens <folder>`;

/** Import MovieLens when the catalogue is empty; false (after printing why) when there is no way to. */
export async function ensureCatalog(database: Database, config: Config, log: Logger, root = PROJECT_ROOT): Promise<boolean> {
  const repos = createRepositories(database.db);
  if ((await repos.movies.count()) > 0) return true;
  let dir = movieLensCandidates(config, root).find((d) => inspectMovieLensDir(d).ok);
  if (!dir) {
    const target = path.join(config.REELMATE_DATA_DIR, 'ml-latest-small');
    log.info({ target }, 'no MovieLens data found: downloading ml-latest-small');
    const downloaded = await downloadMovieLens(target);
    if (!downloaded.ok) {
      log.warn({ reason: downloaded.error.message }, 'download failed');
      console.error(`${NO_DATA_MESSAGE}\n(download failed: ${downloaded.error.message})`);
      return false;
    }
    dir = downloaded.value;
  }
  const enrichFile = enrichmentCandidate(config, root);
  log.info({ dir, enrichFile }, 'first run: importing MovieLens');
  const t0 = performance.now();
  // On a terminal the bars and the table say it all; elsewhere one JSON line per file and one summary.
  const human = humanTerminal();
  const progress = progressReporter();
  const summary = await importMovieLens(database, {
    dir,
    enrichFile,
    logger: human ? log.child({}, { level: 'warn' }) : log,
    onProgress: progress.onProgress,
  }).finally(() => progress.stop());
  if (human) console.error(`\n${formatSummaryTable(summary)}\n`);
  else log.info({ import: summaryFields(summary) }, 'import summary');
  log.info({ phase: 'import', seconds: since(t0) }, `phase import: ${since(t0)} s`);
  return true;
}

export interface Running {
  bot: Bot;
  /** The playground's address, when it runs. */
  playgroundUrl?: string | undefined;
  stop(): Promise<void>;
}

export interface Composed {
  database: Database;
  engine: RecommendationService;
  catalog: Catalog;
  language: LanguageTools;
  bot: Bot;
  /** Resolves once a model serves (requests before that wait for it). */
  modelReady: Promise<void>;
  insights: Insights;
}

/**
 * Database (migrated), catalogue (imported on first run), model (trained when missing) and the
 * Bot, without any front end. Pushes what must be closed onto `stops`; undefined when there is
 * no data to start from (the reason is printed).
 */
export async function composeBot(
  config: Config,
  log: Logger,
  stops: (() => Promise<void>)[],
  options: Pick<BotDeps, 'rateLimit'> = {},
  // [scale-out] split roles: no training at start, no polling (the worker announces models).
  engineOptions: Pick<RecommendationServiceOptions, 'autoTrain' | 'pollMs'> = {},
  waitForCatalog = false,
): Promise<Composed | undefined> {
  const t0 = performance.now();
  const database = await openConfiguredDatabase(config);
  stops.push(() => database.close());
  log.info({ engine: database.kind, phase: 'database', seconds: since(t0) }, `phase database (open + migrate): ${since(t0)} s`);
  if (waitForCatalog) await (await import('../src/roles/catalog.js')).waitForCatalog(database, log);
  else if (!(await ensureCatalog(database, config, log))) return undefined;

  const engine: RecommendationService = createRecommendationService(database, { logger: log, ...engineOptions });
  stops.push(() => engine.close());
  // Trains and publishes a model when there is none; otherwise reads it, and worker threads
  // build it while this thread loads the catalogue and starts the servers.
  const modelReady = engine.ready().then(() => {
    const model = engine.modelInfo();
    log.info({ algorithm: model.algorithm, version: model.version }, 'model ready');
  });
  modelReady.catch(() => {}); // awaited by the caller

  const catalog = new Catalog(await createRepositories(database.db).movies.all());
  const language: LanguageTools = { parsePreferences, describePreferences, detectIntent };
  const secret = await resolveActionSecret(database, config.REELMATE_SECRET);
  // insights: impressions recorded off the answer's path, experiments applied in one place
  const insights = createInsights(database, engine, {
    retentionDays: config.REELMATE_IMPRESSION_RETENTION_DAYS,
    attributionDays: config.REELMATE_ATTRIBUTION_DAYS,
    logger: log,
  });
  stops.push(() => insights.close());
  const bot = createBot({
    database,
    engine: insights.engine,
    catalog,
    language,
    secret,
    logger: log,
    insights: insights.recorder,
    ...options,
  });
  return { database, engine, catalog, language, bot, modelReady, insights };
}

/** Start everything configured; resolves once serving. Exported for tests and embedding. */
export async function start(config: Config, log: Logger, role: Role = 'all'): Promise<Running | undefined> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        log.warn({ err: e }, 'error while stopping');
      }
    }
  };
  try {
    // [scale-out] `serve` and `worker` share a PostgreSQL server: models are announced, not
    // trained at start; a `serve` process leaves the first import to the worker.
    const split = role !== 'all';
    const composed = await composeBot(config, log, stops, {}, split ? { autoTrain: false, pollMs: 0 } : {}, role === 'serve');
    if (!composed) {
      await stopAll();
      return undefined;
    }
    const { bot, database, engine, catalog, language } = composed;
    const running: Running = { bot, stop: stopAll };
    if (role === 'worker') {
      // [scale-out] the worker role: jobs only, no front ends.
      const { startWorkerRole } = await import('../src/roles/index.js');
      stops.push(await startWorkerRole({ config, database, services: bot.services, engine, log }));
      await composed.modelReady;
      log.info({ seconds: since(0) }, `worker ready ${since(0)} s after the process started`);
      return running;
    }

    // Expired conversation rows are ignored on read; this only keeps the table small.
    const purge = split
      ? undefined
      : setInterval(() => {
          void bot.services.repos.conversations.purgeExpired().catch((e: unknown) => log.warn({ err: e }, 'conversation purge failed'));
        }, 15 * 60_000);
    purge?.unref();
    stops.push(async () => clearInterval(purge));

    const announcers = new Map<string, (channelId: string, reply: Reply) => Promise<unknown>>();
    const platforms = await startPlatforms(config, { bot, database, log, stops, announcers });
    // Watch parties whose timer ran out are closed here and announced where the platform can
    // post on its own; elsewhere they settle the next time someone touches them.
    const partyTimer = split
      ? undefined
      : setInterval(() => {
          void closeDueParties(bot.services)
            .then(async (due) => {
              for (const a of due) await announcers.get(a.platform)?.(a.channelId, a.reply);
            })
            .catch((e: unknown) => log.warn({ err: e }, 'closing due watch parties failed'));
        }, 30_000);
    partyTimer?.unref();
    stops.push(async () => clearInterval(partyTimer));
    // [scale-out] a `serve` process follows announced models and posts closed parties for its platforms.
    if (role === 'serve') stops.push(await (await import('../src/roles/index.js')).startServeRole({ config, engine, announcers, log }));
    // The HTTP server always runs, for the API and health checks; the playground page joins
    // it when no platform runs or when asked.
    const withPage = platforms === 0 || config.REELMATE_PLAYGROUND === '1' || config.REELMATE_PLAYGROUND === 'true';
    const t0 = performance.now();
    const url = await startHttpServer(config, { bot, database, engine, catalog, language, log, stops, platforms }, withPage);
    log.info({ phase: 'serve', seconds: since(t0) }, `phase serve (catalogue, HTTP server): ${since(t0)} s`);
    await composed.modelReady;
    if (withPage) running.playgroundUrl = url;
    // The embedded database is this process's alone: the CLI asks it over a local socket.
    if (database.kind === 'pglite') {
      const { startLocalAdmin } = await import('../adapters/api/local-admin.js');
      stops.push(await startLocalAdmin(adminSocketPath(config), { database, catalog, logger: log }));
    }
    const total = since(0);
    log.info({ seconds: total }, `ready ${total} s after the process started`);
    console.error(withPage ? `\n  Reelmate playground: ${url}\n` : `\n  Reelmate API: ${url}/v1/docs\n`);
    return running;
  } catch (e) {
    await stopAll();
    throw e;
  }
}

interface Wiring {
  bot: Bot;
  database: Database;
  log: Logger;
  stops: (() => Promise<void>)[];
  /** Per platform: post a message to a channel unprompted (party timers). */
  announcers?: Map<string, (channelId: string, reply: Reply) => Promise<unknown>>;
}

/** Discord and Slack, when their credentials are set; returns how many started. */
async function startPlatforms(config: Config, w: Wiring): Promise<number> {
  let started = 0;
  if (config.DISCORD_TOKEN) {
    const discord = await import('../adapters/discord/index.js');
    const { SettingsRepository } = await import('../src/db/repositories/settings.js');
    const adapter = await discord.startDiscord({
      token: config.DISCORD_TOKEN,
      bot: w.bot,
      apiUrl: config.DISCORD_API_URL,
      logger: w.log.child({ adapter: 'discord' }),
      reactions: discord.reactionPayloadsFrom(w.bot.codec),
      settings: discord.repositorySettingsStore(new SettingsRepository(w.database.db)),
    });
    w.stops.push(() => adapter.stop());
    w.announcers?.set('discord', (channelId, reply) => adapter.post(channelId, reply));
    w.log.info('discord adapter started');
    started++;
  }
  // Bolt is only loaded when Slack is configured (a single workspace token or OAuth).
  const slack =
    config.SLACK_BOT_TOKEN || (config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET)
      ? await import('../adapters/slack/index.js')
      : undefined;
  const slackOptions = slack?.slackOptionsFromConfig(config);
  if (slack && slackOptions) {
    const handle = await slack.startSlack({ ...slackOptions, bot: w.bot, database: w.database, logger: w.log.child({ adapter: 'slack' }) });
    w.stops.push(() => handle.stop());
    w.log.info({ mode: slackOptions.mode, port: handle.port }, 'slack adapter started');
    started++;
  }
  return started;
}

async function startHttpServer(
  config: Config,
  w: Wiring & { engine: RecommendationService; catalog: Catalog; language: LanguageTools; platforms: number },
  withPage: boolean,
): Promise<string> {
  const { buildPlaygroundApp, startPlayground } = await import('../adapters/playground/index.js');
  const { Hono } = await import('hono');
  const app = withPage
    ? buildPlaygroundApp({
        bot: w.bot,
        logger: w.log.child({ adapter: 'playground' }),
        subtitle: () => {
          const m = w.engine.modelInfo();
          return m.version === null ? undefined : `${m.algorithm} model v${m.version}`;
        },
      })
    : new Hono();
  await mountApi(app, w, config);
  // [scale-out] Discord's Interactions Endpoint (POST /discord/interactions) when DISCORD_PUBLIC_KEY is set.
  await import('../adapters/discord/http/wire.js').then((m) => m.mountInteractionsIfConfigured(app, config, w));
  // Slack's HTTP receiver takes PORT; this server then moves one port up.
  const slackHttp = w.platforms > 0 && !config.SLACK_APP_TOKEN && Boolean(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID);
  const port = slackHttp && config.PORT !== 0 ? config.PORT + 1 : config.PORT;
  const server = await startPlayground(app, { port, host: config.HOST });
  w.stops.push(() => server.close());
  w.log.info({ url: server.url, playground: withPage }, withPage ? 'playground and API ready' : 'API ready');
  return server.url;
}

/** The HTTP API (/v1, health, metrics) on the same server. */
async function mountApi(
  app: import('hono').Hono,
  w: Wiring & { engine: RecommendationService; catalog: Catalog; language: LanguageTools },
  config: Config,
): Promise<void> {
  const api = await import('../adapters/api/index.js');
  const { ApiKeysRepository } = await import('../src/db/repositories/api-keys.js');
  const { createGroupRecommender, enginePorts } = await import('../src/party/pick.js');
  const { engine, catalog, language } = w;
  app.route(
    '/',
    api.buildApi({
      database: w.database,
      repos: createRepositories(w.database.db),
      apiKeys: new ApiKeysRepository(w.database.db),
      engine: w.bot.services.engine, // the experiment-aware engine (src/insights/wiring.ts)
      insights: w.bot.services.insights,
      catalog: { search: (q, limit) => catalog.findTitles(q, limit), get: (id) => catalog.get(id) },
      understand: (text) => {
        const preferences = language.parsePreferences(text, catalog);
        return { preferences, description: language.describePreferences(preferences) };
      },
      metrics: api.createApiMetrics({ defaultMetrics: true }),
      limits: { ...api.DEFAULT_LIMITS, requestsPerMinute: config.REELMATE_API_RATE_LIMIT },
      // [scale-out] on a server other processes may serve the API too: the buckets are shared there.
      rateLimit:
        w.database.kind === 'postgres'
          ? api.sharedRateLimit(
              new (await import('../src/db/repositories/rate-buckets.js')).RateBucketsRepository(w.database),
              config.REELMATE_API_RATE_LIMIT,
            )
          : undefined,
      // Beyond loopback, /metrics needs the metrics token or an admin key.
      metricsAccess: { open: isLoopbackHost(config.HOST), token: config.REELMATE_METRICS_TOKEN },
      logger: w.log.child({ adapter: 'api' }),
      groups: createGroupRecommender(enginePorts(engine, createRepositories(w.database.db))),
      modelReady: () => engine.modelInfo().version !== null,
    }),
  );
  // insights: the admin dashboard, open on loopback like /metrics, else for admin keys
  const { buildAdminApp } = await import('../adapters/admin/index.js');
  const keys = (await import('../adapters/api/key-cache.js')).keyVerifier(w.database, new ApiKeysRepository(w.database.db));
  app.route(
    '/',
    buildAdminApp({
      database: w.database,
      modelInfo: () => engine.modelInfo(),
      open: isLoopbackHost(config.HOST),
      isAdminKey: async (key) => (await keys.verify(key))?.scopes.includes('admin') === true,
      recorder: w.bot.services.insights,
      errors: processErrors,
      logger: w.log.child({ adapter: 'admin' }),
      attributionDays: config.REELMATE_ATTRIBUTION_DAYS,
    }),
  );
}

/** `npm start` / `reelmate start`: start, then stop cleanly on SIGINT/SIGTERM. */
export async function main(role: Role = 'all'): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  // [scale-out] split roles need a server; say so before anything starts.
  const problem = roleProblem(role, config);
  if (problem) {
    console.error(problem);
    process.exit(2);
  }
  const log = createLogger(config.LOG_LEVEL, 'reelmate', { onError: (e) => processErrors.push(e) }); // recent errors for /admin
  // A database connection that fails outside every try/catch must not end the process.
  installFaultPolicy(log);
  let running: Running | undefined;
  try {
    running = await start(config, log, role);
  } catch (e) {
    if (!(e instanceof DatabaseInUseError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
  if (!running) {
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A second signal or a stuck close must not keep the process alive for ever.
    setTimeout(() => process.exit(1), 10_000).unref();
    void running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) await main();
