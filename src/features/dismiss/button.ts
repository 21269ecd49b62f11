/**
 * "Not interested" on a movie card: the film is never suggested to the clicker again. Like
 * "Seen it" it only adds a mark (a shared card shows nobody's marks).
 */
import { movieIdArg } from '../../core/actions.js';
import { actorName } from '../../core/context.js';
import { titleWithYear } from '../../core/format.js';
import { clickedCard, withNote } from '../../core/viewer.js';
import { defineButton } from '../types.js';

export const dismissButton = defineButton({
  kind: 'dismiss',
  code: 'd',
  args: { movieId: movieIdArg },
  requires: 'movie',
  engagement: 'dismiss',
  overflow: true,
  movieCard: {
    slot: 60,
    actions: (movieId, state, codec) => [
      {
        id: codec.encode({ kind: 'dismiss', movieId }),
        kind: 'dismiss',
        label: state.dismissed ? 'Not for me ✓' : 'Not interested',
        emoji: '🚫',
        group: 'menu',
        style: state.dismissed ? 'danger' : 'secondary',
      },
    ],
  },
  async handle(ctx, a, movie) {
    const title = titleWithYear(movie);
    const added = await ctx.services.feedback.mark(ctx.user.id, a.movieId, 'not_interested');
    const { card: update, note } = await clickedCard(ctx, a.movieId, `Not for ${actorName(ctx)}`);
    const text = added ? `Got it: I will not suggest ${title} again.` : `${title} is already off your list.`;
    return { update, reply: { text: withNote(text, note), ephemeral: true, status: 'dismissed' } };
  },
});
