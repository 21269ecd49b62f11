import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, type Bot } from '../../src/bot/bot.js';
import type { Database } from '../../src/db/client.js';
import { ExperimentsRepository } from '../../src/db/repositories/experiments.js';
import { InsightsRepository } from '../../src/db/repositories/insights.js';
import { experimentEngine, type ExperimentEngine } from '../../src/experiments/engine.js';
import { InsightsRecorder } from '../../src/insights/recorder.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import { action, buildBot, click, language, movieCards, say, seedSmall, TEST_SECRET, type BotFixture } from './bot-harness.js';

interface ImpressionDb {
  id: string | number;
  movie_id: number;
  surface: string;
  kind: string;
  position: number;
  model_version: number | null;
  experiment_id: number | null;
  variant: string | null;
}

async function impressionsOf(database: Database, externalId: string): Promise<ImpressionDb[]> {
  return database.rows<ImpressionDb & Record<string, unknown>>(sql`
    SELECT i.id, i.movie_id, i.surface, i.kind, i.position, i.model_version, i.experiment_id, i.variant
    FROM impressions i JOIN users u ON u.id = i.user_id WHERE u.external_id = ${externalId} ORDER BY i.id`);
}

describe.each(testEngines())('impressions and card actions on %s', (engine) => {
  let database: TestDatabase;
  let fx: BotFixture;
  let bot: Bot;
  let recorder: InsightsRecorder;
  let served: ExperimentEngine;
  let experimentId: number;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await seedSmall(database);
    fx = await buildBot(database);
    const created = await new ExperimentsRepository(database.db).create({
      name: 'diversity-check',
      mode: 'ab',
      variants: [
        { name: 'control', share: 0.5, config: {} },
        { name: 'diverse', share: 0.5, config: { diversity: { franchiseCap: 1, genrePenalty: 0.5 } } },
      ],
    });
    experimentId = created!.id;
    served = experimentEngine(fx.engine, { source: new ExperimentsRepository(database.db) });
    await served.refreshExperiments();
    recorder = new InsightsRecorder(new InsightsRepository(database), { flushMs: 0, retentionDays: 0 });
    bot = createBot({ database, engine: served, catalog: fx.catalog, language, secret: TEST_SECRET, rateLimit: false, insights: recorder });
  });
  afterAll(async () => {
    served?.stop();
    await recorder?.close();
    await fx?.engine.close();
    await database?.dispose();
  });

  it('records every recommended card with its surface, place, model and variant, and links actions to it', async () => {
    const reply = await say(bot, 'ana', 'c', 'recommend something');
    expect(reply.status).toBe('recommended');
    const cards = movieCards(reply);
    expect(cards.length).toBeGreaterThan(0);
    await recorder.flush();
    const shown = await impressionsOf(database, 'ana');
    expect(shown.map((i) => i.movie_id)).toEqual(cards.map((c) => c.movie!.movieId));
    expect(shown.map((i) => i.position)).toEqual(cards.map((_, k) => k));
    const user = (await fx.bot.services.repos.users.find({ platform: 'playground', externalId: 'ana' }))!;
    const expected = served.assignment(user.id);
    for (const i of shown) {
      expect(i).toMatchObject({
        surface: 'playground',
        kind: 'recommend',
        model_version: fx.engine.modelInfo().version,
        experiment_id: experimentId,
        variant: expected?.variant?.name,
      });
    }

    // a rating from the card: linked to the impression of that card; the rebuilt card is no new impression
    const first = cards[0]!;
    const rated = await click(bot, 'ana', 'c', action(first, 'rate', 5).id);
    expect(rated.reply?.status).toBe('rated');
    const why = await click(bot, 'ana', 'c', action(first, 'why').id);
    expect(why.reply?.text).toBeTruthy();
    await recorder.flush();
    expect(await impressionsOf(database, 'ana')).toHaveLength(shown.length);
    const actions = await new InsightsRepository(database).engagementsFor(user.id);
    expect(actions.map((a) => [a.action, a.stars, a.movieId])).toEqual([
      ['rate', 5, first.movie!.movieId],
      ['why', null, first.movie!.movieId],
    ]);
    for (const a of actions) expect(a.impressionId).toBe(Number(shown[0]!.id));

    // a refused action (a film no longer in the catalogue) is no feedback
    const refused = await click(bot, 'ana', 'c', bot.codec.encode({ kind: 'seen', movieId: 999_999 }));
    expect(refused.reply?.status).toBe('error:bad_action');
    await recorder.flush();
    expect(await new InsightsRepository(database).engagementsFor(user.id)).toHaveLength(2);
  });

  it('export-me includes impressions and card actions; forget-me deletes them', async () => {
    const exported = await say(bot, 'ana', 'c', 'export-me');
    const data = JSON.parse(exported.attachment!.content) as {
      impressions: { id: number; movieId: number; experiment: string | null }[];
      cardActions: { action: string; movieId: number; impressionId: number | null }[];
    };
    expect(data.impressions.length).toBeGreaterThan(0);
    expect(data.impressions[0]!.experiment).toBe('diversity-check');
    expect(data.cardActions.map((a) => a.action)).toEqual(['rate', 'why']);
    const rated = data.cardActions[0]!;
    expect(rated.impressionId).toBe(data.impressions.find((i) => i.movieId === rated.movieId)!.id);

    const user = (await fx.bot.services.repos.users.find({ platform: 'playground', externalId: 'ana' }))!;
    expect((await say(bot, 'ana', 'c', 'forget-me')).status).toBe('confirm_forget');
    expect((await say(bot, 'ana', 'c', 'forget-me yes')).status).toBe('forgotten');
    const left = await database.rows<{ i: number; e: number }>(sql`
      SELECT (SELECT count(*)::int FROM impressions WHERE user_id = ${user.id}) AS i, (SELECT count(*)::int FROM engagements WHERE user_id = ${user.id}) AS e`);
    expect(left[0]).toEqual({ i: 0, e: 0 });
  });

  it('a watch-party experiment: the host’s variant picks the strategy, and every member’s view of the list is credited to it', async () => {
    const created = await new ExperimentsRepository(database.db).create({
      name: 'party-strategies',
      mode: 'ab',
      variants: [
        { name: 'control', share: 0.5, config: {} },
        { name: 'least', share: 0.5, config: { partyStrategy: 'least_misery' } },
      ],
    });
    await served.refreshExperiments();
    const started = await say(bot, 'cy', 'party-room', 'watchparty start');
    expect(started.status).toBe('party_started');
    const card = started.cards!.find((c) => c.kind === 'party')!;
    expect((await click(bot, 'dee', 'party-room', action(card, 'party_join').id)).reply?.status).toBe('party_joined');
    const picked = await click(bot, 'cy', 'party-room', action(card, 'party_pick').id);
    expect(picked.reply?.status).toBe('party_picked');
    const listed = picked.update!.party!.candidates!.map((c) => c.movieId);
    expect(listed.length).toBeGreaterThan(0);
    await recorder.flush();
    const host = (await fx.bot.services.repos.users.find({ platform: 'playground', externalId: 'cy' }))!;
    const variant = served.partyVariant(host.id);
    expect(variant?.experimentId).toBe(created!.id);
    for (const member of ['cy', 'dee']) {
      const shown = (await impressionsOf(database, member)).filter((i) => i.kind === 'party');
      expect(shown.map((i) => i.movie_id)).toEqual(listed);
      for (const i of shown) expect(i).toMatchObject({ surface: 'playground', experiment_id: created!.id, variant: variant!.variant });
    }
    // recommendation requests stay with the recommendation experiment
    expect(served.assignment(host.id)?.experiment.name).toBe('diversity-check');
  });

  it('interleaving: one list drafted from both variants, each film credited to the team that placed it', async () => {
    const source = {
      running: async () => [
        {
          id: experimentId,
          name: 'draft',
          mode: 'interleave',
          variants: [
            { name: 'left', share: 1, config: {} },
            { name: 'right', share: 0, config: { diversity: { franchiseCap: 1, genrePenalty: 1 } } },
          ],
        },
      ],
    };
    const draft = experimentEngine(fx.engine, { source });
    await draft.refreshExperiments();
    const other = createBot({
      database,
      engine: draft,
      catalog: fx.catalog,
      language,
      secret: TEST_SECRET,
      rateLimit: false,
      insights: recorder,
    });
    try {
      const reply = await say(other, 'ben', 'c', 'recommend something');
      const ids = movieCards(reply).map((c) => c.movie!.movieId);
      expect(ids.length).toBeGreaterThan(1);
      expect(new Set(ids).size).toBe(ids.length);
      await recorder.flush();
      const shown = await impressionsOf(database, 'ben');
      expect(shown.map((i) => i.movie_id)).toEqual(ids);
      for (const i of shown) expect(['left', 'right']).toContain(i.variant);
      // team draft: the first two places go to different teams
      expect(shown[0]!.variant).not.toBe(shown[1]!.variant);
    } finally {
      draft.stop();
    }
  });
});
