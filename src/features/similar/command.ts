import type { Movie } from '../../db/repositories/movies.js';
import type { RequestContext } from '../../core/context.js';
import { listCards, showList } from '../../core/conversation.js';
import { emptyPreferences } from '../../nlp/types.js';
import { titleWithYear } from '../../core/format.js';
import { moreCard } from '../more/card.js';
import { fail } from '../../core/reply.js';
import { choiceReply, resolveTitle, unknownTitleReply } from '../../core/titles.js';
import type { Reply } from '../../core/types.js';
import { cardAudience, cardsFor } from '../../core/viewer.js';
import { argText, defineCommand, textArg } from '../types.js';

/** Movies like `movie`, skipping the ones this conversation already showed. */
export async function similarPage(
  ctx: RequestContext,
  movie: Pick<Movie, 'id' | 'title' | 'displayTitle' | 'year'>,
  shown: readonly number[],
  page: number,
): Promise<Reply> {
  const { engine, pageSize } = ctx.services;
  const skip = new Set(shown);
  const found = await engine.similar(movie.id, pageSize + shown.length, ctx.user.id);
  const items = found.filter((r) => r.movieId !== movie.id && !skip.has(r.movieId)).slice(0, pageSize);
  if (items.length === 0) {
    return { text: page === 0 ? `I know nothing quite like ${titleWithYear(movie)} yet.` : 'That is all I have.', status: 'list_end' };
  }
  const { cards, movies } = await cardsFor(
    ctx.services,
    ctx.user.id,
    items.map((r) => ({ movieId: r.movieId, reason: r.reason, predicted: r.predicted })),
    cardAudience(ctx),
  );
  // the list's request is "like this film", which a follow-up ("shorter", "from the 90s") can refine
  const request = { ...emptyPreferences(), similarTo: [{ movieId: movie.id, title: movie.title }] };
  await ctx.conversation.update((s) =>
    showList(s, {
      command: 'similar',
      text: '',
      movieId: movie.id,
      shown: [...shown, ...items.map((r) => r.movieId)].slice(-1000),
      page,
      request,
      cards: listCards(movies),
    }),
  );
  return {
    text: `${page === 0 ? 'More like' : 'Still more like'} ${titleWithYear(movie)}:`,
    cards: [...cards, moreCard(ctx.services.codec)],
    status: 'similar',
    turn: { intent: 'similar', request },
  };
}

export const similar = defineCommand({
  name: 'similar',
  aliases: ['similar-to', 'alike'],
  slackWords: ['similar'],
  usage: 'similar <title>',
  summary: 'movies like one you name',
  args: { title: textArg },
  asSentence: (title) => `more like ${title}`,
  slash: { description: 'Movies like one you name', options: [{ kind: 'title', name: 'title', description: 'The movie' }] },
  async run(ctx, args) {
    const phrase = argText(args, 'title');
    if (phrase === '') return fail('bad_input', 'Similar to what? Try `similar Alien`.');
    const found = await resolveTitle(ctx.services, phrase);
    if (found.kind === 'none') return unknownTitleReply(phrase);
    if (found.kind === 'ambiguous') return choiceReply(ctx.services.codec, phrase, 'similar', found.choices);
    return similarPage(ctx, found.movie, [], 0);
  },
  onChoice(ctx, movie) {
    return similarPage(ctx, movie, [], 0);
  },
});
