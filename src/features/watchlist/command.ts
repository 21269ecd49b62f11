import type { Movie } from '../../db/repositories/movies.js';
import type { RequestContext } from '../../core/context.js';
import { focusOn, listCards, showList } from '../../core/conversation.js';
import { titleWithYear } from '../../core/format.js';
import { fail } from '../../core/reply.js';
import { choiceReply, resolveTitle, unknownTitleReply } from '../../core/titles.js';
import type { Reply } from '../../core/types.js';
import { cardAudience, cardsFor } from '../../core/viewer.js';
import { argText, defineCommand, textArg } from '../types.js';

const ADD = new Set(['add', '+', 'save', 'put']);
const REMOVE = new Set(['remove', 'rm', 'delete', 'del', '-', 'drop']);
const LIST = new Set(['list', 'show', 'ls', '']);

/** Pure: "add heat" -> { op: 'add', title: 'heat' }; a bare title means add. */
export function parseWatchlistText(text: string, action?: string): { op: 'add' | 'remove' | 'list'; title: string } {
  const trimmed = text.trim();
  if (action !== undefined) {
    const a = action.toLowerCase();
    return { op: REMOVE.has(a) ? 'remove' : LIST.has(a) ? 'list' : 'add', title: trimmed };
  }
  const space = trimmed.indexOf(' ');
  const first = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const rest = space < 0 ? '' : trimmed.slice(space + 1).trim();
  if (LIST.has(first) && rest === '') return { op: 'list', title: '' };
  if (ADD.has(first)) return { op: 'add', title: rest };
  if (REMOVE.has(first)) return { op: 'remove', title: rest };
  return { op: 'add', title: trimmed };
}

export async function addTo(ctx: RequestContext, movie: Movie): Promise<Reply> {
  const added = await ctx.services.feedback.watchlistAdd(ctx.user.id, movie.id);
  await ctx.conversation.update((s) => focusOn(s, movie.id));
  const { cards } = await cardsFor(ctx.services, ctx.user.id, [{ movieId: movie.id }], cardAudience(ctx));
  return {
    text: added ? `Added ${titleWithYear(movie)} to your watchlist.` : `${titleWithYear(movie)} is already on your watchlist.`,
    cards,
    status: 'watchlist_added',
  };
}

export async function removeFrom(ctx: RequestContext, movie: Movie): Promise<Reply> {
  const removed = await ctx.services.feedback.watchlistRemove(ctx.user.id, movie.id);
  await ctx.conversation.update((s) => focusOn(s, movie.id));
  return {
    text: removed ? `Removed ${titleWithYear(movie)} from your watchlist.` : `${titleWithYear(movie)} was not on your watchlist.`,
    ephemeral: true,
    status: removed ? 'watchlist_removed' : 'watchlist_absent',
  };
}

export async function listWatchlist(ctx: RequestContext, page: number): Promise<Reply> {
  const all = await ctx.services.repos.watchlist.list(ctx.user.id);
  const size = ctx.services.pageSize;
  const slice = all.slice(page * size, (page + 1) * size);
  if (all.length === 0)
    return { text: 'Your watchlist is empty. Press 📌 on any card, or say `watchlist add <title>`.', status: 'watchlist' };
  if (slice.length === 0) return { text: 'That is the whole watchlist.', status: 'list_end' };
  const { cards, movies } = await cardsFor(
    ctx.services,
    ctx.user.id,
    slice.map((w) => ({ movieId: w.movieId })),
    cardAudience(ctx),
  );
  await ctx.conversation.update((s) => showList(s, { command: 'watchlist', text: '', shown: [], page, cards: listCards(movies) }));
  const more = all.length > (page + 1) * size ? ' Say `more` for the rest.' : '';
  return { text: `Your watchlist (${all.length}):${more}`, cards, status: 'watchlist' };
}

export const watchlist = defineCommand({
  name: 'watchlist',
  aliases: ['wl', 'watch-list'],
  slackWords: ['watchlist'],
  usage: 'watchlist [add|remove <title>]',
  summary: 'your watchlist: list it, add or remove a movie',
  args: { action: textArg, op: textArg, title: textArg },
  asSentence: (title, args) =>
    String(args.action ?? args.op ?? 'add') === 'remove' ? `remove ${title} from my watchlist` : `add ${title} to my watchlist`,
  slash: {
    description: 'Show your watchlist, or add / remove a movie',
    options: [
      {
        kind: 'choice',
        name: 'action',
        description: 'What to do (default: show it)',
        required: false,
        choices: [
          { name: 'show', value: 'list' },
          { name: 'add', value: 'add' },
          { name: 'remove', value: 'remove' },
        ],
      },
      { kind: 'title', name: 'title', description: 'The movie to add or remove', required: false },
    ],
    personal: true,
  },
  async run(ctx, args) {
    // `action` (slash commands) or `op` (intent detection): add | remove | list.
    const named = args.action ?? args.op;
    const action = named === undefined || String(named).trim() === '' ? undefined : String(named);
    const { op, title } = parseWatchlistText(action === undefined ? argText(args, 'title') : String(args.title ?? '').trim(), action);
    if (op === 'list') return listWatchlist(ctx, 0);
    if (title === '') return fail('bad_input', `Which movie? Try \`watchlist ${op} Heat\`.`);
    const found = await resolveTitle(ctx.services, title);
    if (found.kind === 'none') return unknownTitleReply(title);
    if (found.kind === 'ambiguous')
      return choiceReply(ctx.services.codec, title, op === 'add' ? 'watchlist' : 'watchlist.remove', found.choices);
    return op === 'add' ? addTo(ctx, found.movie) : removeFrom(ctx, found.movie);
  },
  onChoice(ctx, movie, { variant }) {
    return variant === 'remove' ? removeFrom(ctx, movie) : addTo(ctx, movie);
  },
});
