import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot/bot.js';
import { openSeededTestDatabase, SEEDED_SETUP_TIMEOUT_MS } from '../helpers/seeded.js';
import { testEngines, type TestDatabase } from '../helpers/db.js';
import { action, buildBot, click, movieCards, ratingOf, runTranscript, say, type BotFixture } from './bot-harness.js';

describe.skipIf(!process.env.MOVIELENS_DIR).each(testEngines())('bot commands on %s (seeded)', (engine) => {
  let database: TestDatabase;
  let fx: BotFixture;
  let bot: Bot;

  // Importing ml-latest-small and training take ~15 s alone, minutes on a busy shared machine.
  beforeAll(async () => {
    database = await openSeededTestDatabase(engine);
    fx = await buildBot(database);
    bot = fx.bot;
  }, SEEDED_SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await fx?.engine.close();
    await database?.dispose();
  });

  it('helps, rates with forgiving titles, and searches', async () => {
    await runTranscript(bot, [
      { as: 'ana', in: 'general', say: 'help', status: 'help', text: 'rate <title> <stars>' },
      { as: 'ana', in: 'general', say: '', status: 'help' },
      { as: 'ana', in: 'general', say: 'rate the matrix 5', status: 'rated', text: 'You rated The Matrix (1999) 5★', cards: 1 },
      { as: 'ana', in: 'general', say: 'rate Matrix, The 4.5 stars', status: 'rated', text: 'from 5★ to 4.5★' },
      { as: 'ana', in: 'general', say: '/rate heat 1995 4', status: 'rated', text: 'Heat (1995) 4★' },
      { as: 'ana', in: 'general', say: 'rate Forest Gump 3/5', status: 'rated', text: 'Forrest Gump (1994) 3★' },
      { as: 'ana', in: 'general', say: 'search godzila', status: 'search', cards: { min: 2 } },
    ]);
    expect(await ratingOf(database, 'ana', 2571)).toBe(4.5);
    expect(await ratingOf(database, 'ana', 6)).toBe(4);
    expect(await ratingOf(database, 'ana', 356)).toBe(3);
  });

  it('asks which one when a title is ambiguous, and the choice finishes the job', async () => {
    const reply = await say(bot, 'ben', 'general', 'rate hamlet 4');
    expect(reply.status).toBe('ambiguous_title');
    const choice = reply.cards?.[0];
    expect(choice?.kind).toBe('choice');
    expect(choice?.actions?.length).toBeGreaterThanOrEqual(3);
    const pick = choice!.actions!.find((a) => a.label === 'Hamlet (1948)')!;
    expect(await ratingOf(database, 'ben', 1941)).toBeUndefined();
    const outcome = await click(bot, 'ben', 'general', pick.id);
    expect(outcome.reply?.status).toBe('rated');
    expect(await ratingOf(database, 'ben', 1941)).toBe(4);
  });

  it('recommends, echoes what it understood, pages with more, and changes after a rating', async () => {
    const [first] = await runTranscript(bot, [
      {
        as: 'cleo',
        in: 'movies',
        say: 'recommend a funny movie, no horror',
        status: 'recommended',
        text: 'Looking for: comedy · no horror',
        cards: 5,
      },
    ]);
    const firstIds = movieCards(first).map((c) => c.movie!.movieId);
    for (const card of movieCards(first)) {
      expect(card.movie?.genres).toContain('Comedy');
      expect(card.movie?.genres).not.toContain('Horror');
      expect(card.body).toBeTruthy();
    }
    const [more] = await runTranscript(bot, [{ as: 'cleo', in: 'movies', say: 'more', status: 'recommended', cards: 5 }]);
    const moreIds = movieCards(more).map((c) => c.movie!.movieId);
    expect(moreIds.some((id) => firstIds.includes(id))).toBe(false);

    // Rating from a card changes the very next recommendations.
    const before = await say(bot, 'cleo', 'movies', 'recommend');
    const top = movieCards(before)[0]!;
    await click(bot, 'cleo', 'movies', action(top, 'rate', 5).id);
    const after = await say(bot, 'cleo', 'movies', 'recommend');
    const afterIds = movieCards(after).map((c) => c.movie!.movieId);
    expect(afterIds).not.toContain(top.movie!.movieId);
    expect(afterIds).not.toEqual(movieCards(before).map((c) => c.movie!.movieId));
  });

  it('lets anyone in the channel rate a card for themselves', async () => {
    const reply = await say(bot, 'kim', 'lounge', 'search pulp fiction');
    const card = movieCards(reply)[0]!;
    const outcome = await click(bot, 'lee', 'lounge', action(card, 'rate', 3).id);
    expect(outcome.update?.footer).toBe('lee rated it 3★');
    // The card stays shared: the channel's facts, not lee's own rating; lee's state is private.
    expect(outcome.update?.movie?.userRating).toBeUndefined();
    expect(outcome.update?.fields).toContainEqual({ label: 'Here', value: 'rated by 1, avg 3.0★', inline: false });
    expect(outcome.reply).toMatchObject({ status: 'rated', ephemeral: true });
    expect(outcome.reply?.text?.split('\n')[0]).toBe('You rated Pulp Fiction (1994) 3★.');
    expect(outcome.reply?.text).toMatch(/^Just for you: your rating 3★/m);
    expect(await ratingOf(database, 'lee', 296)).toBe(3);
    expect(await ratingOf(database, 'kim', 296)).toBeUndefined();
    // Every button on the updated card still works, for the next person too.
    const again = await click(bot, 'kim', 'lounge', action(outcome.update, 'watchlist').id);
    expect(again.update?.footer).toBe("On kim's watchlist");
    expect(again.update?.movie?.userRating).toBeUndefined();
  });

  it('keeps a shared card true for everyone: group facts on the card, each clicker their own state privately', async () => {
    const asked = movieCards(await say(bot, 'ana', 'den', 'search heat'))[0]!;
    // The answer to Ana, read by the whole channel, names whose stars it shows.
    expect(asked.fields?.map((f) => f.label)).not.toContain('For you');
    if (asked.movie?.predicted !== undefined) expect(asked.fields?.map((f) => f.label)).toContain('For ana');
    const byAna = await click(bot, 'ana', 'den', action(asked, 'rate', 5).id);
    const byDev = await click(bot, 'dev', 'den', action(byAna.update, 'rate', 3).id);
    for (const update of [byAna.update, byDev.update]) {
      expect(update?.movie?.userRating).toBeUndefined();
      expect(update?.movie?.predicted).toBeUndefined();
      expect(update?.body).toBeUndefined();
      expect(update?.fields?.map((f) => f.label)).not.toContain('Your rating');
      expect(update?.actions?.filter((a) => a.kind === 'rate' && a.style === 'primary')).toEqual([]);
    }
    expect(byAna.update?.fields).toContainEqual({ label: 'Here', value: 'rated by 1, avg 5.0★', inline: false });
    expect(byDev.update?.fields).toContainEqual({ label: 'Here', value: 'rated by 2, avg 4.0★', inline: false });
    expect(byDev.update?.footer).toBe('dev rated it 3★');
    expect(byAna.reply).toMatchObject({ ephemeral: true });
    expect(byAna.reply?.text).toMatch(/^Just for you: your rating 5★/m);
    expect(byDev.reply).toMatchObject({ ephemeral: true });
    expect(byDev.reply?.text).toMatch(/^Just for you: your rating 3★/m);
    expect(byDev.reply?.text).not.toMatch(/5★/);
    // A card only the clicker sees (a DM) shows the clicker's own state on the card itself.
    const dm = await bot.onAction({
      actor: { platform: 'playground', externalId: 'dev', displayName: 'dev' },
      channelId: 'dev-dm',
      payload: action(asked, 'rate', 4).id,
      direct: true,
    });
    expect(dm.update?.movie?.userRating).toBe(4);
    expect(dm.update?.fields).toContainEqual({ label: 'Your rating', value: '4★', inline: true });
    expect(dm.reply?.text).toBe('Changed your rating of Heat (1995) from 3★ to 4★.');
  });

  it('"why titanic" picks the Titanic the user rated or was shown instead of asking which one', async () => {
    const asked = await say(bot, 'tia', 'lounge', 'why titanic');
    expect(asked.status).toBe('ambiguous_title');
    await say(bot, 'tia', 'lounge', 'rate titanic 1997 4');
    const known = await say(bot, 'tia', 'lounge', 'why titanic');
    expect(known.status).toBe('why');
    expect(known.text).toMatch(/^Why Titanic \(1997\)\?/);
    // Shown in the last list here is enough too: Tom's last list held the 1953 one.
    const tom = await bot.services.repos.users.ensure({ platform: 'playground', externalId: 'tom', displayName: 'tom' });
    await bot.services.repos.conversations.set(
      { platform: 'playground', userKey: String(tom.id), channelKey: 'lounge' },
      { last: { command: 'recommend', text: 'drama', shown: [3404, 296], page: 0 } },
      60_000,
      bot.services.now(),
    );
    expect((await say(bot, 'tom', 'lounge', 'why titanic')).text).toMatch(/^Why Titanic \(1953\)\?/);
  });

  it('hints at a watch party, in one line, when a group asks in a channel where several people were lately', async () => {
    for (const who of ['pat', 'quin', 'rue']) await say(bot, who, 'family-room', 'search heat');
    const group = await say(bot, 'pat', 'family-room', 'what should we watch tonight');
    expect(group.status).toBe('recommended');
    expect(group.text?.split('\n').filter((l) => /watchparty start/.test(l))).toEqual([
      'Picking for the 3 of you here? `watchparty start` finds one film everyone will like, and you vote.',
    ]);
    expect(movieCards(group).length).toBeGreaterThan(0);
    // Alone in a channel, or asking for oneself, no hint.
    expect((await say(bot, 'pat', 'pat-alone', 'what should we watch tonight')).text ?? '').not.toContain('watchparty');
    expect((await say(bot, 'pat', 'family-room', 'what should I watch tonight')).text ?? '').not.toContain('watchparty');
  });

  it('says how much of the catalogue a filter on runtime or people could see', async () => {
    const coverage = await bot.services.repos.movies.metadataCoverage();
    const share = (n: number) => `${Math.round((100 * n) / coverage.total)}%`;
    const reply = await say(bot, 'uma', 'lounge', 'recommend a comedy with tom hanks under 2 hours');
    expect(reply.text).toContain(
      `Runtime is known for ${share(coverage.runtime)} of films and cast and directors for ${share(coverage.people)}; only those films could match.`,
    );
    // In a fresh conversation: in the same one, "a comedy" would refine the request above and keep its filters.
    expect((await say(bot, 'uma', 'den', 'recommend a comedy')).text).not.toContain('only those films could match');
  });

  it('retracts a rating only when it is still the one being retracted', async () => {
    const card = movieCards(await say(bot, 'omar', 'lounge', 'search heat'))[0]!;
    const movieId = card.movie!.movieId;
    await click(bot, 'omar', 'lounge', action(card, 'rate', 3).id);
    await say(bot, 'omar', 'lounge', 'rate heat 1995 4.5');
    expect(await ratingOf(database, 'omar', movieId)).toBe(4.5);
    const stale = await click(bot, 'omar', 'lounge', bot.codec.encode({ kind: 'unrate', movieId, stars: 3 }));
    expect(stale.reply?.text).toContain('Kept your rating');
    expect(await ratingOf(database, 'omar', movieId)).toBe(4.5);
    const current = await click(bot, 'omar', 'lounge', bot.codec.encode({ kind: 'unrate', movieId, stars: 4.5 }));
    expect(current.reply?.status).toBe('unrated');
    expect(await ratingOf(database, 'omar', movieId)).toBeUndefined();
  });

  it('never lets a second click on Not interested bring a dismissed movie back', async () => {
    const card = movieCards(await say(bot, 'nia', 'lounge', 'search heat'))[0]!;
    const movieId = card.movie!.movieId;
    const first = await click(bot, 'nia', 'lounge', action(card, 'dismiss').id);
    expect(first.reply?.status).toBe('dismissed');
    // the same button again, from the same or an updated card: still dismissed
    const second = await click(bot, 'nia', 'lounge', action(first.update, 'dismiss').id);
    expect(second.reply?.status).toBe('dismissed');
    const marks = await database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM marks m JOIN users u ON u.id = m.user_id WHERE u.external_id = 'nia' AND m.movie_id = ${movieId} AND m.kind = 'not_interested'`,
    );
    expect(marks[0]!.n).toBe(1);
    const recs = movieCards(await say(bot, 'nia', 'lounge', 'recommend something like heat'));
    expect(recs.map((c) => c.movie!.movieId)).not.toContain(movieId);
  });

  it('sends free text through intent detection', async () => {
    const reply = await say(bot, 'dan', 'movies', 'what should I watch tonight? something scary');
    expect(reply.status).toBe('recommended');
    expect(reply.text).toContain('Looking for: horror');
    await runTranscript(bot, [
      { as: 'dan', in: 'movies', say: 'show me more', status: 'recommended', cards: 5 },
      { as: 'dan', in: 'movies', say: "i'd give the matrix 4 stars", status: 'rated', text: 'You rated The Matrix (1999) 4★' },
      { as: 'dan', in: 'movies', say: 'what do you know about me?', status: 'profile' },
      { as: 'dan', in: 'movies', say: 'what can you do', status: 'help' },
    ]);
  });

  it('shows two pages, not one page twice, for two quick "more"s', async () => {
    const first = await say(bot, 'gus', 'movies', 'recommend');
    const [a, b] = await Promise.all([say(bot, 'gus', 'movies', 'more'), say(bot, 'gus', 'movies', 'more')]);
    const ids = [first, a, b].map((r) => movieCards(r).map((c) => c.movie!.movieId));
    expect(ids.map((i) => i.length)).toEqual([5, 5, 5]);
    expect(new Set(ids.flat()).size).toBe(15);
  });

  it('keeps conversations per user and channel', async () => {
    expect((await say(bot, 'eve', 'room-a', 'search star')).cards?.length).toBe(5);
    await say(bot, 'eve', 'room-b', 'recommend');
    expect((await say(bot, 'eve', 'room-a', 'more')).status).toBe('search');
    expect((await say(bot, 'eve', 'room-b', 'more')).status).toBe('recommended');
    expect((await say(bot, 'fay', 'room-a', 'more')).status).toBe('error:expired');
  });

  it('handles similar, why, seen and the watchlist', async () => {
    await runTranscript(bot, [
      { as: 'gus', in: 'c', say: 'similar alien 1979', status: 'similar', text: 'More like Alien (1979)', cards: 5 },
      { as: 'gus', in: 'c', say: 'why toy story', status: 'why', text: 'Why Toy Story (1995)?' },
      { as: 'gus', in: 'c', say: 'seen jurassic park', status: 'seen', text: 'Marked Jurassic Park (1993) as seen' },
      { as: 'gus', in: 'c', say: 'watchlist add heat (1995)', status: 'watchlist_added', text: 'Added Heat (1995)' },
      { as: 'gus', in: 'c', say: 'watchlist pulp fiction', status: 'watchlist_added' },
      { as: 'gus', in: 'c', say: 'watchlist', status: 'watchlist', text: 'Your watchlist (2)', cards: 2 },
      { as: 'gus', in: 'c', say: 'watchlist remove heat 1995', status: 'watchlist_removed' },
      { as: 'gus', in: 'c', say: 'watchlist list', status: 'watchlist', text: 'Your watchlist (1)', cards: 1 },
    ]);
    const recs = await say(bot, 'gus', 'c', 'recommend');
    expect(movieCards(recs).map((c) => c.movie!.movieId)).not.toContain(480);
  });

  it('onboards a newcomer with ten well-known movies, then profiles them', async () => {
    const [welcome] = await runTranscript(bot, [{ as: 'hal', in: 'c', say: 'onboard', status: 'onboard', cards: 10 }]);
    const cards = movieCards(welcome);
    expect(cards[0]?.title).toBe('The Matrix (1999)');
    const genres = new Set(cards.flatMap((c) => c.movie?.genres ?? []));
    expect(genres.size).toBeGreaterThanOrEqual(8);
    for (const [i, card] of cards.slice(0, 6).entries()) await click(bot, 'hal', 'c', action(card, 'rate', i % 2 === 0 ? 5 : 2).id);
    const profile = await say(bot, 'hal', 'c', 'profile');
    expect(profile.status).toBe('profile');
    const fields = Object.fromEntries((profile.cards?.[0]?.fields ?? []).map((f) => [f.label, f.value]));
    expect(fields.Ratings).toMatch(/^6 \(average 3\.5★\)$/);
    expect(fields['Favourite genres']).toBeTruthy();
    expect(profile.cards?.[0]?.body).toContain('updated with each of your 6 ratings');
  });

  it('exports and, after confirmation, forgets a user', async () => {
    expect((await say(bot, 'ivy', 'c', 'rate heat 1995 5')).status).toBe('rated');
    expect((await say(bot, 'ivy', 'c', 'watchlist add pulp fiction')).status).toBe('watchlist_added');
    const exported = await say(bot, 'ivy', 'c', 'export-me');
    expect(exported.status).toBe('exported');
    const data = JSON.parse(exported.attachment!.content) as {
      ratings: { movieId: number; rating: number }[];
      watchlist: { movieId: number }[];
      channels: { platform: string; channel: string }[];
    };
    expect(data.ratings).toEqual([expect.objectContaining({ movieId: 6, rating: 5, title: 'Heat (1995)' })]);
    expect(data.watchlist.map((w) => w.movieId)).toEqual([296]);
    expect(data.channels).toEqual([expect.objectContaining({ platform: 'playground', channel: 'c' })]);

    const ask = await say(bot, 'ivy', 'c', 'forget-me');
    expect(ask.status).toBe('confirm_forget');
    // Someone else cannot confirm for Ivy, and Ivy's data is still there.
    const confirm = action(ask.cards?.[0], 'confirm');
    expect((await click(bot, 'mallory', 'c', confirm.id)).reply?.status).toBe('error:expired');
    expect(await ratingOf(database, 'ivy', 6)).toBe(5);
    expect((await click(bot, 'ivy', 'c', confirm.id)).reply?.status).toBe('forgotten');
    expect(await ratingOf(database, 'ivy', 6)).toBeUndefined();
    const again = await say(bot, 'ivy', 'c', 'export-me');
    expect(JSON.parse(again.attachment!.content).ratings).toEqual([]);
  });
});
