/**
 * Streaming readers for the MovieLens CSVs (movies, ratings, tags, links) and the enrichment
 * JSONL. Each reader yields the rows of one read chunk at a time (a few tens of thousands at
 * most), so memory stays flat whatever the file size, and every row arrives with its line
 * number, either validated (zod) or as a problem that says what is wrong with it.
 *
 * MovieLens fields never span lines, so a line is a record. A line whose quoting is broken is
 * reported on its own instead of swallowing the rest of the file as one quoted field, which is
 * what a general CSV parser does with a stray quote.
 */
import { createReadStream, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { z } from 'zod';

export type ProblemKind =
  | 'broken_quoting'
  | 'wrong_field_count'
  | 'bad_number'
  | 'rating_out_of_range'
  | 'rating_off_scale'
  | 'invalid_field'
  | 'bad_json'
  | 'unknown_movie'
  | 'duplicate';

export type RowEvent<T> =
  | { ok: true; line: number; value: T }
  | { ok: false; line: number; kind: ProblemKind; message: string; text: string };

export interface ReadOptions {
  /** Called after each chunk with the bytes read so far (for a progress bar). */
  onBytes?: (bytesRead: number) => void;
  /** Read chunk size in bytes (default 256 KiB: ~10k rating rows, a smooth progress bar). */
  chunkBytes?: number;
}

export interface Line {
  line: number;
  text: string;
}

export function fileSize(file: string): number {
  return statSync(file).size;
}

/**
 * Lines of a UTF-8 file, a chunk at a time: BOM stripped, CRLF and LF both accepted, blank
 * lines kept (callers decide what they mean). Line numbers start at 1.
 */
export async function* readLines(file: string, opts: ReadOptions = {}): AsyncGenerator<Line[]> {
  const stream = createReadStream(file, { highWaterMark: opts.chunkBytes ?? 1 << 18 });
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let n = 0;
  const cut = (text: string): string => {
    let t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (n === 1 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    return t;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = carry + decoder.write(chunk);
    const out: Line[] = [];
    let start = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
      n++;
      out.push({ line: n, text: cut(text.slice(start, i)) });
      start = i + 1;
    }
    carry = text.slice(start);
    // Report after the consumer has handled the chunk, so progress means rows done, not read ahead.
    if (out.length) yield out;
    opts.onBytes?.(stream.bytesRead);
  }
  carry += decoder.end();
  if (carry.length) {
    n++;
    yield [{ line: n, text: cut(carry) }];
  }
}

/** Split one CSV record (RFC 4180 quoting, no embedded newlines). null when the quoting is broken. */
export function parseCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q === -1) return null; // unterminated quote
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ',') return null; // text after the closing quote
      i++;
    } else {
      const c = line.indexOf(',', i);
      const value = c === -1 ? line.slice(i) : line.slice(i, c);
      if (value.includes('"')) return null; // a quote inside an unquoted field
      fields.push(value);
      if (c === -1) return fields;
      i = c + 1;
    }
  }
}

// ---- field validators -------------------------------------------------------------------

const MAX_INT = 2 ** 31 - 1;
const wholeNumber = z
  .string()
  .regex(/^\s*\d+\s*$/, 'not a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1').max(MAX_INT, 'too large'));
const epochSeconds = z
  .string()
  .regex(/^\s*-?\d+\s*$/, 'not a whole number')
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .min(-(2 ** 40))
      .max(2 ** 40, 'not a plausible timestamp'),
  );
const ratingValue = z
  .string()
  .regex(/^\s*-?\d+(\.\d+)?\s*$/, 'not a number')
  .transform(Number)
  .pipe(
    z
      .number()
      .min(0.5, 'outside 0.5-5')
      .max(5, 'outside 0.5-5')
      .refine((r) => Number.isInteger(r * 2), 'not on the half-star scale'),
  );
const optionalId = z
  .string()
  .regex(/^\s*\d*\s*$/, 'not a whole number')
  .transform((s) => (s.trim() === '' ? null : Number(s)))
  .pipe(z.number().int().min(1).max(MAX_INT).nullable());

