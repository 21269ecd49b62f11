/**
 * "Seen it" on a movie card. It only ever adds a mark: a shared card shows nobody's marks, so a
 * toggle would let a second click quietly undo someone's.
 */
import { movieIdArg } from '../../core/actions.js';
import { actorName } from '../../core/context.js';
import { titleWithYear } from '../../core/format.js';
import { clickedCard, withNote } from '../../core/viewer.js';
import { defineButton } from '../types.js';

export const seenButton = defineButton({
  kind: 'seen',
  code: 's',
  args: { movieId: movieIdArg },
  requires: 'movie',
  engagement: 'seen',
  overflow: true,
  movieCard: {
    slot: 50,
    actions: (movieId, state, codec) => [
      {
        id: codec.encode({ kind: 'seen', movieId }),
        kind: 'seen',
        label: state.seen ? 'Seen ✓' : 'Seen it',
        emoji: '👁',
        group: 'menu',
        style: state.seen ? 'success' : 'secondary',
      },
    ],
  },
  async handle(ctx, a, movie) {
    const title = titleWithYear(movie);
    const added = await ctx.services.feedback.mark(ctx.user.id, a.movieId, 'seen');
    const { card: update, note } = await clickedCard(ctx, a.movieId, `${actorName(ctx)} has seen it`);
    const text = added ? `Marked ${title} as seen; rate it to sharpen your picks.` : `${title} is already marked as seen.`;
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'seen' } };
  },
});
