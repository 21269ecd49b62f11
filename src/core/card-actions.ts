/**
 * What each card button does. Every handler acts for the clicker (never for whoever the card
 * was made for), and returns the clicked card rebuilt for the clicker plus, usually, a short
 * ephemeral note. To add a kind (watch parties), add its handler to `actionHandlers`.
 */
import type { ActionHandler, ActionHandlers } from './action-handler.js';
import type { ActionPayload } from './actions.js';
import { commandByName } from './commands/index.js';
import { applyRating } from './commands/rate.js';
import { explainMovie } from './commands/why.js';
import { cancelForget, confirmForget } from './commands/forget-me.js';
import { nextPage } from './commands/more.js';
import { similarPage } from './commands/similar.js';
import { partyActionHandlers } from './commands/watchparty.js';
import { actorName, type RequestContext } from './context.js';
import { stars, titleWithYear } from './format.js';
import { fail } from './reply.js';
import type { ActionOutcome } from './types.js';
import { clickedCard, withNote } from './viewer.js';
import { recordCardAction } from '../insights/engagement.js';

export type { ActionHandler, ActionHandlers };

async function movieTitle(ctx: RequestContext, movieId: number): Promise<string | undefined> {
  const movie = await ctx.services.repos.movies.byId(movieId);
  return movie ? titleWithYear(movie) : undefined;
}

const unknownMovie: ActionOutcome = { reply: fail('bad_action', 'That movie is no longer in my catalogue.') };

export const actionHandlers: ActionHandlers = {
  async rate(ctx, a) {
    const movie = await ctx.services.repos.movies.byId(a.movieId);
    if (!movie) return unknownMovie;
    const text = await applyRating(ctx, movie, a.stars, 'card');
    const { card: update, note } = await clickedCard(ctx, a.movieId, `${actorName(ctx)} rated it ${stars(a.stars)}`);
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'rated' } };
  },

  async unrate(ctx, a) {
    const title = await movieTitle(ctx, a.movieId);
    if (!title) return unknownMovie;
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

  // Seen and Not interested only ever add a mark: a shared card shows nobody's marks, so a
  // toggle would let a second click quietly undo someone's dismissal.
  async seen(ctx, a) {
    const title = await movieTitle(ctx, a.movieId);
    if (!title) return unknownMovie;
    const added = await ctx.services.feedback.mark(ctx.user.id, a.movieId, 'seen');
    const { card: update, note } = await clickedCard(ctx, a.movieId, `${actorName(ctx)} has seen it`);
    const text = added ? `Marked ${title} as seen; rate it to sharpen your picks.` : `${title} is already marked as seen.`;
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'seen' } };
  },

  async dismiss(ctx, a) {
    const title = await movieTitle(ctx, a.movieId);
    if (!title) return unknownMovie;
    const added = await ctx.services.feedback.mark(ctx.user.id, a.movieId, 'not_interested');
    const { card: update, note } = await clickedCard(ctx, a.movieId, `Not for ${actorName(ctx)}`);
    const text = added ? `Got it: I will not suggest ${title} again.` : `${title} is already off your list.`;
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'dismissed' } };
  },

  async watchlist(ctx, a) {
    const title = await movieTitle(ctx, a.movieId);
    if (!title) return unknownMovie;
    const added = await ctx.services.feedback.watchlistAdd(ctx.user.id, a.movieId);
    const { card: update, note } = await clickedCard(ctx, a.movieId, `On ${actorName(ctx)}'s watchlist`);
    const text = added ? `Added ${title} to your watchlist.` : `${title} is already on your watchlist.`;
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'watchlist_added' } };
  },

  async unwatchlist(ctx, a) {
    const title = await movieTitle(ctx, a.movieId);
    if (!title) return unknownMovie;
    const removed = await ctx.services.feedback.watchlistRemove(ctx.user.id, a.movieId);
    const { card: update, note } = await clickedCard(ctx, a.movieId, `Off ${actorName(ctx)}'s watchlist`);
    const text = removed ? `Removed ${title} from your watchlist.` : `${title} was not on your watchlist.`;
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'watchlist_removed' } };
  },

  async more_like(ctx, a) {
    const movie = await ctx.services.repos.movies.byId(a.movieId);
    if (!movie) return unknownMovie;
    return { reply: await similarPage(ctx, movie, [], 0) };
  },

  async why(ctx, a) {
    const movie = await ctx.services.repos.movies.byId(a.movieId);
    if (!movie) return unknownMovie;
    return { reply: await explainMovie(ctx, movie) };
  },

  async next_page(ctx) {
    return { reply: await nextPage(ctx) };
  },

  async choose(ctx, a) {
    const [name, variant] = a.command.split('.', 2);
    const command = name === undefined ? undefined : commandByName(name);
    if (!command?.onChoice) return { reply: fail('bad_action', 'That choice is not valid any more.') };
    const movie = await ctx.services.repos.movies.byId(a.movieId);
    if (!movie) return unknownMovie;
    return { reply: await command.onChoice(ctx, movie, { stars: a.stars, variant }) };
  },

  async confirm(ctx, a) {
    if (a.op !== 'forget') return { reply: fail('bad_action', 'Nothing to confirm.') };
    return { reply: await confirmForget(ctx) };
  },

  async cancel(ctx, a) {
    if (a.op !== 'forget') return { reply: fail('bad_action', 'Nothing to cancel.') };
    return { reply: await cancelForget(ctx) };
  },

  ...partyActionHandlers,
};

/** Dispatch one decoded action; kinds without a handler (yet) get a friendly no. */
export function handleAction(ctx: RequestContext, action: ActionPayload): Promise<ActionOutcome> {
  const handler = actionHandlers[action.kind] as ActionHandler | undefined;
  if (!handler) return Promise.resolve({ reply: fail('bad_action', 'That button does nothing here yet.') });
  return handler(ctx, action).then((outcome) => {
    recordCardAction(ctx, action, outcome); // insights: the action, linked to the impression it came from
    return outcome;
  });
}
