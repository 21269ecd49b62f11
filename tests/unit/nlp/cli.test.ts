import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { preferencesJson, runParse } from '../../../src/nlp/cli.js';
import { emptyPreferences } from '../../../src/nlp/types.js';

const dir = fileURLToPath(new URL('../../fixtures/nlp/ml-mini', import.meta.url));
// a data dir that does not exist: the CLI must not create a database just to parse
const config = loadConfig({ REELMATE_DATA_DIR: fileURLToPath(new URL('../../artifacts/no-such-data-dir', import.meta.url)) });

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('reelmate parse', () => {
  it('prints the contract JSON, fields in the documented order', async () => {
    const c = capture();
    const code = await runParse('something like Inception, 90s, with tom hanks, give me 3, no horror', { json: true, movielens: dir, enrich: `${dir}/enrichment.jsonl` }, config, c.io);
    expect(code).toBe(0);
    expect(c.out).toHaveLength(1);
    const json = JSON.parse(c.out[0]!) as Record<string, unknown>;
    expect(Object.keys(json).slice(0, 8)).toEqual(['genres', 'years', 'people', 'runtime', 'language', 'similarTo', 'moods', 'limit']);
    expect(json).toMatchObject({
      genres: { include: [], exclude: ['Horror'] },
      years: { from: 1990, to: 1999 },
      people: [{ name: 'Tom Hanks', role: 'actor', exclude: false }],
      runtime: null,
      language: null,
      similarTo: [{ movieId: 79132, title: 'Inception (2010)' }],
      moods: [],
      limit: 3,
    });
  });

  it('prints the echo and the intent as text, and says when there is no catalogue', async () => {
    const c = capture();
    expect(await runParse('scary 80s movie', {}, config, c.io)).toBe(0);
    expect(c.out[0]).toBe('Looking for: horror · 1980-1989');
    expect(c.out[1]).toBe('Intent: recommend {"query":"scary 80s movie"}');
    expect(c.err.join('\n')).toMatch(/No catalogue/);
  });

  it('leaves optional fields out of the JSON when empty', () => {
    expect(Object.keys(preferencesJson(emptyPreferences()))).toEqual(['genres', 'years', 'people', 'runtime', 'language', 'similarTo', 'moods', 'limit']);
  });
});
