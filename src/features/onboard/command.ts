import type { RequestContext } from '../../core/context.js';
import { listCards, showList } from '../../core/conversation.js';
import { moreCard } from '../more/card.js';
import type { Reply } from '../../core/types.js';
import { cardAudience, cardsFor } from '../../core/viewer.js';
import { defineCommand } from '../types.js';

/**
 * Well-known movies across genres and decades, by MovieLens id (stable across releases),
 * ordered so every page of ten mixes genres: most people have seen several of each page.
 */
export const ONBOARDING_MOVIES: readonly number[] = [
  2571,
  1,
  318,
  1721,
  1258,
  69122,
  260,
  4973,
  58559,
  5618, // Matrix, Toy Story, Shawshank, Titanic, Shining, Hangover, Star Wars, Amelie, Dark Knight, Spirited Away
  296,
  356,
  593,
  79132,
  1214,
  7451,
  1197,
  912,
  8961,
  2762, // Pulp Fiction, Forrest Gump, Silence of the Lambs, Inception, Alien, Mean Girls, Princess Bride, Casablanca, Incredibles, Sixth Sense
  480,
  4306,
  7153,
  1704,
  109487,
  1270,
  1265,
  99114,
  68954,
  2959, // Jurassic Park, Shrek, LOTR III, Good Will Hunting, Interstellar, Back to the Future, Groundhog Day, Django, Up, Fight Club
  122904,
  56367,
  1136,
  500,
  2324,
  4886,
  110,
  89745,
  134853,
  7361, // Deadpool, Juno, Holy Grail, Mrs. Doubtfire, Life Is Beautiful, Monsters Inc, Braveheart, Avengers, Inside Out, Eternal Sunshine
];

export const ONBOARD_PAGE = 10;

/** Ten movies the user has not rated or marked yet, skipping those already shown. */
export async function onboardPage(ctx: RequestContext, shown: readonly number[], page: number): Promise<Reply> {
  const { repos, engine } = ctx.services;
  const [ratings, marks] = await Promise.all([repos.ratings.forUser(ctx.user.id), repos.marks.forUser(ctx.user.id)]);
  const skip = new Set<number>([...shown, ...ratings.map((r) => r.movieId), ...marks.map((m) => m.movieId)]);
  const known = await repos.movies.byIds(ONBOARDING_MOVIES);
  let ids = ONBOARDING_MOVIES.filter((id) => known.has(id) && !skip.has(id)).slice(0, ONBOARD_PAGE);
  if (ids.length < ONBOARD_PAGE) {
    // Another catalogue, or the list is used up: fill with the most popular picks.
    const extra = await engine.recommend({
      userId: ctx.user.id,
      limit: ONBOARD_PAGE - ids.length,
      exclude: new Set([...skip, ...ids]),
      preferences: undefined,
    });
    ids = [...ids, ...extra.items.map((r) => r.movieId)];
  }
  if (ids.length === 0) return { text: 'You have rated everything I would ask about. Try `recommend`!', status: 'list_end' };
  const { cards, movies } = await cardsFor(
    ctx.services,
    ctx.user.id,
    ids.map((movieId) => ({ movieId })),
    cardAudience(ctx),
  );
  await ctx.conversation.update((s) =>
    showList(s, { command: 'onboard', text: '', shown: [...shown, ...ids].slice(-1000), page, cards: listCards(movies) }),
  );
  const intro =
    page === 0
      ? `Welcome${ctx.actor.displayName ? `, ${ctx.actor.displayName}` : ''}! Rate the ones you have seen (tap the stars) and skip the rest. ` +
        'After five or so ratings, `recommend` picks for you.'
      : 'A few more to rate:';
  return { text: intro, cards: [...cards, moreCard(ctx.services.codec)], status: 'onboard' };
}

export const onboard = defineCommand({
  name: 'onboard',
  takesArgs: false,
  aliases: ['start', 'begin', 'welcome', 'setup'],
  slackWords: ['onboard', 'start'],
  usage: 'onboard',
  summary: 'a quick start: rate ten well-known movies and get personal picks',
  aboutCards: false,
  slash: { description: 'Rate a few well-known movies so recommendations fit you', personal: true },
  run(ctx) {
    return onboardPage(ctx, [], 0);
  },
});
