import type { z } from 'zod';
import { route } from '../route.js';
import { requireMovie, requireUser } from '../present.js';
import { ProblemError } from '../problems.js';
import { Changed, IdParams, ProblemSchema, RatingList, RatingPut, RatingResult, UserMovieParams } from '../schemas.js';

const missing = { 404: { description: 'Unknown user or movie', schema: ProblemSchema } };

export const ratingRoutes = [
  route({
    method: 'get',
    path: '/v1/users/{id}/ratings',
    operationId: 'listRatings',
    summary: "The user's current ratings, newest first",
    tags: ['ratings'],
    scope: 'read',
    params: IdParams,
    responses: { 200: { description: 'Ratings', schema: RatingList }, ...missing },
    handler: async ({ params, deps }) => {
      await requireUser(deps, params.id);
      const rows = await deps.repos.ratings.forUser(params.id);
      return {
        status: 200,
        body: {
          items: rows.map((r) => ({ movieId: r.movieId, rating: r.rating, source: r.source, updatedAt: r.updatedAt.toISOString() })),
        },
      };
    },
  }),
  route({
    method: 'put',
    path: '/v1/users/{id}/ratings/{movieId}',
    operationId: 'putRating',
    summary: 'Rate a movie (0.5-5 in half stars); logged like a rating in chat. Send Idempotency-Key to make retries safe.',
    tags: ['ratings'],
    scope: 'write',
    params: UserMovieParams,
    body: RatingPut,
    responses: {
      200: { description: 'Stored', schema: RatingResult },
      400: { description: 'Invalid rating', schema: ProblemSchema },
      409: { description: 'The Idempotency-Key belongs to a rating removed since', schema: ProblemSchema },
      ...missing,
    },
    handler: async ({ params, body, deps, idempotencyKey }) => {
      await requireUser(deps, params.id);
      await requireMovie(deps, params.movieId);
      const out = await deps.feedback.rate({
        userId: params.id,
        movieId: params.movieId,
        rating: body.rating,
        source: 'api',
        requestId: idempotencyKey ? `api:put:${params.id}:${params.movieId}:${idempotencyKey}` : undefined,
      });
      if (out.kind !== 'replay') {
        return {
          status: 200,
          body: { movieId: params.movieId, rating: out.rating, previous: out.previous, outcome: out.kind } satisfies z.output<
            typeof RatingResult
          >,
        };
      }
      // A retried request: answer with what is stored now (it may have been removed since).
      const current = await deps.repos.ratings.get(params.id, params.movieId);
      if (current === undefined)
        throw new ProblemError('conflict', 'This Idempotency-Key was used for a rating that has since been removed.');
      return {
        status: 200,
        body: { movieId: params.movieId, rating: current, previous: current, outcome: 'unchanged' } satisfies z.output<typeof RatingResult>,
      };
    },
  }),
  route({
    method: 'delete',
    path: '/v1/users/{id}/ratings/{movieId}',
    operationId: 'deleteRating',
    summary: 'Retract a rating (the removal is logged; nothing is lost)',
    tags: ['ratings'],
    scope: 'write',
    params: UserMovieParams,
    responses: { 200: { description: 'Whether a rating was removed', schema: Changed }, ...missing },
    handler: async ({ params, deps, idempotencyKey }) => {
      await requireUser(deps, params.id);
      const out = await deps.feedback.unrate({
        userId: params.id,
        movieId: params.movieId,
        source: 'api',
        requestId: idempotencyKey ? `api:delete:${params.id}:${params.movieId}:${idempotencyKey}` : undefined,
      });
      return { status: 200, body: { changed: out.kind === 'remove' } };
    },
  }),
];
