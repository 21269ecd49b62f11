/**
 * The dialogue harness: every dialogue of tests/fixtures/conversation/dialogues.jsonl played
 * through the real bot on the seeded database, turn by turn, through the same code as
 * `reelmate chat --json` (src/core/chat.ts), each as a fresh user in a fresh channel. Every
 * check is scored as the corpus README defines it; the score per check kind, per dialogue kind
 * and the failing checks are printed, and at least 95% of the checks must be right.
 *
 * Score on the bot before conversation state existed (PGlite, commit 3d7bd74): 887 of 1212
 * checks right (73.2%).
 *
 * Another file in the same format (a held-out set) is played with
 *   DIALOGUE_CORPUS_FILE=path/to/file.jsonl npx vitest run --config tests/vitest.config.ts tests/integration/dialogues.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatTurn } from '../../src/core/chat.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { readCorpus, scoreTurn, tally, type CheckResult, type MovieFacts, type TurnOutcome } from '../helpers/dialogue-score.js';
import { openSeededTestDatabase } from '../helpers/seeded.js';
import { buildBot, type BotFixture } from './bot-harness.js';

const GOAL = 0.95;

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('dialogue corpus on %s (seeded)', (engine) => {
  let database: TestDatabase;
  let fx: BotFixture;
  const facts = new Map<number, MovieFacts>();

  beforeAll(async () => {
    database = await openSeededTestDatabase(engine);
    fx = await buildBot(database);
    for (const m of await createRepositories(database.db).movies.all()) {
      facts.set(m.id, {
        displayTitle: m.displayTitle,
        year: m.year,
        genres: m.genres,
        runtime: m.runtime,
        language: m.originalLanguage,
        people: [...(m.directors ?? []), ...(m.cast ?? [])],
      });
    }
  }, 300_000);
  afterAll(async () => {
    await fx?.engine.close();
    await database?.dispose();
  });

  it('gets at least 95% of the checks right', async () => {
    const repos = createRepositories(database.db);
    const dialogues = readCorpus(process.env.DIALOGUE_CORPUS_FILE || undefined);
    const results: (CheckResult & { dialogueKind: string })[] = [];
    for (const [n, d] of dialogues.entries()) {
      const externalId = `dialogue-${n}`;
      const actor = { platform: 'playground' as const, externalId, displayName: externalId };
      const user = await repos.users.ensure(actor);
      for (const [movie, stars] of Object.entries(d.setup?.ratings ?? {})) {
        await repos.ratings.rate({ userId: user.id, movieId: Number(movie), rating: stars, source: 'test' });
        await fx.engine.onRatingChanged(user.id, Number(movie), stars);
      }
      const outcomes: TurnOutcome[] = [];
      for (const [k, t] of d.turns.entries()) {
        const { turn } = await chatTurn(fx.bot, { actor, channelId: `channel-${n}`, text: t.say });
        const [ratings, marks, watch] = await Promise.all([
          repos.ratings.forUser(user.id),
          repos.marks.forUser(user.id),
          repos.watchlist.list(user.id),
        ]);
        const outcome: TurnOutcome = {
          ...turn,
          lists: {
            seen: new Set(marks.filter((m) => m.kind === 'seen').map((m) => m.movieId)),
            notInterested: new Set(marks.filter((m) => m.kind === 'not_interested').map((m) => m.movieId)),
            watchlist: new Set(watch.map((w) => w.movieId)),
            ratings: new Map(ratings.map((r) => [r.movieId, r.rating])),
          },
        };
        for (const r of scoreTurn(t.expect, outcome, outcomes, (id) => facts.get(id), `${d.id} turn ${k + 1} "${t.say}"`)) {
          results.push({ ...r, dialogueKind: d.kind });
        }
        outcomes.push(outcome);
      }
    }
    const right = results.filter((r) => r.ok).length;
    const table = (rows: ReturnType<typeof tally>) =>
      rows.map((r) => `  ${r.key.padEnd(22)} ${String(r.right).padStart(5)} / ${String(r.total).padEnd(5)} ${r.share}`).join('\n');
    console.log(
      [
        `dialogue corpus on ${engine}: ${right} of ${results.length} checks right (${((100 * right) / results.length).toFixed(1)}%)`,
        'per check kind:',
        table(tally(results.map((r) => ({ key: r.kind, ok: r.ok })))),
        'per dialogue kind:',
        table(tally(results.map((r) => ({ key: r.dialogueKind, ok: r.ok })))),
        'failing checks:',
        ...results.filter((r) => !r.ok).map((r) => `  ${r.kind}: ${r.detail}`),
      ].join('\n'),
    );
    expect(right / results.length).toBeGreaterThanOrEqual(GOAL);
  }, 600_000);
});
