import type { z } from 'zod';
import { noteShown } from '../../../src/insights/scope.js';
import { emptyPreferences, type Preferences } from '../../../src/nlp/types.js';
import type { RequestPlan } from '../../../src/features/recommend/command.js';
import type { Conversation } from '../../../src/core/conversation.js';
import { apiConversation, keepInsisted, planInConversation, remember } from '../conversation.js';
import type { ApiDeps } from '../deps.js';
import { route } from '../route.js';
import { requireUserId, summaries } from '../present.js';
import { requireReach } from '../ownership.js';
import { ProblemError } from '../problems.js';
import { GroupRequest, GroupResponse, IdParams, ModelInfo, ProblemSchema, RecommendQuery, RecommendationPage } from '../schemas.js';

const MAX_OFFSET = 500;

/** Opaque cursor: the offset of the next page. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^o:(\d{1,4})$/.exec(text);
  // Nobody pages past a few hundred picks; a forged huge offset would only cost us work.
  if (!m || Number(m[1]) > MAX_OFFSET)
    throw new ProblemError('validation', 'The cursor is not one this API handed out.', {
      errors: [{ path: 'cursor', message: 'invalid cursor' }],
    });
  return Number(m[1]);
}

/** Free text first, then explicit filters on top (explicit wins). */
export function buildPreferences(
  deps: ApiDeps,
  q: z.output<typeof RecommendQuery>,
): { preferences: Preferences; understood: string | null } {
  let preferences = emptyPreferences();
  let understood: string | null = null;
  if (q.q && deps.understand) {
    const parsed = deps.understand(q.q);
    preferences = parsed.preferences;
    understood = parsed.description;
  }
  return { preferences: withFilters(preferences, q), understood };
}

/** The explicit filters of the query on top of a request (explicit wins). */
export function withFilters(preferences: Preferences, q: z.output<typeof RecommendQuery>): Preferences {
  if (q.genres?.length) preferences.genres.include = [...new Set([...preferences.genres.include, ...q.genres])];
  if (q.excludeGenres?.length) preferences.genres.exclude = [...new Set([...preferences.genres.exclude, ...q.excludeGenres])];
  if (q.yearFrom !== undefined || q.yearTo !== undefined) {
    preferences.years = { from: q.yearFrom ?? preferences.years?.from ?? null, to: q.yearTo ?? preferences.years?.to ?? null };
  }
  if (q.maxRuntime !== undefined) preferences.runtime = { min: preferences.runtime?.min ?? null, max: q.maxRuntime };
  if (q.language) preferences.language = q.language;
  return preferences;
}

