import { echoOf, recommendList, recommendPage } from '../recommend/command.js';
import { searchPage } from '../search/command.js';
import { similarPage } from '../similar/command.js';
import { listWatchlist } from '../watchlist/command.js';
import { onboardPage } from '../onboard/command.js';
import type { RequestContext } from '../../core/context.js';
import type { Reply } from '../../core/types.js';
import { defineCommand } from '../types.js';

/** The next page of whatever list this user last saw in this channel (a turn taken as "more", with the list's request). */
export async function nextPage(ctx: RequestContext): Promise<Reply> {
  const reply = await pageAfter(ctx);
  return { ...reply, turn: { ...reply.turn, intent: 'more' } };
}

async function pageAfter(ctx: RequestContext): Promise<Reply> {
  const { last } = await ctx.conversation.load();
  if (!last) {
    return {
      text: 'More of what? Ask for `recommend` or `search` first (lists are forgotten after a while).',
      ephemeral: true,
      status: 'error:expired',
    };
  }
  const page = last.page + 1;
  switch (last.command) {
    case 'recommend':
      return last.request
        ? recommendList(ctx, last.request, {
            shown: last.shown,
            page,
            echo: echoOf((p) => ctx.services.language.describePreferences(p), last.request),
          })
        : recommendPage(ctx, last.text, last.shown, page);
    case 'search':
      return searchPage(ctx, last.text, page);
    case 'watchlist':
      return listWatchlist(ctx, page);
    case 'onboard':
      return onboardPage(ctx, last.shown, page);
    case 'similar': {
      const movie = last.movieId === undefined ? undefined : await ctx.services.repos.movies.byId(last.movieId);
      if (!movie) return { text: 'That list is gone; ask again.', ephemeral: true, status: 'error:expired' };
      return similarPage(ctx, movie, last.shown, page);
    }
  }
}

export const more = defineCommand({
  name: 'more',
  takesArgs: false,
  aliases: ['next', 'again'],
  slackWords: ['more'],
  usage: 'more',
  summary: 'the next page of the last list',
  aboutCards: false,
  run: (ctx) => nextPage(ctx),
});
