/**
 * Cards for one viewer: the same movie shows that viewer's prediction, rating, watchlist
 * and marks. Loads everything a page of cards needs in a handful of queries.
 */
import type { ChannelKey } from '../db/repositories/channel-people.js';
import type { Movie } from '../db/repositories/movies.js';
import { movieCard, personalNote, type CardViewerState, type GroupFacts } from './card.js';
import { actorName, type CoreServices, type RequestContext } from './context.js';
import type { Card } from './types.js';
import { noteShown } from '../insights/scope.js';

/**
 * Who reads a card in a channel: everyone there. `forWhom` names whose prediction and rating
 * it shows (the person who asked), or null for nobody's (a card rebuilt after a click).
 */
export interface CardAudience {
  forWhom: string | null;
  channel: ChannelKey;
}

/** The channel's audience for a reply to `ctx`, or undefined in a DM (a card for the asker alone). */
export function cardAudience(
  ctx: Pick<RequestContext, 'actor' | 'user' | 'channelId' | 'direct'>,
  forWhom: string | null = actorName(ctx),
): CardAudience | undefined {
  if (ctx.direct || ctx.channelId === '' || ctx.actor.platform === 'api') return undefined;
  return { forWhom, channel: { platform: ctx.actor.platform, channelKey: ctx.channelId } };
}

export interface CardRequest {
  movieId: number;
  reason?: string | undefined;
  predicted?: number | undefined;
  footer?: string | undefined;
}

export async function viewerStates(
  services: CoreServices,
  userId: number,
  movieIds: readonly number[],
): Promise<Map<number, CardViewerState>> {
  const wanted = new Set(movieIds);
  const [ratings, watch, marks] = await Promise.all([
    services.repos.ratings.forUser(userId),
    services.repos.watchlist.list(userId),
    services.repos.marks.forUser(userId),
  ]);
  const states = new Map<number, CardViewerState>();
  const state = (id: number): CardViewerState => {
    let s = states.get(id);
    if (!s) states.set(id, (s = {}));
    return s;
  };
  for (const id of wanted) state(id);
  for (const r of ratings) if (wanted.has(r.movieId)) state(r.movieId).userRating = r.rating;
  for (const w of watch) if (wanted.has(w.movieId)) state(w.movieId).onWatchlist = true;
  for (const m of marks) {
    if (!wanted.has(m.movieId)) continue;
    if (m.kind === 'seen') state(m.movieId).seen = true;
    else state(m.movieId).dismissed = true;
  }
  return states;
}

/**
 * Movie cards in request order; unknown movie ids are skipped. Predictions are filled in when
 * missing. With an audience (a channel), the cards name whose stars they show and carry what
 * the people of the channel did with each film; for nobody (null) they show only that.
 */
export async function cardsFor(
  services: CoreServices,
  userId: number,
  requests: readonly CardRequest[],
  audience?: CardAudience | undefined,
): Promise<{ cards: Card[]; movies: Movie[] }> {
  const ids = requests.map((r) => r.movieId);
  const personal = audience?.forWhom !== null;
  const missing = personal ? requests.filter((r) => r.predicted === undefined).map((r) => r.movieId) : [];
  const [rows, states, predictions, group] = await Promise.all([
    services.repos.movies.byIds(ids),
    personal ? viewerStates(services, userId, ids) : Promise.resolve(new Map<number, CardViewerState>()),
    missing.length > 0 ? services.engine.predict(userId, missing) : Promise.resolve(new Map<number, number>()),
    audience ? services.repos.channelPeople.movieFacts(audience.channel, ids) : Promise.resolve(new Map<number, GroupFacts>()),
  ]);
  const cards: Card[] = [];
  const movies: Movie[] = [];
  for (const r of requests) {
    const movie = rows.get(r.movieId);
    if (!movie) continue;
    movies.push(movie);
    const predicted = r.predicted ?? predictions.get(r.movieId);
    cards.push(
      movieCard(
        {
          movie,
          ...states.get(r.movieId),
          predicted,
          reason: r.reason,
          footer: r.footer,
          forWhom: audience?.forWhom,
          here: group.get(r.movieId),
        },
        services.movieActions,
      ),
    );
  }
  noteShown(
    userId,
    movies.map((m) => m.id),
  ); // insights: impressions of the recommended films shown
  return { cards, movies };
}

/**
 * A clicked movie card rebuilt. In a channel: the shared card (group facts, nobody's stars)
 * and the clicker's own rating, prediction and reason as a private note. In a DM or an
 * ephemeral message: the card for the clicker, with no note needed.
 */
export async function clickedCard(
  ctx: RequestContext,
  movieId: number,
  footer: string,
): Promise<{ card?: Card | undefined; note?: string | undefined }> {
  const { services } = ctx;
  let reason: string | undefined;
  let predicted: number | undefined;
  try {
    const explanation = await services.engine.explain(ctx.user.id, movieId);
    reason = explanation.lines[0];
    predicted = Number.isFinite(explanation.predicted) ? explanation.predicted : undefined;
  } catch (e) {
    // The reason line is a nicety; the card without it is still right.
    services.logger.debug({ err: e, movieId }, 'explain failed while refreshing a card');
  }
  const audience = cardAudience(ctx, null);
  if (!audience) {
    const { cards } = await cardsFor(services, ctx.user.id, [{ movieId, footer, reason, predicted }]);
    return { card: cards[0] };
  }
  const [{ cards }, states] = await Promise.all([
    cardsFor(services, ctx.user.id, [{ movieId, footer }], audience),
    viewerStates(services, ctx.user.id, [movieId]),
  ]);
  return { card: cards[0], note: personalNote({ ...states.get(movieId), predicted }, reason) };
}

/** A confirmation with the clicker's private note under it. */
export function withNote(text: string, note: string | undefined): string {
  return note ? `${text}\n${note}` : text;
}
