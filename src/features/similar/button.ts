/** "More like this" on a movie card. */
import { movieIdArg } from '../../core/actions.js';
import { defineButton } from '../types.js';
import { similarPage } from './command.js';

export const moreLikeButton = defineButton({
  kind: 'more_like',
  code: 'm',
  args: { movieId: movieIdArg },
  requires: 'movie',
  engagement: 'more_like',
  overflow: true,
  movieCard: {
    slot: 30,
    actions: (movieId, _state, codec) => [
      {
        id: codec.encode({ kind: 'more_like', movieId }),
        kind: 'more_like',
        label: 'More like this',
        emoji: '🔁',
        group: 'main',
        style: 'secondary',
      },
    ],
  },
  async handle(ctx, _a, movie) {
    return { reply: await similarPage(ctx, movie, [], 0) };
  },
});
