/**
 * The dialogue corpus (tests/fixtures/conversation/dialogues.jsonl) is data for a conversation
 * harness; its format is defined in tests/fixtures/conversation/README.md. This test only keeps
 * the file honest: every line parses against that format (strictly, so a misspelt check is an
 * error, not a check that silently never runs), ids are unique, references to "the previous list"
 * never appear in a first turn, and every movie and person named exists in the shared data sets
 * (skipped when they are absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CommandName } from '../../../src/features/index.js';
import { GENRES } from '../../../src/nlp/lexicon.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const corpusFile = path.join(root, 'tests/fixtures/conversation/dialogues.jsonl');
const movielensDir = process.env.MOVIELENS_DIR ?? path.join(root, '../shared/datasets/ml-latest-small');
const enrichFile = process.env.REELMATE_ENRICH_FILE ?? path.join(root, '../shared/datasets/tmdb-enrichment/movies_enriched.jsonl');
const haveData = existsSync(path.join(movielensDir, 'movies.csv')) && existsSync(enrichFile);

const INTENTS = [
  'recommend',
  'rate',
  'search',
  'similar',
  'watchlist',
  'seen',
  'profile',
  'why',
  'onboard',
  'forget-me',
  'export-me',
  'help',
  'more',
  'watchparty',
] as const satisfies readonly CommandName[];

const movieId = z.number().int().positive();
/** 1-based position in the reference list; negative counts from the end. */
const position = z
  .number()
  .int()
  .refine((n) => n !== 0, 'positions are 1-based (or negative from the end)');
const halfStar = z
  .number()
  .min(0.5)
  .max(5)
  .refine((n) => Number.isInteger(n * 2), 'stars come in halves');
const year = z.number().int().min(1870).max(2100);
const genre = z.enum(GENRES);
const intent = z.enum(INTENTS);
const bound = z.union([z.number().int().nonnegative(), z.null(), z.literal('$set')]);
const minOrMax = z.enum(['min', 'max']);

const seed = z.union([z.strictObject({ movieId }), z.strictObject({ previousCard: position })]);
const personSpec = z.strictObject({
  name: z.string().min(3),
  exclude: z.boolean().optional(),
  role: z.enum(['actor', 'director']).optional(),
});

const request = z
  .strictObject({
    genres: z.strictObject({ include: z.array(genre).optional(), exclude: z.array(genre).optional() }).nullable(),
    years: z.strictObject({ from: bound.optional(), to: bound.optional() }).nullable(),
    runtime: z.strictObject({ min: bound.optional(), max: bound.optional() }).nullable(),
    people: z.array(personSpec).nullable(),
    similarTo: z.array(seed).nullable(),
    moods: z.array(z.string().min(2)).nullable(),
    excludeMoods: z.array(z.string().min(2)).nullable(),
    language: z
      .string()
      .regex(/^[a-z]{2}$/)
      .nullable(),
    foreign: z.boolean().nullable(),
    limit: z.number().int().positive().nullable(),
    quality: z.enum(['highly_rated', 'hidden_gem', 'popular']).nullable(),
  })
  .partial()
  .refine((r) => Object.keys(r).length > 0, 'an empty request check checks nothing');

const range = (value: z.ZodType<number>) => z.tuple([value.nullable(), value.nullable()]);
const predicates = z
  .strictObject({
    genre,
    yearBetween: range(year),
    runtimeBetween: range(z.number().int().positive()),
    runtimeBelowPrevious: minOrMax,
    yearBelowPrevious: minOrMax,
    yearAbovePrevious: minOrMax,
    language: z.string().regex(/^[a-z]{2}$/),
    person: z.string().min(3),
    movieIdOfPrevious: z.union([position, z.literal('*')]),
    movieId,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'a quantifier needs at least one predicate');

const cards = z
  .strictObject({
    count: z
      .strictObject({ min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional() })
      .refine((c) => c.min !== undefined || c.max !== undefined, 'count needs min or max'),
    all: predicates,
    any: predicates,
    none: predicates,
  })
  .partial()
  .refine((c) => Object.keys(c).length > 0, 'empty cards check');

const target = <T extends z.ZodRawShape>(extra: T) =>
  z.union([z.strictObject({ previousCard: position, ...extra }), z.strictObject({ movieId, ...extra })]);
const marked = target({ as: z.enum(['seen', 'not_interested', 'watchlist']) });
const rated = target({ stars: halfStar });
const oneOrMore = <T extends z.ZodType>(t: T) => z.union([t, z.array(t).min(1)]);

const expectation = z
  .strictObject({
    intent: z.union([intent, z.array(intent).min(2)]),
    request: request.nullable(),
    cards,
    marked: oneOrMore(marked),
    rated: oneOrMore(rated),
    reply: z.union([z.strictObject({ mentionsPreviousCard: position }), z.strictObject({ mentionsMovieId: movieId })]),
  })
  .partial()
  .refine((e) => Object.keys(e).length > 0, 'a turn without checks');

const dialogue = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  kind: z.enum(['refine', 'restart', 'reference']),
  about: z.string().min(10),
  setup: z.strictObject({ ratings: z.record(z.string().regex(/^[1-9]\d*$/), halfStar) }).optional(),
  turns: z
    .array(z.strictObject({ say: z.string().min(1).max(300), expect: expectation }))
    .min(2)
    .max(4),
});
type Dialogue = z.infer<typeof dialogue>;
type Expectation = z.infer<typeof expectation>;

