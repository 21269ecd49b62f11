/**
 * The API's shapes. Request schemas are strict (unknown fields are rejected); response
 * schemas document what we send and are used to generate the OpenAPI document.
 */
import { z } from 'zod';
import { preferencesSchema } from '../../src/nlp/preferences-schema.js';

const MAX_ID = 2_147_483_647;

/**
 * A number in a path or query string: plain decimal digits only. Number() would also take
 * "0x10", "1e1" or " 16", so one resource would answer to many spellings.
 */
const decimal = () =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,9})$/, 'plain decimal digits')
    .transform(Number);

export const Id = decimal().pipe(z.number().int().min(1).max(MAX_ID));
/** An id inside a JSON body, where it is a JSON number. */
export const BodyId = z.number().int().min(1).max(MAX_ID);

export const IdParams = z.object({ id: Id }).strict();
export const UserMovieParams = z.object({ id: Id, movieId: Id }).strict();

/** Half stars from 0.5 to 5, as everywhere in Reelmate. */
export const Stars = z
  .number()
  .min(0.5)
  .max(5)
  .refine((v) => Number.isInteger(v * 2), 'ratings go in half stars: 0.5, 1, 1.5 ... 5')
  .describe('0.5 to 5 in half stars');

export const Limit = (max: number, dflt: number) => decimal().pipe(z.number().int().min(1).max(max)).default(dflt);

export const MovieSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  year: z.number().int().nullable(),
  genres: z.array(z.string()),
});

export const Movie = MovieSummary.extend({
  runtime: z.number().int().nullable(),
  directors: z.array(z.string()),
  cast: z.array(z.string()),
  keywords: z.array(z.string()),
  overview: z.string().nullable(),
  language: z.string().nullable(),
  links: z.object({ imdb: z.string().nullable(), tmdb: z.string().nullable() }),
});

export const SearchQuery = z.object({ q: z.string().trim().min(1).max(200), limit: Limit(50, 10) }).strict();
export const SearchResults = z.object({ items: z.array(z.object({ movie: MovieSummary, score: z.number() })) });

export const SimilarQuery = z.object({ limit: Limit(50, 10), userId: Id.optional() }).strict();

/** A chat platform ("discord") or an API key's own namespace ("api:my-site"). */
export const Platform = z
  .string()
  .trim()
  .regex(/^(api:)?[a-z][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, - or _ (optionally after "api:")');
export const ExternalId = z.string().trim().min(1).max(128);

export const UserCreate = z
  .object({ platform: Platform, externalId: ExternalId, displayName: z.string().trim().min(1).max(100).optional() })
  .strict();
export const UserLookupQuery = z.object({ platform: Platform, externalId: ExternalId }).strict();
export const User = z.object({
  id: z.number().int(),
  platform: z.string(),
  externalId: z.string(),
  displayName: z.string().nullable(),
  createdAt: z.string().describe('ISO 8601 date-time'),
});

export const RatingPut = z.object({ rating: Stars }).strict();
export const Rating = z.object({
  movieId: z.number().int(),
  rating: z.number(),
  source: z.string(),
  updatedAt: z.string().describe('ISO 8601 date-time'),
});
export const RatingList = z.object({ items: z.array(Rating) });
export const RatingResult = z.object({
  movieId: z.number().int(),
  rating: z.number(),
  previous: z.number().nullable(),
  outcome: z.enum(['rate', 'change', 'unchanged']),
});

const csv = (max: number) =>
  z
    .string()
    .max(max)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );

export const RecommendQuery = z
  .object({
    q: z.string().max(500).optional().describe('what the bot understands in chat: "funny 90s, under 2 hours, no horror"'),
    limit: Limit(50, 10),
    cursor: z.string().max(200).optional(),
    genres: csv(300).optional().describe('comma-separated MovieLens genres to include'),
    excludeGenres: csv(300).optional(),
    yearFrom: decimal().pipe(z.number().int().min(1870).max(2100)).optional(),
    yearTo: decimal().pipe(z.number().int().min(1870).max(2100)).optional(),
    maxRuntime: decimal().pipe(z.number().int().min(1).max(1000)).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}$/)
      .optional()
      .describe('ISO 639-1'),
    conversation: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits, _ . : - (up to 64)')
      .optional()
      .describe(
        'a conversation id the client picks: `q` then refines the last request of this conversation ("shorter", "no horror", "any year is fine"), ' +
          'measured against the films it returned; without `q` (or with `cursor`) the stored request is reused. Kept two hours after the last call.',
      ),
  })
  .strict();

export const Recommendation = z.object({
  movie: MovieSummary,
  predicted: z.number().describe('predicted stars for this user'),
  score: z.number(),
  reason: z.string(),
  source: z.string(),
});
export const RecommendationPage = z.object({
  items: z.array(Recommendation),
  nextCursor: z.string().nullable(),
  understood: z
    .string()
    .nullable()
    .describe('what the request was understood as ("Looking for: ..."), or what a follow-up changed ("Now: ...")'),
  relaxed: z.array(z.string()),
  request: preferencesSchema.describe(
    'the effective request (the `reelmate parse --json` shape), after `q`, the conversation and the filters',
  ),
  conversation: z.string().nullable().describe('the conversation id this page belongs to, if any'),
});

export const GroupRequest = z
  .object({
    userIds: z.array(BodyId).min(1).max(20),
    strategy: z.string().max(40).optional(),
    limit: z.number().int().min(1).max(20).default(5),
    q: z.string().max(500).optional(),
  })
  .strict();
export const GroupResponse = z.object({
  strategy: z.string(),
  items: z.array(
    z.object({
      movie: MovieSummary,
      groupScore: z.number(),
      memberPredictions: z.record(z.string(), z.number()),
      reason: z.string(),
    }),
  ),
});

export const ListItem = z.object({ movie: MovieSummary, addedAt: z.string() });
export const MovieList = z.object({ items: z.array(ListItem) });
export const Changed = z.object({ changed: z.boolean() });

export const ModelInfo = z.object({
  version: z.number().int().nullable(),
  algorithm: z.string(),
  trainedAt: z.string().nullable(),
  metrics: z.record(z.string(), z.number()),
});

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const Empty = z.object({}).strict();
