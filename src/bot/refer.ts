/**
 * Acting on a reference to the list shown ("why the second one?", "I've seen the first one,
 * 4 stars", "not that one"): the movies were resolved by the router against the conversation;
 * here each act runs the command it stands for, and "not that one" marks the film and shows the
 * rest of the list plus a replacement.
 */
import type { Movie } from '../db/repositories/movies.js';
import { isHalfStar } from '../db/repositories/ratings.js';
import type { Reference, Resolution } from '../nlp/references.js';
import type { Preferences } from '../nlp/types.js';
import type { RequestContext } from '../core/context.js';
import { focusOn, listCards, showList } from '../core/conversation.js';
import { listJoin, titleWithYear } from '../core/format.js';
import { moreCard } from '../features/more/card.js';
import { fail } from '../core/reply.js';
import { nextPage } from '../features/more/command.js';
import { rateMovie } from '../features/rate/command.js';
import { markSeen } from '../features/seen/command.js';
import { similarPage } from '../features/similar/command.js';
import { addTo, removeFrom } from '../features/watchlist/command.js';
import { explainMovie } from '../features/why/command.js';
import { choiceReply } from '../core/titles.js';
import type { CommandDefinition, CommandName } from '../features/index.js';
import type { Reply } from '../core/types.js';
import { cardsFor } from '../core/viewer.js';

const COMMAND_OF: Record<Reference['act'], CommandName> = {
  why: 'why',
  similar: 'similar',
  seen: 'seen',
  dismiss: 'seen',
  rate: 'rate',
  watchlist: 'watchlist',
  unwatchlist: 'watchlist',
  reject: 'recommend',
};
/** The intent a reference turn reports ("dismiss" has no command of its own). */
const INTENT_OF: Record<Reference['act'], string> = { ...COMMAND_OF, dismiss: 'dismiss' };

async function dismiss(ctx: RequestContext, movie: Movie): Promise<Reply> {
  const added = await ctx.services.feedback.mark(ctx.user.id, movie.id, 'not_interested');
  await ctx.conversation.update((s) => focusOn(s, movie.id));
  const title = titleWithYear(movie);
  return {
    text: added ? `Got it: I will not suggest ${title} again.` : `${title} is already off your list.`,
    ephemeral: true,
    status: 'dismissed',
  };
}

/** Several one-film replies as one message. */
function combine(replies: readonly Reply[]): Reply {
  if (replies.length === 1) return replies[0]!;
  return {
    text: replies
      .map((r) => r.text)
      .filter(Boolean)
      .join('\n'),
    cards: replies.flatMap((r) => r.cards ?? []),
    ephemeral: replies.every((r) => r.ephemeral),
    status: replies[replies.length - 1]?.status,
  };
}

/** "not the first one, seen it": mark, then the same list without it and a new pick in its place. */
async function reject(ctx: RequestContext, movies: readonly Movie[], reason: 'seen' | 'not_interested'): Promise<Reply> {
  const { repos, engine, feedback } = ctx.services;
  const rejected = movies.map((m) => m.id);
  await feedback.markAll(ctx.user.id, rejected, reason);
  const { last } = await ctx.conversation.load();
  const names = listJoin(movies.map(titleWithYear));
  const marked = reason === 'seen' ? `Marked ${names} as seen.` : `Got it, not ${names}.`;
  if (!last?.cards?.length)
    return {
      text: `${marked} I will not suggest ${movies.length > 1 ? 'them' : 'it'} again.`,
      status: 'dismissed',
      turn: { intent: 'dismiss' },
    };
  const kept = last.cards.map((c) => c.movieId).filter((id) => !rejected.includes(id));
  const exclude = new Set([...last.shown, ...rejected, ...kept]);
  let fresh: { movieId: number; reason?: string; predicted?: number }[] = [];
  if (last.request && last.command !== 'similar') {
    const result = await engine.recommend({ userId: ctx.user.id, limit: rejected.length, preferences: last.request, exclude });
    fresh = result.items;
    // a replacement that breaks the request (the engine relaxed it to find one) is no replacement,
    // unless the list on screen was relaxed already
    const request = last.request;
    const listRelaxed = last.cards.some((c) => kept.includes(c.movieId) && !withinBounds(request, c));
    if (result.relaxed.length > 0 && !listRelaxed) {
      const rows = await repos.movies.byIds(fresh.map((f) => f.movieId));
      fresh = fresh.filter((f) => {
        const m = rows.get(f.movieId);
        return m !== undefined && withinBounds(last.request!, m);
      });
    }
  } else if (last.command === 'similar' && last.movieId !== undefined) {
    const found = await engine.similar(last.movieId, ctx.services.pageSize + exclude.size, ctx.user.id);
    fresh = found.filter((r) => r.movieId !== last.movieId && !exclude.has(r.movieId)).slice(0, rejected.length);
  }
  const { cards, movies: shownMovies } = await cardsFor(ctx.services, ctx.user.id, [...kept.map((movieId) => ({ movieId })), ...fresh]);
  const ids = fresh.map((f) => f.movieId);
  await ctx.conversation.update((s) =>
    showList(s, { ...last, shown: [...last.shown, ...ids].slice(-1000), cards: listCards(shownMovies) }),
  );
  const fresh1 = ids.length === 1 ? 'a new pick' : 'new picks';
  const tail =
    kept.length === 0
      ? ids.length === 0
        ? 'Nothing else fits that request; try changing it ("any year is fine", "longer").'
        : `Here ${ids.length === 1 ? 'is' : 'are'} ${fresh1} instead:`
      : ids.length === 0
        ? 'Here are the others (nothing else fits that request):'
        : `Here are the others, and ${fresh1} in ${movies.length > 1 ? 'their' : 'its'} place:`;
  return {
    text: `${marked} ${tail}`,
    cards: cards.length > 0 ? [...cards, moreCard(ctx.services.codec)] : [],
    status: cards.length > 0 ? 'recommended' : 'recommend_empty',
    turn: { intent: 'recommend', request: last.request },
  };
}

