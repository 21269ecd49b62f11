import { route } from '../route.js';
import { requireUser, userView } from '../present.js';
import { IdParams, ProblemSchema, User, UserCreate, UserLookupQuery } from '../schemas.js';
import { forbidPlatform, mayUsePlatform, requireReach } from '../ownership.js';
import { ProblemError } from '../problems.js';

export const userRoutes = [
  route({
    method: 'post',
    path: '/v1/users',
    operationId: 'createUser',
    summary: 'Create a user, or return the existing one, by (platform, externalId)',
    tags: ['users'],
    scope: 'write',
    body: UserCreate,
    responses: {
      200: { description: 'The user already existed', schema: User },
      201: { description: 'Created', schema: User },
      400: { description: 'Invalid body', schema: ProblemSchema },
      403: { description: 'The platform is not the key’s own (creating users of another platform needs admin)', schema: ProblemSchema },
    },
    handler: async ({ body, deps, key }) => {
      if (key && !mayUsePlatform(key, body.platform)) throw forbidPlatform(key, body.platform);
      const existed = await deps.repos.users.find(body);
      const user = await deps.repos.users.ensure(body);
      return { status: existed ? 200 : 201, body: userView(user) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/users',
    operationId: 'lookupUser',
    summary: 'Look a user up by platform and external id',
    tags: ['users'],
    scope: 'read',
    query: UserLookupQuery,
    responses: { 200: { description: 'The user', schema: User }, 404: { description: 'Unknown user', schema: ProblemSchema } },
    handler: async ({ query, deps, key }) => {
      const user = await deps.repos.users.find(query);
      if (!user) throw new ProblemError('not_found', `No ${query.platform} user "${query.externalId}".`);
      await requireReach(deps, key, user.id);
      return { status: 200, body: userView(user) };
    },
  }),
  route({
    method: 'get',
    path: '/v1/users/{id}',
    operationId: 'getUser',
    summary: 'One user',
    tags: ['users'],
    scope: 'read',
    params: IdParams,
    responses: { 200: { description: 'The user', schema: User }, 404: { description: 'Unknown user', schema: ProblemSchema } },
    handler: async ({ params, deps }) => ({ status: 200, body: userView(await requireUser(deps, params.id)) }),
  }),
];
