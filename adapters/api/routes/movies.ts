import { requireReach } from '../ownership.js';
import { noteShown } from '../../../src/insights/scope.js';
import { route } from '../route.js';
import { movieDetail, requireMovie, summaries } from '../present.js';
import { IdParams, Movie, ProblemSchema, Recommendation, SearchQuery, SearchResults, SimilarQuery } from '../schemas.js';
import { z } from 'zod';

const notFound = { 404: { description: 'No such movie', schema: ProblemSchema } };

export const movieRoutes = [
  route({
    method: 'get',
    path: '/v1/movies',
    operationId: 'searchMovies',
    summary: 'Search movies by title, forgivingly (case, punctuation, articles, years, small typos)',
    tags: ['movies'],
    scope: 'read',
    query: SearchQuery,
    responses: { 200: { description: 'Matches, best first', schema: SearchResults } },
    handler: async ({ query, deps }) => {
      const hits = deps.catalog.search(query.q, query.limit);
      const rows = await summaries(deps, hits);
      return { status: 200, body: { items: rows.map(({ item, movie }) => ({ movie, score: item.score })) } };
    },
  }),
  route({
    method: 'get',
    path: '/v1/movies/{id}',
    operationId: 'getMovie',
    summary: 'One movie with its metadata and links',
    tags: ['movies'],
    scope: 'read',
    params: IdParams,
    responses: { 200: { description: 'The movie', schema: Movie }, ...notFound },
    handler: async ({ params, deps }) => ({ status: 200, body: movieDetail(await requireMovie(deps, params.id)) }),
  }),
  route({
    method: 'get',
    path: '/v1/movies/{id}/similar',
    operationId: 'similarMovies',
    summary: 'Movies similar to this one (optionally personalised for a user)',
    tags: ['movies'],
    scope: 'read',
    params: IdParams,
    query: SimilarQuery,
    responses: { 200: { description: 'Similar movies', schema: z.object({ items: z.array(Recommendation) }) }, ...notFound },
    handler: async ({ params, query, deps, key }) => {
      await requireMovie(deps, params.id);
      if (query.userId !== undefined) await requireReach(deps, key, query.userId);
      const recs = await deps.engine.similar(params.id, query.limit, query.userId);
      const rows = await summaries(deps, recs);
      if (query.userId !== undefined)
        noteShown(
          query.userId,
          rows.map(({ item }) => item.movieId),
        ); // insights
      return {
        status: 200,
        body: {
          items: rows.map(({ item, movie }) => ({
            movie,
            predicted: item.predicted,
            score: item.score,
            reason: item.reason,
            source: item.source,
          })),
        },
      };
    },
  }),
];