function readDialogues(): { line: number; raw: unknown }[] {
  return readFileSync(corpusFile, 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => text.trim() !== '')
    .map(({ text, line }) => ({ line, raw: JSON.parse(text) as unknown }));
}

function parsed(): Dialogue[] {
  return readDialogues().map(({ raw }) => dialogue.parse(raw));
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Does this expectation need a reference list (an earlier list turn)? */
function usesPrevious(e: Expectation): boolean {
  const preds = [e.cards?.all, e.cards?.any, e.cards?.none].filter((p) => p !== undefined);
  const relative = preds.some(
    (p) =>
      p.movieIdOfPrevious !== undefined ||
      p.runtimeBelowPrevious !== undefined ||
      p.yearBelowPrevious !== undefined ||
      p.yearAbovePrevious !== undefined,
  );
  const targets = [...list(e.marked), ...list(e.rated)].some((t) => 'previousCard' in t);
  const seeds = (e.request?.similarTo ?? []).some((s) => 'previousCard' in s);
  return relative || targets || seeds || (e.reply !== undefined && 'mentionsPreviousCard' in e.reply);
}

/** One check per item, as the README counts them. */
function countChecks(e: Expectation): number {
  let n = 0;
  if (e.intent !== undefined) n++;
  if (e.request === null) n++;
  else if (e.request) n += Object.keys(e.request).length;
  if (e.cards?.count) n++;
  for (const p of [e.cards?.all, e.cards?.any, e.cards?.none]) n += p ? Object.keys(p).length : 0;
  n += list(e.marked).length + list(e.rated).length;
  if (e.reply) n++;
  return n;
}

describe('dialogue corpus format', () => {
  it('every line matches the documented format', () => {
    const problems: string[] = [];
    for (const { line, raw } of readDialogues()) {
      const result = dialogue.safeParse(raw);
      if (!result.success) problems.push(`line ${line}: ${z.prettifyError(result.error).replace(/\n/g, ' ')}`);
    }
    expect(problems).toEqual([]);
  });

  it('has at least 110 dialogues with unique ids, and no first turn refers to a previous list', () => {
    const dialogues = parsed();
    expect(dialogues.length).toBeGreaterThanOrEqual(110);
    expect(new Set(dialogues.map((d) => d.id)).size).toBe(dialogues.length);
    const early = dialogues.filter((d) => usesPrevious(d.turns[0]!.expect)).map((d) => d.id);
    expect(early).toEqual([]);
    const checks = dialogues.reduce((sum, d) => sum + d.turns.reduce((s, t) => s + countChecks(t.expect), 0), 0);
    console.log(`dialogues: ${dialogues.length}, turns: ${dialogues.reduce((s, d) => s + d.turns.length, 0)}, checks: ${checks}`);
    expect(checks).toBeGreaterThan(dialogues.length * 2);
  });

  it.skipIf(!haveData)('names only movies and people the catalogue has', () => {
    const movieIds = new Set(
      readFileSync(path.join(movielensDir, 'movies.csv'), 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => Number(l.slice(0, l.indexOf(','))))
        .filter((n) => Number.isInteger(n) && n > 0),
    );
    const people = new Set<string>();
    for (const l of readFileSync(enrichFile, 'utf8').split('\n')) {
      if (!l.trim()) continue;
      const row = JSON.parse(l) as { directors?: string[] | null; cast?: string[] | null };
      for (const name of [...(row.directors ?? []), ...(row.cast ?? [])]) people.add(name);
    }
    const unknown: string[] = [];
    for (const d of parsed()) {
      for (const id of Object.keys(d.setup?.ratings ?? {})) if (!movieIds.has(Number(id))) unknown.push(`${d.id}: movie ${id}`);
      for (const { expect: e } of d.turns) {
        const ids = [
          ...[e.cards?.all, e.cards?.any, e.cards?.none].map((p) => p?.movieId),
          ...[...list(e.marked), ...list(e.rated), ...(e.request?.similarTo ?? [])].map((t) => ('movieId' in t ? t.movieId : undefined)),
          e.reply && 'mentionsMovieId' in e.reply ? e.reply.mentionsMovieId : undefined,
        ];
        for (const id of ids) if (id !== undefined && !movieIds.has(id)) unknown.push(`${d.id}: movie ${id}`);
        const names = [
          ...(e.request?.people ?? []).map((p) => p.name),
          ...[e.cards?.all, e.cards?.any, e.cards?.none].map((p) => p?.person),
        ];
        for (const name of names) if (name !== undefined && !people.has(name)) unknown.push(`${d.id}: person ${name}`);
      }
    }
    expect(unknown).toEqual([]);
  });
});