export const movieRowSchema = z.object({
  movieId: wholeNumber,
  title: z.string().trim().min(1, 'empty title'),
  genres: z.string().transform((g) =>
    g.trim() === '' || g.trim() === '(no genres listed)'
      ? []
      : g
          .split('|')
          .map((s) => s.trim())
          .filter(Boolean),
  ),
});
export const ratingRowSchema = z.object({ userId: wholeNumber, movieId: wholeNumber, rating: ratingValue, timestamp: epochSeconds });
export const tagRowSchema = z.object({
  userId: wholeNumber,
  movieId: wholeNumber,
  tag: z.string().trim().min(1, 'empty tag'),
  timestamp: epochSeconds,
});
export const linkRowSchema = z.object({
  movieId: wholeNumber,
  imdbId: z
    .string()
    .regex(/^\s*\d*\s*$/, 'not a number')
    .transform((s) => (s.trim() === '' ? null : s.trim())),
  tmdbId: optionalId,
});

export type MovieRow = z.output<typeof movieRowSchema>;
export type RatingRow = z.output<typeof ratingRowSchema>;
export type TagRow = z.output<typeof tagRowSchema>;
export type LinkRow = z.output<typeof linkRowSchema>;

export interface CsvSpec<T> {
  /** Header columns, in the order MovieLens writes them. */
  columns: readonly string[];
  schema: z.ZodType<T, Record<string, string>>;
  /**
   * Optional shortcut for hot files: returns the row when it is plainly valid, else undefined
   * and the schema decides (and explains). It must accept only rows the schema accepts.
   */
  fast?: (fields: string[]) => T | undefined;
}

export const MOVIES_CSV: CsvSpec<MovieRow> = { columns: ['movieId', 'title', 'genres'], schema: movieRowSchema };
const DIGITS = /^\d{1,10}$/;
const DECIMAL = /^\d(\.\d{1,6})?$/;
const plainId = (s: string): number | undefined => {
  if (!DIGITS.test(s)) return undefined;
  const n = Number(s);
  return n >= 1 && n <= MAX_INT ? n : undefined;
};

/** ratings.csv has up to 32M rows; zod costs a few microseconds a row, this a fraction of one. */
function fastRating(f: string[]): RatingRow | undefined {
  const userId = plainId(f[0]!);
  const movieId = plainId(f[1]!);
  const r = f[2]!;
  const t = f[3]!;
  if (userId === undefined || movieId === undefined || !DECIMAL.test(r) || !DIGITS.test(t)) return undefined;
  const rating = Number(r);
  if (rating < 0.5 || rating > 5 || !Number.isInteger(rating * 2)) return undefined;
  return { userId, movieId, rating, timestamp: Number(t) };
}

export const RATINGS_CSV: CsvSpec<RatingRow> = {
  columns: ['userId', 'movieId', 'rating', 'timestamp'],
  schema: ratingRowSchema,
  fast: fastRating,
};
export const TAGS_CSV: CsvSpec<TagRow> = { columns: ['userId', 'movieId', 'tag', 'timestamp'], schema: tagRowSchema };
export const LINKS_CSV: CsvSpec<LinkRow> = { columns: ['movieId', 'imdbId', 'tmdbId'], schema: linkRowSchema };

/** Classify a zod issue: the kinds the import summary counts. */
function kindOf(issue: z.core.$ZodIssue): ProblemKind {
  const field = String(issue.path[0] ?? '');
  if (field === 'rating') {
    if (issue.code === 'too_small' || issue.code === 'too_big') return 'rating_out_of_range';
    if (issue.code === 'custom') return 'rating_off_scale';
  }
  if (issue.code === 'invalid_format' || issue.code === 'too_small' || issue.code === 'too_big') {
    return field === 'title' || field === 'tag' ? 'invalid_field' : 'bad_number';
  }
  return 'invalid_field';
}

