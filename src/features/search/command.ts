import type { RequestContext } from '../../core/context.js';
import { listCards, showList } from '../../core/conversation.js';
import { MIN_TITLE_SCORE } from '../../core/titles.js';
import type { Reply } from '../../core/types.js';
import { cardAudience, cardsFor } from '../../core/viewer.js';
import { argText, defineCommand, textArg } from '../types.js';

const MAX_RESULTS = 5;

export async function searchPage(ctx: RequestContext, phrase: string, page: number): Promise<Reply> {
  if (phrase === '') return { text: 'Search for what? Try `search matrix`.', ephemeral: true, status: 'error:bad_input' };
  const hits = ctx.services.catalog
    .findTitles(phrase, MAX_RESULTS * (page + 1))
    .filter((h) => h.score >= MIN_TITLE_SCORE)
    .slice(page * MAX_RESULTS);
  if (hits.length === 0) {
    return page === 0
      ? { text: `No movie title matches "${phrase}".`, ephemeral: true, status: 'error:unknown_title' }
      : { text: 'No more matches.', status: 'list_end' };
  }
  const { cards, movies } = await cardsFor(
    ctx.services,
    ctx.user.id,
    hits.map((h) => ({ movieId: h.movieId })),
    cardAudience(ctx),
  );
  await ctx.conversation.update((s) => showList(s, { command: 'search', text: phrase, shown: [], page, cards: listCards(movies) }));
  return { text: `${page === 0 ? 'Matches' : 'More matches'} for "${phrase}":`, cards, status: 'search' };
}

export const search = defineCommand({
  name: 'search',
  aliases: ['lookup', 'title'],
  slackWords: ['search'],
  usage: 'search <title>',
  summary: 'find a movie by title (typos and years are fine)',
  args: { title: textArg, query: textArg },
  aboutCards: false,
  slash: {
    description: 'Find a movie by title',
    options: [{ kind: 'text', name: 'title', description: 'Title or part of it', required: true }],
  },
  run(ctx, args) {
    return searchPage(ctx, argText(args, 'title', 'query'), 0);
  },
});
