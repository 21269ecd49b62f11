/** "Why?" on a movie card. */
import { movieIdArg } from '../../core/actions.js';
import { defineButton } from '../types.js';
import { explainMovie } from './command.js';

export const whyButton = defineButton({
  kind: 'why',
  code: 'y',
  args: { movieId: movieIdArg },
  requires: 'movie',
  engagement: 'why',
  overflow: true,
  movieCard: {
    slot: 40,
    actions: (movieId, _state, codec) => [
      { id: codec.encode({ kind: 'why', movieId }), kind: 'why', label: 'Why?', emoji: '💡', group: 'main', style: 'secondary' },
    ],
  },
  async handle(ctx, _a, movie) {
    return { reply: await explainMovie(ctx, movie) };
  },
});