/** Validate one record against a spec; the problem message names the field and the value. */
export function validateRecord<T>(spec: CsvSpec<T>, fields: string[], line: number, text: string): RowEvent<T> {
  if (fields.length !== spec.columns.length) {
    return {
      ok: false,
      line,
      kind: 'wrong_field_count',
      message: `expected ${spec.columns.length} fields, got ${fields.length}`,
      text,
    };
  }
  const quick = spec.fast?.(fields);
  if (quick !== undefined) return { ok: true, line, value: quick };
  const record: Record<string, string> = {};
  spec.columns.forEach((c, i) => (record[c] = fields[i] ?? ''));
  const parsed = spec.schema.safeParse(record);
  if (parsed.success) return { ok: true, line, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  return {
    ok: false,
    line,
    kind: kindOf(issue),
    message: `${field}: ${issue.message} (${JSON.stringify(record[field] ?? '')})`,
    text,
  };
}

/** Header check: the first line must name the spec's columns. */
export function headerMatches(spec: CsvSpec<unknown>, headerLine: string): boolean {
  const fields = parseCsvLine(headerLine.replace(/^\uFEFF/, ''));
  return fields !== null && fields.length === spec.columns.length && fields.every((f, i) => f.trim() === spec.columns[i]);
}

export class HeaderMismatchError extends Error {
  override readonly name = 'HeaderMismatchError';
}

/**
 * Rows of a MovieLens CSV, one chunk at a time. Blank lines are skipped (they are not rows);
 * everything else comes out as a valid row or a problem with its line number. Throws a
 * HeaderMismatchError when the first line is not the expected header: callers check headers
 * first (see the importer's preflight), so reaching it is a bug.
 */
export async function* readCsv<T>(file: string, spec: CsvSpec<T>, opts: ReadOptions = {}): AsyncGenerator<RowEvent<T>[]> {
  for await (const lines of readLines(file, opts)) {
    const out: RowEvent<T>[] = [];
    for (const { line, text } of lines) {
      if (line === 1) {
        if (!headerMatches(spec, text)) {
          throw new HeaderMismatchError(`${file}: expected header "${spec.columns.join(',')}", got "${text.slice(0, 80)}"`);
        }
        continue;
      }
      if (text.trim() === '') continue;
      const fields = parseCsvLine(text);
      if (!fields) {
        out.push({ ok: false, line, kind: 'broken_quoting', message: 'broken quoting', text });
        continue;
      }
      out.push(validateRecord(spec, fields, line, text));
    }
    if (out.length) yield out;
  }
}

// ---- enrichment JSONL -------------------------------------------------------------------

const nullableText = z
  .string()
  .nullish()
  .transform((s) => (s === undefined || s === null || s.trim() === '' ? null : s));
const names = z
  .array(z.string())
  .nullish()
  .transform((a) => a ?? []);

/** One line of movies_enriched.jsonl (see the dataset's SOURCE.md). Unknown keys are ignored. */
export const enrichmentRowSchema = z.object({
  movieId: z.number().int().min(1).max(MAX_INT),
  overview: nullableText,
  directors: names,
  cast: names,
  keywords: names,
  runtime: z
    .number()
    .int()
    .min(1)
    .max(32767)
    .nullish()
    .transform((v) => v ?? null),
  original_language: nullableText,
  release_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD date')
    .nullish()
    .transform((v) => v ?? null),
  vote_average: z
    .number()
    .min(0)
    .max(10)
    .nullish()
    .transform((v) => v ?? null),
  vote_count: z
    .number()
    .int()
    .min(0)
    .max(MAX_INT)
    .nullish()
    .transform((v) => v ?? null),
  popularity: z
    .number()
    .min(0)
    .nullish()
    .transform((v) => v ?? null),
});
export type EnrichmentRow = z.output<typeof enrichmentRowSchema>;

export async function* readEnrichment(file: string, opts: ReadOptions = {}): AsyncGenerator<RowEvent<EnrichmentRow>[]> {
  for await (const lines of readLines(file, opts)) {
    const out: RowEvent<EnrichmentRow>[] = [];
    for (const { line, text } of lines) {
      if (text.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        out.push({ ok: false, line, kind: 'bad_json', message: `not JSON: ${(e as Error).message}`, text });
        continue;
      }
      const parsed = enrichmentRowSchema.safeParse(json);
      if (parsed.success) {
        out.push({ ok: true, line, value: parsed.data });
      } else {
        const issue = parsed.error.issues[0]!;
        out.push({ ok: false, line, kind: 'invalid_field', message: `${issue.path.join('.')}: ${issue.message}`, text });
      }
    }
    if (out.length) yield out;
  }
}
