import { route, type RouteDef } from '../route.js';
import { requireMovie, requireUser, summaries } from '../present.js';
import { Changed, IdParams, MovieList, ProblemSchema, UserMovieParams } from '../schemas.js';
import type { ApiDeps, RouteDeps } from '../deps.js';

const missing = { 404: { description: 'Unknown user or movie', schema: ProblemSchema } };

type ListName = 'watchlist' | 'seen' | 'not-interested';

async function listItems(deps: ApiDeps, list: ListName, userId: number): Promise<{ movieId: number; addedAt: Date }[]> {
  if (list === 'watchlist') return deps.repos.watchlist.list(userId);
  const kind = list === 'seen' ? 'seen' : 'not_interested';
  return (await deps.repos.marks.forUser(userId)).filter((m) => m.kind === kind).map((m) => ({ movieId: m.movieId, addedAt: m.createdAt }));
}

async function setMember(deps: RouteDeps, list: ListName, userId: number, movieId: number, on: boolean): Promise<boolean> {
  const { feedback } = deps;
  if (list === 'watchlist') return on ? feedback.watchlistAdd(userId, movieId) : feedback.watchlistRemove(userId, movieId);
  const kind = list === 'seen' ? 'seen' : 'not_interested';
  return on ? feedback.mark(userId, movieId, kind) : feedback.unmark(userId, movieId, kind);
}

/** GET, PUT and DELETE for one per-user movie list. */
function listRoutes(list: ListName, what: string): RouteDef[] {
  const tag = 'lists';
  const op = list.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
  const cap = op[0]!.toUpperCase() + op.slice(1);
  return [
    route({
      method: 'get',
      path: `/v1/users/{id}/${list}`,
      operationId: `list${cap}`,
      summary: `Movies the user ${what}`,
      tags: [tag],
      scope: 'read',
      params: IdParams,
      responses: { 200: { description: 'The list, oldest first', schema: MovieList }, ...missing },
      handler: async ({ params, deps }) => {
        await requireUser(deps, params.id);
        const rows = await summaries(deps, await listItems(deps, list, params.id));
        return { status: 200, body: { items: rows.map(({ item, movie }) => ({ movie, addedAt: item.addedAt.toISOString() })) } };
      },
    }),
    route({
      method: 'put',
      path: `/v1/users/{id}/${list}/{movieId}`,
      operationId: `add${cap}`,
      summary: `Mark that the user ${what} this movie (idempotent)`,
      tags: [tag],
      scope: 'write',
      params: UserMovieParams,
      responses: { 200: { description: 'changed=false when it was already there', schema: Changed }, ...missing },
      handler: async ({ params, deps }) => {
        await requireUser(deps, params.id);
        await requireMovie(deps, params.movieId);
        return { status: 200, body: { changed: await setMember(deps, list, params.id, params.movieId, true) } };
      },
    }),
    route({
      method: 'delete',
      path: `/v1/users/{id}/${list}/{movieId}`,
      operationId: `remove${cap}`,
      summary: `Undo: the user no longer ${what} this movie`,
      tags: [tag],
      scope: 'write',
      params: UserMovieParams,
      responses: { 200: { description: 'changed=false when it was not there', schema: Changed }, ...missing },
      handler: async ({ params, deps }) => {
        await requireUser(deps, params.id);
        return { status: 200, body: { changed: await setMember(deps, list, params.id, params.movieId, false) } };
      },
    }),
  ];
}

export const listRoutesAll: RouteDef[] = [
  ...listRoutes('watchlist', 'wants to watch'),
  ...listRoutes('seen', 'has seen'),
  ...listRoutes('not-interested', 'is not interested in'),
];
