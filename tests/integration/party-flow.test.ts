/**
 * Watch parties end to end through the Bot (start, join, pick, vote, close, winner), on both
 * engines, over a small catalogue with two tastes and a few crowd-pleasers, the real
 * recommendation service and the real language tools.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/bot/bot.js';
import { closeDueParties } from '../../src/features/watchparty/command.js';
import { Conversation } from '../../src/core/conversation.js';
import { joinParty } from '../../src/features/watchparty/session.js';
import type { LanguageTools } from '../../src/core/ports.js';
import type { ActionOutcome, Card, Reply } from '../../src/core/types.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';
import { PartiesRepository } from '../../src/db/repositories/parties.js';
import { describePreferences, parsePreferences } from '../../src/nlp/index.js';
import { detectIntent } from '../../src/features/index.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../helpers/db.js';
import { buildBot, click, say, type BotFixture } from './bot-harness.js';

const language: LanguageTools = { parsePreferences, describePreferences, detectIntent };

const SCIFI = [1, 2, 3, 4, 5, 6, 7, 8];
const COMEDY = [11, 12, 13, 14, 15, 16, 17, 18];
/** Films both camps like. */
const CROWD = [21, 22, 23, 24];

async function seed(database: TestDatabase, repos: Repositories): Promise<void> {
  const rows = [
    ...SCIFI.map((id) => sql`(${id}, ${`Space Film ${id} (1990)`}, ${`Space Film ${id}`}, 1990, ARRAY['Sci-Fi','Action'], 110)`),
    ...COMEDY.map((id) => sql`(${id}, ${`Funny Film ${id} (1995)`}, ${`Funny Film ${id}`}, 1995, ARRAY['Comedy'], 95)`),
    ...CROWD.map(
      (id) => sql`(${id}, ${`Crowd Pleaser ${id} (2000)`}, ${`Crowd Pleaser ${id}`}, 2000, ARRAY['Adventure','Comedy','Sci-Fi'], 105)`,
    ),
  ];
  await database.db.execute(sql`INSERT INTO movies (id, title, display_title, year, genres, runtime) VALUES ${sql.join(rows, sql`, `)}`);
  const rate = (userId: number, movieId: number, rating: number) => repos.ratings.rate({ userId, movieId, rating, source: 'test' });
  for (let k = 0; k < 10; k++) {
    const s = (await repos.users.ensure({ platform: 'movielens', externalId: `s${k}` })).id;
    const c = (await repos.users.ensure({ platform: 'movielens', externalId: `c${k}` })).id;
    for (const [i, m] of SCIFI.entries()) if (i % 4 !== k % 4) await rate(s, m, 4.5 + (i % 2) * 0.5);
    for (const [i, m] of COMEDY.entries()) if (i % 4 !== k % 4) await rate(c, m, 4 + (i % 2));
    for (const [i, m] of COMEDY.entries()) if (i % 3 === k % 3) await rate(s, m, 1.5);
    for (const [i, m] of SCIFI.entries()) if (i % 3 === k % 3) await rate(c, m, 1.5);
    for (const [i, m] of CROWD.entries()) {
      if ((i + k) % 2 === 0) {
        await rate(s, m, 4);
        await rate(c, m, 4);
      }
    }
  }
  // Ana loves sci-fi, Ben loves comedy; Cy has never rated anything.
  const ana = (await repos.users.ensure({ platform: 'playground', externalId: 'ana', displayName: 'ana' })).id;
  const ben = (await repos.users.ensure({ platform: 'playground', externalId: 'ben', displayName: 'ben' })).id;
  for (const m of [1, 2, 3]) await rate(ana, m, 5);
  await rate(ana, 11, 1.5);
  for (const m of [11, 12, 13]) await rate(ben, m, 5);
  await rate(ben, 1, 1.5);
}

function partyCardOf(x: Reply | ActionOutcome | undefined): Card {
  const cards = x && 'update' in x && x.update ? [x.update] : ((x as Reply | undefined)?.cards ?? []);
  const card = cards.find((c) => c.kind === 'party');
  if (!card) throw new Error(`no party card in ${JSON.stringify(x)?.slice(0, 300)}`);
  return card;
}

function button(card: Card, kind: string, rank?: number): string {
  const a = card.actions?.find((x) => x.kind === kind && (rank === undefined || x.value === rank));
  if (!a) throw new Error(`no ${kind} button on ${card.title}`);
  return a.id;
}

