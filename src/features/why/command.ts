import type { Movie } from '../../db/repositories/movies.js';
import type { RequestContext } from '../../core/context.js';
import { focusOn } from '../../core/conversation.js';
import { predictedStars, titleWithYear } from '../../core/format.js';
import { fail } from '../../core/reply.js';
import { choiceReply, knownChoice, resolveTitle, unknownTitleReply } from '../../core/titles.js';
import type { Reply } from '../../core/types.js';
import { argText, defineCommand, textArg } from '../types.js';

export async function explainMovie(ctx: RequestContext, movie: Movie): Promise<Reply> {
  const explanation = await ctx.services.engine.explain(ctx.user.id, movie.id);
  // "add it to my watchlist" next means this film
  await ctx.conversation.update((s) => focusOn(s, movie.id));
  const head = Number.isFinite(explanation.predicted)
    ? `Why ${titleWithYear(movie)}? I think you would give it about ${predictedStars(explanation.predicted)}.`
    : `Why ${titleWithYear(movie)}? I cannot predict your rating for it yet.`;
  const lines = explanation.lines.length > 0 ? explanation.lines : ['It is popular and well rated with people in general.'];
  return { text: [head, ...lines.map((l) => `• ${l}`)].join('\n'), ephemeral: true, status: 'why' };
}

export const why = defineCommand({
  name: 'why',
  aliases: ['explain'],
  slackWords: ['why'],
  usage: 'why <title>',
  summary: 'why I would (or would not) pick a movie for you',
  args: { title: textArg },
  opensSentences: true,
  asSentence: (title) => `why ${title}`,
  slash: {
    description: 'Why Reelmate recommends (or predicts) a movie for you',
    options: [{ kind: 'title', name: 'title', description: 'The movie' }],
    personal: true,
  },
  async run(ctx, args) {
    const phrase = argText(args, 'title');
    if (phrase === '') return fail('bad_input', 'Why what? Try `why Heat`.');
    const found = await resolveTitle(ctx.services, phrase);
    if (found.kind === 'none') return unknownTitleReply(phrase);
    if (found.kind === 'ambiguous') {
      // "why titanic" after rating the 1997 one means that one: no need to ask.
      const known = await knownChoice(ctx, found.choices);
      return known ? explainMovie(ctx, known) : choiceReply(ctx.services.codec, phrase, 'why', found.choices);
    }
    return explainMovie(ctx, found.movie);
  },
  onChoice: explainMovie,
});
