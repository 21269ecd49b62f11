/**
 * One of several ambiguous titles ("Which Heat did you mean?", src/core/titles.ts builds the
 * card): the command that asked continues with the film chosen (stars for rate, a variant such
 * as "watchlist.remove"). The bot finds that command (`requires: 'choice'`).
 */
import { movieIdArg, starsArg, tokenArg } from '../../core/actions.js';
import { defineButton } from '../types.js';

export const chooseButton = defineButton({
  kind: 'choose',
  code: 'c',
  args: { command: tokenArg, movieId: movieIdArg, stars: starsArg.optional() },
  requires: 'choice',
  async handle(ctx, a, { movie, onChoice }) {
    const [, variant] = a.command.split('.', 2);
    return { reply: await onChoice(ctx, movie, { stars: a.stars, variant }) };
  },
});
