/** The star buttons of a movie card, and taking a rating back (Discord: a removed star reaction). */
import { movieIdArg, starsArg } from '../../core/actions.js';
import { actorName } from '../../core/context.js';
import { stars, titleWithYear } from '../../core/format.js';
import { clickedCard, withNote } from '../../core/viewer.js';
import { defineButton } from '../types.js';
import { applyRating } from './command.js';

export const RATING_STEPS = [1, 2, 3, 4, 5] as const;

export const rateButton = defineButton({
  kind: 'rate',
  code: 'r',
  args: { movieId: movieIdArg, stars: starsArg },
  requires: 'movie',
  engagement: 'rate',
  movieCard: {
    slot: 10,
    actions: (movieId, state, codec) =>
      RATING_STEPS.map((n) => ({
        id: codec.encode({ kind: 'rate', movieId, stars: n }),
        kind: 'rate',
        label: stars(n),
        value: n,
        group: 'rating',
        // The star the viewer gave (rounded down for half stars) is highlighted.
        style: state.userRating !== undefined && Math.floor(state.userRating) === n ? 'primary' : 'secondary',
      })),
  },
  async handle(ctx, a, movie) {
    const text = await applyRating(ctx, movie, a.stars, 'card');
    const { card: update, note } = await clickedCard(ctx, a.movieId, `${actorName(ctx)} rated it ${stars(a.stars)}`);
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'rated' } };
  },
});

/** A removed reaction on Discord: retract the rating (only if it still is `stars`, when given). */
export const unrateButton = defineButton({
  kind: 'unrate',
  code: 'u',
  args: { movieId: movieIdArg, stars: starsArg.optional() },
  requires: 'movie',
  variantOf: 'rate',
  async handle(ctx, a, movie) {
    const title = titleWithYear(movie);
    const outcome = await ctx.services.feedback.unrate({
      userId: ctx.user.id,
      movieId: a.movieId,
      source: `${ctx.actor.platform}:card`,
      requestId: ctx.requestId,
      onlyIf: a.stars,
    });
    const { card: update, note } = await clickedCard(
      ctx,
      a.movieId,
      outcome.kind === 'remove' ? `${actorName(ctx)} removed their rating` : `${actorName(ctx)} kept their rating`,
    );
    const current = outcome.kind === 'remove' ? undefined : await ctx.services.repos.ratings.get(ctx.user.id, a.movieId);
    const text =
      outcome.kind === 'remove'
        ? `Removed your rating of ${title}.`
        : current !== undefined
          ? `Kept your rating of ${title} (${stars(current)}): it changed since.`
          : `You had not rated ${title}.`;
    return {
      update,
      reply: { text: withNote(text, note), ephemeral: true, status: outcome.kind === 'remove' ? 'unrated' : 'unrated_absent' },
    };
  },
});
