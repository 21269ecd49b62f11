import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  parseCsvLine,
  RATINGS_CSV,
  ratingRowSchema,
  readCsv,
  readEnrichment,
  readLines,
  validateRecord,
  MOVIES_CSV,
  type RowEvent,
} from '../../../src/catalog/movielens-csv.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'reelmate-csv-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(scratch, name);
  writeFileSync(file, content);
  return file;
}

async function collect<T>(gen: AsyncGenerator<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of gen) out.push(...chunk);
  return out;
}

describe('parseCsvLine', () => {
  it('splits plain and quoted fields', () => {
    expect(parseCsvLine('1,Toy Story (1995),Comedy')).toEqual(['1', 'Toy Story (1995)', 'Comedy']);
    expect(parseCsvLine('2,"Matrix, The (1999)",Action')).toEqual(['2', 'Matrix, The (1999)', 'Action']);
    expect(parseCsvLine('3,"Say ""Hi"" (2000)",')).toEqual(['3', 'Say "Hi" (2000)', '']);
    expect(parseCsvLine('"a","b"')).toEqual(['a', 'b']);
    expect(parseCsvLine(',,')).toEqual(['', '', '']);
  });

  it('returns null for broken quoting instead of guessing', () => {
    expect(parseCsvLine('1,"unterminated,Drama')).toBeNull();
    expect(parseCsvLine('1,"closed"junk,Drama')).toBeNull();
    expect(parseCsvLine('1,half"quoted,Drama')).toBeNull();
  });
});

describe('validateRecord', () => {
  const rating = (fields: string[]): RowEvent<unknown> => validateRecord(RATINGS_CSV, fields, 5, fields.join(','));

  it('accepts half-star ratings and whole-number ids', () => {
    expect(rating(['1', '2', '3.5', '964982703'])).toEqual({
      ok: true,
      line: 5,
      value: { userId: 1, movieId: 2, rating: 3.5, timestamp: 964982703 },
    });
    expect(rating(['1', '2', '5', '0'])).toMatchObject({ ok: true });
    expect(rating(['1', '2', '0.5', '0'])).toMatchObject({ ok: true });
  });

  it.each([
    [['1', '2', '5.5', '1'], 'rating_out_of_range'],
    [['1', '2', '0.0', '1'], 'rating_out_of_range'],
    [['1', '2', '-2', '1'], 'rating_out_of_range'],
    [['1', '2', '2.25', '1'], 'rating_off_scale'],
    [['1', '2', 'NaN', '1'], 'bad_number'],
    [['1', '2', '', '1'], 'bad_number'],
    [['0', '2', '3', '1'], 'bad_number'],
    [['1', '2.5', '3', '1'], 'bad_number'],
    [['1', '99999999999', '3', '1'], 'bad_number'],
    [['1', '2', '3', '12:00'], 'bad_number'],
    [['1', '2', '3'], 'wrong_field_count'],
  ])('%j -> %s', (fields, kind) => {
    expect(rating(fields)).toMatchObject({ ok: false, line: 5, kind });
  });

  it('the ratings shortcut accepts only what the schema accepts, with the same values', () => {
    const samples = [
      '1',
      '0',
      '01',
      '2147483647',
      '2147483648',
      '3.5',
      '3.25',
      '5.0',
      '5.5',
      '0.5',
      '0.0',
      '-1',
      ' 4',
      '4 ',
      '1e3',
      '',
      'x',
    ];
    let accepted = 0;
    for (const a of samples.slice(0, 6)) {
      for (const r of samples) {
        for (const t of ['964982703', '0', '-5', '1.5']) {
          const fields = [a, '7', r, t];
          const quick = RATINGS_CSV.fast!(fields);
          const full = ratingRowSchema.safeParse({ userId: a, movieId: '7', rating: r, timestamp: t });
          if (quick !== undefined) {
            accepted++;
            expect(full.success && full.data).toEqual(quick);
          }
        }
      }
    }
    expect(accepted).toBeGreaterThan(10);
  });

  it('maps "(no genres listed)" to no genres', () => {
    expect(validateRecord(MOVIES_CSV, ['6', 'Babylon 5', '(no genres listed)'], 2, '')).toMatchObject({
      ok: true,
      value: { movieId: 6, genres: [] },
    });
  });
});

describe('readLines', () => {
  it('strips a BOM, accepts CRLF and keeps line numbers across tiny chunks and multi-byte characters', async () => {
    const text = 'movieId,title\r\n1,Cité des enfants perdus\r\n\r\n2,Amélie 🎬\r\n3,last without newline';
    const file = write('lines.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    const expected = [
      { line: 1, text: 'movieId,title' },
      { line: 2, text: '1,Cité des enfants perdus' },
      { line: 3, text: '' },
      { line: 4, text: '2,Amélie 🎬' },
      { line: 5, text: '3,last without newline' },
    ];
    for (const chunkBytes of [1, 3, 7, 1 << 20]) {
      const bytes: number[] = [];
      expect(await collect(readLines(file, { chunkBytes, onBytes: (b) => bytes.push(b) }))).toEqual(expected);
      expect(bytes.at(-1)).toBe(Buffer.byteLength(text) + 3);
    }
  });
});

describe('readCsv and readEnrichment', () => {
  it('yields valid rows and problems, and skips blank lines', async () => {
    const file = write('ratings.csv', 'userId,movieId,rating,timestamp\n1,1,4.0,1\n\n1,2,9,2\n1,"3,4,5\n');
    const events = await collect(readCsv(file, RATINGS_CSV));
    expect(events.map((e) => (e.ok ? [e.line, 'ok'] : [e.line, e.kind]))).toEqual([
      [2, 'ok'],
      [4, 'rating_out_of_range'],
      [5, 'broken_quoting'],
    ]);
  });

  it('throws on a wrong header (the importer checks headers first)', async () => {
    const file = write('bad-header.csv', 'user,movie,rating\n1,1,4\n');
    await expect(collect(readCsv(file, RATINGS_CSV))).rejects.toThrow(/expected header/);
  });

  it('validates enrichment lines', async () => {
    const file = write(
      'e.jsonl',
      [
        '{"movieId": 1, "overview": "", "directors": ["A"], "cast": [], "keywords": null, "runtime": 81, "release_date": "1995-10-30", "vote_average": 7.7, "vote_count": 5, "popularity": 1.5, "original_language": "en"}',
        '{"movieId": "1"}',
        '{oops',
      ].join('\n'),
    );
    const events = await collect(readEnrichment(file));
    expect(events[0]).toMatchObject({
      ok: true,
      value: { movieId: 1, overview: null, directors: ['A'], keywords: [], runtime: 81, release_date: '1995-10-30' },
    });
    expect(events.slice(1).map((e) => (e.ok ? 'ok' : e.kind))).toEqual(['invalid_field', 'bad_json']);
  });
});