/** Does a film keep the year and runtime bounds of a request? (Unknown facts do not.) */
function withinBounds(p: Preferences, m: { year: number | null; runtime: number | null }): boolean {
  const inside = (v: number | null, lo: number | null | undefined, hi: number | null | undefined) =>
    (lo == null && hi == null) || (v !== null && (lo == null || v >= lo) && (hi == null || v <= hi));
  return inside(m.year, p.years?.from, p.years?.to) && inside(m.runtime, p.runtime?.min, p.runtime?.max);
}

/** "why?" about a whole list: each card's reason in a line. */
async function explainList(ctx: RequestContext): Promise<Reply> {
  const { last } = await ctx.conversation.load();
  const cards = last?.cards ?? [];
  const lines = await Promise.all(
    cards.map(async (c, i) => {
      const why = (await ctx.services.engine.explain(ctx.user.id, c.movieId)).lines[0] ?? 'popular and well rated';
      return `${i + 1}. ${c.title}${c.year ? ` (${c.year})` : ''}: ${why}`;
    }),
  );
  return {
    text: ['Why these? Each one, in a line (ask "why the second one?" for more):', ...lines].join('\n'),
    ephemeral: true,
    status: 'why',
  };
}

async function act(ctx: RequestContext, ref: Reference, movies: readonly Movie[]): Promise<Reply> {
  const each = async (run: (m: Movie) => Promise<Reply>) => {
    const replies: Reply[] = [];
    for (const m of movies) replies.push(await run(m));
    return combine(replies);
  };
  switch (ref.act) {
    case 'why':
      return each((m) => explainMovie(ctx, m));
    case 'similar':
      return similarPage(ctx, movies[0]!, [], 0);
    case 'seen':
      return each((m) => markSeen(ctx, m));
    case 'dismiss':
      return each((m) => dismiss(ctx, m));
    case 'watchlist':
      return each((m) => addTo(ctx, m));
    case 'unwatchlist':
      return each((m) => removeFrom(ctx, m));
    case 'rate': {
      const stars = ref.stars ?? NaN;
      if (!isHalfStar(stars))
        return fail('bad_rating', `${ref.stars ?? '?'} is not a rating I can use: pick 0.5 to 5 in half stars (like 3.5).`);
      return each((m) => rateMovie(ctx, m, stars));
    }
    case 'reject':
      return reject(ctx, movies, ref.reason ?? 'not_interested');
  }
}

const NO_LIST =
  'I have not shown you a list here lately, so I do not know which one you mean. Ask me for some picks, or name the film (like `why Heat`).';

/** What a reference does once the router has resolved it against the conversation. */
async function runReference(ctx: RequestContext, ref: Reference, resolution: Resolution): Promise<Reply> {
  if (resolution.kind === 'missing') {
    if (resolution.why === 'out_of_range') {
      const { last } = await ctx.conversation.load();
      const n = last?.cards?.length ?? 0;
      return fail('bad_input', `There ${n === 1 ? 'was only one film' : `were only ${n} films`} on that list.`);
    }
    return fail('bad_input', NO_LIST);
  }
  if (resolution.kind === 'ambiguous') {
    // "more like that" with a list and nothing in focus: more of the same
    if (ref.act === 'similar' && ref.targets.every((t) => t.kind === 'pronoun')) return nextPage(ctx);
    const ids = resolution.choices.map((c) => c.movieId);
    const rows = await ctx.services.repos.movies.byIds(ids);
    const choices = ids.map((id) => rows.get(id)).filter((m): m is Movie => m !== undefined);
    const command =
      ref.act === 'unwatchlist' ? 'watchlist.remove' : ref.act === 'reject' || ref.act === 'dismiss' ? undefined : COMMAND_OF[ref.act];
    if (command === undefined || choices.length === 0)
      return fail('bad_input', 'Which one do you mean? Say "the first one", "the second one", ...');
    return choiceReply(ctx.services.codec, 'that one', command, choices, ref.act === 'rate' ? ref.stars : undefined);
  }
  if (resolution.movieIds.length === 0)
    return ref.act === 'why' ? explainList(ctx) : fail('bad_input', 'Which one do you mean? Say "the first one", "the second one", ...');
  const rows = await ctx.services.repos.movies.byIds(resolution.movieIds);
  const movies = resolution.movieIds.map((id) => rows.get(id)).filter((m): m is Movie => m !== undefined);
  if (movies.length === 0) return fail('bad_action', 'That movie is no longer in my catalogue.');
  return act(ctx, ref, movies);
}

/** The reference as a command the bot runs like any other. */
export function referenceCommand(ref: Reference, resolution: Resolution): CommandDefinition {
  const name = COMMAND_OF[ref.act];
  return {
    name,
    aliases: [],
    args: [],
    usage: name,
    summary: 'a reference to the list shown',
    async run(ctx) {
      const reply = await runReference(ctx, ref, resolution);
      return reply.turn ? reply : { ...reply, turn: { intent: INTENT_OF[ref.act] } };
    },
  };
}