describe.each(testEngines())('watch party through the bot on %s', (engine) => {
  let database: TestDatabase;
  let repos: Repositories;
  let fx: BotFixture;
  let bot: Bot;
  let clock = new Date('2026-03-06T18:00:00Z');

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    repos = createRepositories(database.db);
    await seed(database, repos);
    fx = await buildBot(database, { language, now: () => clock });
    bot = fx.bot;
  });
  afterAll(async () => {
    await fx?.engine.close();
    await database?.dispose();
  });

  it('start, three join, host picks, everyone votes, host closes: the winner is announced and kept', async () => {
    const started = await say(bot, 'ana', 'movie-night', 'watchparty start Friday: comedy, under 2 hours');
    expect(started.status).toBe('party_started');
    let card = partyCardOf(started);
    expect(card.title).toContain('Friday: comedy');
    expect(card.title).toMatch(/2h|120/);
    expect(card.party?.status).toBe('open');
    expect(card.party?.members).toEqual(['ana']);

    // A second party in the same channel is refused.
    expect((await say(bot, 'ben', 'movie-night', 'watchparty start')).status).toBe('error:conflict');

    const benJoin = await click(bot, 'ben', 'movie-night', button(card, 'party_join'));
    expect(benJoin.reply?.status).toBe('party_joined');
    const cyJoin = await click(bot, 'cy', 'movie-night', button(card, 'party_join'));
    expect(cyJoin.reply?.status).toBe('party_joined');
    // Cy never rated anything: the quick onboarding comes with the welcome.
    expect(cyJoin.reply?.text).toContain('not rated anything');
    expect(cyJoin.reply?.cards?.filter((c) => c.kind === 'movie').length).toBeGreaterThan(0);
    const again = await click(bot, 'ben', 'movie-night', button(card, 'party_join'));
    expect(again.reply?.status).toBe('party_already_member');
    card = partyCardOf(cyJoin);
    expect(card.party?.members).toEqual(['ana', 'ben', 'cy']);

    // Only the host picks.
    expect((await click(bot, 'ben', 'movie-night', button(card, 'party_pick'))).reply?.status).toBe('error:not_allowed');
    const picked = await click(bot, 'ana', 'movie-night', button(card, 'party_pick'));
    expect(picked.reply?.status).toBe('party_picked');
    card = partyCardOf(picked);
    const candidates = card.party?.candidates ?? [];
    expect(candidates.length).toBe(5);
    expect(card.party?.status).toBe('voting');
    // Nothing any member rated; the constraints held (comedies, and under two hours).
    const rated = new Set([1, 2, 3, 11, 12, 13]);
    for (const c of candidates) {
      expect(rated.has(c.movieId)).toBe(false);
      expect(COMEDY.includes(c.movieId) || CROWD.includes(c.movieId)).toBe(true);
      expect(Object.keys(c.memberStars).sort()).toEqual(['ana', 'ben', 'cy']);
    }
    // The list reads in the order of the group's stars it shows (the strategy chose the five).
    const shownStars = candidates.map((c) => c.groupStars ?? -Infinity);
    expect(shownStars).toEqual([...shownStars].sort((a, b) => b - a));
    // Each shows the group's stars: the members' mean prediction.
    for (const c of candidates) {
      const stars = Object.values(c.memberStars);
      expect(c.groupStars).toBeCloseTo(stars.reduce((a, b) => a + b, 0) / stars.length, 1);
    }
    // Each candidate shows the compact bar and why it fits.
    const firstField = card.fields?.find((f) => f.label.startsWith('1. '));
    expect(firstField?.value).toMatch(/(everyone|of 3) \d\.\d★ or more/);

    // Votes: #2 gets two, #1 one; Ben's double click counts once.
    const second = candidates[1]!.movieId;
    expect((await click(bot, 'ana', 'movie-night', button(card, 'party_vote', 2))).reply?.status).toBe('party_voted');
    expect((await click(bot, 'ben', 'movie-night', button(card, 'party_vote', 2))).reply?.status).toBe('party_voted');
    expect((await click(bot, 'ben', 'movie-night', button(card, 'party_vote', 2))).reply?.status).toBe('party_vote_duplicate');
    // Cy votes for #3, then takes it back and votes for #1 instead.
    expect((await click(bot, 'cy', 'movie-night', button(card, 'party_vote', 3))).reply?.status).toBe('party_voted');
    const takeBack = await click(bot, 'cy', 'movie-night', button(card, 'party_unvote'));
    expect(takeBack.reply).toMatchObject({ status: 'party_unvoted', ephemeral: true });
    expect(partyCardOf(takeBack).party?.candidates?.[2]?.votes).toBe(0);
    expect((await click(bot, 'cy', 'movie-night', button(card, 'party_unvote'))).reply?.status).toBe('party_unvote_none');
    const cyVote = await click(bot, 'cy', 'movie-night', button(card, 'party_vote', 1));
    card = partyCardOf(cyVote);
    expect(card.party?.candidates?.find((c) => c.movieId === second)?.votes).toBe(2);

    // Only the host closes.
    expect((await click(bot, 'cy', 'movie-night', button(card, 'party_close'))).reply?.status).toBe('error:not_allowed');
    const closed = await click(bot, 'ana', 'movie-night', button(card, 'party_close'));
    expect(closed.reply?.status).toBe('party_closed');
    expect(partyCardOf(closed).party?.winner?.movieId).toBe(second);
    expect(partyCardOf(closed).party?.status).toBe('closed');
    // Members are asked to rate it: the winner's movie card with star buttons.
    const winnerCard = closed.reply?.cards?.find((c) => c.kind === 'movie');
    expect(winnerCard?.movie?.movieId).toBe(second);
    expect(winnerCard?.actions?.filter((a) => a.kind === 'rate').length).toBe(5);
    // It is the whole channel's card: the group's stars, never the host's own "for you".
    expect(winnerCard?.movie?.predicted).toBeUndefined();
    expect(winnerCard?.fields?.map((f) => f.label)).not.toContain('For you');
    expect(winnerCard?.body).toMatch(/^Tonight’s pick \(the group: about \d\.\d★ each\)/);
    // Kept in the history; clicking the old card says it is over.
    const history = await say(bot, 'ben', 'movie-night', 'watchparty history');
    expect(history.text).toContain(candidates[1]!.title);
    expect((await click(bot, 'ben', 'movie-night', button(card, 'party_vote', 1))).reply?.status).toBe('error:expired');
  });

  it('counts every one of many simultaneous votes once', async () => {
    const started = await say(bot, 'ana', 'busy', 'watchparty start');
    let card = partyCardOf(started);
    const people = ['ben', 'cy', 'dee', 'eve', 'fay'];
    await Promise.all(people.map((p) => click(bot, p, 'busy', button(card, 'party_join'))));
    card = partyCardOf(await click(bot, 'ana', 'busy', button(card, 'party_pick')));
    const voters = ['ana', ...people];
    // Everyone clicks #1 twice and #3 once, all at the same time.
    const clicks = voters.flatMap((p) => [1, 1, 3].map((rank) => click(bot, p, 'busy', button(card, 'party_vote', rank))));
    const outcomes = await Promise.all(clicks);
    expect(outcomes.filter((o) => o.reply?.status === 'party_voted')).toHaveLength(12);
    expect(outcomes.filter((o) => o.reply?.status === 'party_vote_duplicate')).toHaveLength(6);
    const status = partyCardOf(await say(bot, 'eve', 'busy', 'watchparty status'));
    expect(status.party?.candidates?.[0]?.votes).toBe(6);
    expect(status.party?.candidates?.[2]?.votes).toBe(6);
    // A tie on votes goes to the higher group score: #1.
    const closed = await say(bot, 'ana', 'busy', 'watchparty close');
    expect(closed.status).toBe('party_closed');
    expect(partyCardOf(closed).party?.winner?.movieId).toBe(card.party?.candidates?.[0]?.movieId);
  });

  it('withdraws the votes of a member who leaves mid-vote', async () => {
    let card = partyCardOf(await say(bot, 'ana', 'leavers', 'watchparty start'));
    for (const p of ['ben', 'cy']) await click(bot, p, 'leavers', button(card, 'party_join'));
    card = partyCardOf(await click(bot, 'ana', 'leavers', button(card, 'party_pick')));
    await click(bot, 'ben', 'leavers', button(card, 'party_vote', 4));
    await click(bot, 'cy', 'leavers', button(card, 'party_vote', 4));
    await click(bot, 'ana', 'leavers', button(card, 'party_vote', 5));
    const left = await click(bot, 'cy', 'leavers', button(card, 'party_leave'));
    expect(left.reply?.status).toBe('party_left');
    card = partyCardOf(left);
    expect(card.party?.members).toEqual(['ana', 'ben']);
    expect(card.party?.candidates?.[3]?.votes).toBe(1);
    // The host cannot walk out of their own party.
    expect((await click(bot, 'ana', 'leavers', button(card, 'party_leave'))).reply?.status).toBe('error:not_allowed');
    // Now #4 and #5 tie at one vote each: the higher group score (#4) wins.
    const closed = await say(bot, 'ana', 'leavers', 'watchparty close');
    expect(partyCardOf(closed).party?.winner?.movieId).toBe(card.party?.candidates?.[3]?.movieId);
  });

  it('expires a party nobody picked for, and the timer closes an unfinished vote on its tally', async () => {
    const card = partyCardOf(await say(bot, 'ana', 'sleepy', 'watchparty start tonight'));
    clock = new Date(clock.getTime() + 4 * 3_600_000); // past the default three hours
    const late = await click(bot, 'ben', 'sleepy', button(card, 'party_join'));
    expect(late.reply?.text).toContain('expired');
    expect(late.update?.party?.status).toBe('expired');
    // A new party may start in the channel.
    const next = partyCardOf(await say(bot, 'ben', 'sleepy', 'watchparty start'));
    expect(next.party?.status).toBe('open');

    await click(bot, 'ana', 'sleepy', button(next, 'party_join'));
    const voting = partyCardOf(await click(bot, 'ben', 'sleepy', button(next, 'party_pick')));
    await click(bot, 'ana', 'sleepy', button(voting, 'party_vote', 3));
    clock = new Date(clock.getTime() + 4 * 3_600_000);
    const announcements = (await closeDueParties(bot.services)).filter((a) => a.channelId === 'sleepy');
    expect(announcements).toHaveLength(1);
    expect(announcements[0]).toMatchObject({ platform: 'playground', channelId: 'sleepy' });
    expect(announcements[0]!.reply.cards?.[0]?.party?.winner?.movieId).toBe(voting.party?.candidates?.[2]?.movieId);
    const parties = new PartiesRepository(database.db);
    expect(await parties.current('playground', 'sleepy')).toBeUndefined();
    expect(await closeDueParties(bot.services)).toHaveLength(0);
  });

  it('answers typed subcommands and ranked voting in order of clicks', async () => {
    const started = await say(bot, 'ana', 'ranked-room', 'watchparty start ranked');
    expect(started.status).toBe('party_started');
    await say(bot, 'ben', 'ranked-room', 'watchparty join');
    const picked = await say(bot, 'ana', 'ranked-room', 'watchparty pick');
    expect(picked.status).toBe('party_picked');
    // Ben ranks #3 first, then #1; Ana ranks #1 first: Borda gives #1 5+4=9, #3 5.
    expect((await say(bot, 'ben', 'ranked-room', 'watchparty vote 3')).text).toContain('choice #1');
    expect((await say(bot, 'ben', 'ranked-room', 'watchparty vote 1')).text).toContain('choice #2');
    await say(bot, 'ana', 'ranked-room', 'watchparty vote 1');
    const closed = await say(bot, 'ana', 'ranked-room', 'watchparty close');
    expect(partyCardOf(closed).party?.winner?.movieId).toBe(partyCardOf(picked).party?.candidates?.[0]?.movieId);
    expect((await say(bot, 'ana', 'ranked-room', 'watchparty vote 1')).status).toBe('error:not_found');
  });

  it('understands a party asked for in plain words', async () => {
    const started = await say(bot, 'ana', 'plain-words', 'start a watch party for friday, something funny');
    expect(started.status).toBe('party_started');
    expect(partyCardOf(started).title).toMatch(/Friday: comedy/);
    expect((await say(bot, 'ben', 'plain-words', 'watchparty join')).status).toBe('party_joined');
    expect((await say(bot, 'ana', 'plain-words', 'watchparty close')).status).toBe('party_closed');
  });

  it('takes structured slash commands (Discord subcommands and options)', async () => {
    const as = (user: string, args: Record<string, string | number | undefined>, text = '') =>
      bot.onMessage({
        actor: { platform: 'discord', externalId: user, displayName: user },
        channelId: 'guild-room',
        text,
        command: { name: 'watchparty', args },
      });
    const started = await as('ana', { action: 'start', constraints: 'Friday: comedy' }, 'Friday: comedy');
    expect(started.status).toBe('party_started');
    expect(partyCardOf(started).title).toContain('Friday: comedy');
    expect((await as('ben', { action: 'join' })).status).toBe('party_joined');
    expect((await as('ana', { action: 'pick' })).status).toBe('party_picked');
    const voted = await as('ben', { action: 'vote', number: 2 }, '2');
    expect(voted.status).toBe('party_voted');
    expect(partyCardOf(voted).party?.candidates?.[1]?.votes).toBe(1);
    expect((await as('ana', { action: 'close' })).status).toBe('party_closed');
  });
  it('the host brings their group in at once: newcomers join once, unrated ones get the onboarding, others get a note', async () => {
    const invite = (user: string, invitees: string[], payload: string) =>
      bot.onAction({
        actor: { platform: 'playground', externalId: user, displayName: user },
        channelId: 'voice-room',
        payload,
        invitees: invitees.map((p) => ({ platform: 'playground' as const, externalId: p, displayName: p })),
      });
    const card = partyCardOf(await say(bot, 'ana', 'voice-room', 'watchparty start'));
    expect(card.party?.invite).toBeDefined();
    expect(card.party?.hostId).toBe('ana');
    const payload = card.party!.invite!;
    // Not the host: a private no, nobody added.
    const notHost = await invite('ben', ['cy'], payload);
    expect(notHost.reply).toMatchObject({ status: 'error:not_allowed', ephemeral: true });
    expect(notHost.update).toBeUndefined();
    await click(bot, 'ben', 'voice-room', button(card, 'party_join'));
    // Ben is already in, Cy and Vic are new; Vic is listed twice and the host lists herself.
    const brought = await invite('ana', ['ana', 'ben', 'cy', 'vic', 'vic'], payload);
    expect(brought.reply?.status).toBe('party_invited');
    expect(partyCardOf(brought).party?.members).toEqual(['ana', 'ben', 'cy', 'vic']);
    expect(partyCardOf(brought).footer).toBe('ana brought in cy and vic');
    // Cy and Vic never rated anything: the offer goes to the channel, with movie cards to rate.
    expect(brought.reply?.ephemeral).toBeFalsy();
    expect(brought.reply?.text).toMatch(/cy and vic: you have not rated anything yet/);
    expect(brought.reply?.cards?.filter((c) => c.kind === 'movie').length).toBeGreaterThan(0);
    // A second click adds nobody; an empty group is told so.
    expect((await invite('ana', ['ben', 'cy', 'vic'], payload)).reply).toMatchObject({ status: 'party_invite_none', ephemeral: true });
    expect((await invite('ana', [], payload)).reply?.status).toBe('party_invite_empty');
    // People who rated before only get a private note for the host.
    await repos.ratings.rate({
      userId: (await repos.users.ensure({ platform: 'playground', externalId: 'dee' })).id,
      movieId: 1,
      rating: 4,
      source: 'test',
    });
    const rated = await invite('ana', ['dee'], payload);
    expect(rated.reply).toMatchObject({ status: 'party_invited', ephemeral: true, text: 'Added dee.' });
    // Over: nobody joins a closed party.
    await say(bot, 'ana', 'voice-room', 'watchparty close');
    const late = await invite('ana', ['eve'], payload);
    expect(late.reply?.status).toBe('error:expired');
    expect(partyCardOf(late).party?.members).not.toContain('eve');
  });

  it('a join that races a close is refused and shows the card as it is now', async () => {
    const card = partyCardOf(await say(bot, 'ana', 'race-room', 'watchparty start'));
    const party = await new PartiesRepository(database.db).current('playground', 'race-room');
    // The close lands between the look-up and the join: the repository refuses the join.
    await say(bot, 'ana', 'race-room', 'watchparty close');
    const actor = { platform: 'playground' as const, externalId: 'ben', displayName: 'ben' };
    const user = await repos.users.ensure(actor);
    const conversation = new Conversation(
      bot.services.repos.conversations,
      { platform: 'playground', userKey: String(user.id), channelKey: 'race-room' },
      60_000,
      () => clock,
    );
    const outcome = await joinParty({ services: bot.services, actor, user, channelId: 'race-room', conversation }, party!);
    expect(outcome.reply?.status).toBe('error:expired');
    expect(outcome.update?.party?.status).toBe('closed');
    expect(outcome.update?.party?.members).toEqual(['ana']);
    expect(card.party?.status).toBe('open');
  });
});
