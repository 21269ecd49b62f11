/** The watchlist toggle of a movie card: one button, two faces (add / remove). */
import { movieIdArg } from '../../core/actions.js';
import { actorName } from '../../core/context.js';
import { titleWithYear } from '../../core/format.js';
import { clickedCard, withNote } from '../../core/viewer.js';
import { defineButton } from '../types.js';

export const watchlistButton = defineButton({
  kind: 'watchlist',
  code: 'w',
  args: { movieId: movieIdArg },
  requires: 'movie',
  engagement: 'watchlist',
  overflow: true,
  movieCard: {
    slot: 20,
    actions: (movieId, state, codec) => [
      state.onWatchlist
        ? {
            id: codec.encode({ kind: 'unwatchlist', movieId }),
            kind: 'watchlist',
            label: 'On watchlist',
            emoji: '✅',
            group: 'main',
            style: 'success',
          }
        : {
            id: codec.encode({ kind: 'watchlist', movieId }),
            kind: 'watchlist',
            label: 'Watchlist',
            emoji: '📌',
            group: 'main',
            style: 'secondary',
          },
    ],
  },
  async handle(ctx, a, movie) {
    const title = titleWithYear(movie);
    const added = await ctx.services.feedback.watchlistAdd(ctx.user.id, a.movieId);
    const { card: update, note } = await clickedCard(ctx, a.movieId, `On ${actorName(ctx)}'s watchlist`);
    const text = added ? `Added ${title} to your watchlist.` : `${title} is already on your watchlist.`;
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'watchlist_added' } };
  },
});

export const unwatchlistButton = defineButton({
  kind: 'unwatchlist',
  code: 'W',
  args: { movieId: movieIdArg },
  requires: 'movie',
  variantOf: 'watchlist',
  overflow: true,
  async handle(ctx, a, movie) {
    const title = titleWithYear(movie);
    const removed = await ctx.services.feedback.watchlistRemove(ctx.user.id, a.movieId);
    const { card: update, note } = await clickedCard(ctx, a.movieId, `Off ${actorName(ctx)}'s watchlist`);
    const text = removed ? `Removed ${title} from your watchlist.` : `${title} was not on your watchlist.`;
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'watchlist_removed' } };
  },
});
