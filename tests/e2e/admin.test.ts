/**
 * The admin dashboard in a real headless Chromium, over a database with impressions, ratings,
 * a running experiment and a logged error: every section renders with the figures behind it,
 * the charts are SVG, and a screenshot goes to tests/artifacts/admin-dashboard.png. Beyond
 * loopback, an admin key is needed.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminApp, type AdminDeps } from '../../adapters/admin/index.js';
import { startPlayground, type RunningPlayground } from '../../adapters/playground/index.js';
import { createBot, type Bot } from '../../src/bot/bot.js';
import { ApiKeysRepository } from '../../src/db/repositories/api-keys.js';
import { ExperimentsRepository } from '../../src/db/repositories/experiments.js';
import { InsightsRepository } from '../../src/db/repositories/insights.js';
import { experimentEngine, type ExperimentEngine } from '../../src/experiments/engine.js';
import { RecentErrors } from '../../src/insights/recent-errors.js';
import { InsightsRecorder } from '../../src/insights/recorder.js';
import { createLogger, silentLogger } from '../../src/util/logger.js';
import { launchHeadless, hasChromium, type HeadlessBrowser } from '../helpers/browser.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { action, buildBot, click, language, movieCards, say, seedSmall, TEST_SECRET, type BotFixture } from '../integration/bot-harness.js';

const ARTIFACTS = path.resolve('tests/artifacts');

describe.skipIf(!hasChromium())('admin dashboard in headless Chromium', () => {
  let database: TestDatabase;
  let fx: BotFixture;
  let bot: Bot;
  let served: ExperimentEngine;
  let recorder: InsightsRecorder;
  let server: RunningPlayground;
  let context: BrowserContext;
  let page: Page;
  let browser: HeadlessBrowser | undefined;
  let deps: AdminDeps;
  const errors = new RecentErrors();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedSmall(database);
    fx = await buildBot(database);
    await new ExperimentsRepository(database.db).create({
      name: 'calmer-lists',
      mode: 'ab',
      variants: [
        { name: 'control', share: 0.5, config: {} },
        { name: 'diverse', share: 0.5, config: { diversity: { franchiseCap: 1, genrePenalty: 0.4 } } },
      ],
    });
    served = experimentEngine(fx.engine, { source: new ExperimentsRepository(database.db) });
    await served.refreshExperiments();
    recorder = new InsightsRecorder(new InsightsRepository(database), { flushMs: 0, retentionDays: 0 });
    bot = createBot({ database, engine: served, catalog: fx.catalog, language, secret: TEST_SECRET, rateLimit: false, insights: recorder });
    // a few people ask and rate from the cards
    for (const [n, who] of ['ana', 'ben', 'cleo', 'dev', 'eli', 'fay'].entries()) {
      const reply = await say(bot, who, 'c', 'recommend something');
      const card = movieCards(reply)[0];
      if (card) await click(bot, who, 'c', action(card, 'rate', n % 2 === 0 ? 5 : 2).id);
    }
    await recorder.flush();
    // an error logged the way the server logs them
    const sink = new Writable({ write: (_c, _e, done) => done() });
    createLogger('error', 'test', { stream: sink, pretty: false, onError: (e) => errors.push(e) }).error(
      { err: new Error('connection reset') },
      'handler failed',
    );

    deps = {
      database,
      modelInfo: () => fx.engine.modelInfo(),
      open: true,
      isAdminKey: async () => false,
      recorder,
      errors,
      logger: silentLogger,
    };
    server = await startPlayground(buildAdminApp(deps), { port: 0, host: '127.0.0.1' });
    browser = await launchHeadless({ width: 1280, height: 900 });
    context = browser.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 10 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    served?.stop();
    await recorder?.close();
    await fx?.engine.close();
    await database?.dispose();
  });

  it('shows counts, the running experiment, online metrics with charts, model versions and recent errors', async () => {
    const response = await page.goto(`${server.url}/admin`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Reelmate admin');
    const counts = await page.locator('#counts').innerText();
    expect(counts).toMatch(/8\s*films/);
    expect(counts).toContain('playground 6');

    const experiments = await page.locator('#experiments').innerText();
    expect(experiments).toContain('calmer-lists');
    expect(experiments).toContain('running');
    expect(experiments).toMatch(/control/);
    expect(experiments).toMatch(/95% CI/);

    const online = await page.locator('#online').innerText();
    const version = fx.engine.modelInfo().version;
    expect(online).toContain(`v${version}`);
    expect(online).toContain('calmer-lists');
    expect(await page.locator('#online svg').count()).toBe(3);
    expect(await page.locator('#online svg polyline').count()).toBeGreaterThanOrEqual(3);

    const models = await page.locator('#models').innerText();
    expect(models).toContain(`v${version}`);
    expect(models).toContain('serving');

    const errs = await page.locator('#errors').innerText();
    expect(errs).toContain('handler failed');
    expect(errs).toContain('connection reset');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-dashboard.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('beyond loopback it needs an admin key', async () => {
    const keys = new ApiKeysRepository(database.db);
    const admin = await keys.create('ops', ['admin']);
    const reader = await keys.create('site', ['read']);
    const guarded = buildAdminApp({
      ...deps,
      open: false,
      isAdminKey: async (k) => (await keys.verify(k))?.scopes.includes('admin') === true,
    });
    expect((await guarded.request('/admin')).status).toBe(401);
    expect((await guarded.request('/admin', { headers: { 'x-api-key': reader.key } })).status).toBe(401);
    const ok = await guarded.request('/admin', { headers: { authorization: `Bearer ${admin.key}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('calmer-lists');
  });
});
