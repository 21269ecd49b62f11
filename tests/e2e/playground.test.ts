/**
 * The playground in a real headless Chromium: type a request, see cards, click a rating,
 * see the card change and the rating land in the database. Saves a screenshot to
 * tests/artifacts/playground.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlaygroundApp, startPlayground, type RunningPlayground } from '../../adapters/playground/index.js';
import { openSeededTestDatabase } from '../helpers/seeded.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildBot, ratingOf, seedSmall, type BotFixture } from '../integration/bot-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('tests/artifacts');

// Real MovieLens data when MOVIELENS_DIR is set, else a handful of known movies: only a
// missing browser skips this test.
describe.skipIf(!existsSync(CHROMIUM))('playground in headless Chromium', () => {
  let database: TestDatabase;
  let fx: BotFixture;
  let server: RunningPlayground;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;

  // Importing ml-latest-small and training take ~15 s alone, minutes on a busy shared machine.
  beforeAll(async () => {
    if (process.env.MOVIELENS_DIR) database = await openSeededTestDatabase('pglite');
    else {
      database = await openTestDatabase('pglite');
      await seedSmall(database);
    }
    fx = await buildBot(database);
    server = await startPlayground(buildPlaygroundApp({ bot: fx.bot }), { port: 0, host: '127.0.0.1' });
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'reelmate-chromium-'));
    // A persistent context is how playwright takes a fresh --user-data-dir.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await fx?.engine.close();
    await database?.dispose();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('chats, shows cards, and records a rating clicked on a card', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(server.url);
    await expect.poll(() => page.title()).toBe('Reelmate playground');
    await page.fill('#user', 'Ana');
    await page.fill('#channel', 'movie-night');
    await page.press('#channel', 'Enter');

    await page.fill('#text', 'recommend a comedy from the 90s');
    await page.press('#text', 'Enter');
    const cards = page.locator('.channel-log:not([hidden]) .card-movie');
    await cards.first().waitFor({ timeout: 30_000 });
    expect(await cards.count()).toBeGreaterThanOrEqual(process.env.MOVIELENS_DIR ? 3 : 1);
    await expect.poll(() => page.locator('.msg.bot .text').first().innerText()).toContain('Looking for: comedy');

    const first = cards.first();
    const movieId = Number(await first.getAttribute('data-movie'));
    const title = await first.locator('h3').innerText();
    expect(await ratingOf(database, 'ana', movieId)).toBeUndefined();

    await first.locator('button.act-rate', { hasText: '4★' }).click();
    const updated = page.locator(`.channel-log:not([hidden]) .card-movie[data-movie="${movieId}"]`).first();
    await expect.poll(() => updated.locator('footer').innerText(), { timeout: 30_000 }).toContain('Ana rated it 4★');
    await expect.poll(() => updated.locator('.badge').innerText()).toContain('4★ yours');
    expect(await updated.locator('button.act-rate.btn-primary').innerText()).toBe('4★');
    expect(await ratingOf(database, 'ana', movieId)).toBe(4);
    const note = page.locator('.msg.ephemeral', { hasText: `You rated ${title} 4★` });
    await expect.poll(() => note.isVisible()).toBe(true);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'playground.png'), fullPage: false });

    // Another person in the same channel does not see Ana's private notes.
    await page.fill('#user', 'Ben');
    await page.press('#user', 'Enter');
    await expect.poll(() => note.isVisible()).toBe(false);
    expect(errors, errors.join("\n")).toEqual([]);
  });
});
