/**
 * Preferences as a zod schema, for requests that come back from storage (the conversation
 * state keeps the effective request between messages): a row written by an older version or
 * edited by hand is checked before anything trusts it. Bounds are generous but finite.
 */
import { z } from 'zod';
import type { Preferences } from './types.js';

const name = z.string().min(1).max(200);
const list = <T extends z.ZodType>(item: T, max = 50) => z.array(item).max(max);
const bound = z.number().int().min(0).max(100_000).nullable();

export const preferencesSchema = z.object({
  genres: z.object({ include: list(name), exclude: list(name) }),
  years: z.object({ from: bound, to: bound }).nullable(),
  people: list(z.object({ name, role: z.enum(['actor', 'director']).nullable(), exclude: z.boolean() })),
  runtime: z.object({ min: bound, max: bound }).nullable(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .nullable(),
  foreign: z.boolean().optional(),
  similarTo: list(z.object({ movieId: z.number().int().positive(), title: z.string().max(300) }), 10),
  moods: list(name),
  keywords: list(name, 200).optional(),
  quality: z.enum(['highly_rated', 'hidden_gem', 'popular']).nullable().optional(),
  limit: z.number().int().min(1).max(100).nullable(),
  boostGenres: list(name).optional(),
  excludeMoods: list(name).optional(),
  excludeKeywords: list(name, 200).optional(),
});

/** The schema's output is a Preferences (checked here, at compile time). */
export function asPreferences(p: z.output<typeof preferencesSchema>): Preferences {
  return p;
}