export const recommendationRoutes = [
  route({
    method: 'get',
    path: '/v1/users/{id}/recommendations',
    operationId: 'recommendForUser',
    summary: 'Personal recommendations with predicted stars and reasons; rated, seen and dismissed movies never appear',
    tags: ['recommendations'],
    scope: 'read',
    params: IdParams,
    query: RecommendQuery,
    responses: {
      200: { description: 'A page of recommendations', schema: RecommendationPage },
      400: { description: 'Invalid query', schema: ProblemSchema },
      404: { description: 'Unknown user', schema: ProblemSchema },
    },
    handler: async ({ params, query, deps }) => {
      await requireUserId(deps, params.id);
      const offset = decodeCursor(query.cursor);
      const run = async (conversation?: Conversation) => {
        let preferences: Preferences;
        let understood: string | null;
        let plan: RequestPlan | undefined;
        if (conversation) {
          plan = planInConversation(deps, (await conversation.load()).last, query.q, offset > 0);
          preferences = withFilters(plan.request, query);
          understood = plan.echo.join('\n') || null;
        } else ({ preferences, understood } = buildPreferences(deps, query));
        const exclude = plan?.exclude ?? [];
        const stop = deps.metrics.recommendationLatency.startTimer({ kind: 'user' });
        // one extra item tells us whether another page exists
        const result = await deps.engine.recommend({
          userId: params.id,
          limit: query.limit + 1,
          offset,
          preferences,
          ...(exclude.length ? { exclude: new Set(exclude) } : {}),
        });
        stop();
        const page = plan
          ? await keepInsisted(deps, plan, result.items.slice(0, query.limit), result.relaxed)
          : result.items.slice(0, query.limit);
        if (conversation && offset === 0)
          await remember(
            deps,
            conversation,
            preferences,
            page.map((i) => i.movieId),
            exclude,
          );
        const rows = await summaries(deps, page);
        noteShown(
          params.id,
          rows.map(({ item }) => item.movieId),
          offset,
        ); // insights: impressions of what is answered
        return {
          status: 200 as const,
          body: {
            items: rows.map(({ item, movie }) => ({
              movie,
              predicted: item.predicted,
              score: item.score,
              reason: item.reason,
              source: item.source,
            })),
            nextCursor: result.items.length > query.limit && offset + query.limit <= MAX_OFFSET ? encodeCursor(offset + query.limit) : null,
            understood,
            relaxed: result.relaxed,
            request: preferences,
            conversation: query.conversation ?? null,
          },
        };
      };
      if (!query.conversation) return run();
      // one call at a time per conversation, as in the chat: two quick follow-ups must not both refine the same request
      const conversation = apiConversation(deps, params.id, query.conversation);
      return conversation.exclusive(() => run(conversation));
    },
  }),
  route({
    method: 'post',
    path: '/v1/groups/recommendations',
    operationId: 'recommendForGroup',
    summary: 'Fair picks for a group of users (watch-party strategies)',
    tags: ['recommendations'],
    scope: 'read',
    body: GroupRequest,
    responses: {
      200: { description: 'Group picks with every member’s predicted stars', schema: GroupResponse },
      400: { description: 'Invalid body or unknown strategy', schema: ProblemSchema },
      404: { description: 'Unknown user', schema: ProblemSchema },
      503: { description: 'Group recommendations are not available', schema: ProblemSchema },
    },
    handler: async ({ body, deps, key }) => {
      if (!deps.groups) throw new ProblemError('unavailable', 'Group recommendations are not enabled on this server.');
      const strategy = body.strategy ?? deps.groups.strategies[0]!;
      if (!deps.groups.strategies.includes(strategy)) {
        throw new ProblemError('validation', `Unknown strategy "${strategy}". Known: ${deps.groups.strategies.join(', ')}.`, {
          errors: [{ path: 'strategy', message: 'unknown strategy' }],
        });
      }
      const userIds = [...new Set(body.userIds)];
      for (const id of userIds) {
        await requireUserId(deps, id);
        await requireReach(deps, key, id);
      }
      const preferences = body.q && deps.understand ? deps.understand(body.q).preferences : undefined;
      const stop = deps.metrics.recommendationLatency.startTimer({ kind: 'group' });
      const picks = await deps.groups.recommend({ userIds, strategy, limit: body.limit, ...(preferences ? { preferences } : {}) });
      stop();
      const rows = await summaries(deps, picks);
      return {
        status: 200,
        body: {
          strategy,
          items: rows.map(({ item, movie }) => ({
            movie,
            groupScore: item.groupScore,
            memberPredictions: item.memberPredictions,
            reason: item.reason,
          })),
        },
      };
    },
  }),
  route({
    method: 'get',
    path: '/v1/model',
    operationId: 'modelInfo',
    summary: 'The recommendation model in use: version, when it was trained, its metrics',
    tags: ['model'],
    scope: 'read',
    responses: { 200: { description: 'Model info', schema: ModelInfo } },
    handler: async ({ deps }) => {
      const info = deps.engine.modelInfo();
      return {
        status: 200,
        body: { version: info.version, algorithm: info.algorithm, trainedAt: info.trainedAt?.toISOString() ?? null, metrics: info.metrics },
      };
    },
  }),
];
